# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import psycopg2

from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from .common import CostingCase, D


class TestCostRates(CostingCase):
    def test_rate_change_inside_a_month(self):
        """Jane costs 50/h to 15 March and 60/h from 16 March: 8 h on the
        10th cost 400, 8 h on the 20th cost 480, whichever was logged first."""
        late = self.entry(self.ingest_ok([self.time("T-20", self.jane, D(2026, 3, 20), 8)])[0])
        self.assertEqual(late.amount, -400.0)  # one rate so far
        self.jane_rate.date_to = D(2026, 3, 15)
        new = self.env["ps.cost.rate"].create(
            {"employee_id": self.jane.id, "date_from": D(2026, 3, 16), "hourly_cost": 60.0}
        )
        early = self.entry(self.ingest_ok([self.time("T-10", self.jane, D(2026, 3, 10), 8)])[0])
        self.assertEqual(early.amount, -400.0)
        self.assertEqual(early.ps_cost_rate_id, self.jane_rate)
        self.assertEqual(late.amount, -480.0)  # re-costed by the new rate
        self.assertEqual(late.ps_cost_rate_id, new)
        self.assertEqual(late.ps_cost_kind, "employee")
        # the day decides: moving the entry before the change costs it at 50
        late.sudo().write({"date": D(2026, 3, 13)})
        self.assertEqual(late.amount, -400.0)
        self.assertEqual(late.ps_cost_rate_id, self.jane_rate)
        # intercompany and margins ask the same question
        self.assertEqual(self.jane._ps_hourly_cost_at(D(2026, 3, 15))[0], 50.0)
        self.assertEqual(self.jane._ps_hourly_cost_at(D(2026, 3, 16))[0], 60.0)
        self.assertIsNone(self.jane._ps_hourly_cost_at(D(2025, 12, 31))[0])

    def test_overlap_refused_by_python_and_by_postgresql(self):
        with self.assertRaisesRegex(ValidationError, "overlaps"):
            self.env["ps.cost.rate"].create(
                {"employee_id": self.jane.id, "date_from": D(2026, 6, 1), "hourly_cost": 70.0}
            )
        # two writers that both passed the Python check: PostgreSQL refuses the second
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.ExclusionViolation),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "INSERT INTO ps_cost_rate (employee_id, company_id, date_from, hourly_cost, "
                "currency_id) VALUES (%s, %s, '2026-06-01', 70, %s)",
                [self.jane.id, self.company.id, self.company.currency_id.id],
            )

    def test_locked_period_keeps_its_cost(self):
        """February is locked: a new rate from March re-costs March only, and
        the rate that costed February cannot change its amount any more."""
        feb = self.entry(self.ingest_ok([self.time("T-F", self.jane, D(2026, 2, 10), 8)])[0])
        mar = self.entry(self.ingest_ok([self.time("T-M", self.jane, D(2026, 3, 10), 8)])[0])
        self.company.fiscalyear_lock_date = D(2026, 2, 28)
        # closing the open-ended rate and starting a new one is allowed
        self.jane_rate.date_to = D(2026, 3, 4)
        self.env["ps.cost.rate"].create(
            {"employee_id": self.jane.id, "date_from": D(2026, 3, 5), "hourly_cost": 75.0}
        )
        self.assertEqual(feb.amount, -400.0)
        self.assertEqual(mar.amount, -600.0)
        with self.assertRaisesRegex(ValidationError, "locked period"):
            self.jane_rate.hourly_cost = 55.0
        with self.assertRaisesRegex(ValidationError, "locked period"):
            self.jane_rate.date_from = D(2026, 2, 15)
        with self.assertRaisesRegex(ValidationError, "locked period"):
            self.jane_rate.unlink()
        self.assertEqual(feb.amount, -400.0)

    def test_rate_in_another_currency_converted_at_the_day(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": eur.id,
                "name": "2026-03-01",
                "rate": 0.8,
                "company_id": self.company.id,
            }
        )
        self.jane_rate.unlink()
        self.env["ps.cost.rate"].create(
            {
                "employee_id": self.jane.id,
                "date_from": D(2026, 3, 1),
                "hourly_cost": 40.0,
                "currency_id": eur.id,
            }
        )
        line = self.entry(self.ingest_ok([self.time("T-E", self.jane, D(2026, 3, 10), 2)])[0])
        # 40 EUR at 0.8 EUR per USD = 50 USD an hour
        self.assertAlmostEqual(line.amount, -100.0, places=2)
        # no rate on that day: the time is refused (its cost is unknown)
        res = self.ingest([self.time("T-X", self.jane, D(2026, 2, 10), 2)])
        self.assertEqual(res[0]["status"], "rejected")
        self.assertIn("no cost rate on 2026-02-10", res[0]["message"])

    def test_subcontractor_time_is_costed_at_the_buy_rate(self):
        line = self.entry(self.ingest_ok([self.time("T-S", self.sam, D(2026, 3, 10), 5)])[0])
        self.assertEqual(line.amount, -400.0)
        self.assertEqual(line.ps_cost_kind, "subcontractor")
        self.assertEqual(line.ps_cost_rate_id, self.sam_rate)
