# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..billing_model import KIND as EXPENSE


class PsBillingTrace(models.Model):
    _inherit = "ps.billing.trace"

    kind = fields.Selection(selection_add=[(EXPENSE, "Expense")], ondelete={EXPENSE: "cascade"})
    expense_id = fields.Many2one("hr.expense", index="btree_not_null", ondelete="restrict")
