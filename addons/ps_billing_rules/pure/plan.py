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

Each billing model contributes its lines through one interface (the registry
in ``billing_models``); ``build`` runs them in order.
"""

from decimal import Decimal

from . import billing_models
from .plan_items import FixedItem, Line, Plan, TimeItem, Trace, WriteOff  # noqa: F401

ZERO = Decimal(0)


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
    inputs=None,
    models=None,
):
    """The plan: the lines of every billing model (``models``, default the
    registered ones), in order. ``inputs``: inputs of models that need their
    own, by model name."""
    ctx = billing_models.PlanContext(
        items=list(items),
        fixed=list(fixed),
        writeoffs=list(writeoffs),
        cap_hours=cap_hours,
        cap_amount=cap_amount,
        used_hours=used_hours,
        used_amount=used_amount,
        cap_policy=cap_policy,
        retainer_balance=retainer_balance,
        retainer_expiry=retainer_expiry,
        period_end=period_end,
        digits=digits,
        inputs=dict(inputs or {}),
    )
    for model in billing_models.MODELS if models is None else models:
        added = model.items(ctx)
        for line in added:
            line.digits = digits
        ctx.lines.extend(added)
    return Plan(ctx.lines, ctx.held, ctx.retainer_drawn)
