# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import xmlrpc.client

from odoo.tests import HttpCase, tagged

from .sync_common import OpsSyncMixin, SyncFixtures


@tagged("post_install", "-at_install")
class TestAlertRpcAccess(OpsSyncMixin, SyncFixtures, HttpCase):
    """Every public method is an RPC endpoint: over XML-RPC, the rules'
    evaluation and the webhook job are private, rules are evaluated by sync
    managers only and alerts change through their actions only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_sync_env()
        cls.company_us = cls.setup_sync_company("Ops RPC Inc. (test)", "base.USD")
        cls.backend = cls.setup_sync_backend(cls.company_us, "t-ops-rpc", "Ops RPC CRM")
        cls.setup_sync_users(cls.company_us)
        cls.setup_ops()

    def call(self, login, model, method, *args):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
        self.assertTrue(uid, login)
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, login, model, method, list(args)
        )

    def refused(self, regex, login, model, method, *args):
        with (
            self.subTest(login=login, method=method),
            self.assertRaisesRegex(xmlrpc.client.Fault, regex),
        ):
            self.call(login, model, method, *args)

    def test_rpc(self):
        self.message("failed", 5, ext="A")
        alert = self.evaluate(self.failed_rule)
        rule_id = self.failed_rule.id
        for method, args in (
            ("_evaluate", [[rule_id], "2026-01-01 00:00:00"]),
            ("_cron_evaluate", []),
        ):
            self.refused("Private methods", "t_manager", "ps.alert.rule", method, *args)
        self.refused(
            "Private methods", "t_manager", "ps.alert", "_ps_send_webhook", [alert.id], "opened", {}
        )
        self.refused("may not evaluate", "t_finance", "ps.alert.rule", "action_evaluate", [rule_id])
        self.refused(
            "may not change state",
            "t_finance",
            "ps.alert",
            "write",
            [alert.id],
            {"state": "closed"},
        )
        self.refused(
            "not allowed|may not", "t_integration", "ps.alert", "action_acknowledge", [alert.id]
        )
        self.assertTrue(self.call("t_manager", "ps.alert.rule", "action_evaluate", [rule_id]))
        self.assertTrue(self.call("t_finance", "ps.alert", "action_acknowledge", [alert.id]))
        self.assertEqual(alert.state, "acknowledged")
