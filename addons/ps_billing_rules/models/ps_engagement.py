# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from decimal import Decimal

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..pure import billing_models as pure_billing_models
from ..pure import instalments as pure_instalments
from ..pure import kinds
from ..pure import plan as pure_plan
from ..pure import retainer as pure_retainer


class BillingPlan:
    """An engagement's billing plan (``ps.engagement._ps_plan``): the pure
    plan's ``result`` and the time entries it considered."""

    __slots__ = ("result", "timesheets")

    def __init__(self, result, timesheets):
        self.result = result
        self.timesheets = timesheets

    def time_billed(self):
        """(hours, amount) of time the plan bills: new time and adjustments,
        over-cap time billed and written off included (its write-off is a
        line of its own), held time not."""
        hours = amount = Decimal(0)
        for line in self.result.lines:
            for trace in line.traces:
                if trace.kind in kinds.TIME_BILLED:
                    hours += trace.hours
                    amount += trace.amount
        return hours, amount


class PsEngagement(models.Model):
    """The commercial agreement behind a project: who pays, in which currency,
    under which billing models, rates, caps and schedule.

    Billing models mix freely on one engagement: time and materials (approved
    billable time at rate-card rates), fixed fee (schedule lines), milestones
    (invoiced once accepted), a retainer (prepaid, drawn down by time) and
    caps on hours or amount with an overrun policy.
    """

    _name = "ps.engagement"
    _description = "Engagement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    reference = fields.Char(readonly=True, copy=False, default="/", index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, tracking=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, tracking=True
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        tracking=True,
        default=lambda self: self.env.company.currency_id,
    )
    user_id = fields.Many2one(
        "res.users", string="Engagement Manager", default=lambda self: self.env.user, tracking=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("closed", "Closed")],
        default="draft",
        required=True,
        tracking=True,
    )
    sale_order_id = fields.Many2one("sale.order", tracking=True, check_company=True, copy=False)
    project_id = fields.Many2one("project.project", tracking=True, check_company=True, copy=False)
    analytic_account_id = fields.Many2one(
        related="project_id.account_id", string="Analytic Account"
    )
    payment_term_id = fields.Many2one("account.payment.term", tracking=True)
    billing_frequency = fields.Selection(
        [("monthly", "Monthly"), ("quarterly", "Quarterly"), ("milestone", "On milestones")],
        default="monthly",
        required=True,
    )
    rate_card_id = fields.Many2one("ps.rate.card", tracking=True, check_company=True)
    product_id = fields.Many2one(
        "product.product",
        string="Service Product",
        required=True,
        default=lambda self: self.env.ref(
            "ps_billing_rules.product_professional_services", raise_if_not_found=False
        ),
        help="Product of the invoice lines this engagement's billing makes.",
    )
    bill_time = fields.Boolean(string="Time and Materials", default=True, tracking=True)
    cap_hours = fields.Float(
        string="Cap (hours)", tracking=True, help="Not-to-exceed hours; 0 for none."
    )
    cap_amount = fields.Monetary(
        string="Cap (amount)",
        tracking=True,
        help="Not-to-exceed amount of time billed; 0 for none.",
    )
    cap_policy = fields.Selection(
        [("hold", "Hold the overrun for review"), ("write_off", "Write the overrun off")],
        default="hold",
        required=True,
        tracking=True,
    )
    retainer_expiry = fields.Date(
        tracking=True, help="Time after this date draws nothing from the retainer."
    )
    schedule_ids = fields.One2many("ps.engagement.schedule", "engagement_id")
    milestone_ids = fields.One2many("ps.engagement.milestone", "engagement_id", string="Milestones")
    writeoff_ids = fields.One2many("ps.billing.writeoff", "engagement_id", string="Write-offs")
    trace_ids = fields.One2many("ps.billing.trace", "engagement_id", string="Billing Traces")
    last_billed_date = fields.Date(readonly=True, copy=False)

    # budget burn and balances, for project managers and finance. One meaning
    # of the words everywhere: *Proposed* is on draft billing-run invoices,
    # *Invoiced* on posted ones (net of credit notes), *Unbilled* is what the
    # next billing run would bill (the same plan the run makes)
    cap_hours_used = fields.Float(
        string="Hours Counted Against the Cap",
        compute="_compute_billing_figures",
        help="Hours of time on invoice proposals and posted invoices (not cancelled): a "
        "proposal counts as soon as it is made, so no later run can bill past the cap.",
    )
    cap_amount_used = fields.Monetary(
        string="Amount Counted Against the Cap",
        compute="_compute_billing_figures",
        help="Time on invoice proposals and posted invoices (not cancelled), net of what "
        "was written off over the cap: a proposal counts as soon as it is made, so no "
        "later run can bill past the cap.",
    )
    hours_proposed = fields.Float(
        string="Proposed (h)",
        compute="_compute_billing_figures",
        help="Hours of time on draft invoice proposals of billing runs.",
    )
    hours_invoiced = fields.Float(
        string="Invoiced (h)",
        compute="_compute_billing_figures",
        help="Hours of time on posted invoices, net of credit notes.",
    )
    amount_proposed = fields.Monetary(
        string="Proposed",
        compute="_compute_billing_figures",
        help="Untaxed total of the draft invoice proposals of billing runs (credit notes "
        "negative).",
    )
    amount_invoiced = fields.Monetary(
        string="Invoiced",
        compute="_compute_billing_figures",
        help="Untaxed total of the posted customer invoices of this engagement, net of "
        "credit notes: what Contract Balances and Reconcile to the Ledger call Invoiced.",
    )
    hours_unbilled = fields.Float(
        string="Unbilled (h)",
        compute="_compute_unbilled",
        help="Approved billable hours the next billing run would bill today (a billed "
        "entry changed since as its difference); hours over a cap are held (shown apart) "
        "or billed and written off, per the cap policy.",
    )
    amount_unbilled = fields.Monetary(
        string="Unbilled",
        compute="_compute_unbilled",
        help="What the next billing run would bill today for time, at the rate card's rates.",
    )
    hours_held = fields.Float(
        string="Held Over Cap (h)",
        compute="_compute_unbilled",
        help="Approved hours the next billing run would hold over a cap.",
    )
    unbilled_issue = fields.Char(
        compute="_compute_unbilled",
        help="Why the next billing run could not bill this engagement today.",
    )
    cap_burn = fields.Float(string="Cap Burn (%)", compute="_compute_billing_figures")
    retainer_prepaid = fields.Monetary(compute="_compute_retainer")
    retainer_balance = fields.Monetary(compute="_compute_retainer")
    invoice_count = fields.Integer(compute="_compute_billing_figures")

    _sql_constraints = [
        ("cap_hours_positive", "CHECK(cap_hours >= 0)", "A cap cannot be negative."),
        ("cap_amount_positive", "CHECK(cap_amount >= 0)", "A cap cannot be negative."),
        ("project_unique", "unique(project_id)", "A project belongs to one engagement."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("reference", "/") == "/":
                vals["reference"] = self.env["ir.sequence"].next_by_code("ps.engagement") or "/"
        return super().create(vals_list)

    def _live_traces(self):
        return self.trace_ids.filtered(lambda t: t.move_state != "cancel")

    def _cap_usage(self, traces=None):
        """(hours, amount) of time billed so far, net of cap write-offs."""
        traces = self._live_traces() if traces is None else traces
        hours = sum(traces.filtered(lambda t: t.kind in kinds.CAP_HOURS).mapped("hours"))
        amount = sum(
            traces.filtered(
                lambda t: t.kind in kinds.TIME_BILLED
                or (t.kind == kinds.WRITEOFF and t.timesheet_id)
            ).mapped("amount")
        )
        return round(hours, 2), round(amount, 2)

    @api.depends(
        "trace_ids.hours",
        "trace_ids.amount",
        "trace_ids.move_state",
        "cap_hours",
        "cap_amount",
    )
    def _compute_billing_figures(self):
        totals = self._ps_move_totals()
        for eng in self:
            traces = eng._live_traces()
            eng.cap_hours_used, eng.cap_amount_used = eng._cap_usage(traces)
            time = traces.filtered(lambda t: t.kind in kinds.CAP_HOURS)
            eng.hours_proposed = round(
                sum(time.filtered(lambda t: t.move_state == "draft").mapped("hours")), 2
            )
            eng.hours_invoiced = round(
                sum(time.filtered(lambda t: t.move_state == "posted").mapped("hours")), 2
            )
            eng.amount_proposed = totals.get((eng.id, "draft"), 0.0)
            eng.amount_invoiced = totals.get((eng.id, "posted"), 0.0)
            burns = []
            if eng.cap_hours:
                burns.append(100.0 * eng.cap_hours_used / eng.cap_hours)
            if eng.cap_amount:
                burns.append(100.0 * eng.cap_amount_used / eng.cap_amount)
            eng.cap_burn = max(burns) if burns else 0.0
            eng.invoice_count = len(traces.mapped("move_id"))

    def _ps_move_totals(self):
        """{(engagement id, "draft" | "posted"): untaxed total} of the customer
        invoices of these engagements, credit notes negative, in the
        engagement's currency: draft ones made by billing runs (*Proposed*),
        posted ones whoever made them (*Invoiced*)."""
        totals = {}
        moves = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("ps_engagement_id", "in", self.ids),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "in", ("draft", "posted")),
                ]
            )
        )
        for move in moves:
            if move.state == "draft" and not move.ps_billing_run_id:
                continue
            sign = -1 if move.move_type == "out_refund" else 1
            amount = move.amount_untaxed
            eng = move.ps_engagement_id
            if move.currency_id != eng.currency_id:
                amount = move.currency_id._convert(
                    amount,
                    eng.currency_id,
                    eng.company_id,
                    move.invoice_date or fields.Date.context_today(self),
                )
            key = (eng.id, move.state)
            totals[key] = eng.currency_id.round(totals.get(key, 0.0) + sign * amount)
        return totals

    @api.depends("schedule_ids.billed", "schedule_ids.amount", "trace_ids.amount")
    def _compute_retainer(self):
        for eng in self:
            prepaid = sum(
                eng.schedule_ids.filtered(
                    lambda s: s.kind == kinds.SCHEDULE_RETAINER and s.billed
                ).mapped("amount")
            )
            drawn = -sum(
                eng._live_traces().filtered(lambda t: t.kind == kinds.RETAINER).mapped("amount")
            )
            eng.retainer_prepaid = prepaid
            eng.retainer_balance = float(pure_retainer.balance(prepaid, drawn))

    def _compute_unbilled(self):
        """What the next billing run would bill today: the run's own plan,
        made without writing anything (``_ps_plan``), so the figure is
        exactly what a run then bills."""
        today = fields.Date.context_today(self)
        for eng in self:
            eng.hours_unbilled = eng.amount_unbilled = eng.hours_held = 0.0
            eng.unbilled_issue = False
            if not eng.id or eng.state != "active" or not eng.bill_time:
                continue
            try:
                plan = eng.sudo().with_company(eng.company_id)._ps_plan(today)
            except UserError as err:
                eng.unbilled_issue = str(err.args[0])
                continue
            hours, amount = plan.time_billed()
            eng.hours_unbilled = float(hours)
            eng.amount_unbilled = float(amount)
            eng.hours_held = float(sum((h for __, h in plan.result.held), Decimal(0)))

    @api.constrains("partner_id", "currency_id", "rate_card_id")
    def _check_rate_card(self):
        for eng in self:
            if eng.rate_card_id and eng.rate_card_id.company_id != eng.company_id:
                raise ValidationError(_("The rate card belongs to another company."))

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_activate(self):
        for eng in self:
            if not eng.project_id:
                raise UserError(_("Engagement %s needs a project before it starts.", eng.name))
            if eng.bill_time and not eng.rate_card_id:
                raise UserError(_("Engagement %s bills time: give it a rate card.", eng.name))
        self.write({"state": "active"})
        return True

    def action_close(self):
        self.write({"state": "closed"})
        return True

    def action_open_invoices(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Invoices"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", self._live_traces().mapped("move_id").ids)],
        }

    def action_open_unbilled_time(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ps_billing_rules.account_analytic_line_action_unbilled"
        )
        action["domain"] = [("ps_engagement_id", "=", self.id)]
        return action

    def _ps_instalment_commands(
        self, name, amount, count, date_first, interval_months=1, currency=None
    ):
        """Schedule line commands for ``amount`` in ``count`` instalments, or
        a UserError naming what is wrong with the terms."""
        currency = currency or self.currency_id
        try:
            lines = pure_instalments.instalments(
                amount, count, date_first, interval_months, currency.decimal_places
            )
        except pure_instalments.InstalmentError as err:
            raise UserError(
                _("%(name)s cannot be scheduled in instalments: %(err)s.", name=name, err=err)
            ) from err
        if len(lines) == 1:
            return [
                Command.create(
                    {
                        "kind": kinds.SCHEDULE_FIXED,
                        "date": lines[0].date,
                        "name": name,
                        "amount": float(lines[0].amount),
                    }
                )
            ]
        return [
            Command.create(
                {
                    "kind": kinds.SCHEDULE_FIXED,
                    "date": line.date,
                    "amount": float(line.amount),
                    "name": _(
                        "%(name)s (%(number)s/%(count)s)",
                        name=name,
                        number=line.number,
                        count=len(lines),
                    ),
                }
            )
            for line in lines
        ]

    def _ps_add_instalments(self, name, amount, count, date_first, interval_months=1):
        """Add ``amount`` in ``count`` instalments to the fixed-fee schedule."""
        self.ensure_one()
        self.write(
            {
                "schedule_ids": self._ps_instalment_commands(
                    name, amount, count, date_first, interval_months
                )
            }
        )
        return self.schedule_ids.filtered(lambda s: not s.billed)

    # ------------------------------------------------------------------
    # pricing
    # ------------------------------------------------------------------
    def _ps_price_time(self, employee, day, cache=None):
        """What an hour of ``employee``'s time on ``day`` is worth on this
        engagement: ``(rate, level)``, the rate a Decimal in the engagement's
        currency (converted from the card's on ``day``, rounded), the level
        the rate card rule that gave it. The one pricing of a time entry:
        the time intake (to refuse what cannot be priced), billing and
        revenue recognition (time and materials) all call it.

        ``cache``: a dict kept by the caller across calls (card id -> rules),
        so a batch reads each card once. Raises ``RateRefused`` (a
        UserError) when the card gives no single rate, UserError when the
        engagement has no rate card.
        """
        self.ensure_one()
        card = self.rate_card_id
        if not card:
            raise UserError(_("Engagement %s bills time but has no rate card.", self.name))
        cache = {} if cache is None else cache
        lines = cache.get(card.id)
        if lines is None:
            lines = cache[card.id] = card._pure_lines()
        rate, level, __ = card._resolve(employee, self.partner_id, day, lines=lines)
        rate = card.currency_id._convert(rate, self.currency_id, self.company_id, day, round=True)
        return Decimal(str(rate)), level

    # ------------------------------------------------------------------
    # billing
    # ------------------------------------------------------------------
    def _bill(self, date_to, run=None):
        """Make this engagement's invoice proposal for work up to ``date_to``.

        Returns the draft invoice, or an empty recordset when there is nothing
        to bill. Safe to repeat and to run twice at once: the engagement row is
        locked and written, so an overlapping run fails to serialise and is
        retried, after which it finds everything billed.

        The proposal has no invoice date: Odoo dates it when it is posted, and
        computes its due date from that day (``ps_period_end`` says which
        period it bills).
        """
        self.ensure_one()
        eng = self.sudo().with_company(self.company_id)
        eng.env.cr.execute("SELECT id FROM ps_engagement WHERE id = %s FOR UPDATE", [eng.id])
        if eng.state != "active":
            raise UserError(
                _(
                    "Engagement %(name)s is %(state)s: only active engagements are billed.",
                    name=eng.name,
                    state=eng.state,
                )
            )
        eng._check_billing_period(date_to)
        plan = eng._ps_plan(date_to, lock=True)
        result, timesheets = plan.result, plan.timesheets
        held_keys = {key for key, __ in result.held}
        timesheets.filtered(lambda t: t.id in held_keys).write({"ps_held_over_cap": True})
        eng.last_billed_date = date_to
        if not result.lines:
            return eng.env["account.move"]
        if result.total:
            move = eng._create_invoice(result, date_to, run)
        else:
            move = eng._create_settlement(result, date_to, run)
        billed = {
            t.key for line in result.lines for t in line.traces if t.kind in kinds.TIME_BILLED
        }
        # settled here; an entry credited here because it moved stays to bill
        # on the engagement it belongs to now
        timesheets.filtered(
            lambda t: t.id in billed and t.id not in held_keys and t.ps_engagement_id == eng
        ).write({"ps_to_bill": False, "ps_held_over_cap": False})
        return move

    def _ps_plan(self, date_to, lock=False):
        """The billing plan of this engagement for work up to ``date_to``, made
        without writing anything: what ``_bill`` invoices, and what the
        engagement shows as unbilled. ``lock``: lock the time entries it
        bills (billing does; a figure shown does not).

        Returns a ``BillingPlan`` (the pure plan's result and the time entries
        it looked at). Raises UserError when the engagement cannot be billed
        (no rate for an entry, no rate card)."""
        self.ensure_one()
        eng = self
        items, timesheets = (
            eng._time_items(date_to, lock=lock)
            if eng.bill_time
            else ([], eng.env["account.analytic.line"])
        )
        fixed, schedule, milestones = eng._fixed_items(date_to)
        writeoffs = eng.writeoff_ids.filtered(lambda wo: wo.state == "approved")
        used_hours, used_amount = eng._cap_usage()
        retainer_balance = None
        if eng.schedule_ids.filtered(lambda s: s.kind == kinds.SCHEDULE_RETAINER):
            retainer_balance = Decimal(str(eng.retainer_balance))
            # a prepayment billed in this very run already counts
            retainer_balance += sum(
                (Decimal(str(s.amount)) for s in schedule if s.kind == kinds.SCHEDULE_RETAINER),
                Decimal(0),
            )
        result = pure_plan.build(
            items,
            fixed=fixed,
            writeoffs=[
                pure_plan.WriteOff(
                    (kinds.SOURCE_WRITEOFF, wo.id),
                    wo._plan_label(),
                    # what is written off: a write-up is a negative write-off
                    -wo._sign() * Decimal(str(wo.amount)),
                )
                for wo in writeoffs
            ],
            cap_hours=eng.cap_hours or None,
            cap_amount=eng.cap_amount or None,
            used_hours=Decimal(str(used_hours)),
            used_amount=Decimal(str(used_amount)),
            cap_policy=eng.cap_policy,
            retainer_balance=retainer_balance,
            retainer_expiry=eng.retainer_expiry or None,
            period_end=date_to,
            digits=eng.currency_id.decimal_places,
            inputs=eng._ps_billing_inputs(date_to),
        )
        return BillingPlan(result, timesheets)

    def _ps_billing_inputs(self, date_to):
        """Inputs of the billing models that gather their own (the registry
        in ``pure/billing_models.py``): ``_ps_billing_inputs_<model name>(date_to)``
        of each registered model that has one, by model name."""
        inputs = {}
        for model in pure_billing_models.MODELS:
            gather = getattr(self, f"_ps_billing_inputs_{model.name}", None)
            if gather is not None:
                inputs[model.name] = gather(date_to)
        return inputs

    def _check_billing_period(self, date_to):
        """Refuse to bill a period under a lock date; returns ``date_to``."""
        company = self.company_id
        violated = company._ps_violated_lock(date_to)
        if violated:
            lock = violated[0]
            raise UserError(
                _(
                    "The period ending %(date)s is locked (lock date %(lock)s) for %(company)s: "
                    "bill it in an open period.",
                    date=date_to,
                    lock=lock,
                    company=company.name,
                )
            )
        return date_to

    def _ps_time_to_bill_domain(self, date_to):
        """Domain of the time entries of these engagements that a billing
        run up to ``date_to`` bills: approved, billable, not invoiced yet,
        dated up to ``date_to`` and not in the future (as ``_time_items``
        prices them). Others (operations alerts) select what billing owes with it."""
        limit = min(date_to, fields.Date.context_today(self))
        return [
            ("ps_engagement_id", "in", self.ids),
            ("ps_to_bill", "=", True),
            ("ps_status", "=", "approved"),
            ("ps_billable", "=", True),
            ("date", "<=", limit),
        ]

    def _time_items(self, date_to, lock=True):
        """Time items of entries to bill up to ``date_to``, and those entries."""
        Line = self.env["account.analytic.line"]
        today = fields.Date.context_today(self)
        limit = min(date_to, today)  # never bill future-dated time
        entries = Line.search(
            [
                ("ps_engagement_id", "=", self.id),
                ("ps_to_bill", "=", True),
                ("date", "<=", limit),
            ]
        )
        # entries billed here before but since moved to another engagement (or
        # deleted at the source): credited here, whatever their flag says
        moved = (
            self._live_traces()
            .filtered(lambda t: t.timesheet_id and t.timesheet_id.ps_engagement_id != self)
            .mapped("timesheet_id")
        )
        entries |= moved
        if not entries:
            return [], entries
        if lock:
            self.env.cr.execute(
                "SELECT id FROM account_analytic_line WHERE id IN %s FOR UPDATE",
                [tuple(entries.ids)],
            )
        card = self.rate_card_id
        rate_cache = {}
        billed, billed_rates = {}, {}
        for trace in (
            self._live_traces()
            .filtered(lambda t: t.timesheet_id in entries and t.kind in kinds.TIME_BILLED)
            .sorted("id")
        ):
            hours, amount = billed.get(trace.timesheet_id.id, (Decimal(0), Decimal(0)))
            billed[trace.timesheet_id.id] = (
                hours + Decimal(str(trace.hours)),
                amount + Decimal(str(trace.amount)),
            )
            billed_rates[trace.timesheet_id.id] = Decimal(str(trace.rate))
        items = []
        for entry in entries:
            eligible = (
                entry.ps_engagement_id == self
                and entry.ps_status == "approved"
                and entry.ps_billable
            )
            hours = Decimal(str(entry.unit_amount)) if eligible else Decimal(0)
            rate, level = Decimal(0), ""
            b_hours, b_amount = billed.get(entry.id, (Decimal(0), Decimal(0)))
            if eligible:
                if not card:
                    raise UserError(_("Engagement %s bills time but has no rate card.", self.name))
                rate, level = self._ps_price_time(entry.employee_id, entry.date, rate_cache)
            elif not b_hours and not b_amount:
                continue
            if not eligible and b_hours:
                # worth nothing here now: credit at the rate it was billed at
                rate = (b_amount / b_hours) if b_hours else Decimal(0)
            role = entry.employee_id.job_id.name
            group = f"{entry.employee_id.name} ({role})" if role else entry.employee_id.name
            items.append(
                pure_plan.TimeItem(
                    entry.id,
                    group,
                    entry.date,
                    hours,
                    rate,
                    level,
                    b_hours,
                    b_amount,
                    held=entry.ps_held_over_cap,
                    billed_rate=billed_rates.get(entry.id) if eligible and b_hours else None,
                )
            )
        return items, entries

    def _fixed_items(self, date_to):
        # nothing dated after the run is billed, whatever its kind: a run made
        # before its period ends bills what is due by today, not by the period end
        limit = min(date_to, fields.Date.context_today(self))
        schedule = self.schedule_ids.filtered(lambda s: not s.billed and s.date <= limit)
        # accepted by the period end: a run for an earlier period does not
        # bill (nor date back) a milestone accepted after it
        milestones = self.milestone_ids.filtered(
            lambda m: m.state == "accepted" and m.accepted_date <= limit
        )
        fixed = [
            pure_plan.FixedItem(
                (kinds.SOURCE_SCHEDULE, s.id), kinds.FIXED, s.name, Decimal(str(s.amount))
            )
            for s in schedule
        ]
        fixed += [
            pure_plan.FixedItem(
                (kinds.SOURCE_MILESTONE, m.id),
                kinds.MILESTONE,
                _("Milestone accepted: %s", m.name),
                Decimal(str(m.amount)),
            )
            for m in milestones
        ]
        return fixed, schedule, milestones

    def _create_invoice(self, result, period_end, run):
        """The proposal: a customer invoice, or a credit note when the plan is
        negative (Odoo posts no invoice below zero). A credit note carries the
        lines with their signs turned, points at the invoice it corrects, and
        its traces keep the plan's signs: a credit is negative on either
        document, so "billed" stays the plain sum of live traces."""
        refund = result.total < 0
        sign = -1 if refund else 1
        distribution = (
            {str(self.analytic_account_id.id): 100} if self.analytic_account_id else False
        )
        # every line carries the product's taxes: a retainer drawdown, a
        # write-off or an adjustment offsets taxed time, so the invoice's tax
        # is the tax of its net amount
        line_vals = [
            Command.create(
                {
                    "product_id": self.product_id.id,
                    "name": self._plan_label(line),
                    "quantity": float(line.quantity),
                    "price_unit": float(sign * line.unit_price),
                    "analytic_distribution": distribution,
                    "ps_rate_level": line.rate_level or False,
                }
            )
            for line in result.lines
        ]
        move = self.env["account.move"].create(
            {
                "move_type": "out_refund" if refund else "out_invoice",
                "partner_id": self.partner_id.id,
                "currency_id": self.currency_id.id,
                "company_id": self.company_id.id,
                "ps_period_end": period_end,
                "invoice_payment_term_id": self.payment_term_id.id or False,
                "invoice_origin": self.reference,
                "reversed_entry_id": self._corrected_invoice(result).id if refund else False,
                "ps_engagement_id": self.id,
                "ps_billing_run_id": run.id if run else False,
                "invoice_line_ids": line_vals,
            }
        )
        self._create_traces(result, move.invoice_line_ids.sorted("id"))  # in the order created
        return move

    def _plan_label(self, line):
        """The plan's label of ``line`` in the customer's language."""
        if not line.label_args:
            return line.label
        key, values = line.label_args
        env = self.with_context(lang=self.partner_id.lang or self.env.lang).env
        if key == kinds.LABEL_ADJUSTMENT:
            return env._(
                "Adjustment: %(group)s, %(day)s: %(billed)s h billed, now %(now)s h", **values
            )
        if key == kinds.LABEL_OVER_CAP_TIME:
            return env._("%(group)s (over the cap)", **values)
        if key == kinds.LABEL_OVER_CAP_WRITEOFF:
            return env._("Written off over the cap: %(group)s", **values)
        if key == kinds.LABEL_RETAINER:
            return env._("Drawn from the retainer")
        raise UserError(_("Billing has no wording for label %s.", key))

    def _corrected_invoice(self, result):
        """The posted invoice a credit note corrects: the latest that billed
        one of the entries it credits, else the engagement's latest."""
        keys = {t.key for line in result.lines for t in line.traces if isinstance(t.key, int)}
        invoices = (
            self._live_traces()
            .filtered(lambda t: t.move_id.move_type == "out_invoice" and t.move_state == "posted")
            .move_id
        )
        billed_them = (
            self._live_traces()
            .filtered(lambda t: t.timesheet_id.id in keys and t.move_id in invoices)
            .move_id
        )
        return (billed_them or invoices).sorted(lambda m: (m.invoice_date, m.id))[-1:]

    def _create_settlement(self, result, date, run):
        """A plan that nets to zero (time fully drawn from the retainer, or
        fully written off over a cap) proposes no invoice: it is recorded as a
        posted journal entry in the general journal, one line per plan line on
        the product's income account, so its traces still point at posted,
        auditable lines and nobody has to cancel a 0.00 proposal."""
        company = self.company_id
        journal = self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "general")],
            limit=1,
        )
        account = self.product_id.product_tmpl_id._get_product_accounts()["income"]
        if not journal or not account:
            raise UserError(
                _(
                    "%(company)s needs a miscellaneous journal and an income account "
                    "on %(product)s to record a billing that nets to zero.",
                    company=company.name,
                    product=self.product_id.display_name,
                )
            )
        distribution = (
            {str(self.analytic_account_id.id): 100} if self.analytic_account_id else False
        )
        line_vals, total_balance = [], 0.0
        for index, line in enumerate(result.lines):
            amount = -float(line.amount)  # a billed amount is a credit to income
            balance = self.currency_id._convert(amount, company.currency_id, company, date)
            if index == len(result.lines) - 1:
                balance = -total_balance  # nets to zero in company currency too
            total_balance += balance
            line_vals.append(
                Command.create(
                    {
                        "name": self._plan_label(line),
                        "account_id": account.id,
                        "partner_id": self.partner_id.id,
                        "currency_id": self.currency_id.id,
                        "amount_currency": amount,
                        "balance": balance,
                        "analytic_distribution": distribution,
                        "ps_rate_level": line.rate_level or False,
                        "tax_ids": [Command.clear()],
                    }
                )
            )
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": date,
                "ps_period_end": date,
                "company_id": company.id,
                "ref": _("%(ref)s: billing that nets to zero, no invoice", ref=self.reference),
                "ps_engagement_id": self.id,
                "ps_billing_run_id": run.id if run else False,
                "line_ids": line_vals,
            }
        )
        self._create_traces(result, move.line_ids.sorted("id"))
        move.action_post()
        return move

    def _ps_trace_source_vals(self, key, move_line):
        """Hook: trace values naming the source of a plan trace whose key
        (``(source, id)``) a billing model of another addon made (an
        expense's re-billing: ``expense_id``)."""
        return {}

    def _create_traces(self, result, move_lines):
        trace_vals = []
        for line, aml in zip(result.lines, move_lines, strict=True):
            for trace in line.traces:
                rate = trace.rate if trace.rate is not None else line.unit_price
                vals = {
                    "move_line_id": aml.id,
                    "engagement_id": self.id,
                    "kind": trace.kind,
                    "hours": float(trace.hours),
                    "amount": float(trace.amount),
                    "rate": float(rate),
                    "rate_level": line.rate_level,
                }
                if isinstance(trace.key, int):  # a time entry
                    vals["timesheet_id"] = trace.key
                elif trace.key[0] in (kinds.SOURCE_SCHEDULE, kinds.SOURCE_MILESTONE):
                    target = self.env["ps.engagement." + trace.key[0]].browse(trace.key[1])
                    target.invoice_line_id = aml
                elif trace.key[0] == kinds.SOURCE_WRITEOFF:
                    wo = self.env["ps.billing.writeoff"].browse(trace.key[1])
                    wo.write({"state": "applied", "invoice_line_id": aml.id})
                else:
                    vals.update(self._ps_trace_source_vals(trace.key, aml))
                trace_vals.append(vals)
        self.env["ps.billing.trace"].create(trace_vals)
