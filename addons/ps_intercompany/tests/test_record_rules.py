# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError

from .common import MARCH_END, D, IntercompanyCase


@freeze_time("2026-04-10")
class TestRecordRulesBetweenEntities(IntercompanyCase):
    """Users of the provider see their invoice to the receiver and its
    traces (consultant, day, hours, rate), never the receiver's customer,
    engagement, time entries, customer invoices or its bill; and the other
    way round."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        invoicing = cls.env.ref("account.group_account_invoice")
        project_user = cls.env.ref("project.group_project_user")

        def user(login, company, groups):
            return cls.env["res.users"].create(
                {
                    "name": login,
                    "login": login,
                    "email": f"{login}@meridian.example",
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [Command.set(groups.ids)],
                }
            )

        cls.uk_user = user("ic-uk-finance", cls.uk, invoicing | project_user)
        cls.us_user = user("ic-us-finance", cls.us, invoicing | project_user)
        cls.manager_uk = user("ic-uk-manager", cls.uk, cls.env.ref("account.group_account_manager"))

    def setUp(self):
        super().setUp()
        self.entry = self.ingest_uk([self.ann_time("RR1", D(2026, 3, 2), 8)])
        self.customer_invoice = self.bill()
        line = self.charge()
        self.invoice, self.ic_bill = line.move_id, line.bill_id
        self.env.invalidate_all()

    def as_user(self, user, company):
        return self.env(user=user, context=dict(self.env.context, allowed_company_ids=company.ids))

    def test_provider_users_see_the_intercompany_documents_only(self):
        env = self.as_user(self.uk_user, self.uk)
        self.assertFalse(env["ps.engagement"].search([]))
        self.assertFalse(env["account.analytic.line"].search([("id", "=", self.entry.id)]))
        self.assertFalse(env["res.partner"].search([("id", "=", self.customer.id)]))
        moves = env["account.move"].search([])
        self.assertIn(self.invoice, moves)
        self.assertNotIn(self.ic_bill, moves)
        self.assertNotIn(self.customer_invoice, moves)
        for record in (
            env["res.partner"].browse(self.customer.id),
            env["ps.engagement"].browse(self.engagement.id),
            env["account.analytic.line"].browse(self.entry.id),
            env["account.move"].browse(self.customer_invoice.id),
            env["account.move"].browse(self.ic_bill.id),
        ):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.read(["display_name"])
        # what the documents show: the consultant, the day, hours, rate, amount
        traces = env["ps.intercompany.trace"].search([])
        self.assertEqual(len(traces), 1)
        self.assertEqual(
            traces.read(["employee_id", "date", "hours", "rate", "amount"])[0]["hours"], 8.0
        )
        self.assertEqual(env["account.move"].browse(self.invoice.id).amount_total, 528.0)
        # and the agreement
        self.assertEqual(env["ps.intercompany.agreement"].search([]), self.agreement)

    def test_receiver_users_see_their_bill_not_the_providers_invoice(self):
        env = self.as_user(self.us_user, self.us)
        moves = env["account.move"].search([("ps_ic_agreement_id", "!=", False)])
        self.assertEqual(moves, self.ic_bill)
        with self.assertRaises(AccessError):
            env["account.move"].browse(self.invoice.id).read(["amount_total"])
        self.assertEqual(len(env["ps.intercompany.trace"].search([])), 1)
        self.assertFalse(env["ps.intercompany.run"].search([]))

    def test_a_run_writes_the_receivers_bill_its_starter_could_not(self):
        """The one deliberate write across entities: a provider's invoicing
        user cannot make a bill in the receiver, its run does."""
        env = self.as_user(self.uk_user, self.uk)
        with self.assertRaises(AccessError):
            env["account.move"].create(
                {
                    "move_type": "in_invoice",
                    "company_id": self.us.id,
                    "partner_id": self.uk.partner_id.id,
                    "invoice_date": MARCH_END,
                }
            )
        self.ingest_uk([self.ann_time("RR2", D(2026, 3, 3), 2)])
        run = (
            env["ps.intercompany.run"]
            .with_context(tracking_disable=True)
            .create({"company_id": self.uk.id, "date_to": MARCH_END})
        )
        run.action_start()
        self.run_jobs(run)
        self.assertEqual(run.line_ids.state, "done")
        self.assertEqual(run.line_ids.sudo().bill_id.company_id, self.us)
        self.assertEqual(run.line_ids.amount_receiver, 165.0)  # 132 GBP in USD

    def test_agreements_change_only_with_both_entities(self):
        env = self.as_user(self.manager_uk, self.uk)
        with self.assertRaises(AccessError):
            env["ps.intercompany.agreement"].browse(self.agreement.id).markup_percent = 50
        with self.assertRaises(AccessError):
            env["ps.intercompany.agreement"].create(
                {
                    "provider_company_id": self.uk.id,
                    "receiver_company_id": self.us.id,
                    "currency_id": self.gbp.id,
                    "revenue_account_id": self.uk_data["default_account_revenue"].id,
                    "cost_account_id": self.company_data["default_account_expense"].id,
                }
            )
        # an invoicing user of the provider reads it, changes nothing
        with self.assertRaises(AccessError):
            self.as_user(self.uk_user, self.uk)["ps.intercompany.agreement"].browse(
                self.agreement.id
            ).markup_percent = 0

    def test_the_receiver_cancels_its_bill_and_the_providers_invoice_follows(self):
        env = self.as_user(self.us_user, self.us)
        env["account.move"].browse(self.ic_bill.id).button_cancel()
        self.assertEqual((self.ic_bill.state, self.invoice.state), ("cancel", "cancel"))
        self.assertIn(
            "Cancelled with its intercompany counterpart", self.invoice.message_ids[0].body
        )
        self.assertTrue(self.entry.ps_ic_to_charge)
