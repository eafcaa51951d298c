# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    """Time off changes capacity: a validated leave (Odoo writes one of
    these when time off is validated, and deletes it when it is refused) or
    a public holiday (one with no resource) computes again the capacity of
    the months it touches, for the people it concerns."""

    _inherit = "resource.calendar.leaves"

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._ps_refresh_capacity()
        return leaves

    def write(self, vals):
        before = [(leave.date_from, leave.date_to) for leave in self]
        res = super().write(vals)
        if {"date_from", "date_to", "resource_id", "calendar_id", "time_type"} & set(vals):
            self._ps_refresh_capacity(before)
        return res

    def unlink(self):
        spans = [(leave, leave.date_from, leave.date_to) for leave in self]
        people = {leave.id: leave._ps_concerned_employees() for leave in self}
        res = super().unlink()
        Capacity = self.env["ps.analytics.capacity"].sudo()
        for leave, date_from, date_to in spans:
            Capacity._ps_refresh(people[leave.id], date_from.date(), date_to.date())
        return res

    def _ps_concerned_employees(self):
        self.ensure_one()
        Employee = self.env["hr.employee"].sudo()
        if self.resource_id:
            return Employee.search([("resource_id", "=", self.resource_id.id)])
        domain = [("company_id", "=", self.company_id.id)] if self.company_id else []
        if self.calendar_id:
            domain.append(("resource_calendar_id", "=", self.calendar_id.id))
        return Employee.search(domain)

    def _ps_refresh_capacity(self, before=None):
        Capacity = self.env["ps.analytics.capacity"].sudo()
        for index, leave in enumerate(self):
            date_from, date_to = leave.date_from, leave.date_to
            if before:
                date_from = min(date_from, before[index][0])
                date_to = max(date_to, before[index][1])
            Capacity._ps_refresh(leave._ps_concerned_employees(), date_from.date(), date_to.date())
