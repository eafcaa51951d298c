# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from .common import BillingCase, D


@freeze_time("2026-04-10")
class TestTimesheetIngest(BillingCase):
    def test_entries_land_as_timesheets_with_their_status(self):
        res = self.ingest_ok([self.time("TS1", self.jane, D(2026, 3, 2), 7.25, status="submitted")])
        line = self.env["account.analytic.line"].browse(res[0]["res_id"])
        self.assertEqual(
            (line.employee_id, line.project_id, line.unit_amount, line.ps_status),
            (self.jane, self.project, 7.25, "submitted"),
        )
        self.assertEqual(line.ps_engagement_id, self.engagement)
        self.assertEqual(line.account_id, self.project.account_id)
        # a late approval is fine
        res = self.ingest_ok([self.time("TS1", self.jane, D(2026, 3, 2), 7.25, status="approved")])
        self.assertEqual((res[0]["status"], line.ps_status), ("updated", "approved"))

    def test_bad_entries_are_rejected_with_their_reason(self):
        closed, __ = self.make_engagement("ACME-OLD")
        closed.action_close()
        temp = self.env["hr.employee"].create(
            {
                "name": "Temp Contractor",
                "work_email": "temp@meridian.example",
                "company_id": self.company.id,
            }
        )  # no role: no rate applies
        res = self.ingest(
            [
                self.time("B1", self.jane, D(2026, 3, 2), -1),
                self.time("B2", self.jane, D(2026, 3, 2), 0),
                self.time("B3", self.jane, D(2026, 3, 2), 25),
                self.time("B4", self.jane, D(2026, 3, 3), 1, project="NOPE"),
                self.time(
                    "B5", self.jane, D(2026, 3, 3), 1, employee_email="ghost@meridian.example"
                ),
                self.time("B6", self.jane, D(2026, 3, 3), 1, task_code="T-404"),
                self.time("B7", self.jane, D(2026, 3, 3), 1, project="ACME-OLD"),
                self.time("B8", temp, D(2026, 3, 3), 1),
                self.time("B9", self.jane, D(2026, 3, 3), 1, status="paid"),
                self.time("B10", self.bob, D(2026, 3, 9), 14),
                self.time("B11", self.bob, D(2026, 3, 9), 11),  # 14 + 11 > 24 for Bob that day
                {
                    "external_id": "B12",
                    "project_code": "ACME-ERP",
                    "date": "2026-03-03",
                    "hours": 1,
                },
                self.time("OK1", self.jane, D(2026, 3, 4), 8),
            ]
        )
        by_ext = {r["external_id"]: r for r in res}
        expected = {
            "B1": "'hours' must be positive",
            "B2": "'hours' must be positive",
            "B3": "one day has at most 24",
            "B4": "unknown project_code 'NOPE'",
            "B5": "unknown employee 'ghost@meridian.example'",
            "B6": "unknown task_code 'T-404'",
            "B7": "is closed",
            "B8": "no rate for this employee, role or customer on 2026-03-03",
            "B9": "'status' is 'paid'",
            "B11": "would bring this employee's 2026-03-09 to 25.0 h",
            "B12": "'employee_email' or 'employee_external_id' is required",
        }
        for ext, text in expected.items():
            self.assertEqual(by_ext[ext]["status"], "rejected", ext)
            self.assertIn(text, by_ext[ext]["message"], ext)
        self.assertEqual(by_ext["OK1"]["status"], "created")
        self.assertEqual(by_ext["B10"]["status"], "created")
        logs = self.env["ps.sync.log"].search(
            [("backend_id", "=", self.backend.id), ("state", "=", "failed")]
        )
        self.assertEqual(len(logs), len(expected))
        self.assertEqual(logs.filtered(lambda r: r.external_id == "B4").error_category, "business")

    def test_locked_period_and_status_moves(self):
        self.company.fiscalyear_lock_date = D(2026, 2, 28)
        res = self.ingest([self.time("LK1", self.jane, D(2026, 2, 27), 2)])
        self.assertIn("locked period", res[0]["message"])
        self.ingest_ok([self.time("ST1", self.jane, D(2026, 3, 2), 2)])  # approved
        res = self.ingest([self.time("ST1", self.jane, D(2026, 3, 2), 2, status="draft")])
        self.assertEqual(res[0]["status"], "rejected")
        self.assertIn("cannot move from 'approved' to 'draft'", res[0]["message"])
        self.ingest_ok([self.time("ST2", self.jane, D(2026, 3, 3), 2, status="rejected")])
        self.ingest_ok([self.time("ST2", self.jane, D(2026, 3, 3), 2, status="submitted")])

    def test_change_after_invoicing_is_an_adjustment_not_an_edit(self):
        self.ingest_ok([self.time("AD1", self.bob, D(2026, 3, 2), 8)])
        first = self.bill()
        self.assertEqual(first.amount_untaxed, 1120.0)
        # the time tool corrects the entry after it was invoiced
        res = self.ingest_ok([self.time("AD1", self.bob, D(2026, 3, 2), 6)])
        self.assertEqual(res[0]["status"], "updated")
        # the invoice already made is untouched
        self.assertEqual(first.amount_untaxed, 1120.0)
        self.assertEqual(first.invoice_line_ids.quantity, 8.0)
        credit = self.bill()  # a credit note: its line carries the credit with its sign turned
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(
            self.lines(credit),
            [
                (
                    "Adjustment: Bob Stone (Consultant), 2026-03-02: 8 h billed, now 6 h",
                    1.0,
                    280.0,
                    280.0,
                )
            ],
        )
        self.assertEqual(credit.invoice_line_ids.ps_trace_ids.mapped("amount"), [-280.0])
        # and then up again: a re-bill
        self.ingest_ok([self.time("AD1", self.bob, D(2026, 3, 2), 9)])
        rebill = self.bill()
        self.assertEqual(rebill.amount_untaxed, 420.0)
        self.assertEqual(self.engagement.cap_hours_used, 9.0)
        self.assertFalse(self.bill())

    def test_moved_to_another_engagement_after_invoicing(self):
        other, __ = self.make_engagement("ACME-OTHER")
        self.ingest_ok([self.time("MV1", self.bob, D(2026, 3, 2), 5)])
        self.assertEqual(self.bill().amount_untaxed, 700.0)
        self.ingest_ok([self.time("MV1", self.bob, D(2026, 3, 2), 5, project="ACME-OTHER")])
        credit = self.bill()  # credited where it was billed
        self.assertEqual((credit.move_type, credit.amount_untaxed), ("out_refund", 700.0))
        self.assertEqual(self.bill(other).amount_untaxed, 700.0)  # billed where it is now

    def test_nobody_approves_their_own_time(self):
        # "readonly in a view protects nothing": the approval is checked in write
        from odoo.exceptions import AccessError
        from odoo.tests import new_test_user

        common = {"company_id": self.company.id, "company_ids": [(6, 0, [self.company.id])]}
        consultant = new_test_user(
            self.env,
            login="t_bob_self",
            groups="base.group_user,hr_timesheet.group_hr_timesheet_user",
            **common,
        )
        approver = new_test_user(
            self.env,
            login="t_approver",
            groups="base.group_user,hr_timesheet.group_hr_timesheet_approver",
            **common,
        )
        self.bob.user_id = consultant
        Line = self.env["account.analytic.line"].with_user(consultant)
        line = Line.create(
            {
                "name": "Own work",
                "project_id": self.project.id,
                "employee_id": self.bob.id,
                "date": D(2026, 3, 2),
                "unit_amount": 8,
            }
        )
        line.ps_status = "submitted"
        with self.assertRaisesRegex(AccessError, "Only timesheet approvers"):
            line.ps_status = "approved"
        with self.assertRaisesRegex(AccessError, "Only timesheet approvers"):
            Line.create(
                {
                    "name": "Pre-approved",
                    "project_id": self.project.id,
                    "employee_id": self.bob.id,
                    "date": D(2026, 3, 3),
                    "unit_amount": 8,
                    "ps_status": "approved",
                }
            )
        self.assertFalse(self.bill())  # nothing approved, nothing billed
        line.with_user(approver).ps_status = "approved"
        with self.assertRaisesRegex(AccessError, "Only timesheet approvers"):
            line.unit_amount = 12  # inflating approved time afterwards
        self.assertEqual(self.bill().amount_untaxed, 8 * 140.0)  # his rate for Acme

    def test_a_batch_gets_what_odoo_create_gives_each_entry(self):
        """In a batch, hr_timesheet's cost and analytic accounts are done per
        group once the batch exists: each entry ends as Odoo's own create of
        the same values leaves it (and as a batch of one does)."""
        self.jane.hourly_cost = 80.0
        self.bob.hourly_cost = 55.5
        batch = self.ingest_ok(
            [
                self.time("AM1", self.jane, D(2026, 3, 2), 7.25),
                self.time("AM2", self.bob, D(2026, 3, 2), 3.5),
                self.time("AM3", self.jane, D(2026, 3, 3), 2),
                self.time("AM4", self.bob, D(2026, 3, 3), 3.5, status="submitted"),
            ]
        )
        single = self.ingest_ok([self.time("AM5", self.bob, D(2026, 3, 4), 3.5)])
        Line = self.env["account.analytic.line"]
        plain = Line.create(
            {
                "name": "plain",
                "employee_id": self.bob.id,
                "project_id": self.project.id,
                "date": D(2026, 3, 5),
                "unit_amount": 3.5,
            }
        )
        lines = Line.browse([r["res_id"] for r in batch + single])
        self.assertEqual(lines.mapped("amount"), [-580.0, -194.25, -160.0, -194.25, -194.25])
        self.assertEqual(plain.amount, -194.25)
        for line in lines:
            self.assertEqual(
                (line.account_id, line.product_uom_id, line.company_id),
                (plain.account_id, plain.product_uom_id, plain.company_id),
            )
            self.assertEqual(line.user_id, line.employee_id.user_id)
            self.assertTrue(line.ps_to_bill)
        self.assertEqual(lines.mapped("ps_engagement_id"), self.engagement)
