# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Re-billing of billable expenses: what each expense is billed now.

Each expense is billed for the difference between what it is worth now (its
cost, with the engagement's markup, rounded once half up as invoice lines
are) and what live invoices billed of it before: billed once, a change after
billing is an adjustment, an expense no longer billable is credited.
Labels come ready from the Odoo side (in the customer's language).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)


def _d(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


@dataclass(frozen=True)
class ExpenseItem:
    """One expense: ``cost`` in the invoice's currency, ``markup`` in percent,
    ``billed`` what live invoices billed of it so far (0 when never)."""

    expense_id: int
    label: str
    adjustment_label: str
    cost: Decimal
    markup: Decimal
    billed: Decimal = ZERO
    billable: bool = True


@dataclass(frozen=True)
class ExpenseLine:
    """One invoice line: ``amount`` billed of expense ``expense_id`` now."""

    expense_id: int
    label: str
    amount: Decimal
    adjustment: bool


def worth(cost, markup, digits=2):
    """What an expense is billed: its cost plus the markup, rounded once."""
    amount = _d(cost) * (1 + _d(markup) / 100)
    return amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def lines(items, digits=2):
    """The lines of ``items``, by expense: one per expense billed for the
    first time, an adjustment per expense whose worth changed since."""
    result = []
    for item in sorted(items, key=lambda i: i.expense_id):
        now = worth(item.cost, item.markup, digits) if item.billable else ZERO
        delta = now - _d(item.billed)
        if not delta:
            continue
        adjustment = bool(_d(item.billed))
        result.append(
            ExpenseLine(
                item.expense_id,
                item.adjustment_label if adjustment else item.label,
                delta,
                adjustment,
            )
        )
    return result
