# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models


class PsBillingRunLine(models.Model):
    """One engagement of a billing run: its job, its outcome, its proposal."""

    _name = "ps.billing.run.line"
    _inherit = ["ps.engagement.run.line.mixin"]
    _description = "Billing Run Engagement"

    run_id = fields.Many2one("ps.billing.run", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("done", "Invoice proposed"),
            ("settled", "Recorded, no invoice"),
            ("nothing", "Nothing to bill"),
            ("failed", "Failed"),
        ],
        default="queued",
        required=True,
    )
    move_id = fields.Many2one(string="Invoice Proposal")

    def _enqueue(self):
        self._enqueue_jobs(
            "root.ps_billing",
            "_run_billing",
            lambda line: _(
                "Bill %(eng)s up to %(date)s",
                eng=line.engagement_id.display_name,
                date=line.run_id.date_to,
            ),
        )

    def _state_of(self, move):
        # a billing that nets to zero is a posted entry: nothing to review
        return "settled" if move.move_type == "entry" else "done"

    def _run_billing(self):
        """Job: make one engagement's invoice proposal for the run's period.

        Private: not an RPC endpoint; queue_job runs it.

        A business refusal (missing rate, locked period, closed engagement) is
        recorded on the line and not retried; the rest of the run goes on.
        """
        self.ensure_one()
        message = self._perform(
            lambda: self.engagement_id._bill(self.run_id.date_to, run=self.run_id)
        )
        return message or (self.move_id.display_name if self.move_id else "nothing to bill")
