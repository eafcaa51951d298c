# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two workers calling one HubSpot backend share one throttle.

Each worker runs in a thread of its own on its own connection and
committed transactions (as two job runners would); the limits they keep
are counted by the fake portal, request by request.
"""

from unittest.mock import patch

from odoo.tests.common import _super_send, tagged

from odoo.addons.ps_sync_core.tests.concurrency import ConcurrentCase

from ..pure import ratelimit as pure_rate
from .fakes.hubspot_portal import FakePortal

TOKEN = "pat-na1-throttle-0000"
WINDOW = 2.0
#: the fake sees a request when it arrives, a little after the throttle let
#: it start: its windows are counted with that much slack
SEEN = WINDOW - 0.5


@tagged("post_install", "-at_install")
class TestSharedThrottle(ConcurrentCase):
    _portal_url = None

    @classmethod
    def _request_handler(cls, s, r, /, **kw):
        if cls._portal_url and r.url.startswith(cls._portal_url):
            return _super_send(s, r, **kw)
        return super()._request_handler(s, r, **kw)

    def setUp(self):
        super().setUp()
        self.portal = FakePortal(portal_id=77, token=TOKEN, burst=1000).start()
        self.addCleanup(self.portal.stop)
        type(self)._portal_url = self.portal.url
        self.addCleanup(setattr, type(self), "_portal_url", None)
        with self.committed_env() as env:
            backend = env["ps.sync.backend"].create(
                {
                    "name": "throttle",
                    "code": f"hs-throttle-{id(self)}",
                    "company_id": env.company.id,
                    "kind": "hubspot",
                    "hs_access_token": TOKEN,
                    "hs_host": self.portal.url,
                    "hs_burst": 5,  # 80 %: 4 calls per window
                }
            )
            self.backend_id = backend.id
        self.addCleanup(self._cleanup)
        # two-second windows instead of HubSpot's ten (and one for searches):
        # the same rule, faster
        for name in ("INTERVAL", "SEARCH_INTERVAL"):
            window = patch.object(pure_rate, name, WINDOW)
            window.start()
            self.addCleanup(window.stop)

    def _cleanup(self):
        with self.committed_env() as env:
            env["ps.sync.backend"].browse(self.backend_id).unlink()

    def calls(self, bucket, count):
        def call(env):
            backend = env["ps.sync.backend"].browse(self.backend_id)
            client = env["ps.sync.connector.hubspot"]._client(backend)
            for __ in range(count):
                if bucket == "search":
                    client.search("companies", {"limit": 1, "filterGroups": []})
                else:
                    client.account()
            return count

        return call

    def test_two_workers_never_exceed_the_shared_burst(self):
        results = self.race({"a": self.calls("all", 6), "b": self.calls("all", 6)}, timeout=60)
        self.assertEqual(results, {"a": 6, "b": 6})
        self.assertEqual(len(self.portal.stamps), 12)
        # 80 % of a burst of 5 per window, both workers together
        self.assertLessEqual(self.portal.busiest(SEEN), 4)

    def test_two_workers_keep_the_search_limit_per_second(self):
        with self.committed_env() as env:
            env["ps.sync.backend"].browse(self.backend_id).hs_burst = 1000
        results = self.race(
            {"a": self.calls("search", 5), "b": self.calls("search", 5)}, timeout=60
        )
        self.assertEqual(results, {"a": 5, "b": 5})
        self.assertEqual(len(self.portal.stamps), 10)
        self.assertLessEqual(self.portal.busiest(SEEN), 4)  # 80 % of 5 searches a window
        with self.committed_env() as env:
            left = env["ps.sync.api.call"].search([("backend_id", "=", self.backend_id)])
            self.assertTrue(left)  # the counts are in the database, for every worker
