# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import psycopg2

from odoo.tools import mute_logger

from .common import CostingCase, D


class TestPayrollCost(CostingCase):
    def test_variance_spread_over_the_period_time(self):
        """Bob costs 40/h; in March he logs 10 h on 2 March and 10 h on
        20 March (800 at cost rates); payroll paid 1000: variance 200, spread
        as 10.00 an hour when the company spreads it."""
        self.ingest_ok(
            [
                self.time("B-1", self.bob, D(2026, 3, 2), 10),
                self.time("B-2", self.bob, D(2026, 3, 20), 10),
            ]
        )
        Payroll = self.env["ps.payroll.cost"]
        row = Payroll.create(
            {
                "employee_id": self.bob.id,
                "date_from": D(2026, 3, 1),
                "date_to": D(2026, 3, 31),
                "amount": 1000.0,
            }
        )
        self.assertEqual((row.hours, row.rate_cost, row.variance), (20.0, 800.0, 200.0))
        self.assertFalse(row.spread)
        self.assertEqual(row.variance_per_hour, 0.0)
        self.company.ps_payroll_variance_spread = True
        # a rate change inside the month: 40 to 15 March, 50 from 16 March
        self.bob_rate.date_to = D(2026, 3, 15)
        self.env["ps.cost.rate"].create(
            {"employee_id": self.bob.id, "date_from": D(2026, 3, 16), "hourly_cost": 50.0}
        )
        # 10 h at 40 + 10 h at 50 = 900; 1000 - 900 = 100 over 20 h
        self.assertEqual((row.rate_cost, row.variance, row.spread), (900.0, 100.0, True))
        self.assertEqual(row.variance_per_hour, 5.0)

    def test_periods_of_one_person_never_overlap(self):
        Payroll = self.env["ps.payroll.cost"]
        Payroll.create(
            {
                "employee_id": self.bob.id,
                "date_from": D(2026, 3, 1),
                "date_to": D(2026, 3, 31),
                "amount": 10.0,
            }
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.ExclusionViolation):
            Payroll.create(
                {
                    "employee_id": self.bob.id,
                    "date_from": D(2026, 3, 31),
                    "date_to": D(2026, 4, 30),
                    "amount": 10.0,
                }
            )

    def test_fields_of_the_costing_and_analytics_models_have_distinct_labels(self):
        """A form shows a field by its label: two alike (Odoo warns of them at
        install) read as one, e.g. the payroll cost's two currencies."""
        for model in self.env["ir.model"].search([("model", "=like", "ps.%")]):
            if not {"ps_costing", "ps_analytics"} & set(model.modules.split(", ")):
                continue
            labels = {}
            for field in self.env[model.model]._fields.values():
                with self.subTest(model=model.model, field=field.name):
                    self.assertNotIn(field.string, labels)
                labels.setdefault(field.string, field.name)
        fields = self.env["ps.payroll.cost"]._fields
        self.assertEqual(
            (fields["currency_id"].string, fields["company_currency_id"].string),
            ("Currency", "Company Currency"),
        )
