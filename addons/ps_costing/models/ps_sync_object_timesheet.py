# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, models

from odoo.addons.ps_sync_core.pure.errors import BUSINESS, RecordRejected


class PsSyncObjectTimesheet(models.AbstractModel):
    """Time is costed at the rate in force on its day: a person who has cost
    rates but none on that day cannot log time (its cost is unknown)."""

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
