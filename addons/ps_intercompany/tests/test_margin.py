# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

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
        # the UK entity: 528 GBP revenue against Ann's 8 h x 60 GBP
        agreement = self.agreement
        self.assertEqual(
            (agreement.revenue_charged, agreement.consultant_cost, agreement.provider_margin),
            (528.0, 480.0, 48.0),
        )
