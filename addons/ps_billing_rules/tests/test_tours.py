# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Browser tours of the finance reviewer's month (issue 12): the JS tours are
in static/tests/tours/ps_billing_tours.js. Skipped, with the reason, where
Chromium or the web client's libraries are missing (README.md > Browser tours)."""

from odoo.tests import tagged

from odoo.addons.ps_sync_core.tests.common import TourCase, runner_on_call

from .common import BillingCase, D


def one_pending_job(runs):
    """The next job of a running run: one per reload of its form."""
    jobs = runs.filtered(lambda run: run.state == "running").line_ids.job_id
    return jobs.filtered(lambda job: job.state == "pending")[:1]


@tagged("post_install", "-at_install")
class TestFinanceTours(BillingCase, TourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # like the demo's finance user, and without an e-mail address
        cls.finance = cls.user_without_email(
            "t_finance_tour",
            [
                "base.group_partner_manager",
                "ps_sync_core.group_finance_reviewer",
                "account.group_account_invoice",
                "hr_timesheet.group_hr_timesheet_approver",
            ],
            name="Fiona Tour",
        )
        cls.assertFalse(cls, cls.finance.has_group("base.group_system"))

    def log_of(self, external_id):
        return self.env["ps.sync.log"].search([("external_id", "=", external_id)])

    def test_finance_reviewer_fixes_replays_and_resolves(self):
        results = self.ingest(
            [
                # an e-mail that is no employee's: the reviewer corrects it
                self.time("TT-BAD-1", self.bob, D(2026, 3, 2), 3, employee_email="ghost@x.example"),
                # a day over 24 hours: entered twice at the source, resolved
                self.time("TT-BAD-2", self.bob, D(2026, 3, 3), 30),
            ]
        )
        self.assertEqual([r["status"] for r in results], ["rejected", "rejected"])
        self.start_tour(
            "/odoo/action-ps_sync_core.ps_sync_log_action_exceptions",
            "ps_workbench_fix_and_replay",
            login=self.finance.login,
        )
        fixed, resolved = self.log_of("TT-BAD-1"), self.log_of("TT-BAD-2")
        self.assertEqual(fixed.state, "done")
        self.assertIn("ghost@x.example", fixed.payload_original)
        entry = self.env["account.analytic.line"].search([("name", "=", "Work TT-BAD-1")])
        self.assertEqual((entry.employee_id, entry.unit_amount), (self.bob, 3.0))
        self.assertEqual((resolved.state, resolved.resolved_by_id), ("resolved", self.finance))
        self.assertIn("Entered twice", resolved.resolution_reason)

    def test_finance_reviewer_runs_billing_and_posts_a_proposal(self):
        period_end = self.env["ps.billing.run"]._default_date_to()
        second, __ = self.make_engagement("ACME-TOUR")
        self.ingest_ok(
            [
                self.time("TB-1", self.bob, period_end.replace(day=2), 4),
                self.time("TB-2", self.jane, period_end.replace(day=3), 2, project="ACME-TOUR"),
            ]
        )
        # no job runner in tests: each reload of the run's form by the page
        # runs the run's next job first, so the tour sees the progress move
        with runner_on_call(self.env["ps.billing.run"], "web_read", one_pending_job):
            self.start_tour(
                "/odoo/action-ps_billing_rules.ps_billing_run_action",
                "ps_billing_run_to_posted_invoice",
                login=self.finance.login,
            )
        run = self.env["ps.billing.run"].search([("create_uid", "=", self.finance.id)])
        self.assertEqual((run.state, run.date_to, run.count_invoices), ("done", period_end, 2))
        posted = run.move_ids.filtered(lambda move: move.state == "posted")
        self.assertEqual(posted.ps_engagement_id, self.engagement)
        self.assertEqual(posted.amount_untaxed, 560.0)
        self.assertEqual(
            run.move_ids.filtered(lambda move: move.state == "draft").ps_engagement_id, second
        )
