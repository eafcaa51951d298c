# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .common import SyncCase


class TestReconciliation(SyncCase):
    def test_source_ids_compared_with_bindings(self):
        self.ingest([self.company_rec(f"REC-{i}") for i in range(4)])
        self.env["res.partner"].browse(self.binding("REC-3").res_id).unlink()
        answer = self.Api.reconcile("t-crm-us", "partner", ["REC-0", "REC-1", "REC-3", "REC-9"])
        self.assertEqual(answer["state"], "drift")
        self.assertEqual(answer["source_count"], 4)
        self.assertEqual(answer["binding_count"], 4)
        self.assertEqual(answer["missing_in_odoo"], 1)  # REC-9
        self.assertEqual(answer["missing_in_source"], 1)  # REC-2
        self.assertEqual(answer["dangling"], 1)  # REC-3
        self.assertIn("REC-9", answer["details"])
        drift_log = self.logs(backend_id=self.backend.id, error_category="drift")
        self.assertEqual(drift_log.state, "failed")

    def test_in_step(self):
        self.ingest([self.company_rec("REC-A")])
        answer = self.Api.reconcile("t-crm-us", "partner", ["REC-A"])
        self.assertEqual(answer["state"], "ok")
        self.assertFalse(self.logs(backend_id=self.backend.id, error_category="drift"))

    def test_scheduled_action_finds_dangling_bindings(self):
        self.ingest([self.company_rec("REC-B"), self.company_rec("REC-C")])
        self.env["res.partner"].browse(self.binding("REC-B").res_id).unlink()
        recs = self.env["ps.sync.reconciliation"]._cron_reconcile()
        mine = recs.filtered(lambda r: r.backend_id == self.backend)
        self.assertEqual(mine.state, "drift")
        self.assertEqual(mine.dangling_count, 1)
        self.assertEqual(mine.source_count, -1)  # a generic backend cannot be asked
        self.assertIn("REC-B", mine.details)
