# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from .common import D, IntercompanyCase


@freeze_time("2026-04-10")
class TestCrossEntityTime(IntercompanyCase):
    def test_provider_time_lands_on_the_receivers_engagement_and_is_billed(self):
        entry = self.ingest_uk([self.ann_time("UK1", D(2026, 3, 2), 7.5)])
        self.assertEqual(entry.company_id, self.us)
        self.assertEqual(entry.ps_engagement_id, self.engagement)
        self.assertEqual(entry.ps_employee_company_id, self.uk)
        # billed to the US customer as any time: 7.5 h at the card's 180 USD
        invoice = self.bill()
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertEqual(invoice.company_id, self.us)
        self.assertEqual(invoice.amount_untaxed, 1350.0)

    def test_the_receivers_time_tool_does_not_name_the_providers_consultants(self):
        res = self.ingest([self.ann_time("US1", D(2026, 3, 3), 2)])
        self.assertEqual(res[0]["status"], "rejected")
        self.assertIn("unknown employee 'ann@meridian.example.uk'", res[0]["message"])

    def test_the_employing_entity_is_the_one_at_intake(self):
        entry = self.ingest_uk([self.ann_time("UK2", D(2026, 3, 2), 1)])
        # the consultant moves to the US entity later: the entry keeps its employer
        self.ann.company_id = self.us
        self.env.invalidate_all()
        self.assertEqual(entry.ps_employee_company_id, self.uk)

    def test_without_an_agreement_the_entities_do_not_share_time(self):
        self.agreement.active = False
        res = (
            self.env["ps.sync.backend"]
            .sudo()
            .ingest("t-time-uk", "timesheet", [self.ann_time("UK3", D(2026, 3, 2), 1)])
        )
        self.assertEqual(res[0]["status"], "rejected")
        self.assertIn("unknown project_code 'ACME-ERP' in Meridian Ltd", res[0]["message"])

    def test_changing_time_marks_it_to_charge_and_the_mark_is_evidence(self):
        entry = self.ingest_uk([self.ann_time("UK4", D(2026, 3, 2), 3)])
        self.charge()
        self.assertFalse(entry.ps_ic_to_charge)
        self.ingest_uk([self.ann_time("UK4", D(2026, 3, 2), 4)])
        self.assertTrue(entry.ps_ic_to_charge)
        approver = self.env["res.users"].create(
            {
                "name": "Approver",
                "login": "ic-approver",
                "company_id": self.us.id,
                "company_ids": [(6, 0, self.us.ids)],
                "groups_id": [(6, 0, self.env.ref("hr_timesheet.group_hr_timesheet_approver").ids)],
            }
        )
        with self.assertRaisesRegex(Exception, "Only intercompany runs mark"):
            entry.with_user(approver).write({"ps_ic_to_charge": False})
