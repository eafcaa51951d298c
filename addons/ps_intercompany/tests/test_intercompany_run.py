# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError

from ..models.ps_intercompany_agreement import PsIntercompanyAgreement
from .common import MARCH_END, D, IntercompanyCase


@freeze_time("2026-04-10")
class TestIntercompanyRun(IntercompanyCase):
    def test_cost_plus_ten_percent_invoice_in_gbp_and_the_mirrored_bill_in_usd_books(self):
        entries = self.ingest_uk(
            [
                self.ann_time("C1", D(2026, 3, 2), 8),
                self.ann_time("C2", D(2026, 3, 3), 4),
                self.ann_time("C3", D(2026, 3, 4), 2, status="submitted"),  # not approved
            ]
        )
        run = self.start_run()
        self.assertEqual(run.state, "running")
        self.assertEqual(len(run.line_ids), 1)
        job = run.line_ids.sudo().job_id
        self.assertEqual(job.channel, "root.ps_intercompany")
        action = job.open_related_action()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            ("ps.intercompany.agreement", self.agreement.id),
        )
        self.run_jobs(run)
        line = run.line_ids
        self.assertEqual((run.state, line.state, run.progress), ("done", "done", 100.0))
        invoice, bill = line.move_id, line.bill_id
        # 60 GBP cost + 10 % = 66 GBP an hour, 12 approved hours
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(
            (invoice.company_id, invoice.partner_id, invoice.currency_id),
            (self.uk, self.us.partner_id, self.gbp),
        )
        self.assertEqual(invoice.amount_total, 792.0)
        self.assertEqual(invoice.amount_total_signed, 792.0)  # GBP books
        self.assertEqual(
            [
                (ln.name, ln.quantity, ln.price_unit, ln.account_id)
                for ln in invoice.invoice_line_ids
            ],
            [("Ann Hughes (Managing consultant)", 12.0, 66.0, self.agreement.revenue_account_id)],
        )
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(
            (bill.company_id, bill.partner_id, bill.currency_id, bill.ref),
            (self.us, self.uk.partner_id, self.gbp, invoice.name),
        )
        self.assertEqual(bill.invoice_line_ids.account_id, self.agreement.cost_account_id)
        # same amount in GBP; the US books hold it at the invoice date's rate
        self.assertEqual(bill.amount_total, 792.0)
        self.assertEqual(bill.amount_total_signed, -990.0)
        self.assertEqual((line.amount, line.amount_provider, line.amount_receiver), (792, 792, 990))
        self.assertEqual(bill.ps_ic_mirror_id, invoice)
        self.assertEqual({invoice.state, bill.state}, {"posted"})
        # each line traces to the entries it charges
        traces = entries.ps_ic_trace_ids
        self.assertEqual(sorted(traces.mapped("hours")), [4.0, 8.0])
        self.assertEqual(sum(traces.mapped("amount")), 792.0)
        self.assertEqual(traces.move_line_id, invoice.invoice_line_ids)
        self.assertEqual(traces.bill_line_id, bill.invoice_line_ids)
        self.assertEqual(self.agreement.last_charged_date, MARCH_END)

    def test_transfer_rate_card_by_role_and_employee_with_effective_dates(self):
        card = self.env["ps.rate.card"].create(
            {
                "name": "UK transfer rates",
                "company_id": self.uk.id,
                "currency_id": self.gbp.id,
                "line_ids": [
                    Command.create({"job_id": self.role.id, "rate": 70.0}),
                    Command.create(
                        {"employee_id": self.ann.id, "rate": 75.0, "date_from": D(2026, 3, 16)}
                    ),
                ],
            }
        )
        self.agreement.write({"method": "rate_card", "rate_card_id": card.id})
        self.ingest_uk(
            [self.ann_time("R1", D(2026, 3, 2), 2), self.ann_time("R2", D(2026, 3, 20), 2)]
        )
        invoice = self.charge().move_id
        self.assertEqual(
            sorted((ln.quantity, ln.price_unit) for ln in invoice.invoice_line_ids),
            [(2.0, 70.0), (2.0, 75.0)],
        )
        self.assertEqual(
            sorted(invoice.invoice_line_ids.ps_ic_trace_ids.mapped("rate_level")),
            ["employee", "role"],
        )

    def test_repeated_and_overlapping_runs_charge_each_hour_once(self):
        feb = self.ingest_uk([self.ann_time("O1", D(2026, 2, 20), 5)])
        march = self.ingest_uk([self.ann_time("O2", D(2026, 3, 5), 3)])
        first = self.charge(D(2026, 2, 28))
        self.assertEqual(first.move_id.amount_total, 330.0)  # February only
        self.assertEqual(self.charged(march), (0.0, 0.0))
        second = self.charge()
        self.assertEqual(second.move_id.amount_total, 198.0)  # March's, February's once
        for __ in range(2):  # again, and an overlapping run for February
            self.assertEqual(self.charge().state, "nothing")
            self.assertEqual(self.charge(D(2026, 2, 28)).state, "nothing")
        self.assertEqual(self.charged(feb), (5.0, 330.0))
        self.assertEqual(self.charged(march), (3.0, 198.0))
        invoices, bills = self.documents()
        self.assertEqual(len(invoices), 2)
        self.assertEqual(sum(invoices.mapped("amount_total")), sum(bills.mapped("amount_total")))

    def test_a_change_after_charging_is_an_adjustment(self):
        entry = self.ingest_uk([self.ann_time("A1", D(2026, 3, 2), 8)])
        self.charge()
        self.ingest_uk([self.ann_time("A1", D(2026, 3, 2), 6)])
        line = self.charge()
        credit, bill = line.move_id, line.bill_id
        self.assertEqual((credit.move_type, bill.move_type), ("out_refund", "in_refund"))
        self.assertEqual((credit.amount_total, bill.amount_total), (132.0, 132.0))
        self.assertIn("Adjustment", credit.invoice_line_ids.name)
        self.assertEqual(self.charged(entry), (6.0, 396.0))
        # the first invoice is never edited
        invoices, __ = self.documents()
        self.assertEqual(sorted(invoices.mapped("amount_total")), [132.0, 528.0])

    def test_cancelling_either_side_cancels_both_and_releases_the_time(self):
        entry = self.ingest_uk([self.ann_time("X1", D(2026, 3, 2), 8)])
        line = self.charge()
        invoice, bill = line.move_id, line.bill_id
        bill.button_cancel()  # the receiver refuses the bill
        self.assertEqual((invoice.state, bill.state), ("cancel", "cancel"))
        self.assertTrue(entry.ps_ic_to_charge)
        self.assertEqual(self.charged(entry), (0.0, 0.0))
        again = self.charge()
        self.assertEqual(again.move_id.amount_total, 528.0)
        self.assertEqual(self.charged(entry), (8.0, 528.0))

    def test_a_lock_date_in_the_receiver_refuses_the_run_up_front(self):
        self.ingest_uk([self.ann_time("L1", D(2026, 3, 2), 8)])
        self.us.fiscalyear_lock_date = MARCH_END
        run = self.env["ps.intercompany.run"].create(
            {"company_id": self.uk.id, "date_to": MARCH_END}
        )
        with self.assertRaisesRegex(UserError, "locked .* for company_1_data"):
            run.action_start()
        self.assertEqual(run.state, "draft")
        self.assertFalse(run.line_ids)
        # and the job itself refuses, should the lock come after the start
        self.us.fiscalyear_lock_date = False
        run.action_start()
        self.us.fiscalyear_lock_date = MARCH_END
        self.run_jobs(run)
        self.assertEqual(run.line_ids.state, "failed")
        self.assertIn("locked", run.line_ids.message)
        self.assertFalse(self.documents()[0])

    def test_a_lock_date_in_the_provider_refuses_the_run_up_front(self):
        self.ingest_uk([self.ann_time("L2", D(2026, 3, 2), 8)])
        self.uk.sale_lock_date = MARCH_END
        run = self.env["ps.intercompany.run"].create(
            {"company_id": self.uk.id, "date_to": MARCH_END}
        )
        with self.assertRaisesRegex(UserError, "locked .* for Meridian Ltd"):
            run.action_start()
        self.assertEqual((run.state, run.line_ids.ids), ("draft", []))
        self.assertFalse(self.documents()[0])

    def assertRefused(self, reason):
        """The run's line fails with ``reason`` and nothing is written."""
        entry = self.env["account.analytic.line"].search([("employee_id", "=", self.ann.id)])
        line = self.charge()
        self.assertEqual(line.state, "failed")
        self.assertIn(reason, line.message)
        self.assertFalse(
            self.env["account.move"].search([("ps_ic_agreement_id", "!=", False)]),
        )
        self.assertFalse(entry.ps_ic_trace_ids)
        self.assertTrue(all(entry.mapped("ps_ic_to_charge")))
        return line

    def test_bad_input_is_refused_with_its_reason_and_nothing_half_written(self):
        self.ingest_uk([self.ann_time("B1", D(2026, 3, 2), 8)])
        with self.subTest("no cost rate"):
            self.ann.hourly_cost = 0.0
            self.assertRefused("no hourly cost for the employee: Ann Hughes on 2026-03-02")
            self.ann.hourly_cost = 60.0
        with self.subTest("no transfer rate"):
            card = self.env["ps.rate.card"].create(
                {"name": "Empty", "company_id": self.uk.id, "currency_id": self.gbp.id}
            )
            self.agreement.write({"method": "rate_card", "rate_card_id": card.id})
            self.assertRefused("no transfer rate: Ann Hughes on 2026-03-02")
            self.agreement.write({"method": "cost_plus", "rate_card_id": False})
        with self.subTest("intercompany partner missing"):
            self.us.partner_id.company_id = self.us
            self.assertRefused("Intercompany partner missing")
            self.us.partner_id.company_id = False
        with self.subTest("the provider's partner missing for the receiver"):
            self.uk.partner_id.company_id = self.uk
            self.assertRefused("Intercompany partner missing: Meridian Ltd (the partner of")
            self.uk.partner_id.company_id = False
        with self.subTest("currency rate missing"):
            self.env["res.currency.rate"].search([("currency_id", "=", self.gbp.id)]).unlink()
            self.assertRefused("No GBP rate on or before 2026-03-31 for company_1_data")
        with self.subTest("no agreement"):
            self.agreement.active = False
            line = self.assertRefused("No intercompany agreement between Meridian Ltd")
            self.assertEqual(line.receiver_company_id, self.us)

    def test_one_job_makes_both_documents_or_neither(self):
        self.ingest_uk([self.ann_time("T1", D(2026, 3, 2), 8)])

        def refuse(*args, **kwargs):
            raise UserError(self.env._("the receiver's side failed"))

        with patch.object(PsIntercompanyAgreement, "_ps_ic_create_bill", refuse):
            self.assertRefused("the receiver's side failed")

        def crash(*args, **kwargs):
            raise RuntimeError("the database went away")

        run = self.start_run()
        with (
            patch.object(PsIntercompanyAgreement, "_ps_ic_create_bill", crash),
            self.assertRaises(RuntimeError),
        ):
            self.run_jobs(run)
        self.assertFalse(self.env["account.move"].search([("ps_ic_agreement_id", "!=", False)]))
        self.assertFalse(self.env["ps.intercompany.trace"].search([]))

    def test_only_invoicing_users_of_the_provider_start_runs(self):
        self.ingest_uk([self.ann_time("S1", D(2026, 3, 2), 8)])
        us_biller = self.env["res.users"].create(
            {
                "name": "US biller",
                "login": "ic-us-biller",
                "company_id": self.us.id,
                "company_ids": [Command.set(self.us.ids)],
                "groups_id": [Command.set(self.env.ref("account.group_account_invoice").ids)],
            }
        )
        run = self.env["ps.intercompany.run"].create(
            {"company_id": self.uk.id, "date_to": MARCH_END}
        )
        with self.assertRaises(AccessError):
            run.with_user(us_biller).action_start()
        project_user = self.env["res.users"].create(
            {
                "name": "PM",
                "login": "ic-pm",
                "company_id": self.uk.id,
                "company_ids": [Command.set(self.uk.ids)],
                "groups_id": [Command.set(self.env.ref("project.group_project_user").ids)],
            }
        )
        with self.assertRaisesRegex(AccessError, "Only invoicing users start intercompany runs"):
            run.with_user(project_user).with_company(self.uk).action_start()
        self.assertEqual(run.state, "draft")

    @freeze_time("2026-05-10")
    def test_an_entry_moved_past_the_period_is_credited_then_charged_in_its_month(self):
        entry = self.ingest_uk([self.ann_time("P1", D(2026, 3, 2), 8)])
        self.charge()
        self.ingest_uk([self.ann_time("P1", D(2026, 4, 20), 8)])
        credit = self.charge()  # March again: the entry is no longer March's
        self.assertEqual(
            (credit.move_id.move_type, credit.move_id.amount_total), ("out_refund", 528)
        )
        self.assertEqual(self.charged(entry), (0.0, 0.0))
        self.assertTrue(entry.ps_ic_to_charge)
        april = self.charge(D(2026, 4, 30))
        self.assertEqual(april.move_id.amount_total, 528.0)
        self.assertEqual(self.charged(entry), (8.0, 528.0))
