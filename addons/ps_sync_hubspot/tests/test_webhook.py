# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""HubSpot webhooks over HTTP: signature v3, stale and forged requests,
each event applied once, events applied in ``occurredAt`` order."""

import base64
import hashlib
import hmac
import json
import time
import xmlrpc.client

from odoo.tests.common import HttpCase, _super_send, new_test_user, tagged

from .fakes.hubspot_portal import FakePortal

SECRET = "hs-webhook-client-secret"
PORTAL = 4343


def event(kind, object_id, occurred, event_id):
    return {
        "eventId": event_id,
        "portalId": PORTAL,
        "subscriptionType": kind,
        "objectId": object_id,
        "occurredAt": occurred,
        "attemptNumber": 0,
    }


@tagged("post_install", "-at_install")
class TestHubSpotWebhookRoute(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls.env["ps.sync.backend"].create(
            {
                "name": "HubSpot webhooks",
                "code": "t-hs-hook",
                "kind": "hubspot",
                "hs_access_token": "pat-na1-hook",
                "hs_client_secret": SECRET,
                "hs_portal_id": str(PORTAL),
            }
        )
        cls.path = f"/ps_sync/hubspot/webhook/{cls.backend.code}"

    def post(self, events, secret=SECRET, age_ms=0, sent=None):
        """POST ``events`` signed as HubSpot does (``sent``: other bytes than
        those signed, as a tampering proxy would)."""
        body = json.dumps(events).encode()
        timestamp = str(int(time.time() * 1000) - age_ms)
        uri = f"{self.base_url()}{self.path}"
        mac = hmac.new(
            secret.encode(), f"POST{uri}{body.decode()}{timestamp}".encode(), hashlib.sha256
        )
        headers = {
            "Content-Type": "application/json",
            "X-HubSpot-Request-Timestamp": timestamp,
            "X-HubSpot-Signature-v3": base64.b64encode(mac.digest()).decode(),
        }
        return self.url_open(self.path, data=sent or body, headers=headers)

    def fetch_jobs(self):
        jobs = self.env["queue.job"].sudo().search([("method_name", "=", "_fetch")], order="id")
        return [tuple(job.args) for job in jobs]

    def pull_jobs(self):
        return self.env["queue.job"].sudo().search_count([("method_name", "=", "_pull")])

    def counts(self):
        return (
            self.env["ps.sync.log"].sudo().search_count([]),
            self.env["ps.sync.webhook.delivery"].sudo().search_count([]),
            self.env["queue.job"].sudo().search_count([]),
        )

    def test_a_redelivered_event_is_applied_once(self):
        first = [event("company.creation", 501, 1_000, 9001)]
        answer = self.post(first)
        self.assertEqual(answer.status_code, 200, answer.text)
        self.assertEqual(answer.json()["status"], "accepted")
        self.assertEqual(self.fetch_jobs(), [("companies", ["501"])])
        # HubSpot retries the same delivery (new timestamp, new signature)
        again = self.post(first)
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.json()["status"], "duplicate")
        # a later delivery that repeats the event with a new one: only the new one
        mixed = self.post(first + [event("company.propertyChange", 502, 2_000, 9002)])
        self.assertEqual(mixed.json()["events"], 1)
        self.assertEqual(mixed.json()["duplicates"], 1)
        self.assertEqual(self.fetch_jobs(), [("companies", ["501"]), ("companies", ["502"])])

    def test_events_apply_in_occurred_order_not_delivery_order(self):
        # delivered newest first: a change at t1, then the deletion at t2
        answer = self.post(
            [
                event("company.deletion", 601, 2_000, 9101),
                event("company.propertyChange", 601, 1_000, 9102),
            ]
        )
        self.assertEqual(answer.status_code, 200, answer.text)
        self.assertEqual(self.fetch_jobs(), [])  # deleted last: nothing to read by id
        self.assertEqual(self.pull_jobs(), 1)  # the archived check finds it
        # restored after the deletion (delivered the other way round): read it
        self.post(
            [
                event("company.restore", 602, 4_000, 9103),
                event("company.deletion", 602, 3_000, 9104),
                event("contact.creation", 77, 3_500, 9105),
                event("company.creation", 603, 3_800, 9106),
            ]
        )
        self.assertEqual(self.fetch_jobs(), [("companies", ["603", "602"]), ("contacts", ["77"])])

    def test_stale_and_forged_requests_are_refused_and_write_nothing(self):
        before = self.counts()
        body = [event("company.creation", 701, 1_000, 9201)]
        stale = self.post(body, age_ms=6 * 60 * 1000)  # older than five minutes
        forged = self.post(body, secret="not-the-app-secret")
        tampered = self.post(
            body, sent=json.dumps([event("company.creation", 702, 1_000, 9202)]).encode()
        )
        unknown = self.url_open(
            "/ps_sync/hubspot/webhook/nope",
            data=json.dumps(body).encode(),
            headers={"X-HubSpot-Signature-v3": "x", "X-HubSpot-Request-Timestamp": "1"},
        )
        for answer in (stale, forged, tampered, unknown):
            self.assertEqual(answer.status_code, 401, answer.text)
        self.env.invalidate_all()
        self.assertEqual(self.counts(), before)  # no log, no claim, no job
        # a signed delivery of another portal is refused with its reason
        other = self.post([dict(event("company.creation", 703, 1_000, 9203), portalId=1)])
        self.assertEqual(other.status_code, 400)
        self.assertIn("portal", other.json()["message"])


@tagged("post_install", "-at_install")
class TestHubSpotRpcAccess(HttpCase):
    """Over XML-RPC: the integration user, a finance reviewer and a sync user
    run no pull or push, test no connection and read no credential; the
    jobs' methods are private."""

    def test_roles_over_xmlrpc(self):
        backend = self.env["ps.sync.backend"].create(
            {
                "name": "HubSpot rpc",
                "code": "t-hs-rpc",
                "kind": "hubspot",
                "hs_access_token": "pat-na1-rpc-secret",
            }
        )
        db = self.env.cr.dbname
        for role, groups in (
            ("integration", "ps_sync_core.group_integration"),
            ("finance", "ps_sync_core.group_finance_reviewer"),
            ("syncuser", "ps_sync_core.group_sync_user"),
        ):
            login = f"t_hs_rpc_{role}"
            user = new_test_user(
                self.env, login=login, password=f"{login}_pw1", groups=f"base.group_user,{groups}"
            )
            for method, args in (
                ("action_pull", []),
                ("action_push_status", []),
                ("action_test_connection", []),
                ("action_reset_mappings", []),
                ("_pull", []),
                ("_fetch", ["companies", []]),
                ("read", [["hs_access_token"]]),
            ):
                with (
                    self.subTest(role=role, method=method),
                    self.assertRaises(xmlrpc.client.Fault) as caught,
                ):
                    self.xmlrpc_object.execute_kw(
                        db, user.id, f"{login}_pw1", "ps.sync.backend", method, [backend.ids] + args
                    )
                self.assertNotIn("pat-na1-rpc-secret", caught.exception.faultString)
        self.assertFalse(self.env["queue.job"].sudo().search([("method_name", "=", "_pull")]))


@tagged("post_install", "-at_install")
class TestThrottleInHttpTests(HttpCase):
    """In an HTTP test the registry hands out the test's own cursor: the
    shared throttle still counts and lets the calls through."""

    _portal_url = None

    @classmethod
    def _request_handler(cls, s, r, /, **kw):
        if cls._portal_url and r.url.startswith(cls._portal_url):
            return _super_send(s, r, **kw)
        return super()._request_handler(s, r, **kw)

    def test_calls_through_the_test_cursor(self):
        portal = FakePortal(portal_id=88, token="pat-http").start()
        self.addCleanup(portal.stop)
        type(self)._portal_url = portal.url
        self.addCleanup(setattr, type(self), "_portal_url", None)
        backend = self.env["ps.sync.backend"].create(
            {
                "name": "HubSpot http",
                "code": "t-hs-http",
                "kind": "hubspot",
                "hs_access_token": "pat-http",
                "hs_host": portal.url,
            }
        )
        client = backend._connector()._client(backend)
        for __ in range(3):
            self.assertEqual(client.account()["portalId"], 88)
        calls = self.env["ps.sync.api.call"].sudo().search([("backend_id", "=", backend.id)])
        self.assertEqual(len(calls), 3)
