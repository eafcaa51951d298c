# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from unittest.mock import patch

from .common import SyncCase


class TestIngestPartner(SyncCase):
    def test_create_company_and_contact_in_one_batch(self):
        # the contact comes first: the pipeline orders parents before children
        res = self.ingest([self.contact_rec("CON-1", "ACC-1"), self.company_rec("ACC-1")])
        self.assertEqual([r["status"] for r in res], ["created", "created"])
        self.assertEqual([r["external_id"] for r in res], ["CON-1", "ACC-1"])
        contact, company = self.env["res.partner"].browse([r["res_id"] for r in res])
        self.assertEqual(contact.parent_id, company)
        self.assertTrue(company.is_company)
        self.assertEqual(company.country_id, self.env.ref("base.us"))
        self.assertEqual(company.company_id, self.company_us)
        self.assertEqual(company.email, "ap@acc-1.example")
        # one binding each, with the payload hash and canonical payload
        binding = self.binding("ACC-1")
        self.assertEqual((binding.res_model, binding.res_id), ("res.partner", company.id))
        self.assertEqual(len(binding.payload_hash), 64)
        self.assertEqual(binding.last_payload["name"], "Company ACC-1")
        # one log row per record, done, same correlation id, linked to the record
        logs = self.logs(backend_id=self.backend.id)
        self.assertEqual(len(logs), 2)
        self.assertEqual(set(logs.mapped("state")), {"done"})
        self.assertEqual(len(set(logs.mapped("name"))), 1)
        self.assertEqual(set(logs.mapped("res_id")), {contact.id, company.id})

    def test_unchanged_then_updated(self):
        rec = self.company_rec("ACC-2")
        first = self.ingest([rec])[0]
        again = self.ingest([dict(rec)])[0]
        self.assertEqual(again["status"], "unchanged")
        self.assertEqual(again["res_id"], first["res_id"])
        # white space and case differences that mean nothing are not a change
        same = self.ingest([dict(rec, name="  Company ACC-2 ", country_code="us")])[0]
        self.assertEqual(same["status"], "unchanged")
        changed = self.ingest([dict(rec, phone="+1 617 555 0100")])[0]
        self.assertEqual(changed["status"], "updated")
        partner = self.env["res.partner"].browse(first["res_id"])
        self.assertEqual(partner.phone, "+1 617 555 0100")
        self.assertEqual(self.env["res.partner"].search_count([("name", "=", "Company ACC-2")]), 1)
        states = self.logs(external_id="ACC-2").sorted("id").mapped("state")
        self.assertEqual(states, ["done", "skipped", "skipped", "done"])

    def test_clearing_a_value_is_an_update(self):
        first = self.ingest([self.company_rec("ACC-3", phone="123")])[0]
        res = self.ingest([self.company_rec("ACC-3")])[0]
        self.assertEqual(res["status"], "updated")
        self.assertFalse(self.env["res.partner"].browse(first["res_id"]).phone)

    def test_parent_from_an_earlier_batch_and_moves(self):
        self.ingest([self.company_rec("ACC-4"), self.company_rec("ACC-5")])
        res = self.ingest([self.contact_rec("CON-4", "ACC-4")])[0]
        contact = self.env["res.partner"].browse(res["res_id"])
        self.assertEqual(contact.parent_id.name, "Company ACC-4")
        res = self.ingest([self.contact_rec("CON-4", "ACC-5")])[0]
        self.assertEqual(res["status"], "updated")
        self.assertEqual(contact.parent_id.name, "Company ACC-5")

    def test_updating_a_contact_keeps_what_it_inherits_from_its_company(self):
        company = self.company_rec("ACC-17", street="1 Dock St", zip="02110", vat="US123456789")
        self.ingest([company, self.contact_rec("CON-17", "ACC-17")])
        contact = self.env["res.partner"].browse(self.binding("CON-17").res_id)
        self.assertEqual(
            (contact.street, contact.city, contact.vat), ("1 Dock St", "Boston", "US123456789")
        )
        res = self.ingest([self.contact_rec("CON-17", "ACC-17", phone="+1 617 555 0199")])[0]
        self.assertEqual(res["status"], "updated")
        self.assertEqual(contact.phone, "+1 617 555 0199")
        self.assertEqual(
            (contact.street, contact.city, contact.zip, contact.country_id.code, contact.vat),
            ("1 Dock St", "Boston", "02110", "US", "US123456789"),
        )

    def test_contacts_of_companies_sent_before_read_their_companies_at_once(self):
        if "property_product_pricelist" not in self.env["res.partner"]._fields:
            self.skipTest("product is not installed: no computed pricelist to sync")
        self.ingest([self.company_rec("ACC-30"), self.company_rec("ACC-31", country_code="DE")])
        companies = self.env["res.partner"].browse(
            [self.binding(ext).res_id for ext in ("ACC-30", "ACC-31")]
        )
        self.env.invalidate_all()  # as in a later transaction (another job)
        Pricelist = type(self.env["product.pricelist"])
        original = Pricelist._get_partner_pricelist_multi
        computed = []

        def spy(pricelists, partner_ids):
            computed.append(set(partner_ids))
            return original(pricelists, partner_ids)

        with patch.object(Pricelist, "_get_partner_pricelist_multi", spy):
            res = self.ingest(
                [self.contact_rec("CON-30", "ACC-30"), self.contact_rec("CON-31", "ACC-31")]
            )
        self.assertEqual([r["status"] for r in res], ["created", "created"])
        # the companies' pricelists are computed together, not one company per contact
        self.assertIn(set(companies.ids), computed)
        contacts = self.env["res.partner"].browse([r["res_id"] for r in res])
        # and each contact still gets its own company's commercial fields, as Odoo syncs them
        for contact, company in zip(contacts, companies, strict=True):
            self.assertEqual(contact.parent_id, company)
            self.assertEqual(contact.property_product_pricelist, company.property_product_pricelist)
            self.assertEqual(contact.vat, company.vat)

    def test_bad_records_are_rejected_one_by_one(self):
        good = self.company_rec("ACC-OK")
        batch = [
            {"external_id": "BAD-1", "is_company": True},  # no name
            self.company_rec("BAD-2", is_company="yes"),  # wrong type
            self.company_rec("BAD-3", email="not-an-email"),
            self.company_rec("BAD-4", country_code="XX"),  # unknown
            self.contact_rec("BAD-5", "ACC-NOPE"),  # unknown parent
            {"name": "no external id"},
            "not a struct",
            good,
            self.company_rec("ACC-OK", name="second copy"),  # duplicate
            self.company_rec("BAD-6", name="x" * 300),  # too long
            self.company_rec("BAD-7", updated_at="yesterday"),  # bad date
        ]
        res = self.ingest(batch)
        self.assertEqual(len(res), len(batch))
        by_ext = {r["external_id"]: r for r in res[:8] + res[9:] if r["external_id"]}
        self.assertEqual(by_ext["ACC-OK"]["status"], "created")
        self.assertTrue(self.env["res.partner"].browse(by_ext["ACC-OK"]["res_id"]).exists())
        expected = {
            "BAD-1": "'name' is required",
            "BAD-2": "'is_company' must be true or false",
            "BAD-3": "'email' 'not-an-email' is not an e-mail address",
            "BAD-4": "unknown country_code 'XX'",
            "BAD-5": "unknown parent_external_id 'ACC-NOPE'",
            "BAD-6": "at most 255 are allowed",
            "BAD-7": "'updated_at' must be an ISO 8601 date-time",
        }
        for ext, text in expected.items():
            self.assertEqual(by_ext[ext]["status"], "rejected", ext)
            self.assertIn(text, by_ext[ext]["message"], ext)
            self.assertFalse(by_ext[ext]["res_id"])
        self.assertIn("'external_id' is required", res[5]["message"])
        self.assertIn("must be a struct", res[6]["message"])
        self.assertEqual(res[8]["status"], "rejected")
        self.assertIn("duplicate external_id 'ACC-OK'", res[8]["message"])
        self.assertIn("first at position 7", res[8]["message"])
        self.assertEqual(self.env["res.partner"].browse(res[7]["res_id"]).name, "Company ACC-OK")
        # nothing half-written: no partner and no binding for any rejected record
        for ext in expected:
            self.assertFalse(self.binding(ext), ext)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Company BAD-4")]))
        # each rejection is logged with its reason, category and payload
        failed = self.logs(backend_id=self.backend.id, state="failed")
        self.assertEqual(len(failed), len(batch) - 1)
        log = failed.filtered(lambda r: r.external_id == "BAD-4")
        self.assertEqual(log.error_category, "data")
        self.assertIn("unknown country_code", log.message)
        self.assertEqual(json.loads(log.payload)["country_code"], "XX")

    def test_child_of_a_rejected_parent_says_so(self):
        res = self.ingest(
            [
                self.company_rec("ACC-6", country_code="ZZ"),
                self.contact_rec("CON-6", "ACC-6"),
            ]
        )
        self.assertEqual([r["status"] for r in res], ["rejected", "rejected"])
        self.assertIn("its parent 'ACC-6' was rejected in this batch", res[1]["message"])

    def test_cycles_are_rejected(self):
        res = self.ingest(
            [
                self.company_rec("CY-1", parent_external_id="CY-2"),
                self.company_rec("CY-2", parent_external_id="CY-1"),
                self.company_rec("CY-3", parent_external_id="CY-3"),
                self.company_rec("ACC-7"),
            ]
        )
        self.assertEqual([r["status"] for r in res], ["rejected"] * 3 + ["created"])
        self.assertIn("circular parent_external_id", res[0]["message"])

    def test_unknown_keys_are_reported_not_applied(self):
        res = self.ingest([self.company_rec("ACC-8", emial="typo@example.com")])[0]
        self.assertEqual(res["status"], "created")
        self.assertIn("ignored unknown keys: emial", res["message"])

    def test_whole_batch_refusals_reject_and_log_every_record(self):
        recs = [self.company_rec("ACC-9"), self.company_rec("ACC-10")]
        cases = {
            ("nope", "partner"): "unknown backend code 'nope'",
            ("t-crm-us", "invoice"): "unknown object 'invoice'",
            ("t-crm-uk", "partner"): "belongs to company Meridian Advisory Ltd (test)",
        }
        for (code, obj), text in cases.items():
            res = self.ingest(recs, backend_code=code, object_name=obj)
            self.assertEqual([r["status"] for r in res], ["rejected", "rejected"], text)
            self.assertEqual([r["external_id"] for r in res], ["ACC-9", "ACC-10"])
            self.assertIn(text, res[0]["message"])
            logs = self.logs(external_id="ACC-9", object_name=obj)
            self.assertIn(text, logs[0].message)
            self.assertEqual(logs[0].error_category, "business")
        # the UK backend's log stays empty: a refused caller writes nothing there
        self.assertFalse(self.logs(backend_id=self.backend_uk.id))
        self.assertFalse(self.binding("ACC-9"))

    def test_batch_over_the_maximum(self):
        self.backend.max_batch_size = 3
        recs = [self.company_rec(f"BIG-{i}") for i in range(4)]
        res = self.ingest(recs)
        self.assertEqual({r["status"] for r in res}, {"rejected"})
        self.assertIn("accepts at most 3 per call", res[0]["message"])
        self.assertFalse(self.env["res.partner"].search([("name", "like", "Company BIG-")]))
        self.assertEqual(len(self.logs(backend_id=self.backend.id, state="failed")), 4)
        self.assertEqual([r["status"] for r in self.ingest(recs[:3])], ["created"] * 3)

    def test_records_must_be_a_list(self):
        from ..models.ps_sync_backend import IngestError

        with self.assertRaisesRegex(IngestError, "must be a list"):
            self.ingest({"external_id": "X"})
        self.assertEqual(self.ingest([]), [])

    def test_stale_version_is_ignored_and_watermark_advances(self):
        rec = self.company_rec("ACC-11", updated_at="2026-03-02T10:00:00Z")
        first = self.ingest([rec])[0]
        self.assertEqual(self.backend._get_watermark("partner").isoformat(), "2026-03-02T10:00:00")
        older = self.ingest([dict(rec, name="Old name", updated_at="2026-03-01T09:00:00Z")])[0]
        self.assertEqual(older["status"], "unchanged")
        self.assertIn("older than the version already applied", older["message"])
        self.assertEqual(self.env["res.partner"].browse(first["res_id"]).name, "Company ACC-11")
        newer = self.ingest([dict(rec, name="New name", updated_at="2026-03-03T09:00:00+01:00")])[0]
        self.assertEqual(newer["status"], "updated")
        self.assertEqual(self.backend._get_watermark("partner").isoformat(), "2026-03-03T08:00:00")

    def test_deleted_partner_is_created_again_and_rebound(self):
        first = self.ingest([self.company_rec("ACC-12")])[0]
        self.env["res.partner"].browse(first["res_id"]).unlink()
        again = self.ingest([self.company_rec("ACC-12")])[0]
        self.assertEqual(again["status"], "created")
        self.assertNotEqual(again["res_id"], first["res_id"])
        self.assertEqual(self.binding("ACC-12").res_id, again["res_id"])

    def test_database_refusal_is_isolated_from_the_batch(self):
        # make one record's INSERT fail inside PostgreSQL (a country id that does
        # not exist): the batch create fails, falls back record by record, and
        # only that record is rejected
        Handler = self.registry["ps.sync.object.partner"]
        original = Handler._prepare_batch

        def prepare(handler, backend, items, ctx):
            original(handler, backend, items, ctx)
            if "FR" in ctx.caches["countries"]:
                ctx.caches["countries"]["FR"] = 2**31 - 1

        with patch.object(Handler, "_prepare_batch", prepare):
            res = self.ingest(
                [
                    self.company_rec("ACC-14"),
                    self.company_rec("ACC-15", country_code="FR"),
                    self.company_rec("ACC-16B"),
                ]
            )
        self.assertEqual([r["status"] for r in res], ["created", "rejected", "created"])
        self.assertIn("the database refused the record", res[1]["message"])
        self.assertFalse(self.binding("ACC-15"))
        self.assertEqual(len(self.binding("ACC-14") | self.binding("ACC-16B")), 2)

    def test_payload_secrets_are_masked_in_the_log(self):
        self.ingest([self.company_rec("ACC-16", api_token="tok-123456", password="hunter22")])
        payload = json.loads(self.logs(external_id="ACC-16").payload)
        self.assertEqual(payload["api_token"], "***")
        self.assertEqual(payload["password"], "***")
        self.assertEqual(payload["name"], "Company ACC-16")

    def test_unchanged_records_of_a_call_share_one_log_row(self):
        recs = [self.company_rec(f"UNC-{i}") for i in range(3)]
        first = self.ingest(recs)
        again = self.ingest([dict(rec) for rec in recs])
        self.assertEqual([r["status"] for r in again], ["unchanged"] * 3)
        self.assertEqual([r["res_id"] for r in again], [r["res_id"] for r in first])
        Log = self.env["ps.sync.log"].sudo()
        corr = Log.search([("external_id", "=", "UNC-0")], limit=1).name
        created_calls = Log.search([("name", "=", corr)])
        self.assertEqual(len(created_calls), 3)  # one row per created record
        shared = Log.search(
            [
                ("backend_id", "=", self.backend.id),
                ("state", "=", "skipped"),
                ("external_id", "=", False),
            ]
        )
        self.assertEqual(len(shared), 1)
        self.assertEqual((shared.result_status, shared.res_id), ("unchanged", 0))
        self.assertIn("3 records unchanged", shared.message)
        listed = json.loads(shared.payload)["unchanged"]
        bindings = {b: self.binding(b) for b in ("UNC-0", "UNC-1", "UNC-2")}
        self.assertEqual(
            listed,
            [
                {"external_id": ext, "res_id": binding.res_id, "payload_hash": binding.payload_hash}
                for ext, binding in bindings.items()
            ],
        )
        # a single unchanged record keeps its own row, as before
        self.ingest([dict(recs[0])])
        self.assertEqual(
            self.logs(external_id="UNC-0").sorted("id").mapped("state"), ["done", "skipped"]
        )
