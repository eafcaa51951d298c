# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError

from odoo.addons.queue_job.job import Job

from .common import BillingCase, D


@freeze_time("2026-04-10")
class TestBillingRuns(BillingCase):
    def run_jobs(self, run):
        for line in run.line_ids:
            Job.load(self.env, line.sudo().job_id.uuid).perform()

    def test_run_makes_one_proposal_per_engagement_with_progress(self):
        second, __ = self.make_engagement("ACME-2")
        idle, __ = self.make_engagement("ACME-IDLE")
        broken, __ = self.make_engagement("ACME-BROKEN")
        self.ingest_ok(
            [
                self.time("R1", self.bob, D(2026, 3, 2), 4),
                self.time("R2", self.jane, D(2026, 3, 2), 2, project="ACME-2"),
                self.time("R3", self.bob, D(2026, 3, 3), 1, project="ACME-BROKEN"),
            ]
        )
        broken.rate_card_id = self.env["ps.rate.card"].create(
            {"name": "Empty", "company_id": self.company.id}
        )
        run = self.env["ps.billing.run"].create(
            {"company_id": self.company.id, "date_to": D(2026, 3, 31)}
        )
        run.action_start()
        self.assertEqual(run.state, "running")
        self.assertEqual(len(run.line_ids), 4)
        jobs = run.sudo().line_ids.mapped("job_id")
        self.assertEqual(len(jobs), 4)
        self.assertEqual(set(jobs.mapped("channel")), {"root.ps_billing"})
        # a job's related action opens the engagement its line bills
        line = run.line_ids.filtered(lambda ln: ln.engagement_id == second)
        action = line.sudo().job_id.open_related_action()
        self.assertEqual((action["res_model"], action["res_id"]), ("ps.engagement", second.id))
        self.assertEqual(run.progress, 0.0)
        self.run_jobs(run)
        self.assertEqual(run.state, "done")
        self.assertEqual(run.progress, 100.0)
        by_eng = {line.engagement_id: line for line in run.line_ids}
        self.assertEqual(by_eng[self.engagement].move_id.amount_untaxed, 560.0)
        self.assertEqual(by_eng[second].move_id.amount_untaxed, 400.0)
        self.assertEqual(by_eng[idle].state, "nothing")
        self.assertEqual(by_eng[broken].state, "failed")
        self.assertIn("no rate", by_eng[broken].message)
        self.assertEqual(run.count_invoices, 2)
        self.assertEqual(run.move_ids.mapped("state"), ["draft", "draft"])
        # finance reviews and posts
        run.move_ids.action_post()
        self.assertEqual(set(run.move_ids.mapped("state")), {"posted"})

    def test_repeated_and_overlapping_runs_bill_once(self):
        self.ingest_ok([self.time("O1", self.bob, D(2026, 3, 2), 4)])
        runs = self.env["ps.billing.run"].create(
            [
                {"company_id": self.company.id, "date_to": D(2026, 3, 31)},
                {"company_id": self.company.id, "date_to": D(2026, 3, 31)},
            ]
        )
        runs.action_start()  # both started before either job ran
        for run in runs:
            self.run_jobs(run)
        moves = runs.mapped("move_ids")
        self.assertEqual(len(moves), 1)
        self.assertEqual(moves.amount_untaxed, 560.0)
        self.assertEqual(sorted(runs.mapped("line_ids.state")), ["done", "nothing"])

    def test_locked_period_run_is_refused(self):
        self.company.fiscalyear_lock_date = D(2026, 3, 31)
        run = self.env["ps.billing.run"].create(
            {"company_id": self.company.id, "date_to": D(2026, 3, 31)}
        )
        with self.assertRaisesRegex(UserError, "is locked"):
            run.action_start()

    def test_companies_are_isolated(self):
        other = self.setup_other_company(name="Meridian Advisory Ltd (test)")["company"]
        uk_user = self.env["res.users"].create(
            {
                "name": "UK biller",
                "login": "uk-biller",
                "company_id": other.id,
                "company_ids": [Command.set(other.ids)],
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref("account.group_account_invoice").id,
                            self.env.ref("base.group_user").id,
                        ]
                    )
                ],
            }
        )
        Engagement = self.env["ps.engagement"].with_user(uk_user)
        self.assertFalse(Engagement.search([]))
        with self.assertRaises(AccessError):
            self.engagement.with_user(uk_user).read(["name"])
        self.assertFalse(self.env["ps.rate.card"].with_user(uk_user).search([]))

    def test_a_run_records_a_zero_billing_without_an_invoice(self):
        eng, __ = self.make_engagement(
            "ACME-RZERO",
            schedule_ids=[
                Command.create(
                    {"kind": "retainer", "date": D(2026, 2, 1), "name": "Retainer", "amount": 5000}
                )
            ],
        )
        eng._bill(D(2026, 2, 28)).action_post()
        self.ingest_ok([self.time("RZ1", self.jane, D(2026, 3, 2), 5, project="ACME-RZERO")])
        run = self.env["ps.billing.run"].create(
            {
                "company_id": self.company.id,
                "date_to": D(2026, 3, 31),
                "engagement_ids": [Command.set(eng.ids)],
            }
        )
        run.action_start()
        self.run_jobs(run)
        self.assertEqual(run.line_ids.state, "settled")
        self.assertEqual(
            (run.line_ids.move_id.move_type, run.line_ids.move_id.state), ("entry", "posted")
        )
        self.assertEqual((run.state, run.count_invoices), ("done", 0))

    def test_a_run_bills_only_its_company_engagements(self):
        other = self.setup_other_company(name="Meridian Advisory Ltd (run test)")["company"]
        with self.assertRaisesRegex(UserError, "ompan"):
            self.env["ps.billing.run"].create(
                {
                    "company_id": other.id,
                    "date_to": D(2026, 3, 31),
                    "engagement_ids": [Command.set(self.engagement.ids)],
                }
            )
