# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models

from odoo.addons.ps_sync_core.pure.errors import DATA, RecordRejected

from ..pure import mapping as pure_mapping


class PsSfObjectMixin(models.AbstractModel):
    """What every Salesforce object handler does on top of the core pipeline:
    records arrive as Salesforce sent them (REST, Bulk CSV or webhook), are
    logged that way, and are mapped to a payload when they are validated, so
    a replay from the workbench maps them again with the current mappings."""

    _name = "ps.sf.object.mixin"
    _description = "Salesforce Object Handler"

    #: the Salesforce object (Account, Contact, Opportunity)
    _sf_object = None

    def _import(self, backend, records, correlation_id, source="rpc", logs=None):
        records = [pure_mapping.clean_record(r) if isinstance(r, dict) else r for r in records]
        return super()._import(backend, records, correlation_id, source=source, logs=logs)

    def _normalize(self, backend, raw):
        try:
            return self._sf_normalize(backend, raw)
        except pure_mapping.MappingError as err:
            sf_id = raw.get("Id") if isinstance(raw, dict) else None
            raise RecordRejected(
                _("Salesforce %(obj)s %(id)s: %(err)s", obj=self._sf_object,
                  id=sf_id or "?", err=err), DATA) from err

    def _sf_normalize(self, backend, raw):
        """``(data, unknown keys)`` of one Salesforce record."""
        raise NotImplementedError
