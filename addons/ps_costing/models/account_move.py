# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    ps_subcontract_run_id = fields.Many2one(
        "ps.subcontract.run", string="Subcontractor Run", index=True, copy=False, readonly=True
    )
    ps_subcontract_trace_ids = fields.One2many(
        "ps.subcontract.trace", "move_id", string="Subcontracted Hours"
    )

    def _ps_release_time(self):
        """Expenses and subcontractor hours billed on these moves become
        billable again (their traces stop counting once the move is cancelled
        or deleted)."""
        res = super()._ps_release_time()
        traces = (
            self.env["ps.billing.trace"]
            .sudo()
            .search([("move_id", "in", self.ids), ("expense_id", "!=", False)])
        )
        traces.expense_id.sudo().write({"ps_to_bill": True})
        vendor = self.env["ps.subcontract.trace"].sudo().search([("move_id", "in", self.ids)])
        vendor.timesheet_id.sudo().write({"ps_vendor_to_bill": True})
        return res

    def button_draft(self):
        # a cancelled bill released its hours, which later runs may have billed
        # again: bringing it back would bill them twice
        if self.filtered(lambda m: m.state == "cancel" and m.sudo().ps_subcontract_trace_ids):
            raise UserError(
                _(
                    "A cancelled subcontractor bill released its hours to the next run; "
                    "it cannot be brought back. Start a subcontractor run instead."
                )
            )
        return super().button_draft()
