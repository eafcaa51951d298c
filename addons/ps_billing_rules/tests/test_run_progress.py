# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Runs that show their progress and their failures (issue 12, items 1 and 4):
the open form is told when a line finishes, the period end defaults to the
last closed month, a job that fails for good is a failed line with its reason
on the run, and nothing a run writes depends on the acting user's e-mail."""

import json
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command

from odoo.addons.ps_sync_core.tests.common import run_jobs_as_runner
from odoo.addons.queue_job.exception import RetryableJobError

from ..models.ps_engagement_run_mixin import PROGRESS_NOTIFICATION
from .common import BillingCase, D


@freeze_time("2026-04-10")
class TestRunProgress(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the demo's finance user: invoicing rights, no e-mail address
        cls.biller = cls.user_without_email("t_biller_no_mail", ["account.group_account_invoice"])
        cls.odoobot = cls.env.ref("base.partner_root")

    def start_run(self, user=None, engagements=None):
        Run = self.env["ps.billing.run"].with_user(user or self.biller)
        run = Run.create(
            {
                "company_id": self.company.id,
                "date_to": D(2026, 3, 31),
                "engagement_ids": [Command.set((engagements or self.engagement).ids)],
            }
        )
        run.action_start()
        return run

    def run_jobs(self, run):
        run_jobs_as_runner(self.env, run.sudo().line_ids.job_id)
        run.invalidate_recordset()
        run.line_ids.invalidate_recordset()

    def progress_notifications(self, run):
        """The bus messages for ``run``'s form sent so far (the bus writes
        them when the transaction commits: its pre-commit hook is run here)."""
        self.env.cr.precommit.run()
        channel = run._progress_channel()
        return self.env["bus.bus"].sudo().search([("channel", "like", channel)])

    def patch_bill(self, **kwargs):
        return patch.object(type(self.env["ps.engagement"]), "_bill", **kwargs)

    def test_period_end_defaults_to_the_last_closed_month(self):
        with freeze_time("2026-03-01"):
            run = self.env["ps.billing.run"].create({"company_id": self.company.id})
        self.assertEqual(run.date_to, D(2026, 2, 28))
        with freeze_time("2026-01-15"):
            run = self.env["ps.billing.run"].create({"company_id": self.company.id})
        self.assertEqual(run.date_to, D(2025, 12, 31))

    def test_counters_have_short_readable_labels(self):
        labels = {
            name: field["string"]
            for name, field in self.env["ps.billing.run"].fields_get().items()
            if name.startswith("count_") or name == "progress"
        }
        self.assertEqual(
            labels,
            {
                "count_invoices": "Proposals",
                "count_done": "Finished",
                "count_total": "Engagements to Run",
                "count_failed": "Failed",
                "progress": "Progress",
            },
        )

    def test_a_finishing_line_tells_the_open_form(self):
        self.ingest_ok([self.time("P1", self.bob, D(2026, 3, 2), 4)])
        second, __ = self.make_engagement("ACME-P2")
        run = self.start_run(engagements=self.engagement | second)
        self.progress_notifications(run).unlink()  # the one of the start
        run_jobs_as_runner(self.env, run.sudo().line_ids[:1].job_id)
        notes = self.progress_notifications(run)
        self.assertTrue(notes, "a finished line sends a progress notification")
        # the message names the run, never its figures or the engagement
        self.assertEqual(
            json.loads(notes[0].message),
            {"type": PROGRESS_NOTIFICATION, "payload": {"model": run._name, "id": run.id}},
        )
        self.assertEqual((run.state, run.count_done, run.progress), ("running", 1, 50.0))

    def test_a_user_without_email_runs_billing(self):
        self.ingest_ok([self.time("M1", self.bob, D(2026, 3, 2), 4)])
        run = self.start_run()
        self.run_jobs(run)
        self.assertEqual((run.state, run.count_invoices, run.count_failed), ("done", 1, 0))
        self.assertEqual(run.line_ids.state, "done")
        note = run.message_ids.filtered(lambda m: "Billing run finished" in (m.body or ""))
        self.assertEqual(note.author_id, self.odoobot)

    def test_a_job_failing_for_good_is_a_failed_line_with_its_reason(self):
        self.ingest_ok([self.time("F1", self.bob, D(2026, 3, 2), 4)])
        second, __ = self.make_engagement("ACME-F2")
        self.ingest_ok([self.time("F2", self.bob, D(2026, 3, 3), 2, project="ACME-F2")])
        run = self.start_run(engagements=self.engagement | second)
        original = type(self.engagement)._bill

        def bill(engagement, *args, **kwargs):
            if engagement == second:
                raise ValueError("the tax service did not answer")
            return original(engagement, *args, **kwargs)

        with self.patch_bill(autospec=True, side_effect=bill):
            self.run_jobs(run)
        failed = run.line_ids.filtered(lambda line: line.engagement_id == second)
        self.assertEqual(failed.state, "failed")
        self.assertIn("the tax service did not answer", failed.message)
        self.assertEqual(failed.sudo().job_id.state, "failed")
        self.assertFalse(failed.move_id, "the failed job's work is rolled back")
        # the run closes and says it: not "100 % done, 0 failed"
        self.assertEqual((run.state, run.count_failed, run.count_invoices), ("done", 1, 1))
        self.assertIn("1 failure(s)", run.message_ids[0].body)

    def test_a_job_whose_retries_run_out_is_a_failed_line(self):
        run = self.start_run()
        job = run.sudo().line_ids.job_id
        job.max_retries = 2
        with self.patch_bill(side_effect=RetryableJobError("database busy", seconds=1)):
            self.run_jobs(run)
            self.assertEqual((job.state, run.line_ids.state), ("pending", "queued"))
            self.assertEqual(run.state, "running")
            self.run_jobs(run)
        self.assertEqual(job.state, "failed")
        self.assertEqual(run.line_ids.state, "failed")
        self.assertIn("Max. retries (2) reached", run.line_ids.message)
        self.assertEqual((run.state, run.count_failed), ("done", 1))

    def test_an_error_after_the_proposal_was_made_fails_the_line(self):
        """The job made its proposal, then failed closing the run: the
        proposal is rolled back with the job, and the line says why."""
        self.ingest_ok([self.time("A1", self.bob, D(2026, 3, 2), 4)])
        run = self.start_run()
        calls = []

        def done_message(run_self):
            calls.append(run_self.id)
            if len(calls) == 1:
                raise RuntimeError("mail server refused the note")
            return "Billing run finished."

        with patch.object(type(run), "_done_message", autospec=True, side_effect=done_message):
            self.run_jobs(run)
        self.assertEqual(run.line_ids.state, "failed")
        self.assertIn("mail server refused the note", run.line_ids.message)
        self.assertFalse(run.move_ids)
        self.assertEqual((run.state, run.count_failed, run.progress), ("done", 1, 100.0))
        # the time is still to bill: the next run proposes it
        again = self.start_run()
        self.run_jobs(again)
        self.assertEqual((again.count_invoices, again.count_failed), (1, 0))
