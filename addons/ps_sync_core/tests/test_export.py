# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Exports: logged outbound messages sent by a job to a real local HTTP receiver."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from odoo.addons.ps_sync_core.pure import signature
from odoo.addons.queue_job.exception import RetryableJobError

from .common import SyncCase, trap_jobs

SECRET = "s3cr3t-us-webhook-key"


class Receiver(BaseHTTPRequestHandler):
    """Answers what the test tells it to, and keeps what it received."""

    answers = []
    received = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        try:
            signature.verify(SECRET, self.headers.get(signature.HEADER), body, now=time.time())
            signed = True
        except Exception:  # noqa: BLE001
            signed = False
        Receiver.received.append((json.loads(body), signed))
        status = Receiver.answers.pop(0) if Receiver.answers else 200
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(
            b'{"error": "Account name is required by a validation rule"}'
            if status == 422
            else b"{}"
        )

    def log_message(self, *args):
        pass


class TestExport(SyncCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.addClassCleanup(cls.server.shutdown)
        cls.backend.outbound_url = f"http://127.0.0.1:{cls.server.server_port}/inbound"

    def setUp(self):
        super().setUp()
        Receiver.answers, Receiver.received = [], []

    def export(self, ids):
        """Export partners: the logged messages and the one job enqueued, on
        the backend's channel, to send them (trapped: performed by the test)."""
        with trap_jobs() as trap:
            logs = self.env["ps.sync.log"].browse(self.backend.export_records("partner", ids))
        trap.assert_jobs_count(1)
        trap.assert_enqueued_job(
            logs._process_queued, properties={"channel": "root.ps_sync.generic"}
        )
        return logs, trap.enqueued_jobs[0]

    def test_export_is_logged_signed_and_sent_by_a_job(self):
        res = self.ingest([self.company_rec("EX-1"), self.contact_rec("EX-2", "EX-1")])
        ids = [r["res_id"] for r in res]
        logs, job = self.export(ids)
        self.assertEqual(set(logs.mapped("direction")), {"out"})
        self.assertEqual(set(logs.mapped("state")), {"queued"})
        self.assertFalse(Receiver.received)  # nothing sent before the job runs
        job.perform()
        self.assertEqual(set(logs.mapped("state")), {"done"})
        ((message, signed),) = Receiver.received
        self.assertTrue(signed)
        self.assertEqual(message["object"], "partner")
        sent = {r["external_id"]: r for r in message["records"]}
        # bound records keep their external ids; the contact names its company's
        self.assertEqual(sent["EX-2"]["parent_external_id"], "EX-1")
        self.assertEqual(sent["EX-1"]["country_code"], "US")

    def test_unbound_records_get_a_stable_idempotency_key(self):
        partner = self.env["res.partner"].create({"name": "Local only"})
        logs, __ = self.export(partner.ids)
        self.assertEqual(logs.external_id, f"odoo-res.partner-{partner.id}")

    def test_server_errors_retry_and_refusals_go_to_the_workbench(self):
        res = self.ingest([self.company_rec("EX-3")])
        logs, job = self.export([res[0]["res_id"]])
        Receiver.answers = [503]
        with self.assertRaisesRegex(RetryableJobError, "answered 503"):
            job.perform()
        Receiver.answers = [422]
        job.perform()
        self.assertEqual((logs.state, logs.error_category), ("failed", "data"))
        self.assertIn("validation rule", logs.message)
        # fixed at the source: retry sends it again in a new job
        with trap_jobs() as trap:
            logs.action_retry()
        self.assertEqual(logs.state, "queued")
        trap.assert_jobs_count(1)
        trap.assert_enqueued_job(
            logs._process_queued, properties={"channel": "root.ps_sync.generic"}
        )
        trap.perform_enqueued_jobs()
        self.assertEqual(logs.state, "done")
        self.assertEqual(len(Receiver.received), 3)

    def test_unreachable_receiver_is_transient(self):
        self.backend.outbound_url = "http://127.0.0.1:9/nothing-listens-here"
        res = self.ingest([self.company_rec("EX-4")])
        logs, job = self.export([res[0]["res_id"]])
        with self.assertRaises(RetryableJobError):
            job.perform()
        self.assertEqual(logs.state, "queued")

    def test_rate_limited_sends_wait_without_using_an_attempt(self):
        from unittest.mock import patch

        from ..pure.errors import TransientSyncError

        res = self.ingest([self.company_rec("EX-5")])
        logs, job = self.export([res[0]["res_id"]])
        Backend = type(self.env["ps.sync.backend"])
        for rate_limited, ignore in ((True, True), (False, False)):

            def send(backend, object_name, payloads, rate_limited=rate_limited):
                raise TransientSyncError("limit", retry_after=900, rate_limited=rate_limited)

            with (
                patch.object(Backend, "_send", send),
                self.assertRaises(RetryableJobError) as caught,
            ):
                job.perform()
            self.assertEqual(
                (caught.exception.seconds, caught.exception.ignore_retry), (900, ignore)
            )
