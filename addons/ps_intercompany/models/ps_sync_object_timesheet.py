# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, models

from odoo.addons.ps_sync_core.pure.errors import BUSINESS, RecordRejected


class PsSyncObjectTimesheet(models.AbstractModel):
    _inherit = "ps.sync.object.timesheet"

    def _ps_timesheet_companies(self, company):
        """Cross-entity time: the time tool of the employing entity sends its
        consultants' time on the projects of the entities it provides staff
        to (an active agreement with it as provider). The entry belongs to
        the project's entity, as any other, and remembers the employing one.
        (Only that direction: Odoo records time only for an employee of the
        companies the sender works in.)"""
        employees, projects = super()._ps_timesheet_companies(company)
        receivers = (
            self.env["ps.intercompany.agreement"]
            .sudo()
            .search([("provider_company_id", "=", company.id), ("active", "=", True)])
            .receiver_company_id
        )
        return employees, projects | receivers

    def _odoo_values(self, backend, data, ctx, record=None):
        """Cross-entity time for a period the receiver has locked is refused
        at intake, before anything else of the record is counted: its
        intercompany charge could never be booked there (the receiver's bill
        and its customer invoice). The provider's own lock is the backend's,
        which the time intake checks already."""
        project = ctx.caches["projects"].get(data["project_code"])
        employee = (
            ctx.caches["by_ext"].get(data["employee_external_id"])
            if data["employee_external_id"]
            else ctx.caches["by_email"].get(data["employee_email"])
        )
        receiver = project.company_id if project else None
        provider = employee.company_id if employee else None
        if receiver and provider and receiver != provider:
            locks = ctx.caches.setdefault("ps_ic_locks", {})
            if receiver.id not in locks:
                locks[receiver.id] = self._ps_ic_receiver_lock(receiver)
            lock = locks[receiver.id]
            day = datetime.date.fromisoformat(data["date"])
            if lock and day <= lock:
                raise RecordRejected(
                    _(
                        "date %(day)s is in a period %(receiver)s has locked (up to %(lock)s): "
                        "cross-entity time of %(provider)s cannot be charged to it there",
                        day=data["date"],
                        receiver=receiver.name,
                        lock=lock,
                        provider=provider.name,
                    ),
                    BUSINESS,
                )
        return super()._odoo_values(backend, data, ctx, record=record)

    def _ps_ic_receiver_lock(self, receiver):
        """The latest lock date of ``receiver`` for what cross-entity time
        makes in it: its customer invoices and its intercompany bills."""
        Journal = self.env["account.journal"].sudo()
        purchase = Journal.search(
            [*Journal._check_company_domain(receiver), ("type", "=", "purchase")], limit=1
        ) or Journal.new({"type": "purchase", "company_id": receiver.id})
        receiver = receiver.sudo()
        locks = [
            lock for lock in (receiver._ps_lock_date(), receiver._ps_lock_date(purchase)) if lock
        ]
        return max(locks) if locks else None
