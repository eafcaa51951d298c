# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HrEmployee(models.Model):
    """Private HR data (groups ``hr.group_hr_user``, as Odoo's own private
    employee fields): without the group these fields are neither read nor
    prefetched, so a user without HR rights can still read a person's public
    fields (the name on a cost rate's error) through ``hr.employee.public``."""

    _inherit = "hr.employee"

    ps_employment_type = fields.Selection(
        [("employee", "Employee"), ("contractor", "Contractor")],
        string="Employment Type",
        default="employee",
        required=True,
        groups="hr.group_hr_user",
        help="A contractor is a subcontractor's consultant: their cost rate is the "
        "buy rate, and their approved hours are billed by the vendor.",
    )
    ps_vendor_id = fields.Many2one(
        "res.partner",
        string="Subcontractor Vendor",
        groups="hr.group_hr_user",
        help="The vendor who bills this contractor's hours.",
    )
    ps_cost_rate_ids = fields.One2many(
        "ps.cost.rate",
        "employee_id",
        string="Cost Rates",
        groups="ps_costing.group_cost_rate_reader",
    )
    ps_start_date = fields.Date(
        string="Start Date", groups="hr.group_hr_user", help="First day with the firm."
    )
    ps_weekly_hours = fields.Float(
        string="Weekly Capacity (h)",
        groups="hr.group_hr_user",
        help="Hours a week this person is available; empty: the working schedule's.",
    )

    def _ps_hourly_cost_at(self, day):
        """The rate in force on ``day`` (effective-dated cost rates); the
        flat ``hourly_cost`` when the person has no rate at all."""
        self.ensure_one()
        rate = self.env["ps.cost.rate"]._rate_at(self, day)
        if rate:
            return rate.hourly_cost, rate.currency_id
        if self.sudo().ps_cost_rate_ids:
            # rates exist, none on that day: no cost known
            return None, self.currency_id
        return super()._ps_hourly_cost_at(day)

    def _ps_cost_kind(self):
        self.ensure_one()
        return "subcontractor" if self.sudo().ps_employment_type == "contractor" else "employee"
