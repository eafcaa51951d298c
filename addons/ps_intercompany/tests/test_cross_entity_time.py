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

    def test_time_in_a_period_either_entity_locked_is_refused_at_intake_and_logged(self):
        records = [self.ann_time("LK1", D(2026, 3, 2), 8), self.ann_time("LK2", D(2026, 4, 2), 2)]
        Backend = self.env["ps.sync.backend"].sudo()
        for company, reason in (
            (
                self.us,
                "is in a period company_1_data has locked (up to 2026-03-31): "
                "cross-entity time of Meridian Ltd cannot be charged to it there",
            ),
            (self.uk, "is in a locked period (locked up to 2026-03-31)"),
        ):
            with self.subTest(locked=company.name):
                company.purchase_lock_date = company.sale_lock_date = D(2026, 3, 31)
                if company == self.uk:
                    company.purchase_lock_date = False
                first, second = Backend.ingest("t-time-uk", "timesheet", records)
                self.assertEqual(first["status"], "rejected")
                self.assertIn(f"date 2026-03-02 {reason}", first["message"])
                # the rest of the batch lands; nothing of the refused one
                self.assertNotEqual(second["status"], "rejected", second)
                self.assertFalse(
                    self.env["account.analytic.line"].search(
                        [("employee_id", "=", self.ann.id), ("date", "=", D(2026, 3, 2))]
                    )
                )
                log = self.env["ps.sync.log"].search(
                    [("external_id", "=", "LK1"), ("state", "=", "failed")], order="id desc"
                )[:1]
                self.assertIn(reason, log.message)
                company.sale_lock_date = company.purchase_lock_date = False
        # the receiver's purchase lock alone (its intercompany bills) refuses too
        self.us.purchase_lock_date = D(2026, 3, 31)
        self.assertEqual(
            Backend.ingest("t-time-uk", "timesheet", records[:1])[0]["status"], "rejected"
        )
        # once open, the same record lands
        self.us.purchase_lock_date = False
        self.assertEqual(self.ingest_uk(records[:1]).date, D(2026, 3, 2))
