# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

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
        self.assertEqual((row.latency_p50_24h, row.latency_p50_7d), (20.0, 25.0))
        self.assertAlmostEqual(row.latency_p95_7d, 89.5)
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
