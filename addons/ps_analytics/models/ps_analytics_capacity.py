# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..pure import figures

#: who may have capacity computed again (it is computed as the system)
REFRESH_GROUPS = (
    "account.group_account_invoice",
    "ps_sync_core.group_finance_reviewer",
    "project.group_project_manager",
    "hr.group_hr_user",
)
#: the figures of a month a person has no working time in
NOTHING = dict.fromkeys(("scheduled_hours", "holiday_hours", "leave_hours", "capacity_hours"), 0.0)


class PsAnalyticsCapacity(models.Model):
    """The hours a person can work in a month: their working schedule minus
    public holidays and validated leave, over the days they are employed
    (from their start date to their departure date: 0 before and after, a
    month they start or leave in counts its working days from or up to
    that day). Stored, one row per person and month, so that the
    Utilization report reads it instead of computing schedules per row;
    computed by a daily job, when time off or employment dates change, and
    on demand (*Compute Capacity*)."""

    _name = "ps.analytics.capacity"
    _description = "Capacity per Person and Month"
    _order = "date desc, employee_id"
    _rec_name = "date"

    employee_id = fields.Many2one(
        "hr.employee", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    date = fields.Date(string="Month", required=True, readonly=True, help="First day of the month.")
    scheduled_hours = fields.Float(
        readonly=True, help="Hours of the working schedule in the month, before any time off."
    )
    holiday_hours = fields.Float(
        string="Public Holidays (h)", readonly=True, help="Scheduled hours on public holidays."
    )
    leave_hours = fields.Float(
        string="Leave (h)", readonly=True, help="Scheduled hours of validated time off."
    )
    capacity_hours = fields.Float(
        string="Capacity (h)", readonly=True, help="Scheduled hours minus holidays and leave."
    )

    _sql_constraints = [
        (
            "employee_month_unique",
            "UNIQUE(employee_id, date)",
            "A person has one capacity per month.",
        )
    ]

    @api.model
    def action_ps_refresh(self, date_from, date_to, employee_ids=None):
        """Compute the capacity of the months from ``date_from`` to
        ``date_to`` for the given employees (all active ones of the user's
        companies if none). Finance, project managers and HR officers."""
        if not any(self.env.user.has_group(g) for g in REFRESH_GROUPS):
            raise AccessError(_("Only finance, project managers and HR officers compute capacity."))
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        domain = [("company_id", "in", self.env.companies.ids)]
        if employee_ids:
            domain.append(("id", "in", list(employee_ids)))
        employees = self.env["hr.employee"].with_context(active_test=False).search(domain)
        # read what the user may read, compute as the system
        self.sudo()._ps_refresh(self._ps_people(employees.sudo(), date_from), date_from, date_to)
        return True

    @api.model
    def _cron_refresh(self):
        """Last month, this month and the next two for every person employed then."""
        today = fields.Date.context_today(self)
        start = figures.month_start(today - datetime.timedelta(days=28))
        end = figures.month_end(figures.month_end(today) + datetime.timedelta(days=40))
        everyone = self.env["hr.employee"].sudo().with_context(active_test=False).search([])
        self._ps_refresh(self._ps_people(everyone, start), start, end)

    @api.model
    def _ps_people(self, employees, date_from):
        """Those of ``employees`` whose capacity from ``date_from`` counts: the
        active ones and those archived when they left on or after that day."""
        return employees.filtered(
            lambda e: e.active or (e.departure_date and e.departure_date >= date_from)
        )

    @api.model
    def _ps_refresh(self, employees, date_from, date_to):
        """Write the capacity of ``employees`` for each month touched by
        ``date_from`` .. ``date_to`` (as called: the caller checked rights)."""
        months = figures.months(date_from, date_to)
        if not employees or not months:
            return self.browse()
        existing = {
            (cap.employee_id.id, cap.date): cap
            for cap in self.search([("employee_id", "in", employees.ids), ("date", "in", months)])
        }
        to_create = []
        for month in months:
            values = self._ps_month_hours(employees, month)
            for employee in employees:
                vals = values[employee.id]
                current = existing.get((employee.id, month))
                if current:
                    current.write(vals)
                else:
                    to_create.append(
                        {
                            **vals,
                            "employee_id": employee.id,
                            "company_id": employee.company_id.id,
                            "date": month,
                        }
                    )
        return self.create(to_create)

    @api.model
    def _ps_month_hours(self, employees, month):
        """``{employee id: figures}`` of one month, read from each working
        schedule three times: without time off, without public holidays
        (time off of no one), and without any time off."""
        result = {}
        last = figures.month_end(month)
        by_calendar = {}
        for employee in employees:
            calendar = employee.resource_calendar_id or employee.company_id.resource_calendar_id
            by_calendar.setdefault(calendar, self.env["hr.employee"])
            by_calendar[calendar] |= employee
        for calendar, group in by_calendar.items():
            for employee in group:
                if not calendar:
                    result[employee.id] = dict(NOTHING)
                    continue
                span = figures.employment_span(
                    month, last, employee.ps_start_date, employee.departure_date
                )
                if not span:  # not employed in the month
                    result[employee.id] = dict(NOTHING)
                    continue
                tz = pytz.timezone(employee.tz or calendar.tz or "UTC")
                start = tz.localize(datetime.datetime.combine(span[0], datetime.time.min))
                end = tz.localize(datetime.datetime.combine(span[1], datetime.time.max))
                resource = employee.resource_id
                readings = [
                    calendar._work_intervals_batch(
                        start, end, resources=resource, compute_leaves=False, tz=tz
                    ),
                    calendar._work_intervals_batch(
                        start,
                        end,
                        resources=resource,
                        domain=[("time_type", "=", "leave"), ("resource_id", "=", False)],
                        tz=tz,
                    ),
                    calendar._work_intervals_batch(start, end, resources=resource, tz=tz),
                ]
                scheduled, without_holidays, without_leave = (
                    sum(
                        (stop - begin).total_seconds() / 3600.0
                        for begin, stop, _meta in reading[resource.id]
                    )
                    for reading in readings
                )
                holiday, leave, capacity = figures.capacity(
                    scheduled, without_holidays, without_leave
                )
                result[employee.id] = {
                    "scheduled_hours": round(scheduled, 2),
                    "holiday_hours": holiday,
                    "leave_hours": leave,
                    "capacity_hours": capacity,
                }
        return result
