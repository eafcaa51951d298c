# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

#: what a person's capacity is computed from, besides time off
CAPACITY_FIELDS = {"ps_start_date", "departure_date", "resource_calendar_id"}


class HrEmployee(models.Model):
    """A new start or departure date (or working schedule) computes again
    the capacity of the months already computed for the person."""

    _inherit = "hr.employee"

    def write(self, vals):
        res = super().write(vals)
        if CAPACITY_FIELDS & set(vals):
            Capacity = self.env["ps.analytics.capacity"].sudo()
            rows = Capacity.search([("employee_id", "in", self.ids)])
            for employee in self:
                months = rows.filtered(lambda r, e=employee: r.employee_id == e).mapped("date")
                if months:
                    Capacity._ps_refresh(employee.sudo(), min(months), max(months))
        return res
