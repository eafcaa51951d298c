# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Public methods are the XML-RPC surface: a user without the invoicing
group cannot start a billing run nor call its job body."""

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import BillingCase, D, RpcUsersMixin


@tagged("post_install", "-at_install")
class TestBillingRpcAccess(RpcUsersMixin, BillingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rpc_user("rpc-biller", "base.group_user,account.group_account_invoice")
        cls.billing_run = cls.env["ps.billing.run"].create(
            {
                "company_id": cls.company.id,
                "date_to": D(2026, 3, 31),
                "engagement_ids": [Command.set(cls.engagement.ids)],
            }
        )

    def test_users_without_the_invoicing_group_cannot_bill(self):
        self.ingest_ok([self.time("RPC1", self.bob, D(2026, 3, 2), 4)])
        self.line = self.env["ps.billing.run.line"].create(
            {"run_id": self.billing_run.id, "engagement_id": self.engagement.id}
        )
        line = [self.line.id]
        for login in self.outsiders:
            self.assertRpcRefused(
                login,
                [
                    (
                        "Only invoicing users start billing runs",
                        "ps.billing.run",
                        "action_start",
                        [self.billing_run.id],
                    ),
                    # the job body is private: not callable over RPC by anyone
                    ("Private methods", "ps.billing.run.line", "_run_billing", line),
                    ("does not exist", "ps.billing.run.line", "run_billing", line),
                    (
                        "Private methods",
                        "ps.engagement",
                        "_bill",
                        [self.engagement.id],
                        "2026-03-31",
                    ),
                ],
            )
        self.assertRpcRefused(
            "rpc-biller", [("Private methods", "ps.billing.run.line", "_run_billing", line)]
        )
        self.env.invalidate_all()
        self.assertEqual(self.billing_run.state, "draft")
        self.assertFalse(self.engagement.trace_ids)
        self.assertFalse(
            self.env["account.move"].search([("ps_engagement_id", "=", self.engagement.id)])
        )
        # an invoicing user starts the run: one job is queued for the engagement
        self.call("rpc-biller", "ps.billing.run", "action_start", [self.billing_run.id])
        self.env.invalidate_all()
        self.assertEqual(self.billing_run.state, "running")
        self.assertEqual(
            set(self.billing_run.sudo().line_ids.job_id.mapped("method_name")), {"_run_billing"}
        )
