# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Re-billing of billable expenses, a billing model of the plan.

Each expense is billed for the difference between what it is worth now (its
cost, with the engagement's markup) and what live invoices billed of it
before: billed once, a change after billing is an adjustment, an expense no
longer billable is credited. Labels come ready from the Odoo side (the
expense's own wording, in the customer's language).
"""

from dataclasses import dataclass
from decimal import Decimal

from odoo.addons.ps_billing_rules.pure import billing_models
from odoo.addons.ps_billing_rules.pure.money import D, line_amount
from odoo.addons.ps_billing_rules.pure.plan_items import Line, Trace

#: model name: its inputs are ``ctx.inputs[NAME]``
NAME = "expense"
#: trace kind and key source of a billed expense
KIND = "expense"
SOURCE = "expense"


@dataclass(frozen=True)
class ExpenseItem:
    """One expense: ``cost`` in the invoice's currency, ``markup`` in percent,
    ``billed`` what live invoices billed of it so far (0 when never)."""

    expense_id: int
    label: str
    adjustment_label: str
    cost: Decimal
    markup: Decimal
    billed: Decimal
    billable: bool = True


def worth(cost, markup, digits=2):
    """What an expense is billed: its cost plus the markup, rounded once."""
    return line_amount(D(cost), 1 + D(markup) / 100, digits)


def lines(items, digits=2):
    """The plan lines of ``items``: a line per expense billed for the first
    time, an adjustment per expense whose worth changed since."""
    result = []
    for item in sorted(items, key=lambda i: i.expense_id):
        now = worth(item.cost, item.markup, digits) if item.billable else Decimal(0)
        delta = now - D(item.billed)
        if not delta:
            continue
        label = item.adjustment_label if D(item.billed) else item.label
        result.append(
            Line(
                KIND,
                label,
                D(1),
                delta,
                traces=[Trace((SOURCE, item.expense_id), KIND, Decimal(0), delta)],
            )
        )
    return result


class ExpenseRebilling(billing_models.BillingModel):
    """Billable expenses, at cost or with a markup, each billed once."""

    name = NAME

    def items(self, ctx):
        return lines(ctx.inputs.get(NAME) or [], ctx.digits)


if not any(model.name == NAME for model in billing_models.MODELS):
    billing_models.register(ExpenseRebilling)
