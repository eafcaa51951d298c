# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError

from odoo.addons.ps_billing_rules.models.account_analytic_line import BILLING_FIELDS

#: a change to one of these changes what an entry costs
COST_FIELDS = ("unit_amount", "employee_id", "account_id", "date")


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    ps_cost_rate_id = fields.Many2one(
        "ps.cost.rate",
        string="Cost Rate",
        index="btree_not_null",
        ondelete="restrict",
        copy=False,
        readonly=True,
        groups="ps_costing.group_cost_rate_reader",
        help="The cost rate in force on the entry's date, which costed it.",
    )
    ps_cost_kind = fields.Selection(
        [("employee", "Employee"), ("subcontractor", "Subcontractor")],
        string="Cost Kind",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="Whose time this is: an employee's (cost of time) or a "
        "subcontractor's (their buy cost, billed by their vendor).",
    )
    ps_subcontract_trace_ids = fields.One2many(
        "ps.subcontract.trace", "timesheet_id", string="Vendor Bill Lines"
    )
    ps_vendor_to_bill = fields.Boolean(
        string="To Bill by the Vendor",
        default=True,
        index=True,
        copy=False,
        help="Subcontractor time changed since its vendor was last billed for it: the "
        "next subcontractor run bills it, or the difference (an adjustment).",
    )

    def write(self, vals):
        if "ps_vendor_to_bill" in vals and not self.env.su:
            raise UserError(_("Only subcontractor runs mark time billed by its vendor."))
        if BILLING_FIELDS & set(vals) and "ps_vendor_to_bill" not in vals:
            vals = dict(vals, ps_vendor_to_bill=True)
        return super().write(vals)

    def _ps_buy_cost(self):
        """``(hours, amount, currency)`` the vendor bills for this
        subcontractor entry now: its approved hours at the buy rate in force
        on its date, in the rate's currency (nothing when not approved)."""
        self.ensure_one()
        rate = self.env["ps.cost.rate"]._rate_at(self.employee_id, self.date)
        if self.ps_status != "approved":
            return 0.0, 0.0, rate.currency_id or self.company_id.currency_id
        if not rate:
            raise UserError(
                _(
                    "%(emp)s has no buy rate on %(day)s: add the subcontractor's cost rate.",
                    emp=self.employee_id.name,
                    day=self.date,
                )
            )
        hours = self.unit_amount
        return hours, rate.currency_id.round(hours * rate.hourly_cost), rate.currency_id

    def _hourly_cost(self):
        """The cost of one hour of the entry's employee on the entry's date,
        in the employee's currency (hr_timesheet converts it to the
        account's): the cost rate in force on that date, converted at it."""
        self.ensure_one()
        rate = self.env["ps.cost.rate"]._rate_at(self.employee_id, self.date)
        if not rate:
            if self.employee_id.sudo().ps_cost_rate_ids:
                return 0.0
            return super()._hourly_cost()
        target = self.employee_id.currency_id or rate.company_id.currency_id
        return rate.currency_id._convert(
            rate.hourly_cost, target, rate.company_id or self.env.company, self.date, round=False
        )

    def _timesheet_postprocess_values(self, values):
        if "date" in values and not any(f in values for f in COST_FIELDS[:3]):
            # the day decides the rate: a moved entry is costed again
            values = dict(values, unit_amount=True)
        return super()._timesheet_postprocess_values(values)

    def _ps_postprocess_more(self, values, result):
        res = super()._ps_postprocess_more(values, result)
        if any(f in values for f in COST_FIELDS):
            for line in self.sudo():
                if line.project_id and line.employee_id:
                    result[line.id].update(line._ps_cost_source())
        return res

    def _ps_cost_source(self):
        """Which rate and kind of cost the entry is costed with."""
        self.ensure_one()
        rate = self.env["ps.cost.rate"]._rate_at(self.employee_id, self.date)
        return {"ps_cost_rate_id": rate.id, "ps_cost_kind": self.employee_id._ps_cost_kind()}

    def _ps_recost(self):
        """Cost these entries again at the rates in force on their dates
        (the caller keeps locked periods out)."""
        for line in self.sudo():
            line._timesheet_postprocess({"unit_amount": line.unit_amount})
        # a buy rate changed after the vendor billed: the difference is billed
        self.sudo().filtered(lambda line: line.ps_cost_kind == "subcontractor").write(
            {"ps_vendor_to_bill": True}
        )
