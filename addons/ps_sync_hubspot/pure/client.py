# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A thin wrapper around hubspot-api-client: searches, batch reads,
associations, archived records, batch updates, account checks, and one
translation of every fault.

Faults become ``HubSpotFault`` with a ``kind`` the Odoo side maps onto the
sync core's categories:

========== =============================================================
kind       meaning
========== =============================================================
auth       the token is refused (revoked, expired and not refreshable)
scope      the token lacks a scope the call needs (403 MISSING_SCOPES)
limit      429: wait ``retry_after`` seconds (burst, or the daily allowance)
transient  timeouts, connection errors, 5xx
refused    HubSpot refused the request itself (other 4xx): fix data/setup
========== =============================================================

With OAuth 2.0, an expired access token (401) is refreshed once with the
refresh token and the call repeated. Calls go through a ``RateGate`` so the
burst per 10 seconds is kept by the client, not discovered by a 429.
"""

import json

import requests
import urllib3
from hubspot import HubSpot

from .ratelimit import RateGate, daily_usage, retry_after
from .window import PAGE_MAX

API = "https://api.hubapi.com"
BATCH_READ = 100  # HubSpot's batch read/update take at most 100 inputs
ASSOCIATION_BATCH = 1000
REQUIRED_SCOPES = (
    "crm.objects.companies.read",
    "crm.objects.contacts.read",
    "crm.objects.deals.read",
    "crm.objects.deals.write",
    "crm.objects.companies.write",
    "crm.objects.line_items.read",
)


class HubSpotFault(Exception):
    def __init__(self, kind, message, status=None, retry_after=None, category=None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status
        self.retry_after = retry_after
        self.category = category

    def __str__(self):
        return self.message


def _json(data):
    if isinstance(data, bytes | bytearray):
        data = data.decode("utf-8", "replace")
    if not data:
        return {}
    try:
        return json.loads(data)
    except ValueError:
        return {"message": str(data)[:500]}


def fault_from_response(status, headers, body):
    """One ``HubSpotFault`` for an HTTP answer that is not 2xx."""
    body = body if isinstance(body, dict) else _json(body)
    message = body.get("message") or f"HTTP {status}"
    category = body.get("category") or body.get("errorType")
    if status == 401:
        return HubSpotFault(
            "auth", f"HubSpot refused the token: {message}", status, category=category
        )
    if status == 403:
        kind = "scope" if category == "MISSING_SCOPES" or "scope" in message.lower() else "auth"
        return HubSpotFault(kind, f"HubSpot refused the call: {message}", status, category=category)
    if status == 429:
        wait = retry_after(status, headers, body)
        return HubSpotFault("limit", f"HubSpot rate limit: {message}", status, wait, category)
    if status == 423:  # too many requests at once on a record: wait a little, again
        wait = retry_after(429, headers, {}, default=2.0)
        return HubSpotFault("limit", f"HubSpot is busy (423): {message}", status, wait, category)
    if status == 0 or status >= 500:
        return HubSpotFault("transient", f"HubSpot is unavailable ({status}): {message}", status)
    return HubSpotFault(
        "refused", f"HubSpot refused the request ({status}): {message}", status, category=category
    )


def translate(err):
    """Any exception of a call -> ``HubSpotFault`` (or re-raise a programming error)."""
    if isinstance(err, HubSpotFault):
        return err
    status = getattr(err, "status", None)
    if status is not None and hasattr(err, "reason"):  # the generated clients' ApiException
        if status == 0:  # TLS and similar: the connection, not the request
            return HubSpotFault("transient", f"HubSpot could not be reached: {err.reason}", 0)
        return fault_from_response(status, _headers(getattr(err, "headers", None)), err.body)
    if isinstance(err, urllib3.exceptions.HTTPError | requests.RequestException | OSError):
        return HubSpotFault(
            "transient", f"HubSpot could not be reached: {type(err).__name__}: {err}"
        )
    raise err


def _headers(headers):
    return dict(headers.items()) if headers is not None and hasattr(headers, "items") else {}


class HubSpotClient:
    """One portal's API, for one backend.

    ``access_token`` is a private app's token; or ``oauth`` =
    ``(client_id, client_secret, refresh_token)`` for a public app, whose
    access token is fetched and refreshed here (``on_token(access, refresh)``
    lets the caller store a rotated refresh token).
    """

    def __init__(
        self,
        access_token=None,
        oauth=None,
        host=API,
        timeout=30,
        gate=None,
        on_token=None,
    ):
        if not access_token and not oauth:
            raise HubSpotFault("auth", "No HubSpot access token or OAuth refresh token is set.")
        self.host = host.rstrip("/")
        self.timeout = timeout
        self.gate = gate or RateGate(100)
        self.oauth = oauth
        self.on_token = on_token
        self.access_token = access_token
        self.calls = 0
        #: (used, allowance) of today's calls, as the last answer's headers
        #: said (private apps); None until one said it
        self.api_usage = None
        self._api = None
        if not access_token:
            self._refresh()

    # ------------------------------------------------------------ plumbing
    @property
    def api(self):
        if self._api is None:
            self._api = HubSpot(access_token=self.access_token, host=self.host, base_url=self.host)
        return self._api

    def _refresh(self):
        client_id, client_secret, refresh_token = self.oauth
        if not refresh_token:
            raise HubSpotFault("auth", "No OAuth refresh token is set: connect the app again.")
        try:
            self.gate.wait()
            self.calls += 1
            resp = HubSpot(host=self.host).oauth.tokens_api.create(
                grant_type="refresh_token",
                client_id=client_id,
                client_secret=client_secret,
                refresh_token=refresh_token,
                _preload_content=False,
                _request_timeout=self.timeout,
            )
        except Exception as err:  # noqa: BLE001 - translated
            fault = translate(err)
            if fault.status in (400, 401):
                fault = HubSpotFault(
                    "auth", f"HubSpot refused the refresh token: {fault}", fault.status
                )
            raise fault from err
        data = _json(resp.data)
        self.access_token = data["access_token"]
        if data.get("refresh_token") and data["refresh_token"] != refresh_token:
            self.oauth = (client_id, client_secret, data["refresh_token"])
        if self.on_token:
            self.on_token(self.access_token, self.oauth[2])
        self._api = None

    def _call(self, fn, _retried=False, bucket="all"):
        """Run one generated-client call with ``_preload_content=False``; JSON."""
        self.gate.wait(bucket)
        self.calls += 1
        try:
            resp = fn(self.api)
        except Exception as err:  # noqa: BLE001 - translated
            fault = translate(err)
            if fault.kind == "auth" and self.oauth and not _retried:
                self._refresh()
                return self._call(fn, _retried=True, bucket=bucket)
            raise fault from err
        self._note(_headers(resp.headers))
        return _json(resp.data)

    def _note(self, headers):
        """What an answer's rate headers say: to the gate, and today's usage."""
        self.gate.note(headers)
        self.api_usage = daily_usage(headers) or self.api_usage

    def _request(self, method, path, body=None, _retried=False):
        """A documented endpoint the generated clients lack, over ``requests``."""
        self.gate.wait()
        self.calls += 1
        try:
            resp = requests.request(
                method,
                f"{self.host}{path}",
                json=body,
                headers={
                    "Authorization": f"Bearer {self.access_token}",
                    "Accept": "application/json",
                },
                timeout=self.timeout,
            )
        except requests.RequestException as err:
            raise translate(err) from err
        if resp.status_code == 401 and self.oauth and not _retried:
            self._refresh()
            return self._request(method, path, body, _retried=True)
        if not 200 <= resp.status_code < 300:
            raise fault_from_response(resp.status_code, dict(resp.headers), resp.content)
        self._note(dict(resp.headers))
        return _json(resp.content)

    def _kw(self):
        return {"_preload_content": False, "_request_timeout": self.timeout}

    # ------------------------------------------------------------- reading
    def _objects(self, object_type):
        return getattr(self.api.crm, object_type)

    def search(self, object_type, body):
        return self._call(
            lambda api: getattr(api.crm, object_type).search_api.do_search(
                public_object_search_request=body, **self._kw()
            ),
            bucket="search",
        )

    def batch_read(self, object_type, ids, properties):
        """Records by id, at most 100 per request; archived ones are not returned."""
        out = []
        ids = list(dict.fromkeys(str(i) for i in ids))
        for start in range(0, len(ids), BATCH_READ):
            chunk = ids[start : start + BATCH_READ]
            body = {"inputs": [{"id": i} for i in chunk], "properties": list(properties)}
            data = self._call(
                lambda api, body=body: getattr(api.crm, object_type).batch_api.read(
                    batch_read_input_simple_public_object_id=body, archived=False, **self._kw()
                )
            )
            out.extend(data.get("results") or [])
        return out

    def associations(self, from_type, to_type, ids):
        """{from id: [to ids]} through the v4 batch associations read."""
        out = {}
        ids = list(dict.fromkeys(str(i) for i in ids))
        for start in range(0, len(ids), ASSOCIATION_BATCH):
            body = {"inputs": [{"id": i} for i in ids[start : start + ASSOCIATION_BATCH]]}
            data = self._call(
                lambda api, body=body: api.crm.associations.v4.batch_api.get_page(
                    from_type,
                    to_type,
                    batch_input_public_fetch_associations_batch_request=body,
                    **self._kw(),
                )
            )
            for row in data.get("results") or []:
                src = str((row.get("_from") or row.get("from") or {}).get("id"))
                out[src] = [str(t.get("toObjectId")) for t in row.get("to") or []]
        return out

    def archived(self, object_type, properties=()):
        """Pages of archived records (``archivedAt`` on each), oldest first as listed."""
        after = None
        while True:
            data = self._call(
                lambda api, after=after: getattr(api.crm, object_type).basic_api.get_page(
                    limit=100, after=after, properties=list(properties), archived=True, **self._kw()
                )
            )
            results = data.get("results") or []
            if results:
                yield results
            after = ((data.get("paging") or {}).get("next") or {}).get("after")
            if not after or not results:
                return

    # ------------------------------------------------------------- writing
    def batch_update(self, object_type, inputs):
        """``inputs`` = [{"id": ..., "properties": {...}}]; at most 100 per request."""
        results = []
        for start in range(0, len(inputs), BATCH_READ):
            body = {"inputs": inputs[start : start + BATCH_READ]}
            data = self._call(
                lambda api, body=body: getattr(api.crm, object_type).batch_api.update(
                    batch_input_simple_public_object_batch_input=body, **self._kw()
                )
            )
            results.extend(data.get("results") or [])
        return results

    # ------------------------------------------------------------ checking
    def account(self):
        """Portal id, account type, currency and time zone."""
        return self._request("GET", "/account-info/v3/details")

    def daily_usage(self):
        """(used, limit) of today's API calls, or (None, None) if HubSpot does not say."""
        data = self._request("GET", "/account-info/v3/api-usage/daily/private-apps")
        for row in data.get("results") or []:
            if row.get("name") == "api-calls-daily":
                return row.get("currentUsage"), row.get("usageLimit")
        return None, None

    def scopes(self):
        """The scopes of the token in use."""
        if self.oauth:
            data = self._request("GET", f"/oauth/v1/access-tokens/{self.access_token}")
        else:
            data = self._request(
                "POST",
                "/oauth/v2/private-apps/get/access-token-info",
                {"tokenKey": self.access_token},
            )
        return set(data.get("scopes") or [])

    def missing_scopes(self, required=REQUIRED_SCOPES):
        return sorted(set(required) - self.scopes())


__all__ = ["API", "PAGE_MAX", "HubSpotClient", "HubSpotFault", "translate"]
