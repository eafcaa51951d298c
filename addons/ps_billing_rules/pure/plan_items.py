# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a billing plan is made of: the inputs (time items, fixed items,
write-offs) and the output (lines carrying their traces, the plan)."""

from dataclasses import dataclass, field
from decimal import Decimal

from .money import line_amount

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
    kind: str  # kinds.FIXED | kinds.MILESTONE
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
    kind: str  # one of kinds.TRACE_KINDS
    hours: Decimal = ZERO
    amount: Decimal = ZERO
    rate: Decimal = None  # the time entry's rate, when it bills time


@dataclass
class Line:
    kind: str  # the kind of its traces (kinds.TRACE_KINDS)
    label: str  # data (a group, a schedule line's name), or "" with label_args
    quantity: Decimal
    unit_price: Decimal
    rate_level: str = ""
    traces: list = field(default_factory=list)
    digits: int = 2
    # what the label says, for the caller to render and translate:
    # (kinds.LABEL_* code, parameters)
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
