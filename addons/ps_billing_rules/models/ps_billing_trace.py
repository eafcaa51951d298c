# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..pure import kinds


class PsBillingTrace(models.Model):
    """What one invoice line bills of one source: a time entry's hours and
    amount, a schedule line, a milestone, a write-off, a retainer drawdown.

    The audit trail from the source record to the invoice, and the memory of
    what was billed: a time entry is billed for the difference between what it
    is worth now and the sum of its traces on live invoices.
    """

    _name = "ps.billing.trace"
    _description = "Billing Trace"
    _order = "id"

    move_line_id = fields.Many2one(
        "account.move.line", required=True, ondelete="cascade", index=True
    )
    move_id = fields.Many2one(related="move_line_id.move_id", store=True, index=True)
    move_state = fields.Selection(related="move_line_id.parent_state", store=True)
    engagement_id = fields.Many2one("ps.engagement", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="engagement_id.company_id", store=True)
    kind = fields.Selection(
        [
            (kinds.TIME, "Time"),
            (kinds.OVER, "Time over the cap"),
            (kinds.ADJUSTMENT, "Adjustment"),
            (kinds.WRITEOFF, "Write-off"),
            (kinds.FIXED, "Fixed fee"),
            (kinds.MILESTONE, "Milestone"),
            (kinds.RETAINER, "Retainer drawdown"),
        ],
        required=True,
    )
    timesheet_id = fields.Many2one("account.analytic.line", index=True, ondelete="restrict")
    hours = fields.Float(digits=(16, 2))
    amount = fields.Float(digits=(16, 2))
    rate = fields.Float(digits=(16, 2))
    rate_level = fields.Char(help="Which rate card rule gave the rate.")
