# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError

from .common import SyncCase


class TestAccess(SyncCase):
    def test_integration_user_calls_the_api_and_nothing_else(self):
        res = self.ingest([self.company_rec("AC-1")], user=self.integration_user)
        self.assertEqual(res[0]["status"], "created")
        # records are written on its behalf, attributed to it
        partner = self.env["res.partner"].browse(res[0]["res_id"])
        self.assertEqual(partner.create_uid, self.integration_user)
        Log = self.env["ps.sync.log"].with_user(self.integration_user)
        with self.assertRaises(AccessError):
            Log.search([])
        with self.assertRaises(AccessError):
            self.env["ps.sync.backend"].with_user(self.integration_user).create(
                {"name": "x", "code": "x"}
            )
        # it may read bindings (to map ids) but not the backend's credentials
        self.assertTrue(
            self.env["ps.sync.binding"]
            .with_user(self.integration_user)
            .search([("external_id", "=", "AC-1")])
        )
        with self.assertRaises(AccessError):
            self.backend.with_user(self.integration_user).read(["webhook_secret"])

    def test_user_without_the_group_cannot_ingest(self):
        with self.assertRaisesRegex(AccessError, "may not call the inbound API"):
            self.ingest([self.company_rec("AC-2")], user=self.plain_user)
        self.assertFalse(self.binding("AC-2"))

    def test_backend_of_another_company_is_refused(self):
        res = self.ingest(
            [self.company_rec("AC-3")], backend_code="t-crm-uk", user=self.integration_user
        )
        self.assertEqual(res[0]["status"], "rejected")
        self.assertIn("may not write to", res[0]["message"])
        self.assertFalse(self.binding("AC-3", backend=self.backend_uk))

    def test_finance_reviewer_works_the_workbench_but_not_the_setup(self):
        self.ingest([self.company_rec("AC-4", email="bad")])
        log = (
            self.env["ps.sync.log"]
            .with_user(self.finance_user)
            .search([("external_id", "=", "AC-4")])
        )
        self.assertEqual(log.state, "failed")
        log.action_resolve("known bad test data")
        with self.assertRaises(AccessError):
            self.backend.with_user(self.finance_user).write({"max_batch_size": 10})
        with self.assertRaises(AccessError):
            log.with_user(self.finance_user).unlink()

    def test_sync_user_cannot_resolve(self):
        self.ingest([self.company_rec("AC-5", email="bad")])
        log = self.logs(external_id="AC-5").with_user(self.sync_user)
        with self.assertRaisesRegex(AccessError, "Finance reviewer"):
            log.action_resolve("not mine to close")
        with self.assertRaisesRegex(AccessError, "Finance reviewer"):
            log.action_accept_source()

    def test_multi_company_isolation(self):
        # a UK message is invisible to US-only users, visible to the manager
        self.ingest([self.company_rec("AC-UK")], backend_code="t-crm-uk", user=self.manager_user)
        uk_log = self.logs(external_id="AC-UK")
        self.assertEqual(uk_log.company_id, self.company_uk)
        for user in (self.finance_user, self.sync_user):
            self.assertFalse(
                self.env["ps.sync.log"].with_user(user).search([("external_id", "=", "AC-UK")])
            )
            self.assertFalse(
                self.env["ps.sync.binding"].with_user(user).search([("external_id", "=", "AC-UK")])
            )
            self.assertNotIn(
                self.backend_uk, self.env["ps.sync.backend"].with_user(user).search([])
            )
        manager_env = (
            self.env["ps.sync.log"]
            .with_user(self.manager_user)
            .with_context(allowed_company_ids=[self.company_us.id, self.company_uk.id])
        )
        self.assertEqual(manager_env.search([("external_id", "=", "AC-UK")]), uk_log)
        partner = self.env["res.partner"].browse(uk_log.res_id)
        self.assertEqual(partner.company_id, self.company_uk)

    def test_credentials_never_reach_the_log(self):
        # a sender that echoes the secret in a record gets it scrubbed
        secret = "s3cr3t-us-webhook-key"
        self.ingest([self.company_rec("AC-6", email="bad", street=secret)])
        log = self.logs(external_id="AC-6")
        self.assertNotIn(secret, log.payload or "")
        self.assertNotIn(secret, log.message or "")

    def test_resolve_needs_a_failed_message(self):
        self.ingest([self.company_rec("AC-7")])
        with self.assertRaises(UserError):
            self.logs(external_id="AC-7").action_resolve("nothing to resolve")
