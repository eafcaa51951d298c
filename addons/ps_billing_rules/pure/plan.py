# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The billing plan of one engagement for one period.

Input: the engagement's time items (what each entry is worth now and what was
already billed for it), its cap, retainer, due schedule lines, accepted
milestones and approved write-offs. Output: invoice lines, each carrying the
*traces* of what it bills (which entry, how many hours, how much), and what is
held over a cap.

Rules:

- a time entry is billed for the difference between what it is worth now and
  what was billed for it before; a first billing is a time line, a later
  difference is an *adjustment* (credit or re-bill), so billed history is never
  edited;
- caps (hours, amount) let new time through in date order until they are
  reached; the rest is held for review or billed and written off, per policy;
- a retainer balance is drawn down by the period's net time;
- totals equal the sum of the lines, and no hour is billed twice.
"""

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from . import caps
from .money import D, line_amount, share
from .retainer import draw

ZERO = Decimal(0)


@dataclass(frozen=True)
class TimeItem:
    key: object  # the time entry's id
    group: str  # what its invoice line is about: "Jane Doe (Senior consultant)"
    day: object  # date of the work
    hours: Decimal  # hours billable now
    rate: Decimal  # resolved rate, engagement currency
    rate_level: str  # which rate card rule gave the rate
    billed_hours: Decimal = ZERO
    billed_amount: Decimal = ZERO
    held: bool = False  # part of it was held over a cap by an earlier run
    # the rate its billed hours were last billed at (None: unknown); at the
    # same rate a change is billed as hours x rate, not as "worth now minus
    # billed", so the cents shared out to it on earlier lines stay settled
    billed_rate: Decimal = None


@dataclass(frozen=True)
class FixedItem:
    key: object
    kind: str  # "fixed" | "milestone"
    label: str
    amount: Decimal


@dataclass(frozen=True)
class WriteOff:
    key: object
    label: str
    amount: Decimal  # positive: what is given up


@dataclass
class Trace:
    key: object
    # "time" (within any cap), "over" (over a cap, billed then written off),
    # "adjustment", "writeoff", "fixed", "milestone", "retainer"
    kind: str
    hours: Decimal = ZERO
    amount: Decimal = ZERO
    rate: Decimal = None  # the time entry's rate, when it bills time


@dataclass
class Line:
    kind: str
    label: str
    quantity: Decimal
    unit_price: Decimal
    rate_level: str = ""
    traces: list = field(default_factory=list)
    digits: int = 2
    # what the label says, for the caller to translate: (template key, values)
    label_args: tuple = None

    @property
    def amount(self):
        return line_amount(self.quantity, self.unit_price, self.digits)


@dataclass
class Plan:
    lines: list
    held: list  # [(key, hours)] over a cap, policy "hold"
    retainer_drawn: Decimal = ZERO

    @property
    def total(self):
        return sum((line.amount for line in self.lines), ZERO)


def build(
    items,
    fixed=(),
    writeoffs=(),
    cap_hours=None,
    cap_amount=None,
    used_hours=ZERO,
    used_amount=ZERO,
    cap_policy="hold",
    retainer_balance=None,
    retainer_expiry=None,
    period_end=None,
    digits=2,
):
    lines, held = [], []
    growing, credits = [], []
    for item in sorted(items, key=lambda i: (i.day, str(i.key))):
        worth = line_amount(item.hours, item.rate, digits)
        delta_hours = D(item.hours) - D(item.billed_hours)
        delta_amount = worth - D(item.billed_amount)
        same_rate = item.billed_rate is not None and D(item.billed_rate) == D(item.rate)
        if not delta_hours and (same_rate or not delta_amount):
            continue
        if delta_hours > 0:
            # more hours to bill: through the cap; ``extra`` is the part of the
            # amount change that is not these hours (a rate change on hours
            # billed before)
            extra = ZERO if same_rate else delta_amount - line_amount(
                delta_hours, item.rate, digits)
            growing.append((item, delta_hours, extra))
        else:
            if same_rate:
                delta_amount = line_amount(delta_hours, item.rate, digits)
            credits.append((item, delta_hours, delta_amount))

    # caps: hours first, then amount, on growing time in date order; credits
    # (fewer hours, a lower rate) make room first
    by_hours = caps.split(cap_hours, D(used_hours) + _net_hours(credits),
                          [(g, g[1]) for g in growing])
    room = None
    if cap_amount:
        room = max(D(cap_amount) - D(used_amount) - _net_amount(credits), ZERO)
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
            if cap_policy == "write_off":
                # bill the hours, write off exactly the money over the cap
                over_money = amount - room
            else:
                # hold what does not fit: whole hundredths of an hour
                billable_hours = min(billable_hours,
                                     (room / rate).quantize(Decimal("0.01"), ROUND_DOWN))
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
                line = groups[key] = Line("time", item.group, ZERO, rate, item.rate_level)
            line.quantity += billable_hours
            line.traces.append(Trace(item.key, "time", billable_hours, amount, rate))
            if extra:
                lines.append(_adjustment(item, ZERO, extra))
        elif billable_hours or extra:
            lines.append(_adjustment(item, billable_hours, amount + extra))
        if over_money:
            lines.append(Line("writeoff", f"Written off over the cap: {item.group}", D(1),
                              -over_money, traces=[Trace(item.key, "writeoff", ZERO, -over_money)],
                              label_args=("over_cap_writeoff", {"group": item.group})))
        if over_hours:
            if cap_policy == "write_off":
                over_lines.append((item, over_hours))
            else:
                held.append((item.key, over_hours))
    lines[:0] = groups.values()
    for item, over_hours in over_lines:
        amount = line_amount(over_hours, item.rate, digits)
        lines.append(Line("time", f"{item.group} (over the cap)", over_hours, D(item.rate),
                          item.rate_level,
                          [Trace(item.key, "over", over_hours, amount, D(item.rate))],
                          label_args=("over_cap_time", {"group": item.group})))
        lines.append(Line("writeoff", f"Written off over the cap: {item.group}", D(1), -amount,
                          traces=[Trace(item.key, "writeoff", ZERO, -amount)],
                          label_args=("over_cap_writeoff", {"group": item.group})))
    for item, delta_hours, delta_amount in credits:
        lines.append(_adjustment(item, delta_hours, delta_amount))

    for line in lines:
        line.digits = digits
    drawn = ZERO
    if retainer_balance is not None:
        time_total = sum((line.amount for line in lines), ZERO)
        if time_total > 0:
            drawdown = draw(retainer_balance, time_total, period_end, retainer_expiry)
            drawn = drawdown.drawn
            if drawn:
                lines.append(Line("retainer", "Drawn from the retainer", D(1), -drawn,
                                  traces=[Trace(("retainer", None), "retainer", ZERO, -drawn)],
                                  label_args=("retainer", {})))

    for item in fixed:
        lines.append(Line(item.kind, item.label, D(1), D(item.amount),
                          traces=[Trace(item.key, item.kind, ZERO, D(item.amount))]))
    for wo in writeoffs:
        lines.append(Line("writeoff", wo.label, D(1), -D(wo.amount),
                          traces=[Trace(wo.key, "writeoff", ZERO, -D(wo.amount))]))
    for line in lines:
        line.digits = digits
    return Plan(lines, held, drawn)


def _adjustment(item, hours, amount):
    label = (f"Adjustment: {item.group}, {item.day}: {_h(item.billed_hours)} h billed, "
             f"now {_h(item.hours)} h")
    return Line("adjustment", label, D(1), amount, item.rate_level,
                [Trace(item.key, "adjustment", hours, amount, D(item.rate))],
                label_args=("adjustment", {"group": item.group, "day": item.day,
                                           "billed": _h(item.billed_hours),
                                           "now": _h(item.hours)}))


def _h(hours):
    """Hours for a label: 8, 7.5, 0.25."""
    return format(D(hours).normalize(), "f")


def _net_hours(adjustments):
    return sum((d for __, d, __ in adjustments), ZERO)


def _net_amount(adjustments):
    return sum((d for __, __, d in adjustments), ZERO)
