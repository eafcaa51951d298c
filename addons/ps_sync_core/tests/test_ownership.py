# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .common import SyncCase


class TestOwnership(SyncCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.odoo_owns("phone")

    def test_source_owned_fields_overwrite_odoo_edits(self):
        res = self.ingest([self.company_rec("OWN-1", city="Boston")])[0]
        partner = self.env["res.partner"].browse(res["res_id"])
        partner.city = "Cambridge"  # edited in Odoo, but the source owns city
        self.ingest([self.company_rec("OWN-1", city="Boston", zip="02110")])
        self.assertEqual(partner.city, "Boston")
        self.assertEqual(partner.zip, "02110")

    def test_odoo_owned_field_is_seeded_on_create_then_kept(self):
        res = self.ingest([self.company_rec("OWN-2", phone="111")])[0]
        partner = self.env["res.partner"].browse(res["res_id"])
        self.assertEqual(partner.phone, "111")
        partner.phone = "222"  # Odoo's edit
        # the source sends an unrelated change and its unchanged old phone:
        # no conflict, Odoo's phone stands
        res = self.ingest([self.company_rec("OWN-2", phone="111", zip="10001")])[0]
        self.assertEqual(res["status"], "updated")
        self.assertEqual(partner.phone, "222")
        self.assertEqual(partner.zip, "10001")
        self.assertFalse(self.logs(external_id="OWN-2", error_category="conflict"))

    def test_source_change_to_odoo_owned_field_is_a_conflict(self):
        res = self.ingest([self.company_rec("OWN-3", phone="111")])[0]
        partner = self.env["res.partner"].browse(res["res_id"])
        partner.phone = "222"
        res = self.ingest([self.company_rec("OWN-3", phone="333", city="Salem")])[0]
        # the rest of the record is applied, the phone is held
        self.assertEqual(res["status"], "updated")
        self.assertIn("held for review, Odoo owns: phone", res["message"])
        self.assertEqual(partner.phone, "222")
        self.assertEqual(partner.city, "Salem")
        conflict = self.logs(external_id="OWN-3", error_category="conflict")
        self.assertEqual(conflict.state, "failed")
        self.assertEqual(conflict.conflict_values[0]["source"], "333")
        self.assertEqual(conflict.conflict_values[0]["odoo"], "222")
        # the same payload again is unchanged: the conflict is not raised twice
        again = self.ingest([self.company_rec("OWN-3", phone="333", city="Salem")])[0]
        self.assertEqual(again["status"], "unchanged")
        self.assertEqual(len(self.logs(external_id="OWN-3", error_category="conflict")), 1)
        # finance accepts the source value: applied, the exception resolved
        conflict.with_user(self.finance_user).action_accept_source()
        self.assertEqual(partner.phone, "333")
        self.assertEqual(conflict.state, "resolved")
        self.assertIn("source values accepted: phone", conflict.resolution_reason)

    def test_ownership_field_must_belong_to_the_object_model(self):
        from odoo.exceptions import ValidationError

        field = self.env["ir.model.fields"]._get("res.users", "login")
        with self.assertRaises(ValidationError):
            self.env["ps.sync.field.ownership"].create(
                {
                    "backend_id": self.backend.id,
                    "object_name": "partner",
                    "field_id": field.id,
                    "owner": "odoo",
                }
            )
