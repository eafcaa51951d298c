# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The inbound pipeline shared by every synchronised object.

An object handler is an AbstractModel inheriting this one that declares its
object name (``_object_name``: that declaration puts it in the backends'
handler registry) and the backend kinds it serves (``_connector_kinds``), the
keys of its records (``_keys``, pure ``schema.Key`` specs), the Odoo model it
writes (``_odoo_model``), how a validated record becomes Odoo values
(``_odoo_values``) and, if any, the work that follows a creation
(``_after_create``); its hooks get a ``pure.context.BatchContext``. Everything else —
validation, duplicates in a batch, payload hashing, locking, bindings, field
ownership, dependency order, batch creates with per-record fallback, the sync
log and the per-record results — happens here once for all objects and all
connectors.
"""

import hashlib
import logging
import uuid

import psycopg2
import psycopg2.errorcodes
import requests

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tools import SQL, float_compare

from ..batch_create import CONTEXT_KEY as BATCH_CREATE_KEY
from ..batch_create import IMPORT_KEY, BatchCreate, ImportMemo, gc_paused
from ..bulk import bulk_create
from ..logcontext import message_context
from ..pure import batch as pure_batch
from ..pure import payload as pure_payload
from ..pure import schema as pure_schema
from ..pure.context import BatchContext
from ..pure.errors import CONFLICT, DATA, TRANSIENT, RecordRejected, SyncError

_logger = logging.getLogger(__name__)

CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"


class _Item:
    """Pipeline state of one record of a batch."""

    __slots__ = (
        "pos",
        "raw",
        "external_id",
        "data",
        "hash",
        "status",
        "res_id",
        "message",
        "category",
        "binding",
        "alive",
        "unknown",
        "log",
        "conflicts",
    )

    def __init__(self, pos, raw, log=None):
        self.pos = pos
        self.raw = raw
        self.external_id = None
        self.data = None
        self.hash = None
        self.status = None
        self.res_id = False
        self.message = ""
        self.category = False
        self.binding = None
        self.alive = False  # the binding's Odoo record still exists
        self.unknown = ()
        self.log = log
        self.conflicts = None

    @property
    def done(self):
        return self.status is not None

    def reject(self, message, category=DATA):
        self.status = REJECTED
        self.message = message
        self.category = category

    def result(self):
        ext = self.external_id
        if ext is None and isinstance(self.raw, dict):
            ext = self.raw.get("external_id")
        return {
            "external_id": ext if isinstance(ext, str | int) else False,
            "status": self.status,
            "res_id": self.res_id or False,
            "message": self.message or "",
        }


class ConcurrentImportError(psycopg2.errors.SerializationFailure):
    """Another transaction is importing (or just imported) the same records.

    Odoo runs transactions in REPEATABLE READ: a transaction that started
    before the other one committed cannot see its bindings, however long it
    waits. Raising a serialization failure makes Odoo's RPC layer (and
    queue_job's runner) roll back and run the whole call again with a fresh
    snapshot, in which the other transaction's bindings are visible: the retry
    answers ``unchanged`` or ``updated`` instead of creating a duplicate.
    """

    pgcode = psycopg2.errorcodes.SERIALIZATION_FAILURE


def _lock_key(backend_id, object_name, external_id):
    digest = hashlib.blake2b(
        f"{backend_id}\x1f{object_name}\x1f{external_id}".encode(), digest_size=8
    ).digest()
    return int.from_bytes(digest, "big", signed=True)


class PsSyncObject(models.AbstractModel):
    _name = "ps.sync.object"
    _description = "Synchronised Object"

    #: name external systems use for this object (``ingest(..., 'partner', ...)``);
    #: a handler that declares one is in the backends' handler registry
    _object_name = None
    #: backend kinds whose backends take this object (None: every kind)
    _connector_kinds = None
    #: the Odoo model its records become
    _odoo_model = None
    #: pure.schema.Key specs of a record's keys (external_id is implicit)
    _keys = ()
    #: key holding the external id of another record of the same object that
    #: must exist first (a contact's company); ordered inside a batch
    _reference_key = None
    #: payload key -> Odoo field, where they differ (ownership, conflicts)
    _key_fields = {}
    #: key giving the source's modification time (stale updates, watermark)
    _updated_at_key = "updated_at"
    #: most outbound messages one export job sends (None: one job for all);
    #: connectors whose remote API takes N records a call set N here
    _export_batch_size = None
    #: the Odoo model's defaults depend only on the user, company and context,
    #: so a batch create computes them once per set of keys, not once per
    #: record, and may defer per-record work to the end of the batch (the
    #: model routes them through ``batch_create``)
    _batch_create = False

    # ------------------------------------------------------------------
    # hooks for concrete objects
    # ------------------------------------------------------------------
    def _normalize(self, backend, raw):
        """Validate one raw record: ``(data, unknown keys)`` or RecordRejected."""
        return pure_schema.normalize(raw, self._keys)

    def _prepare_batch(self, backend, items, ctx):
        """Load what ``_odoo_values`` needs for a group of items, in few
        queries, into ``ctx.caches`` (``ctx``: a ``pure.context.BatchContext``)."""

    def _odoo_values(self, backend, data, ctx, record=None):
        """Odoo values for one validated record; raise RecordRejected if unusable.

        Values only: nothing is written here (work that follows a creation
        belongs in ``_after_create``). ``record`` is the Odoo record the
        binding points to when this is an update, else None.
        """
        raise NotImplementedError

    def _after_create(self, backend, records, ctx):
        """Work that follows the creation of ``records`` (what a won deal
        delivers: an order confirmed, a project, an engagement), in the same
        savepoint: raising rejects them. ``ctx.created`` holds their pipeline
        items, in the order of ``records``."""

    @api.model
    def _owned_fields(self):
        """Fields of ``_odoo_model`` this object writes from its payload.

        A conflict held for review can only ever name these, so accepting a
        source value can only ever write these.
        """
        fields_ = self.env[self._odoo_model]._fields
        names = {self._key_fields.get(key.name, key.name) for key in self._keys}
        return frozenset(name for name in names if name in fields_)

    def _create_records(self, backend, vals_list):
        Model = self.env[self._odoo_model]
        if self._batch_create and len(vals_list) > 1:
            Model = Model.with_context(**{BATCH_CREATE_KEY: BatchCreate()})
        return Model.create(vals_list)

    def _write_record(self, backend, record, vals):
        record.write(vals)

    # ------------------------------------------------------------------
    # the pipeline
    # ------------------------------------------------------------------
    def _context_for_import(self):
        return dict(
            self.env.context,
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
            active_test=False,
            **{IMPORT_KEY: ImportMemo()},  # what the batch reads once (batch_create)
        )

    def _import(self, backend, records, correlation_id, source="rpc", logs=None):
        """Apply a batch; return one result dict per record, in order.

        ``logs`` (one ``ps.sync.log`` per record) is given when queued or replayed
        messages are processed: their rows are updated instead of new ones made.
        """
        with gc_paused(), message_context(correlation_id, backend.code, self._object_name):
            return self._import_batch(backend, records, correlation_id, source, logs)

    def _import_batch(self, backend, records, correlation_id, source, logs):
        self = self.with_context(**self._context_for_import())
        backend = backend.with_env(self.env)
        if logs is not None:
            pairs = zip(records, logs, strict=True)
            items = [_Item(pos, raw, log) for pos, (raw, log) in enumerate(pairs)]
        else:
            items = [_Item(pos, raw) for pos, raw in enumerate(records)]
        self._validate_items(backend, items)
        live = [item for item in items if not item.done]
        if live:
            self._lock_external_ids(backend, [item.external_id for item in live])
            bindings, alive = self._load_bindings(backend, [item.external_id for item in live])
            for item in live:
                item.binding = bindings.get(item.external_id)
                item.alive = item.external_id in alive
            self._skip_unchanged(backend, live)
            ctx = BatchContext(
                backend_id=backend.id,
                object_name=self._object_name,
                correlation_id=correlation_id,
                source=source,
                bindings=bindings,
            )
            self._apply(backend, [item for item in live if not item.done], ctx)
        self._write_logs(backend, items, correlation_id, source)
        self._advance_watermark(backend, items)
        return [item.result() for item in items]

    def _validate_items(self, backend, items):
        for item in items:
            try:
                item.external_id = pure_batch.external_id_of(item.raw)
                item.data, item.unknown = self._normalize(backend, item.raw)
                item.hash = pure_payload.payload_hash(item.data)
            except RecordRejected as err:
                item.reject(err.message, err.category)
            except Exception as err:  # noqa: BLE001 - a bad record never kills its batch
                self._reject_from_exception(item, err)
        repeats = pure_batch.duplicate_positions(
            [None if item.done else item.external_id for item in items]
        )
        for pos, first in repeats.items():
            items[pos].reject(
                _(
                    "duplicate external_id %(ext)r in this batch (first at position "
                    "%(first)s); send each record once per batch",
                    ext=items[pos].external_id,
                    first=first,
                )
            )

    def _lock_external_ids(self, backend, external_ids):
        """Claim the batch's external ids for this transaction, or retry later.

        Transaction-level advisory locks, tried without waiting: if another
        transaction holds one of them it is importing the same records, and
        this one would not see its result anyway (REPEATABLE READ), so the
        whole call is retried (ConcurrentImportError). The unique indexes on
        bindings stay the last line of defence.
        """
        keys = sorted({_lock_key(backend.id, self._object_name, e) for e in external_ids})
        self.env.cr.execute(
            "SELECT bool_and(pg_try_advisory_xact_lock(k)) FROM unnest(%s::bigint[]) AS k",
            [keys],
        )
        if not self.env.cr.fetchone()[0]:
            raise ConcurrentImportError(
                f"another transaction is importing some of these {self._object_name} "
                f"records on backend {backend.code}; retry"
            )

    def _load_bindings(self, backend, external_ids):
        """``({external id: binding}, {external ids whose Odoo record exists})``.

        One query for both (an unchanged re-send is mostly this lookup). Only
        what skipping unchanged records reads is loaded into the cache; the
        rest (the last payload, for updates) is fetched when an update needs
        it, for all the batch's bindings at once.
        """
        Binding = self.env["ps.sync.binding"].sudo()
        names = ("external_id", "res_id", "payload_hash", "remote_write_date")
        Binding.flush_model(names + ("backend_id", "object_name"))
        self.env.cr.execute(
            SQL(
                "SELECT b.id, b.external_id, b.res_id, b.payload_hash, b.remote_write_date,"
                " t.id IS NOT NULL FROM ps_sync_binding b LEFT JOIN %s t ON t.id = b.res_id"
                " WHERE b.backend_id = %s AND b.object_name = %s AND b.external_id = ANY(%s)",
                SQL.identifier(self.env[self._odoo_model]._table),
                backend.id,
                self._object_name,
                list(set(external_ids)),
            )
        )
        rows = self.env.cr.fetchall()
        # a binding whose Odoo record was deleted counts as absent: the record is
        # created again and the binding repointed to it
        alive = {row[1] for row in rows if row[5]}
        found = Binding.browse([row[0] for row in rows])
        cache = self.env.cache
        for index, name in enumerate(names, start=1):
            cache.update(found, Binding._fields[name], [row[index] for row in rows])
        bindings = dict(zip((row[1] for row in rows), found, strict=False))
        return bindings, alive

    def _skip_unchanged(self, backend, items):
        key = self._updated_at_key
        for item in items:
            binding = item.binding
            if not item.alive:
                continue
            if binding.payload_hash == item.hash:
                item.status = UNCHANGED
                item.res_id = binding.res_id
                continue
            updated_at = item.data.get(key) if key else None
            if (
                updated_at
                and binding.remote_write_date
                and fields.Datetime.to_datetime(updated_at) < binding.remote_write_date
            ):
                item.status = UNCHANGED
                item.res_id = binding.res_id
                item.message = _(
                    "older than the version already applied (%(got)s < %(have)s); ignored",
                    got=updated_at,
                    have=fields.Datetime.to_string(binding.remote_write_date),
                )

    def _apply(self, backend, items, ctx):
        """Create or update, parents before children, in dependency levels."""
        by_ext = {item.external_id: item for item in items}
        ctx.items = by_ext
        ref_key = self._reference_key
        deps = {
            item.external_id: (
                {item.data.get(ref_key)} if ref_key and item.data.get(ref_key) else set()
            )
            for item in items
        }
        levels, cyclic = pure_batch.dependency_levels(deps)
        for ext in cyclic:
            by_ext[ext].reject(_("circular %(key)s reference inside this batch", key=ref_key))
        for level in levels:
            level_items = [by_ext[ext] for ext in level if not by_ext[ext].done]
            ctx.caches = {}
            self._prepare_batch(backend, level_items, ctx)
            creates, updates = [], []
            Model = self.env[self._odoo_model]
            for item in level_items:
                record = Model.browse(item.binding.res_id) if item.alive else None
                try:
                    vals = self._odoo_values(backend, item.data, ctx, record)
                except Exception as err:  # noqa: BLE001 - RecordRejected and the unforeseen
                    self._reject_from_exception(item, err)
                    continue
                if item.alive:
                    updates.append((item, vals))
                else:
                    creates.append((item, vals))
            self._apply_creates(backend, creates, ctx)
            self._apply_updates(backend, updates)

    # ------------------------------------------------------------------
    def _apply_creates(self, backend, creates, ctx):
        if not creates:
            return
        try:
            with self.env.cr.savepoint():
                self._create_and_bind(backend, creates, ctx)
        except Exception as err:  # noqa: BLE001 - isolate the bad record(s) below
            if len(creates) == 1:
                self._reject_from_exception(creates[0][0], err)
                return
            _logger.info(
                "batch create of %s %s failed (%s); retrying one by one",
                len(creates),
                self._object_name,
                err,
            )
            for item, vals in creates:
                try:
                    with self.env.cr.savepoint():
                        self._create_and_bind(backend, [(item, vals)], ctx)
                except Exception as err1:  # noqa: BLE001
                    self._reject_from_exception(item, err1)

    def _create_and_bind(self, backend, creates, ctx):
        items = [item for item, __ in creates]
        records = self._create_records(backend, [vals for __, vals in creates])
        ctx.created = items
        self._after_create(backend, records, ctx)
        self._bind_created(backend, items, records, ctx.bindings)

    def _bind_created(self, backend, items, records, bindings):
        Binding = self.env["ps.sync.binding"].sudo()
        now = fields.Datetime.now()
        new_vals, dead = [], Binding
        for item, record in zip(items, records, strict=False):
            vals = self._binding_values(item, record.id, now)
            if item.binding:  # repoint a binding whose record was deleted
                item.binding.write(vals)
                dead |= item.binding
            else:
                new_vals.append(
                    dict(
                        vals,
                        backend_id=backend.id,
                        company_id=backend.company_id.id,
                        object_name=self._object_name,
                        external_id=item.external_id,
                        res_model=self._odoo_model,
                    )
                )
        created = bulk_create(Binding, new_vals)
        self.env.flush_all()  # surface constraint errors inside the savepoint
        for binding in created | dead:
            bindings[binding.external_id] = binding
        for item, record in zip(items, records, strict=False):
            item.status = CREATED
            item.res_id = record.id
            item.binding = bindings[item.external_id]
            item.alive = True
            if item.unknown:
                item.message = _("ignored unknown keys: %s", ", ".join(item.unknown))

    def _binding_values(self, item, res_id, now):
        updated_at = item.data.get(self._updated_at_key) if self._updated_at_key else None
        return {
            "res_id": res_id,
            "payload_hash": item.hash,
            "last_payload": item.data,
            "last_sync_date": now,
            "remote_write_date": updated_at or False,
        }

    def _apply_updates(self, backend, updates):
        if not updates:
            return
        owners = backend._field_owners(self._object_name)
        Model = self.env[self._odoo_model]
        # one browse for all: the prefetch reads every record in one query
        records = Model.browse([item.binding.res_id for item, __ in updates])
        now = fields.Datetime.now()
        for (item, vals), record in zip(updates, records, strict=False):
            try:
                write_vals, conflicts = self._merge(item, record, vals, owners)
            except Exception as err:  # noqa: BLE001
                self._reject_from_exception(item, err)
                continue
            try:
                with self.env.cr.savepoint():
                    if write_vals:
                        self._write_record(backend, record, write_vals)
                    binding_vals = self._binding_values(item, record.id, now)
                    item.binding.write(binding_vals)
                    self.env.flush_all()
            except Exception as err:  # noqa: BLE001
                self._reject_from_exception(item, err)
                continue
            item.status = UPDATED
            item.res_id = record.id
            notes = []
            if not write_vals:
                notes.append(_("no Odoo field value changed"))
            if conflicts:
                item.conflicts = conflicts
                item.category = CONFLICT
                notes.append(
                    _(
                        "held for review, Odoo owns: %s",
                        "; ".join(
                            f"{c['field']} (Odoo {c['odoo']!r}, source {c['source']!r})"
                            for c in conflicts
                        ),
                    )
                )
            if item.unknown:
                notes.append(_("ignored unknown keys: %s", ", ".join(item.unknown)))
            item.message = "; ".join(notes)

    def _merge(self, item, record, vals, owners):
        """Split new values into what to write and what conflicts with Odoo.

        A field owned by the source is written when it differs. A field owned
        by Odoo is never written on update; if the source changed it since the
        last payload applied and it differs from Odoo's value, the change is a
        conflict: held, logged, offered for review.
        """
        last = item.binding.last_payload or {}
        key_of = {self._key_fields.get(key.name, key.name): key.name for key in self._keys}
        write_vals, conflicts = {}, []
        for fname, value in vals.items():
            if self._same_value(record, fname, value):
                continue
            if owners.get(fname, "source") == "source":
                write_vals[fname] = value
                continue
            key = key_of.get(fname)
            if key is not None and last.get(key) == item.data.get(key):
                continue  # the source did not change it: Odoo's edit stands
            conflicts.append(
                {
                    "field": fname,
                    "key": key,
                    "odoo": self._display_value(record, fname),
                    "source": item.data.get(key) if key else value,
                    "value": value,
                }
            )
        return write_vals, conflicts

    @api.model
    def _same_value(self, record, fname, value):
        field = record._fields[fname]
        current = record[fname]
        if field.type == "many2one":
            return current.id == (value or False)
        if field.type in ("one2many", "many2many"):
            return False
        if field.type == "float":
            return float_compare(current or 0.0, value or 0.0, precision_digits=6) == 0
        return (current or False) == (value or False)

    @api.model
    def _display_value(self, record, fname):
        value = record[fname]
        if isinstance(value, models.BaseModel):
            return value.display_name or False
        return value

    def _reject_from_exception(self, item, err):
        if isinstance(err, ConcurrentImportError):
            raise err
        if isinstance(err, psycopg2.errors.UniqueViolation) and (
            (err.diag.constraint_name or "").startswith("ps_sync_binding_")
        ):
            # bound by a transaction this one's snapshot cannot see: run again
            raise ConcurrentImportError(
                f"external id {item.external_id} was bound by another transaction; retry"
            ) from err
        if isinstance(err, psycopg2.OperationalError) and (
            err.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY
        ):
            raise err  # the whole call runs again with a fresh snapshot
        if isinstance(err, SyncError):
            item.reject(err.message, err.category)
        elif isinstance(err, psycopg2.IntegrityError | psycopg2.DataError):
            detail = (err.pgerror or str(err)).strip().splitlines()[0]
            item.reject(_("the database refused the record: %s", detail))
        elif isinstance(err, UserError | ValidationError):
            item.reject(_("Odoo refused the record: %s", err.args[0] if err.args else err))
        elif isinstance(
            err,
            psycopg2.OperationalError | ConnectionError | TimeoutError | requests.RequestException,
        ):
            # the database or a remote side hiccupped (a lock timeout, a lost
            # connection): known to be temporary, so retried
            item.reject(
                _(
                    "could not be applied now (%(type)s: %(err)s); retried",
                    type=type(err).__name__,
                    err=str(err).strip()[:300],
                ),
                TRANSIENT,
            )
        else:
            # anything else is a fact of this record: retrying the same data cannot
            # help. The traceback goes to the server log, never to the sender.
            _logger.exception(
                "unexpected error importing %s %s", self._object_name, item.external_id
            )
            item.reject(
                _(
                    "this record could not be applied (%(type)s: %(err)s); it is not "
                    "retried: fix it and replay it",
                    type=type(err).__name__,
                    err=str(err)[:300],
                ),
                DATA,
            )

    # ------------------------------------------------------------------
    # log and watermark
    # ------------------------------------------------------------------
    def _log_values(self, backend, item):
        if item.status == REJECTED:
            state, category = "failed", item.category or DATA
        elif item.conflicts:
            state, category = "failed", CONFLICT
        elif item.status == UNCHANGED:
            state, category = "skipped", False
        else:
            state, category = "done", False
        return {
            "state": state,
            "error_category": category,
            "message": backend._scrub(item.message or "") or False,
            "external_id": item.external_id or pure_batch.loggable_external_id(item.raw),
            "res_model": self._odoo_model if item.res_id else False,
            "res_id": item.res_id or False,
            "conflict_values": item.conflicts or False,
            "result_status": item.status,
            "date_done": fields.Datetime.now(),
        }

    def _write_logs(self, backend, items, correlation_id, source):
        Log = self.env["ps.sync.log"].sudo()
        new_vals = []
        # the plain unchanged records of a new message share one row: nothing
        # happened to them, and a row each was most of an unchanged re-send
        unchanged = [
            item
            for item in items
            if item.log is None and item.status == UNCHANGED and not item.message
        ]
        if len(unchanged) > 1:
            new_vals.append(self._unchanged_log_vals(backend, unchanged, correlation_id, source))
            grouped = {item.pos for item in unchanged}
            items = [item for item in items if item.pos not in grouped]
        for item in items:
            vals = self._log_values(backend, item)
            if item.log is not None:
                # a queued or replayed message gets the hash of what it applied
                item.log._record_attempt(dict(vals, payload_hash=item.hash or False))
                continue
            new_vals.append(
                backend._log_vals(
                    correlation_id,
                    source,
                    self._object_name,
                    **vals,
                    attempts=1,
                    payload_hash=item.hash or False,
                    # an unchanged re-send repeats a payload the log already holds
                    payload=False
                    if item.status == UNCHANGED and not item.message
                    else backend._log_payload(item.raw),
                )
            )
        if new_vals:
            bulk_create(Log, new_vals)

    def _unchanged_log_vals(self, backend, items, correlation_id, source):
        """One log row for the unchanged records of a call.

        Its payload lists each record's external id, Odoo id and payload hash
        (the message that applied that version holds the full payload).
        """
        listed = [
            {"external_id": item.external_id, "res_id": item.res_id, "payload_hash": item.hash}
            for item in items
        ]
        return backend._log_vals(
            correlation_id,
            source,
            self._object_name,
            state="skipped",
            error_category=False,
            message=_(
                "%(n)s records unchanged (same payload as the version already "
                "applied); their external ids, Odoo ids and payload hashes are "
                "in the payload",
                n=len(items),
            ),
            external_id=False,
            res_model=self._odoo_model,
            res_id=False,
            conflict_values=False,
            result_status=UNCHANGED,
            date_done=fields.Datetime.now(),
            attempts=1,
            payload_hash=False,
            payload=backend._scrub(pure_payload.canonical_json({"unchanged": listed})),
        )

    def _advance_watermark(self, backend, items):
        key = self._updated_at_key
        if not key:
            return
        stamps = [
            item.data[key]
            for item in items
            if item.status in (CREATED, UPDATED) and item.data and item.data.get(key)
        ]
        if stamps:
            backend._set_watermark(self._object_name, max(stamps))

    # ------------------------------------------------------------------
    # exports
    # ------------------------------------------------------------------
    def _export_values(self, backend, record, external_id):
        """The payload that describes ``record`` to the external system."""
        raise NotImplementedError

    def _queue_exports(self, backend, records):
        """Log one outbound message per record and enqueue one job to send them."""
        Binding = self.env["ps.sync.binding"].sudo()
        bound = {
            b.res_id: b.external_id
            for b in Binding.search(
                [
                    ("backend_id", "=", backend.id),
                    ("object_name", "=", self._object_name),
                    ("res_model", "=", self._odoo_model),
                    ("res_id", "in", records.ids),
                ]
            )
        }
        vals_list = []
        for record in records:
            external_id = bound.get(record.id) or f"odoo-{self._odoo_model}-{record.id}"
            payload = self._export_values(backend, record, external_id)
            vals_list.append(
                backend._log_vals(
                    uuid.uuid4().hex,
                    "job",
                    self._object_name,
                    direction="out",
                    state="queued",
                    external_id=external_id,
                    res_model=self._odoo_model,
                    res_id=record.id,
                    payload=backend._log_payload(payload),
                )
            )
        logs = bulk_create(self.env["ps.sync.log"].sudo(), vals_list)
        size = self._export_batch_size or len(logs) or 1
        for start in range(0, len(logs), size):
            logs[start : start + size]._enqueue_processing()
        return logs

    # ------------------------------------------------------------------
    # deletions at the source
    # ------------------------------------------------------------------
    def _can_delete(self, record):
        """Whether the source's deletion may remove ``record`` from Odoo."""
        return True

    def _apply_deletions(self, backend, deletions, correlation_id, source="job"):
        """Apply records deleted (or merged away) at the source.

        ``deletions``: ``[{"external_id", "merged_into": external id or None}]``.
        The backend's ``deletion_policy`` decides: *archive* the Odoo record
        (default), *delete* it when ``_can_delete`` allows (else archive), or
        *ignore* (log only). A merged record is archived whatever the policy
        (its data lives on in the surviving record). One log row per deletion;
        returns ``{external_id: outcome}`` with outcome ``archived``,
        ``deleted``, ``ignored`` or ``unbound``. Idempotent: a deletion whose
        record is archived already is ``unchanged``, with no write and no row.
        """
        self = self.with_context(**self._context_for_import())
        backend = backend.with_env(self.env)
        Binding = self.env["ps.sync.binding"].sudo()
        Model = self.env[self._odoo_model]
        policy = backend.deletion_policy or "archive"
        outcomes, log_vals = {}, []
        ext_ids = [d["external_id"] for d in deletions]
        bindings = {
            b.external_id: b
            for b in Binding.search(
                [
                    ("backend_id", "=", backend.id),
                    ("object_name", "=", self._object_name),
                    ("external_id", "in", ext_ids),
                ]
            )
        }
        for deletion in deletions:
            ext, merged = deletion["external_id"], deletion.get("merged_into")
            binding = bindings.get(ext)
            record = Model.browse(binding.res_id).exists() if binding else Model
            if not record:
                outcome, message = "unbound", _("deleted at the source; not in Odoo")
            elif policy == "ignore" and not merged:
                outcome, message = "ignored", _("deleted at the source; kept (policy: ignore)")
            elif policy == "delete" and not merged and self._can_delete(record):
                try:
                    with self.env.cr.savepoint():
                        record.unlink()
                        binding.unlink()
                    outcome, message = "deleted", _("deleted at the source; deleted in Odoo")
                except Exception as err:  # noqa: BLE001 - Odoo refused: archive instead
                    outcome = "archived"
                    message = _(
                        "deleted at the source; Odoo refused to delete it (%s), archived instead",
                        err,
                    )
            else:
                outcome = "archived"
                message = (
                    _("merged at the source into %s; archived", merged)
                    if merged
                    else _("deleted at the source; archived")
                )
                if policy == "delete" and not merged:
                    message = _(
                        "deleted at the source; archived, not deleted: it has "
                        "records Odoo must keep (accounting entries)"
                    )
            if outcome == "archived" and "active" in record._fields:
                if not record.active:
                    # applied before (a re-read deletion): no write, no new row
                    outcomes[ext] = "unchanged"
                    continue
                record.active = False
            outcomes[ext] = outcome
            log_vals.append(
                backend._log_vals(
                    correlation_id,
                    source,
                    self._object_name,
                    state="done" if outcome in ("archived", "deleted") else "skipped",
                    external_id=ext,
                    result_status="updated" if record else "unchanged",
                    res_model=self._odoo_model if record else False,
                    res_id=record.id if record else False,
                    message=message,
                    attempts=1,
                    date_done=fields.Datetime.now(),
                    payload=backend._log_payload(dict(deletion, deleted=True)),
                )
            )
        bulk_create(self.env["ps.sync.log"].sudo(), log_vals)
        return outcomes

    def _apply_merges(self, backend, merges, correlation_id, source="job"):
        """Records merged at the source into a survivor.

        ``merges``: ``[(survivor external id, [merged external ids])]``. A
        merge never makes a duplicate: a survivor not bound yet takes over
        the binding (and so the Odoo record) of the first merged id that has
        one, and is then applied as an update of that record; every other
        merged record is archived and loses its binding (its data lives on
        in the survivor), whatever the deletion policy. One log row per
        merged id that changed something; a merge applied before changes
        nothing. Returns ``{merged id: outcome}`` (``moved``, ``archived``).
        """
        self = self.with_context(**self._context_for_import())
        Binding = self.env["ps.sync.binding"].sudo()
        Model = self.env[self._odoo_model].with_context(active_test=False)
        wanted = {ext for survivor, merged in merges for ext in [survivor, *merged]}
        self._lock_external_ids(backend, sorted(wanted))
        bindings = {
            b.external_id: b
            for b in Binding.search(
                [
                    ("backend_id", "=", backend.id),
                    ("object_name", "=", self._object_name),
                    ("external_id", "in", sorted(wanted)),
                ]
            )
        }
        outcomes, log_vals = {}, []
        for survivor, merged in merges:
            for ext in merged:
                binding = bindings.pop(ext, None)
                if binding is None or ext == survivor:
                    continue
                record = Model.browse(binding.res_id).exists()
                if survivor not in bindings:
                    binding.external_id = survivor
                    bindings[survivor] = binding
                    outcome = "moved"
                    message = _("merged at the source into %s: its binding moved there", survivor)
                else:
                    binding.unlink()
                    if record and "active" in record._fields and record.active:
                        record.active = False
                    outcome = "archived"
                    message = _("merged at the source into %s; archived", survivor)
                outcomes[ext] = outcome
                log_vals.append(
                    backend._log_vals(
                        correlation_id,
                        source,
                        self._object_name,
                        state="done",
                        external_id=ext,
                        result_status="updated",
                        res_model=self._odoo_model if record else False,
                        res_id=record.id if record else False,
                        message=message,
                        attempts=1,
                        date_done=fields.Datetime.now(),
                        payload=backend._log_payload({"external_id": ext, "merged_into": survivor}),
                    )
                )
        bulk_create(self.env["ps.sync.log"].sudo(), log_vals)
        return outcomes

    # ------------------------------------------------------------------
    # queued messages (webhooks, connectors' pulls)
    # ------------------------------------------------------------------
    def _queue_records(self, backend, records, correlation_id, source, signature_digest=None):
        """Log records as queued messages and enqueue one job to apply them."""
        logs = bulk_create(
            self.env["ps.sync.log"].sudo(),
            [
                backend._log_vals(
                    correlation_id,
                    source,
                    self._object_name,
                    state="queued",
                    signature_digest=signature_digest,
                    external_id=pure_batch.loggable_external_id(raw),
                    payload=backend._log_payload(raw),
                )
                for raw in records
            ],
        )
        logs._enqueue_processing()
        return logs
