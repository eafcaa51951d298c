# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .sync_common import OpsSyncMixin, SyncCase


@tagged("post_install", "-at_install")
class TestSyncServiceLevels(OpsSyncMixin, SyncCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_ops()

    def applied(self, state, latency, hours_old=0.0, ext="X", attempts=1, **kw):
        log = self.message(state, hours_old, ext=ext, **kw)
        self.env.cr.execute(
            "UPDATE ps_sync_log SET date_done = create_date + %s, attempts = %s WHERE id = %s",
            [timedelta(seconds=latency) if latency is not None else None, attempts, log.id],
        )
        return log

    def row(self, backend, object_name="partner", user=None):
        self.env.flush_all()
        Sla = self.env["ps.ops.sync.sla"].with_user(user) if user else self.env["ps.ops.sync.sla"]
        return Sla.search([("backend_id", "=", backend.id), ("object_name", "=", object_name)])

    def test_figures_per_backend_and_object(self):
        self.applied("done", 10, ext="A")
        self.applied("done", 30, ext="B")
        self.applied("skipped", 20, ext="C")
        self.applied("failed", None, ext="D", attempts=3)
        self.applied("done", 100, hours_old=72, ext="E")
        self.applied("done", 5, ext="T", object_name="timesheet")
        self.env.cr.execute("SELECT (now() AT TIME ZONE 'UTC')")
        now = self.env.cr.fetchone()[0]
        self.env["ps.sync.watermark"].create(
            {
                "backend_id": self.backend.id,
                "object_name": "partner",
                "value": now - timedelta(hours=2),
            }
        )
        row = self.row(self.backend)
        self.assertEqual(len(row), 1)
        self.assertEqual((row.messages_24h, row.messages_7d), (4, 5))
        self.assertEqual((row.success_rate_24h, row.success_rate_7d), (75.0, 80.0))
        self.assertEqual((row.retries_7d, row.failed, row.dead, row.queued), (2, 1, 0, 0))
        self.assertAlmostEqual(row.freshness_minutes, 120.0, delta=0.1)
        self.assertEqual(row.company_id, self.company_us)
        self.assertEqual(self.row(self.backend, "timesheet").messages_24h, 1)

    def test_company_of_the_reader(self):
        self.applied("done", 1, ext="US")
        self.applied("done", 1, ext="UK", backend=self.backend_uk)
        self.assertTrue(self.row(self.backend, user=self.finance_user))
        self.assertFalse(self.row(self.backend_uk, user=self.finance_user))
        self.assertTrue(self.row(self.backend_uk, user=self.manager_user))

    def test_latency_from_source_modification_to_applied(self):
        now = fields.Datetime.now()

        def stamp(seconds):
            return fields.Datetime.to_string(now - timedelta(seconds=seconds))

        # three changes made 10 s, 100 s and 1,000 s before they reach Odoo
        res = self.ingest(
            [
                self.company_rec("LAT-1", updated_at=stamp(10)),
                self.company_rec("LAT-2", updated_at=stamp(100)),
                self.company_rec("LAT-3", updated_at=stamp(1000)),
                self.company_rec("LAT-4"),  # no modification time: not counted
            ]
        )
        self.assertEqual({r["status"] for r in res}, {"created"})
        # an unchanged re-send applies nothing: not counted either
        self.ingest([self.company_rec("LAT-1", updated_at=stamp(10))])
        Latency = self.env["ps.ops.sync.latency"]
        histogram = Latency._ps_histograms(keys={(self.backend.id, "partner")})[
            (self.backend.id, "partner")
        ]
        # buckets (5, 15], (60, 120], (600, 1800]
        self.assertEqual({b: c for b, (c, __) in histogram.items()}, {2: 1, 5: 1, 8: 1})
        self.assertAlmostEqual(sum(t for __, t in histogram.values()), 1110, delta=30)
        # a week-old hour of slow changes counts in the 7 days only
        Latency._ps_record(self.backend, "partner", [5000.0] * 7, now - timedelta(days=3))
        row = self.row(self.backend)
        self.assertTrue(60 < row.latency_p50_24h <= 120, row.latency_p50_24h)
        self.assertTrue(600 < row.latency_p95_24h <= 1800, row.latency_p95_24h)
        self.assertTrue(3600 < row.latency_p50_7d <= 7200, row.latency_p50_7d)
        # the cron folds past hours and keeps every count
        before = Latency._ps_histograms()
        Latency._ps_record(self.backend, "partner", [2.0], now - timedelta(days=30))
        Latency._ps_record(self.backend, "partner", [3.0], now - timedelta(days=30))
        Latency._cron_compact()
        after = Latency._ps_histograms()
        self.assertEqual(
            after[(self.backend.id, "partner")][1][0],
            2 + before.get((self.backend.id, "partner"), {}).get(1, (0, 0))[0],
        )
        self.env.cr.execute(
            "SELECT count(*) FROM ps_ops_sync_latency WHERE backend_id = %s AND hour = %s",
            [self.backend.id, "1970-01-01 00:00:00"],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 1, "older hours folded into one row")
        self.assertEqual(self.row(self.backend).latency_p95_7d, row.latency_p95_7d)
