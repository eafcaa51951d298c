# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, models

from odoo.addons.ps_sync_core.pure.errors import BUSINESS, RecordRejected
from odoo.addons.ps_sync_core.pure.schema import Key, email_key

from ..pure import timestatus
from .ps_rate_card import RateRefused

MAX_DAY_HOURS = 24.0


class PsSyncObjectTimesheet(models.AbstractModel):
    """Time entries from PSA and time tools (``account.analytic.line``).

    Entries move along their approval states; approved billable time is billed
    by billing runs. A billed entry that changes at the source is updated and
    marked to bill again: the next run bills the difference as an adjustment,
    the invoices already made stay as they were.
    """

    _name = "ps.sync.object.timesheet"
    _inherit = "ps.sync.object"
    _description = "Time entry"

    _object_name = "timesheet"
    _odoo_model = "account.analytic.line"
    _batch_create = True
    _keys = (
        email_key("employee_email"),
        Key("employee_external_id", max_len=255),
        Key("project_code", required=True, max_len=64),
        Key("task_code", max_len=64),
        Key("date", "date", required=True),
        Key("hours", "float", required=True),
        Key("description", max_len=2000),
        Key("status", choices=timestatus.STATES, default="draft"),
        Key("billable", "bool", default=True),
        Key("updated_at", "datetime"),
    )
    _key_fields = {
        "employee_email": "employee_id",
        "employee_external_id": "employee_id",
        "project_code": "project_id",
        "task_code": "task_id",
        "hours": "unit_amount",
        "description": "name",
        "status": "ps_status",
        "billable": "ps_billable",
    }

    def _normalize(self, backend, raw):
        data, unknown = super()._normalize(backend, raw)
        if not data["employee_email"] and not data["employee_external_id"]:
            raise RecordRejected(_("'employee_email' or 'employee_external_id' is required"))
        hours = data["hours"]
        if hours <= 0:
            raise RecordRejected(_("'hours' must be positive, got %s", hours))
        if hours > MAX_DAY_HOURS:
            raise RecordRejected(_("'hours' is %s; one day has at most 24", hours))
        data["hours"] = round(hours, 2)
        return data, unknown

    def _prepare_batch(self, backend, items, ctx):
        company = backend.company_id
        Employee = self.env["hr.employee"].with_context(active_test=False)
        emails = {i.data["employee_email"] for i in items if i.data["employee_email"]}
        by_email = {}
        for emp in (
            Employee.search([("work_email", "in", list(emails)), ("company_id", "=", company.id)])
            if emails
            else []
        ):
            by_email.setdefault(emp.work_email.lower(), emp)
        ext_ids = {i.data["employee_external_id"] for i in items if i.data["employee_external_id"]}
        by_ext = {}
        if ext_ids:
            for b in self.env["ps.sync.binding"].search(
                [
                    ("backend_id", "=", backend.id),
                    ("object_name", "=", "employee"),
                    ("external_id", "in", list(ext_ids)),
                ]
            ):
                by_ext[b.external_id] = Employee.browse(b.res_id)
        codes = {i.data["project_code"] for i in items}
        # the backend's company's projects, and shared ones (no company)
        projects = {}
        for project in (
            self.env["project.project"]
            .with_context(active_test=False)
            .search(
                [("ps_code", "in", list(codes)), ("company_id", "in", [company.id, False])],
                order="company_id",
            )
        ):
            projects.setdefault(project.ps_code, project)
        tasks = {}
        task_codes = {i.data["task_code"] for i in items if i.data["task_code"]}
        if task_codes:
            for task in self.env["project.task"].search(
                [
                    ("project_id", "in", [p.id for p in projects.values()]),
                    ("ps_code", "in", list(task_codes)),
                ]
            ):
                tasks[(task.project_id.id, task.ps_code)] = task
        # hours already booked per employee and day, to refuse days over 24 h;
        # the days are claimed first, so two senders cannot both add to one
        employees = list(by_email.values()) + list(by_ext.values())
        dates = {i.data["date"] for i in items}
        days = set()
        for item in items:
            ext, email = item.data["employee_external_id"], item.data["employee_email"]
            employee = by_ext.get(ext) if ext else by_email.get(email)
            if employee:
                days.add((employee.id, item.data["date"]))
        self.env["ps.timesheet.day"].sudo()._serialise(days)
        day_hours = {}
        if employees:
            for emp, day, hours in self.env["account.analytic.line"]._read_group(
                [
                    ("employee_id", "in", [e.id for e in employees]),
                    ("date", "in", list(dates)),
                    ("project_id", "!=", False),
                ],
                ["employee_id", "date:day"],
                ["unit_amount:sum"],
            ):
                day_hours[(emp.id, fields_date(day))] = hours
        lock = company._ps_lock_date()
        ctx.caches.update(
            by_email=by_email,
            by_ext=by_ext,
            projects=projects,
            tasks=tasks,
            day_hours=day_hours,
            lock=lock,
            rate_lines={},
        )

    def _odoo_values(self, backend, data, ctx, record=None):
        employee = (
            ctx.caches["by_ext"].get(data["employee_external_id"])
            if data["employee_external_id"]
            else ctx.caches["by_email"].get(data["employee_email"])
        )
        if not employee:
            raise RecordRejected(
                _(
                    "unknown employee %(employee)r in %(company)s",
                    employee=data["employee_external_id"] or data["employee_email"],
                    company=backend.company_id.name,
                ),
                BUSINESS,
            )
        project = ctx.caches["projects"].get(data["project_code"])
        if not project:
            raise RecordRejected(
                _(
                    "unknown project_code %(code)r in %(company)s",
                    code=data["project_code"],
                    company=backend.company_id.name,
                ),
                BUSINESS,
            )
        task = self.env["project.task"]
        if data["task_code"]:
            task = ctx.caches["tasks"].get((project.id, data["task_code"]))
            if not task:
                raise RecordRejected(
                    _(
                        "unknown task_code %(task)r on project %(project)s",
                        task=data["task_code"],
                        project=data["project_code"],
                    ),
                    BUSINESS,
                )
        day = datetime.date.fromisoformat(data["date"])
        if ctx.caches["lock"] and day <= ctx.caches["lock"]:
            raise RecordRejected(
                _(
                    "date %(day)s is in a locked period (locked up to %(lock)s)",
                    day=data["date"],
                    lock=ctx.caches["lock"],
                ),
                BUSINESS,
            )
        engagement = project.ps_engagement_ids[:1]
        if engagement.state == "closed":
            raise RecordRejected(
                _("engagement %s is closed: it takes no more time", engagement.display_name),
                BUSINESS,
            )
        if data["billable"] and engagement.bill_time and engagement.rate_card_id:
            card = engagement.rate_card_id
            try:
                engagement._ps_price_time(employee, day, ctx.caches["rate_lines"])
            except RateRefused as err:
                raise RecordRejected(
                    _(
                        "rate card %(card)s: %(err)s (role %(role)s)",
                        card=card.name,
                        err=err.reason,
                        role=employee.job_id.name or _("none"),
                    ),
                    BUSINESS,
                ) from err
        previous = 0.0
        if record is not None and record.employee_id == employee and record.date == day:
            previous = record.unit_amount
        self._check_day(ctx, employee.id, day, data["hours"], previous)
        return {
            "name": data["description"] or "/",
            "employee_id": employee.id,
            "user_id": employee.user_id.id or False,
            "project_id": project.id,
            "task_id": task.id or False,
            "date": day,
            "unit_amount": data["hours"],
            "ps_status": data["status"],
            "ps_billable": data["billable"],
            "company_id": project.company_id.id or backend.company_id.id,
        }

    def _merge(self, item, record, vals, owners):
        try:
            timestatus.check(record.ps_status, vals["ps_status"])
        except timestatus.TransitionRefused as err:
            raise RecordRejected(str(err), BUSINESS) from err
        return super()._merge(item, record, vals, owners)

    def _check_day(self, ctx, employee_id, day, hours, previous=0.0):
        key = (employee_id, day)
        total = ctx.caches["day_hours"].get(key, 0.0) - previous + hours
        if total > MAX_DAY_HOURS + 1e-6:
            raise RecordRejected(
                _(
                    "%(h)s h would bring this employee's %(day)s to %(total)s h; a day has 24",
                    h=hours,
                    day=day,
                    total=round(total, 2),
                )
            )
        ctx.caches["day_hours"][key] = total


def fields_date(value):
    return (
        value
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
        else value.date()
    )
