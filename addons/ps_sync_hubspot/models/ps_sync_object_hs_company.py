# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models

from odoo.addons.ps_sync_core.pure import schema as pure_schema
from odoo.addons.ps_sync_core.pure.errors import RecordRejected

from ..pure import mapping as pure_mapping


class PsHsObjectMixin(models.AbstractModel):
    """What every HubSpot object handler reads the same way."""

    _name = "ps.hs.object.mixin"
    _inherit = "ps.sync.remote.object.mixin"
    _description = "HubSpot Object Handler"

    _connector_kinds = ("hubspot",)
    _mapping_error = pure_mapping.MappingError

    def _clean_record(self, raw):
        if raw.get("id") and not raw.get("external_id"):
            return dict(raw, external_id=str(raw["id"]))
        return raw

    def _remote_id(self, raw):
        if not isinstance(raw, dict):
            return None
        value = raw.get("external_id") or raw.get("id")
        return str(value) if value else None

    def _hs_company_of(self, raw):
        """The record's primary company (its first associated one), or None."""
        companies = ((raw.get("associations") or {}).get("companies")) or []
        return str(companies[0]) if companies else None

    def _hs_mapping(self, backend, direction="in"):
        return backend._connector()._mapping(backend, self._remote_object, direction)


class PsSyncObjectHsCompany(models.AbstractModel):
    """HubSpot companies as companies (``res.partner``), through the core
    partner pipeline: same validation, bindings, ownership and log."""

    _name = "ps.sync.object.hs_company"
    _inherit = ["ps.hs.object.mixin", "ps.sync.object.partner"]
    _description = "HubSpot Company"

    _object_name = "hs_company"
    _remote_object = "companies"
    _export_batch_size = 100  # one batch update per job

    def _remote_normalize(self, backend, raw):
        payload = pure_mapping.partner_payload(
            raw, self._hs_mapping(backend), self._remote_object, company_id=self._hs_company_of(raw)
        )
        country = payload.pop("country_name", None)
        if country:
            found = self.env["res.country"].search([("name", "=ilike", country)], limit=1)
            if not found:
                raise RecordRejected(
                    _(
                        "HubSpot %(obj)s %(id)s: unknown country %(country)r",
                        obj=self._remote_object,
                        id=self._remote_id(raw),
                        country=country,
                    )
                )
            payload["country_code"] = found.code
        data, __ = pure_schema.normalize(payload, self._keys)
        return data, []

    def _export_values(self, backend, record, external_id):
        status = self.env["ps.sync.object.deal"]._customer_status(backend, record)
        inputs = pure_mapping.status_inputs(
            [(external_id, status)], self._hs_mapping(backend, "out")
        )
        return {"external_id": external_id, "input": inputs[0] if inputs else None}


class PsSyncObjectHsContact(models.AbstractModel):
    """HubSpot contacts as contacts of their primary company."""

    _name = "ps.sync.object.hs_contact"
    _inherit = "ps.sync.object.hs_company"
    _description = "HubSpot Contact"

    _object_name = "hs_contact"
    _remote_object = "contacts"
    _parent_object_name = "hs_company"
    _reference_key = None  # their companies are another object: no order within a batch

    def _waiting_for(self, backend, raw):
        company = self._hs_company_of(raw) if isinstance(raw, dict) else None
        return ("hs_company", company) if company else None

    def _export_values(self, backend, record, external_id):
        raise NotImplementedError("HubSpot contacts are not written back")
