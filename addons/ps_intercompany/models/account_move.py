# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    ps_ic_agreement_id = fields.Many2one(
        "ps.intercompany.agreement",
        string="Intercompany Agreement",
        index=True,
        copy=False,
        readonly=True,
    )
    ps_ic_run_id = fields.Many2one(
        "ps.intercompany.run", string="Intercompany Run", index=True, copy=False, readonly=True
    )
    ps_ic_mirror_id = fields.Many2one(
        "account.move",
        string="Mirrored Document",
        index=True,
        copy=False,
        readonly=True,
        help="The other entity's side of this intercompany charge: the bill "
        "of an invoice, the invoice of a bill.",
    )

    @api.model
    def _ps_ic_documents_action(self, domain):
        """The list of intercompany documents matching ``domain``."""
        return {
            "type": "ir.actions.act_window",
            "name": _("Intercompany Documents"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": domain,
        }

    def _ps_ic_release_time(self):
        """Time charged on these intercompany documents is to charge again."""
        traces = (
            self.env["ps.intercompany.trace"]
            .sudo()
            .search(["|", ("move_id", "in", self.ids), ("bill_id", "in", self.ids)])
        )
        traces.timesheet_id.sudo().write({"ps_ic_to_charge": True})

    def _ps_ic_mirrors_to_cancel(self):
        # read as superuser: the mirror is the other entity's
        return (
            self.sudo()
            .filtered("ps_ic_agreement_id")
            .ps_ic_mirror_id.filtered(lambda m: m.state != "cancel" and m not in self)
        )

    def button_cancel(self):
        """Cancelling one side of an intercompany charge cancels the other:
        the charge is one, and its time is released to be charged again.
        The mirror is the other entity's document; it is cancelled as
        superuser, deliberately and only this, with a note naming who
        cancelled the first side."""
        mirrors = self._ps_ic_mirrors_to_cancel()
        self.filtered("ps_ic_agreement_id")._ps_ic_release_time()
        result = super().button_cancel()
        for mirror in mirrors:
            mirror.button_cancel()
            # by the system, as the cancelling user may have no e-mail; who
            # cancelled is in the text
            mirror.message_post(
                author_id=self.env.ref("base.partner_root").id,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                body=_(
                    "Cancelled with its intercompany counterpart %(doc)s by %(user)s.",
                    doc=mirror.ps_ic_mirror_id.name,
                    user=self.env.user.name,
                ),
            )
        return result

    def unlink(self):
        self.filtered("ps_ic_agreement_id")._ps_ic_release_time()
        return super().unlink()


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    ps_ic_trace_ids = fields.One2many(
        "ps.intercompany.trace", "move_line_id", string="Intercompany Traces"
    )
