# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo.exceptions import UserError

from .common import SyncCase


class TestSyncLog(SyncCase):
    def test_fix_payload_and_replay(self):
        res = self.ingest([self.company_rec("FIX-1", country_code="UX")])[0]
        self.assertEqual(res["status"], "rejected")
        log = self.logs(external_id="FIX-1")
        self.assertEqual((log.state, log.attempts), ("failed", 1))
        first_error = log.message
        # a finance reviewer corrects the payload on the workbench and replays
        payload = json.loads(log.payload)
        payload["country_code"] = "GB"
        log.with_user(self.finance_user).write({"payload": json.dumps(payload)})
        log.with_user(self.finance_user).action_replay()
        self.assertEqual(log.state, "done")
        self.assertEqual(log.attempts, 2)
        self.assertEqual(log.result_status, "created")
        partner = self.env["res.partner"].browse(log.res_id)
        self.assertEqual(partner.country_id, self.env.ref("base.uk"))
        self.assertEqual(self.binding("FIX-1").res_id, partner.id)
        # the first error is kept in the chatter, not overwritten
        bodies = " ".join(log.message_ids.mapped("body"))
        self.assertIn("Attempt 1: failed", bodies)
        self.assertIn(first_error, bodies)
        # a later delivery of the same fixed record is unchanged
        again = self.ingest([dict(payload)])[0]
        self.assertEqual((again["status"], again["res_id"]), ("unchanged", partner.id))

    def test_replay_after_fixing_the_setup(self):
        # the contact arrives before its company: rejected, then replayed
        self.ingest([self.contact_rec("FIX-C", "FIX-P")])
        log = self.logs(external_id="FIX-C")
        self.assertIn("unknown parent_external_id", log.message)
        self.ingest([self.company_rec("FIX-P")])
        log.with_user(self.sync_user).action_retry()  # no job: retry replays
        self.assertEqual(log.state, "done")
        self.assertEqual(self.env["res.partner"].browse(log.res_id).parent_id.name, "Company FIX-P")

    def test_replay_refused_batch_once_the_object_exists(self):
        self.backend.max_batch_size = 1
        self.ingest([self.company_rec("FIX-2"), self.company_rec("FIX-3")])
        logs = self.logs(backend_id=self.backend.id, state="failed")
        self.assertEqual(len(logs), 2)
        self.backend.max_batch_size = 1000
        logs.action_replay()
        self.assertEqual(set(logs.mapped("state")), {"done"})

    def test_resolve_with_reason(self):
        self.ingest([self.company_rec("RES-1", email="bad")])
        log = self.logs(external_id="RES-1")
        with self.assertRaisesRegex(UserError, "Say why"):
            log.with_user(self.finance_user).action_resolve("  ")
        wizard = (
            self.env["ps.sync.log.resolve"]
            .with_user(self.finance_user)
            .with_context(active_model="ps.sync.log", active_ids=log.ids)
            .create({"reason": "Duplicate test account in the CRM, deleted there."})
        )
        wizard.action_confirm()
        self.assertEqual(log.state, "resolved")
        self.assertEqual(log.resolved_by_id, self.finance_user)
        self.assertTrue(log.resolved_date)
        with self.assertRaisesRegex(UserError, "cannot take this action"):
            log.action_replay()

    def test_done_messages_cannot_be_replayed(self):
        self.ingest([self.company_rec("RES-2")])
        with self.assertRaisesRegex(UserError, "cannot take this action"):
            self.logs(external_id="RES-2").action_retry()

    def test_invalid_json_payload_is_refused_on_replay(self):
        self.ingest([self.company_rec("RES-3", email="bad")])
        log = self.logs(external_id="RES-3")
        log.payload = "{not json"
        with self.assertRaisesRegex(UserError, "not valid JSON"):
            log.action_replay()
        self.assertEqual(log.state, "failed")
