# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from .common import AnalyticsCase, D

COSTS = [
    "revenue:sum",
    "billed:sum",
    "cost_time:sum",
    "cost_subcontractor:sum",
    "cost_expense:sum",
    "cost_intercompany:sum",
    "cost:sum",
    "margin:sum",
    "margin_pct:avg",
    "margin_billed:sum",
    "margin_billed_pct:avg",
]
BUDGET = [
    "budget_cost:sum",
    "budget_cost_used:avg",
    "budget_revenue:sum",
    "budget_revenue_done:avg",
]


@freeze_time("2026-04-10")
class TestMargin(AnalyticsCase):
    """March 2026 on the ACME engagement (USD): a 12,000 fixed price
    recognised ratably over 2026, time billed at the rate card; Bob (an
    employee, 50/h), Sam (a subcontractor, buy rate 80/h), Ann (employed
    by the UK entity, charged cost plus 10 %) and an expense."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rate = cls.env["ps.cost.rate"]
        Rate.create({"employee_id": cls.bob.id, "date_from": D(2026, 1, 1), "hourly_cost": 50.0})
        cls.vendor = cls.env["res.partner"].create({"name": "Northwind", "is_company": True})
        cls.sam = cls.env["hr.employee"].create(
            {
                "name": "Sam Contractor",
                "job_id": cls.consultant.id,
                "work_email": "sam@northwind.example",
                "company_id": cls.us.id,
                "ps_employment_type": "contractor",
                "ps_vendor_id": cls.vendor.id,
            }
        )
        Rate.create({"employee_id": cls.sam.id, "date_from": D(2026, 1, 1), "hourly_cost": 80.0})
        cls.expense_product = cls.env["product.product"].create(
            {
                "name": "Travel",
                "can_be_expensed": True,
                "standard_price": 0.0,
                "type": "service",
                "supplier_taxes_id": [(5,)],
            }
        )
        cls.engagement.write(
            {
                "ps_transaction_price": 12000.0,
                "ps_budget_cost": 2760.0,
                "ps_budget_revenue": 12000.0,
            }
        )
        cls.Obligation.create(
            {
                "engagement_id": cls.engagement.id,
                "name": "Transformation programme",
                "method": "ratable",
                "date_start": D(2026, 1, 1),
                "date_end": D(2026, 12, 31),
                "standalone_price": 12000.0,
            }
        )

    def march(self):
        self.ingest_ok(
            [
                self.time("M1", self.bob, D(2026, 3, 2), 4),  # 4 h x 140 billed, x 50 cost
                self.time("M2", self.sam, D(2026, 3, 3), 5),  # 5 h x 140 billed, x 80 bought
                self.time("M3", self.bob, D(2026, 3, 4), 2, status="rejected"),  # no cost
            ]
        )
        self.ingest_uk([self.ann_time("M4", D(2026, 3, 2), 8)])  # 8 h x 180 billed
        self.env["hr.expense"].create(
            {
                "name": "Flight to the client",
                "employee_id": self.bob.id,
                "product_id": self.expense_product.id,
                "total_amount_currency": 120.0,
                "date": D(2026, 3, 5),
                "ps_engagement_id": self.engagement.id,
                "company_id": self.us.id,
            }
        )
        invoice = self.bill()
        invoice.invoice_date = D(2026, 3, 31)
        invoice.action_post()
        self.assertEqual(invoice.amount_untaxed, 2700.0)
        self.charge()  # Ann: 8 h x 66 GBP = 528 GBP = 660 USD on the US entity's bill
        self.recognise(D(2026, 3, 31), engagements=self.engagement)

    def test_margin_with_all_four_cost_kinds(self):
        self.march()
        domain = [("engagement_id", "=", self.engagement.id)]
        rows = self.group(
            "ps.analytics.margin", domain, COSTS, ["date:month"], user=self.finance_user
        )
        march = next(r for r in rows if r["date:month"] == "March 2026")
        # recognised: 12,000 x 90 / 365 = 2,958.90 (the 2,700 invoiced moved to the plan)
        got = {m.split(":")[0]: march[m.split(":")[0]] for m in COSTS}
        self.assertEqual(
            got,
            {
                "revenue": 2958.9,
                "billed": 2700.0,
                "cost_time": 200.0,
                "cost_subcontractor": 400.0,
                "cost_expense": 120.0,
                "cost_intercompany": 660.0,
                "cost": 1380.0,
                "margin": 1578.9,
                "margin_pct": 53.36,
                "margin_billed": 1320.0,
                "margin_billed_pct": 48.89,
            },
        )
        # budget vs actual, over the engagement (budget rows have no month)
        totals = self.totals("ps.analytics.margin", domain, BUDGET + ["cost:sum"])
        self.assertEqual(
            totals,
            {
                "budget_cost": 2760.0,
                "budget_cost_used": 50.0,
                "budget_revenue": 12000.0,
                "budget_revenue_done": 24.66,
                "cost": 1380.0,
            },
        )
        # per customer and entity: the same engagement
        [customer] = self.group(
            "ps.analytics.margin", domain, ["margin:sum"], ["partner_id", "company_id"]
        )
        self.assertEqual(
            (customer["partner_id"][0], customer["margin"]), (self.customer.id, 1578.9)
        )
        # drilldown: the subcontractor's cost opens Sam's time entry
        Margin = self.env["ps.analytics.margin"].with_user(self.finance_user)
        rows = Margin.search(domain + [("cost_subcontractor", "!=", 0)])
        action = rows.action_ps_open_records()
        entry = self.env["account.analytic.line"].browse(action["res_id"])
        self.assertEqual(
            (action["res_model"], entry.employee_id), ("account.analytic.line", self.sam)
        )

    def test_payroll_variance_spread_over_the_period_time(self):
        self.us.ps_payroll_variance_spread = True
        self.march()
        # Bob's March: 6 h logged (4 approved, 2 rejected) at 50 = 300; payroll paid 420:
        # 120 over 6 h = 20 an hour on top of his 4 counted hours = 80
        self.env["ps.payroll.cost"].create(
            {
                "employee_id": self.bob.id,
                "date_from": D(2026, 3, 1),
                "date_to": D(2026, 3, 31),
                "amount": 420.0,
                "currency_id": self.usd.id,
            }
        )
        totals = self.totals(
            "ps.analytics.margin", [("engagement_id", "=", self.engagement.id)], ["cost_time:sum"]
        )
        self.assertEqual(totals, {"cost_time": 280.0})
