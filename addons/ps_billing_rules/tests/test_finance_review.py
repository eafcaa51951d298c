# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The finance user's month (issue 12, items 2, 3 and 5), with users of each
role: a finance reviewer sees and replays the time it is asked to bill, the
unbilled figures are what the run bills, "proposed" and "invoiced" mean one
thing each, and invoice proposals are reviewed, adjusted and posted."""

import json

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user
from odoo.tools.safe_eval import safe_eval

from ..pure import kinds
from .common import BillingCase, D


class FinanceRolesCase(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.project.privacy_visibility = "followers"  # not even approvers see it by default

        def user(login, groups, company=None):
            company = company or cls.company
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )

        cls.reviewer = user("fr-reviewer", "base.group_user,ps_sync_core.group_finance_reviewer")
        cls.reviewer_approver = user(
            "fr-approver",
            "base.group_user,ps_sync_core.group_finance_reviewer,"
            "hr_timesheet.group_hr_timesheet_approver",
        )
        cls.biller = user("fr-biller", "base.group_user,account.group_account_invoice")
        cls.acc_manager = user("fr-accmgr", "base.group_user,account.group_account_manager")
        cls.sync_user = user("fr-sync", "base.group_user,ps_sync_core.group_sync_user")
        cls.other_company = cls.env["res.company"].create({"name": "Other entity (test)"})
        cls.other_biller = user(
            "fr-other-biller",
            "base.group_user,account.group_account_invoice,ps_sync_core.group_finance_reviewer",
            company=cls.other_company,
        )

    def entries(self):
        return self.env["account.analytic.line"].search([("project_id", "=", self.project.id)])

    def propose(self, date_to=None):
        """The engagement's proposal made by a billing run for ``date_to``
        (31 March 2026 by default)."""
        date_to = date_to or D(2026, 3, 31)
        run = self.env["ps.billing.run"].create(
            {
                "company_id": self.company.id,
                "date_to": date_to,
                "engagement_ids": [Command.set(self.engagement.ids)],
            }
        )
        return self.engagement._bill(date_to, run)


@freeze_time("2026-04-10")
class TestFinanceSeesTime(FinanceRolesCase):
    def test_finance_roles_read_their_companies_time_and_write_none(self):
        self.ingest_ok(
            [
                self.time("F1", self.bob, D(2026, 3, 2), 4),
                self.time("F2", self.jane, D(2026, 3, 3), 2, status="submitted"),
            ]
        )
        entries = self.entries()
        self.assertEqual(len(entries), 2)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ps_billing_rules.account_analytic_line_action_unbilled"
        )
        for user in (self.reviewer, self.biller, self.reviewer_approver):
            with self.subTest(user=user.login):
                Line = self.env["account.analytic.line"].with_user(user)
                self.assertEqual(Line.search([("project_id", "=", self.project.id)]), entries)
                # what Unbilled Approved Time shows, with its default filter
                shown = Line.search([*safe_eval(action["domain"]), ("ps_next_run", "=", True)])
                self.assertEqual(shown.mapped("name"), ["Work F1"])
                self.assertEqual(shown.ps_next_run, True)
                self.assertEqual(
                    Line.search([("id", "in", entries.ids), ("ps_next_run", "!=", True)]),
                    entries - shown,
                )
                # the views' columns read (no "no access" on any of them)
                unbilled_list = self.env.ref(
                    "ps_billing_rules.account_analytic_line_view_tree_unbilled"
                )
                for view in ((False, "list"), (False, "form"), (unbilled_list.id, "list")):
                    views = Line.get_views([view])
                    entries.with_user(user).read(list(views["models"][Line._name]["fields"]))
                Line.read_group(
                    [("id", "in", entries.ids)], ["unit_amount:sum"], ["ps_engagement_id"]
                )
                with self.assertRaises(AccessError):
                    entries.with_user(user).write({"name": "changed"})
        # another company's finance sees none of them
        other = self.env["account.analytic.line"].with_user(self.other_biller)
        self.assertFalse(other.search([("id", "in", entries.ids)]))
        # a sync user is no finance role
        with self.assertRaises(AccessError):
            self.env["account.analytic.line"].with_user(self.sync_user).search([])

    def test_each_role_sees_the_menus_of_its_work(self):
        def menus(user):
            visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            return {
                name
                for name in ("unbilled_time", "time_approval", "engagement", "billing_proposals")
                if self.env.ref(f"ps_billing_rules.ps_{name}_menu").id in visible
            }

        self.assertEqual(menus(self.reviewer), {"unbilled_time"})
        self.assertEqual(menus(self.reviewer_approver), {"unbilled_time", "time_approval"})
        self.assertEqual(menus(self.biller), {"unbilled_time", "engagement", "billing_proposals"})
        self.assertEqual(menus(self.sync_user), set())

    def test_approval_queue_is_for_approvers(self):
        self.ingest_ok([self.time("Q1", self.bob, D(2026, 3, 2), 4, status="submitted")])
        entry = self.entries()
        # the approvers' own rule: a followers-only project needs following
        self.project.message_subscribe(partner_ids=self.reviewer_approver.partner_id.ids)
        for user in (self.reviewer, self.biller):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(AccessError, "Only timesheet approvers"),
            ):
                entry.with_user(user).action_ps_approve()
        self.assertEqual(entry.ps_status, "submitted")
        entry.with_user(self.reviewer_approver).action_ps_approve()
        self.assertEqual(entry.ps_status, "approved")
        with self.assertRaisesRegex(UserError, "Only submitted time"):
            entry.with_user(self.reviewer_approver).action_ps_reject()

    def rejected_log(self, record):
        res = self.ingest([record])
        self.assertEqual(res[0]["status"], "rejected")
        return self.env["ps.sync.log"].search(
            [("external_id", "=", record["external_id"]), ("state", "=", "failed")]
        )

    def test_finance_reviewer_replays_a_corrected_time_entry_and_sees_it(self):
        log = self.rejected_log(
            self.time("R1", self.bob, D(2026, 3, 2), 4, status="submitted", project="ACME-TYPO")
        )
        as_reviewer = log.with_user(self.reviewer)
        payload = json.loads(as_reviewer.payload)
        payload["project_code"] = "ACME-ERP"
        as_reviewer.payload = json.dumps(payload)
        as_reviewer.action_replay()
        self.assertEqual(log.state, "done")
        entry = self.env["account.analytic.line"].browse(log.res_id)
        self.assertEqual((entry.project_id, entry.ps_status), (self.project, "submitted"))
        # the workbench shows the record it made, to the reviewer who replayed it
        self.assertEqual(as_reviewer.record_ref, entry)
        self.assertEqual(as_reviewer.record_ref.display_name, entry.sudo().display_name)
        action = as_reviewer.action_open_record()
        self.assertEqual((action["res_model"], action["res_id"]), (entry._name, entry.id))
        form = entry.with_user(self.reviewer).get_views([(False, "form")])
        entry.with_user(self.reviewer).read(list(form["models"][entry._name]["fields"]))
        # the replay made nobody an approver nor gave the reviewer write access
        with self.assertRaises(AccessError):
            entry.with_user(self.reviewer).write({"ps_status": "approved"})

    def test_a_correction_that_approves_time_needs_the_approver(self):
        log = self.rejected_log(
            self.time("R2", self.bob, D(2026, 3, 2), 4, status="submitted", project="ACME-TYPO")
        )
        payload = json.loads(log.payload)
        payload.update(project_code="ACME-ERP", status="approved")
        log.with_user(self.reviewer).payload = json.dumps(payload)
        with self.assertRaisesRegex(AccessError, "sets the status to approved"):
            log.with_user(self.reviewer).action_replay()
        with self.assertRaisesRegex(AccessError, "sets the status to approved"):
            log.with_user(self.reviewer).action_retry()
        self.assertEqual(log.state, "failed")
        self.assertFalse(self.entries())
        log.with_user(self.reviewer_approver).action_replay()
        self.assertEqual(self.entries().ps_status, "approved")

    def test_a_correction_of_approved_time_needs_the_approver(self):
        # the source approved it; moving it to another project is a billing decision
        log = self.rejected_log(self.time("R3", self.bob, D(2026, 3, 2), 4, project="ACME-TYPO"))
        payload = json.loads(log.payload)
        payload["project_code"] = "ACME-ERP"
        log.with_user(self.reviewer).payload = json.dumps(payload)
        with self.assertRaisesRegex(AccessError, r"changes approved time \(project_code\)"):
            log.with_user(self.reviewer).action_replay()
        # replayed as received, it is the source's word: applied (and rejected again)
        log.with_user(self.reviewer).payload = log.payload_original
        log.with_user(self.reviewer).action_replay()
        self.assertEqual(log.state, "failed")
        self.assertIn("ACME-TYPO", log.message)


@freeze_time("2026-04-10")
class TestUnbilledIsWhatTheRunBills(FinanceRolesCase):
    def billed_time(self, move):
        traces = move.line_ids.ps_trace_ids.filtered(lambda t: t.kind in kinds.TIME_BILLED)
        return round(sum(traces.mapped("hours")), 2), round(sum(traces.mapped("amount")), 2)

    def unbilled(self, user=None):
        eng = self.engagement.with_user(user) if user else self.engagement
        eng.invalidate_recordset()
        return eng.hours_unbilled, eng.amount_unbilled, eng.hours_held

    def test_unbilled_equals_what_the_run_then_bills(self):
        self.engagement.write({"cap_hours": 10.0, "cap_policy": "hold"})
        self.ingest_ok(
            [
                self.time("U1", self.jane, D(2026, 3, 2), 4),  # 4 x 200
                self.time("U2", self.bob, D(2026, 3, 3), 5),  # 5 x 140
                self.time("U3", self.bob, D(2026, 3, 4), 3),  # 1 h fits the cap, 2 held
                self.time("U4", self.bob, D(2026, 3, 5), 2, status="submitted"),
                self.time("U5", self.bob, D(2026, 3, 6), 1, billable=False),
                self.time("U6", self.bob, D(2026, 4, 20), 2),  # future: not billed today
            ]
        )
        expected = (10.0, 4 * 200.0 + 6 * 140.0, 2.0)
        # the same figures whoever looks: finance roles and the engagement's readers
        for user in (self.biller, self.acc_manager):
            with self.subTest(user=user.login):
                self.assertEqual(self.unbilled(user=user), expected)
        move = self.bill(date_to=D(2026, 4, 30))
        self.assertEqual(self.billed_time(move), expected[:2])
        self.assertEqual(self.unbilled(), (0.0, 0.0, 2.0))  # the overrun stays held
        # a billed entry changed at the source: the next run credits the hour
        # (-200), and the hour it frees under the cap bills one held hour (140)
        self.ingest_ok([self.time("U1", self.jane, D(2026, 3, 2), 3)])
        self.assertEqual(self.unbilled(), (0.0, -60.0, 1.0))
        # with a higher cap, the held hours are billed as well
        self.engagement.cap_hours = 20.0
        self.assertEqual(self.unbilled(), (1.0, 80.0, 0.0))
        again = self.bill(date_to=D(2026, 4, 30))
        self.assertEqual(self.billed_time(again), (1.0, 80.0))
        self.assertEqual(self.unbilled(), (0.0, 0.0, 0.0))

    def test_an_engagement_that_cannot_be_billed_says_why(self):
        self.ingest_ok([self.time("W1", self.bob, D(2026, 3, 2), 4)])
        self.engagement.rate_card_id.line_ids.unlink()
        self.engagement.invalidate_recordset()
        self.assertEqual(self.engagement.hours_unbilled, 0.0)
        self.assertIn("rate", self.engagement.unbilled_issue)


@freeze_time("2026-04-10")
class TestProposedAndInvoiced(FinanceRolesCase):
    def test_proposed_and_invoiced_are_separate_and_caps_count_both(self):
        self.engagement.write({"cap_amount": 5000.0})
        self.ingest_ok([self.time("P1", self.bob, D(2026, 3, 2), 10)])  # 1,400
        move = self.propose()
        eng = self.engagement.with_user(self.biller)

        def figures():
            eng.invalidate_recordset()
            return (
                eng.amount_proposed,
                eng.amount_invoiced,
                eng.hours_proposed,
                eng.hours_invoiced,
                eng.cap_amount_used,
                eng.cap_hours_used,
            )

        self.assertEqual(figures(), (1400.0, 0.0, 10.0, 0.0, 1400.0, 10.0))
        move.with_user(self.biller).action_ps_post_proposals()
        # posted: invoiced, no longer proposed; the cap counted it all along
        self.assertEqual(figures(), (0.0, 1400.0, 0.0, 10.0, 1400.0, 10.0))
        # a manual invoice of the engagement is invoiced too, and no proposal
        manual = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "ps_engagement_id": self.engagement.id,
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": self.service.id, "quantity": 1, "price_unit": 100.0}
                    )
                ],
            }
        )
        self.assertEqual(figures()[:2], (0.0, 1400.0))
        manual.action_post()
        self.assertEqual(figures()[:2], (0.0, 1500.0))


@freeze_time("2026-04-10")
class TestInvoiceProposals(FinanceRolesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.net30 = cls.env["account.payment.term"].create(
            {
                "name": "30 days (test)",
                "line_ids": [
                    Command.create({"value": "percent", "value_amount": 100, "nb_days": 30})
                ],
            }
        )
        cls.engagement.payment_term_id = cls.net30

    def proposal(self):
        self.ingest_ok(
            [
                self.time("V1", self.bob, D(2026, 3, 2), 5),  # 700
                self.time("V2", self.jane, D(2026, 3, 3), 2),  # 400
            ]
        )
        return self.propose()

    def test_due_date_follows_the_posting_date(self):
        move = self.proposal()
        self.assertFalse(move.invoice_date)
        self.assertEqual(move.ps_period_end, D(2026, 3, 31))
        with freeze_time("2026-04-14"):
            move.with_user(self.biller).action_ps_post_proposals()
        self.assertEqual(move.invoice_date, D(2026, 4, 14))
        self.assertEqual(move.invoice_date_due, D(2026, 5, 14))  # not 30 April
        self.assertEqual(move.state, "posted")

    def test_bulk_post_is_for_invoicing_users_and_proposals_only(self):
        move = self.proposal()
        # the run opens its proposals in the review list (drafts to review first)
        action = move.ps_billing_run_id.with_user(self.biller).action_open_proposals()
        self.assertIn("'search_default_draft': 1", action["context"])
        proposals = (
            self.env["account.move"]
            .with_user(self.biller)
            .search([*action["domain"], ("state", "=", "draft")])
        )
        self.assertEqual(proposals, move)
        self.assertEqual(move.ps_engagement_id, self.engagement)
        self.assertEqual(move.partner_id, self.customer)
        for user in (self.reviewer, self.sync_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                move.with_user(user).action_ps_post_proposals()
        manual = self.env["account.move"].create(
            {"move_type": "out_invoice", "partner_id": self.customer.id}
        )
        with self.assertRaisesRegex(UserError, "Only draft invoice proposals"):
            (move | manual).with_user(self.biller).action_ps_post_proposals()
        self.assertEqual(move.state, "draft")
        move.with_user(self.biller).action_ps_post_proposals()
        self.assertEqual(move.state, "posted")
        with self.assertRaisesRegex(UserError, "Only draft invoice proposals"):
            move.with_user(self.biller).action_ps_post_proposals()

    def adjust(self, move, user, direction, amount, note):
        line = move.invoice_line_ids.filtered(lambda rec: rec.name == "Bob Stone (Consultant)")
        action = line.with_user(user).action_ps_adjust()
        wizard = (
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
            .create({"direction": direction, "amount": amount, "reason": "courtesy", "note": note})
        )
        wizard.action_confirm()
        return move.ps_writeoff_ids.filtered(lambda wo: wo.note.endswith(note))

    def test_adjust_a_line_down_and_up_with_an_approver(self):
        move = self.proposal()
        self.assertEqual(move.amount_untaxed, 1100.0)
        down = self.adjust(move, self.biller, "down", 140.0, "onboarding hour")
        self.assertEqual(
            (down.state, down.requested_by_id, down.engagement_id, down.adjusted_line_id.move_id),
            ("draft", self.biller, self.engagement, move),
        )
        # waiting for its approver, the proposal is not posted
        with self.assertRaisesRegex(UserError, "awaiting an accounting manager"):
            move.with_user(self.biller).action_ps_post_proposals()
        # only an accounting manager approves, never the requester
        with self.assertRaisesRegex(AccessError, "Only an accounting manager"):
            down.with_user(self.biller).action_approve()
        down.with_user(self.acc_manager).action_approve()
        self.assertEqual((down.state, down.approver_id), ("applied", self.acc_manager))
        self.assertEqual(move.amount_untaxed, 960.0)
        self.assertEqual(down.invoice_line_id.move_id, move)
        self.assertIn("Write-off (Courtesy / goodwill)", down.invoice_line_id.name)
        trace = down.invoice_line_id.ps_trace_ids
        self.assertEqual((trace.kind, trace.amount), (kinds.WRITEOFF, -140.0))
        up = self.adjust(move, self.biller, "up", 60.0, "travel time agreed")
        up.with_user(self.acc_manager).action_approve()
        self.assertEqual(move.amount_untaxed, 1020.0)
        self.assertIn("Write-up", up.invoice_line_id.name)
        move.with_user(self.biller).action_ps_post_proposals()
        self.assertEqual(move.state, "posted")
        # the cap counts time only: an adjustment in review does not move it
        self.engagement.invalidate_recordset()
        self.assertEqual(self.engagement.cap_amount_used, 1100.0)
        self.assertEqual(self.engagement.amount_invoiced, 1020.0)
        # a posted proposal is adjusted no more
        with self.assertRaisesRegex(UserError, "Only draft invoice proposals"):
            self.adjust(move, self.biller, "down", 10.0, "too late")

    def test_an_adjustment_approved_after_posting_goes_on_the_next_proposal(self):
        move = self.proposal()
        wo = self.adjust(move, self.biller, "down", 100.0, "late approval")
        wo.with_user(self.acc_manager).action_refuse()
        move.with_user(self.biller).action_ps_post_proposals()
        late = self.env["ps.billing.writeoff"].create(
            {
                "engagement_id": self.engagement.id,
                "reason": "quality",
                "note": "rework",
                "amount": 50.0,
                "direction": "up",
            }
        )
        late.with_user(self.acc_manager).action_approve()
        self.assertEqual(late.state, "approved")
        self.ingest_ok([self.time("V3", self.bob, D(2026, 4, 2), 1)])
        nxt = self.bill(date_to=D(2026, 4, 30))
        self.assertEqual(nxt.amount_untaxed, 140.0 + 50.0)
        self.assertEqual(late.state, "applied")

    def test_open_the_hours_behind_a_line(self):
        move = self.proposal()
        line = move.invoice_line_ids.filtered(lambda rec: "Bob" in rec.name)
        for user in (self.biller, self.acc_manager):
            with self.subTest(user=user.login):
                action = line.with_user(user).action_ps_open_time_entries()
                entries = self.env["account.analytic.line"].with_user(user).search(action["domain"])
                self.assertEqual(entries.mapped("name"), ["Work V1"])
                self.assertEqual(entries.mapped("ps_billed_hours"), [5.0])
        action = move.with_user(self.biller).action_ps_open_time_entries()
        self.assertEqual(len(action["domain"][0][2]), 2)
        self.assertEqual(move.ps_timesheet_count, 2)

    def test_preview_and_send_the_pdf(self):
        move = self.proposal()
        action = move.with_user(self.biller).action_ps_preview_pdf()
        self.assertEqual(action["report_name"], "account.report_invoice_with_payments")
        html = (
            self.env["ir.actions.report"]
            .with_user(self.biller)
            ._render_qweb_html(action["report_name"], move.ids)[0]
        )
        self.assertIn(b"Bob Stone", html)
        with self.assertRaises(AccessError):
            move.with_user(self.reviewer).action_ps_preview_pdf()
        move.with_user(self.biller).action_ps_post_proposals()
        send = move.with_user(self.biller).action_invoice_sent()
        self.assertEqual(send["res_model"], "account.move.send.wizard")
