# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date as D
from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from .common import DT, OpsCase


@tagged("post_install", "-at_install")
class TestBillingRules(OpsCase):
    """Each shipped billing rule fires on a crafted situation with the right
    amount, not just below its threshold, closes when fixed and does not
    duplicate on the next check."""

    def march_time(self):
        # Jane (senior, 200/h before 16 March) 8 h, Bob (140/h for Acme) 5 h:
        # 2,300 of approved March time; a submitted entry and April time
        # (its period still open) do not count
        self.ingest_ok(
            [
                self.time("T-1", self.jane, D(2026, 3, 10), 8),
                self.time("T-2", self.bob, D(2026, 3, 12), 5),
                self.time("T-3", self.bob, D(2026, 3, 13), 3, status="submitted"),
                self.time("T-4", self.jane, D(2026, 4, 2), 4),
            ]
        )

    def test_unbilled_time(self):
        self.march_time()
        rule = self.rule("unbilled_time", threshold=5)
        # 4 April: March closed 4 days ago, below the 5 days: nothing
        self.assertFalse(self.evaluate(rule, DT(2026, 4, 4, 12)))
        alerts = self.evaluate(rule, DT(2026, 4, 5, 12))
        self.assertEqual(len(alerts), 1)
        self.assertEqual(alerts.amount, 2300.0)
        self.assertEqual(alerts.currency_id, self.engagement.currency_id)
        self.assertEqual((alerts.res_model, alerts.res_id), ("ps.engagement", self.engagement.id))
        self.assertEqual(alerts.count, 2)
        self.assertEqual(alerts.value, 13.0)
        self.assertEqual(alerts.state, "open")
        self.assertIn("13.0 h", alerts.name)
        # the next check finds the same: the same alert, untouched
        write_date = alerts.write_date
        self.assertEqual(self.evaluate(rule, DT(2026, 4, 5, 18)), alerts)
        self.assertEqual(alerts.write_date, write_date)
        # more March time approved late: the same alert, updated
        self.ingest_ok([self.time("T-3", self.bob, D(2026, 3, 13), 3)])
        self.assertEqual(self.evaluate(rule, DT(2026, 4, 6)), alerts)
        self.assertEqual(alerts.amount, 2720.0)
        # billed: closed
        move = self.bill()
        self.assertTrue(move)
        self.evaluate(rule, DT(2026, 4, 7))
        self.assertEqual(alerts.state, "closed")
        self.assertTrue(alerts.closed_date)
        # the proposal cancelled: the time is owed again, the alert reopens
        move.button_cancel()
        self.assertEqual(self.evaluate(rule, DT(2026, 4, 8)), alerts)
        self.assertEqual((alerts.state, alerts.reopen_count, alerts.amount), ("open", 1, 2720.0))

    def test_unbilled_time_ignores_engagements_not_billing_time(self):
        self.march_time()
        self.engagement.bill_time = False
        self.assertFalse(self.evaluate(self.rule("unbilled_time", threshold=5), DT(2026, 4, 30)))

    def test_engagement_cap(self):
        self.march_time()
        self.ingest_ok([self.time("T-3", self.bob, D(2026, 3, 13), 3)])
        # 2,300 + 420 + Jane's 4 April hours at 220 = 3,600 of approved time
        self.engagement.cap_amount = 4000.0
        rule = self.rule("engagement_cap", threshold=95)
        now = DT(2026, 12, 1)
        self.assertFalse(self.evaluate(rule, now), "90% is below 95%")
        rule.threshold = 90
        alerts = self.evaluate(rule, now)
        self.assertEqual(len(alerts), 1)
        self.assertEqual(alerts.value, 90.0)
        self.assertEqual(alerts.amount, 400.0, "what is left under the cap")
        self.assertEqual(self.evaluate(rule, now), alerts)
        # 3 more hours of Jane in April: 4,260, 260 over the cap
        self.ingest_ok([self.time("T-5", self.jane, D(2026, 4, 3), 3)])
        self.assertEqual(self.evaluate(rule, now), alerts)
        self.assertEqual(alerts.amount, 260.0)
        self.assertIn("over its cap", alerts.name)
        self.engagement.cap_amount = 10000.0
        self.evaluate(rule, now)
        self.assertEqual(alerts.state, "closed")

    def test_engagement_cap_hours(self):
        self.march_time()
        # 17 approved hours against a cap of 16: 1 hour over, at the
        # average rate of the approved time (3,180 / 17 h)
        self.engagement.cap_hours = 16.0
        rule = self.rule("engagement_cap", threshold=100)
        alert = self.evaluate(rule, DT(2026, 12, 1))
        self.assertEqual(alert.value, 106.25)
        self.assertAlmostEqual(alert.amount, round(3180 / 17, 2))

    def billing_run(self, state, date_to, line_state):
        return self.env["ps.billing.run"].create(
            {
                "company_id": self.company.id,
                "date_to": date_to,
                "state": state,
                "line_ids": [
                    Command.create({"engagement_id": self.engagement.id, "state": line_state})
                ],
            }
        )

    def test_billing_run_missing(self):
        self.march_time()
        rule = self.rule("billing_run", threshold=4, day_of_month=5)
        self.assertFalse(self.evaluate(rule, DT(2026, 4, 4, 23)), "day 4: not yet due")
        alerts = self.evaluate(rule, DT(2026, 4, 5, 8))
        self.assertEqual(len(alerts), 1)
        self.assertEqual(alerts.subject_key, f"missing:ps.billing.run:{self.company.id}:2026-03-31")
        self.assertEqual(alerts.amount, 2300.0, "the March time a run would bill")
        self.assertEqual(self.evaluate(rule, DT(2026, 4, 5, 9)), alerts)
        self.billing_run("done", D(2026, 3, 31), "nothing")
        self.evaluate(rule, DT(2026, 4, 5, 10))
        self.assertEqual(alerts.state, "closed")

    def test_billing_run_failed(self):
        self.march_time()
        rule = self.rule("billing_run", threshold=4, day_of_month=28)
        run = self.billing_run("done", D(2026, 3, 31), "failed")
        alerts = self.evaluate(rule, DT(2026, 4, 5))
        self.assertEqual(len(alerts), 1)
        self.assertEqual((alerts.res_model, alerts.res_id), ("ps.billing.run", run.id))
        self.assertEqual(alerts.amount, 2300.0)
        self.assertIn(self.engagement.name, alerts.name)
        # run again for the period, without failure: the latest run is fine
        self.billing_run("done", D(2026, 3, 31), "done")
        self.evaluate(rule, DT(2026, 4, 5, 1))
        self.assertEqual(alerts.state, "closed")

    def test_billing_run_stuck(self):
        rule = self.rule("billing_run", threshold=4, day_of_month=28)
        run = self.billing_run("running", D(2026, 3, 31), "queued")
        started = run.line_ids.create_date
        self.assertFalse(self.evaluate(rule, started + timedelta(hours=3, minutes=59)))
        alerts = self.evaluate(rule, started + timedelta(hours=4))
        self.assertEqual(len(alerts), 1)
        self.assertEqual(alerts.count, 1, "one engagement still queued")
        self.assertIn("stuck", alerts.name)
        run.line_ids.state = "done"
        run.state = "done"
        self.evaluate(rule, started + timedelta(hours=5))
        self.assertEqual(alerts.state, "closed")

    def test_revenue_run_missing_needs_obligations(self):
        rule = self.rule("revenue_run", threshold=4, day_of_month=7)
        self.assertFalse(
            self.evaluate(rule, DT(2026, 4, 8)), "no engagement with obligations: nothing owed"
        )

    def test_retainer_low(self):
        eng, __ = self.make_engagement(
            "ACME-RET",
            retainer_expiry=D(2026, 12, 31),
            schedule_ids=[
                Command.create(
                    {
                        "kind": "retainer",
                        "date": D(2026, 3, 1),
                        "name": "Retainer",
                        "amount": 5000,
                    }
                )
            ],
        )
        # 10 h of Jane at 200 drawn: 3,000 of 5,000 left (60%)
        self.ingest_ok([self.time("R1", self.jane, D(2026, 3, 2), 10, project="ACME-RET")])
        self.bill(eng)
        rule = self.rule("retainer_low", threshold=50)
        now = DT(2026, 12, 1)
        self.assertFalse(self.evaluate(rule, now), "60% left is above 50%")
        # 10 h at 220 approved, not billed yet: 800 left (16%)
        self.ingest_ok([self.time("R2", self.jane, D(2026, 4, 1), 10, project="ACME-RET")])
        alert = self.evaluate(rule, now)
        self.assertEqual((alert.amount, alert.value), (800.0, 16.0))
        self.assertEqual(alert.res_id, eng.id)
        # 10 h more: overdrawn by 1,400
        self.ingest_ok([self.time("R3", self.jane, D(2026, 4, 2), 10, project="ACME-RET")])
        self.assertEqual(self.evaluate(rule, now), alert)
        self.assertEqual(alert.amount, 1400.0)
        self.assertIn("overdrawn", alert.name)
        # a top-up of 10,000 agreed: 8,600 of 15,000 left (57%)
        eng.schedule_ids = [
            Command.create(
                {"kind": "retainer", "date": D(2026, 4, 5), "name": "Top-up", "amount": 10000}
            )
        ]
        self.evaluate(rule, now)
        self.assertEqual(alert.state, "closed")

    def test_billing_timeliness(self):
        self.march_time()
        proposal = self.bill()
        Kpi = self.env["ps.ops.billing.kpi"]

        def row(month):
            self.env.flush_all()
            Kpi.invalidate_model()
            return Kpi.search([("engagement_id", "=", self.engagement.id), ("month", "=", month)])

        march = row(D(2026, 3, 1))
        self.assertEqual(
            (march.hours_approved, march.hours_invoiced), (13.0, 0.0), "a draft is no invoice"
        )
        proposal.invoice_date = D(2026, 3, 31)
        proposal.action_post()
        march = row(D(2026, 3, 1))
        self.assertEqual((march.hours_approved, march.hours_invoiced), (13.0, 13.0))
        self.assertEqual((march.hours_in_period, march.share_in_period), (13.0, 100.0))
        # Jane 8 h on the 10th (21 days), Bob 5 h on the 12th (19 days)
        self.assertAlmostEqual(march.days_to_invoice, (8 * 21 + 5 * 19) / 13)
        april = row(D(2026, 4, 1))
        self.assertEqual((april.hours_approved, april.hours_invoiced), (4.0, 0.0))
        self.assertFalse(april.days_to_invoice)
