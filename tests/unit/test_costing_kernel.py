"""Expense re-billing (ps_costing): each expense billed once, for the
difference between its worth now and what was billed of it."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from ps_costing_pure import expense_billing as eb


def item(eid, cost, markup=0, billed=0, billable=True):
    return eb.ExpenseItem(
        eid,
        f"E{eid}",
        f"Adj E{eid}",
        Decimal(str(cost)),
        Decimal(str(markup)),
        Decimal(str(billed)),
        billable,
    )


def test_first_billing_at_cost_and_with_markup():
    lines = eb.lines([item(2, "100.00", 10), item(1, "80.00")])
    assert [(ln.expense_id, ln.label, ln.amount, ln.adjustment) for ln in lines] == [
        (1, "E1", Decimal("80.00"), False),
        (2, "E2", Decimal("110.00"), False),
    ]


def test_markup_rounded_once_half_up():
    # 33.33 x 1.125 = 37.49625 -> 37.50
    assert eb.worth("33.33", "12.5") == Decimal("37.50")


def test_billed_once_then_adjusted_then_credited():
    assert eb.lines([item(1, "100.00", 10, billed="110.00")]) == []
    [adj] = eb.lines([item(1, "120.00", 10, billed="110.00")])
    assert (adj.label, adj.amount, adj.adjustment) == ("Adj E1", Decimal("22.00"), True)
    [credit] = eb.lines([item(1, "120.00", 10, billed="132.00", billable=False)])
    assert credit.amount == Decimal("-132.00")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.decimals(min_value="0.01", max_value="100000", places=2),
            st.decimals(min_value="0", max_value="50", places=2),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_whatever_the_changes_billed_sums_to_the_worth_now(versions):
    """An expense changed again and again, billed at each run: what was
    billed in total is always its worth now (never twice, never lost)."""
    billed = Decimal(0)
    for cost, markup in versions:
        for line in eb.lines([item(7, cost, markup, billed)]):
            billed += line.amount
        assert billed == eb.worth(cost, markup)
        assert eb.lines([item(7, cost, markup, billed)]) == []
