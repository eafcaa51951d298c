# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Public methods are the XML-RPC surface: only accounting managers start or
reverse recognition runs, and nobody calls the job body over RPC."""

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.ps_billing_rules.tests.common import RpcUsersMixin

from .common import D, RevenueCase


@tagged("post_install", "-at_install")
class TestRevenueRpcAccess(RpcUsersMixin, RevenueCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rpc_user("rpc-invoicing", "base.group_user,account.group_account_invoice")
        cls.rpc_user("rpc-accountant", "base.group_user,account.group_account_manager")
        cls.engagement.ps_transaction_price = 1200.0
        cls.Obligation.create(
            {
                "engagement_id": cls.engagement.id,
                "name": "Support",
                "method": "ratable",
                "standalone_price": 1200.0,
                "date_start": D(2026, 1, 1),
                "date_end": D(2026, 12, 31),
            }
        )
        cls.revenue_run = cls.env["ps.revenue.run"].create(
            {
                "company_id": cls.company.id,
                "date_to": D(2026, 1, 31),
                "engagement_ids": [Command.set(cls.engagement.ids)],
            }
        )

    def test_only_accounting_managers_trigger_recognition(self):
        line = self.env["ps.revenue.run.line"].create(
            {"run_id": self.revenue_run.id, "engagement_id": self.engagement.id}
        )
        run, eng = [self.revenue_run.id], [self.engagement.id]
        for login in (*self.outsiders, "rpc-invoicing"):
            self.assertRpcRefused(
                login,
                [
                    ("Only accounting managers", "ps.revenue.run", "action_start", run),
                    ("Only accounting managers", "ps.revenue.run", "action_reverse", run),
                    ("Private methods", "ps.revenue.run.line", "_run_recognition", [line.id]),
                    ("does not exist", "ps.revenue.run.line", "run_recognition", [line.id]),
                    ("Private methods", "ps.engagement", "_ps_recognise", eng, "2026-01-31"),
                ],
            )
        self.assertRpcRefused(
            "rpc-project-user",
            [
                (
                    "Only invoicing users",
                    "ps.revenue.obligation",
                    "action_regenerate_schedule",
                    self.engagement.ps_obligation_ids.ids,
                )
            ],
        )
        self.env.invalidate_all()
        self.assertEqual(self.revenue_run.state, "draft")
        self.assertFalse(
            self.env["account.move"].search(
                [("ps_engagement_id", "=", self.engagement.id), ("ps_revenue_entry", "=", True)]
            )
        )
        # an accounting manager starts it: the private job is queued
        self.call("rpc-accountant", "ps.revenue.run", "action_start", [self.revenue_run.id])
        self.env.invalidate_all()
        self.assertEqual(self.revenue_run.state, "running")
        self.assertEqual(
            set(self.revenue_run.sudo().line_ids.job_id.mapped("method_name")), {"_run_recognition"}
        )
