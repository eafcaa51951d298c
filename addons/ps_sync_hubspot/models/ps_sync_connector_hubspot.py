# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The HubSpot connector (hubspot-api-client through ``pure.client``)."""

import datetime
import logging
import uuid

from odoo import _, api, fields, models

from odoo.addons.ps_sync_core.models.ps_sync_api_call import SharedGate
from odoo.addons.ps_sync_core.pure import connection as pure_connection
from odoo.addons.queue_job.job import identity_exact

from ..pure import client as pure_client
from ..pure import events as pure_events
from ..pure import mapping as pure_mapping
from ..pure import ratelimit as pure_rate
from ..pure import window as pure_window

_logger = logging.getLogger(__name__)

#: the HubSpot object types pulled, parents first, and the handler of each
HANDLERS = {"companies": "hs_company", "contacts": "hs_contact", "deals": "hs_deal"}
ARCHIVE_MARK = ":archived"


class PsSyncConnectorHubspot(models.AbstractModel):
    """HubSpot companies, contacts and closed-won deals in, through the
    search API (incremental by last modification, past its 10,000-result
    cap) and batch reads; archived and merged records by the backend's
    deletion policy; deal and company status out by batch update. The
    backend's ``hs_*`` fields are its settings."""

    _name = "ps.sync.connector.hubspot"
    _inherit = "ps.sync.connector"
    _description = "Connector: HubSpot"

    _kind = "hubspot"
    _can_pull = True
    _can_push = True
    _login_activity = "ps_sync_hubspot.mail_activity_hs_login_refused"
    _fault_class = pure_client.HubSpotFault
    _handlers = HANDLERS
    _default_mappings = {"in": pure_mapping.DEFAULT_IN, "out": pure_mapping.DEFAULT_OUT}

    # ------------------------------------------------------------------
    # setup, secrets, mappings, client
    # ------------------------------------------------------------------
    def _setup_backend(self, backend):
        if not backend.field_map_ids:
            self._write_default_mappings(backend)

    def _secrets(self, backend):
        me = backend.sudo()
        return super()._secrets(backend) + [
            me.hs_access_token,
            me.hs_client_secret,
            me.hs_refresh_token,
        ]

    def _missing_credentials(self, backend):
        me = backend.sudo()
        needed = (
            ["hs_access_token"]
            if me.hs_auth != "oauth"
            else ["hs_client_id", "hs_client_secret", "hs_refresh_token"]
        )
        return [me._fields[n].get_description(self.env)["string"] for n in needed if not me[n]]

    def _gate(self, backend):
        """The backend's rate gate, shared through the database by every
        worker and job runner (``ps.sync.api.call``): 80 % of the burst per
        10 seconds for every call, 80 % of the search limit per second."""
        burst, __ = backend._hs_limits()
        return SharedGate(self.env, backend.id, pure_rate.buckets(burst))

    def _client(self, backend):
        me = backend.sudo()
        if self._missing_credentials(backend):
            raise pure_client.HubSpotFault(
                "auth",
                _(
                    "A HubSpot credential is missing: %s",
                    ", ".join(self._missing_credentials(backend)),
                ),
            )
        oauth = None
        if me.hs_auth == "oauth":
            oauth = (me.hs_client_id, me.hs_client_secret, me.hs_refresh_token)

        def store(access, refresh):
            if refresh and refresh != me.hs_refresh_token:
                me.hs_refresh_token = refresh

        return pure_client.HubSpotClient(
            access_token=me.hs_access_token if me.hs_auth != "oauth" else None,
            oauth=oauth,
            host=me.hs_host or pure_client.API,
            timeout=me.hs_timeout or 30,
            gate=self._gate(backend),
            on_token=store,
        )

    def _fault_reason(self, fault):
        if fault.kind == "scope":
            return pure_connection.REFUSED
        return super()._fault_reason(fault)

    # ------------------------------------------------------------------
    # test connection
    # ------------------------------------------------------------------
    def _test_connection(self, backend):
        missing = self._missing_credentials(backend)
        if missing:
            return self._outcome(
                pure_connection.MISSING_CREDENTIALS,
                _(
                    "A credential is missing: %(missing)s. Fill it in on the HubSpot tab "
                    "of the backend.",
                    missing=", ".join(missing),
                ),
            )
        try:
            client = self._client(backend)
            account = client.account()
            portal = str(account.get("portalId") or "")
            me = backend.sudo()
            if me.hs_portal_id and me.hs_portal_id != portal:
                return self._outcome(
                    pure_connection.REFUSED,
                    _(
                        "The token belongs to portal %(got)s, not to this backend's portal "
                        "%(want)s: nothing was read. Use the token of portal %(want)s.",
                        got=portal,
                        want=me.hs_portal_id,
                    ),
                )
            missing_scopes = client.missing_scopes()
            used, limit = client.daily_usage()
        except pure_client.HubSpotFault as fault:
            return self._outcome(self._fault_reason(fault), detail=backend._scrub(fault.message))
        if used is None and client.api_usage:  # the endpoint said nothing: the headers did
            used, limit = client.api_usage
        __, daily = backend._hs_limits()
        limit = limit or daily
        now = fields.Datetime.now()
        me.write(
            {
                "hs_portal_id": portal,
                "hs_missing_scopes": ", ".join(missing_scopes) or False,
                "hs_checked_at": now,
            }
        )
        if limit and used is not None:
            backend._ps_record_api_usage(used, limit, when=now)
        self._login_ok(backend)
        left = (limit - (used or 0)) if limit else None
        summary = _(
            "Connected to HubSpot portal %(portal)s (%(type)s, %(currency)s). API calls "
            "left today: %(left)s of %(limit)s.",
            portal=portal,
            type=account.get("accountType") or "?",
            currency=account.get("companyCurrency") or "?",
            left=left if left is not None else "?",
            limit=limit or "?",
        )
        if missing_scopes:
            return self._outcome(
                pure_connection.REFUSED,
                summary
                + " "
                + _(
                    "The app lacks these scopes: %s. Add them to the app and install it again.",
                    ", ".join(missing_scopes),
                ),
            )
        return self._outcome(pure_connection.OK, summary)

    # ------------------------------------------------------------------
    # pulls
    # ------------------------------------------------------------------
    def _pull(self, backend, objects=None):
        """Companies, contacts, then won deals (``objects``: HubSpot object types)."""
        return self._pull_objects(backend, objects)

    def _pull_object(self, backend, object_type):
        """Pull one object type since its watermark (all of it the first time).

        The window ends where the pull starts; the watermark moves to that
        end, and the next pull starts there minus the overlap window.
        """
        handler = self._handler(backend, object_type)
        client = self._client(backend)
        mark = backend._get_watermark(handler._object_name)
        overlap = datetime.timedelta(seconds=backend.hs_overlap_seconds or 0)
        since = (mark - overlap) if mark else None
        until = pure_window.now_utc()
        correlation = f"hs-{object_type}-{uuid.uuid4().hex[:12]}"
        properties = self._properties(backend, object_type)
        counts = {}
        for page in pure_window.changed_ids(
            lambda body: client.search(object_type, body),
            object_type,
            since,
            until,
            properties,
            limit=pure_window.PAGE_MAX,  # 200 a page: one call per 200 records read
        ):
            records = self._enrich(backend, client, object_type, page)
            merges = [
                (r["id"], pure_mapping.merged_ids(r)) for r in records if pure_mapping.merged_ids(r)
            ]
            if merges:
                handler._apply_merges(backend, merges, correlation)
                counts["merged"] = counts.get("merged", 0) + len(merges)
            records, echoes = handler._drop_echoes(backend, records)
            if echoes:
                counts["echoes skipped"] = counts.get("echoes skipped", 0) + echoes
            for start in range(0, len(records), backend.max_batch_size):
                chunk = records[start : start + backend.max_batch_size]
                handler._queue_records(backend, chunk, correlation_id=correlation, source="job")
                counts["queued"] = counts.get("queued", 0) + len(chunk)
        if since is not None:
            counts.update(
                self._pull_archived(backend, object_type, handler, client, since, correlation)
            )
        backend._set_watermark(handler._object_name, until.replace(tzinfo=None))
        self._note_api_usage(backend, client)
        return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing new"

    def _properties(self, backend, object_type):
        """The properties a pull or a fetch reads: the mapped ones, the
        modification time, the merged ids."""
        mapping = self._mapping(backend, object_type)
        return sorted(
            {p for p in mapping.values() if p}
            | {pure_window.MODIFIED.get(object_type, "hs_lastmodifieddate"), "hs_merged_object_ids"}
        )

    def _enrich(self, backend, client, object_type, page):
        """Records as the handlers take them: the HubSpot record with its
        associations (a contact's and a deal's companies) and a deal's line
        items, and ``external_id``."""
        records = [dict(r, external_id=str(r["id"])) for r in page if r.get("id")]
        ids = [r["id"] for r in records]
        if object_type in ("contacts", "deals") and ids:
            companies = client.associations(object_type, "companies", ids)
            for r in records:
                r["associations"] = {"companies": companies.get(str(r["id"]), [])}
        if object_type == "deals" and ids:
            records = self._handler(backend, "deals")._relevant(backend, records)
            links = client.associations("deals", "line_items", [r["id"] for r in records])
            wanted = sorted({i for ids_ in links.values() for i in ids_})
            items = {
                str(i["id"]): i
                for i in client.batch_read("line_items", wanted, pure_mapping.LINE_PROPERTIES)
            }
            for r in records:
                r["line_items"] = [items[i] for i in links.get(str(r["id"]), []) if i in items]
        return records

    def _pull_archived(self, backend, object_type, handler, client, since, correlation):
        """Archived records since the last check, by the backend's deletion policy."""
        mark_name = f"{handler._object_name}{ARCHIVE_MARK}"
        mark = backend._get_watermark(mark_name) or since
        start = pure_window.epoch_ms(mark)
        now = pure_window.now_utc()
        bound = set(self._bound_external_ids(backend, handler))
        gone = []
        for page in client.archived(object_type):
            for record in page:
                when = record.get("archivedAt")
                try:
                    stamp = pure_window.epoch_ms(
                        datetime.datetime.fromisoformat(str(when).replace("Z", "+00:00"))
                    )
                except ValueError:
                    stamp = start  # no date: check it (applying it again changes nothing)
                if stamp >= start and str(record["id"]) in bound:
                    gone.append(str(record["id"]))
        counts = {}
        if object_type == "deals":
            counts.update(handler._deleted(backend, gone, correlation) or {})
        elif gone:
            deletions = [{"external_id": ext, "merged_into": None} for ext in sorted(gone)]
            for outcome in handler._apply_deletions(backend, deletions, correlation).values():
                counts[outcome] = counts.get(outcome, 0) + 1
        backend._set_watermark(mark_name, now.replace(tzinfo=None))
        return counts

    def _fetch(self, backend, object_name, ids):
        """Fetch records by id (a webhook named them) and apply them."""
        object_type = object_name
        handler = self._handler(backend, object_type)
        correlation = f"hs-webhook-{uuid.uuid4().hex[:12]}"
        try:
            client = self._client(backend)
            properties = self._properties(backend, object_type)
            records = client.batch_read(object_type, ids, properties)
            records = self._enrich(backend, client, object_type, records)
            merges = [
                (r["id"], pure_mapping.merged_ids(r)) for r in records if pure_mapping.merged_ids(r)
            ]
            if merges:  # a merge event names the survivor: its merged ids move to it
                handler._apply_merges(backend, merges, correlation, source="webhook")
            results = (
                handler._import(backend, records, correlation_id=correlation, source="webhook")
                if records
                else []
            )
        except pure_client.HubSpotFault as fault:
            if fault.kind == "auth":
                return self._login_refused(backend, fault)
            return self._fault(backend, fault)
        self._note_api_usage(backend, client)
        self._login_ok(backend)
        return _("%s record(s) applied", len(results))

    # ------------------------------------------------------------------
    # status out
    # ------------------------------------------------------------------
    def _push(self, backend, full=False):
        deals = self._handler(backend, "deals")
        return deals._queue_status_push(backend, self._handler(backend, "companies"), full)

    def _send(self, backend, object_name, payloads):
        object_type = {v: k for k, v in HANDLERS.items()}[object_name]
        inputs = [p.get("input") for p in payloads]
        usable = [i for i in inputs if isinstance(i, dict) and i.get("id")]
        try:
            client = self._client(backend)
            answers = client.batch_update(object_type, usable) if usable else []
        except pure_client.HubSpotFault as fault:
            return self._send_fault(backend, fault, payloads, ("limit", "transient"))
        self._note_api_usage(backend, client)
        done = {str(a.get("id")) for a in answers}
        return [
            {"status": "done"}
            if isinstance(i, dict) and str(i.get("id")) in done
            else {"status": "failed", "message": _("no HubSpot record to write to")}
            for i in inputs
        ]

    # ------------------------------------------------------------------
    # reconciliation
    # ------------------------------------------------------------------
    def _source_external_ids(self, backend, object_name):
        object_type = {v: k for k, v in HANDLERS.items()}.get(object_name)
        if not object_type:
            return None
        try:
            client = self._client(backend)
            ids = []
            for page in pure_window.changed_ids(
                lambda body: client.search(object_type, body),
                object_type,
                None,
                pure_window.now_utc(),
                [],
                limit=pure_window.PAGE_MAX,
            ):
                ids += [str(r["id"]) for r in page]
            return ids
        except pure_client.HubSpotFault as fault:
            _logger.warning(
                "reconciliation of %s could not ask HubSpot: %s",
                backend.code,
                backend._scrub(fault.message),
            )
            return None

    # ------------------------------------------------------------------
    # webhooks
    # ------------------------------------------------------------------
    def _webhook_events(self, backend, body):
        """A signed delivery: ``(http status, answer)``.

        Each event is taken once (its ``eventId`` claimed for
        ``ps.sync.webhook.delivery``'s window, 48 hours): HubSpot's
        redeliveries and retries apply nothing twice. The new events are
        applied in ``occurredAt`` order (a record's latest event decides:
        fetched by id, or an archived check by a pull), by jobs; the answer
        goes back at once. A bad delivery is refused and logged."""
        correlation = uuid.uuid4().hex
        try:
            events = pure_events.parse(body, backend.hs_portal_id)
        except pure_events.EventError as err:
            backend._log_refused_delivery(
                correlation, False, _("HubSpot webhook refused: %s", err), body
            )
            return 400, {"status": "rejected", "message": str(err), "correlation_id": correlation}
        Delivery = self.env["ps.sync.webhook.delivery"].sudo()
        new = [
            event
            for event in events
            if Delivery._claim(backend, f"hs-event:{event['event_id']}", correlation) is None
        ]
        if events and not new:
            return 200, {"status": "duplicate", "correlation_id": correlation}
        fetch, pull = pure_events.plan(new)
        for object_type, ids in fetch.items():
            for start in range(0, len(ids), pure_client.BATCH_READ):
                chunk = ids[start : start + pure_client.BATCH_READ]
                backend.with_delay(
                    channel=backend._job_channel(),
                    identity_key=identity_exact,
                    description=_(
                        "HubSpot webhook: fetch %(n)s %(obj)s", n=len(chunk), obj=object_type
                    ),
                )._fetch(object_type, chunk)
        if pull:
            backend._enqueue_pull()
        return 200, {
            "status": "accepted",
            "correlation_id": correlation,
            "events": len(new),
            "duplicates": len(events) - len(new),
        }

    @api.model
    def _forget_gates(self):
        """Forget the calls counted so far (tests: each starts with a fresh window)."""
        self.env["ps.sync.api.call"].sudo().search([]).unlink()
