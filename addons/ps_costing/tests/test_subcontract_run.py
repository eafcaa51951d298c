# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError

from odoo.addons.queue_job.job import Job

from .common import CostingCase, D

MARCH = D(2026, 3, 31)


class TestSubcontractRun(CostingCase):
    def run_month(self, date_to=MARCH):
        run = self.env["ps.subcontract.run"].create(
            {"company_id": self.company.id, "date_to": date_to}
        )
        run.action_start()
        for line in run.line_ids:
            Job.load(self.env, line.sudo().job_id.uuid).perform()
        return run

    def test_vendor_bill_exactly_once_with_adjustment_and_release(self):
        """Sam (Northwind, buy rate 80/h) works 10 approved hours in March and
        2 submitted ones; Jane works 8 (an employee: never on a vendor bill)."""
        res = self.ingest_ok(
            [
                self.time("S-1", self.sam, D(2026, 3, 10), 10),
                self.time("S-2", self.sam, D(2026, 3, 11), 2, status="submitted"),
                self.time("J-1", self.jane, D(2026, 3, 10), 8),
            ]
        )
        s1 = self.entry(res[0])
        run = self.run_month()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.line_ids.mapped("state"), ["done"])
        bill = run.line_ids.move_id
        self.assertEqual(
            (bill.move_type, bill.partner_id, bill.state, bill.amount_untaxed),
            ("in_invoice", self.vendor, "draft", 800.0),
        )
        self.assertEqual(
            bill.invoice_line_ids.mapped("name"), ["Sam Contractor on Engagement ACME-ERP: 10.0 h"]
        )
        trace = bill.ps_subcontract_trace_ids
        self.assertEqual(
            (trace.timesheet_id, trace.hours, trace.amount, trace.engagement_id),
            (s1, 10.0, 800.0, self.engagement),
        )
        # billed to the customer at the engagement's rates: Sam 140 (Acme), Jane 200
        self.assertEqual(self.bill().amount_untaxed, 10 * 140.0 + 8 * 200.0)
        # exactly once: nothing left for a second run
        with self.assertRaisesRegex(UserError, "No subcontractor hours"):
            self.run_month()
        # two more hours after billing: an adjustment, the bill stays as it was
        bill.action_post()
        [answer] = self.ingest_ok([self.time("S-1", self.sam, D(2026, 3, 10), 12)])
        self.assertIn(
            f"already billed on {bill.name}: recorded as an adjustment (the vendor bill "
            "stays as it is, the next subcontractor run bills the difference)",
            answer["message"],
        )
        adjustment = self.run_month().line_ids.move_id
        self.assertEqual(adjustment.amount_untaxed, 160.0)
        self.assertTrue(adjustment.ps_subcontract_trace_ids.is_adjustment)
        self.assertEqual(bill.amount_untaxed, 800.0)
        # a cancelled bill releases its hours to the next run, and stays cancelled
        bill.button_draft()
        bill.button_cancel()
        self.assertTrue(s1.ps_vendor_to_bill)
        again = self.run_month().line_ids.move_id
        self.assertEqual(again.amount_untaxed, 800.0)
        with self.assertRaisesRegex(UserError, "cannot be brought back"):
            bill.button_draft()
        live = s1.ps_subcontract_trace_ids.filtered(lambda t: t.move_state != "cancel")
        self.assertEqual(sum(live.mapped("hours")), 12.0)
        self.assertEqual(sum(live.mapped("amount")), 960.0)

    def test_buy_rate_change_after_billing_is_an_adjustment(self):
        self.ingest_ok([self.time("S-9", self.sam, D(2026, 3, 10), 5)])
        self.run_month().line_ids.move_id.action_post()
        self.sam_rate.hourly_cost = 90.0  # March is open: its cost changes
        adjustment = self.run_month().line_ids.move_id
        self.assertEqual(adjustment.amount_untaxed, 50.0)

    def test_vendor_bill_takes_the_purchase_taxes_mapped_by_the_vendor_fiscal_position(self):
        """The subcontract product's vendor tax is 20 %: Sam's 10 h x 80 =
        800 + 160 tax. Once the vendor has a fiscal position mapping it to
        5 %, their next bill (5 h x 80 = 400) carries 20 of tax."""

        def tax(name, amount):
            return self.env["account.tax"].create(
                {
                    "name": name,
                    "amount": amount,
                    "amount_type": "percent",
                    "type_tax_use": "purchase",
                    "company_id": self.company.id,
                }
            )

        vat20, vat5 = tax("Purchase 20%", 20.0), tax("Purchase 5%", 5.0)
        self.company.ps_subcontract_product_id = self.env["product.product"].create(
            {
                "name": "Subcontracted hours",
                "type": "service",
                "supplier_taxes_id": [Command.set(vat20.ids)],
            }
        )
        self.ingest_ok([self.time("S-T1", self.sam, D(2026, 3, 10), 10)])
        bill = self.run_month().line_ids.move_id
        self.assertEqual(
            (
                bill.invoice_line_ids.tax_ids,
                bill.amount_untaxed,
                bill.amount_tax,
                bill.amount_total,
            ),
            (vat20, 800.0, 160.0, 960.0),
        )
        fiscal_position = self.env["account.fiscal.position"].create(
            {
                "name": "Reduced rate supplier",
                "company_id": self.company.id,
                "tax_ids": [Command.create({"tax_src_id": vat20.id, "tax_dest_id": vat5.id})],
            }
        )
        self.vendor.with_company(self.company).property_account_position_id = fiscal_position
        self.ingest_ok([self.time("S-T2", self.sam, D(2026, 3, 12), 5)])
        bill = self.run_month().line_ids.move_id
        self.assertEqual(
            (bill.fiscal_position_id, bill.invoice_line_ids.tax_ids, bill.amount_total),
            (fiscal_position, vat5, 420.0),
        )

    def test_only_invoicing_users_start_runs(self):
        user = self.user_without_email("pm-sub", ["project.group_project_manager"])
        run = self.env["ps.subcontract.run"].create(
            {"company_id": self.company.id, "date_to": MARCH}
        )
        with self.assertRaises(AccessError):
            run.with_user(user).action_start()
