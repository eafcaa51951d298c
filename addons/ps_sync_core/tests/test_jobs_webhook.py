# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import time
from unittest.mock import patch

from odoo.addons.ps_sync_core.pure import signature
from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError
from odoo.addons.queue_job.job import identity_exact

from .common import SyncCase, trap_jobs

SECRET = "s3cr3t-us-webhook-key"


class TestWebhookAndJobs(SyncCase):
    def deliver(self, message, secret=SECRET, timestamp=None, header=None):
        body = json.dumps(message).encode()
        if header is None:
            header = signature.header_value(secret, timestamp or time.time(), body)
        return self.backend._webhook_receive({signature.HEADER: header}, body), body, header

    def jobs_for(self, logs):
        return self.env["queue.job"].search([("uuid", "in", logs.job_id.mapped("uuid"))])

    def test_signed_delivery_is_logged_queued_and_applied_by_its_job(self):
        message = {
            "object": "partner",
            "records": [self.company_rec("WH-1"), self.contact_rec("WH-2", "WH-1")],
        }
        with trap_jobs() as trap:
            (status, answer), __, __ = self.deliver(message)
            self.assertEqual(status, 202)
            self.assertEqual((answer["status"], answer["queued"]), ("accepted", 2))
            logs = self.logs(name=answer["correlation_id"])
            self.assertEqual(set(logs.mapped("state")), {"queued"})
            self.assertEqual(set(logs.mapped("source")), {"webhook"})
            self.assertFalse(self.binding("WH-1"))  # nothing applied before the job runs
            # one job, on the backend's channel, with an identity key
            trap.assert_jobs_count(1)
            trap.assert_enqueued_job(
                logs._process_queued,
                properties={"channel": "root.ps_sync.generic", "identity_key": identity_exact},
            )
            # enqueuing the same messages again does not make a second job
            logs._enqueue_processing()
            trap.assert_jobs_count(1)
            # the job body applies them
            trap.perform_enqueued_jobs()
        self.assertEqual(set(logs.mapped("state")), {"done"})
        contact = self.env["res.partner"].browse(self.binding("WH-2").res_id)
        self.assertEqual(contact.parent_id.id, self.binding("WH-1").res_id)

    def test_delivery_job_is_stored_once_per_identity(self):
        """The stored job, as the runner sees it: pending, on the backend's
        channel, linked from its messages; enqueuing again adds no second."""
        message = {"object": "partner", "records": [self.company_rec("WH-12")]}
        (status, answer), __, __ = self.deliver(message)
        logs = self.logs(name=answer["correlation_id"])
        job_record = self.jobs_for(logs)
        self.assertEqual(len(job_record), 1)
        self.assertEqual(
            (job_record.channel, job_record.method_name, job_record.state),
            ("root.ps_sync.generic", "_process_queued", "pending"),
        )
        self.assertTrue(job_record.identity_key)
        logs._enqueue_processing()
        self.assertEqual(
            len(self.env["queue.job"].search([("identity_key", "=", job_record.identity_key)])), 1
        )
        self.assertEqual(logs.job_id, job_record)

    def test_job_functions_are_tunable_data_with_a_related_action(self):
        """Job functions load noupdate (tuning in the UI survives an update);
        a job's related action opens the messages it applies or sends."""
        function = self.env.ref("ps_sync_core.job_function_ps_sync_log_process_queued").sudo()
        self.assertTrue(
            self.env["ir.model.data"]
            .search(
                [
                    ("module", "=", "ps_sync_core"),
                    ("name", "=", "job_function_ps_sync_log_process_queued"),
                ]
            )
            .noupdate
        )
        self.assertEqual(
            function.related_action, {"enable": True, "func_name": "related_action_open_record"}
        )
        message = {
            "object": "partner",
            "records": [self.company_rec("WH-10"), self.company_rec("WH-11")],
        }
        (status, answer), __, __ = self.deliver(message)
        logs = self.logs(name=answer["correlation_id"])
        action = self.jobs_for(logs).sudo().open_related_action()
        self.assertEqual(action["res_model"], "ps.sync.log")
        ((field, operator, ids),) = action["domain"]
        self.assertEqual((field, operator, sorted(ids)), ("id", "in", sorted(logs.ids)))

    def test_unsigned_deliveries_are_answered_and_write_nothing(self):
        good = {"object": "partner", "records": [self.company_rec("WH-3")]}
        cases = [
            (dict(secret="wrong-secret"), 401, "signature mismatch"),
            (dict(timestamp=time.time() - 3600), 401, "stale signature"),
            (dict(timestamp=time.time() + 3600), 401, "in the future"),
            (dict(header="t=abc,v1=00"), 401, "not an integer"),
            (dict(header="garbage"), 401, "malformed"),
            (dict(header=""), 401, "missing X-PS-Signature"),
        ]
        Log = self.env["ps.sync.log"]
        before = Log.search_count([])
        for kwargs, code, text in cases:
            (status, answer), __, __ = self.deliver(good, **kwargs)
            self.assertEqual(status, code, text)
            self.assertIn(text, answer["message"])
        # unauthenticated traffic leaves no row on the workbench
        self.assertEqual(Log.search_count([]), before)
        self.assertFalse(self.binding("WH-3"))
        # a backend without a secret, or none at all, answers like a wrong signature
        self.backend.webhook_secret = False
        (status, answer), __, __ = self.deliver(good)
        self.assertEqual(
            (status, answer["message"]), (401, "signature mismatch: body or secret differ")
        )
        body = json.dumps(good).encode()
        header = signature.header_value(SECRET, time.time(), body)
        status, answer = (
            self.env["ps.sync.backend"].browse()._webhook_receive({signature.HEADER: header}, body)
        )
        self.assertEqual(
            (status, answer["message"]), (401, "signature mismatch: body or secret differ")
        )
        self.assertEqual(Log.search_count([]), before)

    def test_signed_bad_bodies_are_refused_and_logged(self):
        for message, code, text in [
            ({"object": "invoice", "records": [{}]}, 400, "unknown object 'invoice'"),
            ({"object": [[["deep"]]], "records": [{}]}, 400, "unknown object '<list>'"),
            ({"object": "partner", "records": []}, 400, "non-empty list"),
            ({"object": "partner", "records": [{}] * 1001}, 413, "at most 1000"),
            (["not", "an", "object"], 400, "must be a JSON object"),
        ]:
            (status, answer), __, __ = self.deliver(message)
            self.assertEqual(status, code, text)
            self.assertIn(text, answer["message"])
            self.assertIn(text, self.logs(name=answer["correlation_id"]).message)

    def test_redelivery_is_answered_2xx_and_applied_once(self):
        message = {"object": "partner", "records": [self.company_rec("WH-4")]}
        (status, first), body, header = self.deliver(message)
        self.assertEqual(status, 202)
        # the same delivery again (the sender lost our 202), as sent...
        status, answer = self.backend._webhook_receive({signature.HEADER: header}, body)
        self.assertEqual((status, answer["status"]), (200, "duplicate"))
        self.assertEqual(answer["correlation_id"], first["correlation_id"])
        # ...and signed again a minute later: still the same delivery
        again = signature.header_value(SECRET, time.time() + 60, body)
        status, answer = self.backend._webhook_receive({signature.HEADER: again}, body)
        self.assertEqual((status, answer["status"]), (200, "duplicate"))
        self.assertEqual(len(self.logs(external_id="WH-4")), 1)

    def test_several_signatures_let_the_secret_rotate(self):
        message = {"object": "partner", "records": [self.company_rec("WH-6")]}
        body = json.dumps(message).encode()
        now = int(time.time())
        header = (
            f"t={now},v1={signature.compute('the-old-secret', now, body)},"
            f"v1={signature.compute(SECRET, now, body)}"
        )
        status, __ = self.backend._webhook_receive({signature.HEADER: header}, body)
        self.assertEqual(status, 202)

    def test_transient_record_failures_requeue_then_die_and_tell_someone(self):
        self.backend.max_attempts = 2
        Handler = self.registry["ps.sync.object.partner"]
        original = Handler._create_records

        def flaky(handler, backend, vals_list):
            if any(vals["name"] == "Flaky Co" for vals in vals_list):
                raise ConnectionResetError("connection reset by peer")
            return original(handler, backend, vals_list)

        message = {
            "object": "partner",
            "records": [self.company_rec("WH-6"), self.company_rec("WH-7", name="Flaky Co")],
        }
        with trap_jobs() as trap:
            (status, answer), __, __ = self.deliver(message)
            logs = self.logs(name=answer["correlation_id"])
            good, bad = (
                logs.filtered(lambda r: r.external_id == "WH-6"),
                logs - logs.filtered(lambda r: r.external_id == "WH-6"),
            )
            trap.assert_jobs_count(1)
            with patch.object(Handler, "_create_records", flaky):
                trap.perform_enqueued_jobs()
                # the good record landed; the flaky one is queued again, in a new
                # job postponed by the retry pattern
                self.assertEqual(good.state, "done")
                self.assertEqual((bad.state, bad.attempts), ("queued", 1))
                trap.assert_jobs_count(1)
                trap.assert_enqueued_job(bad._process_queued)
                self.assertTrue(trap.enqueued_jobs[0].eta)
                trap.perform_enqueued_jobs()
        # second attempt failed too: max_attempts reached, dead, someone told
        self.assertEqual((bad.state, bad.attempts), ("dead", 2))
        self.assertIn("Retries exhausted", bad.message)
        self.assertEqual(bad.activity_ids.user_id, self.backend.user_id)
        self.assertIn("connection reset", " ".join(bad.message_ids.mapped("body")))

    def test_job_failing_for_good_marks_messages_dead(self):
        message = {"object": "partner", "records": [self.company_rec("WH-8")]}
        with trap_jobs() as trap:
            (status, answer), __, __ = self.deliver(message)
        logs = self.logs(name=answer["correlation_id"])
        trap.assert_enqueued_job(logs._process_queued)
        (job,) = trap.enqueued_jobs
        self.assertEqual(job.job_config.on_fail_method_name, "_on_job_failed")
        Log = self.registry["ps.sync.log"]
        with patch.object(Log, "action_replay", side_effect=RetryableJobError("503 from CRM")):
            job.retry = job.max_retries - 1
            with self.assertRaises(FailedJobError):
                job.perform()
        # what queue_job's runner does when a job fails for good
        job.on_fail({"exc_name": "FailedJobError", "exc_message": "503 from CRM", "exc_info": ""})
        self.assertEqual(logs.state, "dead")
        self.assertIn("503 from CRM", logs.message)
        self.assertTrue(logs.activity_ids)

    def test_messages_left_queued_are_settled(self):
        message = {"object": "partner", "records": [self.company_rec("WH-9")]}
        (status, answer), __, __ = self.deliver(message)
        logs = self.logs(name=answer["correlation_id"])
        self.jobs_for(logs).unlink()  # the job vanished (vacuumed, deleted by hand)
        self.assertEqual(self.env["ps.sync.log"]._cron_unstick(minutes=60), 0)  # too young
        self.env.cr.execute(
            "UPDATE ps_sync_log SET write_date = now() - interval '2 hours' WHERE id = %s",
            [logs.id],
        )
        logs.invalidate_recordset()
        self.assertEqual(self.env["ps.sync.log"]._cron_unstick(minutes=60), 1)
        self.assertEqual(logs.state, "dead")
        self.assertTrue(logs.activity_ids)
