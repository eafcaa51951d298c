# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command

from odoo.addons.ps_billing_rules.tests.common import BillingCase, D


class CostingCase(BillingCase):
    """The billing firm with cost rates: Jane costs 50/h from 1 January,
    Bob 40/h; a subcontractor vendor and its consultant Sam (buy rate 80/h)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rate = cls.env["ps.cost.rate"]
        cls.jane_rate = Rate.create(
            {"employee_id": cls.jane.id, "date_from": D(2026, 1, 1), "hourly_cost": 50.0}
        )
        cls.bob_rate = Rate.create(
            {"employee_id": cls.bob.id, "date_from": D(2026, 1, 1), "hourly_cost": 40.0}
        )
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Northwind Contractors", "is_company": True}
        )
        cls.sam = cls.env["hr.employee"].create(
            {
                "name": "Sam Contractor",
                "job_id": cls.consultant.id,
                "work_email": "sam@northwind.example",
                "company_id": cls.company.id,
                "ps_employment_type": "contractor",
                "ps_vendor_id": cls.vendor.id,
            }
        )
        cls.sam_rate = Rate.create(
            {"employee_id": cls.sam.id, "date_from": D(2026, 1, 1), "hourly_cost": 80.0}
        )
        cls.meal = cls.env["product.product"].create(
            {
                "name": "Travel and meals",
                "default_code": "EXP_TRAVEL",
                "can_be_expensed": True,
                "standard_price": 0.0,
                "type": "service",
                "supplier_taxes_id": [Command.clear()],
                "taxes_id": [Command.clear()],
            }
        )

    def ingest_object(self, object_name, records):
        return self.env["ps.sync.backend"].sudo().ingest("t-timetool", object_name, records)

    def ingest_object_ok(self, object_name, records):
        res = self.ingest_object(object_name, records)
        bad = [r for r in res if r["status"] == "rejected"]
        self.assertFalse(bad, bad)
        return res

    def entry(self, res):
        return self.env["account.analytic.line"].browse(res["res_id"])
