# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError

from .common import CostingCase, D


class TestExpenseBilling(CostingCase):
    def expense(self, ext, amount, billable=True, **kw):
        rec = {
            "external_id": ext,
            "employee_email": "jane@meridian.example",
            "date": "2026-03-12",
            "project_code": "ACME-ERP",
            "category": "EXP_TRAVEL",
            "description": f"Trip {ext}",
            "amount": amount,
            "billable": billable,
        }
        rec.update(kw)
        return rec

    def test_billable_expense_reinvoiced_once_with_markup(self):
        """8 h of Jane at 220 (her card rate from 16 March), a billable 100.00
        expense with a 10 % markup and a non-billable 40.00 one: the invoice
        bills 1760 + 110; a second run bills nothing; raising the expense to
        120 bills the 22.00 difference as an adjustment."""
        self.engagement.ps_expense_markup = 10.0
        self.ingest_ok([self.time("T-1", self.jane, D(2026, 3, 20), 8)])
        res = self.ingest_object_ok(
            "expense", [self.expense("X-1", 100.0), self.expense("X-2", 40.0, billable=False)]
        )
        billable = self.env["hr.expense"].browse(res[0]["res_id"])
        move = self.bill()
        self.assertEqual(move.amount_untaxed, 1870.0)
        expense_lines = move.invoice_line_ids.filtered(lambda ln: "Trip" in ln.name)
        self.assertEqual(
            [(ln.name, ln.price_subtotal) for ln in expense_lines],
            [("Expense 2026-03-12: Trip X-1", 110.0)],
        )
        trace = self.env["ps.billing.trace"].search([("expense_id", "!=", False)])
        self.assertEqual((trace.expense_id, trace.amount, trace.kind), (billable, 110.0, "expense"))
        self.assertEqual(trace.move_line_id, expense_lines)
        self.assertFalse(billable.ps_to_bill)
        self.assertEqual(billable.ps_billed_amount, 110.0)
        # exactly once: the next run has nothing to bill
        self.assertFalse(self.bill())
        # changed at the source after billing: the invoice stays, the
        # difference is billed next time
        move.action_post()
        [answer] = self.ingest_object_ok("expense", [self.expense("X-1", 120.0)])
        said = (
            f"already billed on {move.name}: recorded as an adjustment (the invoice stays "
            "as it is, the next billing run bills the difference)"
        )
        self.assertEqual((answer["status"], answer["message"]), ("updated", said))
        log = self.env["ps.sync.log"].search(
            [("object_name", "=", "expense"), ("external_id", "=", "X-1")], order="id desc", limit=1
        )
        self.assertEqual(log.message, said)
        # a change of an expense never billed says nothing of it
        [answer] = self.ingest_object_ok("expense", [self.expense("X-2", 45.0, billable=False)])
        self.assertEqual(answer["message"], "")
        self.assertTrue(billable.ps_to_bill)
        again = self.bill()
        self.assertEqual(
            [(ln.name, ln.price_subtotal) for ln in again.invoice_line_ids],
            [("Adjustment: Expense 2026-03-12: Trip X-1", 22.0)],
        )
        self.assertEqual(move.amount_untaxed, 1870.0)
        self.assertEqual(billable.ps_billed_amount, 132.0)

    def test_cancelled_invoice_releases_the_expense_and_credit_when_no_longer_billable(self):
        res = self.ingest_object_ok("expense", [self.expense("X-3", 80.0)])
        expense = self.env["hr.expense"].browse(res[0]["res_id"])
        move = self.bill()
        self.assertEqual(move.amount_untaxed, 80.0)  # at cost: no markup
        move.button_cancel()
        self.assertTrue(expense.ps_to_bill)
        second = self.bill()
        self.assertEqual(second.amount_untaxed, 80.0)
        second.action_post()
        # no longer billable: credited
        self.ingest_object_ok("expense", [self.expense("X-3", 80.0, billable=False)])
        credit = self.bill()
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(credit.amount_untaxed, 80.0)
        self.assertEqual(expense.ps_billed_amount, 0.0)

    def test_only_billing_marks_expenses_billed(self):
        res = self.ingest_object_ok("expense", [self.expense("X-4", 10.0)])
        expense = self.env["hr.expense"].browse(res[0]["res_id"])
        with self.assertRaises(AccessError):
            expense.with_user(self.env.ref("base.user_admin")).with_context(ps_x=1).sudo(
                False
            ).write({"ps_to_bill": False})
