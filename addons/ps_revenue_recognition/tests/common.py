# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import contextlib

from odoo import Command

from odoo.addons.ps_billing_rules.tests.common import BillingCase, D
from odoo.addons.queue_job.job import Job

__all__ = ["D", "RevenueCase"]


class RevenueCase(BillingCase):
    """BillingCase's firm, with its revenue recognition accounts configured."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Account = cls.env["account.account"]
        cls.revenue_account = cls.company_data["default_account_revenue"]
        cls.deferred_account = Account.create(
            {"name": "Deferred revenue", "code": "240100", "account_type": "liability_current"}
        )
        cls.unbilled_account = Account.create(
            {"name": "Unbilled receivable", "code": "125100", "account_type": "asset_current"}
        )
        cls.company.write(
            {
                "ps_revenue_journal_id": cls.company_data["default_journal_misc"].id,
                "ps_revenue_account_id": cls.revenue_account.id,
                "ps_deferred_revenue_account_id": cls.deferred_account.id,
                "ps_unbilled_revenue_account_id": cls.unbilled_account.id,
            }
        )
        cls.Obligation = cls.env["ps.revenue.obligation"]

    @contextlib.contextmanager
    def assertRefused(self, exception, regex):
        """Like assertRaisesRegex, and the refused change is rolled back as
        the RPC call's transaction would be."""
        with self.assertRaisesRegex(exception, regex), self.env.cr.savepoint():
            yield
        self.env.invalidate_all()

    def obligation(self, engagement=None, **vals):
        values = {
            "engagement_id": (engagement or self.engagement).id,
            "name": "Obligation",
            "method": "ratable",
            "date_start": D(2026, 1, 1),
            "date_end": D(2026, 12, 31),
            "standalone_price": 1000.0,
        }
        values.update(vals)
        return self.Obligation.create(values)

    def invoice(self, amount, day, engagement=None, refund=False):
        """A posted customer invoice (or credit note) of the engagement."""
        engagement = engagement or self.engagement
        move = self.env["account.move"].create(
            {
                "move_type": "out_refund" if refund else "out_invoice",
                "partner_id": engagement.partner_id.id,
                "invoice_date": day,
                "currency_id": engagement.currency_id.id,
                "ps_engagement_id": engagement.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.service.id,
                            "name": "Services",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        self.assertEqual(move.invoice_line_ids.account_id, self.revenue_account)
        return move

    def recognise(self, date_to, company=None, engagements=None):
        run = self.env["ps.revenue.run"].create(
            {
                "company_id": (company or self.company).id,
                "date_to": date_to,
                "engagement_ids": [Command.set(engagements.ids)] if engagements else False,
            }
        )
        run.action_start()
        for line in run.line_ids:
            Job.load(self.env, line.sudo().job_id.uuid).perform()
        return run

    def entry_lines(self, move):
        """{(role, obligation name or ''): debit-positive amount} of an entry."""
        return {
            (line.ps_revenue_role, line.ps_obligation_id.name or ""): line.balance
            for line in move.line_ids
        }

    def gl(self, account, engagement=None):
        """Debit-positive balance of ``account`` for the engagement's items."""
        lines = self.env["account.move.line"].search(
            [
                ("account_id", "=", account.id),
                ("parent_state", "=", "posted"),
                ("ps_line_engagement_id", "=", (engagement or self.engagement).id),
            ]
        )
        return round(sum(lines.mapped("balance")), 2)
