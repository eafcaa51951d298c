# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Faults: expired sessions log in again once, request limits postpone the
job, timeouts and 5xx retry with backoff; logins, connection test, secrets."""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import identity_exact

from .common import PASSWORD, TOKEN, USER, SalesforceCase, trap_jobs


class TestFaults(SalesforceCase):
    def test_expired_session_logs_in_again_once_and_retries(self):
        acc = self.account("Acme")
        self.pull("Account")
        self.assertEqual(self.org.logins, 1)
        self.org.update("Account", acc, Name="Acme Renamed")
        self.org.expire_sessions()
        self.pull("Account")
        self.assertEqual(self.org.logins, 2)
        self.assertEqual(self.record_of(acc).name, "Acme Renamed")
        # Bulk API 2.0 goes through the wrapper's own re-login
        self.backend.sf_bulk_threshold = 1
        self.account("Second")
        self.backend.watermark_ids.unlink()
        self.org.expire_sessions()
        self.assertIn("bulk 1", self.pull("Account"))
        self.assertEqual(self.org.logins, 3)

    def test_request_limit_postpones_the_job_without_using_a_retry(self):
        self.account("Acme")
        self.backend.sf_limit_retry_seconds = 1800
        self.org.inject("limit")
        with self.assertRaises(RetryableJobError) as caught:
            self.pull("Account")
        self.assertEqual(caught.exception.seconds, 1800)
        self.assertTrue(caught.exception.ignore_retry)
        self.assertIn("request limit", str(caught.exception))
        self.assertFalse(self.env["ps.sync.binding"].search([("backend_id", "=", self.backend.id)]))
        # as a queued job: postponed, its retry count untouched
        with trap_jobs() as trap:
            self.backend.action_pull()
            trap.assert_jobs_count(1)
            trap.assert_enqueued_job(
                self.backend._pull,
                properties={"channel": "root.ps_sync.salesforce", "identity_key": identity_exact},
            )
            (job,) = trap.enqueued_jobs
            self.org.inject("limit")
            with self.assertRaises(RetryableJobError):
                job.perform()
            self.assertEqual(job.retry, 0)
            self.assertIn("queued 1", job.perform())
        # stored, its related action opens the backend it pulls for
        self.backend.action_pull()
        job_record = (
            self.env["queue.job"]
            .sudo()
            .search([("method_name", "=", "_pull"), ("state", "=", "pending")])
        )
        self.assertEqual(job_record.channel, "root.ps_sync.salesforce")
        action = job_record.open_related_action()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("ps.sync.backend", self.backend.id)
        )

    def test_timeouts_and_server_errors_retry_with_backoff(self):
        acc = self.account("Acme")
        for kind, text in (
            ("timeout", "did not answer"),
            ("500", "UNKNOWN_EXCEPTION"),
            ("503", "503"),
        ):
            self.org.inject(kind)
            with self.assertRaises(RetryableJobError) as caught:
                self.pull("Account")
            self.assertIsNone(caught.exception.seconds)  # the retry pattern's backoff
            self.assertFalse(caught.exception.ignore_retry)
            self.assertIn(text, str(caught.exception))
        Function = self.env["queue.job.function"].sudo()
        config = Function.job_config(Function.job_function_name("ps.sync.backend", "_pull"))
        self.assertEqual(config.retry_pattern, {1: 60, 3: 300, 5: 1800})
        self.assertEqual(config.on_fail_method_name, "_on_pull_failed")
        # data kept on update (noupdate), each with a related action
        for name in ("job_function_ps_sync_backend_pull", "job_function_ps_sync_backend_fetch"):
            self.assertTrue(
                self.env["ir.model.data"]
                .search([("module", "=", "ps_sync_core"), ("name", "=", name)])
                .noupdate
            )
            self.assertEqual(
                self.env.ref(f"ps_sync_core.{name}").sudo().related_action,
                {"enable": True, "func_name": "related_action_open_record"},
            )
        self.pull("Account")
        self.assertEqual(self.record_of(acc).name, "Acme")

    def test_refused_login_tells_the_responsible_once_per_outage(self):
        self.account("Acme")
        self.org.password = "rotated"
        responsible = self.env["res.users"].create(
            {
                "name": "Integration owner",
                "login": "t_sf_owner",
                "company_id": self.company.id,
                "company_ids": [(6, 0, self.company.ids)],
            }
        )
        self.backend.user_id = responsible
        Type = self.env.ref("ps_sync_salesforce.mail_activity_sf_login_refused")

        def open_activities():
            return self.backend.activity_ids.filtered(lambda a: a.activity_type_id == Type)

        # the scheduled pull, three times during the outage
        for __ in range(3):
            self.env.ref("ps_sync_salesforce.ir_cron_ps_sf_pull").sudo().method_direct_trigger()
            self.run_jobs()
        job = (
            self.env["queue.job"]
            .sudo()
            .search([("method_name", "=", "_pull")], order="id desc", limit=1)
        )
        # Salesforce's own reason, not simple-salesforce's message template
        for text in (job.result, open_activities().note):
            self.assertIn("INVALID_LOGIN", text)
            self.assertIn("Invalid username, password, security token", text)
            self.assertNotIn("Response content", text)
            self.assertNotIn(PASSWORD, text)
        self.assertEqual(len(open_activities()), 1)  # one per outage, not one per run
        self.assertEqual(open_activities().user_id, responsible)
        # fixed: the next login closes it, and a later outage tells again
        self.org.password = PASSWORD
        self.pull("Account")
        self.assertFalse(open_activities())
        self.env["ps.sync.connector.salesforce"]._forget_clients()
        self.org.password = "rotated-again"
        self.pull("Account")
        self.assertEqual(len(open_activities()), 1)
        self.assertEqual(self.backend._scrub(f"echo {PASSWORD}{TOKEN} {TOKEN}"), "echo *** ***")

    def test_test_connection_with_password_and_sandbox(self):
        answer = self.backend.action_test_connection()
        self.assertEqual(answer["params"]["type"], "success")
        self.assertIn("Fake Org", answer["params"]["message"])
        self.assertEqual(self.backend.sf_org_id, "00D000000000001EAA")
        self.assertEqual(self.org.login_hosts, ["login.salesforce.com"])
        self.backend.sf_environment = "sandbox"
        self.backend.action_test_connection()
        self.assertEqual(self.org.login_hosts[-1], "test.salesforce.com")
        self.org.security_token = "other"
        answer = self.backend.action_test_connection()
        self.assertEqual(answer["params"]["type"], "danger")
        # in words; Salesforce's own answer folded into the technical detail
        self.assertIn("login was refused", answer["params"]["message"])
        self.assertIn("INVALID_LOGIN", self.backend.connection_detail)

    def test_connection_pulls_and_pushes_record_the_daily_api_usage(self):
        self.org.api_used_elsewhere = 70_000  # the org's other integrations
        self.backend.action_test_connection()
        # Test connection: /limits DailyApiRequests
        self.assertEqual(self.backend.api_daily_limit, 100_000)
        self.assertGreater(self.backend.api_daily_used, 70_000)
        self.assertLessEqual(self.backend.api_daily_used, self.org.api_used)
        # a pull: the Sforce-Limit-Info header of its answers (a reading within
        # 1 % of the last one, less than a minute later, is not written again)
        self.org.api_used_elsewhere = 85_000
        self.won_opportunity(self.account("Usage Corp"))
        self.pull()
        self.assertGreater(self.backend.api_daily_used, 85_000)
        self.assertLess(self.org.api_used - self.backend.api_daily_used, 1_000)
        # a status push, whose answers say the same
        self.org.api_used_elsewhere = 95_000
        self.org.api_max = 120_000
        self.backend.action_push_status()
        self.run_jobs()
        self.assertTrue(self.org.calls_to("/composite/sobjects", "PATCH"))
        self.assertEqual(self.backend.api_daily_limit, 120_000)
        self.assertGreater(self.backend.api_daily_used, 95_000)
        self.assertLessEqual(self.backend.api_daily_used, self.org.api_used)

    def test_jwt_bearer_login(self):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        private_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        self.org.consumer_key = "3MVG9fake.consumer.key"
        self.org.jwt_public_key = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.backend.write(
            {
                "sf_auth": "jwt",
                "sf_consumer_key": "3MVG9fake.consumer.key",
                "sf_private_key": private_pem,
                "sf_username": USER,
            }
        )
        answer = self.backend.action_test_connection()
        self.assertEqual(answer["params"]["type"], "success", answer)
        self.assertEqual(self.org.calls[0], ("POST", "/services/oauth2/token"))
        self.assertIn(private_pem, self.backend._secrets())
        # expired: a new token through the JWT flow, then the call again
        acc = self.account("Acme")
        self.org.expire_sessions()
        self.pull("Account")
        self.assertTrue(self.binding(acc))
        self.assertEqual(self.org.calls_to("/services/oauth2/token"), 2)
        # a key the connected app does not know is refused
        other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.backend.sf_private_key = other.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        answer = self.backend.action_test_connection()
        self.assertEqual(answer["params"]["type"], "danger")
        self.assertIn("invalid_grant", self.backend.connection_detail)
