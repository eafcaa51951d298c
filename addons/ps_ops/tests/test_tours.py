# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Browser tour of a finance reviewer's alerts: the JS tour is in
static/tests/tours/ps_ops_tours.js. Skipped, with the reason, where Chromium
or the web client's libraries are missing (README.md > Browser tours)."""

from datetime import date as D

from odoo import fields
from odoo.tests import tagged

from odoo.addons.ps_sync_core.tests.common import TourCase

from .common import DT, OpsCase


@tagged("post_install", "-at_install")
class TestFinanceAlertTour(OpsCase, TourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance = cls.user_without_email(
            "t_alerts_tour", ["ps_sync_core.group_finance_reviewer"], name="Fiona Alerts"
        )

    def test_finance_reviewer_acknowledges_one_alert_and_snoozes_another(self):
        # March time approved and not invoiced five days after the month
        # closed; the engagement at 91 % of its cap
        self.ingest_ok(
            [
                self.time("T-1", self.jane, D(2026, 3, 10), 8),
                self.time("T-2", self.bob, D(2026, 3, 12), 5),
                self.time("T-3", self.jane, D(2026, 4, 2), 4),
            ]
        )
        self.engagement.cap_amount = 3500.0
        unbilled = self.evaluate(self.rule("unbilled_time", threshold=5), DT(2026, 4, 5, 12))
        cap = self.evaluate(self.rule("engagement_cap", threshold=90), DT(2026, 4, 5, 12))
        self.assertEqual((unbilled.state, cap.state, unbilled.amount), ("open", "open", 2300.0))
        self.start_tour("/odoo", "ps_ops_acknowledge_and_snooze", login=self.finance.login)
        self.assertEqual(
            (unbilled.state, unbilled.acknowledged_by_id), ("acknowledged", self.finance)
        )
        self.assertEqual(cap.state, "snoozed")
        self.assertEqual(cap.snooze_reason, "The customer signs the change order on Monday.")
        self.assertGreater(cap.snoozed_until, fields.Datetime.now())
        self.assertFalse(cap.activity_ids, "the owners' to-do is done, with the reason")
