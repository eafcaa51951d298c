# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The connector contract: what one kind of external system does.

A backend (``ps.sync.backend``) holds identity, company, credentials,
watermarks, limits and logging. Everything that depends on the kind of
system behind it (how to log in, test the connection, pull, send, list the
source's ids, take its webhooks) lives in one connector per kind: an
AbstractModel inheriting ``ps.sync.connector`` that sets ``_kind`` to the
backend ``kind`` it serves. The backend finds it in one place,
``ps.sync.backend._connector()``. See CONNECTORS.md at the repository root.
"""

import json
import logging
import time
import uuid

import requests

from odoo import _, models
from odoo.exceptions import UserError

from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError

from ..batch_create import per_import
from ..pure import batch as pure_batch
from ..pure import connection as pure_connection
from ..pure import signature as pure_signature
from ..pure.errors import BUSINESS, TRANSIENT, SignatureError, TransientSyncError
from .ps_sync_backend import webhook_refusals

_logger = logging.getLogger(__name__)


class PsSyncConnector(models.AbstractModel):
    _name = "ps.sync.connector"
    _description = "Connector (what one kind of external system does)"

    #: the backend ``kind`` (selection value) this connector serves
    _kind = None
    #: whether the connector reads the source itself (``_pull``), and writes
    #: a status back to it (``_push``): the backend form offers the buttons
    _can_pull = False
    _can_push = False

    # ------------------------------------------------------------------
    # the contract (every method takes the backend it works for)
    # ------------------------------------------------------------------
    def _setup_backend(self, backend):
        """Defaults of a backend just created (default mappings, say)."""

    def _secrets(self, backend):
        """Every credential of ``backend``, to scrub from logged text."""
        return [backend.sudo().webhook_secret]

    def _client(self, backend):
        """A client of the external system, logged in."""
        raise UserError(
            _("Backends of kind %(kind)s have no client.", kind=self._kind_label(backend))
        )

    def _test_connection(self, backend):
        """A ``pure.connection.ConnectionOutcome``: never raises for a fault of
        the remote side, it says what it is."""
        return self._outcome(
            pure_connection.NOT_CONFIGURED,
            _("Backends of kind %s have no connection to test.", self._kind_label(backend)),
        )

    def _pull(self, backend, objects=None):
        """Job body: read what changed at the source and queue it (``objects``
        in the connector's own terms; None: everything). Returns a summary."""
        raise UserError(
            _("Backends of kind %s do not pull: their source sends.", self._kind_label(backend))
        )

    def _push(self, backend, full=False):
        """Queue what Odoo writes back to the source; returns the outbound logs."""
        raise UserError(_("Backends of kind %s write nothing back.", self._kind_label(backend)))

    def _fetch(self, backend, object_name, ids):
        """Job body: fetch records by id (a notification carried only ids)
        and apply them. Returns a summary."""
        raise UserError(_("Backends of kind %s cannot fetch records.", self._kind_label(backend)))

    def _send(self, backend, object_name, payloads):
        """Deliver payloads; one result dict per payload.

        Results: ``{"status": "done"}`` or ``{"status": "failed", "message"}``
        for a record the remote side refused. Raise TransientSyncError for
        faults worth retrying (timeouts, 5xx, rate limits).
        """
        raise UserError(_("Backends of kind %s export nothing.", self._kind_label(backend)))

    def _source_external_ids(self, backend, object_name):
        """External ids the source currently has, or None if it cannot say."""
        return None

    def _webhook_receive(self, backend, headers, body):
        """Verify, deduplicate, log and enqueue one signed JSON delivery.

        Every kind takes them (``/ps_sync/webhook/<code>``); connectors with
        endpoints of their own add routes that call their own parsing.
        ``backend`` is the backend the URL names, or an empty recordset when
        it names none (unknown or archived): that delivery is answered
        exactly like a wrongly signed one. Returns ``(http_status, answer
        dict)`` and never raises for bad input.

        Nothing unsigned touches the database: a refused signature is counted
        in a rate-limited server log line (``refusals``), not a sync log row.
        A signed delivery already accepted (a sender retrying after a lost
        answer, even signed again) is answered 200 ``duplicate`` and applied
        once. Signed deliveries with a bad body are refused and logged.
        """
        backend = backend.sudo()
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

        def refuse(status, message, object_name=None):
            backend._log_refused_delivery(
                correlation_id, object_name, _("Webhook refused: %s", message), body
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
        handlers = backend._object_handlers()
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
    # shared by connectors
    # ------------------------------------------------------------------
    def _kind_label(self, backend):
        labels = dict(backend._fields["kind"]._description_selection(self.env))
        return labels.get(backend.kind, backend.kind)

    def _reason_words(self, reason):
        """A connection problem in plain words, for the person who fixes it."""
        words = {
            pure_connection.OK: _("The connection works."),
            pure_connection.MISSING_CREDENTIALS: _(
                "A credential is missing: fill in the backend's credentials."
            ),
            pure_connection.UNREACHABLE: _(
                "The host cannot be reached: check its address, the server's network and DNS."
            ),
            pure_connection.PROXY: _(
                "The proxy refused the connection: check the server's proxy settings."
            ),
            pure_connection.TIMEOUT: _("The host did not answer in time: try again later."),
            pure_connection.TLS: _(
                "The secure connection failed (certificate or TLS): check the host's "
                "certificate and the server's clock."
            ),
            pure_connection.LOGIN_REFUSED: _(
                "The login was refused: check the credentials (and that the account is "
                "allowed to use the API)."
            ),
            pure_connection.SERVER_ERROR: _(
                "The remote system answered with an error of its own: try again later."
            ),
            pure_connection.REFUSED: _("The remote system refused the request."),
            pure_connection.NOT_CONFIGURED: _("There is no connection to test."),
            pure_connection.UNKNOWN: _("The connection failed."),
        }
        return words[reason]

    def _outcome(self, reason, summary=None, detail=""):
        """A ConnectionOutcome whose summary defaults to the reason's words."""
        return pure_connection.ConnectionOutcome(
            ok=reason == pure_connection.OK,
            reason=reason,
            summary=summary or self._reason_words(reason),
            detail=detail or "",
        )

    # ------------------------------------------------------------------
    # shared by connectors that pull (Salesforce, HubSpot)
    # ------------------------------------------------------------------
    #: ``{object in the connector's terms: object handler name}``, parents
    #: first: what a pull reads, in that order
    _handlers = {}
    #: xmlid of the activity type scheduled on the backend (once per outage)
    #: when the remote side refuses the login in a job
    _login_activity = None
    #: the exception the connector's client raises for remote faults; it
    #: carries ``kind`` (auth, limit, transient, session, scope, refused),
    #: ``message`` and ``retry_after``
    _fault_class = None

    #: ``{"in": {object: {key: source field}}, "out": {...}}``: the default
    #: field mappings a backend of this kind gets (``ps.sync.field.map``)
    _default_mappings = {}

    def _mapping_keys(self):
        """``{(object, direction): keys}`` a mapping may fill (the defaults'
        keys unless a connector allows more)."""
        return {
            (obj, direction): tuple(keys)
            for direction, objects in self._default_mappings.items()
            for obj, keys in objects.items()
        }

    def _write_default_mappings(self, backend):
        """Replace the backend's field mappings by the connector's defaults."""
        Map = self.env["ps.sync.field.map"].sudo()
        Map.search([("backend_id", "=", backend.id)]).unlink()
        Map.create(
            [
                {
                    "backend_id": backend.id,
                    "remote_object": obj,
                    "direction": direction,
                    "key": key,
                    "remote_field": remote,
                }
                for direction, objects in self._default_mappings.items()
                for obj, keys in objects.items()
                for key, remote in keys.items()
            ]
        )

    def _mapping(self, backend, obj, direction="in"):
        """``{key: source field}`` of one object and direction: the backend's
        rows, or the connector's defaults when it has none for the object.
        Read once per import batch (each of its records is mapped)."""
        return dict(
            per_import(
                self.env,
                ("field map", backend.id, obj, direction),
                lambda: self._read_mapping(backend, obj, direction),
            )
        )

    def _read_mapping(self, backend, obj, direction):
        rows = (
            self.env["ps.sync.field.map"]
            .sudo()
            .search(
                [
                    ("backend_id", "=", backend.id),
                    ("remote_object", "=", obj),
                    ("direction", "=", direction),
                ]
            )
        )
        if rows:
            return {row.key: row.remote_field for row in rows}
        return dict(self._default_mappings.get(direction, {}).get(obj, {}))

    def _handler(self, backend, obj):
        """The object handler of ``obj`` (the connector's term), as superuser
        in the backend's company."""
        return backend._get_handler(self._handlers[obj]).sudo().with_company(backend.company_id)

    def _object_of(self, object_name):
        """The connector's term for an object handler name, or None."""
        return {v: k for k, v in self._handlers.items()}.get(object_name)

    def _bound_external_ids(self, backend, handler, external_ids=None):
        """External ids of the handler's object bound on the backend."""
        domain = [("backend_id", "=", backend.id), ("object_name", "=", handler._object_name)]
        if external_ids is not None:
            domain.append(("external_id", "in", list(external_ids)))
        return self.env["ps.sync.binding"].sudo().search(domain).mapped("external_id")

    def _pull_objects(self, backend, objects=None):
        """Read what changed at the source, parents first, and queue it.

        Each object is pulled by ``_pull_object`` in a savepoint: one
        object's failure never holds back the others; it is rolled back,
        logged on the workbench with its reason, and the next object goes
        on. Only faults of the whole source (a refused login, a rate limit),
        or every object failing, end the job (and are on the workbench too).
        Returns what was read and queued, per object.
        """
        objects = objects or tuple(self._handlers)
        summary, faults = [], []
        for obj in objects:
            try:
                with self.env.cr.savepoint():
                    summary.append(f"{obj}: {self._pull_object(backend, obj)}")
            except self._fault_class as fault:
                if fault.kind == "auth":  # nothing can work: say so once, retrying won't help
                    return self._login_refused(backend, fault)
                if fault.kind == "limit":
                    self._fault(backend, fault)  # the whole source refuses: wait for the window
                faults.append(fault)
                summary.append(f"{obj}: {backend._scrub(fault.message)}")
                self._log_pull_failure(backend, obj, _("pull"), fault)
        if faults and len(faults) == len(objects):
            # nothing worked: the job retries, and its rollback must not take
            # the workbench row with it
            self._log_pull_failure(backend, None, _("pull"), faults[0], durable=True)
            self._fault(backend, faults[0])
        # the safety net: messages whose parent is bound by now (another
        # transaction bound it while they were being parked) go again
        self.env["ps.sync.log"].sudo()._release_waiting(backend)
        self._login_ok(backend)
        return "; ".join(summary)

    def _pull_object(self, backend, obj):
        """Pull one object (the connector's term) and queue what changed."""
        raise NotImplementedError

    def _fault(self, backend, fault, job=True):
        """Raise what a remote fault means for a job (or for a button)."""
        message = backend._scrub(fault.message)
        if fault.kind == "limit":
            raise (
                RetryableJobError(message, seconds=fault.retry_after, ignore_retry=True)
                if job
                else UserError(message)
            )
        if fault.kind in ("transient", "session"):
            raise RetryableJobError(message) if job else UserError(message)
        raise FailedJobError(message) if job else UserError(message)

    def _note_api_usage(self, backend, client):
        """Record on the backend what the client last heard of the daily API
        allowance (``client.api_usage``: ``(used, allowance)``, None when no
        answer said it); a job calls it once its calls are made."""
        usage = getattr(client, "api_usage", None)
        if usage and usage[1]:
            backend._ps_record_api_usage(*usage)

    def _send_fault(self, backend, fault, payloads, transient_kinds=("limit", "transient")):
        """What a remote fault of a ``_send`` call means for its payloads.

        Kinds in ``transient_kinds`` raise TransientSyncError (the core
        retries the messages; a ``limit`` postpones them without spending an
        attempt, after ``retry_after``); a refused login also tells the
        backend's responsible user (``_login_refused``); anything else fails
        every payload of the call with the reason in words.
        """
        message = backend._scrub(fault.message)
        if fault.kind in transient_kinds:
            raise TransientSyncError(
                message, retry_after=fault.retry_after, rate_limited=fault.kind == "limit"
            ) from fault
        if fault.kind == "auth":
            self._login_refused(backend, fault)
        failed = _(
            "%(words)s (%(reason)s)",
            words=self._reason_words(self._fault_reason(fault)),
            reason=message,
        )
        return [{"status": "failed", "message": failed} for __ in payloads]

    def _fault_reason(self, fault):
        """The connection reason (``pure.connection``) a remote fault means."""
        network = pure_connection.network_reason(fault)
        if network:
            return network
        if fault.kind == "auth":
            return pure_connection.LOGIN_REFUSED
        if fault.kind in ("transient", "session"):
            return pure_connection.SERVER_ERROR
        return pure_connection.REFUSED

    def _log_pull_failure(self, backend, obj, step, fault, durable=False):
        """One workbench row per object and reason (not one per pull)."""
        message = _(
            "%(system)s %(obj)s %(step)s failed: %(words)s (%(reason)s)",
            system=self._kind_label(backend),
            obj=obj or _("objects"),
            step=step,
            words=self._reason_words(self._fault_reason(fault)),
            reason=backend._scrub(fault.message),
        )
        backend._log_connector_failure(
            self._handlers[obj] if obj else False,
            message,
            TRANSIENT if fault.kind in ("transient", "session") else BUSINESS,
            details={
                "object": obj,
                "step": str(step),
                "error_code": getattr(fault, "error_code", None)
                or getattr(fault, "category", None),
            },
            durable=durable,
        )

    def _login_refused(self, backend, fault):
        """A job's login was refused: tell the responsible user once per
        outage (one open activity on the backend, whatever the number of
        runs) and put it on the workbench, with the source's own reason.
        The job ends with that reason (retrying cannot help, and a failed
        job would roll the activity back)."""
        reason = backend._scrub(fault.message)
        system = self._kind_label(backend)
        me = backend.sudo()
        activity_type = self.env.ref(self._login_activity, raise_if_not_found=False)
        if activity_type and not me.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        ):
            user = me.user_id or self.env.ref("base.user_admin")
            me.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id,
                summary=_("%(system)s login refused on %(code)s", system=system, code=me.code),
                note=_(
                    "%s Fix the backend's credentials, then use Test connection. Pulls "
                    "and pushes resume on their own.",
                    reason,
                ),
            )
        me._log_connector_failure(
            False,
            _(
                "%(system)s cannot be used: %(words)s (%(reason)s)",
                system=system,
                words=self._reason_words(self._fault_reason(fault)),
                reason=reason,
            ),
            BUSINESS,
            details={"error_code": getattr(fault, "error_code", None)},
        )
        _logger.warning("%s backend %s: %s", system, backend.code, reason)
        return reason

    def _login_ok(self, backend):
        """A login worked: the outage is over (its activity done); the next
        refusal will tell someone again."""
        activity_type = self.env.ref(self._login_activity or "", raise_if_not_found=False)
        if not activity_type:
            return
        activities = backend.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        if activities:
            activities.action_feedback(
                feedback=_("%s accepts the login again.", self._kind_label(backend))
            )


class PsSyncConnectorGeneric(models.AbstractModel):
    """Generic backends: the source pushes (RPC ``ingest``, signed JSON
    webhooks); exports are POSTed as signed JSON to the outbound URL."""

    _name = "ps.sync.connector.generic"
    _inherit = "ps.sync.connector"
    _description = "Connector: generic API"

    _kind = "generic"

    def _send(self, backend, object_name, payloads):
        if not backend.outbound_url:
            raise UserError(_("Backend %s has no outbound URL to export to.", backend.code))
        body = json.dumps({"object": object_name, "records": payloads}).encode()
        headers = {"Content-Type": "application/json"}
        secret = backend.sudo().webhook_secret
        if secret:
            headers[pure_signature.HEADER] = pure_signature.header_value(secret, time.time(), body)
        url = backend.outbound_url
        try:
            response = requests.post(
                url, data=body, headers=headers, timeout=backend.outbound_timeout or 30
            )
        except requests.RequestException as err:
            raise TransientSyncError(backend._scrub(f"{url}: {err}")) from err
        if response.status_code == 429 or response.status_code >= 500:
            retry_after = response.headers.get("Retry-After")
            raise TransientSyncError(
                f"{url} answered {response.status_code}",
                retry_after=int(retry_after) if retry_after and retry_after.isdigit() else None,
            )
        if response.status_code >= 400:
            text = backend._scrub(response.text[:500])
            return [
                {"status": "failed", "message": f"refused ({response.status_code}): {text}"}
                for __ in payloads
            ]
        return [{"status": "done"} for __ in payloads]

    def _test_connection(self, backend):
        """Whether the outbound URL answers (any HTTP answer: nothing is sent)."""
        if not backend.outbound_url:
            return self._outcome(
                pure_connection.NOT_CONFIGURED,
                _(
                    "Nothing to test: a generic backend receives its records (RPC, "
                    "webhooks); set an Outbound URL to test where exports go."
                ),
            )
        try:
            response = requests.head(
                backend.outbound_url, timeout=backend.outbound_timeout or 30, allow_redirects=True
            )
        except requests.RequestException as err:
            reason = pure_connection.network_reason(err) or pure_connection.UNKNOWN
            return self._outcome(reason, detail=backend._scrub(f"{backend.outbound_url}: {err}"))
        detail = f"HEAD {backend.outbound_url}: HTTP {response.status_code}"
        if response.status_code >= 500:
            return self._outcome(pure_connection.SERVER_ERROR, detail=detail)
        return self._outcome(
            pure_connection.OK,
            _("The outbound URL answers (HTTP %s).", response.status_code),
            detail,
        )
