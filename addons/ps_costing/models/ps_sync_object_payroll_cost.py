# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, models

from odoo.addons.ps_sync_core.pure.errors import BUSINESS, RecordRejected
from odoo.addons.ps_sync_core.pure.schema import Key

from .ps_sync_costing_common import EMPLOYEE_KEYS


class PsSyncObjectPayrollCost(models.AbstractModel):
    """Actual loaded cost per person and period from the payroll system
    (``ps.payroll.cost``); compared with the period's time at cost rates."""

    _name = "ps.sync.object.payroll_cost"
    _inherit = ["ps.sync.object", "ps.sync.costing.common"]
    _description = "Payroll cost"

    _object_name = "payroll_cost"
    _odoo_model = "ps.payroll.cost"
    _keys = (
        *EMPLOYEE_KEYS,
        Key("date_from", "date", required=True),
        Key("date_to", "date", required=True),
        Key("amount", "float", required=True),
        Key("currency", max_len=3, upper=True),
        Key("updated_at", "datetime"),
    )
    _key_fields = {
        "employee_email": "employee_id",
        "employee_external_id": "employee_id",
        "currency": "currency_id",
    }

    def _normalize(self, backend, raw):
        data, unknown = super()._normalize(backend, raw)
        self._ps_need_employee_key(data)
        if data["amount"] <= 0:
            raise RecordRejected(_("'amount' must be positive, got %s", data["amount"]))
        if data["date_to"] < data["date_from"]:
            raise RecordRejected(_("'date_to' is before 'date_from'"))
        return data, unknown

    def _prepare_batch(self, backend, items, ctx):
        by_ext, by_email = self._ps_load_employees(backend, items)
        ctx.caches.update(by_ext=by_ext, by_email=by_email)

    def _odoo_values(self, backend, data, ctx, record=None):
        employee = self._ps_employee(backend, data, ctx)
        date_from = datetime.date.fromisoformat(data["date_from"])
        date_to = datetime.date.fromisoformat(data["date_to"])
        currency = self._ps_currency(backend, data["currency"], date_to, _("payroll cost"))
        other = self.env["ps.payroll.cost"].search(
            [
                ("id", "!=", record.id if record else 0),
                ("employee_id", "=", employee.id),
                ("date_from", "<=", date_to),
                ("date_to", ">=", date_from),
            ],
            limit=1,
        )
        if other:
            raise RecordRejected(
                _(
                    "payroll period %(start)s - %(end)s overlaps %(other)s of the same person",
                    start=date_from,
                    end=date_to,
                    other=other.display_name,
                ),
                BUSINESS,
            )
        return {
            "employee_id": employee.id,
            "date_from": date_from,
            "date_to": date_to,
            "amount": data["amount"],
            "currency_id": currency.id,
        }
