# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A fake HubSpot portal over real HTTP, for the real hubspot-api-client.

It serves the documented shapes of the endpoints the connector uses, on
127.0.0.1 and a free port; the client is pointed at it with ``host``:

- ``POST /crm/v3/objects/<type>/search``: filters EQ/GT/GTE/LT/LTE/IN on
  properties, sort by one property, ``limit`` (at most 200), ``after``; like
  HubSpot, it refuses to page past the 10,000th result of a query (400);
- ``POST /crm/v3/objects/<type>/batch/read`` and ``/batch/update`` (at most
  100 inputs); ``GET /crm/v3/objects/<type>?archived=true``;
- ``POST /crm/v4/associations/<from>/<to>/batch/read``;
- ``GET /account-info/v3/details``, ``GET /account-info/v3/api-usage/daily/private-apps``,
  ``POST /oauth/v2/private-apps/get/access-token-info``,
  ``GET /oauth/v1/access-tokens/<token>``, ``POST /oauth/v1/token`` (refresh);
- every answer carries the rate headers; a burst over the limit is a 429
  with HubSpot's body; ``fail_next`` injects faults; ``calls`` counts paths.
"""

import json
import re
import threading
import time
import urllib.parse
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SEARCH_CAP = 10_000
TIME_PROPS = {"hs_lastmodifieddate", "lastmodifieddate", "createdate", "closedate"}


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000)) + f".{ms % 1000:03d}Z"


def error(message, category="VALIDATION_ERROR", **extra):
    return {
        "status": "error",
        "message": message,
        "correlationId": "00000000-0000-4000-8000-000000000000",
        "category": category,
        **extra,
    }


class FakePortal:
    def __init__(
        self,
        portal_id=4242,
        token="pat-na1-test",
        scopes=None,
        burst=100,
        daily=250_000,
        account_type="STANDARD",
        currency="USD",
    ):
        self.portal_id = portal_id
        self.token = token
        self.scopes = set(
            scopes
            if scopes is not None
            else [
                "crm.objects.companies.read",
                "crm.objects.companies.write",
                "crm.objects.contacts.read",
                "crm.objects.deals.read",
                "crm.objects.deals.write",
                "crm.objects.line_items.read",
            ]
        )
        self.burst, self.daily = burst, daily
        self.account_type, self.currency = account_type, currency
        self.oauth_client = None  # (client_id, client_secret, refresh_token) when OAuth is used
        self.objects = {}  # type -> {id: {"properties": {}, "archived": bool, "archivedAt": ms}}
        self.assoc = {}  # (from, to) -> {from id: [to ids]}
        self.updates = []  # (type, inputs) of every batch update
        self.calls = {}
        self.stamps = []  # monotonic time of every request, in arrival order
        self.used_today = 0
        self._window = []
        self._faults = []
        self._next_id = 1000
        self._lock = threading.Lock()
        self.server = None

    # -------------------------------------------------------------- data
    def add(self, object_type, properties, modified_ms, object_id=None, archived=False):
        with self._lock:
            if object_id is None:
                self._next_id += 1
                object_id = self._next_id
            object_id = str(object_id)
            props = {k: (None if v is None else str(v)) for k, v in properties.items()}
            props["hs_object_id"] = object_id
            key = "lastmodifieddate" if object_type == "contacts" else "hs_lastmodifieddate"
            props[key] = iso(modified_ms)
            props.setdefault("createdate", iso(modified_ms))
            self.objects.setdefault(object_type, {})[object_id] = {
                "properties": props,
                "modified": modified_ms,
                "archived": archived,
                "archivedAt": modified_ms if archived else None,
            }
            return object_id

    def archive(self, object_type, object_id, when_ms=None):
        """Archive a record (HubSpot's delete), now or at ``when_ms``."""
        rec = self.objects[object_type][str(object_id)]
        rec["archived"] = True
        rec["archivedAt"] = when_ms if when_ms is not None else int(time.time() * 1000)

    def touch(self, object_type, object_id, when_ms=None, **properties):
        """Change a record's properties (and its modification time)."""
        rec = self.objects[object_type][str(object_id)]
        rec["properties"].update(
            {k: (None if v is None else str(v)) for k, v in properties.items()}
        )
        # a second ago: HubSpot's search index lags behind writes, and a pull's
        # window ends when it starts
        rec["modified"] = when_ms if when_ms is not None else int(time.time() * 1000) - 1000

    def associate(self, from_type, from_id, to_type, to_id):
        self.assoc.setdefault((from_type, to_type), {}).setdefault(str(from_id), []).append(
            str(to_id)
        )

    def fail_next(self, status, body=None, count=1, path=None, headers=None):
        """The next ``count`` calls (to ``path`` if given, a regex) answer ``status``."""
        self._faults.append([count, path, status, body or error(f"fault {status}"), headers or {}])

    # ------------------------------------------------------------ server
    def start(self):
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, status, body, headers=None):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, str(v))
                self.end_headers()
                self.wfile.write(data)

            def _handle(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                status, body, headers = portal.handle(method, self.path, self.headers, raw)
                self._send(status, body, headers)

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def busiest(self, seconds=10.0):
        """The highest number of requests received in any ``seconds`` window."""
        stamps, best, start = sorted(self.stamps), 0, 0
        for end, stamp in enumerate(stamps):
            while stamp - stamps[start] >= seconds:
                start += 1
            best = max(best, end - start + 1)
        return best

    # ----------------------------------------------------------- routing
    def _rate_headers(self):
        now = time.monotonic()
        self._window = [t for t in self._window if now - t < 10]
        return {
            "X-HubSpot-RateLimit-Daily": self.daily,
            "X-HubSpot-RateLimit-Daily-Remaining": max(0, self.daily - self.used_today),
            "X-HubSpot-RateLimit-Interval-Milliseconds": 10000,
            "X-HubSpot-RateLimit-Max": self.burst,
            "X-HubSpot-RateLimit-Remaining": max(0, self.burst - len(self._window)),
        }

    def handle(self, method, path, headers, raw):
        parsed = urllib.parse.urlparse(path)
        route, query = parsed.path, urllib.parse.parse_qs(parsed.query)
        with self._lock:
            self.calls[route] = self.calls.get(route, 0) + 1
            self.stamps.append(time.monotonic())
            for fault in self._faults:
                if fault[0] > 0 and (fault[1] is None or re.search(fault[1], route)):
                    fault[0] -= 1
                    return fault[2], fault[3], fault[4]
            if route == "/oauth/v1/token":
                return self._token(raw)
            if headers.get("Authorization") != f"Bearer {self.token}":
                return (
                    401,
                    error("Authentication credentials not found.", "INVALID_AUTHENTICATION"),
                    {},
                )
            now = time.monotonic()
            self._window = [t for t in self._window if now - t < 10]
            if len(self._window) >= self.burst:
                body = error(
                    "You have reached your ten_secondly_rolling limit.",
                    "RATE_LIMITS",
                    errorType="RATE_LIMIT",
                    policyName="TEN_SECONDLY_ROLLING",
                )
                return 429, body, self._rate_headers()
            self._window.append(now)
            self.used_today += 1
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                return 400, error("Invalid input JSON"), {}
            status, answer = self._route(method, route, query, body)
            return status, answer, self._rate_headers()

    def _route(self, method, route, query, body):
        m = re.fullmatch(r"/crm/v3/objects/(\w+)/search", route)
        if m and method == "POST":
            return self._search(m.group(1), body)
        m = re.fullmatch(r"/crm/v3/objects/(\w+)/batch/read", route)
        if m and method == "POST":
            return self._batch_read(m.group(1), body, query)
        m = re.fullmatch(r"/crm/v3/objects/(\w+)/batch/update", route)
        if m and method == "POST":
            return self._batch_update(m.group(1), body)
        m = re.fullmatch(r"/crm/v3/objects/(\w+)", route)
        if m and method == "GET":
            return self._list(m.group(1), query)
        m = re.fullmatch(r"/crm/v4/associations/(\w+)/(\w+)/batch/read", route)
        if m and method == "POST":
            return self._assoc_read(m.group(1), m.group(2), body)
        if route == "/account-info/v3/details":
            return 200, {
                "portalId": self.portal_id,
                "accountType": self.account_type,
                "timeZone": "US/Eastern",
                "companyCurrency": self.currency,
                "uiDomain": "app.hubspot.com",
                "dataHostingLocation": "na1",
            }
        if route == "/account-info/v3/api-usage/daily/private-apps":
            return 200, {
                "results": [
                    {
                        "name": "api-calls-daily",
                        "usageLimit": self.daily,
                        "currentUsage": self.used_today,
                        "collectedAt": iso(int(time.time() * 1000)),
                        "fetchStatus": "SUCCESS",
                    }
                ]
            }
        if route == "/oauth/v2/private-apps/get/access-token-info":
            if body.get("tokenKey") != self.token:
                return 404, error("token not found", "OBJECT_NOT_FOUND")
            return 200, {
                "userId": 1,
                "hubId": self.portal_id,
                "appId": 77,
                "scopes": sorted(self.scopes),
            }
        m = re.fullmatch(r"/oauth/v1/access-tokens/(.+)", route)
        if m:
            return 200, {
                "token": m.group(1),
                "hub_id": self.portal_id,
                "scopes": sorted(self.scopes),
                "token_type": "access",
                "expires_in": 1800,
            }
        return 404, error(f"no route {method} {route}", "OBJECT_NOT_FOUND")

    def _token(self, raw):
        form = urllib.parse.parse_qs(raw.decode())
        got = tuple(
            (form.get(k) or [None])[0] for k in ("client_id", "client_secret", "refresh_token")
        )
        if not self.oauth_client or got != self.oauth_client:
            return (
                400,
                {"status": "BAD_REFRESH_TOKEN", "message": "missing or unknown refresh token"},
                {},
            )
        self.token = f"oauth-{int(time.time() * 1000)}-{self.calls['/oauth/v1/token']}"
        return (
            200,
            {
                "token_type": "bearer",
                "refresh_token": self.oauth_client[2],
                "access_token": self.token,
                "expires_in": 1800,
            },
            {},
        )

    # --------------------------------------------------------- endpoints
    def _public(self, object_id, rec, properties=None):
        props = rec["properties"]
        if properties:
            props = {k: props.get(k) for k in properties}
        out = {
            "id": object_id,
            "properties": props,
            "createdAt": rec["properties"].get("createdate"),
            "updatedAt": iso(rec["modified"]),
            "archived": rec["archived"],
        }
        if rec["archived"]:
            out["archivedAt"] = iso(rec["archivedAt"])
        return out

    @staticmethod
    def _value(prop, value):
        if value is None:
            return None
        if prop in TIME_PROPS:
            text = str(value)
            if text.isdigit():
                return int(text)
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            return int(moment.timestamp() * 1000)
        try:
            return int(value)
        except (TypeError, ValueError):
            return str(value)

    def _match(self, rec, flt):
        prop, op = flt["propertyName"], flt["operator"]
        have = self._value(prop, rec["properties"].get(prop))
        if prop in TIME_PROPS and prop in ("hs_lastmodifieddate", "lastmodifieddate"):
            have = rec["modified"]
        if op == "HAS_PROPERTY":
            return have is not None
        if op == "IN":
            return str(rec["properties"].get(prop)) in [str(v) for v in flt.get("values") or []]
        want = self._value(prop, flt.get("value"))
        if have is None:
            return False
        try:
            return {
                "EQ": have == want,
                "NEQ": have != want,
                "GT": have > want,
                "GTE": have >= want,
                "LT": have < want,
                "LTE": have <= want,
            }[op]
        except TypeError:
            return False

    def _search(self, object_type, body):
        limit = int(body.get("limit") or 10)
        if limit > 200:
            return 400, error("limit must be at most 200")
        after = int(body.get("after") or 0)
        if after + limit > SEARCH_CAP:
            return 400, error(
                "There was a problem with the request.",
                errors=[{"message": f"after + limit must be at most {SEARCH_CAP}"}],
            )
        groups = body.get("filterGroups") or []
        rows = [
            (oid, rec)
            for oid, rec in self.objects.get(object_type, {}).items()
            if not rec["archived"]
            and (
                not groups
                or any(all(self._match(rec, f) for f in g.get("filters") or []) for g in groups)
            )
        ]
        sorts = body.get("sorts") or [{"propertyName": "hs_object_id", "direction": "ASCENDING"}]
        prop = sorts[0]["propertyName"]
        rows.sort(
            key=lambda r: (self._value(prop, r[1]["properties"].get(prop)) or 0, int(r[0])),
            reverse=sorts[0].get("direction") == "DESCENDING",
        )
        page = rows[after : after + limit]
        answer = {
            "total": len(rows),
            "results": [self._public(oid, rec, body.get("properties")) for oid, rec in page],
        }
        if after + limit < len(rows):
            answer["paging"] = {"next": {"after": str(after + limit), "link": "?after="}}
        return 200, answer

    def _batch_read(self, object_type, body, query):
        inputs = body.get("inputs") or []
        if len(inputs) > 100:
            return 400, error("Batch size must be at most 100")
        found = self.objects.get(object_type, {})
        results, errors = [], []
        for item in inputs:
            rec = found.get(str(item.get("id")))
            if rec is None or rec["archived"]:
                errors.append(item.get("id"))
                continue
            results.append(self._public(str(item["id"]), rec, body.get("properties")))
        answer = {
            "status": "COMPLETE",
            "results": results,
            "startedAt": iso(0),
            "completedAt": iso(0),
        }
        if errors:
            answer["numErrors"] = 1
            answer["errors"] = [
                {
                    "status": "error",
                    "category": "OBJECT_NOT_FOUND",
                    "message": "Could not get some objects",
                    "context": {"ids": [str(e) for e in errors]},
                }
            ]
            return 207, answer
        return 200, answer

    def _batch_update(self, object_type, body):
        inputs = body.get("inputs") or []
        if len(inputs) > 100:
            return 400, error("Batch size must be at most 100")
        self.updates.append((object_type, inputs))
        found = self.objects.setdefault(object_type, {})
        results = []
        for item in inputs:
            rec = found.get(str(item["id"]))
            if rec is None:
                return 400, error(f"object {item['id']} not found", "OBJECT_NOT_FOUND")
            rec["properties"].update(
                {k: (None if v is None else str(v)) for k, v in item["properties"].items()}
            )
            results.append(self._public(str(item["id"]), rec))
        return 200, {
            "status": "COMPLETE",
            "results": results,
            "startedAt": iso(0),
            "completedAt": iso(0),
        }

    def _list(self, object_type, query):
        archived = (query.get("archived") or ["false"])[0].lower() == "true"
        limit = int((query.get("limit") or ["10"])[0])
        after = int((query.get("after") or ["0"])[0])
        rows = sorted(
            (
                (oid, rec)
                for oid, rec in self.objects.get(object_type, {}).items()
                if rec["archived"] == archived
            ),
            key=lambda r: int(r[0]),
        )
        page = rows[after : after + limit]
        answer = {"results": [self._public(oid, rec) for oid, rec in page]}
        if after + limit < len(rows):
            answer["paging"] = {"next": {"after": str(after + limit), "link": "?after="}}
        return 200, answer

    def _assoc_read(self, from_type, to_type, body):
        table = self.assoc.get((from_type, to_type), {})
        results = []
        for item in body.get("inputs") or []:
            tos = table.get(str(item["id"]))
            if tos:
                results.append(
                    {
                        "from": {"id": str(item["id"])},
                        "to": [
                            {
                                "toObjectId": int(t),
                                "associationTypes": [
                                    {"category": "HUBSPOT_DEFINED", "typeId": 1, "label": None}
                                ],
                            }
                            for t in tos
                        ],
                    }
                )
        return 200, {
            "status": "COMPLETE",
            "results": results,
            "startedAt": iso(0),
            "completedAt": iso(0),
        }
