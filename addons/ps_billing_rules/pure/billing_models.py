# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Billing models as a registry: each contributes its lines to the plan.

A billing model is a class with a ``name`` and ``items(ctx) -> [Line]``,
registered with ``@register``; ``plan.build`` asks every registered model, in
the order they are registered (the order of their lines on the invoice), for
its lines, each seeing in ``ctx.lines`` what the models before it contributed
(a retainer draws down the time billed before it). Models return label codes
and parameters (``kinds.LABEL_*``), never sentences: the Odoo side renders
them in the customer's language.

Caps are not a model of their own: they decide how much of the time and
materials is billed, held or written off, so they are applied inside the
time-and-materials model, where the time is.

Adding a model (an expense re-billing, say) is one class here, registered
where its lines go, and its tests; its inputs reach it as
``ctx.inputs[name]`` (see the addon's readme).
"""

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from . import caps, kinds
from .money import D, line_amount, share
from .plan_items import Line, Trace
from .retainer import draw

ZERO = Decimal(0)

MODELS = []


def register(model_class):
    """Class decorator: add a billing model to the plan, after those before."""
    MODELS.append(model_class())
    return model_class


@dataclass
class PlanContext:
    """What the models bill from, and what they contributed so far."""

    items: list = field(default_factory=list)  # TimeItem
    fixed: list = field(default_factory=list)  # FixedItem (schedule lines, milestones)
    writeoffs: list = field(default_factory=list)  # WriteOff
    cap_hours: Decimal = None
    cap_amount: Decimal = None
    used_hours: Decimal = ZERO
    used_amount: Decimal = ZERO
    cap_policy: str = "hold"
    retainer_balance: Decimal = None
    retainer_expiry: object = None
    period_end: object = None
    digits: int = 2
    # inputs of models that need their own, by model name
    inputs: dict = field(default_factory=dict)
    # filled in as the models contribute
    lines: list = field(default_factory=list)
    held: list = field(default_factory=list)  # [(key, hours)] held over a cap
    retainer_drawn: Decimal = ZERO


class BillingModel:
    """One way of billing; subclasses set ``name`` and implement ``items``."""

    name = None

    def items(self, ctx):
        """The lines this model adds to the plan (``ctx.lines`` so far)."""
        raise NotImplementedError


@register
class TimeAndMaterials(BillingModel):
    """Approved billable time at its rates, billed by differences, within the
    caps (hours, then amount) in date order: the rest is held or billed and
    written off, per policy. Credits come last and make room first."""

    name = "time_and_materials"

    def items(self, ctx):
        digits = ctx.digits
        lines = []
        growing, credits = [], []
        for item in sorted(ctx.items, key=lambda i: (i.day, str(i.key))):
            worth = line_amount(item.hours, item.rate, digits)
            delta_hours = D(item.hours) - D(item.billed_hours)
            delta_amount = worth - D(item.billed_amount)
            same_rate = item.billed_rate is not None and D(item.billed_rate) == D(item.rate)
            if not delta_hours and (same_rate or not delta_amount):
                continue
            if delta_hours > 0:
                # more hours to bill: through the cap; ``extra`` is the part of
                # the amount change that is not these hours (a rate change on
                # hours billed before)
                extra = (
                    ZERO
                    if same_rate
                    else delta_amount - line_amount(delta_hours, item.rate, digits)
                )
                growing.append((item, delta_hours, extra))
            else:
                if same_rate:
                    delta_amount = line_amount(delta_hours, item.rate, digits)
                credits.append((item, delta_hours, delta_amount))

        # caps: hours first, then amount, on growing time in date order;
        # credits (fewer hours, a lower rate) make room first
        by_hours = caps.split(
            ctx.cap_hours, D(ctx.used_hours) + _net_hours(credits), [(g, g[1]) for g in growing]
        )
        room = None
        if ctx.cap_amount:
            room = max(D(ctx.cap_amount) - D(ctx.used_amount) - _net_amount(credits), ZERO)
        groups = {}
        over_lines = []
        for hour_split in by_hours:
            item, delta_hours, extra = hour_split.key
            billable_hours = hour_split.billable
            rate = D(item.rate)
            first = not D(item.billed_hours) and not D(item.billed_amount)
            key = (item.group, rate, item.rate_level)
            grouped = first or item.held
            before = groups[key].quantity if grouped and key in groups else ZERO

            def worth(hours, before=before, rate=rate, grouped=grouped):
                # what these hours add to the line they go on, rounded as the
                # line is: a grouped line's traces add up to the line exactly
                if grouped:
                    return share(before, hours, rate, digits)
                return line_amount(hours, rate, digits)

            amount = worth(billable_hours)
            over_money = ZERO
            if room is not None and amount > room and rate:
                if ctx.cap_policy == "write_off":
                    # bill the hours, write off exactly the money over the cap
                    over_money = amount - room
                else:
                    # hold what does not fit: whole hundredths of an hour
                    billable_hours = min(
                        billable_hours, (room / rate).quantize(Decimal("0.01"), ROUND_DOWN)
                    )
                    while billable_hours > 0 and worth(billable_hours) > room:
                        billable_hours -= Decimal("0.01")
                    billable_hours = max(billable_hours, ZERO)
                    amount = worth(billable_hours)
            if room is not None:
                room -= amount - over_money
            over_hours = delta_hours - billable_hours
            if billable_hours and grouped:
                line = groups.get(key)
                if line is None:
                    line = groups[key] = Line(kinds.TIME, item.group, ZERO, rate, item.rate_level)
                line.quantity += billable_hours
                line.traces.append(Trace(item.key, kinds.TIME, billable_hours, amount, rate))
                if extra:
                    lines.append(_adjustment(item, ZERO, extra))
            elif billable_hours or extra:
                lines.append(_adjustment(item, billable_hours, amount + extra))
            if over_money:
                lines.append(_over_cap_writeoff(item, over_money))
            if over_hours:
                if ctx.cap_policy == "write_off":
                    over_lines.append((item, over_hours))
                else:
                    ctx.held.append((item.key, over_hours))
        lines[:0] = groups.values()
        for item, over_hours in over_lines:
            amount = line_amount(over_hours, item.rate, digits)
            lines.append(
                Line(
                    kinds.TIME,
                    "",
                    over_hours,
                    D(item.rate),
                    item.rate_level,
                    [Trace(item.key, kinds.OVER, over_hours, amount, D(item.rate))],
                    label_args=(kinds.LABEL_OVER_CAP_TIME, {"group": item.group}),
                )
            )
            lines.append(_over_cap_writeoff(item, amount))
        for item, delta_hours, delta_amount in credits:
            lines.append(_adjustment(item, delta_hours, delta_amount))
        return lines


@register
class Retainer(BillingModel):
    """A prepaid balance drawn down by the net time billed before it."""

    name = "retainer"

    def items(self, ctx):
        if ctx.retainer_balance is None:
            return []
        time_total = sum((line.amount for line in ctx.lines), ZERO)
        if time_total <= 0:
            return []
        drawn = draw(ctx.retainer_balance, time_total, ctx.period_end, ctx.retainer_expiry).drawn
        ctx.retainer_drawn = drawn
        if not drawn:
            return []
        return [
            Line(
                kinds.RETAINER,
                "",
                D(1),
                -drawn,
                traces=[Trace((kinds.RETAINER, None), kinds.RETAINER, ZERO, -drawn)],
                label_args=(kinds.LABEL_RETAINER, {}),
            )
        ]


class _Fixed(BillingModel):
    """Fixed items of one kind, each billed once for its amount."""

    kind = None

    def items(self, ctx):
        return [
            Line(
                item.kind,
                item.label,
                D(1),
                D(item.amount),
                traces=[Trace(item.key, item.kind, ZERO, D(item.amount))],
            )
            for item in ctx.fixed
            if item.kind == self.kind
        ]


@register
class FixedFee(_Fixed):
    """Fixed-fee schedule lines (and retainer prepayments) due by the period end."""

    name = "fixed_fee"
    kind = kinds.FIXED


@register
class Milestone(_Fixed):
    """Milestones accepted by the period end."""

    name = "milestone"
    kind = kinds.MILESTONE


@register
class WriteOffs(BillingModel):
    """Approved write-offs, each given up once."""

    name = "writeoff"

    def items(self, ctx):
        return [
            Line(
                kinds.WRITEOFF,
                wo.label,
                D(1),
                -D(wo.amount),
                traces=[Trace(wo.key, kinds.WRITEOFF, ZERO, -D(wo.amount))],
            )
            for wo in ctx.writeoffs
        ]


def _adjustment(item, hours, amount):
    return Line(
        kinds.ADJUSTMENT,
        "",
        D(1),
        amount,
        item.rate_level,
        [Trace(item.key, kinds.ADJUSTMENT, hours, amount, D(item.rate))],
        label_args=(
            kinds.LABEL_ADJUSTMENT,
            {
                "group": item.group,
                "day": item.day,
                "billed": _h(item.billed_hours),
                "now": _h(item.hours),
            },
        ),
    )


def _over_cap_writeoff(item, amount):
    return Line(
        kinds.WRITEOFF,
        "",
        D(1),
        -amount,
        traces=[Trace(item.key, kinds.WRITEOFF, ZERO, -amount)],
        label_args=(kinds.LABEL_OVER_CAP_WRITEOFF, {"group": item.group}),
    )


def _h(hours):
    """Hours for a label: 8, 7.5, 0.25."""
    return format(D(hours).normalize(), "f")


def _net_hours(adjustments):
    return sum((d for __, d, __ in adjustments), ZERO)


def _net_amount(adjustments):
    return sum((d for __, __, d in adjustments), ZERO)
