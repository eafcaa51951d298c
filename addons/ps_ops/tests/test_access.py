# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .sync_common import OpsSyncMixin, SyncCase


@tagged("post_install", "-at_install")
class TestAlertAccess(OpsSyncMixin, SyncCase):
    """Finance reviewers and sync users see the alerts of their companies only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_ops()

    def test_alerts_of_own_companies_only(self):
        self.message("failed", 5, ext="US")
        self.message("failed", 5, backend=self.backend_uk, ext="UK")
        alerts = self.evaluate(self.failed_rule)
        us = alerts.filtered(lambda a: a.company_id == self.company_us)
        uk = alerts - us
        self.assertEqual((len(us), len(uk)), (1, 1))
        for user in (self.finance_user, self.sync_user):
            with self.subTest(user=user.login):
                seen = self.Alert.with_user(user).search([("rule_id", "=", self.failed_rule.id)])
                self.assertEqual(seen, us)
                with self.assertRaises(AccessError):
                    uk.with_user(user).read(["name"])
                with self.assertRaises(AccessError):
                    uk.with_user(user).action_acknowledge()
        seen = self.Alert.with_user(self.manager_user).search(
            [("rule_id", "=", self.failed_rule.id)]
        )
        self.assertEqual(seen, alerts, "the manager works for both entities")

    def test_others_see_no_alert(self):
        self.message("failed", 5, ext="US")
        self.evaluate(self.failed_rule)
        for user in (self.plain_user, self.integration_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Alert.with_user(user).search([])
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["ps.alert.rule"].with_user(user).search([])

    def test_webhook_secret_is_for_administrators(self):
        self.failed_rule.webhook_secret = "hidden"
        with self.assertRaises(AccessError):
            self.failed_rule.with_user(self.manager_user).read(["webhook_secret"])
