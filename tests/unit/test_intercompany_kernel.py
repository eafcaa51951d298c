"""Intercompany rules as pure functions: transfer pricing, what is still to
be charged, the two mirrored documents, and (with the billing plan's
time-and-materials model) every hour charged once over runs, changes and
cancellations."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ps_billing_rules_pure import billing_models, plan
from ps_intercompany_pure import charge, mirror, pricing

D = datetime.date
TM = next(m for m in billing_models.MODELS if m.name == "time_and_materials")


def test_cost_plus_ten_percent():
    assert pricing.transfer_rate("cost_plus", cost_rate=80, markup_percent=10) == Decimal("88.00")
    # rounded once, half up, to the agreement currency
    assert pricing.transfer_rate("cost_plus", cost_rate="61.15", markup_percent="12.5") == Decimal(
        "68.79"
    )
    assert pricing.transfer_rate("cost_plus", cost_rate=61, markup_percent=0, digits=0) == 61


def test_transfer_rate_card():
    assert pricing.transfer_rate("rate_card", card_rate=95.555) == Decimal("95.56")


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"method": "cost_plus", "cost_rate": 0}, "no hourly cost"),
        ({"method": "cost_plus", "cost_rate": None}, "no hourly cost"),
        ({"method": "cost_plus", "cost_rate": 50, "markup_percent": -5}, "markup cannot be"),
        ({"method": "rate_card", "card_rate": None}, "no transfer rate"),
        ({"method": "rate_card", "card_rate": -1}, "cannot be negative"),
        ({"method": "barter"}, "unknown transfer pricing method"),
    ],
)
def test_pricing_refuses_with_its_reason(kwargs, reason):
    with pytest.raises(pricing.PricingRefused, match=reason):
        pricing.transfer_rate(**kwargs)


def test_plan_inputs_charge_differences():
    entries = [
        charge.Entry(1, "Ann", D(2026, 3, 2), Decimal(8), Decimal(88)),  # new
        charge.Entry(2, "Ann", D(2026, 3, 3), Decimal(6), Decimal(88)),  # 4 h more than charged
        charge.Entry(3, "Ann", D(2026, 3, 4), Decimal(0), None),  # no longer eligible
        charge.Entry(4, "Ann", D(2026, 3, 5), Decimal(0), None),  # never charged, not eligible
    ]
    traces = [
        charge.Charged(2, Decimal(2), Decimal(176), Decimal(88)),
        charge.Charged(3, Decimal(5), Decimal(440), Decimal(88)),
    ]
    inputs = {kw["key"]: kw for kw in charge.plan_inputs(entries, traces)}
    assert set(inputs) == {1, 2, 3}
    assert inputs[1]["billed_hours"] == 0 and inputs[1]["billed_rate"] is None
    assert (inputs[2]["billed_hours"], inputs[2]["billed_rate"]) == (2, 88)
    assert (inputs[3]["hours"], inputs[3]["rate"], inputs[3]["billed_amount"]) == (0, 88, 440)
    result = plan.build([plan.TimeItem(**kw) for kw in inputs.values()], models=[TM])
    assert result.total == Decimal(8 * 88 + 4 * 88 - 440)


def test_documents_mirror_and_turn_credits_into_refunds():
    lines = [plan.Line("time", "Ann", Decimal("7.5"), Decimal(88))]
    docs = mirror.documents(lines)
    assert (docs.invoice_type, docs.bill_type, docs.sign) == ("out_invoice", "in_invoice", 1)
    assert docs.total() == Decimal("660.00")
    credit = mirror.documents([plan.Line("adjustment", "", Decimal(-2), Decimal(88))])
    assert (credit.invoice_type, credit.bill_type, credit.sign) == ("out_refund", "in_refund", -1)
    assert credit.total() == Decimal("176.00")  # a refund of 176
    assert mirror.documents([]) is None
    # USD 660 at 0.79 GBP per USD
    assert mirror.company_amount(docs.total(), Decimal("0.79")) == Decimal("521.40")


hours_st = st.decimals(min_value=Decimal("0.25"), max_value=Decimal("10"), places=2)
rate_st = st.sampled_from([Decimal("88.00"), Decimal("133.33"), Decimal("99.99"), Decimal("0.01")])
step_st = st.one_of(
    st.tuples(st.just("run")),
    st.tuples(st.just("hours"), st.integers(0, 29), hours_st),
    st.tuples(st.just("rate"), st.integers(0, 29), rate_st),
    st.tuples(st.just("eligible"), st.integers(0, 29), st.booleans()),
    st.tuples(st.just("cancel"), st.integers(0, 29)),
)


@settings(max_examples=200, deadline=None)
@given(
    entries=st.lists(st.tuples(hours_st, rate_st, st.integers(1, 28)), min_size=1, max_size=30),
    steps=st.lists(step_st, max_size=12),
)
def test_the_two_documents_match_and_every_hour_is_charged_once(entries, steps):
    """Random time sets, changed, charged, cancelled and charged again: the
    invoice and the bill always carry the same lines and amount, each
    document's lines are the sum of their traces, and after a last run every
    entry's live traces are exactly what it is worth now."""
    state = [{"hours": h, "rate": r, "day": D(2026, 3, d), "eligible": True} for h, r, d in entries]
    documents = []  # {"traces": [Charged], "cancelled": bool, "total": Decimal}

    def live():
        return [t for doc in documents if not doc["cancelled"] for t in doc["traces"]]

    def run():
        now = [
            charge.Entry(
                k,
                f"E{k % 3}",
                e["day"],
                e["hours"] if e["eligible"] else Decimal(0),
                e["rate"] if e["eligible"] else None,
                "employee",
            )
            for k, e in enumerate(state)
        ]
        items = [plan.TimeItem(**kw) for kw in charge.plan_inputs(now, live())]
        result = plan.build(items, models=[TM])
        docs = mirror.documents(result.lines)
        if docs is None:
            assert not result.lines
            return
        invoice = [(line.quantity, line.price_unit, line.amount()) for line in docs.lines]
        bill = [(line.quantity, line.price_unit, line.amount()) for line in docs.lines]
        assert invoice == bill
        assert docs.sign * docs.total() == result.total
        assert docs.total() >= 0  # Odoo posts no invoice below zero
        traces = []
        for line, doc_line in zip(result.lines, docs.lines, strict=True):
            assert docs.sign * doc_line.amount() == sum((t.amount for t in line.traces), 0)
            traces += [charge.Charged(t.key, t.hours, t.amount, t.rate) for t in line.traces]
        documents.append({"traces": traces, "cancelled": False, "total": result.total})

    for step in steps:
        if step[0] == "run":
            run()
        elif step[0] == "cancel":
            if documents:
                documents[step[1] % len(documents)]["cancelled"] = True
        else:
            state[step[1] % len(state)][step[0]] = step[2]
    run()
    charged_total = sum((d["total"] for d in documents if not d["cancelled"]), Decimal(0))
    assert charged_total == sum((t.amount for t in live()), Decimal(0))
    for key, entry in enumerate(state):
        hours = entry["hours"] if entry["eligible"] else Decimal(0)
        mine = [t for t in live() if t.key == key]
        assert sum((t.hours for t in mine), Decimal(0)) == hours
        amount = sum((t.amount for t in mine), Decimal(0))
        assert abs(amount - hours * entry["rate"]) <= Decimal("0.02")
    count = len(documents)
    run()  # nothing left: a repeated run charges nothing
    assert len(documents) == count
