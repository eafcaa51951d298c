# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import logging
import threading
import uuid
from xml.etree import ElementTree

import requests

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.ps_sync_core.pure.errors import (
    BUSINESS,
    DATA,
    TRANSIENT,
    TransientSyncError,
)
from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError
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


class PsSyncBackend(models.Model):
    _name = "ps.sync.backend"
    # activities: the responsible user is told once per Salesforce login outage
    _inherit = ["ps.sync.backend", "mail.activity.mixin"]

    kind = fields.Selection(
        selection_add=[("salesforce", "Salesforce")],
        ondelete={"salesforce": "set default"},
    )
    sf_auth = fields.Selection(
        [
            ("jwt", "OAuth 2.0 JWT bearer (connected app)"),
            ("password", "Username, password and security token"),
        ],
        string="Login",
        default="jwt",
    )
    sf_environment = fields.Selection(
        [("production", "Production"), ("sandbox", "Sandbox")],
        string="Environment",
        default="production",
    )
    sf_my_domain = fields.Char(
        string="My Domain",
        help="Optional My Domain login host prefix, e.g. 'acme.my' for "
        "acme.my.salesforce.com; empty uses login.salesforce.com (production) or "
        "test.salesforce.com (sandbox).",
    )
    sf_api_version = fields.Char(string="API Version", default="59.0")
    sf_username = fields.Char(string="Salesforce Username", groups="base.group_system", copy=False)
    sf_password = fields.Char(string="Salesforce Password", groups="base.group_system", copy=False)
    sf_security_token = fields.Char(string="Security Token", groups="base.group_system", copy=False)
    sf_consumer_key = fields.Char(
        string="Consumer Key",
        groups="base.group_system",
        copy=False,
        help="Connected app consumer key (JWT bearer flow).",
    )
    sf_private_key = fields.Text(
        string="Private Key (PEM)",
        groups="base.group_system",
        copy=False,
        help="Key whose certificate is uploaded to the connected app.",
    )
    sf_org_id = fields.Char(
        string="Organization ID",
        readonly=True,
        copy=False,
        help="Set by 'Test connection'; outbound messages from another org are refused.",
    )
    sf_overlap_seconds = fields.Integer(
        string="Overlap Window (s)",
        default=300,
        help="Incremental pulls ask for records modified since the watermark minus "
        "this window, so records committed late in Salesforce are not missed.",
    )
    sf_bulk_threshold = fields.Integer(
        string="Bulk API Above",
        default=10000,
        help="An initial load of more records than this uses Bulk API 2.0; 0 never does.",
    )
    sf_bulk_poll_seconds = fields.Float(string="Bulk Poll Interval (s)", default=2.0)
    sf_limit_retry_seconds = fields.Integer(
        string="Request Limit Pause (s)",
        default=3600,
        help="How long a job waits after REQUEST_LIMIT_EXCEEDED before it runs again.",
    )
    sf_timeout = fields.Integer(string="Timeout (s)", default=60)
    sf_project_template_id = fields.Many2one(
        "project.project",
        string="Project Template",
        help="Won opportunities get a copy of this project (stages, tasks, settings).",
    )
    sf_rate_card_id = fields.Many2one(
        "ps.rate.card",
        string="Rate Card",
        help="Rate card of engagements that bill time and materials.",
    )
    sf_multi_currency = fields.Boolean(
        string="Multi-currency Org",
        readonly=True,
        copy=False,
        help="Set when Salesforce records carry CurrencyIsoCode (found by Test connection "
        "and by pulls): opportunities then become orders in their own currency, through "
        "the company's pricelist in that currency.",
    )
    sf_fallback_user_id = fields.Many2one(
        "res.users",
        string="Fallback Salesperson",
        domain=[("share", "=", False)],
        help="Salesperson of orders whose opportunity owner has no Odoo user with the "
        "same login or e-mail; empty leaves those orders without salesperson.",
    )
    sf_push_status = fields.Boolean(string="Push Status to Salesforce", default=True)
    sf_field_map_ids = fields.One2many("ps.sf.field.map", "backend_id", string="Field Mappings")
    sf_product_map_ids = fields.One2many(
        "ps.sf.product.map", "backend_id", string="Product Mappings"
    )

    # ------------------------------------------------------------------
    # CRUD, secrets
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        backends = super().create(vals_list)
        backends.filtered(
            lambda b: b.kind == "salesforce" and not b.sf_field_map_ids
        )._sf_write_default_mappings()
        return backends

    def _secrets(self):
        secrets = super()._secrets()
        if self.kind == "salesforce":
            me = self.sudo()
            if me.sf_password and me.sf_security_token:  # longest first
                secrets.append(me.sf_password + me.sf_security_token)
            secrets += [me.sf_password, me.sf_security_token, me.sf_private_key, me.sf_consumer_key]
        return secrets

    # ------------------------------------------------------------------
    # mappings
    # ------------------------------------------------------------------
    def _sf_write_default_mappings(self):
        Map = self.env["ps.sf.field.map"].sudo()
        for backend in self:
            backend.sf_field_map_ids.sudo().unlink()
            vals = []
            for direction, defaults in (
                ("in", pure_mapping.DEFAULT_IN),
                ("out", pure_mapping.DEFAULT_OUT),
            ):
                for sobject, keys in defaults.items():
                    vals += [
                        {
                            "backend_id": backend.id,
                            "sobject": sobject,
                            "direction": direction,
                            "key": key,
                            "sf_field": field,
                        }
                        for key, field in keys.items()
                    ]
            Map.create(vals)

    def _sf_check_manager(self):
        """Buttons that act on Salesforce or on the setup: sync managers only."""
        if not self.env.su and not self.env.user.has_group("ps_sync_core.group_sync_manager"):
            raise AccessError(_("Only a Sync manager may do this on a Salesforce backend."))

    def action_sf_reset_mappings(self):
        self._sf_check_manager()
        self._sf_write_default_mappings()
        return True

    def _sf_mapping(self, sobject, direction="in"):
        """{key: Salesforce field} for one object and direction."""
        self.ensure_one()
        rows = self.sudo().sf_field_map_ids.filtered(
            lambda r: r.sobject == sobject and r.direction == direction
        )
        defaults = pure_mapping.DEFAULT_IN if direction == "in" else pure_mapping.DEFAULT_OUT
        mapping = (
            {row.key: row.sf_field for row in rows} if rows else dict(defaults.get(sobject, {}))
        )
        # multi-currency orgs: an opportunity's currency is its CurrencyIsoCode
        if (
            direction == "in"
            and sobject == "Opportunity"
            and self.sf_multi_currency
            and not mapping.get("currency")
        ):
            mapping["currency"] = pure_mapping.CURRENCY_FIELD
        return mapping

    # ------------------------------------------------------------------
    # client
    # ------------------------------------------------------------------
    def _sf_domain(self):
        if self.sf_my_domain:
            return self.sf_my_domain.strip().removesuffix(".salesforce.com")
        return "test" if self.sf_environment == "sandbox" else "login"

    def _sf_config(self):
        me = self.sudo()
        return {
            "auth": me.sf_auth,
            "username": me.sf_username,
            "password": me.sf_password,
            "security_token": me.sf_security_token,
            "consumer_key": me.sf_consumer_key,
            "private_key": me.sf_private_key,
            "domain": me._sf_domain(),
            "version": me.sf_api_version or pure_client.DEFAULT_VERSION,
        }

    def _sf_session(self):
        """The requests session the client talks through (tests mount a fake org)."""
        return requests.Session()

    def _sf_client(self):
        """The logged-in client of this backend, shared within the worker."""
        self.ensure_one()
        if self.kind != "salesforce":
            raise UserError(_("Backend %s is not a Salesforce backend.", self.code))
        config = self._sf_config()
        key = (self.env.cr.dbname, self.id, pure_client.config_key(config))
        with _CLIENTS_LOCK:
            client = _CLIENTS.get(key)
            if client is None:
                client = pure_client.SalesforceClient(
                    config,
                    session=self._sf_session(),
                    limit_retry_seconds=self.sf_limit_retry_seconds or 3600,
                    timeout=self.sf_timeout or 60,
                    bulk_poll_seconds=self.sf_bulk_poll_seconds,
                )
                _CLIENTS[key] = client
        return client

    @api.model
    def _sf_forget_clients(self):
        with _CLIENTS_LOCK:
            _CLIENTS.clear()

    def _sf_fault(self, fault, job=True):
        """Raise what a SalesforceFault means for a job (or a button)."""
        message = self._scrub(fault.message)
        if fault.kind == "limit":
            raise (
                RetryableJobError(message, seconds=fault.retry_after, ignore_retry=True)
                if job
                else UserError(message)
            )
        if fault.kind in ("transient", "session"):
            raise RetryableJobError(message) if job else UserError(message)
        raise FailedJobError(message) if job else UserError(message)

    def action_sf_test_connection(self):
        self._sf_check_manager()
        self.ensure_one()
        self._sf_forget_clients()
        try:
            org, limits = self._sf_client().org_info()
        except pure_client.SalesforceFault as fault:
            return self._sf_notify(
                _("Salesforce connection failed"), self._scrub(fault.message), "danger"
            )
        self.sudo().sf_org_id = org.get("Id")
        self._sf_login_ok()
        try:
            self._sf_detect_currency(self._sf_client())
        except pure_client.SalesforceFault as fault:
            _logger.info(
                "%s: could not describe Opportunity: %s", self.code, self._scrub(fault.message)
            )
        message = _(
            "Connected to %(org)s (%(id)s, %(kind)s). API requests left today: "
            "%(left)s of %(max)s.",
            org=org.get("Name"),
            id=org.get("Id"),
            kind=_("sandbox") if org.get("IsSandbox") else _("production"),
            left=limits.get("Remaining", "?"),
            max=limits.get("Max", "?"),
        )
        self.message_post(body=message)
        return self._sf_notify(_("Salesforce connection works"), message, "success")

    @api.model
    def _sf_notify(self, title, message, kind):
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

    # ------------------------------------------------------------------
    # pulls
    # ------------------------------------------------------------------
    def _sf_handler(self, sobject):
        return self._get_handler(HANDLERS[sobject]).sudo().with_company(self.company_id)

    @api.model
    def _cron_sf_pull(self):
        for backend in self.sudo().search([("kind", "=", "salesforce")]):
            backend.with_delay(
                channel=backend._job_channel(),
                identity_key=identity_exact,
                description=_("Salesforce pull of %s", backend.code),
            )._sf_pull()

    def action_sf_pull(self):
        self._sf_check_manager()
        for backend in self.sudo():
            backend.with_delay(
                channel=backend._job_channel(),
                identity_key=identity_exact,
                description=_("Salesforce pull of %s", backend.code),
            )._sf_pull()
        return self._sf_notify(_("Salesforce"), _("Pull queued."), "info")

    def _sf_pull(self, objects=pure_mapping.OBJECTS):
        """Job: read what changed in Salesforce, parents first, and queue it.

        Records are logged as queued messages and applied by one job per
        batch (``ps.sync.log.process_queued``); deletions are applied here.
        A contact or opportunity whose account is not applied yet waits for
        it. One object's failure never holds back the others: it is rolled
        back, logged on the workbench with its reason, and the next object
        goes on; only faults of the whole org (request limit, refused login),
        or every object failing, fail the job. Returns what was read and
        queued, per object.
        """
        self.ensure_one()
        summary, faults = [], []
        for sobject in objects:
            try:
                with self.env.cr.savepoint():
                    summary.append(f"{sobject}: {self._sf_pull_object(sobject)}")
            except pure_client.SalesforceFault as fault:
                if fault.kind == "auth":  # nothing can work: say so once, retrying won't help
                    return self._sf_login_refused(fault)
                if fault.kind == "limit":
                    self._sf_fault(fault)  # the whole org refuses: wait for the window
                faults.append(fault)
                summary.append(f"{sobject}: {self._scrub(fault.message)}")
                self._sf_log_pull_failure(sobject, _("pull"), fault)
        if faults and len(faults) == len(objects):
            self._sf_fault(faults[0])  # nothing worked: the job retries
        # the safety net: messages whose account is bound by now (another
        # transaction bound it while they were being parked) go again
        self.env["ps.sync.log"].sudo()._release_waiting(self)
        self._sf_login_ok()
        return "; ".join(summary)

    def _sf_login_refused(self, fault):
        """A job's login was refused: tell the responsible user once per
        outage (one open activity on the backend, whatever the number of
        runs), with Salesforce's own reason. The job ends with that reason
        (retrying cannot help, and a failed job would roll the activity back)."""
        reason = self._scrub(fault.message)
        activity_type = self.env.ref("ps_sync_salesforce.mail_activity_sf_login_refused")
        me = self.sudo()
        if not me.activity_ids.filtered(lambda a: a.activity_type_id == activity_type):
            user = me.user_id or self.env.ref("base.user_admin")
            me.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id,
                summary=_("Salesforce login refused on %s", me.code),
                note=_(
                    "%s Fix the backend's credentials (or the connected app), then "
                    "use Test connection. Pulls and pushes resume on their own.",
                    reason,
                ),
            )
        _logger.warning("Salesforce backend %s: %s", self.code, reason)
        return reason

    def _sf_login_ok(self):
        """A login worked: the outage is over (its activity done); the next
        refusal will tell someone again."""
        activity_type = self.env.ref(
            "ps_sync_salesforce.mail_activity_sf_login_refused", raise_if_not_found=False
        )
        activities = self.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        if activities:
            activities.action_feedback(feedback=_("Salesforce accepts the login again."))

    def _sf_log_pull_failure(self, sobject, step, fault):
        """One workbench row per object and reason (not one per pull)."""
        handler = self._sf_handler(sobject)
        message = _(
            "Salesforce %(obj)s %(step)s failed: %(reason)s",
            obj=sobject,
            step=step,
            reason=self._scrub(fault.message),
        )
        Log = self.env["ps.sync.log"].sudo()
        if Log.search_count(
            [
                ("backend_id", "=", self.id),
                ("state", "=", "failed"),
                ("object_name", "=", handler._object_name),
                ("external_id", "=", False),
                ("message", "=", message),
            ],
            limit=1,
        ):
            return
        category = TRANSIENT if fault.kind in ("transient", "session") else BUSINESS
        Log.with_context(tracking_disable=True).create(
            self._log_vals(
                f"sf-{sobject.lower()}-{uuid.uuid4().hex[:12]}",
                "job",
                handler._object_name,
                state="failed",
                error_category=category,
                message=message,
                attempts=1,
                payload=self._log_payload(
                    {
                        "salesforce_object": sobject,
                        "step": str(step),
                        "error_code": fault.error_code,
                    }
                ),
            )
        )

    def _sf_pull_object(self, sobject):
        """Pull one object since its watermark (all of it the first time)."""
        handler = self._sf_handler(sobject)
        client = self._sf_client()
        if sobject == "Opportunity":
            self._sf_detect_currency(client)
        mapping = self._sf_mapping(sobject)
        owners = {}  # Salesforce users read by this pull
        mark = self._get_watermark(handler._object_name)
        since = mark - datetime.timedelta(seconds=self.sf_overlap_seconds or 0) if mark else None
        correlation = f"sf-{sobject.lower()}-{uuid.uuid4().hex[:12]}"
        where = ["IsWon = true"] if sobject == "Opportunity" and since is None else []
        soql = pure_mapping.soql(sobject, mapping, since=since, where=where)
        use_bulk = (
            since is None
            and sobject != "Opportunity"
            and self.sf_bulk_threshold
            and client.count(f"SELECT COUNT() FROM {sobject}") > self.sf_bulk_threshold
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
                records = handler._sf_relevant(self, records)
                self._sf_add_owners(client, records, owners)
            records, echoes = handler._sf_drop_echoes(self, records)
            if echoes:
                counts["echoes skipped"] = counts.get("echoes skipped", 0) + echoes
            # one logged, queued message per record and one job per batch: each
            # batch is applied in its own transaction (a 50,000-record load in
            # one would hold 50,000 locks), retried and settled by the core
            for start in range(0, len(records), self.max_batch_size):
                chunk = records[start : start + self.max_batch_size]
                handler._queue_records(self, chunk, correlation_id=correlation, source="job")
                counts["queued"] = counts.get("queued", 0) + len(chunk)
        if since is not None:
            try:
                with self.env.cr.savepoint():
                    counts.update(
                        self._sf_pull_deletions(sobject, handler, client, since, correlation)
                    )
            except pure_client.SalesforceFault as fault:
                if fault.kind in ("limit", "auth"):
                    raise
                self._sf_log_pull_failure(sobject, _("deletion check"), fault)
                counts["deletion check failed"] = 1
        if newest:
            self._set_watermark(handler._object_name, newest)
        if use_bulk:
            counts["bulk"] = 1
        return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing new"

    def _sf_detect_currency(self, client):
        """Whether the org is multi-currency (Opportunity has CurrencyIsoCode)."""
        multi = pure_mapping.CURRENCY_FIELD in client.field_names("Opportunity")
        if multi != self.sf_multi_currency:
            self.sudo().sf_multi_currency = multi
        return multi

    def _sf_add_owners(self, client, records, owners):
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

    def _sf_pull_deletions(self, sobject, handler, client, since, correlation):
        """Deleted and merged records (getDeleted) since the object's deletion
        watermark, which moves to the server time of every successful check,
        even when nothing was deleted; before the first check, the object's
        watermark. When that start is older than Salesforce keeps its delete
        log (15 days: INVALID_REPLICATION_DATE), every bound id is checked
        against Salesforce instead (full id reconciliation)."""
        mark_name = f"{handler._object_name}{DELETION_MARK}"
        mark = self._get_watermark(mark_name)
        overlap = datetime.timedelta(seconds=self.sf_overlap_seconds or 0)
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
        covered, purged = self._sf_server_time(covered), self._sf_server_time(purged)
        counts = {}
        if ids is None or (purged and purged > start):
            # the delete log no longer reaches back to the start: ask for every id
            ids = self._sf_ids_gone(sobject, handler, client)
            counts["reconciled"] = 1
        counts.update(self._sf_apply_deleted(sobject, handler, client, ids, correlation))
        self._set_watermark(mark_name, covered or now.replace(tzinfo=None))
        return counts

    @api.model
    def _sf_server_time(self, value):
        """A Salesforce date-time of an answer as a naive UTC datetime, or None."""
        try:
            value = pure_mapping.sf_datetime(value, "date-time") if value else None
        except pure_mapping.MappingError:
            return None
        return fields.Datetime.to_datetime(value) if value else None

    def _sf_ids_gone(self, sobject, handler, client):
        """Bound ids Salesforce no longer has (the delete log is past its window)."""
        bound = (
            self.env["ps.sync.binding"]
            .sudo()
            .search([("backend_id", "=", self.id), ("object_name", "=", handler._object_name)])
            .mapped("external_id")
        )
        if not bound:
            return []
        alive = set()
        for page in client.query_pages(f"SELECT Id FROM {sobject}"):
            alive |= {r["Id"][:15] for r in page}
        return [ext for ext in bound if ext[:15] not in alive]

    def _sf_apply_deleted(self, sobject, handler, client, ids, correlation):
        """Apply deleted ids: converted opportunities are held for review;
        bound accounts and contacts archived (merged ones say into which)."""
        if not ids:
            return {}
        if sobject == "Opportunity":
            return handler._sf_deleted(self, ids, correlation)
        bound = set(
            self.env["ps.sync.binding"]
            .sudo()
            .search(
                [
                    ("backend_id", "=", self.id),
                    ("object_name", "=", handler._object_name),
                    ("external_id", "in", ids),
                ]
            )
            .mapped("external_id")
        )
        if not bound:
            return {}
        merged = {}
        for chunk in pure_mapping.chunks(sorted(bound), 200):
            soql = pure_mapping.soql_ids(sobject, {}, chunk, fields=("Id", "MasterRecordId"))
            for page in client.query_pages(soql, include_deleted=True):
                merged.update({r["Id"]: r.get("MasterRecordId") for r in page})
        deletions = [{"external_id": ext, "merged_into": merged.get(ext)} for ext in sorted(bound)]
        counts = {}
        for outcome in handler._apply_deletions(self, deletions, correlation).values():
            counts[outcome] = counts.get(outcome, 0) + 1
        return counts

    def _sf_fetch_records(self, sobject, ids):
        """Job: fetch records by id (outbound message) and apply them."""
        self.ensure_one()
        handler = self._sf_handler(sobject)
        correlation = f"sf-outbound-{uuid.uuid4().hex[:12]}"
        results, owners = [], {}
        try:
            client = self._sf_client()
            if sobject == "Opportunity":
                self._sf_detect_currency(client)
            mapping = self._sf_mapping(sobject)
            for chunk in pure_mapping.chunks(list(ids), 200):
                for page in client.query_pages(pure_mapping.soql_ids(sobject, mapping, chunk)):
                    records = [pure_mapping.clean_record(r) for r in page]
                    if sobject == "Opportunity":
                        records = handler._sf_relevant(self, records)
                        self._sf_add_owners(client, records, owners)
                    if records:
                        results += handler._import(
                            self, records, correlation_id=correlation, source="webhook"
                        )
        except pure_client.SalesforceFault as fault:
            if fault.kind == "auth":
                return self._sf_login_refused(fault)
            self._sf_fault(fault)
        self._sf_login_ok()
        return _("%s record(s) applied", len(results))

    # ------------------------------------------------------------------
    # outbound messages (Salesforce workflow / flow "Outbound Message")
    # ------------------------------------------------------------------
    def _sf_outbound_message(self, body):
        """Take a Salesforce outbound message: (http status, SOAP answer).

        The notifications' ids are fetched and applied by a job (polling
        stays the safety net); a message from another org, or one that does
        not parse, is refused (Ack false) and logged.
        """
        self.ensure_one()
        backend = self.sudo()
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
            return self._sf_refuse_outbound(body, _("not a Salesforce outbound message: %s", err))
        if not backend.sf_org_id or (org_id or "")[:15] != backend.sf_org_id[:15]:
            return self._sf_refuse_outbound(
                body,
                _(
                    "organization %(got)s is not this backend's (%(want)s)",
                    got=org_id,
                    want=backend.sf_org_id or _("not set: test the connection"),
                ),
            )
        unknown = set(by_object) - set(HANDLERS)
        if unknown:
            return self._sf_refuse_outbound(
                body, _("objects not synchronised: %s", ", ".join(sorted(unknown)))
            )
        for sobject, ids in by_object.items():
            bad = [i for i in ids if not pure_mapping.is_sf_id(i)]
            if bad:
                return self._sf_refuse_outbound(
                    body, _("invalid ids: %s", ", ".join(map(str, bad)))
                )
            backend.with_delay(
                channel=backend._job_channel(),
                identity_key=identity_exact,
                description=_(
                    "Salesforce outbound message: %(n)s %(obj)s", n=len(ids), obj=sobject
                ),
            )._sf_fetch_records(sobject, sorted(set(ids)))
        return 200, ACK.format(ack="true")

    def _sf_refuse_outbound(self, body, message):
        self.env["ps.sync.log"].sudo().with_context(tracking_disable=True).create(
            self._log_vals(
                uuid.uuid4().hex,
                "webhook",
                False,
                state="failed",
                error_category=DATA,
                message=_("Outbound message refused: %s", message),
                payload=self._scrub(
                    body[:20000].decode("utf-8", "replace")
                    if isinstance(body, bytes)
                    else str(body)[:20000]
                ),
            )
        )
        return 200, ACK.format(ack="false")

    # ------------------------------------------------------------------
    # status out
    # ------------------------------------------------------------------
    @api.model
    def _cron_sf_push_status(self):
        for backend in self.sudo().search(
            [("kind", "=", "salesforce"), ("sf_push_status", "=", True)]
        ):
            backend._sf_queue_status_push()

    def action_sf_push_status(self):
        self._sf_check_manager()
        for backend in self:
            backend.sudo()._sf_queue_status_push(full=True)
        return self._sf_notify(_("Salesforce"), _("Status push queued."), "info")

    def _sf_queue_status_push(self, full=False):
        """Queue the status of won opportunities (and their accounts) whose
        order, project or invoices changed since the last push; all with ``full``."""
        self.ensure_one()
        # the transaction's start: what commits later is newer than this
        now = self.env.cr.now().replace(tzinfo=None)
        # a backend that never pushed has no watermark (False): push everything
        since = None if full else (self._get_watermark("sf_status_push") or None)
        opp = self._sf_handler("Opportunity")
        orders = opp._sf_orders_to_push(self, since)
        logs = self.env["ps.sync.log"]
        if orders:
            logs |= opp._queue_exports(self, orders)
            partners = (
                self.env["ps.sync.binding"]
                .sudo()
                .search(
                    [
                        ("backend_id", "=", self.id),
                        ("object_name", "=", "sf_account"),
                        ("res_id", "in", orders.partner_id.commercial_partner_id.ids),
                    ]
                )
            )
            if partners:
                account = self._sf_handler("Account")
                logs |= account._queue_exports(
                    self, self.env["res.partner"].browse(partners.mapped("res_id"))
                )
        self._set_watermark("sf_status_push", now)
        return logs

    def _send(self, object_name, payloads):
        if self.kind != "salesforce":
            return super()._send(object_name, payloads)
        records = [p.get("record") for p in payloads]
        usable = [r for r in records if isinstance(r, dict) and r.get("id")]
        try:
            answers = self._sf_client().update_collection(usable) if usable else []
        except pure_client.SalesforceFault as fault:
            if fault.kind in ("limit", "transient", "session"):
                raise TransientSyncError(
                    self._scrub(fault.message),
                    retry_after=fault.retry_after,
                    rate_limited=fault.kind == "limit",
                ) from fault
            if fault.kind == "auth":
                self._sf_login_refused(fault)
            return [{"status": "failed", "message": self._scrub(fault.message)} for __ in payloads]
        if usable:
            self._sf_login_ok()
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
    def _source_external_ids(self, object_name):
        if self.kind != "salesforce":
            return super()._source_external_ids(object_name)
        sobject = {v: k for k, v in HANDLERS.items()}.get(object_name)
        if not sobject:
            return None
        where = " WHERE IsWon = true" if sobject == "Opportunity" else ""
        try:
            ids = []
            for page in self._sf_client().query_pages(f"SELECT Id FROM {sobject}{where}"):
                ids += [r["Id"] for r in page]
            return ids
        except pure_client.SalesforceFault as fault:
            _logger.warning(
                "reconciliation of %s could not ask Salesforce: %s",
                self.code,
                self._scrub(fault.message),
            )
            return None
