# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

#: trace kind of a re-invoiced expense
EXPENSE = "expense"


class PsBillingTrace(models.Model):
    _inherit = "ps.billing.trace"

    kind = fields.Selection(selection_add=[(EXPENSE, "Expense")], ondelete={EXPENSE: "cascade"})
    expense_id = fields.Many2one("hr.expense", index="btree_not_null", ondelete="restrict")
