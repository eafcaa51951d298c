# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from .common import D, IntercompanyCase


@freeze_time("2026-04-10")
class TestIntercompanyBalances(IntercompanyCase):
    def balances(self):
        # a view over the ledger and the settings: read afresh
        self.env.flush_all()
        self.env.invalidate_all()
        return self.env["ps.intercompany.balance"].search(
            [("provider_company_id", "=", self.uk.id), ("receiver_company_id", "=", self.us.id)]
        )

    def test_receivable_and_payable_tie_out_and_a_deleted_bill_is_flagged(self):
        self.ingest_uk([self.ann_time("BAL1", D(2026, 3, 2), 8)])
        first = self.charge()
        self.ingest_uk([self.ann_time("BAL1", D(2026, 3, 2), 6)])
        credit = self.charge()
        rows = self.balances()
        self.assertEqual(len(rows), 2)
        self.assertFalse(any(rows.mapped("flagged")))
        self.assertEqual(sum(rows.mapped("receivable")), 396.0)  # 528 - 132 GBP
        self.assertEqual(sum(rows.mapped("payable")), 396.0)
        self.assertEqual(sum(rows.mapped("revenue")), sum(rows.mapped("cost")))
        # each entity's books at the invoice date's rate: GBP 396 = USD 495
        self.assertEqual(sum(rows.mapped("receivable_provider_currency")), 396.0)
        self.assertEqual(sum(rows.mapped("payable_receiver_currency")), 495.0)
        # side by side in the group currency (the US entity's USD)
        self.assertEqual(rows.group_currency_id, self.usd)
        self.assertEqual(sum(rows.mapped("receivable_group")), 495.0)
        self.assertEqual(sum(rows.mapped("payable_group")), 495.0)
        self.assertEqual(sum(rows.mapped("difference_group")), 0.0)
        by_invoice = {row.invoice_id: row for row in rows}
        self.assertEqual(by_invoice[credit.move_id].receivable, -132.0)
        # the receiver deletes its bill: the invoice explains the difference
        bill = first.bill_id
        bill.button_draft()
        bill.unlink()
        rows = self.balances()
        flagged = rows.filtered("flagged")
        self.assertEqual(len(flagged), 1)
        self.assertEqual(flagged.invoice_id, first.move_id)
        self.assertFalse(flagged.bill_id)
        self.assertEqual((flagged.receivable, flagged.payable, flagged.difference), (528, 0, 528))
        self.assertEqual(flagged.flag_reason, "no_bill")
        self.assertEqual((flagged.receivable_group, flagged.payable_group), (660.0, 0.0))

    def test_a_bill_made_by_hand_shows_unmatched(self):
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "company_id": self.us.id,
                "partner_id": self.uk.partner_id.id,
                "invoice_date": D(2026, 3, 31),
                "currency_id": self.gbp.id,
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Travel recharge",
                            "quantity": 1,
                            "price_unit": 100.0,
                            "tax_ids": [(5,)],
                        },
                    )
                ],
            }
        )
        bill.action_post()
        row = self.balances()
        self.assertEqual((row.bill_id, row.invoice_id.id, row.flagged), (bill, False, True))
        self.assertEqual((row.difference, row.flag_reason), (-100.0, "no_invoice"))
        self.assertEqual((row.receivable_group, row.payable_group), (0.0, 125.0))

    def test_only_users_of_both_entities_read_balances(self):
        self.ingest_uk([self.ann_time("BAL2", D(2026, 3, 2), 1)])
        self.charge()
        group = self.env.ref("account.group_account_invoice")
        user = self.env["res.users"].create(
            {
                "name": "US only",
                "login": "ic-bal-us",
                "company_id": self.us.id,
                "company_ids": [(6, 0, self.us.ids)],
                "groups_id": [(6, 0, group.ids)],
            }
        )
        Balance = self.env["ps.intercompany.balance"]
        self.assertFalse(Balance.with_user(user).search([]))
        user.company_ids = self.us | self.uk
        both = Balance.with_user(user).with_context(allowed_company_ids=(self.us | self.uk).ids)
        self.assertEqual(len(both.search([])), 1)

    def test_group_currency_shows_what_the_books_rates_leave_uneliminated(self):
        """The UK entity consolidates in GBP, and its rate table says 1 GBP =
        1.30 USD from March where the US books used 1.25: the documents tie
        out, the group currency shows the difference, flagged."""
        Param = self.env["ir.config_parameter"]
        Param.set_param("ps_intercompany.group_company_id", self.uk.id)
        self.env["res.currency.rate"].create(
            {
                "currency_id": self.usd.id,
                "name": "2026-03-01",
                "rate": 1.3,
                "company_id": self.uk.id,
            }
        )
        self.ingest_uk([self.ann_time("BAL3", D(2026, 3, 2), 8)])
        self.charge()
        row = self.balances()
        self.assertEqual((row.difference, row.group_currency_id), (0.0, self.gbp))
        # 528 GBP in the UK books; 660 USD in the US books / 1.30 = 507.69 GBP
        self.assertEqual((row.receivable_group, row.payable_group), (528.0, 507.69))
        self.assertAlmostEqual(row.difference_group, 20.31)
        self.assertEqual((row.flagged, row.flag_reason), (True, "fx"))
        # a group currency the consolidating entity has no rate for: shown, not guessed
        eur = self.env.ref("base.EUR")
        eur.active = True
        Param.set_param("ps_intercompany.group_currency_id", eur.id)
        self.env["res.currency.rate"].search([("currency_id", "=", eur.id)]).unlink()
        row = self.balances()
        self.assertEqual(
            (row.group_currency_id, row.flagged, row.flag_reason), (eur, True, "no_rate")
        )
        self.assertFalse(row.receivable_group)
        # with a rate for the day: 1 GBP = 1.15 EUR
        self.env["res.currency.rate"].create(
            {"currency_id": eur.id, "name": "2026-03-31", "rate": 1.15, "company_id": self.uk.id}
        )
        row = self.balances()
        self.assertEqual((row.receivable_group, row.payable_group), (607.2, 583.85))
