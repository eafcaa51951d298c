# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    ps_revenue_run_id = fields.Many2one(
        "ps.revenue.run", string="Recognition Run", index=True, copy=False, readonly=True
    )
    ps_revenue_entry = fields.Boolean(
        string="Revenue Recognition Entry", copy=False, readonly=True, index=True
    )
    ps_revenue_reversal = fields.Boolean(
        string="Reverses a Recognition Entry", copy=False, readonly=True
    )

    def button_draft(self):
        # a recognition entry is undone by reversing its run, never by editing
        # it: resetting it to draft would rewrite what a period reported
        if any(move.ps_revenue_entry for move in self) and not self.env.context.get(
            "ps_revenue_allow_draft"
        ):
            raise UserError(
                _(
                    "A revenue recognition entry cannot be reset to draft: reverse its "
                    "recognition run instead (the reversal is dated in the same open period)."
                )
            )
        return super().button_draft()
