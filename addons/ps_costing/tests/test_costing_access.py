# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user

from .common import CostingCase, D


class TestCostingAccess(CostingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consultant_user = cls.user_without_email(
            "consultant-c", ["hr_timesheet.group_hr_timesheet_user"]
        )
        cls.pm = cls.user_without_email(
            "pm-c", ["project.group_project_manager", "hr_timesheet.group_hr_timesheet_approver"]
        )
        cls.pm_granted = cls.user_without_email(
            "pm-granted",
            [
                "project.group_project_manager",
                "hr_timesheet.group_hr_timesheet_approver",
                "ps_costing.group_cost_rate_reader",
            ],
        )
        cls.jane.user_id = cls.consultant_user
        cls.jane.work_email = "jane@meridian.example"  # linking a user without one clears it

    def test_consultant_cannot_read_cost_rates_not_even_their_own(self):
        Rate = self.env["ps.cost.rate"].with_user(self.consultant_user)
        with self.assertRaises(AccessError):
            Rate.search([])
        with self.assertRaises(AccessError):
            self.jane_rate.with_user(self.consultant_user).read(["hourly_cost"])
        with self.assertRaises(AccessError):
            self.jane.with_user(self.consultant_user).read(["ps_cost_rate_ids"])

    def test_project_manager_sees_engagement_cost_not_rates_unless_granted(self):
        self.ingest_ok([self.time("A-1", self.jane, D(2026, 3, 10), 8)])
        Line = self.env["account.analytic.line"].with_user(self.pm)
        groups = Line.read_group(
            [("project_id", "=", self.project.id)], ["amount:sum"], ["ps_cost_kind"]
        )
        self.assertEqual([(g["ps_cost_kind"], g["amount"]) for g in groups], [("employee", -400.0)])
        with self.assertRaises(AccessError):
            self.env["ps.cost.rate"].with_user(self.pm).search([])
        with self.assertRaises(AccessError):
            Line.search([("project_id", "=", self.project.id)]).read(["ps_cost_rate_id"])
        rates = (
            self.env["ps.cost.rate"]
            .with_user(self.pm_granted)
            .search([("employee_id", "=", self.jane.id)])
        )
        self.assertEqual(rates.hourly_cost, 50.0)
        with self.assertRaises(AccessError):
            rates.write({"hourly_cost": 1.0})  # reading is not managing

    def test_project_manager_reads_engagement_expenses(self):
        res = self.ingest_object_ok(
            "expense",
            [
                {
                    "external_id": "AX-1",
                    "employee_email": "bob@meridian.example",
                    "date": "2026-03-12",
                    "project_code": "ACME-ERP",
                    "category": "EXP_TRAVEL",
                    "description": "Taxi",
                    "amount": 30.0,
                }
            ],
        )
        expense = self.env["hr.expense"].browse(res[0]["res_id"]).with_user(self.pm)
        self.assertEqual(expense.read(["total_amount"])[0]["total_amount"], 30.0)
        with self.assertRaises(AccessError):
            expense.write({"name": "Limousine"})
        # a consultant reads only their own expenses (hr_expense's rule)
        with self.assertRaises(AccessError):
            expense.with_user(self.consultant_user).read(["total_amount"])

    def test_cost_rates_stay_in_their_company(self):
        other = self.env["res.company"].create({"name": "Meridian UK"})
        emp = self.env["hr.employee"].create({"name": "Olly", "company_id": other.id})
        foreign = self.env["ps.cost.rate"].create(
            {"employee_id": emp.id, "date_from": D(2026, 1, 1), "hourly_cost": 30.0}
        )
        manager = new_test_user(
            self.env,
            login="cost-mgr",
            groups="base.group_user,ps_costing.group_cost_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        visible = self.env["ps.cost.rate"].with_user(manager).search([])
        self.assertIn(self.jane_rate, visible)
        self.assertNotIn(foreign, visible)

    def test_cost_manager_without_hr_rights_manages_rates(self):
        """ "Manage cost rates" alone, no HR rights: the Engagements app shows
        Costs > Cost Rates, a new rate can be given any person of the user's
        companies, and an overlap is refused with its message (naming the
        person), not with an access error on ps_costing's private HR fields."""
        manager = self.user_without_email("cost-mgr", ["ps_costing.group_cost_manager"])
        self.assertFalse(manager.has_group("hr.group_hr_user"))
        menus = self.env["ir.ui.menu"].with_user(manager)._visible_menu_ids()
        for xmlid in (
            "ps_billing_rules.ps_billing_menu_root",
            "ps_costing.ps_costing_menu",
            "ps_costing.ps_cost_rate_menu",
        ):
            self.assertIn(self.env.ref(xmlid).id, menus, xmlid)
        Rate = self.env["ps.cost.rate"].with_user(manager)
        # the person picker of a new rate (no company until a person is
        # picked) is not limited to people of the rate's empty company
        picker = Rate.fields_get(["employee_id"], ["domain"])["employee_id"]["domain"]
        self.assertNotIn("company_id", str(picker))
        people = self.env["hr.employee"].with_user(manager).name_search("Jane")
        self.assertEqual([p[0] for p in people], [self.jane.id])
        with self.assertRaisesRegex(ValidationError, "Cost rate of Jane .* overlaps the rate"):
            Rate.create(
                {"employee_id": self.jane.id, "date_from": D(2026, 9, 1), "hourly_cost": 70.0}
            )
        # and private HR fields stay private to them
        with self.assertRaises(AccessError):
            self.jane.with_user(manager).read(["ps_employment_type"])
        self.assertEqual(self.jane.with_user(manager).name, self.jane.name)
