"""The billing models' registry: one interface, items(ctx) -> [Line]."""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from ps_billing_rules_pure import billing_models, kinds, plan

D = datetime.date


def item(key, hours, rate=100, day=1, billed_hours=0, billed_amount=0):
    return plan.TimeItem(
        key,
        f"E{key}",
        D(2026, 3, day),
        Decimal(str(hours)),
        Decimal(str(rate)),
        "role",
        Decimal(str(billed_hours)),
        Decimal(str(billed_amount)),
    )


def test_registered_models_in_invoice_order():
    assert [model.name for model in billing_models.MODELS] == [
        "time_and_materials",
        "retainer",
        "fixed_fee",
        "milestone",
        "writeoff",
    ]
    assert all(isinstance(model, billing_models.BillingModel) for model in billing_models.MODELS)


def test_a_new_model_plugs_in_with_its_own_inputs():
    """The skeleton of the readme: a model of its own, its inputs by name,
    seeing what the models before it contributed."""
    seen = []

    class Expenses(billing_models.BillingModel):
        name = "expense"

        def items(self, ctx):
            seen.append([line.kind for line in ctx.lines])
            return [
                plan.Line(
                    "expense",
                    "",
                    Decimal(1),
                    Decimal(amount),
                    traces=[plan.Trace(key, "expense", Decimal(0), Decimal(amount))],
                    label_args=("expense", {"ref": key}),
                )
                for key, amount in ctx.inputs.get(self.name, ())
            ]

    result = plan.build(
        [item(1, 2)],
        fixed=[plan.FixedItem(("schedule", 1), kinds.FIXED, "Phase 1", Decimal(500))],
        inputs={"expense": [("EXP-1", "35.50")]},
        models=[*billing_models.MODELS, Expenses()],
    )
    assert seen == [[kinds.TIME, kinds.FIXED]]
    assert [line.kind for line in result.lines] == [kinds.TIME, kinds.FIXED, "expense"]
    assert result.lines[-1].label_args == ("expense", {"ref": "EXP-1"})
    assert result.total == Decimal("735.50")
    # the registry itself is untouched by a plan with an extra model
    assert "expense" not in [model.name for model in billing_models.MODELS]


def test_models_can_be_left_out():
    result = plan.build(
        [item(1, 2)],
        writeoffs=[plan.WriteOff(("writeoff", 1), "Courtesy", Decimal(50))],
        models=[m for m in billing_models.MODELS if m.name != "writeoff"],
    )
    assert [line.kind for line in result.lines] == [kinds.TIME]


def test_milestones_follow_fixed_fees_whatever_the_input_order():
    fixed = [
        plan.FixedItem(("milestone", 1), kinds.MILESTONE, "Go-live", Decimal(900)),
        plan.FixedItem(("schedule", 1), kinds.FIXED, "Phase 1", Decimal(500)),
    ]
    result = plan.build([], fixed=fixed)
    assert [(line.kind, line.label) for line in result.lines] == [
        (kinds.FIXED, "Phase 1"),
        (kinds.MILESTONE, "Go-live"),
    ]


@settings(max_examples=100, deadline=None)
@given(
    hours=st.lists(st.tuples(st.integers(1, 10), st.integers(0, 10)), min_size=1, max_size=8),
    cap_amount=st.one_of(st.none(), st.integers(100, 3000)),
    policy=st.sampled_from(["hold", "write_off"]),
    retainer=st.one_of(st.none(), st.integers(0, 2000)),
)
def test_pure_lines_carry_codes_not_sentences(hours, cap_amount, policy, retainer):
    """A line's label is data (a group, a name given in) or empty with a label
    code the Odoo side words; every trace kind is a named one."""
    items = [
        item(i, now, billed_hours=before, billed_amount=100 * before, day=1 + i % 28)
        for i, (now, before) in enumerate(hours)
    ]
    result = plan.build(
        items,
        cap_amount=cap_amount,
        cap_policy=policy,
        retainer_balance=None if retainer is None else Decimal(retainer),
        period_end=D(2026, 3, 31),
    )
    codes = {
        kinds.LABEL_ADJUSTMENT,
        kinds.LABEL_OVER_CAP_TIME,
        kinds.LABEL_OVER_CAP_WRITEOFF,
        kinds.LABEL_RETAINER,
    }
    groups = {i.group for i in items}
    for line in result.lines:
        assert line.kind in kinds.TRACE_KINDS
        assert all(t.kind in kinds.TRACE_KINDS for t in line.traces)
        if line.label_args is None:
            assert line.label in groups
        else:
            assert line.label == "" and line.label_args[0] in codes
