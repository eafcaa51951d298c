# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Browser tours of the cost manager: the JS tours are in
static/tests/tours/ps_costing_tours.js. Skipped, with the reason, where
Chromium or the web client's libraries are missing (README.md > Browser tours)."""

from odoo.tests import tagged

from odoo.addons.ps_sync_core.tests.common import TourCase

from .common import CostingCase, D

URL = "/odoo/action-ps_costing.ps_cost_rate_action"


@tagged("post_install", "-at_install")
class TestCostManagerTours(CostingCase, TourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # "manage cost rates" only: no HR rights; the Engagements app shows
        # them Costs > Cost Rates
        cls.cost_manager = cls.user_without_email(
            "t_cost_tour", ["ps_costing.group_cost_manager"], name="Carla Tour"
        )
        cls.assertFalse(cls, cls.cost_manager.has_group("hr.group_hr_user"))

    def rates_of_jane(self):
        rates = self.env["ps.cost.rate"].search([("employee_id", "=", self.jane.id)])
        return sorted((r.date_from, r.date_to, r.hourly_cost) for r in rates)

    def test_cost_manager_closes_a_rate_and_adds_the_next_one(self):
        self.start_tour(URL, "ps_costing_new_effective_dated_rate", login="t_cost_tour")
        self.assertEqual(
            self.rates_of_jane(),
            [(D(2026, 1, 1), D(2026, 6, 30), 50.0), (D(2026, 7, 1), False, 60.0)],
        )
        new = self.env["ps.cost.rate"].search([("hourly_cost", "=", 60.0)])
        self.assertEqual(new.create_uid, self.cost_manager)

    # the overlap message names the person: read without HR rights, as the
    # cost manager has none (ps_costing's own employee fields are HR-only,
    # so Odoo does not prefetch them for the name)
    def test_cost_manager_sees_the_overlap_refused(self):
        self.start_tour(URL, "ps_costing_overlapping_rate_refused", login="t_cost_tour")
        self.assertEqual(self.rates_of_jane(), [(D(2026, 1, 1), False, 50.0)])
