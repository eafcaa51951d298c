# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError

from .common import D, RevenueCase


@freeze_time("2026-04-10")
class TestRecognition(RevenueCase):
    def test_allocation_with_a_discount_by_hand(self):
        # 100,000 of standalone prices sold for 90,000: 10% off each
        self.engagement.ps_transaction_price = 90000.0
        impl = self.obligation(name="Implementation", standalone_price=60000.0)
        support = self.obligation(name="Support", standalone_price=30000.0)
        milestone = self.env["ps.engagement.milestone"].create(
            {"engagement_id": self.engagement.id, "name": "Training delivered", "amount": 9000.0}
        )
        training = self.obligation(
            name="Training",
            method="point_in_time",
            standalone_price=10000.0,
            milestone_id=milestone.id,
        )
        self.assertEqual(
            (impl.allocated_amount, support.allocated_amount, training.allocated_amount),
            (54000.0, 27000.0, 9000.0),
        )
        self.assertAlmostEqual(self.engagement.ps_discount, 10.0)
        self.assertFalse(self.engagement.ps_allocation_issue)
        # rounding sums exactly to the price
        self.engagement.ps_transaction_price = 100.0
        support.standalone_price = training.standalone_price = impl.standalone_price = 5.0
        shares = sorted((impl | support | training).mapped("allocated_amount"))
        self.assertEqual(shares, [33.33, 33.33, 33.34])
        # a time and materials obligation takes no share of the fixed price
        tm = self.obligation(name="Extra time", method="time_material", standalone_price=0.0)
        self.assertEqual(tm.allocated_amount, 0.0)
        self.assertEqual(sum((impl | support | training).mapped("allocated_amount")), 100.0)

    def test_missing_or_zero_standalone_price_is_refused_with_its_name(self):
        with self.assertRefused(ValidationError, "Obligation Hosting .* has no standalone"):
            self.obligation(name="Hosting", standalone_price=0.0)
        self.assertFalse(self.engagement.ps_obligation_ids)
        # a price without obligations is named, not silently dropped
        self.engagement.ps_transaction_price = 500.0
        self.assertIn("no obligation to allocate", self.engagement.ps_allocation_issue)
        with self.assertRaisesRegex(UserError, "no obligation to allocate"):
            self.engagement._ps_recognise(D(2026, 3, 31))

    def test_ratable_run_by_hand_then_idempotent(self):
        self.engagement.ps_transaction_price = 36500.0  # 100 a day over 2026
        ob = self.obligation(name="Managed service", standalone_price=36500.0)
        schedule = ob.schedule_line_ids.sorted("date")
        self.assertEqual(schedule.mapped("amount")[:3], [3100.0, 2800.0, 3100.0])
        self.assertEqual(round(sum(schedule.mapped("amount")), 2), 36500.0)
        self.invoice(5000.0, D(2026, 1, 15))
        jan = self.recognise(D(2026, 1, 31))
        move = jan.line_ids.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.date, D(2026, 1, 31))
        # earned 3,100, billed 5,000: 1,900 deferred
        self.assertEqual(
            self.entry_lines(move),
            {
                ("revenue", "Managed service"): -3100.0,
                ("billed", ""): 5000.0,
                ("deferred", ""): -1900.0,
            },
        )
        self.assertTrue(
            all(line.ps_line_engagement_id == self.engagement for line in move.line_ids)
        )
        # the same month again: nothing
        again = self.recognise(D(2026, 1, 31))
        self.assertEqual(again.line_ids.state, "nothing")
        self.assertFalse(again.move_ids)
        # February: 5,900 earned in total, 5,000 billed: 900 unbilled
        feb = self.recognise(D(2026, 2, 28)).line_ids.move_id
        self.assertEqual(
            self.entry_lines(feb),
            {
                ("revenue", "Managed service"): -2800.0,
                ("unbilled", ""): 900.0,
                ("deferred", ""): 1900.0,
            },
        )
        self.assertEqual(self.gl(self.deferred_account), 0.0)
        self.assertEqual(self.gl(self.unbilled_account), 900.0)
        self.assertEqual(self.gl(self.revenue_account), -5900.0)  # the ledger shows what was earned
        self.assertEqual(ob.recognised_amount, 5900.0)
        self.assertEqual(
            ob.schedule_line_ids.filtered(lambda s: s.state == "posted").mapped("amount"),
            [3100.0, 2800.0],
        )

    def test_partial_month_service_period(self):
        # 15 Jan - 14 Apr: 90 days for 9,000; 17 of them in January
        self.engagement.ps_transaction_price = 9000.0
        ob = self.obligation(
            name="Discovery",
            standalone_price=9000.0,
            date_start=D(2026, 1, 15),
            date_end=D(2026, 4, 14),
        )
        self.assertEqual(
            ob.schedule_line_ids.sorted("date").mapped("amount"), [1700.0, 2800.0, 3100.0, 1400.0]
        )
        move = self.recognise(D(2026, 1, 31)).line_ids.move_id
        self.assertEqual(self.entry_lines(move)[("revenue", "Discovery")], -1700.0)
        self.assertEqual(self.entry_lines(move)[("unbilled", "")], 1700.0)

    def test_point_in_time_on_acceptance_and_accepted_twice(self):
        milestone = self.env["ps.engagement.milestone"].create(
            {"engagement_id": self.engagement.id, "name": "Go-live", "amount": 8000.0}
        )
        self.engagement.ps_transaction_price = 8000.0
        ob = self.obligation(
            name="Go-live",
            method="point_in_time",
            standalone_price=8000.0,
            milestone_id=milestone.id,
            date_end=D(2026, 6, 30),
        )
        self.assertEqual(self.recognise(D(2026, 1, 31)).line_ids.state, "nothing")
        milestone.action_accept(date=D(2026, 2, 10))
        # planned in the month of acceptance now, no longer at the expected end
        planned = ob.schedule_line_ids.filtered("amount")
        self.assertEqual((planned.date, planned.amount), (D(2026, 2, 28), 8000.0))
        feb = self.recognise(D(2026, 2, 28)).line_ids.move_id
        self.assertEqual(self.entry_lines(feb)[("revenue", "Go-live")], -8000.0)
        with self.assertRaisesRegex(UserError, "already accepted on 2026-02-10"):
            milestone.action_accept(date=D(2026, 3, 1))
        self.assertEqual(self.recognise(D(2026, 3, 31)).line_ids.state, "nothing")
        self.assertEqual(ob.recognised_amount, 8000.0)
        with self.assertRaisesRegex(ValidationError, "choose its milestone"):
            self.obligation(name="No milestone", method="point_in_time")

    def test_input_hours_with_an_estimate_change(self):
        self.engagement.ps_transaction_price = 10000.0
        ob = self.obligation(
            name="Migration", method="input_hours", estimate_hours=100.0, standalone_price=10000.0
        )
        self.ingest_ok(
            [
                self.time("H1", self.bob, D(2026, 1, 20), 8),
                self.time("H2", self.bob, D(2026, 1, 21), 8),
                self.time("H3", self.jane, D(2026, 1, 22), 4),
                self.time("H4", self.jane, D(2026, 1, 23), 6, status="submitted"),
            ]
        )
        jan = self.recognise(D(2026, 1, 31)).line_ids.move_id  # 20 approved of 100 h: 20%
        self.assertEqual(self.entry_lines(jan)[("revenue", "Migration")], -2000.0)
        self.ingest_ok(
            [
                self.time("H5", self.bob, D(2026, 2, 3), 8),
                self.time("H6", self.bob, D(2026, 2, 4), 8),
                self.time("H7", self.bob, D(2026, 2, 5), 8),
                self.time("H8", self.jane, D(2026, 2, 6), 6),
            ]
        )
        # the estimate rises to 125 h: 50/125 = 40% cumulative, February catches up
        ob.estimate_hours = 125.0
        current = ob.schedule_line_ids.filtered(lambda s: s.state == "current")
        self.assertEqual((current.date, current.amount), (D(2026, 2, 28), 2000.0))
        feb = self.recognise(D(2026, 2, 28)).line_ids.move_id
        self.assertEqual(self.entry_lines(feb)[("revenue", "Migration")], -2000.0)
        self.assertEqual(ob.recognised_amount, 4000.0)
        self.assertEqual(self.entry_lines(jan)[("revenue", "Migration")], -2000.0)  # untouched
        # an estimate below the hours already spent is refused
        with self.assertRefused(ValidationError, r"estimate at completion \(40\.0\) is below"):
            ob.estimate_hours = 40.0
        self.assertEqual(ob.estimate_hours, 125.0)

    def test_input_cost(self):
        self.bob.hourly_cost = 50.0
        self.engagement.ps_transaction_price = 20000.0
        ob = self.obligation(
            name="Build", method="input_cost", estimate_cost=4000.0, standalone_price=20000.0
        )
        self.ingest_ok(
            [
                self.time("C1", self.bob, D(2026, 3, 2), 8),
                self.time("C2", self.bob, D(2026, 3, 3), 8),
            ]
        )  # 800 of 4,000 cost
        self.assertAlmostEqual(ob.progress, 20.0)
        move = self.recognise(D(2026, 3, 31)).line_ids.move_id
        self.assertEqual(self.entry_lines(move)[("revenue", "Build")], -4000.0)

    def test_time_and_materials_as_delivered_then_billed(self):
        ob = self.obligation(name="Advisory time", method="time_material", standalone_price=0.0)
        # Bob 4 h at the customer's consultant rate 140, Jane 2 h at 200;
        # unapproved and non-billable time earns nothing
        self.ingest_ok(
            [
                self.time("T1", self.bob, D(2026, 3, 2), 4),
                self.time("T2", self.jane, D(2026, 3, 3), 2),
                self.time("T3", self.jane, D(2026, 3, 4), 3, status="submitted"),
                self.time("T4", self.bob, D(2026, 3, 5), 1, billable=False),
            ]
        )
        march = self.recognise(D(2026, 3, 31)).line_ids.move_id
        self.assertEqual(
            self.entry_lines(march), {("revenue", "Advisory time"): -960.0, ("unbilled", ""): 960.0}
        )
        # the billing run invoices the same time: the contract asset clears
        invoice = self.engagement._bill(D(2026, 3, 31))
        invoice.action_post()
        self.assertEqual(invoice.amount_untaxed, 960.0)
        self.recognise(D(2026, 4, 30))
        self.assertEqual(self.gl(self.unbilled_account), 0.0)
        self.assertEqual(self.gl(self.deferred_account), 0.0)
        self.assertEqual(ob.recognised_amount, 960.0)
        self.assertEqual(self.engagement.ps_revenue_billed, 960.0)
        self.assertEqual(self.engagement.ps_revenue_unbilled, 0.0)

    def test_time_and_materials_within_the_hours_cap(self):
        self.engagement.write({"cap_hours": 5, "cap_amount": 900, "cap_policy": "hold"})
        self.obligation(name="Capped time", method="time_material", standalone_price=0.0)
        # Bob 4 h then 3 h at 140: 5 h fit the hours cap (700), within the amount cap
        self.ingest_ok(
            [
                self.time("H1", self.bob, D(2026, 3, 2), 4),
                self.time("H2", self.bob, D(2026, 3, 3), 3),
            ]
        )
        march = self.recognise(D(2026, 3, 31)).line_ids.move_id
        self.assertEqual(self.entry_lines(march)[("revenue", "Capped time")], -700.0)
        # billing bills the same 5 h: nothing is left unbilled
        self.engagement._bill(D(2026, 3, 31)).action_post()
        self.recognise(D(2026, 4, 30))
        self.assertEqual(self.engagement.ps_revenue_billed, 700.0)
        self.assertEqual(self.gl(self.unbilled_account), 0.0)
        # Jane 2 h at 200: the amount cap (900) now binds before the hours cap
        self.engagement.cap_hours = 10
        self.ingest_ok([self.time("H3", self.jane, D(2026, 5, 4), 2)])
        may = self.recognise(D(2026, 5, 31)).line_ids.move_id
        self.assertEqual(self.entry_lines(may)[("revenue", "Capped time")], -200.0)

    def test_contract_modification_catches_up_without_rewriting_closed_periods(self):
        self.engagement.ps_transaction_price = 36500.0
        ob = self.obligation(name="Managed service", standalone_price=36500.0)
        moves = [
            self.recognise(D(2026, m, d)).line_ids.move_id for m, d in ((1, 31), (2, 28), (3, 31))
        ]
        before = [(m.id, m.write_date, self.entry_lines(m)) for m in moves]
        self.company.fiscalyear_lock_date = D(2026, 3, 31)
        # in April the price rises to 43,800: 120 a day
        self.engagement.ps_transaction_price = 43800.0
        rows = ob.schedule_line_ids.sorted("date")
        self.assertEqual(rows[:3].mapped("amount"), [3100.0, 2800.0, 3100.0])
        self.assertEqual(rows[:3].mapped("state"), ["posted"] * 3)
        self.assertEqual((rows[3].state, rows[3].amount), ("current", 120.0 * 30 + 20.0 * 90))
        self.assertEqual(round(sum(rows.mapped("amount")), 2), 43800.0)
        april = self.recognise(D(2026, 4, 30)).line_ids.move_id
        self.assertEqual(self.entry_lines(april)[("revenue", "Managed service")], -5400.0)
        self.assertEqual([(m.id, m.write_date, self.entry_lines(m)) for m in moves], before)
        # the closed month cannot be run again, nor rewritten
        with self.assertRaisesRegex(UserError, "locked"):
            self.env["ps.revenue.run"].create(
                {"company_id": self.company.id, "date_to": D(2026, 3, 31)}
            ).action_start()
        with self.assertRaisesRegex(UserError, "reverse its recognition run"):
            moves[0].button_draft()

    def test_obligations_from_the_sale_order(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.service.id,
                            "name": "Implementation",
                            "product_uom_qty": 1,
                            "price_unit": 60000.0,
                            "discount": 10.0,
                            "tax_id": [(5, 0, 0)],
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "product_id": self.service.id,
                            "name": "Support",
                            "product_uom_qty": 12,
                            "price_unit": 2500.0,
                            "discount": 10.0,
                            "tax_id": [(5, 0, 0)],
                        },
                    ),
                ],
            }
        )
        order.action_confirm()
        self.engagement.sale_order_id = order
        self.engagement.action_ps_create_obligations()
        obs = self.engagement.ps_obligation_ids.sorted("id")
        self.assertEqual(obs.mapped("standalone_price"), [60000.0, 30000.0])
        self.assertEqual(self.engagement.ps_transaction_price, 81000.0)
        self.assertEqual(obs.mapped("allocated_amount"), [54000.0, 27000.0])
        self.assertEqual(set(obs.mapped("method")), {"ratable"})
        with self.assertRaisesRegex(UserError, "already has its obligation"):
            self.engagement.action_ps_create_obligations()

    def test_foreign_currency_engagement(self):
        # a EUR contract of a USD company: amounts in EUR, balances at the
        # month end rate (3 EUR to the USD from the common fixtures' rates)
        eur = self.setup_other_currency("EUR", rates=[("2026-01-01", 3.0)])
        engagement, __ = self.make_engagement(
            "ACME-EUR", currency_id=eur.id, ps_transaction_price=36500.0
        )
        self.obligation(engagement, name="Hosting EUR", standalone_price=36500.0)
        move = self.recognise(D(2026, 1, 31), engagements=engagement).line_ids.move_id
        revenue = move.line_ids.filtered(lambda line: line.ps_revenue_role == "revenue")
        self.assertEqual(
            (revenue.currency_id, revenue.amount_currency, revenue.balance),
            (eur, -3100.0, -1033.33),
        )
        self.assertEqual(sum(move.line_ids.mapped("balance")), 0.0)
        self.assertEqual(engagement.ps_revenue_unbilled, 3100.0)
        wizard = self.env["ps.revenue.reconciliation"].create({"date": D(2026, 1, 31)})
        wizard.action_compute()
        line = wizard.line_ids.filtered(
            lambda rec: rec.engagement_id == engagement and rec.figure == "unbilled"
        )
        self.assertEqual((line.subledger, line.ledger, line.difference), (3100.0, 3100.0, 0.0))
