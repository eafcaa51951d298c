# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The expense re-billing model, registered in the billing plan's registry
(ps_billing_rules ``pure/billing_models.py``) after the models there: its
lines come after time, retainer, fixed fees, milestones and write-offs."""

from decimal import Decimal

from odoo.addons.ps_billing_rules.pure import billing_models
from odoo.addons.ps_billing_rules.pure.plan_items import Line, Trace

from .pure import expense_billing

#: model name: its inputs are ``ctx.inputs[NAME]`` (``_ps_billing_inputs_expense``)
NAME = "expense"
#: trace kind and key source of a billed expense
KIND = "expense"
SOURCE = "expense"


class ExpenseRebilling(billing_models.BillingModel):
    """Billable expenses, at cost or with a markup, each billed once."""

    name = NAME

    def items(self, ctx):
        return [
            Line(
                KIND,
                line.label,
                Decimal(1),
                line.amount,
                traces=[Trace((SOURCE, line.expense_id), KIND, expense_billing.ZERO, line.amount)],
            )
            for line in expense_billing.lines(ctx.inputs.get(NAME) or [], ctx.digits)
        ]


# once per process, whatever the databases: an engagement of a database
# without this addon gathers no inputs for it, so it adds nothing there
if not any(model.name == NAME for model in billing_models.MODELS):
    billing_models.register(ExpenseRebilling)
