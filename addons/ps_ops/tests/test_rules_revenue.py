# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged

from odoo.addons.ps_revenue_recognition.tests.common import RevenueCase

from .common import DT


@tagged("post_install", "-at_install")
class TestRevenueRules(RevenueCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Alert = cls.env["ps.alert"]
        cls.rule = cls.env.ref("ps_ops.rule_ledger_differences")
        cls.rule.write({"company_id": cls.company.id, "threshold": 7})
        cls.run_rule = cls.env.ref("ps_ops.rule_revenue_run")
        cls.run_rule.write({"company_id": cls.company.id, "day_of_month": 7})

    def evaluate(self, rule, now):
        rule._evaluate(now)
        return self.Alert.search([("rule_id", "=", rule.id)])

    def entry(self, day, debit_account, credit_account, amount, engagement=None):
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": day,
                "journal_id": self.company_data["default_journal_misc"].id,
                "ps_engagement_id": engagement.id if engagement else False,
                "line_ids": [
                    Command.create({"account_id": debit_account.id, "debit": amount}),
                    Command.create({"account_id": credit_account.id, "credit": amount}),
                ],
            }
        )
        move.action_post()
        return move

    def test_ledger_differences_per_engagement(self):
        self.obligation()
        # booked by hand on the engagement: the ledger says 150 unbilled the
        # subledger does not know
        move = self.entry(DT(2026, 3, 15).date(), self.unbilled_account, self.revenue_account, 150)
        move.ps_engagement_id = self.engagement
        self.assertFalse(self.evaluate(self.rule, DT(2026, 4, 6)), "March closed 6 days ago")
        alert = self.evaluate(self.rule, DT(2026, 4, 7))
        self.assertEqual(len(alert), 1)
        self.assertEqual((alert.res_model, alert.res_id), ("ps.engagement", self.engagement.id))
        self.assertEqual(alert.amount, 150.0)
        self.assertEqual(self.evaluate(self.rule, DT(2026, 4, 8)), alert)
        move.button_draft()
        move.button_cancel()
        self.evaluate(self.rule, DT(2026, 4, 9))
        self.assertEqual(alert.state, "closed")

    def test_ledger_balance_of_no_engagement(self):
        other = self.company_data["default_account_receivable"]
        self.entry(DT(2026, 3, 20).date(), other, self.deferred_account, 80)
        alert = self.evaluate(self.rule, DT(2026, 4, 10))
        self.assertEqual(alert.subject_key, f"unlinked:deferred revenue:{self.company.id}")
        self.assertEqual(alert.amount, 80.0)

    def test_recognition_run_missing(self):
        self.obligation()
        self.assertFalse(self.evaluate(self.run_rule, DT(2026, 4, 6)), "due by day 7")
        alert = self.evaluate(self.run_rule, DT(2026, 4, 7))
        self.assertEqual(alert.subject_key, f"missing:ps.revenue.run:{self.company.id}:2026-03-31")
        self.env["ps.revenue.run"].create(
            {"company_id": self.company.id, "date_to": DT(2026, 3, 31).date(), "state": "done"}
        )
        self.evaluate(self.run_rule, DT(2026, 4, 8))
        self.assertEqual(alert.state, "closed")

    def test_close_checklist(self):
        self.env.cr.execute(
            "SELECT (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 day')::date"
        )
        period = self.env.cr.fetchone()[0]
        Checklist = self.env["ps.ops.close.checklist"]

        def row():
            self.env.flush_all()
            Checklist.invalidate_model()
            return Checklist.search([("company_id", "=", self.company.id), ("period", "=", period)])

        self.assertEqual(len(row()), 1)
        self.assertTrue(row().current)
        self.assertFalse(row().closed)
        billing = self.env["ps.billing.run"].create(
            {
                "company_id": self.company.id,
                "date_to": period,
                "state": "done",
                "line_ids": [
                    Command.create({"engagement_id": self.engagement.id, "state": "failed"})
                ],
            }
        )
        self.assertEqual(
            (row().billing_state, row().billing_failed, row().billing_ok), ("done", 1, False)
        )
        billing.line_ids.state = "done"
        self.env["ps.revenue.run"].create(
            {"company_id": self.company.id, "date_to": period, "state": "done"}
        )
        self.assertTrue(row().billing_ok and row().revenue_ok and row().ledger_clean)
        self.assertTrue(row().closed)
        # a live ledger difference holds the close
        self.entry(
            period, self.company_data["default_account_receivable"], self.deferred_account, 80
        )
        self.rule.threshold = 0
        self.rule._evaluate(DT.combine(period, DT.min.time()))
        self.assertEqual((row().alerts_live, row().ledger_clean, row().closed), (1, False, False))
