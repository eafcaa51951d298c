# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models

from odoo.addons.ps_sync_core.pure import payload as pure_payload
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
    #: Salesforce objects come through Salesforce backends only
    _connector_kinds = ("salesforce",)

    def _import(self, backend, records, correlation_id, source="rpc", logs=None):
        records = [pure_mapping.clean_record(r) if isinstance(r, dict) else r for r in records]
        return super()._import(backend, records, correlation_id, source=source, logs=logs)

    def _normalize(self, backend, raw):
        try:
            return self._sf_normalize(backend, raw)
        except pure_mapping.MappingError as err:
            sf_id = raw.get("Id") if isinstance(raw, dict) else None
            raise RecordRejected(
                _(
                    "Salesforce %(obj)s %(id)s: %(err)s",
                    obj=self._sf_object,
                    id=sf_id or "?",
                    err=err,
                ),
                DATA,
            ) from err

    def _sf_drop_echoes(self, backend, records):
        """``(records to apply, number dropped)``: a record whose mapped values
        are those Odoo last applied and only its SystemModstamp moved is the
        echo of Odoo's own status push (or another write to fields Odoo does
        not read): nothing to apply, so it is not queued and leaves no log row.
        """
        ids = [r.get("Id") for r in records if isinstance(r, dict) and r.get("Id")]
        if not ids:
            return records, 0
        bindings = {
            b.external_id: b
            for b in self.env["ps.sync.binding"]
            .sudo()
            .search(
                [
                    ("backend_id", "=", backend.id),
                    ("object_name", "=", self._object_name),
                    ("external_id", "in", ids),
                ]
            )
        }
        if not bindings:
            return records, 0
        alive = set(
            self.env[self._odoo_model]
            .sudo()
            .with_context(active_test=False)
            .browse([b.res_id for b in bindings.values()])
            .exists()
            .ids
        )
        kept = []
        for record in records:
            binding = bindings.get(record.get("Id")) if isinstance(record, dict) else None
            if (
                binding
                and binding.res_id in alive
                and binding.last_payload
                and self._sf_is_echo(backend, record, binding.last_payload)
            ):
                continue
            kept.append(record)
        return kept, len(records) - len(kept)

    def _sf_is_echo(self, backend, record, last):
        try:
            data, __ = self._sf_normalize(backend, record)
        except (pure_mapping.MappingError, RecordRejected):
            return False  # the pipeline rejects it with its reason
        key = self._updated_at_key
        if not key or data.get(key) == last.get(key):
            return False  # the same version: the pipeline answers 'unchanged'
        return pure_payload.payload_hash(dict(data, **{key: None})) == pure_payload.payload_hash(
            dict(last, **{key: None})
        )

    def _sf_normalize(self, backend, raw):
        """``(data, unknown keys)`` of one Salesforce record."""
        raise NotImplementedError
