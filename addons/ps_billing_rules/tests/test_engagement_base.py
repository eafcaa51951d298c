# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The engagement base: one pricing of a time entry, one lock-date check,
one run header for billing and revenue runs."""

from decimal import Decimal

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user

from ..models.ps_rate_card import RateRefused
from .common import BillingCase, D


@freeze_time("2026-04-10")
class TestEngagementBase(BillingCase):
    # ------------------------------------------------------------------
    # one pricing of a time entry
    # ------------------------------------------------------------------
    def test_price_time_resolves_the_most_specific_rate(self):
        # Bob is a consultant; Acme has its own consultant rate
        self.assertEqual(
            self.engagement._ps_price_time(self.bob, D(2026, 3, 2)),
            (Decimal("140.0"), "role+customer"),
        )
        # Jane's own rate starts on the 16th
        self.assertEqual(
            self.engagement._ps_price_time(self.jane, D(2026, 3, 2)), (Decimal("200.0"), "role")
        )
        self.assertEqual(
            self.engagement._ps_price_time(self.jane, D(2026, 3, 16)),
            (Decimal("220.0"), "employee"),
        )

    def test_price_time_is_in_the_engagement_currency(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].create(
            {
                "name": D(2026, 3, 1),
                "currency_id": eur.id,
                "rate": 0.5,
                "company_id": self.company.id,
            }
        )
        eng, __ = self.make_engagement("ACME-EUR", currency_id=eur.id)
        rate, level = eng._ps_price_time(self.bob, D(2026, 3, 2))
        self.assertEqual((rate, level), (Decimal("70.0"), "role+customer"))

    def test_price_time_reads_each_card_once_per_cache(self):
        cache = {}
        self.engagement._ps_price_time(self.bob, D(2026, 3, 2), cache)
        self.assertEqual(list(cache), [self.card.id])
        # what the cache holds is what prices: a cached card without rules
        cache[self.card.id] = []
        with self.assertRaises(RateRefused):
            self.engagement._ps_price_time(self.bob, D(2026, 3, 2), cache)

    def test_price_time_refusal_names_the_reason(self):
        eng, __ = self.make_engagement("ACME-EMPTY")
        eng.rate_card_id = self.env["ps.rate.card"].create(
            {"name": "Empty", "company_id": self.company.id}
        )
        with self.assertRaisesRegex(UserError, "Rate card Empty: no rate") as caught:
            eng._ps_price_time(self.bob, D(2026, 3, 2))
        self.assertIn("no rate for this employee", str(caught.exception.reason))

    def test_billing_and_intake_price_alike(self):
        """The intake refuses what billing cannot price, with its own wording."""
        eng, __ = self.make_engagement("ACME-NORATE")
        eng.rate_card_id = self.env["ps.rate.card"].create(
            {
                "name": "Seniors only",
                "company_id": self.company.id,
                "line_ids": [Command.create({"job_id": self.senior.id, "rate": 100.0})],
            }
        )
        res = self.ingest(
            [self.time("P1", self.bob, D(2026, 3, 2), 2, project="ACME-NORATE", billable=True)]
        )
        self.assertEqual(res[0]["status"], "rejected")
        self.assertIn("rate card Seniors only: no rate", res[0]["message"])

    # ------------------------------------------------------------------
    # one lock-date check, Odoo's own
    # ------------------------------------------------------------------
    def test_lock_date_check_uses_odoo_lock_dates(self):
        self.assertIsNone(self.company._ps_violated_lock(D(2026, 3, 31)))
        self.assertIsNone(self.company._ps_lock_date())
        self.company.sale_lock_date = D(2026, 3, 31)
        self.assertEqual(
            self.company._ps_violated_lock(D(2026, 3, 31)), (D(2026, 3, 31), "sale_lock_date")
        )
        self.assertEqual(self.company._ps_lock_date(), D(2026, 3, 31))
        # a general journal (revenue's) is not under the sales lock
        general = self.env["account.journal"].search(
            [("company_id", "=", self.company.id), ("type", "=", "general")], limit=1
        )
        self.assertIsNone(self.company._ps_violated_lock(D(2026, 3, 31), general))
        self.assertIsNone(self.company._ps_lock_date(general))

    def test_lock_dates_need_no_accounting_rights(self):
        """The time intake's users (integration group) read no journal."""
        user = new_test_user(
            self.env,
            login="eng-lock-sync",
            groups="base.group_user,ps_sync_core.group_integration",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.company.sale_lock_date = D(2026, 3, 31)
        company = self.company.with_user(user)
        self.assertEqual(company._ps_lock_date(), D(2026, 3, 31))
        self.assertEqual(
            company._ps_violated_lock(D(2026, 3, 1)), (D(2026, 3, 31), "sale_lock_date")
        )

    def test_lock_exception_opens_the_period_for_its_user(self):
        self.company.fiscalyear_lock_date = D(2026, 3, 31)
        with self.assertRaisesRegex(UserError, "is locked"):
            self.engagement._check_billing_period(D(2026, 3, 31))
        self.env["account.lock_exception"].create(
            {
                "company_id": self.company.id,
                "user_id": self.env.user.id,
                "fiscalyear_lock_date": D(2026, 2, 28),
                "reason": "late March invoice",
            }
        )
        self.assertEqual(self.engagement._check_billing_period(D(2026, 3, 31)), D(2026, 3, 31))
        self.assertIsNone(self.company._ps_violated_lock(D(2026, 3, 31)))

    # ------------------------------------------------------------------
    # one run header
    # ------------------------------------------------------------------
    def test_run_header_counts_and_closes(self):
        second, __ = self.make_engagement("ACME-RUN2")
        third, __ = self.make_engagement("ACME-RUN3")
        run = self.env["ps.billing.run"].create(
            {
                "company_id": self.company.id,
                "date_to": D(2026, 3, 31),
                "state": "running",
                "line_ids": [
                    Command.create({"engagement_id": e.id})
                    for e in (self.engagement, second, third)
                ],
            }
        )
        self.assertEqual(run.name, f"{self.company.name} 2026-03-31")
        self.assertEqual((run.count_total, run.count_done, run.progress), (3, 0, 0.0))
        first, middle, last = run.line_ids
        first.state, middle.state = "done", "failed"
        self.assertEqual((run.count_done, run.count_failed, run.count_invoices), (2, 1, 1))
        self.assertAlmostEqual(run.progress, 200.0 / 3)
        run._check_done()
        self.assertEqual(run.state, "running")  # a line is still queued
        last.state = "nothing"
        run._check_done()
        self.assertEqual(run.state, "done")
        self.assertIn("1 invoice proposal(s), 1 failure(s)", run.message_ids[0].body)

    def test_run_mixin_refuses_a_second_start(self):
        self.ingest_ok([self.time("S1", self.bob, D(2026, 3, 2), 1)])
        run = self.env["ps.billing.run"].create(
            {"company_id": self.company.id, "date_to": D(2026, 3, 31)}
        )
        run.action_start()
        self.assertEqual(run.line_ids.engagement_id, self.engagement)
        with self.assertRaisesRegex(UserError, "was started already"):
            run.action_start()

    def test_runs_share_the_mixin(self):
        Mixin = self.env["ps.engagement.run.mixin"]
        for field in (
            "company_id",
            "date_to",
            "engagement_ids",
            "progress",
            "count_total",
            "count_done",
            "count_failed",
        ):
            self.assertIn(field, self.env["ps.billing.run"]._fields)
            self.assertIn(field, Mixin._fields)
        self.assertIn("ps.billing.run", self.env["ps.engagement.run.mixin"]._inherit_children)

    def test_engagement_parts_share_the_part_mixin(self):
        eng, __ = self.make_engagement("ACME-PARTS", currency_id=self.env.ref("base.EUR").id)
        eng.write(
            {
                "schedule_ids": [
                    Command.create({"date": D(2026, 3, 1), "name": "Phase 1", "amount": 100.0})
                ],
                "milestone_ids": [Command.create({"name": "Go-live", "amount": 200.0})],
            }
        )
        writeoff = self.env["ps.billing.writeoff"].create(
            {
                "engagement_id": eng.id,
                "reason": self.env["ps.billing.writeoff"]._fields["reason"].selection[0][0],
                "amount": 10.0,
                "note": "courtesy",
            }
        )
        parts = (eng.schedule_ids, eng.milestone_ids, writeoff)
        for part in parts:
            self.assertIn(part._name, self.env["ps.engagement.part.mixin"]._inherit_children)
            self.assertEqual(
                (part.company_id, part.currency_id), (self.company, self.env.ref("base.EUR"))
            )
        eng.unlink()
        self.assertFalse(any(part.exists() for part in parts))
