# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError


class PsIntercompanyRunLine(models.Model):
    """One receiver of an intercompany run: its agreement, its job, its
    outcome, its two documents and their amounts in each entity's currency."""

    _name = "ps.intercompany.run.line"
    _inherit = ["ps.engagement.run.line.mixin"]
    _description = "Intercompany Run Agreement"

    run_id = fields.Many2one("ps.intercompany.run", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    receiver_company_id = fields.Many2one("res.company", string="Receiver Entity", required=True)
    agreement_id = fields.Many2one("ps.intercompany.agreement", ondelete="restrict")
    # the mixin's engagement: an intercompany line charges an agreement
    engagement_id = fields.Many2one(required=False)
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("done", "Charged"),
            ("nothing", "Nothing to charge"),
            ("failed", "Failed"),
        ],
        default="queued",
        required=True,
    )
    move_id = fields.Many2one(string="Invoice")
    bill_id = fields.Many2one(related="move_id.ps_ic_mirror_id", string="Mirrored Bill")
    currency_id = fields.Many2one(related="move_id.currency_id", string="Document Currency")
    amount = fields.Monetary(related="move_id.amount_total", string="Amount")
    amount_provider = fields.Monetary(
        related="move_id.amount_total_signed",
        currency_field="provider_currency_id",
        string="Amount (provider)",
    )
    provider_currency_id = fields.Many2one(
        related="move_id.company_currency_id", string="Provider Currency"
    )
    amount_receiver = fields.Monetary(
        compute="_compute_amount_receiver",
        currency_field="receiver_currency_id",
        string="Amount (receiver)",
    )
    receiver_currency_id = fields.Many2one(
        related="receiver_company_id.currency_id", string="Receiver Currency"
    )

    def _compute_amount_receiver(self):
        # the bill is the receiver's: read as superuser for the provider's users
        for line in self:
            line.amount_receiver = -line.sudo().bill_id.amount_total_signed

    def _enqueue(self):
        self._enqueue_jobs(
            "root.ps_intercompany",
            "_run_charge",
            lambda line: _(
                "Charge %(receiver)s for %(provider)s's time up to %(date)s",
                receiver=line.receiver_company_id.name,
                provider=line.company_id.name,
                date=line.run_id.date_to,
            ),
        )

    def _run_charge(self):
        """Job: charge one receiver for the run's period (both documents, or
        neither). Private: not an RPC endpoint; queue_job runs it.

        A refusal (no agreement, no rate, locked period, partner or currency
        rate missing) is recorded on the line and not retried; the rest of
        the run goes on.
        """
        self.ensure_one()
        message = self._perform(self._charge)
        return message or (self.move_id.display_name if self.move_id else "nothing to charge")

    def _charge(self):
        if not self.agreement_id:
            provider, receiver = self.company_id, self.receiver_company_id
            raise UserError(
                _(
                    "No intercompany agreement between %(provider)s (provider) and "
                    "%(receiver)s (receiver): their cross-entity time cannot be charged.",
                    provider=provider.name,
                    receiver=receiver.name,
                )
            )
        return self.agreement_id._ps_ic_charge(self.run_id.date_to, run=self.run_id)

    def _related_action_agreement(self):
        """Related action of the line's job: open the agreement it charges."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Intercompany Agreement"),
            "res_model": "ps.intercompany.agreement",
            "res_id": self.agreement_id.id,
            "view_mode": "form",
        }
