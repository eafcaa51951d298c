# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every billing model, alone and mixed, with invoices computed by hand."""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError

from .common import BillingCase, D


@freeze_time("2026-04-10")
class TestBillingModels(BillingCase):
    def test_time_and_materials_with_rate_resolution(self):
        self.ingest_ok(
            [
                self.time("T1", self.jane, D(2026, 3, 2), 8),  # role rate 200 (before her own rate)
                self.time("T2", self.jane, D(2026, 3, 17), 6),  # employee rate 220 from 16 March
                self.time("T3", self.bob, D(2026, 3, 3), 7.5),  # role+customer rate 140
                self.time("T4", self.bob, D(2026, 3, 4), 2, status="submitted"),  # not approved
                self.time("T5", self.bob, D(2026, 3, 5), 3, billable=False),  # not billable
                self.time("T6", self.bob, D(2026, 4, 2), 4),  # after the period
            ]
        )
        move = self.bill()
        self.assertEqual(move.state, "draft")
        self.assertEqual(move.move_type, "out_invoice")
        # dated when it is posted (its due date follows), the period it bills kept
        self.assertFalse(move.invoice_date)
        self.assertEqual(move.ps_period_end, D(2026, 3, 31))
        self.assertEqual(move.ps_engagement_id, self.engagement)
        # by hand: Jane 8 h x 200 = 1,600; Jane 6 h x 220 = 1,320; Bob 7.5 h x 140 = 1,050
        self.assertEqual(
            sorted(self.lines(move)),
            sorted(
                [
                    ("Jane Park (Senior consultant)", 8.0, 200.0, 1600.0),
                    ("Jane Park (Senior consultant)", 6.0, 220.0, 1320.0),
                    ("Bob Stone (Consultant)", 7.5, 140.0, 1050.0),
                ]
            ),
        )
        self.assertEqual(move.amount_untaxed, 3970.0)
        levels = {line.price_unit: line.ps_rate_level for line in move.invoice_line_ids}
        self.assertEqual(levels, {200.0: "role", 220.0: "employee", 140.0: "role+customer"})
        # each line traces back to its time entries
        jane_220 = move.invoice_line_ids.filtered(lambda line: line.price_unit == 220.0)
        self.assertEqual(jane_220.ps_timesheet_ids.mapped("unit_amount"), [6.0])
        # billed exactly once: a second run finds nothing, April time waits
        self.assertFalse(self.bill())
        move2 = self.bill(date_to=D(2026, 4, 30))
        self.assertEqual(self.lines(move2), [("Bob Stone (Consultant)", 4.0, 140.0, 560.0)])

    def test_future_dated_time_is_never_billed(self):
        self.ingest_ok([self.time("F1", self.bob, D(2026, 4, 20), 5)])  # today is 10 April
        self.assertFalse(self.bill(date_to=D(2026, 4, 30)))

    def test_cap_on_hours_holds_the_overrun(self):
        self.engagement.write({"cap_hours": 10, "cap_policy": "hold"})
        self.ingest_ok(
            [
                self.time("C1", self.bob, D(2026, 3, 2), 6),
                self.time("C2", self.bob, D(2026, 3, 3), 6),
            ]
        )
        move = self.bill()
        # 10 h allowed: 6 h + 4 h of the second day; 2 h held for review
        self.assertEqual(self.lines(move), [("Bob Stone (Consultant)", 10.0, 140.0, 1400.0)])
        self.assertEqual(self.engagement.cap_hours_used, 10.0)
        self.assertEqual(self.engagement.cap_burn, 100.0)
        held = self.env["account.analytic.line"].search([("ps_held_over_cap", "=", True)])
        self.assertEqual(held.mapped("unit_amount"), [6.0])
        # nothing more is billed while the cap holds
        self.assertFalse(self.bill())
        # raising the cap releases the held hours
        self.engagement.cap_hours = 12
        move2 = self.bill()
        self.assertEqual(self.lines(move2), [("Bob Stone (Consultant)", 2.0, 140.0, 280.0)])

    def test_cap_on_amount_writes_off_the_overrun(self):
        self.engagement.write({"cap_amount": 1000, "cap_policy": "write_off"})
        self.ingest_ok([self.time("W1", self.bob, D(2026, 3, 2), 8)])  # 8 x 140 = 1,120
        move = self.bill()
        self.assertEqual(move.amount_untaxed, 1000.0)
        names = [line[0] for line in self.lines(move)]
        self.assertIn("Written off over the cap: Bob Stone (Consultant)", names)
        # the entry is settled: nothing left to bill, and the cap is not exceeded
        self.assertFalse(self.bill())
        self.assertLessEqual(self.engagement.cap_amount_used, 1000.0)

    def test_fixed_fee_schedule(self):
        eng, __ = self.make_engagement(
            "ACME-FIX",
            bill_time=False,
            rate_card_id=False,
            schedule_ids=[
                Command.create({"date": D(2026, 3, 1), "name": "Discovery phase", "amount": 12000}),
                Command.create({"date": D(2026, 4, 1), "name": "Design phase", "amount": 8000}),
            ],
        )
        move = self.bill(eng)
        self.assertEqual(self.lines(move), [("Discovery phase", 1.0, 12000.0, 12000.0)])
        self.assertFalse(self.bill(eng))
        self.assertEqual(
            self.lines(self.bill(eng, D(2026, 4, 30))), [("Design phase", 1.0, 8000.0, 8000.0)]
        )

    def test_milestones_bill_once_accepted(self):
        eng, __ = self.make_engagement(
            "ACME-MS",
            bill_time=False,
            rate_card_id=False,
            milestone_ids=[
                Command.create({"name": "Blueprint signed off", "amount": 15000}),
                Command.create({"name": "Go-live", "amount": 25000}),
            ],
        )
        blueprint, golive = eng.milestone_ids.sorted("id")
        self.assertFalse(self.bill(eng))  # nothing accepted yet
        blueprint.action_accept(D(2026, 3, 20))
        with self.assertRaisesRegex(UserError, "already accepted"):
            blueprint.action_accept()
        # a run for February does not bill a milestone accepted in March
        self.assertFalse(self.bill(eng, D(2026, 2, 28)))
        move = self.bill(eng)
        self.assertEqual(
            self.lines(move), [("Milestone accepted: Blueprint signed off", 1.0, 15000.0, 15000.0)]
        )
        self.assertEqual((blueprint.state, golive.state), ("invoiced", "open"))
        self.assertFalse(self.bill(eng))

    def test_retainer_drawdown_topup_and_expiry(self):
        eng, __ = self.make_engagement(
            "ACME-RET",
            retainer_expiry=D(2026, 5, 31),
            schedule_ids=[
                Command.create(
                    {
                        "kind": "retainer",
                        "date": D(2026, 3, 1),
                        "name": "Retainer Q2",
                        "amount": 5000,
                    }
                ),
            ],
        )
        self.ingest_ok([self.time("R1", self.jane, D(2026, 3, 2), 10, project="ACME-RET")])  # 2,000
        move = self.bill(eng)
        # by hand: prepayment 5,000 + time 2,000 - drawn 2,000 = 5,000
        self.assertEqual(
            sorted(self.lines(move)),
            sorted(
                [
                    ("Retainer Q2", 1.0, 5000.0, 5000.0),
                    ("Jane Park (Senior consultant)", 10.0, 200.0, 2000.0),
                    ("Drawn from the retainer", 1.0, -2000.0, -2000.0),
                ]
            ),
        )
        self.assertEqual(eng.retainer_balance, 3000.0)
        # April: 20 h x 220 = 4,400; 3,000 drawn, 1,400 overage billed
        self.ingest_ok(
            [
                self.time("R2", self.jane, D(2026, 4, 1), 10, project="ACME-RET"),
                self.time("R3", self.jane, D(2026, 4, 2), 10, project="ACME-RET"),
            ]
        )
        move2 = self.bill(eng, D(2026, 4, 30))
        self.assertEqual(move2.amount_untaxed, 1400.0)
        self.assertEqual(eng.retainer_balance, 0.0)
        # a top-up is billed and drawn from
        eng.schedule_ids = [
            Command.create(
                {"kind": "retainer", "date": D(2026, 4, 5), "name": "Top-up", "amount": 1000}
            )
        ]
        with freeze_time("2026-06-10"):
            self.ingest_ok(
                [
                    self.time("R4", self.jane, D(2026, 5, 4), 2, project="ACME-RET"),
                    self.time("R5", self.jane, D(2026, 6, 1), 2, project="ACME-RET"),
                ]
            )
            move3 = self.bill(eng, D(2026, 5, 31))
            self.assertEqual(move3.amount_untaxed, 1000.0)  # top-up 1,000 + 440 - 440
            self.assertEqual(eng.retainer_balance, 560.0)
            # after expiry nothing is drawn: June time is billed in full
            move4 = self.bill(eng, D(2026, 6, 30))
            self.assertEqual(move4.amount_untaxed, 440.0)
            self.assertEqual(eng.retainer_balance, 560.0)

    def test_write_off_needs_an_approver_and_shows_on_the_invoice(self):
        self.ingest_ok([self.time("WO1", self.bob, D(2026, 3, 2), 10)])  # 1,400
        clerk = self.env["res.users"].create(
            {
                "name": "Clerk",
                "login": "clerk-wo",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "groups_id": [Command.set([self.env.ref("account.group_account_invoice").id])],
            }
        )
        wo = (
            self.env["ps.billing.writeoff"]
            .with_user(clerk)
            .create(
                {
                    "engagement_id": self.engagement.id,
                    "reason": "quality",
                    "amount": 280,
                    "note": "Rework on the data migration scripts",
                }
            )
        )
        with self.assertRaises(AccessError):
            wo.with_user(clerk).action_approve()
        self.assertEqual(self.bill().amount_untaxed, 1400.0)  # not approved: not applied
        wo.with_user(self.env.user).action_approve()
        self.ingest_ok([self.time("WO2", self.bob, D(2026, 3, 3), 1)])
        move = self.bill()
        # 140 - 280 is negative: a credit note, its lines with their signs turned
        self.assertEqual(move.move_type, "out_refund")
        self.assertIn(
            (
                "Write-off (Quality issue / rework): Rework on the data migration scripts",
                1.0,
                280.0,
                280.0,
            ),
            self.lines(move),
        )
        self.assertEqual(move.amount_untaxed, 280.0 - 140.0)
        self.assertEqual(wo.state, "applied")
        self.assertEqual(wo.approver_id, self.env.user)

    def test_mixed_models_on_one_engagement(self):
        eng, __ = self.make_engagement(
            "ACME-MIX",
            cap_hours=20,
            schedule_ids=[
                Command.create({"date": D(2026, 3, 1), "name": "Setup fee", "amount": 3000})
            ],
            milestone_ids=[Command.create({"name": "Pilot live", "amount": 7000})],
        )
        eng.milestone_ids.action_accept(D(2026, 3, 25))
        self.ingest_ok(
            [
                self.time("M1", self.bob, D(2026, 3, 2), 12, project="ACME-MIX"),
                self.time("M2", self.bob, D(2026, 3, 3), 12, project="ACME-MIX"),
            ]
        )
        move = self.bill(eng)
        # by hand: 20 h x 140 = 2,800 (4 h held) + 3,000 + 7,000 = 12,800
        self.assertEqual(move.amount_untaxed, 12800.0)
        self.assertEqual(eng.hours_held, 4.0)  # what crossed the cap is held

    def test_multi_currency_rates_convert_to_the_engagement_currency(self):
        eur = self.setup_other_currency("EUR", rates=[("2026-01-01", 0.5)])
        eng, __ = self.make_engagement("ACME-EUR", currency_id=eur.id)
        self.ingest_ok([self.time("E1", self.bob, D(2026, 3, 2), 4, project="ACME-EUR")])
        move = self.bill(eng)
        self.assertEqual(move.currency_id, eur)
        # 140 USD at 0.5 EUR per USD = 70 EUR an hour
        self.assertEqual(self.lines(move), [("Bob Stone (Consultant)", 4.0, 70.0, 280.0)])

    def test_locked_period_is_refused(self):
        self.ingest_ok([self.time("L1", self.bob, D(2026, 3, 2), 4)])
        self.company.fiscalyear_lock_date = D(2026, 3, 31)
        with self.assertRaisesRegex(UserError, "is locked"):
            self.bill()

    def test_cancelled_proposal_releases_its_time(self):
        self.ingest_ok([self.time("X1", self.bob, D(2026, 3, 2), 4)])
        move = self.bill()
        move.button_cancel()
        again = self.bill()
        self.assertEqual(again.amount_untaxed, 560.0)
        self.assertNotEqual(again, move)

    def test_engagement_from_a_confirmed_sale_order(self):
        fixed = self._create_product(
            name="ERP blueprint (fixed)",
            type="service",
            lst_price=9000.0,
            taxes_id=[Command.clear()],
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": fixed.id, "product_uom_qty": 1})],
            }
        )
        with self.assertRaisesRegex(UserError, "not confirmed"):
            order._ps_create_engagement()
        order.action_confirm()
        eng = order._ps_create_engagement(rate_card_id=self.card.id, product_id=self.service.id)
        self.assertEqual(eng.sale_order_id, order)
        self.assertEqual(eng.partner_id, self.customer)
        self.assertTrue(eng.project_id)
        self.assertEqual(eng.schedule_ids.mapped("amount"), [9000.0])
        self.assertFalse(eng.bill_time)
        with self.assertRaisesRegex(UserError, "already has an engagement"):
            order.action_create_engagement()


class TestNothingBilledEarly(BillingCase):
    def test_run_before_the_period_end_bills_nothing_dated_after_it(self):
        eng, __ = self.make_engagement(
            "ACME-EARLY",
            schedule_ids=[
                Command.create({"date": D(2026, 3, 1), "name": "Kick-off", "amount": 1000}),
                Command.create(
                    {"date": D(2026, 3, 31), "name": "March instalment", "amount": 2000}
                ),
                Command.create(
                    {"kind": "retainer", "date": D(2026, 3, 31), "name": "Top-up", "amount": 500}
                ),
            ],
            milestone_ids=[Command.create({"name": "Sign-off", "amount": 3000})],
        )
        eng.milestone_ids.action_accept(D(2026, 3, 28))
        with freeze_time("2026-03-20"):
            self.ingest_ok([self.time("E1", self.bob, D(2026, 3, 2), 1, project="ACME-EARLY")])
            move = self.bill(eng, D(2026, 3, 31))
            # only what is dated by today: the kick-off and the time of 2 March
            self.assertEqual(
                sorted(self.lines(move)),
                sorted(
                    [
                        ("Kick-off", 1.0, 1000.0, 1000.0),
                        ("Bob Stone (Consultant)", 1.0, 140.0, 140.0),
                    ]
                ),
            )
            self.assertFalse(self.bill(eng, D(2026, 3, 31)))
        with freeze_time("2026-04-01"):
            move = self.bill(eng, D(2026, 3, 31))
            self.assertEqual(
                sorted(line[0] for line in self.lines(move)),
                ["March instalment", "Milestone accepted: Sign-off", "Top-up"],
            )


@freeze_time("2026-04-10")
class TestCreditsTaxesAndRounding(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tax15 = cls.env["account.tax"].create(
            {
                "name": "Services 15%",
                "amount": 15.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        cls.taxed = cls._create_product(
            name="Taxed consulting",
            type="service",
            lst_price=0.0,
            taxes_id=[Command.set(cls.tax15.ids)],
        )

    def test_a_credit_after_posting_is_a_credit_note_that_posts(self):
        self.ingest_ok(
            [
                self.time("CR1", self.bob, D(2026, 3, 2), 8),
                self.time("CR2", self.bob, D(2026, 3, 3), 2),
            ]
        )
        first = self.bill()
        first.action_post()
        self.assertEqual(first.amount_untaxed, 1400.0)
        # the time tool lowers an entry that was invoiced and posted
        self.ingest_ok([self.time("CR1", self.bob, D(2026, 3, 2), 3)])
        credit = self.bill(date_to=D(2026, 4, 30))
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(credit.reversed_entry_id, first)
        self.assertEqual(credit.amount_untaxed, 700.0)
        credit.action_post()
        self.assertEqual(credit.state, "posted")
        self.assertEqual(credit.invoice_line_ids.ps_trace_ids.mapped("hours"), [-5.0])
        self.assertEqual(credit.invoice_line_ids.ps_trace_ids.mapped("amount"), [-700.0])
        self.assertEqual(
            (self.engagement.cap_hours_used, self.engagement.cap_amount_used), (5.0, 700.0)
        )
        entry = (
            self.env["account.analytic.line"]
            .search([("ps_trace_ids", "!=", False)])
            .filtered(lambda t: t.unit_amount == 3.0)
        )
        self.assertEqual((entry.ps_billed_hours, entry.ps_billed_amount), (3.0, 420.0))
        self.assertFalse(self.bill(date_to=D(2026, 4, 30)))

    def test_retainer_drawdown_carries_the_tax_of_the_time_it_offsets(self):
        eng, __ = self.make_engagement(
            "ACME-TAXRET",
            product_id=self.taxed.id,
            schedule_ids=[
                Command.create(
                    {"kind": "retainer", "date": D(2026, 3, 1), "name": "Retainer", "amount": 5000}
                )
            ],
        )
        self.ingest_ok([self.time("TR1", self.jane, D(2026, 3, 2), 10, project="ACME-TAXRET")])
        move = self.bill(eng)
        # 5,000 prepaid + 2,000 time - 2,000 drawn: tax on 5,000 only
        self.assertEqual(move.amount_untaxed, 5000.0)
        self.assertEqual(move.amount_tax, 750.0)
        self.assertEqual(set(move.invoice_line_ids.mapped(lambda line: line.tax_ids)), {self.tax15})

    def test_write_off_over_a_cap_carries_the_tax_of_the_time_it_offsets(self):
        eng, __ = self.make_engagement(
            "ACME-TAXCAP", product_id=self.taxed.id, cap_amount=1000, cap_policy="write_off"
        )
        self.ingest_ok([self.time("TC1", self.bob, D(2026, 3, 2), 8, project="ACME-TAXCAP")])
        move = self.bill(eng)  # 1,120 - 120 written off
        self.assertEqual((move.amount_untaxed, move.amount_tax), (1000.0, 150.0))

    def test_fully_drawn_month_proposes_no_invoice_and_records_the_drawdown(self):
        eng, __ = self.make_engagement(
            "ACME-ZERO",
            schedule_ids=[
                Command.create(
                    {"kind": "retainer", "date": D(2026, 2, 1), "name": "Retainer", "amount": 5000}
                )
            ],
        )
        prepaid = self.bill(eng, D(2026, 2, 28))
        prepaid.action_post()
        self.ingest_ok([self.time("Z1", self.jane, D(2026, 3, 2), 10, project="ACME-ZERO")])
        record = self.bill(eng)
        # no customer document: a posted journal entry carries the traces
        self.assertEqual((record.move_type, record.state), ("entry", "posted"))
        self.assertEqual(record.journal_id.type, "general")
        self.assertEqual(sorted(record.line_ids.mapped("balance")), [-2000.0, 2000.0])
        self.assertEqual(sorted(record.line_ids.ps_trace_ids.mapped("kind")), ["retainer", "time"])
        self.assertEqual(eng.retainer_balance, 3000.0)
        self.assertEqual(eng.cap_hours_used, 10.0)
        self.assertFalse(
            self.env["account.move"].search(
                [
                    ("ps_engagement_id", "=", eng.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "draft"),
                ]
            )
        )
        self.assertFalse(self.bill(eng))

    def test_fully_written_off_month_proposes_no_invoice(self):
        eng, __ = self.make_engagement("ACME-ZEROCAP", cap_amount=280, cap_policy="write_off")
        self.ingest_ok([self.time("ZC1", self.bob, D(2026, 3, 2), 2, project="ACME-ZEROCAP")])
        self.bill(eng).action_post()  # 280: the cap is reached
        self.ingest_ok([self.time("ZC2", self.bob, D(2026, 3, 3), 1, project="ACME-ZEROCAP")])
        record = self.bill(eng)  # 140 over the cap, 140 written off
        self.assertEqual((record.move_type, record.state), ("entry", "posted"))
        self.assertEqual(eng.cap_amount_used, 280.0)

    def test_invoice_and_billed_figures_agree_to_the_cent(self):
        card = self.env["ps.rate.card"].create(
            {
                "name": "Odd rates",
                "company_id": self.company.id,
                "line_ids": [Command.create({"rate": 99.99})],
            }
        )
        eng, __ = self.make_engagement("ACME-CENT", rate_card_id=card.id, cap_amount=1000)
        self.ingest_ok(
            [
                self.time(f"CT{n}", self.bob, D(2026, 3, n), 0.25, project="ACME-CENT")
                for n in (2, 3, 4)
            ]
        )
        move = self.bill(eng)
        # one line, 0.75 h x 99.99 = 74.9925 -> 74.99; per entry it was 3 x 25.00 = 75.00
        self.assertEqual(move.amount_untaxed, 74.99)
        self.assertEqual(eng.cap_amount_used, 74.99)
        self.assertEqual(sum(move.invoice_line_ids.ps_trace_ids.mapped("amount")), 74.99)
        self.assertAlmostEqual(eng.cap_burn, 7.499, places=3)
        self.assertFalse(self.bill(eng))
        # an entry moved to another day at the same rate is worth the same: no
        # cent of "adjustment" for the share it got of the rounded line
        self.ingest_ok([self.time("CT4", self.bob, D(2026, 3, 5), 0.25, project="ACME-CENT")])
        self.assertFalse(self.bill(eng))
        # lowered: credited at hours x rate, and the figures still agree
        self.ingest_ok([self.time("CT3", self.bob, D(2026, 3, 3), 0.1, project="ACME-CENT")])
        credit = self.bill(eng)
        self.assertEqual(credit.amount_untaxed, 15.00)  # 0.15 h x 99.99 = 14.9985
        self.assertEqual(eng.cap_amount_used, 59.99)


class TestInstalments(BillingCase):
    def test_wizard_schedules_a_fixed_fee_in_instalments(self):
        eng, __ = self.make_engagement("ACME-INST", bill_time=False, rate_card_id=False)
        wizard = (
            self.env["ps.engagement.instalment.wizard"]
            .with_context(default_engagement_id=eng.id)
            .create(
                {
                    "name": "Implementation",
                    "amount": 10000,
                    "count": 3,
                    "date_first": D(2026, 3, 1),
                    "interval_months": 1,
                }
            )
        )
        self.assertIn("3333.34", wizard.preview)
        wizard.action_generate()
        self.assertEqual(
            [(s.date, s.name, s.amount) for s in eng.schedule_ids.sorted("date")],
            [
                (D(2026, 3, 1), "Implementation (1/3)", 3333.33),
                (D(2026, 4, 1), "Implementation (2/3)", 3333.33),
                (D(2026, 5, 1), "Implementation (3/3)", 3333.34),
            ],
        )
        with freeze_time("2026-06-10"):
            self.assertEqual(self.bill(eng, D(2026, 4, 30)).amount_untaxed, 6666.66)
            self.assertEqual(self.bill(eng, D(2026, 5, 31)).amount_untaxed, 3333.34)

    def test_bad_instalment_terms_are_refused_clearly(self):
        eng, __ = self.make_engagement("ACME-BAD", bill_time=False, rate_card_id=False)
        for count, amount, message in (
            (0, 1000, "at least 1"),
            (121, 1000, "at most 120"),
            (3, 0, "above zero"),
            (3, -5, "above zero"),
        ):
            with (
                self.subTest(count=count, amount=amount),
                self.assertRaisesRegex(UserError, f"Fee cannot be scheduled.*{message}"),
            ):
                eng._ps_add_instalments("Fee", amount, count, D(2026, 3, 1))
        self.assertFalse(eng.schedule_ids)

    def test_sale_order_line_in_instalments(self):
        fixed = self._create_product(
            name="ERP rollout (fixed)",
            type="service",
            lst_price=10000.0,
            taxes_id=[Command.clear()],
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": fixed.id,
                            "product_uom_qty": 1,
                            "ps_instalment_count": 3,
                            "ps_instalment_interval": 2,
                            "ps_instalment_date": D(2026, 1, 31),
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        eng = order._ps_create_engagement(product_id=self.service.id)
        self.assertEqual(
            [(s.date, s.amount) for s in eng.schedule_ids.sorted("date")],
            [(D(2026, 1, 31), 3333.33), (D(2026, 3, 31), 3333.33), (D(2026, 5, 31), 3333.34)],
        )
        # or one set of terms for every fixed line, passed by a connector
        order2 = order.copy()
        order2.action_confirm()
        eng2 = order2._ps_create_engagement(
            instalments={"count": 2, "interval_months": 1, "date_first": D(2026, 7, 1)},
            product_id=self.service.id,
        )
        self.assertEqual(
            [(s.date, s.amount) for s in eng2.schedule_ids.sorted("date")],
            [(D(2026, 7, 1), 5000.0), (D(2026, 8, 1), 5000.0)],
        )
        order3 = order.copy(
            {
                "order_line": [
                    Command.create(
                        {"product_id": fixed.id, "product_uom_qty": 1, "ps_instalment_count": 500}
                    )
                ]
            }
        )
        order3.action_confirm()
        with self.assertRaisesRegex(UserError, "at most 120"):
            order3._ps_create_engagement(product_id=self.service.id)


@freeze_time("2026-04-10")
class TestBillingEvidence(BillingCase):
    def test_billing_evidence_is_written_by_billing_only(self):
        clerk = self.env["res.users"].create(
            {
                "name": "Clerk",
                "login": "clerk-evidence",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref("account.group_account_invoice").id,
                            self.env.ref("sales_team.group_sale_salesman").id,
                        ]
                    )
                ],
            }
        )
        eng, __ = self.make_engagement(
            "ACME-EVID",
            schedule_ids=[Command.create({"date": D(2026, 3, 1), "name": "Setup", "amount": 1000})],
        )
        self.ingest_ok([self.time("EV1", self.bob, D(2026, 3, 2), 2, project="ACME-EVID")])
        move = self.bill(eng)
        wo = (
            self.env["ps.billing.writeoff"]
            .with_user(clerk)
            .create(
                {"engagement_id": eng.id, "reason": "courtesy", "amount": 50, "note": "Goodwill"}
            )
        )
        with self.assertRaisesRegex(AccessError, "approved or refused with its buttons"):
            wo.with_user(clerk).write({"state": "approved"})
        with self.assertRaisesRegex(AccessError, "created to approve"):
            self.env["ps.billing.writeoff"].with_user(clerk).create(
                {
                    "engagement_id": eng.id,
                    "reason": "courtesy",
                    "amount": 50,
                    "note": "Sneaky",
                    "state": "approved",
                }
            )
        schedule = eng.schedule_ids.with_user(clerk)
        with self.assertRaisesRegex(AccessError, "Only billing runs"):
            schedule.write({"invoice_line_id": False})
        entry = self.env["account.analytic.line"].search([("ps_engagement_id", "=", eng.id)])
        with self.assertRaisesRegex(AccessError, "Only billing runs"):
            entry.with_user(clerk).write({"ps_to_bill": True})
        # the buttons and the billing run still work
        wo.with_user(self.env.user).action_approve()
        self.assertEqual(wo.state, "approved")
        self.assertTrue(move.invoice_line_ids.ps_trace_ids)
