# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError

from .common import D, RevenueCase


@freeze_time("2026-04-10")
class TestRunsAndReports(RevenueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engagement.ps_transaction_price = 36500.0
        cls.managed = cls.Obligation.create(
            {
                "engagement_id": cls.engagement.id,
                "name": "Managed service",
                "method": "ratable",
                "standalone_price": 36500.0,
                "date_start": D(2026, 1, 1),
                "date_end": D(2026, 12, 31),
            }
        )
        cls.second, __ = cls.make_engagement("ACME-PMO", ps_transaction_price=10000.0)
        cls.migration = cls.Obligation.create(
            {
                "engagement_id": cls.second.id,
                "name": "Migration",
                "method": "input_hours",
                "standalone_price": 10000.0,
                "estimate_hours": 10.0,
                "date_start": D(2026, 1, 1),
                "date_end": D(2026, 6, 30),
            }
        )

    def test_run_posts_one_entry_per_engagement_with_progress_and_isolates_refusals(self):
        self.ingest_ok([self.time("P1", self.bob, D(2026, 1, 12), 8, project="ACME-PMO")])
        idle, __ = self.make_engagement("ACME-IDLE")
        self.obligation(idle, name="Later", date_start=D(2026, 6, 1))
        idle.ps_transaction_price = 1000.0
        # more approved hours than the estimate: the run refuses this engagement only
        self.ingest_ok([self.time("P2", self.jane, D(2026, 1, 13), 4, project="ACME-PMO")])
        run = self.env["ps.revenue.run"].create(
            {"company_id": self.company.id, "date_to": D(2026, 1, 31)}
        )
        run.action_start()
        self.assertEqual(
            (run.state, run.progress, run.count_total, run.count_obligations),
            ("running", 0.0, 3, 3),
        )
        jobs = run.sudo().line_ids.job_id
        self.assertEqual(set(jobs.mapped("channel")), {"root.ps_revenue"})
        self.assertEqual(len(jobs), 3)
        from odoo.addons.queue_job.job import Job

        for line in run.line_ids:
            Job.load(self.env, line.sudo().job_id.uuid).perform()
        self.assertEqual(
            (run.state, run.progress, run.count_entries, run.count_failed), ("done", 100.0, 1, 1)
        )
        by_eng = {line.engagement_id: line for line in run.line_ids}
        self.assertEqual(by_eng[self.engagement].state, "done")
        self.assertEqual(by_eng[idle].state, "nothing")
        failed = by_eng[self.second]
        self.assertEqual(failed.state, "failed")
        self.assertIn(
            "estimate at completion (10.0) is below the input to date (12.0)", failed.message
        )
        self.assertFalse(failed.move_id)
        self.assertFalse(
            self.env["account.move.line"].search([("ps_line_engagement_id", "=", self.second.id)])
        )  # nothing half-posted
        self.assertIn("refused", self.second.message_ids[0].body)
        # fixed (the estimate raised), the same month is run again for it
        self.migration.estimate_hours = 20.0
        again = self.recognise(D(2026, 1, 31))
        by_eng = {line.engagement_id: line for line in again.line_ids}
        self.assertEqual(by_eng[self.engagement].state, "nothing")
        self.assertEqual(
            self.entry_lines(by_eng[self.second].move_id)[("revenue", "Migration")], -6000.0
        )

    def test_refusals_up_front(self):
        Run = self.env["ps.revenue.run"]
        with self.assertRaisesRegex(UserError, "last day of a month"):
            Run.create({"company_id": self.company.id, "date_to": D(2026, 1, 30)})
        self.company.fiscalyear_lock_date = D(2026, 1, 31)
        with self.assertRaisesRegex(UserError, "ending 2026-01-31 is locked"):
            Run.create({"company_id": self.company.id, "date_to": D(2026, 1, 31)}).action_start()
        self.company.ps_deferred_revenue_account_id = False
        run = Run.create({"company_id": self.company.id, "date_to": D(2026, 2, 28)})
        with self.assertRaisesRegex(
            UserError, "not configured for .*: set the deferred revenue account"
        ):
            run.action_start()
        self.assertFalse(run.line_ids)
        # the job refuses too, should the accounts go between start and run
        with self.assertRaisesRegex(UserError, "not configured"):
            self.engagement._ps_recognise(D(2026, 2, 28))

    def test_periods_in_order_and_reversal_while_open(self):
        jan = self.recognise(D(2026, 1, 31), engagements=self.engagement)
        feb = self.recognise(D(2026, 2, 28), engagements=self.engagement)
        with self.assertRaisesRegex(UserError, "already recognised up to 2026-02-28"):
            self.engagement._ps_recognise(D(2026, 1, 31))
        with self.assertRaisesRegex(UserError, "recognised again on 2026-02-28"):
            jan.action_reverse()
        feb.action_reverse()
        self.assertEqual(feb.state, "reversed")
        reversal = feb.move_ids.filtered("ps_revenue_reversal")
        self.assertEqual((reversal.date, reversal.state), (D(2026, 2, 28), "posted"))
        self.assertEqual(self.managed.recognised_amount, 3100.0)
        current = self.managed.schedule_line_ids.filtered(lambda s: s.state == "current")
        self.assertEqual((current.date, current.amount), (D(2026, 2, 28), 2800.0))
        # run again after the reversal: the same entry
        again = self.recognise(D(2026, 2, 28), engagements=self.engagement)
        self.assertEqual(
            self.entry_lines(again.move_ids),
            self.entry_lines(feb.move_ids.filtered(lambda m: not m.ps_revenue_reversal)),
        )
        self.assertEqual(self.managed.recognised_amount, 5900.0)
        # a closed period cannot be reversed
        self.company.fiscalyear_lock_date = D(2026, 2, 28)
        with self.assertRaisesRegex(UserError, "is locked"):
            again.action_reverse()

    def test_balances_equal_the_ledger(self):
        self.ingest_ok([self.time("B1", self.bob, D(2026, 1, 12), 4, project="ACME-PMO")])
        self.invoice(5000.0, D(2026, 1, 15))
        self.invoice(1000.0, D(2026, 2, 10), engagement=self.second)
        self.invoice(200.0, D(2026, 2, 11), engagement=self.second, refund=True)
        for day in (D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31)):
            self.recognise(day)
        # by hand at 31 March: managed 9,000 earned vs 5,000 billed; migration
        # 4 of 10 h = 4,000 earned vs 800 billed
        expected = {
            self.engagement: (5000.0, 9000.0, 0.0, 4000.0),
            self.second: (800.0, 4000.0, 0.0, 3200.0),
        }
        for eng, (billed, recognised, deferred, unbilled) in expected.items():
            self.assertEqual(
                (
                    eng.ps_revenue_billed,
                    eng.ps_revenue_recognised,
                    eng.ps_revenue_deferred,
                    eng.ps_revenue_unbilled,
                ),
                (billed, recognised, deferred, unbilled),
            )
            self.assertEqual(self.gl(self.unbilled_account, eng), unbilled)
            self.assertEqual(self.gl(self.deferred_account, eng), -deferred)
            self.assertEqual(self.gl(self.revenue_account, eng), -recognised)
            report = self.env["ps.revenue.balance.report"].read_group(
                [("engagement_id", "=", eng.id), ("date", "<=", D(2026, 3, 31))],
                ["billed:sum", "recognised:sum", "deferred:sum", "unbilled:sum"],
                [],
            )[0]
            self.assertEqual(
                tuple(
                    round(report[k], 2) for k in ("billed", "recognised", "deferred", "unbilled")
                ),
                (billed, recognised, deferred, unbilled),
            )
        # the waterfall: posted months per engagement
        waterfall = self.env["ps.revenue.schedule.line"].read_group(
            [("state", "=", "posted"), ("engagement_id", "=", self.engagement.id)],
            ["amount:sum"],
            ["date:month"],
        )
        self.assertEqual([w["amount"] for w in waterfall], [3100.0, 2800.0, 3100.0])
        wizard = self.env["ps.revenue.reconciliation"].create({"date": D(2026, 3, 31)})
        action = wizard.action_compute()
        # a report: one row per engagement and figure, the difference an amount
        self.assertEqual(action["res_model"], "ps.revenue.reconciliation.line")
        self.assertIn("revenue subledger against the ledger as of", action["name"])
        self.assertEqual(len(wizard.line_ids), 6)
        self.assertEqual(wizard.difference_count, 0)
        rows = {
            (line.engagement_id, line.figure): (line.subledger, line.ledger, line.difference)
            for line in wizard.line_ids
        }
        self.assertEqual(rows[(self.second, "unbilled")], (3200.0, 3200.0, 0.0))
        self.assertEqual(rows[(self.engagement, "revenue")], (9000.0, 9000.0, 0.0))
        # an entry posted by hand to the deferred account for an engagement shows up
        manual = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": D(2026, 3, 20),
                "ps_engagement_id": self.second.id,
                "journal_id": self.company_data["default_journal_misc"].id,
                "line_ids": [
                    Command.create({"account_id": self.deferred_account.id, "balance": -50.0}),
                    Command.create({"account_id": self.revenue_account.id, "balance": 50.0}),
                ],
            }
        )
        manual.action_post()
        action = wizard.action_compute()
        self.assertEqual(wizard.difference_count, 2)
        # "Differences only": the two figures the manual entry moved, by how much
        Line = self.env[action["res_model"]]
        differences = Line.search([*action["domain"], ("has_difference", "=", True)])
        self.assertEqual(
            {(line.engagement_id, line.figure): line.difference for line in differences},
            {(self.second, "deferred"): -50.0, (self.second, "revenue"): 50.0},
        )

    def test_reconcile_to_the_ledger_is_a_report_for_invoicing_users(self):
        biller = self.env["res.users"].create(
            {
                "name": "Reconciling biller",
                "login": "rev-reconciler",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "groups_id": [Command.set([self.env.ref("account.group_account_invoice").id])],
            }
        )
        self.invoice(5000.0, D(2026, 1, 15))
        self.recognise(D(2026, 1, 31))
        # a deferred balance no engagement explains (posted by hand, no engagement)
        stray = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": D(2026, 1, 20),
                "journal_id": self.company_data["default_journal_misc"].id,
                "line_ids": [
                    Command.create({"account_id": self.deferred_account.id, "balance": -75.0}),
                    Command.create({"account_id": self.revenue_account.id, "balance": 75.0}),
                ],
            }
        )
        stray.action_post()
        wizard = self.env["ps.revenue.reconciliation"].with_user(biller).create({})
        self.assertEqual(wizard.display_name, "Reconcile to the Ledger")
        wizard.date = D(2026, 1, 31)
        action = wizard.action_compute()
        self.assertIn(self.company.name, action["name"])
        rows = self.env[action["res_model"]].with_user(biller).search(action["domain"])
        unlinked = rows.filtered(lambda row: not row.engagement_id)
        self.assertEqual(
            [(r.figure, r.subledger, r.ledger, r.difference) for r in unlinked],
            [("deferred", 0.0, 75.0, -75.0)],
        )
        self.assertEqual(
            unlinked.display_name,
            "Not linked to an engagement: "
            + dict(unlinked._fields["figure"].selection)["deferred"],
        )
        managed = rows.filtered(lambda row: row.engagement_id == self.engagement)
        self.assertEqual(
            {r.figure: (r.subledger, r.ledger, r.difference) for r in managed},
            {
                "revenue": (3100.0, 3100.0, 0.0),
                "deferred": (1900.0, 1900.0, 0.0),
                "unbilled": (0.0, 0.0, 0.0),
            },
        )
        # "Differences only" keeps the stray balance alone
        self.assertEqual(rows.filtered_domain([("has_difference", "=", True)]), unlinked)

    def test_proposed_and_invoiced_in_contract_balances(self):
        self.ingest_ok([self.time("PR1", self.bob, D(2026, 3, 2), 10)])  # 1,400
        run = self.env["ps.billing.run"].create(
            {
                "company_id": self.company.id,
                "date_to": D(2026, 3, 31),
                "engagement_ids": [Command.set(self.engagement.ids)],
            }
        )
        proposal = self.engagement._bill(D(2026, 3, 31), run)
        Report = self.env["ps.revenue.balance.report"]

        def measures():
            report = Report.read_group(
                [("engagement_id", "=", self.engagement.id)],
                ["proposed:sum", "billed:sum", "recognised:sum"],
                [],
            )[0]
            return tuple(round(report[k] or 0.0, 2) for k in ("proposed", "billed", "recognised"))

        # a draft proposal is proposed, neither invoiced nor revenue
        self.assertEqual(measures(), (1400.0, 0.0, 0.0))
        self.assertEqual(
            (self.engagement.amount_proposed, self.engagement.ps_revenue_billed), (1400.0, 0.0)
        )
        proposal.action_post()
        self.engagement.invalidate_recordset()
        self.assertEqual(measures(), (0.0, 1400.0, 1400.0))
        self.assertEqual(
            (self.engagement.amount_proposed, self.engagement.ps_revenue_billed), (0.0, 1400.0)
        )
        self.assertEqual(self.engagement.amount_invoiced, self.engagement.ps_revenue_billed)
        self.assertEqual(Report._fields["billed"].string, "Invoiced")

    def test_access_and_companies(self):
        invoicing = self.env["res.users"].create(
            {
                "name": "Biller",
                "login": "rev-biller",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "groups_id": [Command.set([self.env.ref("account.group_account_invoice").id])],
            }
        )
        self.recognise(D(2026, 1, 31))
        self.assertTrue(self.env["ps.revenue.run"].with_user(invoicing).search([]))
        self.assertTrue(self.env["ps.revenue.balance.report"].with_user(invoicing).search([]))
        with self.assertRaises(AccessError):
            self.env["ps.revenue.run"].with_user(invoicing).create(
                {"company_id": self.company.id, "date_to": D(2026, 2, 28)}
            )
        other = self.setup_other_company(name="Meridian Advisory Ltd (test)")["company"]
        uk_user = self.env["res.users"].create(
            {
                "name": "UK accountant",
                "login": "uk-accountant",
                "company_id": other.id,
                "company_ids": [Command.set(other.ids)],
                "groups_id": [Command.set([self.env.ref("account.group_account_manager").id])],
            }
        )
        for model in (
            "ps.revenue.obligation",
            "ps.revenue.schedule.line",
            "ps.revenue.run",
            "ps.revenue.balance.report",
        ):
            self.assertFalse(self.env[model].with_user(uk_user).search([]), model)
        with self.assertRaises(AccessError):
            self.managed.with_user(uk_user).read(["name"])
        # the other company is not configured: its own run says so
        with self.assertRaisesRegex(UserError, "not configured for Meridian Advisory"):
            self.env["ps.revenue.run"].with_user(uk_user).create(
                {"company_id": other.id, "date_to": D(2026, 1, 31)}
            ).action_start()

    def test_an_invoice_reset_to_draft_after_recognition_is_not_stuck(self):
        # DESIGN: "resetting an invoice with posted deferrals to draft left it
        # stuck". Here an invoice carries no deferral of its own: it can be
        # reset, and the next month's entry follows what is billed then.
        invoice = self.invoice(5000.0, D(2026, 1, 15))
        self.recognise(D(2026, 1, 31), engagements=self.engagement)
        self.assertEqual(self.gl(self.deferred_account), -1900.0)
        invoice.button_draft()
        self.assertEqual(invoice.state, "draft")
        feb = self.recognise(D(2026, 2, 28), engagements=self.engagement).move_ids
        self.assertEqual(
            self.entry_lines(feb),
            {
                ("revenue", "Managed service"): -2800.0,
                ("billed", ""): -5000.0,
                ("deferred", ""): 1900.0,
                ("unbilled", ""): 5900.0,
            },
        )
        self.assertEqual(self.gl(self.revenue_account), -5900.0)
        invoice.action_post()  # posted again in February: billed once more
        mar = self.recognise(D(2026, 3, 31), engagements=self.engagement).move_ids
        self.assertEqual(self.gl(self.unbilled_account), 9000.0 - 5000.0)
        self.assertEqual(self.gl(self.revenue_account), -9000.0)
        self.assertTrue(mar)

    def test_jobs_finishing_together_still_close_the_run(self):
        # two workers finishing at once each see the other's line queued
        # (REPEATABLE READ): neither closes the run inline; the last commit does
        import contextlib
        from unittest.mock import patch

        from odoo.addons.queue_job.job import Job

        run = self.env["ps.revenue.run"].create(
            {"company_id": self.company.id, "date_to": D(2026, 1, 31)}
        )
        run.action_start()
        Run = type(run)
        with patch.object(Run, "_check_done", lambda self: None):
            for line in run.line_ids:
                Job.load(self.env, line.sudo().job_id.uuid).perform()
        self.assertEqual((run.state, run.progress), ("running", 100.0))
        # what the job's commit triggers: a new transaction (here, on the
        # test's own cursor, which holds the uncommitted fixtures)
        cr = self.env.cr
        with patch.object(
            type(self.env.registry), "cursor", lambda registry: contextlib.nullcontext(cr)
        ):
            cr.postcommit.run()
        self.env.invalidate_all()
        self.assertEqual(run.state, "done")
