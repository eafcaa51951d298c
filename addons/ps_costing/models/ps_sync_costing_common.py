# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the cost feeds (employee, payroll_cost, expense, and time) share:
a person named by external id or work e-mail, a currency that has a rate on
the day, the company's lock date, and the answer for a record changed after
it was billed."""

from odoo import _, models

from odoo.addons.ps_sync_core.models.ps_sync_object import UPDATED
from odoo.addons.ps_sync_core.pure.errors import BUSINESS, RecordRejected
from odoo.addons.ps_sync_core.pure.schema import Key, email_key


def billed_notes(feed, updates, billing_fields, billed_documents):
    """``{id(item): note}`` of the updates that change what ``feed``'s
    record bills (``billing_fields``) after it was billed:
    ``billed_documents(record)`` gives ``[(what, next run, document names)]``
    of the live documents that billed it. Read before the updates apply."""
    notes = {}
    records = feed.env[feed._odoo_model].browse([item.binding.res_id for item, __ in updates])
    for (item, vals), record in zip(updates, records, strict=True):
        changed = any(
            not feed._same_value(record, fname, vals[fname]) for fname in billing_fields & set(vals)
        )
        billed = changed and billed_documents(record)
        if billed:
            notes[id(item)] = "; ".join(
                feed.env._(
                    "already billed on %(documents)s: recorded as an adjustment (%(what)s "
                    "stays as it is, the next %(run)s bills the difference)",
                    documents=", ".join(names),
                    what=what,
                    run=run,
                )
                for what, run, names in billed
            )
    return notes


def document_names(moves):
    """The numbers of ``moves`` (their display name while they have none)."""
    return [m.name if m.name and m.name != "/" else m.display_name for m in moves]


def add_notes(updates, notes):
    """Append ``billed_notes``' notes to the answers of the updates applied."""
    for item, __ in updates:
        note = notes.get(id(item))
        if note and item.status == UPDATED:
            item.message = "; ".join(filter(None, [item.message, note]))


EMPLOYEE_KEYS = (
    email_key("employee_email"),
    Key("employee_external_id", max_len=255),
)


class PsSyncCostingCommon(models.AbstractModel):
    _name = "ps.sync.costing.common"
    _description = "Cost feeds: shared lookups"

    def _ps_need_employee_key(self, data):
        if not data["employee_email"] and not data["employee_external_id"]:
            raise RecordRejected(_("'employee_email' or 'employee_external_id' is required"))

    def _ps_load_employees(self, backend, items):
        """``(by external id, by e-mail)`` of the people the items name, in the
        backend's company, archived ones included."""
        company = backend.company_id
        Employee = self.env["hr.employee"].with_context(active_test=False)
        emails = {i.data["employee_email"] for i in items if i.data["employee_email"]}
        by_email = {}
        if emails:
            for emp in Employee.search(
                [("work_email", "in", list(emails)), ("company_id", "=", company.id)]
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
        return by_ext, by_email

    def _ps_employee(self, backend, data, ctx):
        ext, email = data["employee_external_id"], data["employee_email"]
        employee = ctx.caches["by_ext"].get(ext) if ext else ctx.caches["by_email"].get(email)
        if not employee or not employee.exists():
            raise RecordRejected(
                _(
                    "unknown employee %(employee)r in %(company)s",
                    employee=ext or email,
                    company=backend.company_id.name,
                ),
                BUSINESS,
            )
        return employee

    def _ps_currency(self, backend, code, day, what):
        """The active currency ``code`` (company currency when empty), refused
        when it has no rate on or before ``day`` in the backend's company."""
        company = backend.company_id
        if not code:
            return company.currency_id
        currency = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("name", "=", code)], limit=1)
        )
        if not currency or not currency.active:
            raise RecordRejected(
                _("%(what)s: unknown or inactive currency %(code)r", what=what, code=code),
                BUSINESS,
            )
        if currency == company.currency_id:
            return currency
        has_rate = self.env["res.currency.rate"].search_count(
            [
                ("currency_id", "=", currency.id),
                ("name", "<=", day),
                "|",
                ("company_id", "=", False),
                ("company_id", "in", company.parent_ids.ids),
            ],
            limit=1,
        )
        if not has_rate:
            raise RecordRejected(
                _(
                    "%(what)s: currency %(code)s has no exchange rate on or before %(day)s "
                    "in %(company)s; enter the rate, then replay",
                    what=what,
                    code=code,
                    day=day,
                    company=company.name,
                ),
                BUSINESS,
            )
        return currency

    def _ps_check_open(self, backend, day, ctx, what):
        lock = ctx.caches.get("lock")
        if lock and day <= lock:
            raise RecordRejected(
                _(
                    "%(what)s dated %(day)s is in a locked period (locked up to %(lock)s)",
                    what=what,
                    day=day,
                    lock=lock,
                ),
                BUSINESS,
            )
