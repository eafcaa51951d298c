# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import Command

from .common import AnalyticsCase, D

MEASURES = ["to_recognise:sum", "to_bill:sum"]


@freeze_time("2026-02-10")
class TestBacklog(AnalyticsCase):
    """A 12,000 fixed price for a year of support (ratable, standalone price
    9,000) and a go-live milestone (point in time, 3,000, expected by 30
    September), billed in two instalments of 4,500 (1 February, 1 July) and
    the milestone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eng, _project = cls.make_engagement("ACME-FIX", bill_time=False)
        cls.eng.write(
            {
                "ps_transaction_price": 12000.0,
                "schedule_ids": [
                    Command.create({"date": D(2026, 2, 1), "name": "First half", "amount": 4500.0}),
                    Command.create(
                        {"date": D(2026, 7, 1), "name": "Second half", "amount": 4500.0}
                    ),
                ],
                "milestone_ids": [Command.create({"name": "Go-live", "amount": 3000.0})],
            }
        )
        cls.support = cls.Obligation.create(
            {
                "engagement_id": cls.eng.id,
                "name": "Support",
                "method": "ratable",
                "date_start": D(2026, 1, 1),
                "date_end": D(2026, 12, 31),
                "standalone_price": 9000.0,
            }
        )
        cls.golive = cls.Obligation.create(
            {
                "engagement_id": cls.eng.id,
                "name": "Go-live",
                "method": "point_in_time",
                "milestone_id": cls.eng.milestone_ids.id,
                "date_start": D(2026, 1, 1),
                "date_end": D(2026, 9, 30),
                "standalone_price": 3000.0,
            }
        )

    def by_quarter(self, user=None):
        rows = self.group(
            "ps.analytics.backlog",
            [("engagement_id", "=", self.eng.id)],
            MEASURES,
            ["date:quarter"],
            user=user,
        )
        return {r["date:quarter"]: (r["to_recognise"], r["to_bill"]) for r in rows}

    def test_remaining_obligations_by_quarter_and_not_billed(self):
        # nothing recognised nor billed yet: the whole contract is ahead
        totals = self.totals(
            "ps.analytics.backlog", [("engagement_id", "=", self.eng.id)], MEASURES
        )
        self.assertEqual(totals, {"to_recognise": 12000.0, "to_bill": 12000.0})
        # January recognised: 9,000 x 31 / 365 = 764.38; the first instalment billed
        self.recognise(D(2026, 1, 31), engagements=self.eng)
        self.bill(self.eng, date_to=D(2026, 2, 28))
        # ratable by daily proration of the cumulative: end of March 9,000 x 90 / 365 =
        # 2,219.18, June x 181 = 4,463.01, September x 273 = 6,731.51, December 9,000;
        # the go-live (3,000) on its expected acceptance, 30 September
        self.assertEqual(
            self.by_quarter(user=self.finance_user),
            {
                "Q1 2026": (round(2219.18 - 764.38, 2), 0.0),
                "Q2 2026": (round(4463.01 - 2219.18, 2), 0.0),
                "Q3 2026": (round(6731.51 - 4463.01 + 3000.0, 2), 4500.0 + 3000.0),
                "Q4 2026": (round(9000.0 - 6731.51, 2), 0.0),
            },
        )
        # the milestone accepted in March: recognised in March, billed by the next run
        self.eng.milestone_ids.action_accept(D(2026, 3, 5))
        quarters = self.by_quarter()
        self.assertEqual(quarters["Q1 2026"], (round(2219.18 - 764.38 + 3000.0, 2), 3000.0))
        self.assertEqual(quarters["Q3 2026"], (round(6731.51 - 4463.01, 2), 4500.0))

    def test_drilldown_and_time_and_materials_left_out(self):
        self.Obligation.create(
            {
                "engagement_id": self.engagement.id,
                "name": "Advisory",
                "method": "time_material",
                "date_start": D(2026, 1, 1),
                "date_end": D(2026, 12, 31),
            }
        )
        totals = self.totals(
            "ps.analytics.backlog", [("engagement_id", "=", self.engagement.id)], MEASURES
        )
        self.assertEqual(totals, {"to_recognise": 0.0, "to_bill": 0.0})
        rows = self.env["ps.analytics.backlog"].search(
            [("engagement_id", "=", self.eng.id), ("kind", "=", "milestone")]
        )
        action = rows.action_ps_open_records()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            ("ps.engagement.milestone", self.eng.milestone_ids.id),
        )
