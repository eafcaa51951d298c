# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Accounts and contacts in: initial load (REST and Bulk API 2.0),
incremental pulls with watermark and overlap, deletions and merges."""

import datetime

from freezegun import freeze_time

from odoo import Command

from .common import SalesforceCase


class TestPull(SalesforceCase):
    def test_initial_load_over_rest_pages_then_incremental_with_overlap(self):
        self.org.page_size = 2
        accounts = []
        for i in range(5):
            self.org.tick(600)  # ten minutes apart
            accounts.append(self.account(f"Account {i}"))
        contact = self.contact(accounts[0], "Jane Buyer")
        self.pull("Account", "Contact")
        # five accounts over three pages (nextRecordsUrl), then the contact
        self.assertEqual(self.org.calls_to("/v59.0/query/", "GET"), 3 + 1)
        partners = [self.record_of(a) for a in accounts]
        self.assertEqual([p.name for p in partners], [f"Account {i}" for i in range(5)])
        self.assertTrue(all(p.is_company and p.country_id.code == "US" for p in partners))
        self.assertEqual(partners[0].company_id, self.company)
        jane = self.record_of(contact)
        self.assertEqual((jane.parent_id, jane.email), (partners[0], "jane@acme.example"))
        self.assertEqual(self.binding(contact).object_name, "sf_contact")
        mark = self.backend._get_watermark("sf_account")
        newest = max(self.org.records["Account"][a]["SystemModstamp"] for a in accounts)
        self.assertEqual(mark, self.dt(newest[:19]))
        self.assertEqual(self.logs(object_name="sf_account").mapped("state"), ["done"] * 5)

        # changes since: one edit, one late commit inside the overlap window,
        # one outside it (left for the reconciliation, not re-read for ever)
        self.org.update("Account", accounts[1], Name="Account 1 (renamed)")
        late = self.account("Late", modstamp=mark - datetime.timedelta(seconds=60))
        too_old = self.account("Too old", modstamp=mark - datetime.timedelta(seconds=3600))
        self.org.calls.clear()
        self.org.page_size = 10
        self.pull("Account")
        soql = [p for m, p in self.org.calls]
        self.assertEqual(len(soql), 2, soql)  # the query and the deletions (queryAll)
        self.assertEqual(partners[1].name, "Account 1 (renamed)")
        self.assertTrue(self.binding(late))
        self.assertFalse(self.binding(too_old))
        # the newest record before the edit was read again (overlap): unchanged
        self.assertEqual(self.logs(external_id=accounts[4]).mapped("state"), ["skipped", "done"])
        self.assertEqual(self.logs(external_id=accounts[0]).mapped("state"), ["done"])
        self.assertGreater(self.backend._get_watermark("sf_account"), mark)

    def test_initial_load_switches_to_bulk_api_2_above_the_threshold(self):
        self.backend.sf_bulk_threshold = 3
        self.org.bulk_polls = 2
        accounts = [self.account(f"Bulk {i}", BillingCountryCode="") for i in range(6)]
        self.org.records["Account"][accounts[0]]["BillingCountryCode"] = "GB"
        summary = self.pull("Account")
        self.assertIn("bulk 1", summary)
        self.assertEqual(self.org.calls_to("/jobs/query", "POST"), 1)
        self.assertEqual(self.org.calls_to("/results", "GET"), 1)
        self.assertEqual(self.org.calls_to("/v59.0/query/", "GET"), 1)  # only the COUNT()
        # no ORDER BY in the bulk query (it disables PK chunking)
        self.assertEqual(self.org.bulk_order_by, [])
        partners = [self.record_of(a) for a in accounts]
        self.assertEqual(partners[0].country_id.code, "GB")
        self.assertFalse(partners[1].country_id)  # CSV '' is empty, not a country
        self.assertEqual(
            len(
                self.env["ps.sync.binding"].search(
                    [("backend_id", "=", self.backend.id), ("object_name", "=", "sf_account")]
                )
            ),
            6,
        )
        # under the threshold, the next (incremental) pull is REST
        self.org.update("Account", accounts[2], Name="Bulk 2b")
        self.assertNotIn("bulk", self.pull("Account"))
        self.assertEqual(partners[2].name, "Bulk 2b")

    def test_unchanged_repoll_changes_nothing(self):
        acc = self.account()
        self.pull("Account")
        partner = self.record_of(acc)
        write_date = partner.write_date
        # the watermark set back: everything is read again, nothing changes
        self.backend.watermark_ids.filtered(
            lambda w: w.object_name == "sf_account"
        ).value = datetime.datetime(2026, 1, 1)
        self.assertIn("unchanged 1", self.pull("Account"))
        self.assertEqual(partner.write_date, write_date)

    def test_deletions_and_merges_archive_and_never_delete_a_partner_with_entries(self):
        keep, gone, loser, winner, billed = (
            self.account(n) for n in ("Keep", "Gone", "Loser", "Winner", "Billed")
        )
        self.pull("Account")
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.record_of(billed).id,
                "invoice_date": "2026-03-01",
                "invoice_line_ids": [
                    Command.create(
                        {"name": "x", "quantity": 1, "price_unit": 10, "tax_ids": [Command.clear()]}
                    )
                ],
            }
        )
        invoice.action_post()
        self.backend.deletion_policy = "delete"
        self.org.delete("Account", gone)
        self.org.delete("Account", loser, master_id=winner)
        self.org.delete("Account", billed)
        summary = self.pull("Account")
        self.assertIn("deleted 1", summary)
        self.assertFalse(self.binding(gone))  # deleted with its binding
        self.assertFalse(self.record_of(loser).active)
        self.assertIn("merged", self.logs(external_id=loser, object_name="sf_account")[0].message)
        billed_partner = self.record_of(billed)
        self.assertTrue(billed_partner.exists())
        self.assertFalse(billed_partner.active)
        self.assertTrue(self.record_of(keep).active)
        self.assertTrue(self.record_of(winner).active)
        # the default policy archives
        self.backend.deletion_policy = "archive"
        self.org.delete("Account", keep)
        self.pull("Account")
        self.assertFalse(self.record_of(keep).active)
        self.assertTrue(self.record_of(keep).exists())

    def test_bad_records_go_to_the_workbench_with_their_salesforce_id(self):
        good = self.account("Good")
        nameless = self.account("")
        # an org without country picklists: the mapping reads the country's name
        self.backend.field_map_ids.filtered(
            lambda r: r.remote_object == "Account" and r.key == "country_code"
        ).remote_field = "BillingCountry"
        named = self.account("Named Country", BillingCountry="United States")
        narnia = self.account("Narnia Trading", BillingCountry="Narnia")
        orphan_account = "001000000000999AAA"
        orphan = self.contact(orphan_account, "Lost Person")
        self.pull("Account", "Contact")
        self.assertTrue(self.binding(good))
        self.assertEqual(self.record_of(named).country_id.code, "US")
        bad = self.logs(external_id=nameless)
        self.assertEqual((bad.state, bad.error_category), ("failed", "data"))
        self.assertIn(nameless, bad.message)
        self.assertIn("no name", bad.message)
        self.assertIn("unknown country 'Narnia'", self.logs(external_id=narnia).message)
        # its account is not in Odoo (yet): it waits for it
        lost = self.logs(external_id=orphan)
        self.assertEqual(
            (lost.state, lost.error_category, lost.attempts), ("waiting", "transient", 1)
        )
        self.assertIn(orphan_account, lost.message)
        self.assertEqual(lost.waiting_external_id, orphan_account)
        # fixed at the source or in the payload: replay lands it
        self.assertIn('"Name":""', bad.payload)
        bad.payload = bad.payload.replace('"Name":""', '"Name":"Fixed in Odoo"')
        bad.action_replay()
        self.assertEqual(bad.state, "done")
        self.assertEqual(self.record_of(nameless).name, "Fixed in Odoo")

    def test_reconciliation_asks_salesforce_for_its_ids(self):
        first = self.account("In step")
        self.pull("Account")
        self.backend.action_reconcile()
        rec = self.env["ps.sync.reconciliation"].search(
            [("backend_id", "=", self.backend.id), ("object_name", "=", "sf_account")]
        )
        self.assertEqual((rec.state, rec.source_count, rec.binding_count), ("ok", 1, 1))
        missed = self.account("Never pulled")
        self.backend.action_reconcile()
        rec = self.env["ps.sync.reconciliation"].search(
            [("backend_id", "=", self.backend.id), ("object_name", "=", "sf_account")], limit=1
        )
        self.assertEqual((rec.state, rec.missing_in_odoo), ("drift", 1))
        self.assertIn(missed, rec.details)
        self.assertNotIn(first, rec.details)
        self.assertEqual(rec.log_id.error_category, "drift")


class TestDeletionWindow(SalesforceCase):
    """Salesforce keeps its delete log 15 days: the deletion check keeps its
    own watermark current, falls back to a full id check when the window is
    past, and one object's failure never stops the others."""

    def setUp(self):
        super().setUp()
        self.clock = freeze_time(self.org.clock)
        self.frozen = self.clock.start()
        self.addCleanup(self.clock.stop)

    def wait(self, **delta):
        """Time passes in Salesforce and in Odoo alike."""
        self.org.tick(int(datetime.timedelta(**delta).total_seconds()))
        self.frozen.move_to(self.org.clock)

    def test_quiet_weeks_do_not_stop_the_sync(self):
        keep, gone = self.account("Keep"), self.account("Gone")
        opp = self.won_opportunity(keep)
        self.pull()
        self.assertTrue(self.record_of(opp))
        # nothing changes for 20 days, then an account is deleted and one added
        self.wait(days=20)
        self.org.delete("Account", gone)
        self.wait(minutes=5)
        new = self.account("New")
        summary = self.pull()
        self.assertIn("reconciled 1", summary)  # the delete log no longer reaches back
        self.assertNotIn("failed", summary)
        self.assertFalse(self.record_of(gone).active)
        self.assertTrue(self.record_of(keep).active)
        self.assertTrue(self.binding(new))
        self.assertFalse(self.logs(state="failed"))
        # quiet again: each check moves the deletion window on, even with nothing new
        for __ in range(3):
            self.wait(days=7)
            summary = self.pull()
            self.assertNotIn("reconciled", summary)
            self.assertNotIn("failed", summary)
        mark = self.backend._get_watermark("sf_account:deleted")
        self.assertGreater(mark, self.backend._get_watermark("sf_account"))
        # and a deletion inside the window is found by getDeleted again
        self.org.delete("Account", keep)
        self.wait(minutes=1)
        self.assertIn("archived 1", self.pull("Account"))
        self.assertFalse(self.record_of(keep).active)

    def test_a_purged_delete_log_is_made_up_by_a_full_id_check(self):
        gone = self.account("Gone")
        self.pull("Account")
        self.wait(minutes=15)
        self.org.delete("Account", gone)
        self.org.purge_delete_log()  # over its size limit: purged within hours
        self.wait(minutes=1)
        self.assertIn("reconciled 1", self.pull("Account"))
        self.assertFalse(self.record_of(gone).active)

    def test_one_object_failing_does_not_block_the_others(self):
        acc = self.account("First")
        self.won_opportunity(acc, name="Earlier deal")
        self.pull()
        self.wait(minutes=15)
        self.org.inject("500", times=10, path="/sobjects/Opportunity/deleted")
        renamed = self.org.update("Account", acc, Name="First (renamed)")
        self.assertTrue(renamed)
        contact = self.contact(acc, "Jane Buyer")
        opp = self.won_opportunity(acc)
        summary = self.pull()
        self.assertIn("deletion check failed", summary)
        self.assertEqual(self.record_of(acc).name, "First (renamed)")
        self.assertTrue(self.binding(contact))
        self.assertTrue(self.record_of(opp))  # its records went on too
        failed = self.logs(state="failed")
        self.assertEqual(len(failed), 1)
        self.assertEqual(
            (failed.object_name, failed.error_category), ("sf_opportunity", "transient")
        )
        self.assertIn("UNKNOWN_EXCEPTION", failed.message)
        self.wait(minutes=15)
        self.pull()
        self.assertEqual(len(self.logs(state="failed")), 1)  # one row per reason

    def test_a_deletion_read_again_is_not_applied_again(self):
        acc = self.account("Gone soon")
        self.pull("Account")
        self.wait(minutes=15)
        self.org.delete("Account", acc)
        self.wait(minutes=1)
        self.assertIn("archived 1", self.pull("Account"))
        partner = self.record_of(acc)
        write_date = partner.write_date
        logs = self.logs(external_id=acc)
        # an immediate second pull reads the deletion again (overlap window)
        self.assertNotIn("archived", self.pull("Account"))
        self.assertEqual(self.logs(external_id=acc), logs)
        self.assertEqual(partner.write_date, write_date)
        self.assertFalse(partner.active)
