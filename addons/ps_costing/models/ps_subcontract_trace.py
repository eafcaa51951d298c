# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PsSubcontractTrace(models.Model):
    """What one vendor bill line bills of one subcontractor time entry: its
    hours and their buy cost. The memory of what a vendor was billed for:
    an entry is billed for the difference between its cost now and its
    traces on live bills, so each hour is billed once; a cancelled bill
    releases its hours."""

    _name = "ps.subcontract.trace"
    _description = "Subcontractor Bill Trace"
    _order = "id"

    timesheet_id = fields.Many2one(
        "account.analytic.line", required=True, index=True, ondelete="restrict"
    )
    move_line_id = fields.Many2one(
        "account.move.line", required=True, index=True, ondelete="cascade"
    )
    move_id = fields.Many2one(related="move_line_id.move_id", store=True, index=True)
    move_state = fields.Selection(related="move_line_id.parent_state", store=True)
    engagement_id = fields.Many2one("ps.engagement", index=True, ondelete="restrict")
    employee_id = fields.Many2one(related="timesheet_id.employee_id", store=True)
    vendor_id = fields.Many2one("res.partner", index=True, ondelete="restrict")
    company_id = fields.Many2one("res.company", required=True, index=True)
    run_id = fields.Many2one("ps.subcontract.run", index=True, ondelete="set null")
    hours = fields.Float(digits=(16, 2))
    amount = fields.Float(digits=(16, 2), help="Buy cost billed, in the bill's currency.")
    is_adjustment = fields.Boolean(
        help="Bills the difference of an entry that changed after it was billed."
    )
