# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Property test in Odoo: over random time sets, changed and charged again,
with the agreement's taxes, the provider's invoice and the receiver's bill
always carry the same lines and amounts, their lines are the sum of their
traces, and every approved hour is charged exactly once."""

import contextlib
import itertools
from decimal import Decimal

from freezegun import freeze_time
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from odoo import Command

from .common import D, IntercompanyCase

entry_st = st.tuples(
    st.sampled_from(["ann", "cy"]),
    st.integers(1, 28),  # day of March
    st.integers(1, 24).map(lambda q: q / 4),  # 0.25 .. 6 hours
    st.booleans(),  # approved
)
change_st = st.tuples(
    st.integers(0, 7),  # which entry
    st.one_of(st.integers(1, 24).map(lambda q: q / 4), st.just("approve"), st.just("cancel")),
)


class Rollback(Exception):
    pass


@freeze_time("2026-04-10")
class TestTheTwoDocumentsAlwaysMatch(IntercompanyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cy = cls.env["hr.employee"].create(
            {
                "name": "Cy Odell",
                "work_email": "cy@meridian.example.uk",
                "company_id": cls.uk.id,
                "job_id": cls.role.id,
                "hourly_cost": 47.37,  # + 10 % = 52.107 -> 52.11 GBP an hour
            }
        )
        cls.agreement.markup_percent = 10.0
        tax_account = cls.company_data["default_account_tax_purchase"]
        due_account = cls.company_data["default_account_tax_sale"]

        def tax(name, company, use, *pairs):
            return cls.make_tax(name, company, use, 17.5, *pairs)

        cls.taxes = {
            "none": ({}, {}),
            "reverse charge": (
                {},
                {
                    "receiver_tax_ids": [
                        Command.set(
                            tax(
                                "RC 17.5%",
                                cls.us,
                                "purchase",
                                (tax_account, 100.0),
                                (due_account, -100.0),
                            ).ids
                        )
                    ]
                },
            ),
            "vat": (
                {
                    "provider_tax_ids": [
                        Command.set(
                            tax(
                                "VAT 17.5%",
                                cls.uk,
                                "sale",
                                (cls.uk_data["default_account_tax_sale"], 100.0),
                            ).ids
                        )
                    ]
                },
                {
                    "receiver_tax_ids": [
                        Command.set(
                            tax("Input 17.5%", cls.us, "purchase", (tax_account, 100.0)).ids
                        )
                    ]
                },
            ),
        }
        cls.counter = itertools.count()

    def check_documents(self, line):
        invoice, bill = line.move_id, line.bill_id
        self.assertEqual(bill.ps_ic_mirror_id, invoice)
        inv_lines = invoice.invoice_line_ids.sorted("id")
        bill_lines = bill.invoice_line_ids.sorted("id")
        self.assertEqual(
            [(ln.quantity, ln.price_unit, ln.price_subtotal) for ln in inv_lines],
            [(ln.quantity, ln.price_unit, ln.price_subtotal) for ln in bill_lines],
        )
        for field in ("amount_untaxed", "amount_total", "amount_residual"):
            self.assertAlmostEqual(invoice[field], bill[field], places=2, msg=field)
        sign = -1 if invoice.move_type == "out_refund" else 1
        for inv_line in inv_lines:
            traced = sum(inv_line.ps_ic_trace_ids.mapped("amount"))
            self.assertAlmostEqual(sign * inv_line.price_subtotal, traced, places=2)

    def test_over_random_time_sets(self):
        @settings(
            max_examples=5,
            deadline=None,
            database=None,
            # each example is a few runs in Odoo: report the failing one unshrunk
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(
            entries=st.lists(entry_st, min_size=1, max_size=8),
            changes=st.lists(change_st, max_size=3),
            taxes=st.sampled_from(sorted(self.taxes)),
        )
        # found by seed 2: with VAT the receiver's books convert the bill's
        # lines one by one, a cent away from its total at the group rate
        @example(
            entries=[
                ("ann", 5, 4.25, True),
                ("ann", 10, 4.5, True),
                ("ann", 21, 4.75, False),
                ("ann", 9, 2.75, False),
                ("ann", 5, 1.75, False),
                ("cy", 2, 1.0, True),
                ("cy", 28, 2.75, True),
                ("cy", 8, 3.25, True),
            ],
            changes=[(0, 1.25), (4, 1.5)],
            taxes="vat",
        )
        def one(entries, changes, taxes):
            # each example in a savepoint rolled back: the next starts afresh
            with contextlib.suppress(Rollback), self.env.cr.savepoint():
                self.one_example(entries, changes, taxes)
                raise Rollback

        one()

    def one_example(self, entries, changes, taxes):
        provider_vals, receiver_vals = self.taxes[taxes]
        self.agreement.write(
            {"provider_tax_ids": [Command.clear()], "receiver_tax_ids": [Command.clear()]}
        )
        self.agreement.write({**provider_vals, **receiver_vals})
        people = {"ann": self.ann, "cy": self.cy}
        run_id = next(self.counter)
        records = [
            self.time(
                f"P{run_id}-{k}",
                people[who],
                D(2026, 3, day),
                hours,
                status="approved" if approved else "submitted",
            )
            for k, (who, day, hours, approved) in enumerate(entries)
        ]
        self.ingest_uk(records)
        charged_docs = []
        line = self.charge()
        if line.state == "done":
            self.check_documents(line)
            charged_docs.append(line.move_id)
        for index, change in changes:
            if index >= len(records):
                continue
            if change == "cancel":
                if charged_docs:
                    charged_docs[index % len(charged_docs)].button_cancel()
                continue
            record = dict(records[index])
            if change == "approve":
                record["status"] = "approved"
            else:
                record["hours"] = change
            records[index] = record
            self.ingest_uk([record])
            line = self.charge()
            self.assertIn(line.state, ("done", "nothing"), line.message)
            if line.state == "done":
                self.check_documents(line)
                charged_docs.append(line.move_id)
        self.charge()
        # every approved hour charged exactly once, at its transfer rate
        entries_now = self.env["account.analytic.line"].search(
            [("employee_id", "in", [self.ann.id, self.cy.id])]
        )
        for entry in entries_now:
            hours, amount = self.charged(entry)
            if entry.ps_status == "approved":
                rate = {self.ann: Decimal("66.00"), self.cy: Decimal("52.11")}[entry.employee_id]
                self.assertEqual(hours, entry.unit_amount)
                # a line's rounded amount is shared among its entries: a cent at most
                exact = float(rate * Decimal(str(entry.unit_amount)))
                self.assertAlmostEqual(amount, exact, delta=0.01)
            else:
                self.assertEqual((hours, amount), (0.0, 0.0))
        invoices, bills = self.documents()
        self.assertAlmostEqual(
            sum(invoices.mapped("amount_total_signed")),
            -sum(bills.mapped("amount_total_in_currency_signed")),
            places=2,
        )
        balances = self.env["ps.intercompany.balance"].search(
            [("provider_company_id", "=", self.uk.id)]
        )
        self.assertFalse(balances.filtered("flagged"), balances.mapped("flag_reason"))
