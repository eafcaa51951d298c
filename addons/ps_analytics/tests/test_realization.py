# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from .common import AnalyticsCase, D

MEASURES = [
    "hours:sum",
    "standard_value:sum",
    "billed_amount:sum",
    "writeoff_amount:sum",
    "cap_overrun_amount:sum",
    "held_amount:sum",
    "realization:avg",
]


@freeze_time("2026-04-10")
class TestRealization(AnalyticsCase):
    def post(self, move):
        move.action_post()
        self.assertEqual(move.state, "posted")

    def test_realization_with_a_write_off(self):
        # Jane (senior, 200 an hour before 16 March) 10 h: standard value 2,000
        self.ingest_ok([self.time("R1", self.jane, D(2026, 3, 2), 10)])
        writeoff = self.env["ps.billing.writeoff"].create(
            {
                "engagement_id": self.engagement.id,
                "reason": "courtesy",
                "note": "first month",
                "amount": 300.0,
            }
        )
        writeoff.with_user(self.acc_manager).action_approve()
        move = self.bill()
        self.assertEqual(move.amount_untaxed, 1700.0)
        domain = [("engagement_id", "=", self.engagement.id)]
        # a proposal is not billed yet
        self.assertEqual(self.totals("ps.analytics.realization", domain, MEASURES)["hours"], 0.0)
        self.post(move)
        totals = self.totals("ps.analytics.realization", domain, MEASURES, user=self.finance_user)
        self.assertEqual(
            totals,
            {
                "hours": 10.0,
                "standard_value": 2000.0,
                "billed_amount": 1700.0,
                "writeoff_amount": 300.0,
                "cap_overrun_amount": 0.0,
                "held_amount": 0.0,
                "realization": 85.0,
            },
        )
        # the cause, row by row, and the records behind it
        rows = self.group("ps.analytics.realization", domain, MEASURES, ["kind"])
        by_kind = {r["kind"]: r for r in rows}
        self.assertEqual(by_kind["time"]["realization"], 100.0)
        self.assertEqual(by_kind["writeoff"]["billed_amount"], -300.0)
        report = self.env["ps.analytics.realization"].search(domain + [("kind", "=", "writeoff")])
        action = report.action_ps_open_records()
        self.assertEqual((action["res_model"], action["res_id"]), ("account.move", move.id))

    def test_realization_with_a_cap_overrun(self):
        engagement, _project = self.make_engagement(
            "ACME-CAP", cap_amount=1000.0, cap_policy="write_off"
        )
        # Bob (consultant, 140 an hour for this customer) 10 h: 1,400, capped at 1,000
        self.ingest_ok([self.time("C1", self.bob, D(2026, 3, 3), 10, project="ACME-CAP")])
        move = self.bill(engagement)
        self.assertEqual(move.amount_untaxed, 1000.0)
        self.post(move)
        totals = self.totals(
            "ps.analytics.realization", [("engagement_id", "=", engagement.id)], MEASURES
        )
        self.assertEqual(
            totals,
            {
                "hours": 10.0,
                "standard_value": 1400.0,
                "billed_amount": 1000.0,
                "writeoff_amount": 0.0,
                "cap_overrun_amount": 400.0,
                "held_amount": 0.0,
                "realization": 71.43,
            },
        )
        [bob] = self.group(
            "ps.analytics.realization",
            [("engagement_id", "=", engagement.id)],
            ["realization:avg", "standard_value:sum"],
            ["employee_id"],
        )
        self.assertEqual(bob["employee_id"][0], self.bob.id)
        self.assertEqual(bob["realization"], 71.43)

    def test_time_held_over_a_cap_in_realization_and_wip(self):
        """Cap 1,000, policy hold. Bob (140 an hour for this customer) 10 h:
        standard value 1,400; the invoice bills the 7.14 h that fit (999.60),
        the other 2.86 h (400.40) are held. Realization: 999.60 / 1,400 =
        71.40 %, the held 400.40 as the cause. WIP: the held 2.86 h apart,
        400.40 held, nothing in its value."""
        engagement, _project = self.make_engagement("ACME-HOLD", cap_amount=1000.0)
        self.assertEqual(engagement.cap_policy, "hold")
        self.ingest_ok([self.time("H1", self.bob, D(2026, 3, 3), 10, project="ACME-HOLD")])
        move = self.bill(engagement)
        self.assertEqual(move.amount_untaxed, 999.6)
        self.post(move)
        self.env["ps.analytics.wip"].with_user(self.finance_user).action_ps_refresh()
        domain = [("engagement_id", "=", engagement.id)]
        [held] = self.env["ps.analytics.wip"].search(domain)
        self.assertEqual(
            (held.stage, held.hours, held.rate, held.amount, held.held_amount, held.res_id),
            ("held", 2.86, 140.0, 0.0, 400.4, move.invoice_line_ids.ps_trace_ids.timesheet_id.id),
        )
        totals = self.totals("ps.analytics.realization", domain, MEASURES, user=self.pm_user)
        self.assertEqual(
            totals,
            {
                "hours": 7.14,
                "standard_value": 1400.0,
                "billed_amount": 999.6,
                "writeoff_amount": 0.0,
                "cap_overrun_amount": 0.0,
                "held_amount": 400.4,
                "realization": 71.4,
            },
        )
        rows = self.group("ps.analytics.realization", domain, MEASURES, ["kind"])
        self.assertEqual(
            {r["kind"]: (r["standard_value"], r["billed_amount"]) for r in rows},
            {"time": (999.6, 999.6), "held": (400.4, 0.0)},
        )
        # the cap raised (a change order): the next run bills it, nothing held
        engagement.cap_amount = 2000.0
        self.post(self.bill(engagement))
        self.env["ps.analytics.wip"].with_user(self.finance_user).action_ps_refresh()
        totals = self.totals("ps.analytics.realization", domain, MEASURES)
        self.assertEqual(
            (totals["standard_value"], totals["billed_amount"], totals["held_amount"]),
            (1400.0, 1400.0, 0.0),
        )
