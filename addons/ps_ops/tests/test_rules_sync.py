# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .sync_common import OpsSyncMixin, SyncCase


@tagged("post_install", "-at_install")
class TestSyncRules(OpsSyncMixin, SyncCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_ops()

    def test_failed_messages_per_backend_and_object(self):
        rule = self.failed_rule
        self.message("failed", 5, ext="A")
        self.message("dead", 6, ext="B")
        self.message("failed", 3, ext="young")  # younger than 4 h: not counted
        self.message("failed", 5, object_name="timesheet", ext="T")
        self.message("done", 9, ext="fine")
        alerts = self.evaluate(rule)
        self.assertEqual(len(alerts), 2)
        partner = alerts.filtered(lambda a: a.subject_key.endswith("/partner"))
        self.assertEqual(partner.count, 2)
        self.assertEqual((partner.res_model, partner.res_id), ("ps.sync.backend", self.backend.id))
        self.assertEqual(partner.company_id, self.company_us)
        self.assertIn("1 dead", partner.name)
        self.assertAlmostEqual(partner.value, 6.0, delta=0.1)
        # next check: no duplicate
        self.assertEqual(self.evaluate(rule), alerts)

    def test_failed_messages_threshold_and_clearing(self):
        rule = self.failed_rule
        logs = self.message("failed", 3.9, ext="A") | self.message("dead", 3.9, ext="B")
        self.assertFalse(self.evaluate(rule), "just below 4 hours")
        rule.threshold = 3.8
        alert = self.evaluate(rule)
        self.assertEqual(alert.count, 2)
        logs.write({"state": "resolved"})
        self.evaluate(rule)
        self.assertEqual(alert.state, "closed")

    def test_backend_stale(self):
        rule = self.stale_rule
        self.message("done", 1.5, ext="old")
        now = fields.Datetime.now()
        alerts = self.evaluate(rule, now)
        self.assertEqual(
            alerts.mapped("res_id"), [self.backend.id], "the UK backend is not watched"
        )
        self.assertAlmostEqual(alerts.value, 90.0, delta=1)
        rule.threshold = 91
        self.evaluate(rule, now)
        self.assertEqual(alerts.state, "closed", "90 minutes is below 91")
        rule.threshold = 60
        self.evaluate(rule, now)
        self.assertEqual((alerts.state, alerts.reopen_count), ("open", 1))
        # a successful message now: cleared
        self.message("skipped", ext="new")
        self.evaluate(rule, now + timedelta(seconds=1))
        self.assertEqual(alerts.state, "closed")

    def test_backend_never_successful_counts_from_its_creation(self):
        rule = self.stale_rule
        created = self.backend.create_date
        self.assertFalse(self.evaluate(rule, created + timedelta(minutes=59)))
        self.assertTrue(self.evaluate(rule, created + timedelta(minutes=61)))

    def test_a_failing_condition_stops_no_other_rule(self):
        self.message("failed", 5, ext="A")
        self.stale_rule.write({"next_check": False})
        self.failed_rule.write({"next_check": False})
        self.env["ps.alert.rule"].search(
            [("id", "not in", (self.stale_rule | self.failed_rule).ids)]
        ).write({"next_check": fields.Datetime.now() + timedelta(days=1)})

        def boom(self, rule, now):
            raise ValueError("condition broke")

        with self.patch_condition("_ps_alert_backend_stale", boom):
            self.env["ps.alert.rule"]._cron_evaluate()
        self.assertIn("condition broke", self.stale_rule.last_error)
        self.assertTrue(self.Alert.search([("rule_id", "=", self.failed_rule.id)]))
        self.assertFalse(self.failed_rule.last_error)
        self.assertTrue(self.failed_rule.next_check > fields.Datetime.now())

    def patch_condition(self, name, function):
        from unittest.mock import patch

        cls = type(self.env["ps.alert.condition.sync"])
        original = getattr(cls, name)
        function.__dict__.update(original.__dict__)
        return patch.object(cls, name, function)
