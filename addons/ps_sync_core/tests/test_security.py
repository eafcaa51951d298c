# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The sync log is evidence, public methods are an RPC surface (issue 10, 1-2).

The attack found by acceptance testing: a finance reviewer pointed a log row
at ``res.users`` and its own id, put ``base.group_system`` in its conflict
values and accepted the source value, which was written with ``sudo()``.
"""

import json

from odoo.exceptions import AccessError, UserError
from odoo.tests.common import new_test_user

from .common import SyncCase


class TestSyncLogIsEvidence(SyncCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.odoo_owns("phone")

    def _conflict(self, ext):
        res = self.ingest([self.company_rec(ext, phone="111")])[0]
        partner = self.env["res.partner"].browse(res["res_id"])
        partner.phone = "222"
        self.ingest([self.company_rec(ext, phone="333")])
        return partner, self.logs(external_id=ext, error_category="conflict")

    def test_privilege_escalation_through_accept_source_is_closed(self):
        __, conflict = self._conflict("SEC-1")
        admin_group = self.env.ref("base.group_system")
        as_reviewer = conflict.with_user(self.finance_user)
        forged = {
            "res_model": "res.users",
            "res_id": self.finance_user.id,
            "conflict_values": [{"field": "groups_id", "value": [(4, admin_group.id)]}],
        }
        for field, value in forged.items():
            with self.assertRaisesRegex(AccessError, "Sync log rows are evidence"):
                as_reviewer.write({field: value})
        # even a row forged below the ORM cannot make accepting write elsewhere
        conflict.sudo().write(forged)
        with self.assertRaisesRegex(AccessError, "does not write"):
            as_reviewer.action_accept_source()
        self.assertFalse(self.finance_user.has_group("base.group_system"))
        # nor another field of the handler's own model
        conflict.sudo().write(
            {
                "res_model": "res.partner",
                "res_id": self.finance_user.partner_id.id,
                "conflict_values": [{"field": "user_ids", "value": [(4, self.env.uid)]}],
            }
        )
        with self.assertRaisesRegex(AccessError, "does not write"):
            as_reviewer.action_accept_source()

    def test_evidence_fields_are_immutable_for_every_role(self):
        self.ingest([self.company_rec("SEC-2", country_code="XX")])
        log = self.logs(external_id="SEC-2")
        for user in (self.sync_user, self.finance_user, self.manager_user):
            for vals in (
                {"state": "done"},
                {"backend_id": self.backend_uk.id},
                {"company_id": self.company_uk.id},
                {"direction": "out"},
                {"payload_hash": "0" * 64},
                {"message": "all good"},
                {"error_category": "transient"},
                {"res_model": "res.users"},
            ):
                with self.assertRaises(AccessError, msg=f"{user.login} {vals}"):
                    log.with_user(user).write(vals)
            with self.assertRaises(AccessError):
                self.env["ps.sync.log"].with_user(user).create(
                    {"name": "forged", "company_id": self.company_us.id}
                )
            with self.assertRaises(AccessError):
                log.with_user(user).unlink()
        self.assertEqual((log.state, log.backend_id), ("failed", self.backend))

    def test_editing_a_payload_needs_the_reviewer_and_leaves_a_trace(self):
        self.ingest([self.company_rec("SEC-3", country_code="XX")])
        log = self.logs(external_id="SEC-3")
        fixed = json.dumps(self.company_rec("SEC-3"))
        with self.assertRaisesRegex(AccessError, "edit a message's payload"):
            log.with_user(self.sync_user).write({"payload": fixed})
        received = log.payload
        log.with_user(self.finance_user).write({"payload": fixed})
        note = log.message_ids[0]
        self.assertIn(f"Payload corrected by {self.finance_user.name}", note.body)
        self.assertIn("country_code: 'XX' -&gt; 'US'", note.body)
        self.assertEqual(note.author_id, self.env.ref("base.partner_root"))
        self.assertEqual(log.payload_original, received)  # kept for the audit
        log.with_user(self.sync_user).action_replay()  # replaying stays a sync user's
        self.assertEqual(log.state, "done")
        with self.assertRaisesRegex(UserError, "Only failed or dead inbound"):
            log.with_user(self.finance_user).write({"payload": fixed})

    def test_accepting_a_source_value_writes_as_the_reviewer(self):
        partner, conflict = self._conflict("SEC-4")
        reviewer_without_contact_rights = new_test_user(
            self.env,
            login="t_finance_ro",
            groups="base.group_user,ps_sync_core.group_finance_reviewer",
            company_id=self.company_us.id,
            company_ids=[(6, 0, [self.company_us.id])],
        )
        with self.assertRaises(AccessError):
            conflict.with_user(reviewer_without_contact_rights).action_accept_source()
        self.assertEqual(partner.phone, "222")
        conflict.with_user(self.finance_user).action_accept_source()
        self.assertEqual(partner.phone, "333")

    def test_public_methods_check_their_group(self):
        res = self.ingest([self.company_rec("SEC-5")])[0]
        for user in (self.integration_user, self.sync_user, self.finance_user):
            backend = self.backend.with_user(user)
            with self.assertRaisesRegex(AccessError, "export records"):
                backend.export_records("partner", [res["res_id"]])
            with self.assertRaisesRegex(AccessError, "start a reconciliation"):
                backend.action_reconcile()
        self.assertFalse(self.logs(direction="out"))
        # job bodies are private: not reachable over RPC at all
        self.assertFalse(hasattr(self.env["ps.sync.log"], "process_queued"))
        self.assertTrue(
            self.backend.with_user(self.manager_user).export_records("partner", [res["res_id"]])
        )

    def test_integration_group_alone_reads_nothing_else(self):
        api_only = new_test_user(
            self.env,
            login="t_api_only",
            groups="ps_sync_core.group_integration",
            company_id=self.company_us.id,
            company_ids=[(6, 0, [self.company_us.id])],
        )
        res = self.ingest([self.company_rec("SEC-6")], user=api_only)
        self.assertEqual(res[0]["status"], "created")
        for model in (
            "res.users",
            "res.company",
            "ps.sync.log",
            "hr.employee",
            "queue.job",
            "ir.config_parameter",
        ):
            if model in self.env:
                with self.assertRaises(AccessError, msg=model):
                    self.env[model].with_user(api_only).search([])
        # it reads the partners it syncs (to map ids), not the users' or others'
        Partner = self.env["res.partner"].with_user(api_only)
        self.assertIn(res[0]["res_id"], Partner.search([]).ids)
        self.assertNotIn(self.finance_user.partner_id, Partner.search([]))
        self.assertNotIn(self.env.ref("base.partner_admin"), Partner.search([]))
        with self.assertRaises(AccessError):
            Partner.browse(res[0]["res_id"]).write({"name": "renamed"})
        self.assertTrue(
            self.env["ps.sync.binding"].with_user(api_only).search([("external_id", "=", "SEC-6")])
        )


class TestWorkbenchForm(SyncCase):
    def test_reviewer_without_email_corrects_in_the_form_and_resolves(self):
        from odoo.tests import Form

        self.finance_user.email = False  # Odoo refuses such users as authors
        self.ingest(
            [self.company_rec("FORM-1", country_code="QQ"), self.company_rec("FORM-2", email="bad")]
        )
        log = self.logs(external_id="FORM-1").with_user(self.finance_user)
        self.assertIn('\n  "country_code": "QQ"', log.payload_display)  # indented
        with Form(log) as form:
            form.payload_display = log.payload_display.replace('"QQ"', '"GB"')
        self.assertTrue(log.payload_edited)
        self.assertIn('"country_code":"QQ"', log.payload_original)
        log.action_replay()
        self.assertEqual(log.state, "done")
        other = self.logs(external_id="FORM-2").with_user(self.finance_user)
        other.action_resolve("test data, never a customer")
        self.assertEqual(other.state, "resolved")
        self.assertIn(self.finance_user.name, other.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "not valid JSON"):
            self.logs(external_id="FORM-2").with_user(self.finance_user).write(
                {"payload_display": "{oops"}
            )
