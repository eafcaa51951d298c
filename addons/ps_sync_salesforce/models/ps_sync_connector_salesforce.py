# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Salesforce connector: the worked example of CONNECTORS.md."""

import datetime
import logging
import threading
import uuid
from xml.etree import ElementTree

import requests

from odoo import _, api, fields, models

from odoo.addons.ps_sync_core.pure import connection as pure_connection
from odoo.addons.queue_job.job import identity_exact

from ..pure import client as pure_client
from ..pure import mapping as pure_mapping

_logger = logging.getLogger(__name__)

#: one logged-in client per backend and credentials, shared by the jobs of a
#: worker process (a job does not log in again while the session lasts)
_CLIENTS = {}
_CLIENTS_LOCK = threading.Lock()

#: suffix of the watermark of an object's deletion check
DELETION_MARK = ":deleted"
#: the Salesforce objects pulled, and the object handler of each
HANDLERS = {"Account": "sf_account", "Contact": "sf_contact", "Opportunity": "sf_opportunity"}
SOAP_NS = {
    "soapenv": "http://schemas.xmlsoap.org/soap/envelope/",
    "om": "http://soap.sforce.com/2005/09/outbound",
    "sf": "urn:sobject.enterprise.soap.sforce.com",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
ACK = (
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope '
    'xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'
    '<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">'
    "<Ack>{ack}</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>"
)


class PsSyncConnectorSalesforce(models.AbstractModel):
    """Salesforce through simple-salesforce (``pure.client``): accounts,
    contacts and won opportunities pulled (REST, Bulk API 2.0, getDeleted),
    fetched by id for outbound messages, status written back with sObject
    Collections. Every method takes the backend it works for; the
    backend's Salesforce fields (``sf_*``) are its settings."""

    _name = "ps.sync.connector.salesforce"
    _inherit = "ps.sync.connector"
    _description = "Connector: Salesforce"

    _kind = "salesforce"
    _can_pull = True
    _can_push = True
    _handlers = HANDLERS
    _login_activity = "ps_sync_salesforce.mail_activity_sf_login_refused"
    _fault_class = pure_client.SalesforceFault
    _default_mappings = {"in": pure_mapping.DEFAULT_IN, "out": pure_mapping.DEFAULT_OUT}

    # ------------------------------------------------------------------
    # setup, secrets, mappings
    # ------------------------------------------------------------------
    def _setup_backend(self, backend):
        if not backend.field_map_ids:
            self._write_default_mappings(backend)

    def _secrets(self, backend):
        secrets = super()._secrets(backend)
        me = backend.sudo()
        if me.sf_password and me.sf_security_token:  # longest first
            secrets.append(me.sf_password + me.sf_security_token)
        return secrets + [
            me.sf_password,
            me.sf_security_token,
            me.sf_private_key,
            me.sf_consumer_key,
        ]

    def _mapping_keys(self):
        """Salesforce maps more keys than its defaults fill (currency, caps...)."""
        return {
            (obj, direction): tuple(keys)
            for direction, objects in (("in", pure_mapping.IN_KEYS), ("out", pure_mapping.OUT_KEYS))
            for obj, keys in objects.items()
        }

    def _mapping(self, backend, sobject, direction="in"):
        """{key: Salesforce field} for one object and direction."""
        mapping = super()._mapping(backend, sobject, direction)
        # multi-currency orgs: an opportunity's currency is its CurrencyIsoCode
        if (
            direction == "in"
            and sobject == "Opportunity"
            and backend.sf_multi_currency
            and not mapping.get("currency")
        ):
            mapping["currency"] = pure_mapping.CURRENCY_FIELD
        return mapping

    # ------------------------------------------------------------------
    # client
    # ------------------------------------------------------------------
    def _domain(self, backend):
        if backend.sf_my_domain:
            return backend.sf_my_domain.strip().removesuffix(".salesforce.com")
        return "test" if backend.sf_environment == "sandbox" else "login"

    def _config(self, backend):
        me = backend.sudo()
        return {
            "auth": me.sf_auth,
            "username": me.sf_username,
            "password": me.sf_password,
            "security_token": me.sf_security_token,
            "consumer_key": me.sf_consumer_key,
            "private_key": me.sf_private_key,
            "domain": self._domain(me),
            "version": me.sf_api_version or pure_client.DEFAULT_VERSION,
        }

    def _session(self, backend):
        """The requests session the client talks through (tests mount a fake org)."""
        return requests.Session()

    def _client(self, backend):
        """The logged-in client of this backend, shared within the worker."""
        config = self._config(backend)
        key = (self.env.cr.dbname, backend.id, pure_client.config_key(config))
        with _CLIENTS_LOCK:
            client = _CLIENTS.get(key)
            if client is None:
                client = pure_client.SalesforceClient(
                    config,
                    session=self._session(backend),
                    limit_retry_seconds=backend.sf_limit_retry_seconds or 3600,
                    timeout=backend.sf_timeout or 60,
                    bulk_poll_seconds=backend.sf_bulk_poll_seconds,
                )
                _CLIENTS[key] = client
        return client

    @api.model
    def _forget_clients(self):
        with _CLIENTS_LOCK:
            _CLIENTS.clear()

    def _fault_reason(self, fault):
        """The connection reason (``pure.connection``) a SalesforceFault means."""
        if fault.error_code == pure_client.MISSING_CREDENTIALS:
            return pure_connection.MISSING_CREDENTIALS
        if fault.kind == "session" and not pure_connection.network_reason(fault):
            return pure_connection.REFUSED
        return super()._fault_reason(fault)

    def _missing_credentials(self, backend):
        """Labels of the credentials the backend's login method needs and lacks."""
        me = backend.sudo()
        needed = ["sf_username"]
        needed += ["sf_consumer_key", "sf_private_key"] if me.sf_auth == "jwt" else ["sf_password"]
        return [
            me._fields[name].get_description(self.env)["string"] for name in needed if not me[name]
        ]

    def _test_connection(self, backend):
        missing = self._missing_credentials(backend)
        if missing:
            return self._outcome(
                pure_connection.MISSING_CREDENTIALS,
                _(
                    "A credential is missing: %(missing)s. Fill it in on the Salesforce "
                    "tab of the backend.",
                    missing=", ".join(missing),
                ),
            )
        self._forget_clients()
        try:
            org, limits = self._client(backend).org_info()
        except pure_client.SalesforceFault as fault:
            reason = self._fault_reason(fault)
            return self._outcome(reason, detail=backend._scrub(fault.message))
        backend.sudo().sf_org_id = org.get("Id")
        self._record_daily_limits(backend, limits)
        self._login_ok(backend)
        try:
            self._detect_currency(backend, self._client(backend))
        except pure_client.SalesforceFault as fault:
            _logger.info(
                "%s: could not describe Opportunity: %s",
                backend.code,
                backend._scrub(fault.message),
            )
        return self._outcome(
            pure_connection.OK,
            _(
                "Connected to %(org)s (%(id)s, %(kind)s). API requests left today: "
                "%(left)s of %(max)s.",
                org=org.get("Name"),
                id=org.get("Id"),
                kind=_("sandbox") if org.get("IsSandbox") else _("production"),
                left=limits.get("Remaining", "?"),
                max=limits.get("Max", "?"),
            ),
        )

    def _record_daily_limits(self, backend, limits):
        """Record the ``/limits`` DailyApiRequests (Max, Remaining) on the backend."""
        try:
            allowance = int(limits.get("Max") or 0)
            used = allowance - int(limits.get("Remaining") or 0)
        except (TypeError, ValueError):
            return
        if allowance:
            backend._ps_record_api_usage(used, allowance, when=fields.Datetime.now())

    # ------------------------------------------------------------------
    # pulls
    # ------------------------------------------------------------------
    def _pull(self, backend, objects=None):
        """Read what changed in Salesforce, parents first, and queue it
        (``ps.sync.connector._pull_objects``).

        ``objects``: Salesforce object names (Account, Contact, Opportunity;
        None: all). Records are logged as queued messages and applied by one
        job per batch (``ps.sync.log._process_queued``); deletions are
        applied here. A contact or opportunity whose account is not applied
        yet waits for it.
        """
        return self._pull_objects(backend, objects or pure_mapping.OBJECTS)

    def _pull_object(self, backend, sobject):
        """Pull one object since its watermark (all of it the first time)."""
        handler = self._handler(backend, sobject)
        client = self._client(backend)
        if sobject == "Opportunity":
            self._detect_currency(backend, client)
        mapping = self._mapping(backend, sobject)
        owners = {}  # Salesforce users read by this pull
        mark = backend._get_watermark(handler._object_name)
        overlap = datetime.timedelta(seconds=backend.sf_overlap_seconds or 0)
        since = mark - overlap if mark else None
        correlation = f"sf-{sobject.lower()}-{uuid.uuid4().hex[:12]}"
        where = ["IsWon = true"] if sobject == "Opportunity" and since is None else []
        soql = pure_mapping.soql(sobject, mapping, since=since, where=where)
        use_bulk = (
            since is None
            and sobject != "Opportunity"
            and backend.sf_bulk_threshold
            and client.count(f"SELECT COUNT() FROM {sobject}") > backend.sf_bulk_threshold
        )
        if use_bulk:
            # no ORDER BY in a Bulk API query (it disables PK chunking): sorted here
            pages = (
                pure_mapping.by_modstamp(page)
                for page in client.bulk_query_pages(
                    sobject,
                    pure_mapping.soql(
                        sobject, mapping, where=where, with_lines=False, ordered=False
                    ),
                )
            )
        else:
            pages = client.query_pages(soql)
        counts, newest = {}, None
        for page in pages:
            records = [pure_mapping.clean_record(r) for r in page]
            stamps = [r.get("SystemModstamp") for r in records if r.get("SystemModstamp")]
            if stamps:
                try:
                    top = max(pure_mapping.sf_datetime(s) for s in stamps)
                    newest = max(newest or top, top)
                except pure_mapping.MappingError:
                    # the bad record is rejected below with its reason
                    newest = newest or None
            if sobject == "Opportunity":
                records = handler._relevant(backend, records)
                self._add_owners(client, records, owners)
            records, echoes = handler._drop_echoes(backend, records)
            if echoes:
                counts["echoes skipped"] = counts.get("echoes skipped", 0) + echoes
            # one logged, queued message per record and one job per batch: each
            # batch is applied in its own transaction (a 50,000-record load in
            # one would hold 50,000 locks), retried and settled by the core
            for start in range(0, len(records), backend.max_batch_size):
                chunk = records[start : start + backend.max_batch_size]
                handler._queue_records(backend, chunk, correlation_id=correlation, source="job")
                counts["queued"] = counts.get("queued", 0) + len(chunk)
        if since is not None:
            try:
                with self.env.cr.savepoint():
                    counts.update(
                        self._pull_deletions(backend, sobject, handler, client, since, correlation)
                    )
            except pure_client.SalesforceFault as fault:
                if fault.kind in ("limit", "auth"):
                    raise
                self._log_pull_failure(backend, sobject, _("deletion check"), fault)
                counts["deletion check failed"] = 1
        if newest:
            backend._set_watermark(handler._object_name, newest)
        if use_bulk:
            counts["bulk"] = 1
        self._note_api_usage(backend, client)
        return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing new"

    def _detect_currency(self, backend, client):
        """Whether the org is multi-currency (Opportunity has CurrencyIsoCode)."""
        multi = pure_mapping.CURRENCY_FIELD in client.field_names("Opportunity")
        if multi != backend.sf_multi_currency:
            backend.sudo().sf_multi_currency = multi
        return multi

    @api.model
    def _add_owners(self, client, records, owners):
        """Give each opportunity its owner's e-mail (``Owner.Email``), reading
        the users this pull has not read yet (``owners``: the pull's cache)."""
        wanted = {r.get("OwnerId") for r in records if isinstance(r, dict)} - set(owners)
        wanted = {i for i in wanted if pure_mapping.is_sf_id(i)}
        if wanted:
            found = client.users_by_id(wanted)
            owners.update({i: found.get(i) or {} for i in wanted})
        for record in records:
            owner = owners.get(record.get("OwnerId")) if isinstance(record, dict) else None
            if owner and not isinstance(record.get("Owner"), dict):
                record["Owner"] = {"Email": owner.get("Email"), "Username": owner.get("Username")}

    def _pull_deletions(self, backend, sobject, handler, client, since, correlation):
        """Deleted and merged records (getDeleted) since the object's deletion
        watermark, which moves to the server time of every successful check,
        even when nothing was deleted; before the first check, the object's
        watermark. When that start is older than Salesforce keeps its delete
        log (15 days: INVALID_REPLICATION_DATE), every bound id is checked
        against Salesforce instead (full id reconciliation)."""
        mark_name = f"{handler._object_name}{DELETION_MARK}"
        mark = backend._get_watermark(mark_name)
        overlap = datetime.timedelta(seconds=backend.sf_overlap_seconds or 0)
        start = mark - overlap if mark else since
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        try:
            deleted, covered, purged = client.get_deleted(
                sobject, start.replace(tzinfo=datetime.timezone.utc), now
            )
            ids = [d["id"] for d in deleted]
        except pure_client.SalesforceFault as fault:
            if fault.error_code != "INVALID_REPLICATION_DATE":
                raise
            ids, covered, purged = None, None, None
        covered, purged = self._server_time(covered), self._server_time(purged)
        counts = {}
        if ids is None or (purged and purged > start):
            # the delete log no longer reaches back to the start: ask for every id
            ids = self._ids_gone(backend, sobject, handler, client)
            counts["reconciled"] = 1
        counts.update(self._apply_deleted(backend, sobject, handler, client, ids, correlation))
        backend._set_watermark(mark_name, covered or now.replace(tzinfo=None))
        return counts

    @api.model
    def _server_time(self, value):
        """A Salesforce date-time of an answer as a naive UTC datetime, or None."""
        try:
            value = pure_mapping.sf_datetime(value, "date-time") if value else None
        except pure_mapping.MappingError:
            return None
        return fields.Datetime.to_datetime(value) if value else None

    def _ids_gone(self, backend, sobject, handler, client):
        """Bound ids Salesforce no longer has (the delete log is past its window)."""
        bound = self._bound_external_ids(backend, handler)
        if not bound:
            return []
        alive = set()
        for page in client.query_pages(f"SELECT Id FROM {sobject}"):
            alive |= {r["Id"][:15] for r in page}
        return [ext for ext in bound if ext[:15] not in alive]

    def _apply_deleted(self, backend, sobject, handler, client, ids, correlation):
        """Apply deleted ids: converted opportunities are held for review;
        bound accounts and contacts archived (merged ones say into which)."""
        if not ids:
            return {}
        if sobject == "Opportunity":
            return handler._deleted(backend, ids, correlation)
        bound = set(self._bound_external_ids(backend, handler, ids))
        if not bound:
            return {}
        merged = {}
        for chunk in pure_mapping.chunks(sorted(bound), 200):
            soql = pure_mapping.soql_ids(sobject, {}, chunk, fields=("Id", "MasterRecordId"))
            for page in client.query_pages(soql, include_deleted=True):
                merged.update({r["Id"]: r.get("MasterRecordId") for r in page})
        deletions = [{"external_id": ext, "merged_into": merged.get(ext)} for ext in sorted(bound)]
        counts = {}
        for outcome in handler._apply_deletions(backend, deletions, correlation).values():
            counts[outcome] = counts.get(outcome, 0) + 1
        return counts

    def _fetch(self, backend, object_name, ids):
        """Fetch records by id (an outbound message named them) and apply them.

        ``object_name``: the Salesforce object (Account, Contact, Opportunity).
        """
        sobject = object_name
        handler = self._handler(backend, sobject)
        correlation = f"sf-outbound-{uuid.uuid4().hex[:12]}"
        results, owners = [], {}
        try:
            client = self._client(backend)
            if sobject == "Opportunity":
                self._detect_currency(backend, client)
            mapping = self._mapping(backend, sobject)
            for chunk in pure_mapping.chunks(list(ids), 200):
                for page in client.query_pages(pure_mapping.soql_ids(sobject, mapping, chunk)):
                    records = [pure_mapping.clean_record(r) for r in page]
                    if sobject == "Opportunity":
                        records = handler._relevant(backend, records)
                        self._add_owners(client, records, owners)
                    if records:
                        results += handler._import(
                            backend, records, correlation_id=correlation, source="webhook"
                        )
        except pure_client.SalesforceFault as fault:
            if fault.kind == "auth":
                return self._login_refused(backend, fault)
            self._fault(backend, fault)
        self._note_api_usage(backend, client)
        self._login_ok(backend)
        return _("%s record(s) applied", len(results))

    # ------------------------------------------------------------------
    # outbound messages (Salesforce workflow / flow "Outbound Message")
    # ------------------------------------------------------------------
    def _outbound_message(self, backend, body):
        """Take a Salesforce outbound message: (http status, SOAP answer).

        The notifications' ids are fetched and applied by a job (polling
        stays the safety net); a message from another org, or one that does
        not parse, is refused (Ack false) and logged.
        """
        backend = backend.sudo()
        try:
            root = ElementTree.fromstring(body)
            notifications = root.find(".//om:notifications", SOAP_NS)
            org_id = notifications.findtext("om:OrganizationId", None, SOAP_NS)
            by_object = {}
            for note in notifications.findall("om:Notification", SOAP_NS):
                sobj = note.find("om:sObject", SOAP_NS)
                kind = (sobj.get(f"{{{SOAP_NS['xsi']}}}type") or "").split(":")[-1]
                record_id = sobj.findtext("sf:Id", None, SOAP_NS)
                by_object.setdefault(kind, []).append(record_id)
        except (ElementTree.ParseError, AttributeError) as err:
            return self._refuse_outbound(
                backend, body, _("not a Salesforce outbound message: %s", err)
            )
        if not backend.sf_org_id or (org_id or "")[:15] != backend.sf_org_id[:15]:
            return self._refuse_outbound(
                backend,
                body,
                _(
                    "organization %(got)s is not this backend's (%(want)s)",
                    got=org_id,
                    want=backend.sf_org_id or _("not set: test the connection"),
                ),
            )
        unknown = set(by_object) - set(HANDLERS)
        if unknown:
            return self._refuse_outbound(
                backend, body, _("objects not synchronised: %s", ", ".join(sorted(unknown)))
            )
        for sobject, ids in by_object.items():
            bad = [i for i in ids if not pure_mapping.is_sf_id(i)]
            if bad:
                return self._refuse_outbound(
                    backend, body, _("invalid ids: %s", ", ".join(map(str, bad)))
                )
            backend.with_delay(
                channel=backend._job_channel(),
                identity_key=identity_exact,
                description=_(
                    "Salesforce outbound message: %(n)s %(obj)s", n=len(ids), obj=sobject
                ),
            )._fetch(sobject, sorted(set(ids)))
        return 200, ACK.format(ack="true")

    def _refuse_outbound(self, backend, body, message):
        backend._log_refused_delivery(
            uuid.uuid4().hex, False, _("Outbound message refused: %s", message), body
        )
        return 200, ACK.format(ack="false")

    # ------------------------------------------------------------------
    # status out
    # ------------------------------------------------------------------
    def _push(self, backend, full=False):
        """Queue the status of won opportunities (and their accounts) whose
        order, project or invoices changed since the last push; all with
        ``full`` (the button), nothing on schedule when the backend does not
        push status (``ps.sync.object.deal._queue_status_push``)."""
        opp = self._handler(backend, "Opportunity")
        return opp._queue_status_push(backend, self._handler(backend, "Account"), full)

    def _send(self, backend, object_name, payloads):
        records = [p.get("record") for p in payloads]
        usable = [r for r in records if isinstance(r, dict) and r.get("id")]
        try:
            client = self._client(backend)
            answers = client.update_collection(usable) if usable else []
        except pure_client.SalesforceFault as fault:
            return self._send_fault(backend, fault, payloads, ("limit", "transient", "session"))
        if usable:
            self._note_api_usage(backend, client)
            self._login_ok(backend)
        by_id = {}
        for record, answer in zip(usable, answers, strict=False):
            by_id[record["id"]] = answer
        results = []
        for record in records:
            answer = by_id.get(record.get("id")) if isinstance(record, dict) else None
            if answer is None:
                results.append(
                    {"status": "failed", "message": _("no Salesforce record to write to")}
                )
            elif answer.get("success"):
                results.append({"status": "done"})
            else:
                errors = "; ".join(
                    f"{e.get('statusCode')}: {e.get('message')}" for e in answer.get("errors") or []
                )
                results.append(
                    {"status": "failed", "message": _("Salesforce refused the update: %s", errors)}
                )
        return results

    # ------------------------------------------------------------------
    # reconciliation
    # ------------------------------------------------------------------
    def _source_external_ids(self, backend, object_name):
        sobject = {v: k for k, v in HANDLERS.items()}.get(object_name)
        if not sobject:
            return None
        where = " WHERE IsWon = true" if sobject == "Opportunity" else ""
        try:
            ids = []
            for page in self._client(backend).query_pages(f"SELECT Id FROM {sobject}{where}"):
                ids += [r["Id"] for r in page]
            return ids
        except pure_client.SalesforceFault as fault:
            _logger.warning(
                "reconciliation of %s could not ask Salesforce: %s",
                backend.code,
                backend._scrub(fault.message),
            )
            return None
