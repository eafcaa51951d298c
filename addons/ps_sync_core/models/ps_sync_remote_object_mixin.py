# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models

from ..batch_create import IMPORT_KEY, ImportMemo
from ..pure import payload as pure_payload
from ..pure.errors import DATA, RecordRejected


class PsSyncRemoteObjectMixin(models.AbstractModel):
    """What a connector's object handler does on top of the pipeline.

    Records arrive as the source sent them (a CRM's REST, bulk or webhook
    shape), are logged that way, and are mapped to a payload when they are
    validated (``_remote_normalize``), so a replay from the workbench maps
    them again with the current mappings. A record that is only the echo of
    Odoo's own status push (its mapped values are those last applied, only
    its modification time moved) is dropped before it is queued.
    """

    _name = "ps.sync.remote.object.mixin"
    _description = "Connector Object Handler"

    #: the object in the source's terms (Account, companies...)
    _remote_object = None
    #: the exception the connector's mapping raises for a bad record
    _mapping_error = ValueError

    def _clean_record(self, raw):
        """The record as logged and applied (``external_id`` set)."""
        return raw

    def _remote_id(self, raw):
        return raw.get("external_id") if isinstance(raw, dict) else None

    def _remote_normalize(self, backend, raw):
        """``(data, unknown keys)`` of one source record."""
        raise NotImplementedError

    def _import(self, backend, records, correlation_id, source="rpc", logs=None):
        records = [self._clean_record(r) if isinstance(r, dict) else r for r in records]
        return super()._import(backend, records, correlation_id, source=source, logs=logs)

    def _normalize(self, backend, raw):
        try:
            return self._remote_normalize(backend, raw)
        except self._mapping_error as err:
            raise RecordRejected(
                _(
                    "%(system)s %(obj)s %(id)s: %(err)s",
                    system=backend._connector()._kind_label(backend),
                    obj=self._remote_object,
                    id=self._remote_id(raw) or "?",
                    err=err,
                ),
                DATA,
            ) from err

    def _drop_echoes(self, backend, records):
        """``(records to apply, number dropped)``: drop the echoes of Odoo's
        own writes (nothing to apply: not queued, no log row)."""
        ids = [self._remote_id(r) for r in records if self._remote_id(r)]
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
        # each bound record is mapped: the mappings are read once for all
        self = self.with_context(**{IMPORT_KEY: ImportMemo()})
        backend = backend.with_env(self.env)
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
            binding = bindings.get(self._remote_id(record))
            if (
                binding
                and binding.res_id in alive
                and binding.last_payload
                and self._is_echo(backend, record, binding.last_payload)
            ):
                continue
            kept.append(record)
        return kept, len(records) - len(kept)

    def _is_echo(self, backend, record, last):
        try:
            data, __ = self._remote_normalize(backend, record)
        except (self._mapping_error, RecordRejected):
            return False  # the pipeline rejects it with its reason
        key = self._updated_at_key
        if not key or data.get(key) == last.get(key):
            return False  # the same version: the pipeline answers 'unchanged'
        return pure_payload.payload_hash(dict(data, **{key: None})) == pure_payload.payload_hash(
            dict(last, **{key: None})
        )
