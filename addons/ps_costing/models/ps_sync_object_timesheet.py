# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, models

from odoo.addons.ps_sync_core.pure.errors import BUSINESS, RecordRejected


class PsSyncObjectTimesheet(models.AbstractModel):
    """Time is costed at the rate in force on its day: a person who has cost
    rates but none on that day cannot log time (its cost is unknown)."""

    _inherit = "ps.sync.object.timesheet"

    def _odoo_values(self, backend, data, ctx, record=None):
        vals = super()._odoo_values(backend, data, ctx, record)
        employee = self.env["hr.employee"].browse(vals["employee_id"])
        day = datetime.date.fromisoformat(data["date"])
        if employee.ps_cost_rate_ids and not self.env["ps.cost.rate"]._rate_at(employee, day):
            raise RecordRejected(
                _(
                    "%(emp)s has no cost rate on %(day)s: the time's cost is unknown",
                    emp=employee.name,
                    day=day,
                ),
                BUSINESS,
            )
        return vals
