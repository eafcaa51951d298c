# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, models

from odoo.addons.ps_billing_rules.models.account_analytic_line import BILLING_FIELDS
from odoo.addons.ps_sync_core.pure.errors import BUSINESS, RecordRejected

from .ps_sync_costing_common import add_notes, billed_notes, document_names


class PsSyncObjectTimesheet(models.AbstractModel):
    """Time is costed at the rate in force on its day: a person who has cost
    rates but none on that day cannot log time (its cost is unknown). A
    subcontractor's hours changed after their vendor billed them: the
    answer says so (the vendor bill stays, the next run bills the
    difference)."""

    _inherit = "ps.sync.object.timesheet"

    def _prepare_batch(self, backend, items, ctx):
        res = super()._prepare_batch(backend, items, ctx)
        # the batch's people's rate spans, in one query
        employees = {e.id for e in ctx.caches["by_email"].values()}
        employees |= {e.id for e in ctx.caches["by_ext"].values()}
        spans = {}
        for rate in (
            self.env["ps.cost.rate"]
            .sudo()
            .search_read(
                [("employee_id", "in", list(employees))], ["employee_id", "date_from", "date_to"]
            )
        ):
            spans.setdefault(rate["employee_id"][0], []).append(
                (rate["date_from"], rate["date_to"])
            )
        ctx.caches["cost_spans"] = spans
        return res

    def _apply_updates(self, backend, updates):
        notes = billed_notes(self, updates, BILLING_FIELDS, self._ps_vendor_billed_documents)
        res = super()._apply_updates(backend, updates)
        add_notes(updates, notes)
        return res

    def _ps_vendor_billed_documents(self, entry):
        if entry.ps_cost_kind != "subcontractor":
            return []
        traces = entry.sudo().ps_subcontract_trace_ids.filtered(lambda t: t.move_state != "cancel")
        names = document_names(traces.move_id)
        return [(_("the vendor bill"), _("subcontractor run"), names)] if names else []

    def _odoo_values(self, backend, data, ctx, record=None):
        vals = super()._odoo_values(backend, data, ctx, record)
        spans = ctx.caches["cost_spans"].get(vals["employee_id"])
        day = datetime.date.fromisoformat(data["date"])
        if spans and not any(start <= day and (not end or day <= end) for start, end in spans):
            raise RecordRejected(
                _(
                    "%(emp)s has no cost rate on %(day)s: the time's cost is unknown",
                    emp=self.env["hr.employee"].browse(vals["employee_id"]).name,
                    day=day,
                ),
                BUSINESS,
            )
        return vals
