# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Deletions at the source (policy archive / delete / ignore, merges) and
export jobs split by a handler's batch size."""

from unittest.mock import patch

from .common import SyncCase


class TestDeletions(SyncCase):
    def partner(self, ext):
        return (
            self.env["res.partner"].with_context(active_test=False).browse(self.binding(ext).res_id)
        )

    def delete(self, deletions):
        handler = self.env["ps.sync.object.partner"]
        return handler._apply_deletions(self.backend, deletions, "del-test")

    def test_archive_is_the_default_and_logged(self):
        self.ingest([self.company_rec("DEL-1"), self.contact_rec("DEL-2", "DEL-1")])
        self.assertEqual(self.backend.deletion_policy, "archive")
        outcomes = self.delete([{"external_id": "DEL-2"}, {"external_id": "NEVER-SEEN"}])
        self.assertEqual(outcomes, {"DEL-2": "archived", "NEVER-SEEN": "unbound"})
        self.assertFalse(self.partner("DEL-2").active)
        self.assertTrue(self.partner("DEL-1").active)
        log = self.logs(name="del-test", external_id="DEL-2")
        self.assertEqual((log.state, log.res_id), ("done", self.partner("DEL-2").id))
        self.assertIn("archived", log.message)
        self.assertEqual(self.logs(name="del-test", external_id="NEVER-SEEN").state, "skipped")

    def test_a_deletion_applied_again_changes_and_logs_nothing(self):
        self.ingest([self.company_rec("DEL-8")])
        self.assertEqual(self.delete([{"external_id": "DEL-8"}]), {"DEL-8": "archived"})
        write_date = self.partner("DEL-8").write_date
        self.assertEqual(self.delete([{"external_id": "DEL-8"}]), {"DEL-8": "unchanged"})
        self.assertEqual(len(self.logs(name="del-test", external_id="DEL-8")), 1)
        self.assertEqual(self.partner("DEL-8").write_date, write_date)

    def test_delete_policy_deletes_only_what_may_go(self):
        self.backend.deletion_policy = "delete"
        self.ingest([self.company_rec("DEL-3"), self.company_rec("DEL-4")])
        kept = self.partner("DEL-4")
        handler = type(self.env["ps.sync.object.partner"])
        with patch.object(handler, "_can_delete", lambda self, record: record != kept):
            outcomes = self.delete([{"external_id": "DEL-3"}, {"external_id": "DEL-4"}])
        self.assertEqual(outcomes, {"DEL-3": "deleted", "DEL-4": "archived"})
        self.assertFalse(self.binding("DEL-3"))
        self.assertTrue(kept.exists())
        self.assertFalse(kept.active)

    def test_merged_record_is_archived_whatever_the_policy(self):
        self.backend.deletion_policy = "ignore"
        self.ingest([self.company_rec("DEL-5"), self.company_rec("DEL-6")])
        outcomes = self.delete(
            [{"external_id": "DEL-5", "merged_into": "DEL-6"}, {"external_id": "DEL-6-x"}]
        )
        self.assertEqual(outcomes["DEL-5"], "archived")
        self.assertFalse(self.partner("DEL-5").active)
        self.assertIn("merged", self.logs(name="del-test", external_id="DEL-5").message)

    def test_ignore_policy_keeps_the_record(self):
        self.backend.deletion_policy = "ignore"
        self.ingest([self.company_rec("DEL-7")])
        self.assertEqual(self.delete([{"external_id": "DEL-7"}]), {"DEL-7": "ignored"})
        self.assertTrue(self.partner("DEL-7").active)


class TestExportBatches(SyncCase):
    def test_exports_are_split_into_jobs_of_the_handler_batch_size(self):
        res = self.ingest([self.company_rec(f"EXB-{i}") for i in range(5)])
        ids = [r["res_id"] for r in res]
        self.backend.outbound_url = "http://127.0.0.1:9/unused"
        handler = type(self.env["ps.sync.object.partner"])
        with patch.object(handler, "_export_batch_size", 2):
            logs = self.env["ps.sync.log"].browse(self.backend.export_records("partner", ids))
        self.assertEqual(len(logs), 5)
        self.assertEqual(
            sorted(len(logs.filtered(lambda log, j=j: log.job_id == j)) for j in logs.job_id),
            [1, 2, 2],
        )
        logs2 = self.env["ps.sync.log"].browse(self.backend.export_records("partner", ids))
        self.assertEqual(len(logs2.job_id), 1)  # no batch size: one job
