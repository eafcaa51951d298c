# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Public methods are the XML-RPC surface: only invoicing users of the
provider start intercompany runs, nobody calls the job body or the charge,
and only users of both entities change an agreement."""

from odoo.tests import HttpCase, tagged

from odoo.addons.ps_billing_rules.tests.common import RpcUsersMixin

from .common import MARCH_END, D, IntercompanyCase


@tagged("post_install", "-at_install")
class TestIntercompanyRpcAccess(RpcUsersMixin, IntercompanyCase, HttpCase):
    def test_outsiders_cannot_charge_between_entities(self):
        self.ingest_uk([self.ann_time("RPC1", D(2026, 3, 2), 4)])
        run = self.env["ps.intercompany.run"].create(
            {"company_id": self.us.id, "date_to": MARCH_END}
        )
        line = self.env["ps.intercompany.run.line"].create(
            {"run_id": run.id, "receiver_company_id": self.uk.id}
        )
        self.rpc_user("rpc-ic-biller", "base.group_user,account.group_account_invoice")
        for login in (*self.outsiders, "rpc-ic-biller"):
            refusals = [
                ("Private methods", "ps.intercompany.run.line", "_run_charge", [line.id]),
                ("Private methods", "ps.intercompany.run.line", "_charge", [line.id]),
                (
                    "Private methods",
                    "ps.intercompany.agreement",
                    "_ps_ic_charge",
                    [self.agreement.id],
                    "2026-03-31",
                ),
                (
                    "not allowed|Only a user of both",
                    "ps.intercompany.agreement",
                    "write",
                    [self.agreement.id],
                    {"markup_percent": 90.0},
                ),
            ]
            if login != "rpc-ic-biller":
                refusals.append(
                    (
                        "not allowed|Only invoicing users",
                        "ps.intercompany.run",
                        "action_start",
                        [run.id],
                    )
                )
            self.assertRpcRefused(login, refusals)
        self.env.invalidate_all()
        self.assertEqual(run.state, "draft")
        self.assertEqual(self.agreement.markup_percent, 10.0)
        self.assertFalse(self.env["account.move"].search([("ps_ic_agreement_id", "!=", False)]))
