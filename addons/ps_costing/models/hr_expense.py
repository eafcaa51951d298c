# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError

#: a change to one of these makes a billable expense worth billing (again)
BILLING_FIELDS = {
    "total_amount_currency",
    "total_amount",
    "currency_id",
    "date",
    "ps_billable",
    "ps_engagement_id",
    "product_id",
    "quantity",
    "price_unit",
}


class HrExpense(models.Model):
    _inherit = "hr.expense"

    ps_engagement_id = fields.Many2one(
        "ps.engagement",
        string="Engagement",
        index=True,
        check_company=True,
        help="The engagement the expense was incurred for: its cost, and, when "
        "billable, re-invoiced to its customer by the billing run.",
    )
    ps_billable = fields.Boolean(
        string="Billable to Customer",
        help="Re-invoiced to the engagement's customer by the next billing run, at "
        "cost or with the engagement's expense markup.",
    )
    ps_external_ref = fields.Char(
        string="Receipt Reference",
        index="btree_not_null",
        help="The receipt's id in the expense tool.",
    )
    ps_to_bill = fields.Boolean(
        string="To Bill",
        default=True,
        index=True,
        copy=False,
        help="Changed since it was last billed: the next run bills it, or the "
        "difference with what was billed (an adjustment).",
    )
    ps_trace_ids = fields.One2many("ps.billing.trace", "expense_id", string="Billed On")
    ps_billed_amount = fields.Float(compute="_compute_ps_billed", string="Billed Amount")

    @api.depends("ps_trace_ids.amount", "ps_trace_ids.move_state")
    def _compute_ps_billed(self):
        for expense in self:
            traces = expense.sudo().ps_trace_ids.filtered(lambda t: t.move_state != "cancel")
            expense.ps_billed_amount = sum(traces.mapped("amount"))

    def write(self, vals):
        if "ps_to_bill" in vals and not self.env.su:
            raise AccessError(_("Only billing runs mark expenses billed."))
        if BILLING_FIELDS & set(vals) and "ps_to_bill" not in vals:
            vals = dict(vals, ps_to_bill=True)
        return super().write(vals)
