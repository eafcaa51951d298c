# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.ps_billing_writeoff import REASONS


class PsBillingAdjustWizard(models.TransientModel):
    """Adjust a line of an invoice proposal up or down, with a reason: asks
    for a write-off (down) or write-up (up) that an accounting manager
    approves; approved, it is added to the proposal while it is a draft."""

    _name = "ps.billing.adjust.wizard"
    _description = "Adjust a Proposal Line"

    move_line_id = fields.Many2one(
        "account.move.line", string="Proposal Line", required=True, ondelete="cascade"
    )
    move_id = fields.Many2one(related="move_line_id.move_id", string="Invoice Proposal")
    engagement_id = fields.Many2one(related="move_line_id.move_id.ps_engagement_id")
    currency_id = fields.Many2one(related="move_line_id.currency_id")
    line_amount = fields.Monetary(
        related="move_line_id.price_subtotal", string="Line Amount", currency_field="currency_id"
    )
    direction = fields.Selection(
        [("down", "Write-off (bill less)"), ("up", "Write-up (bill more)")],
        default="down",
        required=True,
    )
    amount = fields.Monetary(required=True, currency_field="currency_id")
    reason = fields.Selection(REASONS, required=True)
    note = fields.Char(string="Explanation", required=True)

    @api.constrains("amount")
    def _check_amount(self):
        for wizard in self:
            if wizard.amount <= 0:
                raise UserError(_("Adjust by a positive amount; choose up or down."))

    def action_confirm(self):
        """The adjustment, to approve (as the caller: invoicing users ask)."""
        self.ensure_one()
        move = self.move_line_id.move_id
        move._ps_check_proposals()
        if self.move_line_id.display_type != "product":
            raise UserError(_("Only the invoice lines of a proposal are adjusted."))
        self.env["ps.billing.writeoff"].create(
            {
                "engagement_id": move.ps_engagement_id.id,
                "direction": self.direction,
                "reason": self.reason,
                "note": f"{self.move_line_id.name or ''}: {self.note}".strip(": "),
                "amount": self.amount,
                "move_id": move.id,
                "adjusted_line_id": self.move_line_id.id,
            }
        )
        return {"type": "ir.actions.act_window_close"}
