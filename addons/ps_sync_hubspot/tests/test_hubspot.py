# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
from collections import Counter
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.queue_job.exception import RetryableJobError

from .common import T0, HubSpotCase, ms


@tagged("post_install", "-at_install")
class TestHubSpotConnection(HubSpotCase):
    def test_connection_names_the_portal_and_the_calls_left(self):
        self.backend.action_test_connection()
        self.assertEqual(self.backend.connection_state, "ok")
        self.assertIn("4242", self.backend.connection_summary)
        self.assertIn("of 625000", self.backend.connection_summary)
        self.assertFalse(self.backend.hs_missing_scopes)

    def test_connection_and_pulls_record_the_daily_api_usage(self):
        self.portal.used_today = 100_000  # the portal's other integrations
        self.backend.action_test_connection()
        # Test connection: the account-info daily usage endpoint
        self.assertEqual(self.backend.api_daily_limit, 625_000)
        self.assertEqual(self.backend.api_daily_used, self.portal.used_today)
        self.assertIn(
            f"{625_000 - self.portal.used_today} of 625000", self.backend.connection_summary
        )
        # a pull: the X-HubSpot-RateLimit-Daily(-Remaining) headers of its answers
        self.portal.used_today = 560_000
        self.company_rec()
        self.pull("companies")
        self.assertEqual(self.backend.api_daily_used, self.portal.used_today)
        self.assertGreater(self.backend.api_daily_used, 560_000)
        self.assertEqual(self.backend.api_daily_limit, 625_000)

    def test_connection_refuses_another_portal_and_names_missing_scopes(self):
        self.backend.hs_portal_id = "9999"
        self.backend.action_test_connection()
        self.assertEqual(self.backend.connection_state, "failed")
        self.assertIn(
            "portal 4242, not to this backend's portal 9999", self.backend.connection_summary
        )
        self.backend.hs_portal_id = "4242"
        self.portal.scopes.discard("crm.objects.deals.write")
        self.backend.action_test_connection()
        self.assertEqual(self.backend.connection_state, "failed")
        self.assertIn("crm.objects.deals.write", self.backend.connection_summary)
        self.assertEqual(self.backend.hs_missing_scopes, "crm.objects.deals.write")

    def test_connection_in_words_for_a_wrong_token_and_a_missing_one(self):
        self.backend.hs_access_token = "pat-wrong"
        self.backend.action_test_connection()
        self.assertEqual(self.backend.connection_state, "failed")
        self.assertIn("login was refused", self.backend.connection_summary)
        self.assertNotIn("pat-wrong", self.backend.connection_detail or "")
        self.backend.hs_access_token = False
        self.backend.action_test_connection()
        self.assertIn("Access Token", self.backend.connection_summary)

    def test_only_administrators_test_and_read_credentials(self):
        with self.assertRaises(AccessError):
            self.backend.with_user(self.manager_user).action_test_connection()
        with self.assertRaises(AccessError):
            self.backend.with_user(self.manager_user).read(["hs_access_token"])
        self.assertNotIn("hs_client_secret", self.backend.with_user(self.manager_user).fields_get())

    def test_the_token_never_reaches_a_log(self):
        self.assertIn(
            "***", self.backend._scrub(f"call failed with Bearer {self.backend.hs_access_token}")
        )


@tagged("post_install", "-at_install")
class TestHubSpotPull(HubSpotCase):
    def test_companies_and_contacts_with_their_association(self):
        acme = self.company_rec()
        jane = self.contact_rec(acme)
        summary = self.pull("companies", "contacts")
        self.assertIn("created 2", summary)
        partner = self.record_of(acme, "hs_company")
        contact = self.record_of(jane, "hs_contact")
        self.assertTrue(partner.is_company)
        self.assertEqual(contact.parent_id, partner)
        self.assertEqual(contact.name, "Jane Buyer")
        # nothing changed since: the next pull reads nothing new
        self.assertIn("nothing new", self.pull("companies", "contacts"))
        # a re-delivery of the same version (a webhook, a re-poll) changes nothing
        self.backend._fetch("companies", [acme])
        self.assertEqual(
            self.logs(object_name="hs_company", external_id=acme)[:1].result_status, "unchanged"
        )
        self.assertEqual(self.env["res.partner"].search_count([("name", "=", "Acme Corp")]), 1)

    def test_the_field_mappings_are_read_once_per_batch_not_per_record(self):
        Connector = type(self.env["ps.sync.connector.hubspot"])
        original = Connector._read_mapping
        reads = Counter()

        def spy(connector, backend, obj, direction):
            reads[obj, direction] += 1
            return original(connector, backend, obj, direction)

        companies = [self.company_rec(f"Co {i}") for i in range(4)]
        with patch.object(Connector, "_read_mapping", spy):
            self.assertIn("created 4", self.pull("companies"))
        # once for the properties the pull asks for, once for the batch's four records
        self.assertEqual(reads["companies", "in"], 2)
        self.assertEqual(
            [self.record_of(c, "hs_company").name for c in companies], [f"Co {i}" for i in range(4)]
        )
        # changed at the source and read again: once for the properties, once
        # to tell the four bound records from echoes of Odoo, once for the batch
        for company in companies:
            self.portal.touch("companies", company, city="Cambridge")
        reads.clear()
        with patch.object(Connector, "_read_mapping", spy):
            self.assertIn("updated 4", self.pull("companies"))
        self.assertEqual(reads["companies", "in"], 3)
        self.assertEqual(self.record_of(companies[0], "hs_company").city, "Cambridge")

    def test_incremental_from_the_watermark_minus_the_overlap(self):
        self.company_rec("Old Co", modified=T0 - datetime.timedelta(days=3))
        self.pull("companies")
        mark = self.backend._get_watermark("hs_company")
        self.assertTrue(mark)
        calls = self.portal.calls.get("/crm/v3/objects/companies/search", 0)
        new = self.company_rec(
            "New Co",
            modified=datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=2),
        )
        # modified after the first pull's window ended: the next pull reads it
        self.pull("companies")
        self.assertTrue(self.record_of(new, "hs_company"))
        self.assertGreater(self.portal.calls["/crm/v3/objects/companies/search"], calls)

    def test_a_contact_waits_for_its_company(self):
        acme = self.company_rec()
        jane = self.contact_rec(acme)
        self.pull("contacts")
        log = self.logs(object_name="hs_contact", external_id=jane)
        self.assertEqual(log.state, "waiting")
        self.pull("companies")
        self.run_jobs()
        self.assertEqual(
            self.record_of(jane, "hs_contact").parent_id, self.record_of(acme, "hs_company")
        )

    def test_a_bad_record_is_rejected_alone_and_replayable(self):
        good = self.company_rec("Good Co")
        bad = self.company_rec("Bad Co", country="Atlantis")
        summary = self.pull("companies")
        self.assertIn("created 1", summary)
        self.assertIn("rejected 1", summary)
        log = self.logs(object_name="hs_company", external_id=bad)
        self.assertEqual(log.state, "failed")
        self.assertIn("unknown country 'Atlantis'", log.message)
        self.assertTrue(self.record_of(good, "hs_company"))

    def test_archived_companies_follow_the_deletion_policy(self):
        acme = self.company_rec()
        self.pull("companies")
        partner = self.record_of(acme, "hs_company")
        self.portal.archive("companies", acme)
        self.pull("companies")
        self.assertFalse(partner.active)

    def test_a_merge_moves_the_binding_and_never_duplicates(self):
        acme = self.company_rec("Acme Corp")
        dup = self.company_rec("ACME Corporation")
        self.pull("companies")
        kept, merged = self.record_of(acme, "hs_company"), self.record_of(dup, "hs_company")
        # HubSpot merges 'dup' into a new record that lists both merged ids
        now = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=2)
        self.portal.archive("companies", acme)
        self.portal.archive("companies", dup)
        survivor = self.company_rec("Acme Corp", modified=now, hs_merged_object_ids=f"{acme};{dup}")
        self.pull("companies")
        self.assertEqual(self.record_of(survivor, "hs_company"), kept)
        self.assertFalse(merged.active)
        self.assertFalse(self.binding(acme, "hs_company"))
        self.assertFalse(self.binding(dup, "hs_company"))
        self.assertEqual(
            self.env["res.partner"].search_count([("name", "=ilike", "acme corp%")]), 1
        )

    def test_more_than_ten_thousand_results_are_split_by_id(self):
        # the window logic is unit-tested with 12,345 changes; here: the
        # connector asks by id ranges once a query would pass the cap
        from ..pure import window

        original = window.SEARCH_CAP
        window.SEARCH_CAP = 250
        self.addCleanup(setattr, window, "SEARCH_CAP", original)
        for n in range(620):
            self.portal.add("companies", {"name": f"Co {n:04d}"}, ms(T0))
        self.pull("companies")
        self.assertEqual(
            self.env["ps.sync.binding"].search_count(
                [("backend_id", "=", self.backend.id), ("object_name", "=", "hs_company")]
            ),
            620,
        )

    def test_a_burst_limit_postpones_the_pull_without_spending_a_try(self):
        self.company_rec()
        self.portal.fail_next(
            429,
            {
                "status": "error",
                "message": "You have reached your ten_secondly_rolling limit.",
                "policyName": "TEN_SECONDLY_ROLLING",
                "errorType": "RATE_LIMIT",
            },
            count=5,
        )
        with self.assertRaises(RetryableJobError) as caught:
            self.backend._pull(["companies"])
        self.assertTrue(caught.exception.ignore_retry)

    def test_a_refused_token_tells_the_responsible_once(self):
        self.backend.hs_access_token = "pat-revoked"
        self.backend._pull(["companies"])
        self.backend._pull(["companies"])
        activities = self.backend.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("ps_sync_hubspot.mail_activity_hs_login_refused")
        )
        self.assertEqual(len(activities), 1)
        row = self.logs(state="failed", external_id=False)
        self.assertEqual(len(row), 1)
        self.assertIn("login was refused", row.message)


@tagged("post_install", "-at_install")
class TestHubSpotDeals(HubSpotCase):
    def test_a_won_deal_becomes_order_project_and_engagement(self):
        acme = self.company_rec()
        deal = self.won_deal(acme, lines=(("AUDIT", 1, 40000.0), ("ADVISORY", 10, 250.0)))
        self.pull()
        order = self.record_of(deal, "hs_deal")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.partner_id, self.record_of(acme, "hs_company"))
        self.assertEqual(order.amount_untaxed, 42500.0)
        engagement = order.ps_engagement_ids
        self.assertEqual(len(engagement), 1)
        self.assertEqual(engagement.state, "active")
        self.assertTrue(engagement.project_id)
        self.assertIn("HubSpot", order.origin)
        # re-poll and re-delivery change nothing
        self.pull()
        self.assertEqual(self.env["sale.order"].search_count([("origin", "=", order.origin)]), 1)

    def test_open_deals_are_not_converted(self):
        acme = self.company_rec()
        deal = self.won_deal(acme, dealstage="contractsent")
        self.pull()
        self.assertFalse(self.binding(deal, "hs_deal"))

    def test_a_change_after_won_is_held_naming_the_order(self):
        acme = self.company_rec()
        deal = self.won_deal(acme)
        self.pull()
        order = self.record_of(deal, "hs_deal")
        self.portal.touch("deals", deal, amount=45000)
        self.pull("deals")
        held = self.logs(object_name="hs_deal", external_id=deal, state="failed")
        self.assertEqual(len(held), 1)
        self.assertIn(order.name, held.message)
        self.assertEqual(order.amount_untaxed, 40000.0)

    def test_an_unmapped_product_is_refused_with_its_reason(self):
        acme = self.company_rec()
        deal = self.won_deal(acme, lines=(("UNKNOWN-SKU", 1, 100.0),))
        self.pull()
        log = self.logs(object_name="hs_deal", external_id=deal)
        self.assertEqual(log.state, "failed")
        self.assertIn("UNKNOWN-SKU has no Odoo service mapped", log.message)

    def test_status_goes_back_to_the_deal_and_the_company(self):
        acme = self.company_rec()
        deal = self.won_deal(acme)
        self.pull()
        order = self.record_of(deal, "hs_deal")
        self.backend.action_push_status()
        self.run_jobs()
        updated = {
            (t, i["id"]): i["properties"] for t, inputs in self.portal.updates for i in inputs
        }
        self.assertEqual(updated[("deals", deal)]["odoo_order"], order.name)
        self.assertIn(("companies", acme), updated)

    def test_status_push_is_for_sync_managers(self):
        with self.assertRaises(AccessError):
            self.backend.with_user(self.sync_user).action_push_status()
        with self.assertRaises(AccessError):
            self.backend.with_user(self.sync_user).action_pull()
