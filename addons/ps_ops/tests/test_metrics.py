# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from prometheus_client.parser import text_string_to_metric_families

from odoo import fields
from odoo.tests import HttpCase, tagged

from ..controllers.main import TOKEN_PARAM, token_matches
from .sync_common import OpsSyncMixin, SyncFixtures

TOKEN = "t0ken-for-the-scraper-0123456789"


@tagged("post_install", "-at_install")
class TestMetrics(OpsSyncMixin, SyncFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_sync_env()
        cls.company_us = cls.setup_sync_company("Ops Metrics Inc. (test)", "base.USD")
        cls.backend = cls.setup_sync_backend(cls.company_us, "t-metrics", "Metrics CRM")
        cls.setup_sync_users(cls.company_us)
        cls.setup_ops()
        cls.env["ir.config_parameter"].sudo().set_param(TOKEN_PARAM, TOKEN)

    def scrape(self, authorization=None):
        headers = {"Authorization": authorization} if authorization else {}
        return self.url_open("/ps_ops/metrics", headers=headers)

    def samples(self, text):
        found = {}
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
        return found

    def test_metrics(self):
        self.message("failed", 5, ext="A")
        self.message("failed", 6, ext="B")
        self.message("dead", 7, object_name="timesheet", ext="C")
        self.message("done", ext="D")
        self.evaluate(self.failed_rule)
        self.env["ps.alert"].search([]).flush_recordset()
        response = self.scrape(f"Bearer {TOKEN}")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/plain"))
        found = self.samples(response.text)
        company = self.company_us.name
        key = (
            "ps_sync_messages",
            (
                ("backend", "t-metrics"),
                ("company", company),
                ("object", "partner"),
                ("state", "failed"),
            ),
        )
        self.assertEqual(found[key], 2)
        dead = ("ps_sync_messages", tuple(dict(key[1], object="timesheet", state="dead").items()))
        self.assertEqual(found[(dead[0], tuple(sorted(dead[1])))], 1)
        age = found[("ps_sync_messages_oldest_age_seconds", key[1])]
        self.assertGreaterEqual(age, 6 * 3600)
        self.assertIn(
            (
                "ps_sync_backend_last_success_age_seconds",
                (("backend", "t-metrics"), ("company", company)),
            ),
            found,
        )
        self.assertEqual(found[("ps_alerts", (("severity", "warning"), ("state", "open")))], 2)
        self.assertIn(
            ("ps_alert_amount_at_stake", (("currency", ""), ("rule", "sync_failed"))), found
        )
        self.assertIn(("ps_ops_scrape_duration_seconds", ()), found)

    def test_latency_histogram(self):
        Latency = self.env["ps.ops.sync.latency"]
        now = fields.Datetime.now()
        Latency._ps_record(self.backend, "partner", [0.5, 3.0, 3.5, 90000.0], now)
        Latency._ps_record(self.backend, "partner", [4.0], now - timedelta(days=20))
        Latency.flush_model()
        found = self.samples(self.scrape(f"Bearer {TOKEN}").text)
        labels = {"backend": "t-metrics", "company": self.company_us.name, "object": "partner"}

        def sample(name, **extra):
            return found[(name, tuple(sorted(dict(labels, **extra).items())))]

        self.assertEqual(sample("ps_sync_latency_seconds_bucket", le="1.0"), 1)
        self.assertEqual(sample("ps_sync_latency_seconds_bucket", le="5.0"), 4)
        self.assertEqual(sample("ps_sync_latency_seconds_bucket", le="86400.0"), 4)
        self.assertEqual(sample("ps_sync_latency_seconds_bucket", le="+Inf"), 5)
        self.assertEqual(sample("ps_sync_latency_seconds_count"), 5)
        self.assertAlmostEqual(sample("ps_sync_latency_seconds_sum"), 90011.0)

    def test_queue_depth_per_channel(self):
        self.failed_rule.webhook_url = "https://hooks.example/alerts"
        self.message("failed", 5, ext="A")
        self.evaluate(self.failed_rule)  # enqueues the webhook job
        self.env["queue.job"].flush_model()
        found = self.samples(self.scrape(f"Bearer {TOKEN}").text)
        self.assertGreaterEqual(
            found[("ps_queue_jobs", (("channel", "root.ps_ops"), ("state", "pending")))], 1
        )
        self.assertIn(("ps_queue_oldest_job_age_seconds", (("channel", "root.ps_ops"),)), found)

    def test_refused_without_the_token(self):
        for authorization in (None, "Bearer wrong", f"Basic {TOKEN}", "Bearer ", TOKEN):
            with self.subTest(authorization=authorization):
                response = self.scrape(authorization)
                self.assertEqual(response.status_code, 401)
                self.assertNotIn("ps_sync", response.text)
        self.env["ir.config_parameter"].sudo().set_param(TOKEN_PARAM, "")
        self.assertEqual(self.scrape(f"Bearer {TOKEN}").status_code, 401, "no token: closed")

    def test_token_comparison(self):
        self.assertTrue(token_matches("abc", "Bearer abc"))
        self.assertTrue(token_matches("abc", "bearer  abc "))
        self.assertFalse(token_matches("abc", "Bearer abcd"))
        self.assertFalse(token_matches("", "Bearer "))

    def test_health(self):
        response = self.url_open("/ps_ops/health")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "database": "ok"})
