# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.ps_billing_rules.pure import kinds


class PsIntercompanyTrace(models.Model):
    """What one line of an intercompany invoice (and its mirrored bill line)
    charges of one time entry: hours, amount, transfer rate.

    The audit trail from the time entry to both documents, and the memory of
    what was charged: an entry is charged for what it is worth now minus its
    traces on documents that are not cancelled. Written by intercompany runs
    only; users of either entity read it (it shows what the documents show:
    consultant, day, hours, rate).
    """

    _name = "ps.intercompany.trace"
    _description = "Intercompany Trace"
    _order = "id"

    agreement_id = fields.Many2one(
        "ps.intercompany.agreement", required=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        related="agreement_id.provider_company_id", string="Provider Entity", store=True
    )
    receiver_company_id = fields.Many2one(
        related="agreement_id.receiver_company_id", string="Receiver Entity", store=True
    )
    move_line_id = fields.Many2one(
        "account.move.line", string="Invoice Line", required=True, index=True, ondelete="cascade"
    )
    move_id = fields.Many2one(
        related="move_line_id.move_id", string="Invoice", store=True, index=True
    )
    move_state = fields.Selection(related="move_line_id.parent_state", store=True)
    bill_line_id = fields.Many2one("account.move.line", index=True, ondelete="set null")
    bill_id = fields.Many2one(related="bill_line_id.move_id", string="Bill", store=True)
    kind = fields.Selection([(kinds.TIME, "Time"), (kinds.ADJUSTMENT, "Adjustment")], required=True)
    timesheet_id = fields.Many2one(
        "account.analytic.line", required=True, index=True, ondelete="restrict"
    )
    employee_id = fields.Many2one(related="timesheet_id.employee_id", store=True)
    date = fields.Date(related="timesheet_id.date", store=True)
    hours = fields.Float(digits=(16, 2))
    amount = fields.Float(digits=(16, 2), help="In the agreement's currency.")
    rate = fields.Float(digits=(16, 2))
    rate_level = fields.Char(help="What gave the transfer rate.")
