# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
from decimal import Decimal

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.ps_billing_rules.pure import caps as pure_caps

from ..pure import allocation as pure_allocation
from ..pure import methods as pure_methods
from ..pure import schedule as pure_schedule

METHODS = [
    ("ratable", "Ratable over the service period"),
    ("point_in_time", "Point in time, on milestone acceptance"),
    ("input_hours", "Percentage of completion by hours"),
    ("input_cost", "Percentage of completion by cost"),
    ("time_material", "Time and materials, as delivered"),
]
INPUT_METHODS = ("input_hours", "input_cost")


class PsRevenueObligation(models.Model):
    """A distinct promise of an engagement: what the customer buys, how its
    revenue is earned and what share of the price it carries.

    The engagement's fixed transaction price is allocated across its
    obligations by relative standalone selling price. Time and materials
    obligations are variable consideration: they earn approved time at the
    billing rates and take no share of the fixed price.
    """

    _name = "ps.revenue.obligation"
    _description = "Performance Obligation"
    _inherit = ["mail.thread"]
    _order = "sequence, id"  # ordering by engagement_id would join and sort engagements
    _check_company_auto = True

    engagement_id = fields.Many2one(
        "ps.engagement", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="engagement_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="engagement_id.currency_id", store=True)
    partner_id = fields.Many2one(related="engagement_id.partner_id", store=True, string="Customer")
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, tracking=True)
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Sale Order Line", copy=False, check_company=True
    )
    method = fields.Selection(METHODS, required=True, default="ratable", tracking=True)
    standalone_price = fields.Monetary(
        string="Standalone Selling Price",
        tracking=True,
        help="What the customer would pay for this promise on its own; the fixed "
        "transaction price is shared in proportion to these.",
    )
    allocated_amount = fields.Monetary(
        compute="_compute_allocated_amount",
        store=True,
        help="Share of the engagement's fixed transaction price. Time and materials "
        "obligations earn what is delivered instead.",
    )
    date_start = fields.Date(
        string="Service Start", required=True, tracking=True, default=fields.Date.context_today
    )
    date_end = fields.Date(
        string="Service End",
        required=True,
        tracking=True,
        help="End of the service period (ratable), expected acceptance "
        "(point in time) or expected completion (other methods).",
    )
    milestone_id = fields.Many2one(
        "ps.engagement.milestone",
        check_company=True,
        tracking=True,
        domain="[('engagement_id', '=', engagement_id)]",
        help="Point in time: revenue is recognised when this milestone is accepted.",
    )
    task_id = fields.Many2one(
        "project.task",
        check_company=True,
        help="Input methods: count only this task's time. Leave empty to count the "
        "engagement's approved time.",
    )
    estimate_hours = fields.Float(string="Estimate at Completion (h)", tracking=True)
    estimate_cost = fields.Monetary(
        string="Estimate at Completion (cost)", tracking=True, currency_field="company_currency_id"
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    schedule_line_ids = fields.One2many(
        "ps.revenue.schedule.line", "obligation_id", string="Schedule"
    )
    schedule_issue = fields.Char(
        readonly=True, copy=False, help="Why the schedule could not be regenerated."
    )

    input_to_date = fields.Float(string="Hours / Cost to Date", compute="_compute_figures")
    progress = fields.Float(string="Progress (%)", compute="_compute_figures")
    recognised_amount = fields.Monetary(string="Recognised (posted)", compute="_compute_figures")
    remaining_amount = fields.Monetary(string="To Recognise", compute="_compute_figures")

    _sql_constraints = [
        (
            "standalone_price_positive",
            "CHECK(standalone_price >= 0)",
            "A standalone selling price cannot be negative.",
        ),
        (
            "estimates_positive",
            "CHECK(estimate_hours >= 0 AND estimate_cost >= 0)",
            "An estimate at completion cannot be negative.",
        ),
    ]

    @api.depends(
        "engagement_id.ps_transaction_price",
        "engagement_id.currency_id",
        "engagement_id.ps_obligation_ids.standalone_price",
        "engagement_id.ps_obligation_ids.method",
    )
    def _compute_allocated_amount(self):
        self.allocated_amount = 0.0
        for engagement in self.engagement_id:
            fixed = engagement.ps_obligation_ids.filtered(lambda o: o.method != "time_material")
            try:
                shares = pure_allocation.allocate(
                    engagement.ps_transaction_price,
                    [o.standalone_price or None for o in fixed],
                    engagement.currency_id.decimal_places,
                )
            except pure_allocation.AllocationError:
                continue  # shown on the engagement, refused by the run
            for obligation, share in zip(fixed, shares, strict=True):
                obligation.allocated_amount = float(share)

    def _compute_figures(self):
        posted = self._ps_posted_totals()
        today = fields.Date.context_today(self)
        for obligation in self:
            obligation.recognised_amount = float(posted.get(obligation.id, 0))
            obligation.input_to_date = 0.0
            obligation.progress = 0.0
            if obligation.method in INPUT_METHODS:
                done = obligation._ps_input_to_date(today)
                estimate = (
                    obligation.estimate_hours
                    if obligation.method == "input_hours"
                    else obligation.estimate_cost
                )
                obligation.input_to_date = done
                obligation.progress = 100.0 * done / estimate if estimate else 0.0
            obligation.remaining_amount = (
                obligation.allocated_amount - obligation.recognised_amount
                if obligation.method != "time_material"
                else 0.0
            )

    @api.constrains("method", "standalone_price")
    def _check_standalone_price(self):
        for obligation in self:
            if obligation.method != "time_material" and obligation.standalone_price <= 0:
                raise ValidationError(
                    _(
                        "Obligation %(name)s of %(eng)s has no standalone selling price: the "
                        "fixed price is allocated in proportion to these, so each one needs a "
                        "price above zero (what the customer would pay for it alone).",
                        name=obligation.name,
                        eng=obligation.engagement_id.display_name,
                    )
                )

    @api.constrains(
        "method",
        "date_start",
        "date_end",
        "milestone_id",
        "estimate_hours",
        "estimate_cost",
        "task_id",
    )
    def _check_terms(self):
        for obligation in self:
            if obligation.date_end < obligation.date_start:
                raise ValidationError(
                    _("Obligation %(name)s ends before it starts.", name=obligation.name)
                )
            if obligation.method == "point_in_time" and not obligation.milestone_id:
                raise ValidationError(
                    _(
                        "Obligation %s is recognised on acceptance: choose its milestone.",
                        obligation.name,
                    )
                )
            if (
                obligation.milestone_id
                and obligation.milestone_id.engagement_id != obligation.engagement_id
            ):
                raise ValidationError(
                    _(
                        "The milestone of obligation %s belongs to another engagement.",
                        obligation.name,
                    )
                )
            if obligation.method in INPUT_METHODS:
                estimate = (
                    obligation.estimate_hours
                    if obligation.method == "input_hours"
                    else obligation.estimate_cost
                )
                done = obligation._ps_input_to_date(fields.Date.context_today(obligation))
                try:
                    pure_methods.progress(done, estimate)
                except pure_methods.MethodError as err:
                    raise ValidationError(
                        _("Obligation %(name)s: %(err)s.", name=obligation.name, err=err)
                    ) from err
        for engagement in self.engagement_id:
            tm = engagement.ps_obligation_ids.filtered(lambda o: o.method == "time_material")
            if len(tm) > 1:
                raise ValidationError(
                    _(
                        "Engagement %s has more than one time and materials obligation: its "
                        "approved time would be recognised twice.",
                        engagement.display_name,
                    )
                )
            inputs = engagement.ps_obligation_ids.filtered(lambda o: o.method in INPUT_METHODS)
            if len(inputs) > 1 and not all(inputs.mapped("task_id")):
                raise ValidationError(
                    _(
                        "Engagement %s has several percentage-of-completion obligations: give "
                        "each one its task, so that no hour counts for two of them.",
                        engagement.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        obligations = super().create(vals_list)
        if not self.env.context.get("ps_revenue_no_schedule"):
            obligations.engagement_id.ps_obligation_ids._ps_regenerate_schedule()
        return obligations

    def write(self, vals):
        res = super().write(vals)
        if not self.env.context.get("ps_revenue_no_schedule") and set(vals) & {
            "method",
            "standalone_price",
            "date_start",
            "date_end",
            "milestone_id",
            "task_id",
            "estimate_hours",
            "estimate_cost",
        }:
            self.engagement_id.ps_obligation_ids._ps_regenerate_schedule()
        return res

    def unlink(self):
        if (
            self.env["account.move.line"]
            .sudo()
            .search_count([("ps_obligation_id", "in", self.ids)], limit=1)
        ):
            raise UserError(
                _(
                    "An obligation with posted revenue cannot be deleted; "
                    "set its standalone price and terms instead."
                )
            )
        return super().unlink()

    def action_regenerate_schedule(self):
        # the schedule is written as the superuser: only who maintains
        # obligations may ask for it
        if not self.env.su and not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(_("Only invoicing users regenerate revenue schedules."))
        self.check_access("write")
        self._ps_regenerate_schedule()
        return True

    # ------------------------------------------------------------------
    # what is earned
    # ------------------------------------------------------------------
    def _ps_time_domain(self, as_of):
        domain = [
            ("ps_engagement_id", "=", self.engagement_id.id),
            ("ps_status", "=", "approved"),
            ("date", "<=", as_of),
            ("project_id", "!=", False),
        ]
        if self.task_id:
            domain.append(("task_id", "=", self.task_id.id))
        return domain

    def _ps_input_to_date(self, as_of):
        """Hours, or cost in company currency, of approved time up to ``as_of``."""
        self.ensure_one()
        if not self.engagement_id.id:
            return 0.0
        [(hours, amount)] = (
            self.env["account.analytic.line"]
            .sudo()
            ._read_group(self._ps_time_domain(as_of), [], ["unit_amount:sum", "amount:sum"])
        )
        return (hours or 0.0) if self.method == "input_hours" else -(amount or 0.0)

    def _ps_delivered_value(self, as_of):
        """Approved billable time up to ``as_of`` at the engagement's billing
        rates, within every cap billing applies (hours, then amount): variable
        consideration is constrained to what can be billed."""
        self.ensure_one()
        engagement = self.engagement_id
        card = engagement.rate_card_id
        entries = (
            self.env["account.analytic.line"]
            .sudo()
            .search(self._ps_time_domain(as_of) + [("ps_billable", "=", True)], order="date, id")
        )
        if not entries:
            return Decimal(0)
        if not card:
            raise UserError(
                _(
                    "Engagement %s recognises time and materials but has no rate card.",
                    engagement.display_name,
                )
            )
        rate_cache = {}
        items = []
        for entry in entries:
            rate, __ = engagement._ps_price_time(entry.employee_id, entry.date, rate_cache)
            items.append((entry.id, Decimal(str(entry.unit_amount)), rate))
        return pure_caps.capped_value(
            items,
            engagement.cap_hours or None,
            engagement.cap_amount or None,
            engagement.currency_id.decimal_places,
        )

    def _ps_cumulative(self, as_of, current_end=None):
        """Revenue earned up to ``as_of`` under the current terms (Decimal).

        ``current_end``: end of the current period; for a later ``as_of`` the
        figure is a plan: input methods spread what is left over the rest of
        the expected period, time and materials plans nothing more.
        Raises UserError when the terms cannot give a figure.
        """
        self.ensure_one()
        digits = self.currency_id.decimal_places
        allocated = Decimal(str(self.allocated_amount))
        try:
            if self.method == "ratable":
                return pure_methods.ratable(
                    allocated, self.date_start, self.date_end, as_of, digits
                )
            if self.method == "point_in_time":
                accepted = self.milestone_id.accepted_date
                if current_end and as_of > current_end and not accepted:
                    accepted = max(self.date_end, current_end + datetime.timedelta(days=1))
                return pure_methods.point_in_time(allocated, accepted, as_of, digits)
            planned = current_end and as_of > current_end
            actual_at = min(as_of, current_end) if planned else as_of
            if self.method == "time_material":
                cap = self.engagement_id.cap_amount or None
                return pure_methods.as_delivered(self._ps_delivered_value(actual_at), cap, digits)
            estimate = self.estimate_hours if self.method == "input_hours" else self.estimate_cost
            now = pure_methods.input_method(
                allocated, self._ps_input_to_date(actual_at), estimate, digits
            )
            if not planned or self.date_end <= current_end:
                return allocated if planned else now
            # planned: what is left, spread by day over the rest of the period
            return now + pure_methods.ratable(
                allocated - now,
                current_end + datetime.timedelta(days=1),
                self.date_end,
                as_of,
                digits,
            )
        except pure_methods.MethodError as err:
            raise UserError(
                _(
                    "Obligation %(name)s of %(eng)s: %(err)s.",
                    name=self.name,
                    eng=self.engagement_id.display_name,
                    err=err,
                )
            ) from err

    # ------------------------------------------------------------------
    # what is posted, and the schedule
    # ------------------------------------------------------------------
    def _ps_posted_lines_domain(self, date_to=None):
        domain = [
            ("ps_obligation_id", "in", self.ids),
            ("ps_revenue_role", "=", "revenue"),
            ("parent_state", "=", "posted"),
        ]
        if date_to:
            domain.append(("date", "<=", date_to))
        return domain

    def _ps_posted_totals(self, date_to=None):
        """{obligation id: revenue posted (Decimal, engagement currency)}."""
        if not self.ids:
            return {}
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                self._ps_posted_lines_domain(date_to), ["ps_obligation_id"], ["amount_currency:sum"]
            )
        )
        return {ob.id: -Decimal(str(amount)) for ob, amount in groups}

    def _ps_posted_by_period(self):
        """{obligation id: {month end: revenue posted}} and the engagement's
        closed periods {engagement id: set of month ends}."""
        Line = self.env["account.move.line"].sudo()
        by_obligation = {}
        for ob, month, amount in Line._read_group(
            self._ps_posted_lines_domain(),
            ["ps_obligation_id", "date:month"],
            ["amount_currency:sum"],
        ):
            by_obligation.setdefault(ob.id, {})[pure_methods.month_end(month)] = -Decimal(
                str(amount)
            )
        closed = {}
        moves = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("ps_engagement_id", "in", self.engagement_id.ids),
                    ("ps_revenue_entry", "=", True),
                    ("state", "=", "posted"),
                    ("ps_revenue_reversal", "=", False),
                    ("reversal_move_ids", "=", False),
                ]
            )
        )
        for move in moves:
            closed.setdefault(move.ps_engagement_id.id, set()).add(
                pure_methods.month_end(move.date)
            )
        return by_obligation, closed

    def _ps_regenerate_schedule(self):
        """Rebuild the open periods of the schedules; posted periods stay."""
        if not self:
            return
        # called after postings and reversals: the figures read from the
        # ledger are stale
        self.invalidate_recordset(
            ["recognised_amount", "remaining_amount", "input_to_date", "progress"]
        )
        by_obligation, closed = self._ps_posted_by_period()
        today_end = pure_methods.month_end(fields.Date.context_today(self))
        Line = self.env["ps.revenue.schedule.line"].sudo()
        # rows are rewritten only where they change (a run typically closes
        # one month and opens the next): no churn of the whole schedule
        existing = {}
        for line in Line.search_fetch(
            [("obligation_id", "in", self.ids)],
            ["obligation_id", "date", "amount", "cumulative", "state"],
        ):
            existing[(line.obligation_id.id, line.date)] = line
        to_create, to_unlink = [], Line
        for obligation in self:
            periods = closed.get(obligation.engagement_id.id, set())
            last_closed = max(periods, default=None)
            current_end = (
                pure_methods.month_end(last_closed + datetime.timedelta(days=1))
                if last_closed
                else max(today_end, pure_methods.month_end(obligation.date_start))
            )
            first = min([obligation.date_start] + list(periods))
            last = max(obligation.date_end, current_end)
            ends = pure_methods.month_ends(first, last)
            posted = {end: Decimal(0) for end in ends if last_closed and end <= last_closed}
            # a month whose entries were all reversed is open again
            posted.update(
                {
                    end: amount
                    for end, amount in by_obligation.get(obligation.id, {}).items()
                    if end in periods
                }
            )
            try:
                rows = pure_schedule.build(
                    ends,
                    lambda end, ob=obligation, cur=current_end: ob._ps_cumulative(end, cur),
                    posted,
                )
            except UserError as err:
                obligation.schedule_issue = str(err.args[0])
                continue  # the last good schedule stays
            if obligation.schedule_issue:
                obligation.schedule_issue = False
            wanted = {}
            for row in rows:
                if not row.planned and not row.posted and row.period_end < current_end:
                    continue
                wanted[row.period_end] = {
                    "amount": float(row.planned),
                    "cumulative": float(row.cumulative),
                    "state": "posted"
                    if row.posted
                    else ("current" if row.period_end == current_end else "planned"),
                }
            for key in [k for k in existing if k[0] == obligation.id and k[1] not in wanted]:
                to_unlink |= existing.pop(key)
            for date, vals in wanted.items():
                line = existing.get((obligation.id, date))
                if line is None:
                    to_create.append(dict(vals, obligation_id=obligation.id, date=date))
                elif (line.amount, line.cumulative, line.state) != (
                    vals["amount"],
                    vals["cumulative"],
                    vals["state"],
                ):
                    line.write(vals)
        to_unlink.unlink()
        Line.create(to_create)
