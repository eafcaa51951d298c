# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Browser tours of the margin report, as a project manager and as finance:
the JS tours are in static/tests/tours/ps_analytics_tours.js. Skipped, with
the reason, where Chromium or the web client's libraries are missing
(README.md > Browser tours)."""

from odoo.tests import tagged

from odoo.addons.ps_sync_core.tests.common import TourCase

from .common import AnalyticsCase, D


@tagged("post_install", "-at_install")
class TestMarginTours(AnalyticsCase, TourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rate = cls.env["ps.cost.rate"]
        Rate.create({"employee_id": cls.bob.id, "date_from": D(2026, 1, 1), "hourly_cost": 50.0})
        Rate.create({"employee_id": cls.jane.id, "date_from": D(2026, 1, 1), "hourly_cost": 80.0})
        cls.pm = cls.analytics_user("t_pm_tour", "project.group_project_manager")
        cls.finance = cls.analytics_user("t_finance_tour", "account.group_account_invoice")
        cls.assertFalse(cls, cls.pm.has_group("ps_costing.group_cost_rate_reader"))

    def setUp(self):
        super().setUp()
        self.ingest_ok(
            [
                self.time("M-1", self.bob, D(2026, 3, 2), 4),
                self.time("M-2", self.jane, D(2026, 3, 3), 2),
            ]
        )

    def test_project_manager_reads_the_totals_by_role(self):
        self.start_tour("/odoo", "ps_analytics_pm_margin_totals", login=self.pm.login)

    def test_finance_opens_the_records_behind_the_cost(self):
        self.start_tour("/odoo", "ps_analytics_finance_margin_drilldown", login=self.finance.login)
