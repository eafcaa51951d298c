# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError

from .common import D, IntercompanyCase


@freeze_time("2026-04-10")
class TestMarginPerEntity(IntercompanyCase):
    def test_receiver_cost_includes_the_charge_and_provider_shows_revenue_against_cost(self):
        self.bob.hourly_cost = 50.0  # a US consultant: USD
        self.ingest_ok([self.time("M1", self.bob, D(2026, 3, 2), 4)])
        self.ingest_uk([self.ann_time("M2", D(2026, 3, 2), 8)])
        self.bill()
        self.charge()
        eng = self.engagement
        self.env.invalidate_all()
        # billed: Bob 4 h x 140 + Ann 8 h x 180 = 2,000 USD
        self.assertEqual(eng.cap_amount_used, 2000.0)
        self.assertEqual(eng.ps_own_time_cost, 200.0)  # Bob only: 4 h x 50
        # Ann is charged 8 h x 66 GBP = 528 GBP = 660 USD (not her cost in the UK)
        self.assertEqual(eng.ps_ic_cost, 660.0)
        self.assertEqual(eng.ps_margin, 1140.0)
        # the providing entity on the engagement, in USD: 660 revenue against
        # Ann's 8 h x 60 GBP = 480 GBP = 600 USD; the group: 2,000 - 200 - 600
        self.assertEqual(
            (eng.ps_ic_provider_cost, eng.ps_ic_provider_margin, eng.ps_group_margin),
            (600.0, 60.0, 1200.0),
        )
        self.assertEqual(eng.ps_margin + eng.ps_ic_provider_margin, eng.ps_group_margin)
        # the UK entity: 528 GBP revenue against Ann's 8 h x 60 GBP
        agreement = self.agreement
        self.assertEqual(
            (agreement.revenue_charged, agreement.consultant_cost, agreement.provider_margin),
            (528.0, 480.0, 48.0),
        )

    def test_costs_ask_the_hourly_cost_of_each_day(self):
        """Margins cost an hour by ``_ps_hourly_cost_at`` (the costing addon's
        effective-dated rates), never by the flat hourly cost."""
        self.ingest_ok([self.time("M3", self.bob, D(2026, 3, 2), 2)])
        self.ingest_uk([self.ann_time("M4", D(2026, 3, 2), 8)])
        self.bill()
        self.charge()
        Employee = type(self.env["hr.employee"])
        costs = {self.bob: 70.0, self.ann: 50.0}

        def cost_at(employee, day):
            return costs.get(employee, 0.0), employee.currency_id

        with patch.object(Employee, "_ps_hourly_cost_at", cost_at):
            self.env.invalidate_all()
            eng = self.engagement
            self.assertEqual(eng.ps_own_time_cost, 140.0)  # 2 h x 70 USD
            self.assertEqual(eng.ps_ic_provider_cost, 500.0)  # 8 h x 50 GBP = 400 GBP

    def test_the_providers_cost_is_for_accounting_managers(self):
        """A project user of the receiver reads its engagement's margin, not
        what the provider's consultants cost it."""
        self.ingest_uk([self.ann_time("M5", D(2026, 3, 2), 8)])
        self.bill()
        self.charge()
        pm = self.env["res.users"].create(
            {
                "name": "US PM",
                "login": "ic-margin-pm",
                "company_id": self.us.id,
                "company_ids": [(6, 0, self.us.ids)],
                "groups_id": [(6, 0, self.env.ref("project.group_project_user").ids)],
            }
        )
        self.env.invalidate_all()
        engagement = self.engagement.with_user(pm)
        [row] = engagement.read(["ps_ic_cost", "ps_margin"])
        self.assertEqual((row["ps_ic_cost"], row["ps_margin"]), (660.0, 780.0))
        self.assertNotIn("ps_ic_provider_cost", engagement.fields_get())
        with self.assertRaises(AccessError):
            engagement.read(["ps_ic_provider_cost"])
