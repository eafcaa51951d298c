# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging
import threading
import time
import uuid

import psycopg2
import requests

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..access import MANAGER, check_group
from ..pure import batch as pure_batch
from ..pure import payload as pure_payload
from ..pure import schema as pure_schema
from ..pure import signature as pure_signature
from ..pure.errors import (
    BUSINESS,
    DATA,
    RecordRejected,
    SignatureError,
    TransientSyncError,
)

_logger = logging.getLogger(__name__)

#: a backend may raise its batch size up to this; more belongs in several calls
MAX_BATCH_SIZE_LIMIT = 5000
#: a call with more records than this is refused without logging each record
ABSOLUTE_MAX_RECORDS = 10 * MAX_BATCH_SIZE_LIMIT
#: most external ids one ``reconcile`` call may send
MAX_RECONCILE_IDS = 1_000_000


class _RefusalCounter:
    """Refused webhook signatures, logged as one line a minute per process.

    Unauthenticated traffic must not write to the database, nor flood the
    server log: refusals are counted by reason and summarised.
    """

    def __init__(self, every=60.0):
        self.every = every
        self.counts = {}
        self.last = 0.0
        self.lock = threading.Lock()

    def note(self, reason):
        with self.lock:
            kind = reason.split(":")[0][:60]
            self.counts[kind] = self.counts.get(kind, 0) + 1
            now = time.monotonic()
            if now - self.last < self.every:
                return
            summary = ", ".join(f"{n} x {k}" for k, n in sorted(self.counts.items()))
            self.counts, self.last = {}, now
        _logger.warning("webhook deliveries refused (signature): %s", summary)


webhook_refusals = _RefusalCounter()


class IngestError(UserError):
    """A whole call to ``ingest`` is refused (not one record of it)."""


class PsSyncBackend(models.Model):
    _name = "ps.sync.backend"
    _description = "Synchronisation Backend"
    _inherit = ["mail.thread"]
    _order = "company_id, name"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        copy=False,
        tracking=True,
        help="Stable identifier external systems pass to the inbound API "
        "(ingest) and put in webhook URLs.",
    )
    kind = fields.Selection(
        [("generic", "Generic API (push by RPC or webhook)")],
        required=True,
        default="generic",
        tracking=True,
        help="The kind of external system; connector addons add theirs.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        tracking=True,
        help="Records received through this backend belong to this company.",
    )
    active = fields.Boolean(default=True, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        help="Told (activity) when a message fails for good on this backend.",
    )
    channel_id = fields.Many2one(
        "queue.job.channel",
        string="Job Channel",
        compute="_compute_channel_id",
        store=True,
        readonly=False,
        help="Queue channel of this backend's jobs (root.ps_sync.<kind> by "
        "default); its capacity is set in the job runner configuration.",
    )
    max_batch_size = fields.Integer(
        default=1000,
        required=True,
        help="Most records one ingest call or webhook delivery may carry "
        f"(at most {MAX_BATCH_SIZE_LIMIT}).",
    )
    max_attempts = fields.Integer(
        default=5,
        required=True,
        help="Attempts a message gets for transient faults before it is dead "
        "and the responsible user is told.",
    )
    webhook_secret = fields.Char(
        groups="base.group_system",
        copy=False,
        help="Shared secret of the HMAC-SHA256 webhook signature.",
    )
    outbound_url = fields.Char(
        string="Outbound URL",
        help="Generic backends: where exports are POSTed as signed JSON "
        "({'object', 'records'}, same X-PS-Signature scheme as inbound webhooks).",
    )
    outbound_timeout = fields.Integer(string="Outbound Timeout (s)", default=30)
    webhook_tolerance = fields.Integer(
        string="Webhook Tolerance (s)",
        default=300,
        required=True,
        help="Deliveries signed longer ago than this are refused as stale.",
    )
    deletion_policy = fields.Selection(
        [
            ("archive", "Archive the Odoo record"),
            ("delete", "Delete it when nothing depends on it, else archive"),
            ("ignore", "Keep it (log only)"),
        ],
        default="archive",
        required=True,
        help="What a record deleted at the source does to its Odoo record. "
        "Records merged away at the source are always archived.",
    )
    ownership_ids = fields.One2many(
        "ps.sync.field.ownership", "backend_id", string="Field Ownership"
    )
    watermark_ids = fields.One2many("ps.sync.watermark", "backend_id", string="Watermarks")
    binding_count = fields.Integer(compute="_compute_counts")
    log_count = fields.Integer(compute="_compute_counts")
    exception_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        ("code_unique", "unique(code)", "A backend code must be unique."),
        (
            "max_batch_size_positive",
            f"CHECK(max_batch_size > 0 AND max_batch_size <= {MAX_BATCH_SIZE_LIMIT})",
            f"The batch size must be between 1 and {MAX_BATCH_SIZE_LIMIT}.",
        ),
        (
            "webhook_tolerance_positive",
            "CHECK(webhook_tolerance > 0)",
            "The webhook tolerance must be positive.",
        ),
    ]

    @api.depends("kind")
    def _compute_channel_id(self):
        Channel = self.env["queue.job.channel"].sudo()
        for backend in self:
            name = f"root.ps_sync.{backend.kind}"
            channel = Channel.search([("complete_name", "=", name)], limit=1)
            backend.channel_id = channel or self.env.ref(
                "ps_sync_core.channel_ps_sync", raise_if_not_found=False
            )

    def _compute_counts(self):
        for field, model, domain in (
            ("binding_count", "ps.sync.binding", []),
            ("log_count", "ps.sync.log", []),
            ("exception_count", "ps.sync.log", [("state", "in", ("failed", "dead"))]),
        ):
            groups = self.env[model]._read_group(
                [("backend_id", "in", self.ids)] + domain, ["backend_id"], ["__count"]
            )
            counts = {backend.id: count for backend, count in groups}
            for backend in self:
                backend[field] = counts.get(backend.id, 0)

    @api.constrains("code")
    def _check_code(self):
        for backend in self:
            if not backend.code or any(c.isspace() or c == "/" for c in backend.code):
                raise ValidationError(
                    _("Backend code %r may not contain spaces or slashes.", backend.code)
                )

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def _action_open(self, model, name, domain, context=None):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "list,form",
            "domain": [("backend_id", "=", self.id)] + domain,
            "context": dict(context or {}, default_backend_id=self.id),
        }

    def action_open_bindings(self):
        return self._action_open("ps.sync.binding", _("Bindings"), [])

    def action_open_logs(self):
        return self._action_open("ps.sync.log", _("Sync Log"), [])

    def action_open_exceptions(self):
        return self._action_open(
            "ps.sync.log", _("Exceptions"), [("state", "in", ("failed", "dead"))]
        )

    def action_generate_webhook_secret(self):
        self.ensure_one()
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(_("Only administrators can set webhook secrets."))
        self.sudo().webhook_secret = uuid.uuid4().hex + uuid.uuid4().hex
        self.message_post(body=_("A new webhook secret was generated."))
        return True

    def action_reconcile(self):
        check_group(self.env, MANAGER, action=_("start a reconciliation"))
        self.env["ps.sync.reconciliation"]._reconcile_backends(self)
        return self._action_open("ps.sync.reconciliation", _("Reconciliation"), [])

    # ------------------------------------------------------------------
    # object handlers, ownership, watermarks, secrets
    # ------------------------------------------------------------------
    @api.model
    def _object_handlers(self):
        """{object_name: handler model} for every installed object handler."""
        prefix = "ps.sync.object."
        return {
            self.env[name]._object_name: self.env[name]
            for name in self.env.registry
            if name.startswith(prefix) and self.env[name]._object_name
        }

    @api.model
    def _object_selection(self):
        return sorted(
            (name, handler._description) for name, handler in self._object_handlers().items()
        )

    def _get_handler(self, object_name):
        handlers = self._object_handlers()
        handler = handlers.get(object_name) if isinstance(object_name, str) else None
        if handler is None:
            known = ", ".join(sorted(handlers)) or "none"
            raise IngestError(
                _(
                    "unknown object %(obj)r; this Odoo accepts: %(known)s",
                    obj=pure_batch.loggable_text(object_name),
                    known=known,
                )
            )
        return handler

    def _field_owners(self, object_name):
        """{odoo field name: 'source' | 'odoo'} configured for one object."""
        self.ensure_one()
        rows = (
            self.env["ps.sync.field.ownership"]
            .sudo()
            .search([("backend_id", "=", self.id), ("object_name", "=", object_name)])
        )
        return {row.field_id.name: row.owner for row in rows}

    def _get_watermark(self, object_name):
        self.ensure_one()
        mark = (
            self.env["ps.sync.watermark"]
            .sudo()
            .search([("backend_id", "=", self.id), ("object_name", "=", object_name)], limit=1)
        )
        return mark.value

    def _set_watermark(self, object_name, value):
        """Move the object's watermark forward to ``value`` (never backward)."""
        self.ensure_one()
        if not value:
            return
        Watermark = self.env["ps.sync.watermark"].sudo()
        mark = Watermark.search(
            [("backend_id", "=", self.id), ("object_name", "=", object_name)], limit=1
        )
        value = fields.Datetime.to_datetime(value)
        if not mark:
            Watermark.create({"backend_id": self.id, "object_name": object_name, "value": value})
        elif not mark.value or mark.value < value:
            mark.value = value

    def _secrets(self):
        """Every credential of this backend, to scrub from logged text."""
        self.ensure_one()
        return [self.sudo().webhook_secret]

    def _scrub(self, text):
        return pure_payload.scrub(text, self._secrets())

    def _log_vals(self, correlation_id, source, object_name, direction="in", **values):
        """The columns every sync log row of this backend starts with."""
        self.ensure_one()
        return dict(
            values,
            name=correlation_id,
            backend_id=self.id,
            company_id=self.company_id.id,
            direction=direction,
            source=source,
            object_name=object_name,
        )

    def _log_payload(self, raw):
        """The text a message's payload is logged as: secrets masked and scrubbed.

        A payload too large or too deeply nested to keep is logged as a short
        preview saying so (its record was rejected for that very reason).
        """
        try:
            pure_schema.check_shape(raw)
            text = pure_payload.canonical_json(pure_payload.mask(raw))
        except (RecordRejected, RecursionError, ValueError, TypeError) as err:
            text = _(
                "[payload not kept: %(why)s] external_id: %(ext)s",
                why=err,
                ext=pure_batch.loggable_external_id(raw),
            )
        return self._scrub(text) if self else text

    def _job_channel(self):
        self.ensure_one()
        return self.channel_id.complete_name or "root.ps_sync"

    # ------------------------------------------------------------------
    # inbound API
    # ------------------------------------------------------------------
    @api.model
    def ingest(self, backend_code, object_name, records, correlation_id=None):
        """Upsert a batch of records from an external system.

        Called over XML-RPC / JSON-RPC::

            execute_kw(db, uid, password, 'ps.sync.backend', 'ingest',
                       [backend_code, object_name, records])

        Returns one result per record, in input order:
        ``{"external_id", "status", "res_id", "message"}`` with status one of
        ``created``, ``updated``, ``unchanged``, ``rejected``; ``res_id`` is the
        Odoo id, or false when rejected. A rejected record never stops the
        others. When the batch as a whole cannot be taken (unknown backend or
        object, a backend of another company, an archived backend, more
        records than the backend's ``max_batch_size``), every record is
        rejected with that reason and logged, so it can be replayed once the
        cause is fixed. Only a ``records`` argument that is not a list, or a
        caller without the integration right, raises an error.
        """
        self._check_ingest_access()
        if not isinstance(records, list | tuple):
            raise IngestError(
                _("'records' must be a list of structs, got %s.", type(records).__name__)
            )
        if len(records) > ABSOLUTE_MAX_RECORDS:
            raise IngestError(
                _(
                    "%(n)s records in one call; batches are limited to %(max)s.",
                    n=len(records),
                    max=MAX_BATCH_SIZE_LIMIT,
                )
            )
        if not records:
            return []
        correlation_id = (
            pure_batch.loggable_text(correlation_id) if correlation_id else uuid.uuid4().hex
        )
        backend = self.browse()
        try:
            backend = self._ingest_backend(backend_code)
            handler = backend._get_handler(object_name)
            if len(records) > backend.max_batch_size:
                raise IngestError(
                    _(
                        "this batch has %(n)s records; backend %(code)s accepts at "
                        "most %(max)s per call: split it into smaller batches",
                        n=len(records),
                        code=backend.code,
                        max=backend.max_batch_size,
                    )
                )
        except IngestError as err:
            return self._refuse_batch(backend, object_name, list(records), correlation_id, str(err))
        company = backend.company_id
        try:
            return (
                handler.sudo()
                .with_company(company)
                ._import(
                    backend.sudo().with_company(company),
                    list(records),
                    correlation_id=correlation_id,
                    source="rpc",
                )
            )
        except (psycopg2.OperationalError, UserError):
            raise  # retried by Odoo (concurrency), or a clear refusal
        except Exception:
            # every record's own fault is its rejection; reaching here is a defect
            # of ours: the sender gets an incident number, never a traceback
            incident = uuid.uuid4().hex[:12]
            _logger.exception(
                "ingest %s (%s) failed as a whole: incident %s",
                correlation_id,
                backend.code,
                incident,
            )
            raise IngestError(
                _(
                    "the batch could not be applied because of an internal error "
                    "(incident %(incident)s, correlation id %(cid)s); nothing was "
                    "applied. Send it again later or report the incident.",
                    incident=incident,
                    cid=correlation_id,
                )
            ) from None

    @api.model
    def _check_ingest_access(self):
        user = self.env.user
        if self.env.su:  # server-side callers (connector jobs, scripts)
            return
        if not (
            user.has_group("ps_sync_core.group_integration")
            or user.has_group("ps_sync_core.group_sync_manager")
        ):
            raise AccessError(
                _(
                    "User %s may not call the inbound API: it needs the "
                    "'Integration user (RPC)' or 'Sync manager' group.",
                    user.login,
                )
            )

    @api.model
    def _ingest_backend(self, backend_code):
        """The backend an external call names, or IngestError saying why not."""
        if (
            not isinstance(backend_code, str)
            or not backend_code
            or "\x00" in backend_code
            or len(backend_code) > 64
        ):
            raise IngestError(
                _("'backend_code' must be a non-empty string of at most 64 characters")
            )
        backend = (
            self.sudo()
            .with_context(active_test=False)
            .search([("code", "=", backend_code)], limit=1)
        )
        if not backend:
            raise IngestError(_("unknown backend code %r", backend_code))
        user = self.env.user
        if backend.company_id not in user.sudo().company_ids:
            raise IngestError(
                _(
                    "backend %(code)s belongs to company %(company)s, which user "
                    "%(login)s may not write to",
                    code=backend_code,
                    company=backend.company_id.name,
                    login=user.login,
                )
            )
        if not backend.active:
            raise IngestError(_("backend %s is archived", backend_code))
        return backend

    @api.model
    def _refuse_batch(self, backend, object_name, records, correlation_id, reason):
        """Reject every record of a batch for one reason, and log each."""
        backend = backend.sudo()
        if backend and backend.company_id not in self.env.user.sudo().company_ids:
            backend = backend.browse()  # never log into another company's backend
        message = _("batch refused: %s", reason)
        results, vals_list = [], []
        for raw in records:
            ext = pure_batch.loggable_external_id(raw)
            results.append(
                {"external_id": ext, "status": "rejected", "res_id": False, "message": message}
            )
            vals_list.append(
                {
                    "name": correlation_id,
                    "backend_id": backend.id or False,
                    "company_id": (backend.company_id or self.env.company).id,
                    "direction": "in",
                    "source": "rpc",
                    "object_name": pure_batch.loggable_text(object_name),
                    "external_id": ext,
                    "state": "failed",
                    "error_category": BUSINESS,
                    "result_status": "rejected",
                    "attempts": 1,
                    "message": message,
                    "payload": backend._log_payload(raw),
                }
            )
        self.env["ps.sync.log"].sudo().with_context(tracking_disable=True).create(vals_list)
        _logger.info("ingest refused %s records (%s): %s", len(records), correlation_id, reason)
        return results

    # ------------------------------------------------------------------
    # webhooks
    # ------------------------------------------------------------------
    def _webhook_receive(self, headers, body):
        """Verify, deduplicate, log and enqueue one webhook delivery.

        ``self`` is the backend the URL names, or an empty recordset when it
        names none (unknown or archived): that delivery is answered exactly
        like a wrongly signed one. Returns ``(http_status, answer dict)`` and
        never raises for bad input.

        Nothing unsigned touches the database: a refused signature is counted
        in a rate-limited server log line (``refusals``), not a sync log row.
        A signed delivery already accepted (a sender retrying after a lost
        answer, even signed again) is answered 200 ``duplicate`` and applied
        once. Signed deliveries with a bad body are refused and logged.
        """
        backend = self.sudo()
        try:
            pure_signature.verify(
                backend.webhook_secret if backend else None,
                headers.get(pure_signature.HEADER),
                body,
                now=time.time(),
                tolerance=backend.webhook_tolerance if backend else 300,
            )
        except SignatureError as err:
            webhook_refusals.note(str(err))
            return 401, {"status": "rejected", "message": str(err)}
        backend.ensure_one()
        correlation_id = uuid.uuid4().hex
        Log = self.env["ps.sync.log"].sudo().with_context(tracking_disable=True)

        def refuse(status, message, object_name=None):
            Log.create(
                backend._log_vals(
                    correlation_id,
                    "webhook",
                    object_name,
                    state="failed",
                    error_category=DATA,
                    message=_("Webhook refused: %s", message),
                    payload=backend._scrub(
                        body[:20000].decode("utf-8", "replace")
                        if isinstance(body, bytes)
                        else str(body)[:20000]
                    ).replace("\x00", ""),
                )
            )
            return status, {
                "status": "rejected",
                "message": message,
                "correlation_id": correlation_id,
            }

        try:
            message = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError) as err:
            return refuse(400, _("body is not valid JSON: %s", err))
        if not isinstance(message, dict):
            return refuse(400, _("body must be a JSON object"))
        object_name = message.get("object")
        records = message.get("records")
        handlers = self._object_handlers()
        if not isinstance(object_name, str) or object_name not in handlers:
            return refuse(
                400,
                _(
                    "unknown object %(obj)r; known: %(known)s",
                    obj=pure_batch.loggable_text(object_name),
                    known=", ".join(sorted(handlers)),
                ),
            )
        if not isinstance(records, list) or not records:
            return refuse(400, _("'records' must be a non-empty list"), object_name=object_name)
        if len(records) > backend.max_batch_size:
            return refuse(
                413,
                _(
                    "%(n)s records in one delivery; at most %(max)s",
                    n=len(records),
                    max=backend.max_batch_size,
                ),
                object_name=object_name,
            )
        if message.get("correlation_id"):
            correlation_id = pure_batch.loggable_text(message["correlation_id"])
        digest = pure_signature.body_digest(body)
        earlier = (
            self.env["ps.sync.webhook.delivery"].sudo()._claim(backend, digest, correlation_id)
        )
        if earlier is not None:
            return 200, {
                "status": "duplicate",
                "correlation_id": earlier,
                "message": _("already received; applied once"),
            }
        logs = (
            handlers[object_name]
            .sudo()
            ._queue_records(
                backend,
                records,
                correlation_id=correlation_id,
                source="webhook",
                signature_digest=digest,
            )
        )
        return 202, {"status": "accepted", "correlation_id": correlation_id, "queued": len(logs)}

    # ------------------------------------------------------------------
    # exports
    # ------------------------------------------------------------------
    def export_records(self, object_name, res_ids):
        """Queue the export of Odoo records to this backend; returns log ids.

        One outbound message per record, logged with its payload, sent by one
        job on the backend's channel. Callable from code, RPC and buttons by
        sync managers.
        """
        check_group(self.env, MANAGER, action=_("export records to a backend"))
        self.ensure_one()
        handler = self._get_handler(object_name).sudo().with_company(self.company_id)
        records = self.env[handler._odoo_model].browse(res_ids).exists()
        return handler._queue_exports(self.sudo(), records).ids

    def _send(self, object_name, payloads):
        """Deliver payloads to the external system; one result dict per payload.

        Results: ``{"status": "done"}`` or ``{"status": "failed", "message"}``
        for a record the remote side refused. Raise TransientSyncError for
        faults worth retrying (timeouts, 5xx, rate limits). Connectors override
        this; the generic kind POSTs signed JSON to ``outbound_url``.
        """
        self.ensure_one()
        if self.kind != "generic":
            raise NotImplementedError(f"{self.kind} backends must implement _send")
        if not self.outbound_url:
            raise UserError(_("Backend %s has no outbound URL to export to.", self.code))
        body = json.dumps({"object": object_name, "records": payloads}).encode()
        headers = {"Content-Type": "application/json"}
        secret = self.sudo().webhook_secret
        if secret:
            headers[pure_signature.HEADER] = pure_signature.header_value(secret, time.time(), body)
        try:
            response = requests.post(
                self.outbound_url, data=body, headers=headers, timeout=self.outbound_timeout or 30
            )
        except requests.RequestException as err:
            raise TransientSyncError(self._scrub(f"{self.outbound_url}: {err}")) from err
        if response.status_code == 429 or response.status_code >= 500:
            retry_after = response.headers.get("Retry-After")
            raise TransientSyncError(
                f"{self.outbound_url} answered {response.status_code}",
                retry_after=int(retry_after) if retry_after and retry_after.isdigit() else None,
            )
        if response.status_code >= 400:
            text = self._scrub(response.text[:500])
            return [
                {"status": "failed", "message": f"refused ({response.status_code}): {text}"}
                for __ in payloads
            ]
        return [{"status": "done"} for __ in payloads]

    # ------------------------------------------------------------------
    # reconciliation
    # ------------------------------------------------------------------
    def _source_external_ids(self, object_name):
        """External ids the source currently has, or None if it cannot say.

        A generic backend cannot be asked (its source pushes, see
        ``reconcile``); connectors override this with a query of their source.
        """
        return None

    @api.model
    def reconcile(self, backend_code, object_name, external_ids):
        """RPC: the source sends every external id it has for one object.

        Odoo compares them with its bindings and answers the counts; drift is
        recorded as an exception on the workbench.
        """
        self._check_ingest_access()
        backend = self._ingest_backend(backend_code)
        backend._get_handler(object_name)
        if not isinstance(external_ids, list | tuple) or not all(
            isinstance(e, str | int) and not isinstance(e, bool) for e in external_ids
        ):
            raise IngestError(_("'external_ids' must be a list of strings."))
        if len(external_ids) > MAX_RECONCILE_IDS:
            raise IngestError(
                _("at most %s external ids per reconciliation call", MAX_RECONCILE_IDS)
            )
        rec = (
            self.env["ps.sync.reconciliation"]
            .sudo()
            ._reconcile(backend.sudo(), object_name, external_ids)
        )
        return {
            "state": rec.state,
            "source_count": rec.source_count,
            "binding_count": rec.binding_count,
            "missing_in_odoo": rec.missing_in_odoo,
            "missing_in_source": rec.missing_in_source,
            "dangling": rec.dangling_count,
            "details": rec.details,
        }
