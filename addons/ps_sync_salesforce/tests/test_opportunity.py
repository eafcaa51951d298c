# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Closed-won opportunities become a customer, a confirmed order, a project
from the template and an active engagement a billing run invoices; replays
change nothing; later changes are held for review."""

import datetime
import json
import time

from freezegun import freeze_time

from odoo.addons.ps_sync_core.pure import signature

from .common import SalesforceCase


@freeze_time("2026-04-02")
class TestWonOpportunity(SalesforceCase):
    def setUp(self):
        super().setUp()
        self.acc = self.account("Acme Manufacturing")

    def orders(self):
        return self.env["sale.order"].search([("partner_id", "=", self.record_of(self.acc).id)])

    def pull_won(self):
        """A won opportunity of the account, pulled: its id and its order."""
        opp = self.won_opportunity(self.acc)
        self.pull()
        return opp, self.record_of(opp)

    def test_won_opportunity_end_to_end_into_an_invoiced_engagement(self):
        opp = self.won_opportunity(self.acc, Billing_Model__c=None)
        lost = self.org.add(
            "Opportunity",
            Name="Lost deal",
            AccountId=self.acc,
            StageName="Closed Lost",
            IsWon=False,
            IsClosed=True,
            Amount=5.0,
        )
        self.pull()
        order = self.record_of(opp)
        self.assertEqual(order._name, "sale.order")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.partner_id, self.record_of(self.acc))
        self.assertEqual(order.company_id, self.company)
        self.assertEqual(order.origin, f"Salesforce {opp}")
        self.assertEqual(order.amount_untaxed, 60000.0)
        self.assertEqual(order.order_line.product_id, self.fixed_product | self.milestone_product)
        self.assertFalse(self.binding(lost))
        engagement = order.ps_engagement_ids
        self.assertEqual(len(engagement), 1)
        self.assertEqual(engagement.state, "active")
        self.assertFalse(engagement.bill_time)
        self.assertEqual(engagement.schedule_ids.mapped("amount"), [50000.0])
        self.assertEqual(engagement.schedule_ids.date, datetime.date(2026, 3, 10))
        self.assertEqual(engagement.milestone_ids.mapped("amount"), [10000.0])
        project = engagement.project_id
        self.assertEqual(project.name, "Acme ERP rollout")
        self.assertEqual(sorted(project.task_ids.mapped("name")), ["Go-live", "Kick-off"])
        self.assertNotEqual(project, self.template)
        self.assertEqual(order.project_ids, project)
        self.assertEqual(
            self.env["project.project"].search_count([("name", "=", order.name)]), 0
        )  # no stray project
        # a billing run invoices the fixed fee; the milestone once accepted
        move = engagement._bill(datetime.date(2026, 3, 31))
        self.assertEqual(move.amount_untaxed, 50000.0)
        self.assertEqual(move.partner_id, order.partner_id)
        engagement.milestone_ids.action_accept()
        self.assertEqual(engagement._bill(datetime.date(2026, 4, 30)).amount_untaxed, 10000.0)

    def test_redelivery_and_repoll_change_nothing(self):
        opp, order = self.pull_won()
        write_date = order.write_date
        # the watermark set back: the opportunity is read again
        self.backend.watermark_ids.filtered(
            lambda w: w.object_name == "sf_opportunity"
        ).value = datetime.datetime(2026, 1, 1)
        self.assertIn("unchanged 1", self.pull("Opportunity"))
        # and delivered again by a signed webhook carrying the Salesforce record
        sf_record = dict(self.org.records["Opportunity"][opp])
        sf_record["OpportunityLineItems"] = {"records": sf_record.pop("_lines")}
        body = json.dumps({"object": "sf_opportunity", "records": [sf_record]}).encode()
        header = signature.header_value("s3cr3t-sf-webhook-key", time.time(), body)
        status, answer = self.backend._webhook_receive({signature.HEADER: header}, body)
        self.assertEqual(status, 202)
        self.run_jobs()
        queued = self.logs(name=answer["correlation_id"])
        self.assertEqual((queued.state, queued.result_status), ("skipped", "unchanged"))
        self.assertEqual(queued.external_id, opp)
        self.assertEqual(len(self.orders()), 1)
        self.assertEqual(len(order.ps_engagement_ids), 1)
        self.assertEqual(order.write_date, write_date)

    def test_change_after_won_is_held_for_review_and_the_order_untouched(self):
        opp, order = self.pull_won()
        # a description change is not material: the binding moves on
        self.org.update("Opportunity", opp, Description="Kick-off on Monday")
        self.org.records["Opportunity"][opp]["_lines"][0]["Description"] = "Phase 1"
        self.assertIn("updated 1", self.pull("Opportunity"))
        # the amount and a product quantity change after won: held
        self.org.records["Opportunity"][opp]["_lines"][0]["Quantity"] = 2
        self.org.update("Opportunity", opp, Amount=110000.0)
        self.pull("Opportunity")
        held = self.logs(external_id=opp, state="failed")
        self.assertEqual(len(held), 1)
        self.assertEqual(held.error_category, "business")
        self.assertIn(order.name, held.message)
        self.assertIn("amount 60000.0 -> 110000.0", held.message)
        self.assertEqual((held.res_model, held.res_id), ("sale.order", order.id))
        self.assertEqual(order.amount_untaxed, 60000.0)
        self.assertEqual(order.order_line.mapped("product_uom_qty"), [1.0, 1.0])
        # polled again: the same change is not a second exception
        self.backend.watermark_ids.filtered(
            lambda w: w.object_name == "sf_opportunity"
        ).value = datetime.datetime(2026, 1, 1)
        self.pull("Opportunity")
        self.assertEqual(len(self.logs(external_id=opp, state="failed")), 1)
        # reopened in Salesforce (no longer won): also held
        self.org.update("Opportunity", opp, StageName="Negotiation", IsWon=False, IsClosed=False)
        self.pull("Opportunity")
        reopened = self.logs(external_id=opp, state="failed") - held
        self.assertIn("is_won True -> False", reopened.message)
        self.assertEqual(order.state, "sale")
        # deleted in Salesforce: held too, never cancelled silently
        self.org.delete("Opportunity", opp)
        self.pull("Opportunity")
        deleted = self.logs(external_id=opp, state="failed") - held - reopened
        self.assertIn("deleted in Salesforce", deleted.message)
        self.assertEqual(order.state, "sale")

    def test_time_and_materials_and_unmapped_products(self):
        tm = self.won_opportunity(
            self.acc,
            lines=[(self.P_TM, 100, 180.0)],
            name="Advisory retainer",
            Not_To_Exceed__c=20000.0,
        )
        unmapped = self.won_opportunity(
            self.acc, lines=[(self.P_UNMAPPED, 1, 900.0)], name="Training"
        )
        self.pull()
        engagement = self.record_of(tm).ps_engagement_ids
        self.assertTrue(engagement.bill_time)
        self.assertEqual(engagement.rate_card_id, self.card)
        self.assertEqual(engagement.cap_amount, 20000.0)
        self.assertEqual(engagement.product_id, self.tm_product)
        self.assertFalse(engagement.schedule_ids)
        held = self.logs(external_id=unmapped)
        self.assertEqual((held.state, held.error_category), ("failed", "business"))
        self.assertIn(self.P_UNMAPPED, held.message)
        self.assertFalse(self.binding(unmapped))
        # mapped afterwards: replay from the workbench converts it
        self.env["ps.sync.product.map"].create(
            {
                "backend_id": self.backend.id,
                "remote_product_id": self.P_UNMAPPED,
                "product_id": self.fixed_product.id,
                "billing_model": "fixed",
            }
        )
        held.action_replay()
        self.assertEqual(held.state, "done")
        self.assertEqual(self.record_of(unmapped).amount_untaxed, 900.0)

    def test_billing_model_from_the_opportunity_and_malformed_opportunities(self):
        retainer = self.won_opportunity(
            self.acc,
            lines=[(self.P_FIXED, 1, 12000.0)],
            name="Retainer 2026",
            Billing_Model__c="Retainer",
        )
        bad_model = self.won_opportunity(self.acc, name="Odd", Billing_Model__c="Barter")
        bad_qty = self.won_opportunity(self.acc, name="Negative", lines=[(self.P_FIXED, -1, 100.0)])
        no_account = self.won_opportunity(self.acc, name="Orphan")
        self.org.records["Opportunity"][no_account]["AccountId"] = None
        self.pull()
        schedule = self.record_of(retainer).ps_engagement_ids.schedule_ids
        self.assertEqual((schedule.kind, schedule.amount), ("retainer", 12000.0))
        for opp, reason in (
            (bad_model, "Barter"),
            (bad_qty, "positive Quantity"),
            (no_account, "no AccountId"),
        ):
            log = self.logs(external_id=opp)
            self.assertEqual((log.state, log.error_category), ("failed", "data"))
            self.assertIn(opp, log.message)
            self.assertIn(reason, log.message)
        self.assertEqual(len(self.orders()), 1)

    def test_opportunity_of_an_account_not_synchronised_waits_for_it(self):
        other = self.account("Beta Labs")
        opp = self.won_opportunity(other)
        self.backend.max_attempts = 2
        self.pull("Opportunity")
        log = self.logs(external_id=opp)
        # parked, naming what it waits for; no job retries it meanwhile
        self.assertEqual((log.state, log.error_category), ("waiting", "transient"))
        self.assertEqual((log.waiting_object, log.waiting_external_id), ("sf_account", other))
        self.assertIn(other, log.message)
        self.assertFalse(self.binding(opp))
        self.assertFalse(self.run_jobs(due_only=False))
        # however long the account takes, the message does not die...
        self.assertEqual(log.state, "waiting")
        # ...and it is applied as soon as the account is bound, without anyone
        self.pull("Account")
        self.run_jobs()
        self.assertEqual((log.state, log.attempts), ("done", 2))
        self.assertEqual(self.record_of(opp).partner_id.name, "Beta Labs")
        self.assertFalse(log.activity_ids)
        # one whose account will never come can be resolved by a person
        lonely = self.won_opportunity("001000000000777AAA", name="Lonely")
        self.pull("Opportunity")
        waiting = self.logs(external_id=lonely)
        self.assertEqual(waiting.state, "waiting")
        waiting.action_resolve("account deleted in Salesforce before it was synchronised")
        self.assertEqual(waiting.state, "resolved")

    def test_a_waiting_message_missed_by_its_account_goes_on_the_next_pull(self):
        other = self.account("Gamma Ltd")
        opp = self.won_opportunity(other)
        self.pull("Opportunity")
        log = self.logs(external_id=opp)
        self.assertEqual(log.state, "waiting")
        # the account bound by a transaction that could not see the parked message
        self.pull("Account")
        log.sudo().write({"state": "waiting"})  # as the parking transaction left it
        self.pull("Opportunity")  # the safety net releases it
        self.run_jobs()
        self.assertEqual(log.state, "done")
        self.assertTrue(self.record_of(opp))


@freeze_time("2026-04-02")
class TestOpportunityTerms(SalesforceCase):
    """What was sold: its currency, its discounts, its owner."""

    def setUp(self):
        super().setUp()
        self.acc = self.account("Acme Manufacturing")

    def test_multi_currency_opportunity_uses_the_pricelist_of_its_currency(self):
        self.org.multi_currency = True
        eur = self.env.ref("base.EUR")
        eur.active = True
        usd_opp = self.won_opportunity(self.acc, name="In dollars", CurrencyIsoCode="USD")
        eur_opp = self.won_opportunity(self.acc, name="In euros", CurrencyIsoCode="EUR")
        self.pull()
        self.assertTrue(self.backend.sf_multi_currency)
        self.assertEqual(self.record_of(usd_opp).currency_id.name, "USD")
        # no EUR pricelist: refused as a business rule, never a USD order
        held = self.logs(external_id=eur_opp)
        self.assertEqual((held.state, held.error_category), ("failed", "business"))
        self.assertIn("EUR", held.message)
        self.assertIn("pricelist", held.message)
        self.assertFalse(self.binding(eur_opp))
        # with a pricelist in EUR, the replay makes a EUR order
        pricelist = self.env["product.pricelist"].create(
            {"name": "Euro", "currency_id": eur.id, "company_id": self.company.id}
        )
        held.action_replay()
        self.assertEqual(held.state, "done")
        order = self.record_of(eur_opp)
        self.assertEqual((order.currency_id, order.pricelist_id), (eur, pricelist))
        self.assertEqual(order.amount_untaxed, 60000.0)

    def test_discounted_lines_and_an_amount_that_does_not_add_up(self):
        opp = self.won_opportunity(self.acc, lines=[], Amount=49000.0)
        self.org.add_line(opp, self.P_FIXED, 1, 50000.0, Discount=10.0)  # 45,000
        self.org.add_line(opp, self.P_MILESTONE, 1, 4000.0)
        # no Discount field, only TotalPrice (a discount given as an amount)
        odd = self.won_opportunity(self.acc, lines=[], name="Odd", Amount=900.0)
        self.org.add_line(odd, self.P_FIXED, 2, 500.0, TotalPrice=900.0)
        wrong = self.won_opportunity(self.acc, name="Wrong total", Amount=61000.0)
        self.pull()
        order = self.record_of(opp)
        line = order.order_line.filtered(lambda sol: sol.product_id == self.fixed_product)
        self.assertEqual((line.discount, line.price_subtotal), (10.0, 45000.0))
        self.assertEqual(order.amount_untaxed, 49000.0)
        self.assertEqual(order.ps_engagement_ids.schedule_ids.amount, 45000.0)
        self.assertEqual(self.record_of(odd).amount_untaxed, 900.0)
        self.assertEqual(self.record_of(odd).order_line.discount, 10.0)
        held = self.logs(external_id=wrong)
        self.assertEqual((held.state, held.error_category), ("failed", "business"))
        self.assertIn("61000", held.message)
        self.assertFalse(self.binding(wrong))

    def test_salesperson_is_the_opportunity_owner(self):
        self.pull("Account")
        seller = self.env["res.users"].create(
            {
                "name": "Sam Seller",
                "login": "sam.seller@meridian.example",
                "company_id": self.company.id,
                "company_ids": [(6, 0, self.company.ids)],
            }
        )
        fallback = self.env["res.users"].create(
            {
                "name": "Desk",
                "login": "desk",
                "email": "desk@meridian.example",
                "company_id": self.company.id,
                "company_ids": [(6, 0, self.company.ids)],
            }
        )
        sam = self.org.add("User", Email="Sam.Seller@meridian.example", Username="sam@meridian.sf")
        nobody = self.org.add("User", Email="left@meridian.example", Username="left@sf")
        first = self.won_opportunity(self.acc, name="Sam's", OwnerId=sam)
        second = self.won_opportunity(self.acc, name="Sam's too", OwnerId=sam)
        orphan = self.won_opportunity(self.acc, name="Left", OwnerId=nobody)
        self.org.calls.clear()
        self.pull("Opportunity")
        self.assertEqual(self.org.calls_to("/query/"), 2)  # the users read once per pull
        self.assertEqual(self.record_of(first).user_id, seller)
        self.assertEqual(self.record_of(second).user_id, seller)
        self.assertFalse(self.record_of(orphan).user_id)  # never the system user
        self.backend.deal_fallback_user_id = fallback
        later = self.won_opportunity(self.acc, name="Later", OwnerId=nobody)
        self.pull("Opportunity")
        self.assertEqual(self.record_of(later).user_id, fallback)
