# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models

from odoo.addons.ps_sync_core.pure import schema as pure_schema
from odoo.addons.ps_sync_core.pure.errors import RecordRejected

from ..pure import mapping as pure_mapping


class PsSyncObjectSfAccount(models.AbstractModel):
    """Salesforce Accounts as companies (``res.partner``), through the core
    partner pipeline: same validation, bindings, ownership and log."""

    _name = "ps.sync.object.sf_account"
    _inherit = ["ps.sf.object.mixin", "ps.sync.object.partner"]
    _description = "Salesforce Account"

    _object_name = "sf_account"
    _remote_object = "Account"
    _export_batch_size = 200  # one sObject Collections call per job

    def _remote_normalize(self, backend, raw):
        payload = pure_mapping.partner_payload(
            raw, backend._connector()._mapping(backend, self._remote_object), self._remote_object
        )
        country = payload.pop("country_name")
        if country:
            found = self.env["res.country"].search([("name", "=ilike", country)], limit=1)
            if not found:
                raise RecordRejected(
                    _(
                        "Salesforce %(obj)s %(id)s: unknown country %(country)r",
                        obj=self._remote_object,
                        id=raw.get("Id"),
                        country=country,
                    )
                )
            payload["country_code"] = found.code
        data, __ = pure_schema.normalize(payload, self._keys)
        return data, []

    # ------------------------------------------------------------------
    # status out
    # ------------------------------------------------------------------
    def _export_values(self, backend, record, external_id):
        status = self.env["ps.sync.object.deal"]._customer_status(backend, record)
        return {
            "external_id": external_id,
            "record": pure_mapping.status_record(
                self._remote_object,
                external_id,
                status,
                backend._connector()._mapping(backend, self._remote_object, "out"),
            ),
        }
