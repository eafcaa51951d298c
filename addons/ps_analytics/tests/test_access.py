# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who reads what: consultants none of the reports; project managers all of
them, the margin as totals only (no rows, no person: those show one
person's cost); finance everything; every entity only its rows. Checked
in the ORM and over XML-RPC, the way a client reads them."""

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.ps_billing_rules.tests.common import RpcUsersMixin

from .common import AnalyticsCase, D

REPORTS = {
    "ps.analytics.utilization": ["hours:sum", "utilization:avg"],
    "ps.analytics.realization": ["billed_amount:sum", "realization:avg"],
    "ps.analytics.margin": ["cost:sum", "margin:sum", "margin_pct:avg"],
    "ps.analytics.backlog": ["to_recognise:sum"],
    "ps.analytics.wip": ["amount:sum"],
    "ps.analytics.capacity": ["capacity_hours:sum"],
}


@freeze_time("2026-04-10")
class TestAccess(AnalyticsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ps.cost.rate"].create(
            {"employee_id": cls.bob.id, "date_from": D(2026, 1, 1), "hourly_cost": 50.0}
        )
        cls.uk_finance = cls.analytics_user(
            "an-uk-finance", "account.group_account_invoice", company=cls.uk
        )

    def setUp(self):
        super().setUp()
        self.ingest_ok([self.time("A1", self.bob, D(2026, 3, 2), 4)])
        self.domain = [("engagement_id", "=", self.engagement.id)]

    def test_consultants_see_none_of_it(self):
        for model, measures in REPORTS.items():
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.consultant_user).read_group([], measures, [])
        with self.assertRaises(AccessError):
            self.env["ps.analytics.capacity"].with_user(self.consultant_user).action_ps_refresh(
                D(2026, 3, 1), D(2026, 3, 31)
            )
        with self.assertRaises(AccessError):
            self.env["ps.analytics.wip"].with_user(self.consultant_user).action_ps_refresh()

    def test_project_managers_see_the_margin_as_totals_only(self):
        self.jane_too()  # a total of one person is refused (see below)
        for model, measures in REPORTS.items():
            with self.subTest(model=model):
                self.env[model].with_user(self.pm_user).read_group([], measures, [])
        Margin = self.env["ps.analytics.margin"].with_user(self.pm_user)
        with self.assertRaisesRegex(AccessError, "finance reads them"):
            Margin.search_read(self.domain, ["cost"])
        with self.assertRaises(AccessError):
            Margin.read_group(self.domain, ["cost:sum"], ["employee_id"])
        with self.assertRaises(AccessError):
            Margin.read_group(self.domain, ["cost:sum"], ["res_id"])
        # the other reports have rows for them, hours but no cost
        rows = (
            self.env["ps.analytics.utilization"]
            .with_user(self.pm_user)
            .search_read([("employee_id", "=", self.bob.id)], ["hours"])
        )
        self.assertEqual([r["hours"] for r in rows], [4.0])

    def jane_too(self):
        """Jane (senior, 70/h) works 2 h too: Bob's 4 h x 50 + 140 = 340."""
        self.env["ps.cost.rate"].create(
            {"employee_id": self.jane.id, "date_from": D(2026, 1, 1), "hourly_cost": 70.0}
        )
        self.ingest_ok([self.time("A2", self.jane, D(2026, 3, 3), 2)])

    def test_margin_of_fewer_than_two_people_is_hidden_from_project_managers(self):
        # one person behind the engagement: its total would be Bob's cost
        Margin = self.env["ps.analytics.margin"].with_user(self.pm_user)
        with self.assertRaisesRegex(AccessError, "fewer than 2 people"):
            Margin.read_group(self.domain, ["cost:sum"], [])
        self.jane_too()
        self.assertEqual(
            self.totals("ps.analytics.margin", self.domain, ["cost:sum"], user=self.pm_user),
            {"cost": 340.0},
        )
        # per role: each role has one person here, hidden (counts and revenue stay)
        measures = ["cost:sum", "margin_pct:avg", "revenue:sum"]
        rows = self.group("ps.analytics.margin", self.domain, measures, ["job_id"], self.pm_user)
        self.assertEqual(
            sorted((r["job_id"][1], r["cost"], r["margin_pct"], r["margin"]) for r in rows),
            [("Consultant", False, False, False), ("Senior consultant", False, False, False)],
        )
        # per customer: both of them, shown
        [customer] = self.group(
            "ps.analytics.margin", self.domain, ["cost:sum"], ["partner_id"], self.pm_user
        )
        self.assertEqual(customer["cost"], 340.0)
        # the total of a one-person role, a filter or an alias on cost: refused
        senior = self.domain + [("job_id", "=", self.senior.id)]
        with self.assertRaisesRegex(AccessError, "fewer than 2 people"):
            Margin.read_group(senior, ["margin:sum"], [])
        with self.assertRaisesRegex(AccessError, "Filtering the margin on cost"):
            Margin.read_group(self.domain + [("cost", ">", 150)], ["cost:sum"], ["partner_id"])
        with self.assertRaisesRegex(AccessError, "Filtering the margin on margin"):
            Margin.search_count(self.domain + [("job_id", "=", self.senior.id), ("margin", "<", 0)])
        with self.assertRaises(AccessError):
            Margin.read_group(self.domain, ["cost:sum", "n:count_distinct(employee_id)"], [])
        # those who read cost rates, and finance, see each role
        reader = self.analytics_user(
            "an-pm-reader", "project.group_project_manager,ps_costing.group_cost_rate_reader"
        )
        for user in (reader, self.finance_user):
            with self.subTest(user=user.login):
                rows = self.group(
                    "ps.analytics.margin", self.domain, ["cost:sum"], ["job_id"], user
                )
                self.assertEqual(sorted(r["cost"] for r in rows), [140.0, 200.0])

    def test_finance_sees_all_of_it(self):
        Margin = self.env["ps.analytics.margin"].with_user(self.finance_user)
        rows = Margin.search_read(self.domain, ["cost", "employee_id", "res_model"])
        self.assertEqual(
            [(r["cost"], r["employee_id"][0], r["res_model"]) for r in rows],
            [(200.0, self.bob.id, "account.analytic.line")],
        )
        [bob] = Margin.read_group(self.domain, ["cost:sum"], ["employee_id"])
        self.assertEqual(bob["cost"], 200.0)

    def test_each_entity_sees_only_its_rows(self):
        self.env["ps.analytics.capacity"].sudo()._ps_refresh(
            self.bob | self.ann, D(2026, 3, 1), D(2026, 3, 31)
        )
        for model in REPORTS:
            with self.subTest(model=model):
                rows = self.env[model].with_user(self.uk_finance).search([])
                self.assertFalse(rows.company_id - self.uk)
        uk_caps = self.env["ps.analytics.capacity"].with_user(self.uk_finance).search([])
        self.assertEqual(uk_caps.employee_id, self.ann)
        totals = self.totals("ps.analytics.margin", self.domain, ["cost:sum"], user=self.uk_finance)
        self.assertEqual(totals, {"cost": 0.0})


@tagged("post_install", "-at_install")
class TestAccessOverRpc(RpcUsersMixin, AnalyticsCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rpc_user("rpc-pm", "base.group_user,project.group_project_manager")
        cls.rpc_user("rpc-finance", "base.group_user,account.group_account_invoice")

    def test_margin_over_rpc_per_role(self):
        # Bob (consultant) and Jane (senior) on the engagement
        self.env["ps.cost.rate"].create(
            [
                {"employee_id": self.bob.id, "date_from": D(2026, 1, 1), "hourly_cost": 50.0},
                {"employee_id": self.jane.id, "date_from": D(2026, 1, 1), "hourly_cost": 70.0},
            ]
        )
        self.ingest_ok(
            [
                self.time("R1", self.bob, D(2026, 3, 2), 4),
                self.time("R2", self.jane, D(2026, 3, 3), 2),
            ]
        )
        args = ([], ["margin:sum", "margin_pct:avg"], ["engagement_id"])
        for login in ("rpc-pm", "rpc-finance"):
            [row] = self.call(login, "ps.analytics.margin", "read_group", *args)
            self.assertEqual(row["margin"], -340.0)
        by_role = ([], ["cost:sum"], ["job_id"])
        for login, costs in (("rpc-pm", [False, False]), ("rpc-finance", [140.0, 200.0])):
            rows = self.call(login, "ps.analytics.margin", "read_group", *by_role)
            self.assertEqual(sorted(r["cost"] for r in rows), costs, login)
        one_role = [("job_id", "=", self.senior.id)]
        self.assertRpcRefused(
            "rpc-pm",
            [
                (
                    "fewer than 2 people",
                    "ps.analytics.margin",
                    "read_group",
                    one_role,
                    ["cost"],
                    [],
                ),
                (
                    "fewer than 2 people",
                    "ps.analytics.margin",
                    "web_read_group",
                    one_role,
                    ["cost:sum"],
                    [],
                ),
                (
                    "employee_id",
                    "ps.analytics.margin",
                    "read_group",
                    [],
                    ["cost:sum"],
                    ["employee_id"],
                ),
            ],
        )
        self.assertRpcRefused(
            "rpc-pm",
            [
                ("finance reads them", "ps.analytics.margin", "search_read", [], ["cost"]),
                ("finance reads them", "ps.analytics.margin", "web_search_read", [], {"cost": {}}),
            ],
        )
        self.assertRpcRefused(
            "rpc-project-user",
            [
                ("You are not allowed", "ps.analytics.margin", "read_group", *args),
                ("You are not allowed", "ps.analytics.utilization", "search_read", []),
                ("Only finance", "ps.analytics.wip", "action_ps_refresh"),
            ],
        )
        self.assertRpcRefused(
            "rpc-finance",
            [("Private methods", "ps.analytics.wip", "_ps_refresh", [])],
        )
