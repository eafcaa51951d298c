# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError

from .common import D, IntercompanyCase


@freeze_time("2026-04-10")
class TestIntercompanyTaxes(IntercompanyCase):
    """The agreement names the taxes of each side: hand-computed amounts on
    8 h of Ann at 66 GBP (528 GBP), 1 GBP = 1.25 USD."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        us_tax_account = cls.company_data["default_account_tax_purchase"]
        us_due_account = cls.company_data["default_account_tax_sale"]

        def tax(name, company, use, *accounts_factors):
            return cls.make_tax(name, company, use, 20.0, *accounts_factors)

        # the receiver self-assesses: 20 % due and 20 % deductible, nothing to pay
        cls.reverse_charge = tax(
            "Reverse charge 20%",
            cls.us,
            "purchase",
            (us_tax_account, 100.0),
            (us_due_account, -100.0),
        )
        cls.uk_vat = tax(
            "UK VAT 20%", cls.uk, "sale", (cls.uk_data["default_account_tax_sale"], 100.0)
        )
        cls.us_input_vat = tax("Input VAT 20%", cls.us, "purchase", (us_tax_account, 100.0))

    def test_reverse_charge_no_vat_on_the_invoice_self_assessed_on_the_bill(self):
        self.agreement.receiver_tax_ids = self.reverse_charge
        self.ingest_uk([self.ann_time("TX1", D(2026, 3, 2), 8)])
        line = self.charge()
        invoice, bill = line.move_id, line.bill_id
        self.assertEqual((invoice.amount_untaxed, invoice.amount_tax), (528.0, 0.0))
        self.assertFalse(invoice.invoice_line_ids.tax_ids)
        self.assertEqual(bill.invoice_line_ids.tax_ids, self.reverse_charge)
        # the bill still totals what the invoice does: nothing more to pay the UK
        self.assertEqual((bill.amount_untaxed, bill.amount_total), (528.0, 528.0))
        tax_lines = bill.line_ids.filtered("tax_line_id")
        # 20 % of 528 GBP = 105.60 GBP, 132.00 USD in the US books, due and deductible
        self.assertEqual(sorted(tax_lines.mapped("amount_currency")), [-105.6, 105.6])
        self.assertEqual(sorted(tax_lines.mapped("balance")), [-132.0, 132.0])
        payable = bill.line_ids.filtered(lambda ln: ln.account_type == "liability_payable")
        self.assertEqual((payable.amount_currency, payable.balance), (-528.0, -660.0))
        self.assertEqual(line.amount_receiver, 660.0)

    def test_vat_charged_by_the_provider_is_the_receivers_input_vat(self):
        self.agreement.write(
            {
                "provider_tax_ids": [Command.set(self.uk_vat.ids)],
                "receiver_tax_ids": [Command.set(self.us_input_vat.ids)],
            }
        )
        self.ingest_uk([self.ann_time("TX2", D(2026, 3, 2), 8)])
        line = self.charge()
        invoice, bill = line.move_id, line.bill_id
        # 528 + 20 % = 633.60 GBP on both; 792.00 USD in the US books
        self.assertEqual((invoice.amount_tax, invoice.amount_total), (105.6, 633.6))
        self.assertEqual((bill.amount_tax, bill.amount_total), (105.6, 633.6))
        self.assertEqual(bill.amount_total_signed, -792.0)
        self.assertEqual(self.agreement.revenue_charged, 528.0)  # untaxed
        # an adjustment credits the tax with it: 2 h less = 132 + 26.40
        self.ingest_uk([self.ann_time("TX2", D(2026, 3, 2), 6)])
        credit = self.charge()
        self.assertEqual(
            (credit.move_id.move_type, credit.move_id.amount_total, credit.bill_id.amount_total),
            ("out_refund", 158.4, 158.4),
        )
        rows = self.env["ps.intercompany.balance"].search([])
        self.assertAlmostEqual(sum(rows.mapped("receivable")), 475.2)  # 633.60 - 158.40
        self.assertAlmostEqual(sum(rows.mapped("payable")), 475.2)
        self.assertFalse(any(rows.mapped("flagged")))

    def test_taxes_that_make_the_two_documents_differ_are_refused(self):
        self.agreement.provider_tax_ids = self.uk_vat  # and no input VAT on the bill
        entry = self.ingest_uk([self.ann_time("TX3", D(2026, 3, 2), 8)])
        line = self.charge()
        self.assertEqual(line.state, "failed")
        self.assertIn("the bill (528.0) and the invoice (633.6) would differ", line.message)
        self.assertFalse(self.env["account.move"].search([("ps_ic_agreement_id", "!=", False)]))
        self.assertTrue(entry.ps_ic_to_charge)

    def test_each_side_names_its_own_entitys_taxes(self):
        for vals, reason in (
            ({"provider_tax_ids": [Command.set(self.reverse_charge.ids)]}, "not a sale tax of"),
            ({"receiver_tax_ids": [Command.set(self.uk_vat.ids)]}, "not a purchase tax of"),
        ):
            with (
                self.subTest(reason=reason),
                self.assertRaisesRegex(ValidationError, reason),
                self.env.cr.savepoint(),
            ):
                self.agreement.write(vals)
        self.uk_vat.price_include_override = "tax_included"
        with self.assertRaisesRegex(ValidationError, "included in the price"):
            self.agreement.provider_tax_ids = self.uk_vat
