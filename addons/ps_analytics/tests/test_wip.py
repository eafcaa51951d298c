# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from .common import AnalyticsCase, D

MEASURES = ["hours:sum", "amount:sum"]


@freeze_time("2026-12-03")
class TestWip(AnalyticsCase):
    def test_unbilled_and_proposed_time_at_billing_rates_with_ages(self):
        self.ingest_ok(
            [
                # billed and posted: not WIP
                self.time("W1", self.bob, D(2026, 8, 3), 4),
                # on a draft proposal: WIP, 2 h x 140, 115 days old
                self.time("W2", self.bob, D(2026, 8, 10), 2),
                # unbilled: Bob 5 h x 140 = 700, 79 days; Jane 8 h x 220 = 1,760, 31 days
                self.time("W3", self.bob, D(2026, 9, 15), 5),
                self.time("W4", self.jane, D(2026, 11, 2), 8),
                # not approved, not billable: not WIP
                self.time("W5", self.jane, D(2026, 11, 3), 3, status="submitted"),
                self.time("W6", self.jane, D(2026, 11, 4), 2, billable=False),
            ]
        )
        self.bill(date_to=D(2026, 8, 5)).action_post()
        self.bill(date_to=D(2026, 8, 31))  # stays a draft proposal
        Wip = self.env["ps.analytics.wip"]
        Wip.with_user(self.finance_user).action_ps_refresh()
        domain = [("engagement_id", "=", self.engagement.id)]
        rows = self.group("ps.analytics.wip", domain, MEASURES, ["age_bucket", "stage"])
        got = {(r["age_bucket"], r["stage"]): (r["hours"], r["amount"]) for r in rows}
        self.assertEqual(
            got,
            {
                ("31_60", "unbilled"): (8.0, 1760.0),
                ("61_90", "unbilled"): (5.0, 700.0),
                ("90_plus", "proposed"): (2.0, 280.0),
            },
        )
        jane = Wip.search(domain + [("employee_id", "=", self.jane.id)])
        self.assertEqual((jane.age_days, jane.rate, jane.as_of), (31, 220.0, D(2026, 12, 3)))
        action = jane.action_ps_open_records()
        self.assertEqual(action["res_model"], "account.analytic.line")
        self.assertEqual(
            self.env["account.analytic.line"].browse(action["res_id"]).date, D(2026, 11, 2)
        )
        # taken again after billing: what was billed leaves the WIP
        self.bill(date_to=D(2026, 11, 30)).action_post()
        Wip.with_user(self.pm_user).action_ps_refresh()
        totals = self.totals("ps.analytics.wip", domain, MEASURES)
        self.assertEqual(totals, {"hours": 2.0, "amount": 280.0})  # the draft proposal

    def test_an_engagement_without_a_rate_is_left_out_with_its_reason(self):
        engagement, _project = self.make_engagement("ACME-NORATE")
        self.ingest_ok(
            [
                self.time("N1", self.bob, D(2026, 11, 2), 3, project="ACME-NORATE"),
                self.time("N2", self.jane, D(2026, 11, 2), 1),
            ]
        )
        engagement.rate_card_id = self.env["ps.rate.card"].create(
            {"name": "Empty", "company_id": self.company.id, "currency_id": self.usd.id}
        )
        result = self.env["ps.analytics.wip"].with_user(self.finance_user).action_ps_refresh()
        self.assertIn("Engagement ACME-NORATE", result["params"]["message"])
        self.assertFalse(
            self.env["ps.analytics.wip"].search([("engagement_id", "=", engagement.id)])
        )
        # the others are valued
        other = self.env["ps.analytics.wip"].search([("engagement_id", "=", self.engagement.id)])
        self.assertEqual((other.hours, other.amount), (1.0, 220.0))

    def test_billable_expenses_at_cost_plus_markup(self):
        product = self.env["product.product"].create(
            {"name": "Travel", "can_be_expensed": True, "standard_price": 0.0, "type": "service"}
        )
        self.engagement.ps_expense_markup = 10.0
        Expense = self.env["hr.expense"]
        values = {
            "employee_id": self.bob.id,
            "product_id": product.id,
            "date": D(2026, 11, 20),
            "ps_engagement_id": self.engagement.id,
            "company_id": self.company.id,
            "tax_ids": [(5,)],
        }
        billable = Expense.create(
            {**values, "name": "Hotel", "total_amount_currency": 100.0, "ps_billable": True}
        )
        Expense.create({**values, "name": "Team lunch", "total_amount_currency": 40.0})
        self.env["ps.analytics.wip"].with_user(self.finance_user).action_ps_refresh()
        [row] = self.env["ps.analytics.wip"].search([("kind", "=", "expense")])
        self.assertEqual(
            (row.expense_id, row.amount, row.age_bucket, row.stage),
            (billable, 110.0, "0_30", "unbilled"),
        )
