# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A recognition run shows every failure (issue 12 item 1): a refusal and a
job failing for good are failed lines with their reason, the run counts them,
and what the run writes in chatter needs no e-mail address of the user."""

from unittest.mock import patch

from freezegun import freeze_time

from odoo.addons.ps_sync_core.tests.common import run_jobs_as_runner

from .common import D, RevenueCase


@freeze_time("2026-04-10")
class TestRunFailures(RevenueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engagement.ps_transaction_price = 12000.0
        cls.obligation_a = cls.Obligation.create(
            {
                "engagement_id": cls.engagement.id,
                "name": "Managed service",
                "method": "ratable",
                "date_start": D(2026, 1, 1),
                "date_end": D(2026, 12, 31),
                "standalone_price": 12000.0,
            }
        )
        cls.second, __ = cls.make_engagement("ACME-RF2")
        cls.second.ps_transaction_price = 6000.0
        cls.Obligation.create(
            {
                "engagement_id": cls.second.id,
                "name": "Support",
                "method": "ratable",
                "date_start": D(2026, 1, 1),
                "date_end": D(2026, 6, 30),
                "standalone_price": 6000.0,
            }
        )
        # an accounting manager without an e-mail address (as the demo's users were)
        cls.controller = cls.user_without_email(
            "t_controller_no_mail", ["account.group_account_manager"]
        )
        cls.odoobot = cls.env.ref("base.partner_root")

    def start(self):
        run = (
            self.env["ps.revenue.run"]
            .with_user(self.controller)
            .create({"company_id": self.company.id, "date_to": D(2026, 1, 31)})
        )
        run.action_start()
        return run

    def test_period_end_defaults_to_the_last_closed_month(self):
        run = self.env["ps.revenue.run"].create({"company_id": self.company.id})
        self.assertEqual(run.date_to, D(2026, 3, 31))

    def test_a_job_failing_for_good_is_a_failed_line_and_the_run_says_so(self):
        run = self.start()
        original = type(self.engagement)._ps_recognise

        def recognise(engagement, *args, **kwargs):
            if engagement == self.second:
                raise KeyError("obligation schedule vanished")
            return original(engagement, *args, **kwargs)

        with patch.object(
            type(self.engagement), "_ps_recognise", autospec=True, side_effect=recognise
        ):
            run_jobs_as_runner(self.env, run.sudo().line_ids.job_id)
        run.invalidate_recordset()
        failed = run.line_ids.filtered(lambda line: line.engagement_id == self.second)
        self.assertEqual(failed.state, "failed")
        self.assertIn("obligation schedule vanished", failed.message)
        self.assertEqual((run.state, run.count_entries, run.count_failed), ("done", 1, 1))
        self.assertEqual(run.message_ids[0].author_id, self.odoobot)
        self.assertIn("1 failure(s)", run.message_ids[0].body)
        # the engagement's chatter says it too, written by the system
        note = self.second.message_ids.filtered(lambda m: "refused" in (m.body or ""))
        self.assertEqual(note.author_id, self.odoobot)

    def test_a_user_without_email_recognises_and_reverses(self):
        run = self.start()
        run_jobs_as_runner(self.env, run.sudo().line_ids.job_id)
        run.invalidate_recordset()
        self.assertEqual((run.state, run.count_entries, run.count_failed), ("done", 2, 0))
        run.with_user(self.controller).action_reverse()
        self.assertEqual(run.state, "reversed")
        self.assertEqual(run.message_ids[0].author_id, self.odoobot)
        self.assertIn(self.controller.name, run.message_ids[0].body)
