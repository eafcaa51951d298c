# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..pure import kinds


class PsEngagementSchedule(models.Model):
    """A fixed amount billed on a date: a fixed-fee instalment or a retainer
    prepayment (initial or top-up)."""

    _name = "ps.engagement.schedule"
    _description = "Engagement Billing Schedule Line"
    _inherit = ["ps.billing.invoiced.mixin", "ps.engagement.part.mixin"]
    _order = "engagement_id, date, id"

    kind = fields.Selection(
        [(kinds.SCHEDULE_FIXED, "Fixed fee"), (kinds.SCHEDULE_RETAINER, "Retainer prepayment")],
        required=True,
        default=kinds.SCHEDULE_FIXED,
    )
    date = fields.Date(
        required=True, help="Billed by the first run whose period ends on or after it."
    )
    name = fields.Char(string="Description", required=True)
    amount = fields.Monetary(required=True, currency_field="currency_id")
    invoice_line_id = fields.Many2one(
        "account.move.line", copy=False, ondelete="set null", readonly=True
    )
    billed = fields.Boolean(compute="_compute_billed", store=True)

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A scheduled amount must be positive.")
    ]

    @api.depends("invoice_line_id", "invoice_line_id.parent_state")
    def _compute_billed(self):
        for line in self:
            line.billed = (
                bool(line.invoice_line_id) and line.invoice_line_id.parent_state != "cancel"
            )
