# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A thin wrapper around simple-salesforce: login, queries, Bulk API 2.0,
deletions, sObject Collections, and one translation of every fault.

Faults become ``SalesforceFault`` with a ``kind`` the Odoo side maps onto
the sync core's categories:

========== ============================================================
kind       meaning
========== ============================================================
session    the session expired and logging in again did not help
limit      REQUEST_LIMIT_EXCEEDED: wait ``retry_after`` seconds
transient  timeouts, connection errors, 5xx, a Bulk job that failed
auth       login refused (credentials, connected app): fix the backend
refused    Salesforce refused the request itself (4xx): fix the data/setup
========== ============================================================

An expired session (401 INVALID_SESSION_ID) logs in again once and repeats
the call; simple-salesforce does it itself for REST calls, this wrapper does
it for the rest (Bulk API 2.0 and sObject calls).
"""

import csv
import hashlib
import io
import json
from xml.etree import ElementTree

import requests
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import (
    SalesforceAuthenticationFailed,
    SalesforceError,
    SalesforceExpiredSession,
    SalesforceOperationError,
)

from .mapping import chunks

DEFAULT_VERSION = "59.0"
COLLECTION_SIZE = 200  # sObject Collections: at most 200 records per call
#: error code of a login that was not even tried: a credential is missing
MISSING_CREDENTIALS = "MISSING_CREDENTIALS"


def config_key(config):
    """A digest of a login configuration (a cache key that holds no secret)."""
    text = json.dumps(config, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class SalesforceFault(Exception):
    def __init__(self, kind, message, retry_after=None, status=None, error_code=None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.retry_after = retry_after
        self.status = status
        self.error_code = error_code

    def __str__(self):
        return self.message


def _error_code(content):
    if isinstance(content, list) and content and isinstance(content[0], dict):
        return content[0].get("errorCode"), content[0].get("message")
    if isinstance(content, dict):
        return content.get("errorCode") or content.get("error"), content.get("message")
    return None, None


def auth_reason(err):
    """``(code, reason)`` Salesforce gave for a refused login.

    simple-salesforce's message is a template (``Response content:
    {content}``); the code and reason are in the exception's ``code`` and
    ``auth_message``, or still in the raw body it kept when it could not
    parse it: a SOAP fault (``faultcode``/``faultstring``, ``sf:exceptionCode``
    / ``sf:exceptionMessage``) or an OAuth error (``error``/``error_description``).
    """
    code = getattr(err, "code", None)
    reason = (getattr(err, "auth_message", None) or "").strip()
    if reason.startswith("<"):
        try:
            root = ElementTree.fromstring(reason)
        except ElementTree.ParseError:
            root = None
        if root is not None:
            texts = {el.tag.rsplit("}", 1)[-1]: (el.text or "").strip() for el in root.iter()}
            code = texts.get("exceptionCode") or texts.get("faultcode", "").split(":")[-1] or code
            reason = texts.get("exceptionMessage") or texts.get("faultstring") or reason
    elif reason.startswith("{"):
        try:
            body = json.loads(reason)
        except ValueError:
            body = None
        if isinstance(body, dict):
            code = body.get("error") or code
            reason = body.get("error_description") or body.get("error") or reason
    return code, reason or "no reason given"


def translate(err, limit_retry_seconds=3600):
    """The SalesforceFault an exception from simple-salesforce or requests means."""
    if isinstance(err, SalesforceFault):
        return err
    if isinstance(err, requests.Timeout | requests.ConnectionError):
        return SalesforceFault("transient", f"Salesforce did not answer: {err}")
    if isinstance(err, SalesforceAuthenticationFailed):
        code, reason = auth_reason(err)
        if isinstance(code, int) and code >= 500:
            return SalesforceFault(
                "transient", f"Salesforce login failed: {code}: {reason}", status=code
            )
        return SalesforceFault(
            "auth", f"Salesforce login refused: {code}: {reason}", error_code=str(code)
        )
    if isinstance(err, SalesforceOperationError):
        return SalesforceFault("transient", f"Salesforce Bulk API job failed: {err}")
    if isinstance(err, SalesforceError):
        code, message = _error_code(err.content)
        status = err.status
        text = f"{status} {code or ''}: {message or err.content!s}"[:1000]
        if code == "REQUEST_LIMIT_EXCEEDED":
            return SalesforceFault(
                "limit",
                f"Salesforce API request limit exceeded: {message}",
                retry_after=limit_retry_seconds,
                status=status,
                error_code=code,
            )
        if status and status >= 500:
            return SalesforceFault(
                "transient", f"Salesforce error {text}", status=status, error_code=code
            )
        if status == 401:
            return SalesforceFault(
                "session", f"Salesforce session refused: {text}", status=status, error_code=code
            )
        return SalesforceFault(
            "refused", f"Salesforce refused the request: {text}", status=status, error_code=code
        )
    return None


class SalesforceClient:
    """One org, one login, counted calls.

    ``config``: auth ('password' or 'jwt'), username, password, security_token,
    consumer_key, private_key (PEM text), domain ('login', 'test' or a My
    Domain prefix), version ('59.0'). ``session``: a requests.Session (the
    tests mount their fake org on it).
    """

    def __init__(
        self, config, session=None, limit_retry_seconds=3600, timeout=60, bulk_poll_seconds=2.0
    ):
        self.config = dict(config)
        self.session = session or requests.Session()
        self.limit_retry_seconds = limit_retry_seconds
        self.timeout = timeout
        self.bulk_poll_seconds = bulk_poll_seconds
        self.relogins = 0
        self.described = {}  # sobject -> field names (describe, once per client)
        #: (used, allowance) of the org's daily API requests, as the last answer
        #: said (its ``Sforce-Limit-Info`` header); None until one said it
        self.api_usage = None
        self.session.hooks["response"].append(self._note_usage)
        self._sf = None

    def _note_usage(self, response, *args, **kwargs):
        """Every answer of the data API says the org's daily usage
        (``Sforce-Limit-Info: api-usage=18/5000``): keep the last, read with
        simple-salesforce's own parser (which keeps it on the ``Salesforce``
        object only for its REST calls, not for its Bulk API 2.0 and sObject
        ones: the session sees them all)."""
        header = response.headers.get("Sforce-Limit-Info")
        usage = Salesforce.parse_api_usage(header).get("api-usage") if header else None
        if usage:
            self.api_usage = (usage.used, usage.total)

    # ------------------------------------------------------------- login ----
    def _login(self):
        cfg = self.config
        common = {
            "session": self.session,
            "domain": cfg.get("domain") or "login",
            "version": cfg.get("version") or DEFAULT_VERSION,
        }
        if cfg.get("auth") == "jwt":
            if not (cfg.get("username") and cfg.get("consumer_key") and cfg.get("private_key")):
                raise SalesforceFault(
                    "auth",
                    "JWT login needs a username, a consumer key and a private key",
                    error_code=MISSING_CREDENTIALS,
                )
            return Salesforce(
                username=cfg["username"],
                consumer_key=cfg["consumer_key"],
                privatekey=cfg["private_key"],
                **common,
            )
        if not (cfg.get("username") and cfg.get("password")):
            raise SalesforceFault(
                "auth",
                "password login needs a username and a password",
                error_code=MISSING_CREDENTIALS,
            )
        return Salesforce(
            username=cfg["username"],
            password=cfg["password"],
            security_token=cfg.get("security_token") or "",
            **common,
        )

    @property
    def sf(self):
        if self._sf is None:
            try:
                self._sf = self._login()
            except Exception as err:
                fault = translate(err, self.limit_retry_seconds)
                if fault is None:
                    raise
                raise fault from err
        return self._sf

    def _call(self, fn):
        """Run ``fn(sf)``; an expired session logs in once more and runs it again."""
        for attempt in (1, 2):
            try:
                return fn(self.sf)
            except SalesforceExpiredSession as err:
                if attempt == 2:
                    raise translate(err, self.limit_retry_seconds) from err
                self.relogins += 1
                try:
                    self.sf._refresh_session()
                except Exception as err2:
                    fault = translate(err2, self.limit_retry_seconds)
                    if fault is None:
                        raise
                    raise fault from err2
            except Exception as err:
                fault = translate(err, self.limit_retry_seconds)
                if fault is None:
                    raise
                raise fault from err
        raise AssertionError("unreachable")

    # ------------------------------------------------------------ reads ----
    def org_info(self):
        """(organization record, DailyApiRequests limits) for 'test connection'."""
        org = self._call(
            lambda sf: sf.query(
                "SELECT Id, Name, IsSandbox FROM Organization", timeout=self.timeout
            )
        )
        limits = self._call(lambda sf: sf.restful("limits/", timeout=self.timeout))
        record = (org.get("records") or [{}])[0]
        return record, (limits or {}).get("DailyApiRequests") or {}

    def field_names(self, sobject):
        """The set of an object's field names (describe, once per client)."""
        if sobject not in self.described:
            answer = self._call(lambda sf: getattr(sf, sobject).describe())
            self.described[sobject] = {f.get("name") for f in (answer or {}).get("fields") or []}
        return self.described[sobject]

    def users_by_id(self, user_ids):
        """{User Id: {'Email', 'Username'}} of these users (one query per 200)."""
        found = {}
        ids = sorted({i for i in user_ids if i})
        for chunk in chunks(ids, 200):
            quoted = ", ".join(f"'{i}'" for i in chunk)
            soql = f"SELECT Id, Email, Username FROM User WHERE Id IN ({quoted})"
            for page in self.query_pages(soql):
                found.update({r["Id"]: r for r in page})
        return found

    def count(self, soql_count):
        return self._call(lambda sf: sf.query(soql_count, timeout=self.timeout))["totalSize"]

    def query_pages(self, soql, include_deleted=False):
        """Yield the record lists of a query page by page (nextRecordsUrl)."""
        result = self._call(
            lambda sf: sf.query(soql, include_deleted=include_deleted, timeout=self.timeout)
        )
        while True:
            yield result.get("records") or []
            if result.get("done", True) or not result.get("nextRecordsUrl"):
                return
            url = result["nextRecordsUrl"]
            result = self._call(
                lambda sf, url=url: sf.query_more(url, identifier_is_url=True, timeout=self.timeout)
            )

    def bulk_query_pages(self, sobject, soql, max_records=50000):
        """Yield the records of a Bulk API 2.0 query job, page by page (CSV)."""
        pages = self._call(
            lambda sf: list(
                getattr(sf.bulk2, sobject).query(
                    soql, max_records=max_records, wait=self.bulk_poll_seconds
                )
            )
        )
        for page in pages:
            yield list(csv.DictReader(io.StringIO(page)))

    def get_deleted(self, sobject, start, end):
        """``(deleted, latest covered, earliest available)``: [{'id',
        'deletedDate'}] deleted between two aware datetimes (getDeleted), the
        server's ``latestDateCovered`` (the start of the next call) and
        ``earliestDateAvailable`` (the last record physically purged: deletions
        before it are gone from the log). A start older than the org's delete
        log (15 days) is refused with INVALID_REPLICATION_DATE."""
        result = self._call(lambda sf: getattr(sf, sobject).deleted(start, end))
        return (
            result.get("deletedRecords") or [],
            result.get("latestDateCovered"),
            result.get("earliestDateAvailable"),
        )

    # ----------------------------------------------------------- writes ----
    def update_collection(self, records):
        """PATCH records through sObject Collections, 200 per call.

        Returns one ``{'id', 'success', 'errors'}`` per record, in order.
        """
        results = []
        for chunk in chunks(records, COLLECTION_SIZE):
            body = {"allOrNone": False, "records": chunk}
            answer = self._call(
                lambda sf, body=body: sf.restful(
                    "composite/sobjects",
                    method="PATCH",
                    data=json.dumps(body),
                    timeout=self.timeout,
                )
            )
            results.extend(answer or [])
        return results
