# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Alert conditions on billing (ps_billing_rules): unbilled time, caps, runs."""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from odoo import _, models
from odoo.exceptions import UserError

from odoo.addons.ps_billing_rules.pure import kinds

from ..conditions import alert_condition
from ..pure import periods as pure_periods
from ..pure.alerts import Subject


class PsAlertConditionBilling(models.AbstractModel):
    _name = "ps.alert.condition.billing"
    _description = "Alert Conditions: Billing"

    # ------------------------------------------------------------------
    # shared helpers
    # ------------------------------------------------------------------
    def _ps_unbilled_time(self, engagements, date_to, held=False):
        """What billing owes on ``engagements`` for time up to ``date_to`` (a
        date, or {engagement: date}): {engagement: (hours, amount, entries,
        unpriced)}, the amount at the billing rates (``_ps_price_time``, in
        the engagement's currency) of the entries a billing run up to that
        date would bill (``_ps_time_to_bill_domain``). ``held``: count time
        held over a cap too (by default it is the cap rule's business)."""
        Line = self.env["account.analytic.line"]
        dates = date_to if isinstance(date_to, dict) else dict.fromkeys(engagements, date_to)
        by_date = defaultdict(lambda: self.env["ps.engagement"])
        for eng in engagements:
            by_date[dates[eng]] |= eng
        result = {}
        cache = {}
        for day, group in by_date.items():
            domain = group._ps_time_to_bill_domain(day)
            if not held:
                domain.append(("ps_held_over_cap", "=", False))
            for entry in Line.search(domain, order="ps_engagement_id, date, id"):
                eng = entry.ps_engagement_id
                hours, amount, count, unpriced = result.get(eng, (0.0, Decimal(0), 0, 0))
                try:
                    rate, __ = eng._ps_price_time(entry.employee_id, entry.date, cache)
                except UserError:
                    unpriced += 1
                else:
                    amount += rate * Decimal(str(entry.unit_amount))
                result[eng] = (hours + entry.unit_amount, amount, count + 1, unpriced)
        return result

    def _ps_to_company_currency(self, eng, amount, day):
        return Decimal(
            str(
                eng.currency_id._convert(
                    float(amount), eng.company_id.currency_id, eng.company_id, day
                )
            )
        )

    def _ps_engagement_subject(self, eng, message, amount, value=0.0, count=0):
        """A subject that is an engagement, its money in the engagement's currency."""
        return Subject(
            f"ps.engagement,{eng.id}",
            message,
            Decimal(amount).quantize(Decimal("0.01")),
            eng.currency_id.id,
            eng.company_id.id,
            "ps.engagement",
            eng.id,
            count=count,
            value=round(float(value), 2),
        )

    def _ps_active_engagements(self, rule, **extra):
        domain = [("company_id", "in", rule._ps_companies().ids), ("state", "=", "active")]
        domain += [(key, "=", value) for key, value in extra.items()]
        return self.env["ps.engagement"].search(domain)

    # ------------------------------------------------------------------
    # approved billable time not invoiced N days after its period closed
    # ------------------------------------------------------------------
    @alert_condition(
        "unbilled_time",
        "Billing: approved billable time not invoiced N days after its period closed",
        threshold="days",
    )
    def _ps_alert_unbilled_time(self, rule, now):
        today = now.date()
        engagements = self._ps_active_engagements(rule, bill_time=True)
        cutoffs = {
            eng: pure_periods.closed_before(
                today,
                int(rule.threshold),
                pure_periods.QUARTERLY
                if eng.billing_frequency == "quarterly"
                else pure_periods.MONTHLY,
            )
            for eng in engagements
        }
        subjects = []
        for eng, (hours, amount, count, unpriced) in self._ps_unbilled_time(
            engagements, cutoffs
        ).items():
            message = _(
                "%(eng)s: %(hours)s h of approved time up to %(date)s not invoiced "
                "(%(count)s entries)",
                eng=eng.display_name,
                hours=round(hours, 2),
                date=cutoffs[eng],
                count=count,
            )
            if unpriced:
                message += _("; %s entries cannot be priced by the rate card", unpriced)
            subjects.append(self._ps_engagement_subject(eng, message, amount, hours, count))
        return subjects

    # ------------------------------------------------------------------
    # an engagement near or over its cap
    # ------------------------------------------------------------------
    @alert_condition(
        "engagement_cap",
        "Billing: engagement near or over its cap (billed and approved time)",
        threshold="percent",
    )
    def _ps_alert_engagement_cap(self, rule, now):
        engagements = self._ps_active_engagements(
            rule,
        ).filtered(lambda e: e.cap_hours or e.cap_amount)
        unbilled = self._ps_unbilled_time(engagements, now.date(), held=True)
        subjects = []
        for eng in engagements:
            used_hours, used_amount = eng._cap_usage()
            hours, amount, __, __ = unbilled.get(eng, (0.0, Decimal(0), 0, 0))
            hours_total = Decimal(str(used_hours)) + Decimal(str(hours))
            amount_total = Decimal(str(used_amount)) + amount
            rate = amount / Decimal(str(hours)) if hours else Decimal(0)
            burns, over, left = [], [], []
            if eng.cap_hours:
                cap = Decimal(str(eng.cap_hours))
                burns.append(hours_total / cap * 100)
                over.append(max(hours_total - cap, Decimal(0)) * rate)
                left.append(max(cap - hours_total, Decimal(0)) * rate)
            if eng.cap_amount:
                cap = Decimal(str(eng.cap_amount))
                burns.append(amount_total / cap * 100)
                over.append(max(amount_total - cap, Decimal(0)))
                left.append(max(cap - amount_total, Decimal(0)))
            burn = max(burns)
            if burn < Decimal(str(rule.threshold)):
                continue
            if burn > 100:
                stake = max(over)
                message = _(
                    "%(eng)s is over its cap (%(burn)s%% used): %(amount)s of work over the cap",
                    eng=eng.display_name,
                    burn=round(float(burn), 1),
                    amount=round(float(stake), 2),
                )
            else:
                stake = min(left)
                message = _(
                    "%(eng)s has used %(burn)s%% of its cap: %(amount)s left",
                    eng=eng.display_name,
                    burn=round(float(burn), 1),
                    amount=round(float(stake), 2),
                )
            subjects.append(self._ps_engagement_subject(eng, message, stake, burn))
        return subjects

    # ------------------------------------------------------------------
    # a retainer running low
    # ------------------------------------------------------------------
    @alert_condition(
        "retainer_low",
        "Billing: retainer at or below N% of its prepayments, after approved time",
        threshold="percent",
    )
    def _ps_alert_retainer_low(self, rule, now):
        """Engagements whose retainer (prepayments billed or scheduled),
        once the approved time not yet billed is drawn from it, is down to
        the threshold's share or less. Money at stake: the time it no longer
        covers when it is overdrawn, else the balance left."""
        today = now.date()
        engagements = self._ps_active_engagements(rule).filtered(
            lambda e: any(s.kind == kinds.SCHEDULE_RETAINER for s in e.schedule_ids)
            and not (e.retainer_expiry and e.retainer_expiry < today)
        )
        limits = {eng: min(eng.retainer_expiry or today, today) for eng in engagements}
        unbilled = self._ps_unbilled_time(engagements, limits, held=True)
        subjects = []
        for eng in engagements:
            scheduled = sum(
                s.amount
                for s in eng.schedule_ids
                if s.kind == kinds.SCHEDULE_RETAINER and not s.billed
            )
            funded = Decimal(str(eng.retainer_prepaid)) + Decimal(str(scheduled))
            if not funded:
                continue
            __, owed, __, __ = unbilled.get(eng, (0.0, Decimal(0), 0, 0))
            left = Decimal(str(eng.retainer_balance)) + Decimal(str(scheduled)) - owed
            share = left / funded * 100
            if share > Decimal(str(rule.threshold)):
                continue
            if left < 0:
                stake = -left
                message = _(
                    "%(eng)s: the retainer is overdrawn by %(amount)s of approved time",
                    eng=eng.display_name,
                    amount=round(float(stake), 2),
                )
            else:
                stake = left
                message = _(
                    "%(eng)s: %(share)s%% of the retainer left (%(amount)s) after approved time",
                    eng=eng.display_name,
                    share=round(float(share), 1),
                    amount=round(float(stake), 2),
                )
            subjects.append(self._ps_engagement_subject(eng, message, stake, share))
        return subjects

    # ------------------------------------------------------------------
    # runs (billing here, revenue recognition in its file)
    # ------------------------------------------------------------------
    def _ps_run_subjects(self, rule, now, model, kind, stake=None, engagement_domain=()):
        """A run of ``model`` that failed (the latest run of its company and
        period finished with failed engagements), is stuck (running for more
        than the threshold, in hours) or was not made for last month by the
        rule's day of the month. ``stake(company, date_to, engagements)``
        gives the money a run holds back, in the company's currency;
        ``engagement_domain`` narrows the engagements a run is owed for."""
        Run = self.env[model]
        companies = rule._ps_companies()
        today = now.date()
        subjects = []
        stuck_since = now - timedelta(hours=rule.threshold)
        for run in Run.search([("company_id", "in", companies.ids), ("state", "=", "running")]):
            lines = run[run._run_line_field]
            started = min(lines.mapped("create_date"), default=run.write_date)
            if started > stuck_since:
                continue
            hours = (now - started).total_seconds() / 3600
            queued = len(lines.filtered(lambda line: line.state == "queued"))
            subjects.append(
                Subject(
                    f"{model},{run.id}",
                    _(
                        "%(kind)s %(run)s is stuck: running for %(hours)s h, "
                        "%(queued)s engagement(s) still queued",
                        kind=kind,
                        run=run.name,
                        hours=round(hours, 1),
                        queued=queued,
                    ),
                    company_id=run.company_id.id,
                    res_model=model,
                    res_id=run.id,
                    count=queued,
                    value=round(hours, 2),
                )
            )
        # the latest run of each company and recent period end says how it went
        latest = {}
        for run in Run.search(
            [
                ("company_id", "in", companies.ids),
                ("state", "!=", "draft"),
                ("date_to", ">=", today - timedelta(days=100)),
            ],
            order="id desc",
        ):
            latest.setdefault((run.company_id, run.date_to), run)
        for (company, date_to), run in latest.items():
            if run.state != "done" or not run.count_failed:
                continue
            failed = run[run._run_line_field].filtered(lambda line: line.state == "failed")
            amount = stake(company, date_to, failed.engagement_id) if stake else Decimal(0)
            subjects.append(
                Subject(
                    f"{model},{run.id}",
                    _(
                        "%(kind)s %(run)s failed for %(count)s engagement(s): %(names)s",
                        kind=kind,
                        run=run.name,
                        count=len(failed),
                        names=", ".join(failed.engagement_id.mapped("display_name")[:5]),
                    ),
                    amount.quantize(Decimal("0.01")),
                    company.currency_id.id,
                    company.id,
                    model,
                    run.id,
                    count=len(failed),
                )
            )
        if today.day >= rule.day_of_month:
            period = pure_periods.previous_month_end(today)
            made = Run.search(
                [
                    ("company_id", "in", companies.ids),
                    ("date_to", "=", period),
                    ("state", "in", ("running", "done")),
                ]
            ).company_id
            for company in companies - made:
                engagements = self.env["ps.engagement"].search(
                    [("company_id", "=", company.id), ("state", "=", "active")]
                    + list(engagement_domain)
                )
                if not engagements:
                    continue
                amount = stake(company, period, engagements) if stake else Decimal(0)
                subjects.append(
                    Subject(
                        f"missing:{model}:{company.id}:{period}",
                        _(
                            "No %(kind)s for %(company)s up to %(period)s by day %(day)s "
                            "of the month",
                            kind=kind,
                            company=company.name,
                            period=period,
                            day=rule.day_of_month,
                        ),
                        amount.quantize(Decimal("0.01")),
                        company.currency_id.id,
                        company.id,
                        count=len(engagements),
                    )
                )
        return subjects

    def _ps_billing_stake(self, company, date_to, engagements):
        """Approved time up to ``date_to`` that a billing run would bill, in
        the company's currency."""
        unbilled = self._ps_unbilled_time(engagements.filtered("bill_time"), date_to)
        return sum(
            (
                self._ps_to_company_currency(eng, amount, date_to)
                for eng, (__, amount, __, __) in unbilled.items()
            ),
            Decimal(0),
        )

    @alert_condition(
        "billing_run",
        "Billing: billing run failed, stuck (N hours) or not run by day D",
        threshold="hours",
    )
    def _ps_alert_billing_run(self, rule, now):
        return self._ps_run_subjects(
            rule, now, "ps.billing.run", _("Billing run"), stake=self._ps_billing_stake
        )
