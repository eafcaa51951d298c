# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import logging
import threading
import time
import uuid

import psycopg2

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import frozendict

from odoo.addons.queue_job.job import identity_exact

from ..access import ADMIN, MANAGER, check_group
from ..pure import batch as pure_batch
from ..pure import payload as pure_payload
from ..pure import schema as pure_schema
from ..pure.errors import BUSINESS, DATA, TRANSIENT, RecordRejected

_logger = logging.getLogger(__name__)

#: a backend may raise its batch size up to this; more belongs in several calls
MAX_BATCH_SIZE_LIMIT = 5000
#: a call with more records than this is refused without logging each record
ABSOLUTE_MAX_RECORDS = 10 * MAX_BATCH_SIZE_LIMIT
#: most external ids one ``reconcile`` call may send
MAX_RECONCILE_IDS = 1_000_000
#: a reading of the API usage this close to the last one, and saying about
#: the same, is not written again
USAGE_QUIET = datetime.timedelta(seconds=60)


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
    _inherit = ["mail.thread", "mail.activity.mixin"]
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
    can_pull = fields.Boolean(compute="_compute_connector_features")
    can_push = fields.Boolean(compute="_compute_connector_features")
    connection_state = fields.Selection(
        [("ok", "Works"), ("failed", "Failed")],
        readonly=True,
        copy=False,
        help="What the last connection test found.",
    )
    connection_summary = fields.Char(string="Last Connection Test", readonly=True, copy=False)
    connection_detail = fields.Text(
        string="Technical Detail",
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="What the remote side or the network answered to the last connection test.",
    )
    connection_date = fields.Datetime(string="Tested On", readonly=True, copy=False)
    # what the remote system last said of its daily API allowance (connectors
    # record it: ``_ps_record_api_usage``); the operations rules read it
    api_daily_limit = fields.Integer(
        string="Daily API Allowance",
        readonly=True,
        copy=False,
        help="API calls the remote system allows per day, as it last said (0: unknown).",
    )
    api_daily_used = fields.Integer(
        string="API Calls Used Today",
        readonly=True,
        copy=False,
        help="As the remote system last said.",
    )
    api_usage_date = fields.Datetime(
        string="API Usage Read At",
        readonly=True,
        copy=False,
        help="When the API usage was last read.",
    )
    field_map_ids = fields.One2many("ps.sync.field.map", "backend_id", string="Field Mappings")
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

    def action_reset_mappings(self):
        """Button: the connector's default field mappings, again (sync managers)."""
        check_group(self.env, MANAGER, action=_("reset a backend's field mappings"))
        for backend in self:
            backend._connector()._write_default_mappings(backend)
        return True

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
    @tools.ormcache()
    def _object_handler_registry(self):
        """``{object name: (handler model, connector kinds or None)}``: every
        model inheriting ``ps.sync.object`` that declares an ``_object_name``
        (and, with ``_connector_kinds``, the backend kinds it serves; None:
        every kind). Built once per registry."""
        registry = self.env.registry
        found = {}
        for name in registry.descendants(["ps.sync.object"], "_inherit"):
            cls = registry[name]
            if not cls._object_name:
                continue
            other = found.get(cls._object_name)
            if other and name not in registry.descendants([other[0]], "_inherit"):
                if other[0] in registry.descendants([name], "_inherit"):
                    continue  # ``other`` extends this one under a new name
                raise UserError(
                    _(
                        "Two object handlers declare object %(obj)s: %(a)s and %(b)s.",
                        obj=cls._object_name,
                        a=other[0],
                        b=name,
                    )
                )
            kinds = cls._connector_kinds
            found[cls._object_name] = (name, tuple(kinds) if kinds is not None else None)
        return frozendict(found)

    @api.model
    def _object_handlers(self):
        """``{object name: handler model}``: on a backend, the handlers its
        kind takes; on no backend, every handler installed."""
        kind = self.kind if len(self) == 1 else None
        return {
            obj: self.env[name]
            for obj, (name, kinds) in self._object_handler_registry().items()
            if kind is None or kinds is None or kind in kinds
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
    # the connector of this backend's kind (see ps.sync.connector)
    # ------------------------------------------------------------------
    @api.model
    @tools.ormcache()
    def _connector_models(self):
        """``{kind: connector model name}``, from the models inheriting
        ``ps.sync.connector`` that declare a ``_kind``; built once per
        registry. When a connector is inherited under a new name, the most
        derived model serves the kind."""
        registry = self.env.registry
        found = {}
        for name in registry.descendants(["ps.sync.connector"], "_inherit"):
            kind = registry[name]._kind
            if not kind:
                continue
            other = found.get(kind)
            if other is None or name in registry.descendants([other], "_inherit"):
                found[kind] = name
            elif other not in registry.descendants([name], "_inherit"):
                raise UserError(
                    _(
                        "Two connectors serve backends of kind %(kind)s: %(a)s and %(b)s.",
                        kind=kind,
                        a=other,
                        b=name,
                    )
                )
        return frozendict(found)

    def _connector(self):
        """The connector (``ps.sync.connector`` model) of this backend's kind."""
        self.ensure_one()
        name = self._connector_models().get(self.kind)
        if not name:
            raise UserError(
                _(
                    "No connector serves backends of kind %(kind)r (backend %(code)s): "
                    "install the connector's addon, or change the backend's kind.",
                    kind=self.kind,
                    code=self.code,
                )
            )
        return self.env[name]

    @api.depends("kind")
    def _compute_connector_features(self):
        for backend in self:
            name = backend._connector_models().get(backend.kind)
            connector = self.env[name] if name else None
            backend.can_pull = bool(connector is not None and connector._can_pull)
            backend.can_push = bool(connector is not None and connector._can_push)

    @api.model_create_multi
    def create(self, vals_list):
        backends = super().create(vals_list)
        for backend in backends:
            backend._connector()._setup_backend(backend)
        return backends

    def _secrets(self):
        """Every credential of this backend, to scrub from logged text."""
        self.ensure_one()
        return self._connector()._secrets(self)

    def action_test_connection(self):
        """Button: ask the connector whether the connection works; answered
        in plain words, the technical detail kept on the backend's form.
        Only for those who may change the credentials (administrators)."""
        check_group(self.env, ADMIN, action=_("test a backend's connection"))
        self.ensure_one()
        outcome = self._connector()._test_connection(self)
        self.sudo().write(
            {
                "connection_state": "ok" if outcome.ok else "failed",
                "connection_summary": outcome.summary,
                "connection_detail": self._scrub(outcome.detail) or False,
                "connection_date": fields.Datetime.now(),
            }
        )
        if outcome.ok:
            self.message_post(body=outcome.summary)
        message = outcome.summary
        if outcome.detail and not outcome.ok:
            message = _(
                "%(summary)s (Technical detail: Connection tab of the backend.)",
                summary=outcome.summary,
            )
        return self._notify(
            _("Connection works") if outcome.ok else _("Connection failed"),
            message,
            "success" if outcome.ok else "danger",
        )

    def _ps_record_api_usage(self, used, limit, when=None):
        """Keep what the remote system says of its daily API allowance.

        Connectors call it with what an answer tells (Salesforce's
        ``Sforce-Limit-Info: api-usage=used/limit`` header or its ``/limits``
        DailyApiRequests, HubSpot's ``X-HubSpot-RateLimit-Daily`` headers or
        its daily usage endpoint). A reading that says nothing new (same
        allowance, under 1 % more or less used, the last one less than a
        minute old) is not written: busy jobs do not all rewrite the
        backend's row. A private method: no RPC caller sets it.
        """
        self.ensure_one()
        used, limit = max(int(used or 0), 0), max(int(limit or 0), 0)
        now = fields.Datetime.now()
        me = self.sudo()
        if (
            when is None
            and me.api_usage_date
            and now - me.api_usage_date < USAGE_QUIET
            and me.api_daily_limit == limit
            and abs(me.api_daily_used - used) * 100 < max(limit, 1)
        ):
            return False
        me.write({"api_daily_used": used, "api_daily_limit": limit, "api_usage_date": when or now})
        return True

    def action_pull(self):
        """Button: queue a pull of each backend (sync managers)."""
        check_group(self.env, MANAGER, action=_("pull from a backend"))
        for backend in self.sudo():
            backend._connector()  # a clear error for a kind without connector
            backend._enqueue_pull()
        return self._notify(_("Pull"), _("Pull queued."), "info")

    def action_push_status(self):
        """Button: queue the status write-back of each backend, in full."""
        check_group(self.env, MANAGER, action=_("push status to a backend"))
        for backend in self.sudo():
            backend._connector()._push(backend, full=True)
        return self._notify(_("Status"), _("Status push queued."), "info")

    @api.model
    def _notify(self, title, message, kind):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": title,
                "message": message,
                "type": kind,
                "sticky": kind == "danger",
            },
        }

    @api.model
    def _cron_pull(self, kind=None):
        """Scheduled: one pull job per active backend (of ``kind``) that pulls."""
        domain = [("kind", "=", kind)] if kind else []
        for backend in self.sudo().search(domain).filtered("can_pull"):
            backend._enqueue_pull()

    @api.model
    def _cron_push_status(self, kind=None):
        """Scheduled: queue what changed since the last push, per backend."""
        domain = [("kind", "=", kind)] if kind else []
        for backend in self.sudo().search(domain).filtered("can_push"):
            backend._connector()._push(backend)

    def _enqueue_pull(self):
        self.ensure_one()
        return self.with_delay(
            channel=self._job_channel(),
            identity_key=identity_exact,
            description=_("Pull of %s", self.code),
        )._pull()

    def _pull(self, objects=None):
        """Job: the connector's pull (a private method: no RPC caller runs it)."""
        self.ensure_one()
        return self._connector()._pull(self, objects)

    def _fetch(self, object_name, ids):
        """Job: fetch records by id from the source and apply them."""
        self.ensure_one()
        return self._connector()._fetch(self, object_name, ids)

    def _on_pull_failed(self, exc_info=None, exc_name=None, exc_message=None, **kw):
        """queue_job on_fail hook of a pull: it failed for good (retries
        exhausted, or a fault retrying cannot mend). Put it on the workbench."""
        self._log_dead_job("pull", exc_name, exc_message)

    def _on_fetch_failed(self, exc_info=None, exc_name=None, exc_message=None, **kw):
        """queue_job on_fail hook of a fetch by id: on the workbench too (the
        next pull still brings the records: polling is the safety net)."""
        self._log_dead_job("fetch", exc_name, exc_message)

    def _log_dead_job(self, job, exc_name, exc_message):
        for backend in self.sudo():
            reason = backend._scrub(exc_message or exc_name or "")
            if job == "pull":
                message = _("Pull failed for good (its job will not run again): %s", reason)
            else:
                message = _(
                    "Fetch of notified records failed for good; the next pull brings them: %s",
                    reason,
                )
            backend._log_connector_failure(
                False,
                message,
                TRANSIENT,
                state="dead",
                details={"job": job, "exception": exc_name},
            )

    def _log_connector_failure(
        self, object_name, message, category, state="failed", details=None, durable=False
    ):
        """One workbench row for a connector's failure that is no record's
        (a pull that cannot log in, an object the source refuses to list):
        one per backend, object and message while it stays open, so a fault
        repeated by every scheduled run is one row, not one per run.

        ``durable`` writes it in a transaction of its own, for a failure
        whose job is about to be rolled back (and retried); a backend this
        transaction created (not committed: a test's) is logged here.
        """
        self.ensure_one()
        if durable:
            with self.env.registry.cursor() as cr:
                backend = self.with_env(api.Environment(cr, SUPERUSER_ID, {})).exists()
                if backend:
                    backend._log_connector_failure(object_name, message, category, state, details)
                    return self.env["ps.sync.log"]
        Log = self.env["ps.sync.log"].sudo()
        domain = [
            ("backend_id", "=", self.id),
            ("state", "in", ("failed", "dead")),
            ("object_name", "=", object_name or False),
            ("external_id", "=", False),
            ("message", "=", message),
        ]
        existing = Log.search(domain, limit=1)
        if existing:
            return existing
        return Log.with_context(tracking_disable=True).create(
            self._log_vals(
                f"{self.kind}-{uuid.uuid4().hex[:12]}",
                "job",
                object_name or False,
                state=state,
                error_category=category,
                message=message,
                attempts=1,
                payload=self._log_payload(dict(details or {}, backend=self.code)),
            )
        )

    def _log_refused_delivery(self, correlation_id, object_name, message, body):
        """A signed (or otherwise authenticated) delivery refused: logged
        with the start of its body, so the sender's mistake can be seen."""
        text = body[:20000].decode("utf-8", "replace") if isinstance(body, bytes) else body
        self.env["ps.sync.log"].sudo().with_context(tracking_disable=True).create(
            self._log_vals(
                correlation_id,
                "webhook",
                object_name or False,
                state="failed",
                error_category=DATA,
                message=message,
                payload=self._scrub(str(text)[:20000]).replace("\x00", ""),
            )
        )

    def _webhook_receive(self, headers, body):
        """A signed JSON delivery for this backend (empty: the URL names none),
        taken by the connector of its kind. ``(http status, answer dict)``."""
        connector = self._connector() if self else self.env["ps.sync.connector"]
        return connector._webhook_receive(self, headers, body)

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
        """Deliver payloads through the connector; one result dict per payload
        (see ``ps.sync.connector._send``)."""
        self.ensure_one()
        return self._connector()._send(self, object_name, payloads)

    # ------------------------------------------------------------------
    # reconciliation
    # ------------------------------------------------------------------
    def _source_external_ids(self, object_name):
        """External ids the source currently has, or None if it cannot say
        (a generic backend's source pushes: see ``reconcile``)."""
        self.ensure_one()
        return self._connector()._source_external_ids(self, object_name)

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
