"""Billing rules as pure functions: rates, caps, retainers, time status, the plan."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ps_billing_rules_pure import caps, money, plan, rates, retainer, timestatus

D = datetime.date
JANE, BOB = 1, 2
SENIOR, CONSULTANT = 10, 11
ACME, OTHER = 100, 101

CARD = [
    rates.RateLine(1, 200.0, role_id=SENIOR),
    rates.RateLine(2, 150.0, role_id=CONSULTANT),
    rates.RateLine(3, 140.0, role_id=CONSULTANT, partner_id=ACME),
    rates.RateLine(4, 220.0, employee_id=JANE, date_from=D(2026, 3, 16)),
    rates.RateLine(5, 250.0, employee_id=JANE, partner_id=ACME, date_to=D(2026, 1, 31)),
    rates.RateLine(6, 90.0),
    rates.RateLine(7, 120.0, partner_id=OTHER),
]


@pytest.mark.parametrize(
    ("employee", "role", "customer", "day", "rate", "level"),
    [
        (JANE, SENIOR, ACME, D(2026, 1, 15), 250.0, "employee+customer"),
        (JANE, SENIOR, ACME, D(2026, 3, 2), 200.0, "role"),
        (JANE, SENIOR, ACME, D(2026, 3, 16), 220.0, "employee"),
        (BOB, CONSULTANT, ACME, D(2026, 3, 2), 140.0, "role+customer"),
        (BOB, CONSULTANT, OTHER, D(2026, 3, 2), 150.0, "role"),
        (BOB, None, OTHER, D(2026, 3, 2), 120.0, "customer"),
        (BOB, None, ACME, D(2026, 3, 2), 90.0, "default"),
    ],
)
def test_the_most_specific_rate_wins(employee, role, customer, day, rate, level):
    line, found = rates.resolve(CARD, employee, role, customer, day)
    assert (line.rate, found) == (rate, level)


def test_missing_and_ambiguous_rates():
    with pytest.raises(rates.MissingRate, match="no rate .* on 2026-03-02"):
        rates.resolve(CARD[:2], BOB, None, ACME, D(2026, 3, 2))
    twins = [rates.RateLine(1, 100.0, role_id=SENIOR), rates.RateLine(2, 110.0, role_id=SENIOR)]
    with pytest.raises(rates.AmbiguousRate, match="2 'role' rates"):
        rates.resolve(twins, JANE, SENIOR, ACME, D(2026, 3, 2))
    assert rates.overlapping(twins) == [(twins[0], twins[1])]
    dated = [
        rates.RateLine(1, 100.0, role_id=SENIOR, date_to=D(2026, 1, 31)),
        rates.RateLine(2, 110.0, role_id=SENIOR, date_from=D(2026, 2, 1)),
    ]
    assert rates.overlapping(dated) == []


def test_money_rounds_half_up_once_per_line():
    assert money.line_amount(Decimal("0.333"), Decimal("150")) == Decimal("49.95")
    assert money.round_money(Decimal("2.675")) == Decimal("2.68")  # not banker's, not float noise
    assert money.line_amount(7.5, 140) == Decimal("1050.00")


@given(
    cap=st.integers(0, 200),
    used=st.integers(0, 200),
    items=st.lists(
        st.decimals(min_value=Decimal("0.25"), max_value=Decimal("24"), places=2), max_size=30
    ),
)
def test_a_cap_is_never_exceeded_and_nothing_is_lost(cap, used, items):
    result = caps.split(cap, used, list(enumerate(items)))
    assert [r.key for r in result] == list(range(len(items)))
    for r, qty in zip(result, items, strict=False):
        assert r.billable + r.over == qty and r.billable >= 0 and r.over >= 0
    if cap:
        assert used + sum(r.billable for r in result) <= max(cap, used)


def test_retainer_draws_until_empty_and_not_after_expiry():
    d = retainer.draw(Decimal(500), Decimal(800), D(2026, 3, 1), D(2026, 6, 30))
    assert (d.drawn, d.overage, d.balance_after) == (500, 300, 0)
    d = retainer.draw(Decimal(500), Decimal(800), D(2026, 7, 1), D(2026, 6, 30))
    assert (d.drawn, d.overage) == (0, 800)
    assert retainer.balance(5000, 1200) == 3800


def test_time_status_moves():
    assert timestatus.check(None, "approved") == "approved"
    assert timestatus.check("submitted", "approved") == "approved"
    assert timestatus.check("rejected", "submitted") == "submitted"
    assert timestatus.check("approved", "approved") == "approved"
    with pytest.raises(timestatus.TransitionRefused, match="from 'approved' to 'submitted'"):
        timestatus.check("approved", "submitted")
    with pytest.raises(timestatus.TransitionRefused, match="unknown status 'paid'"):
        timestatus.check("draft", "paid")


def item(key, hours, rate=150, billed_hours=0, billed_amount=0, day=1, held=False):
    return plan.TimeItem(
        key,
        f"E{key % 3}",
        D(2026, 3, day),
        Decimal(str(hours)),
        Decimal(str(rate)),
        "role",
        Decimal(str(billed_hours)),
        Decimal(str(billed_amount)),
        held,
    )


def test_plan_by_hand():
    result = plan.build(
        [
            item(1, 8, 200),
            item(2, 6, 200, day=2),
            item(3, 5, 100, billed_hours=4, billed_amount=400),
        ],
        fixed=[plan.FixedItem(("schedule", 1), "fixed", "Phase 1", Decimal(3000))],
        writeoffs=[plan.WriteOff(("writeoff", 1), "Courtesy", Decimal(100))],
    )
    # E1: 8 h x 200 = 1,600; E2: 6 h x 200 = 1,200; +1 h x 100 adjustment = 100;
    # 3,000 fixed; -100 write-off
    assert result.total == Decimal("5800.00")
    assert [(line.kind, line.label, line.amount) for line in result.lines] == [
        ("time", "E1", Decimal("1600.00")),
        ("time", "E2", Decimal("1200.00")),
        ("adjustment", "", Decimal("100.00")),
        ("fixed", "Phase 1", Decimal("3000.00")),
        ("writeoff", "Courtesy", Decimal("-100.00")),
    ]
    # pure code says what a label is about; the Odoo side words it
    assert result.lines[2].label_args == (
        "adjustment",
        {"group": "E0", "day": D(2026, 3, 1), "billed": "4", "now": "5"},
    )


entries = st.lists(
    st.tuples(
        st.decimals(min_value=Decimal("0.25"), max_value=Decimal("12"), places=2),
        st.sampled_from([Decimal(100), Decimal(140), Decimal(200)]),
        st.integers(1, 28),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(
    entries=entries,
    cap_hours=st.one_of(st.none(), st.integers(1, 80)),
    cap_amount=st.one_of(st.none(), st.integers(100, 8000)),
    policy=st.sampled_from(["hold", "write_off"]),
)
def test_billing_again_and_again_bills_every_hour_once_within_the_caps(
    entries, cap_hours, cap_amount, policy
):
    """Run the plan repeatedly, feeding back what was billed, as billing runs do."""
    billed = {key: [Decimal(0), Decimal(0)] for key in range(len(entries))}
    held = set()
    used_hours = used_amount = Decimal(0)
    for __ in range(4):
        items = [
            plan.TimeItem(
                k,
                f"E{k % 3}",
                D(2026, 3, day),
                hours,
                rate,
                "role",
                billed[k][0],
                billed[k][1],
                k in held,
                billed_rate=rate if billed[k][0] else None,
            )
            for k, (hours, rate, day) in enumerate(entries)
        ]
        result = plan.build(
            items,
            cap_hours=cap_hours,
            cap_amount=cap_amount,
            used_hours=used_hours,
            used_amount=used_amount,
            cap_policy=policy,
        )
        # totals equal the sum of the lines
        assert result.total == sum((line.amount for line in result.lines), Decimal(0))
        held = {key for key, __ in result.held}
        for line in result.lines:
            for t in line.traces:
                if t.kind in ("time", "over", "adjustment"):
                    billed[t.key][0] += t.hours
                    billed[t.key][1] += t.amount
                if t.kind in ("time", "adjustment"):
                    used_hours += t.hours
                if t.kind in ("time", "over", "adjustment") or t.kind == "writeoff":
                    used_amount += t.amount
    for key, (hours, _rate, __) in enumerate(entries):
        # no hour billed twice
        assert billed[key][0] <= hours
        if key not in held:
            assert billed[key][0] == hours  # and every hour billed once nothing holds it
    if cap_hours:
        assert used_hours <= cap_hours
    if cap_amount:
        assert used_amount <= cap_amount


def test_shares_of_a_line_add_up_to_the_line():
    # 3 x 0.25 h at 99.99: 74.99 on the line, not 3 x 25.00
    shares = [money.share(Decimal("0.25") * n, Decimal("0.25"), Decimal("99.99")) for n in range(3)]
    assert shares == [Decimal("25.00"), Decimal("25.00"), Decimal("24.99")]
    assert sum(shares) == money.line_amount(Decimal("0.75"), Decimal("99.99"))


@given(
    hours=st.lists(
        st.decimals(min_value=Decimal("0"), max_value=Decimal("24"), places=3),
        min_size=1,
        max_size=30,
    ),
    rate=st.decimals(min_value=Decimal("0"), max_value=Decimal("5000"), places=3),
    digits=st.sampled_from([0, 2, 3]),
)
def test_shares_telescope_to_the_rounded_line(hours, rate, digits):
    before, shares = Decimal(0), []
    for h in hours:
        shares.append(money.share(before, h, rate, digits))
        before += h
    assert sum(shares) == money.line_amount(sum(hours), rate, digits)
    for share, h in zip(shares, hours, strict=False):
        assert abs(share - h * rate) <= money.quantum(digits)


drifting = st.lists(
    st.tuples(
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("12"), places=2),
        st.sampled_from([Decimal("99.99"), Decimal("133.33"), Decimal("142.857"), Decimal("0.01")]),
        st.integers(1, 28),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(
    entries=drifting,
    cap_amount=st.one_of(st.none(), st.integers(100, 8000)),
    policy=st.sampled_from(["hold", "write_off"]),
    cut=st.integers(0, 25),
)
def test_an_invoice_total_is_the_sum_of_its_traces(entries, cap_amount, policy, cut):
    """Every line's amount (as the invoice rounds it) is the sum of its traces,
    so the engagement's billed figures (sums of traces) equal its invoices,
    run after run, also when hours change after a first billing."""
    billed = {key: [Decimal(0), Decimal(0)] for key in range(len(entries))}
    invoices = traced = used = Decimal(0)
    for run in range(3):
        items = [
            plan.TimeItem(
                k,
                f"E{k % 2}",
                D(2026, 3, day),
                hours if run == 0 or k >= cut else hours / 2,
                rate,
                "role",
                billed[k][0],
                billed[k][1],
                billed_rate=rate if billed[k][0] else None,
            )
            for k, (hours, rate, day) in enumerate(entries)
        ]
        result = plan.build(
            items,
            cap_amount=cap_amount,
            used_amount=used,
            cap_policy=policy,
            retainer_balance=Decimal(50),
        )
        for line in result.lines:
            assert line.amount == money.line_amount(line.quantity, line.unit_price)
            assert line.amount == sum((t.amount for t in line.traces), Decimal(0)), line
            for t in line.traces:
                traced += t.amount
                if t.kind in ("time", "over", "adjustment"):
                    billed[t.key][0] += t.hours
                    billed[t.key][1] += t.amount
                if t.kind in ("time", "over", "adjustment", "writeoff"):
                    used += t.amount
        invoices += result.total
        assert invoices == traced
        if cap_amount:
            assert used <= cap_amount
    if not cap_amount:
        # lowered hours are credited: every hour billed once, as it stands now
        for key, (hours, rate, __) in enumerate(entries):
            now = hours if key >= cut else hours / 2
            assert billed[key][0] == now
            assert abs(billed[key][1] - now * rate) <= Decimal("0.02")


def test_capped_value_applies_the_hours_cap_then_the_amount_cap():
    items = [
        (1, Decimal(4), Decimal(140)),
        (2, Decimal(3), Decimal(140)),
        (3, Decimal(2), Decimal(200)),
    ]
    assert caps.capped_value(items) == Decimal("1380.00")
    assert caps.capped_value(items, cap_hours=5) == Decimal("700.00")
    assert caps.capped_value(items, cap_hours=8, cap_amount=1000) == Decimal("1000.00")
    assert caps.capped_value(items, cap_amount=500) == Decimal("500")


def test_instalments_round_on_the_last_one():
    from ps_billing_rules_pure import instalments

    lines = instalments.instalments(Decimal(10000), 3, D(2026, 3, 1))
    assert [(i.number, i.date, i.amount) for i in lines] == [
        (1, D(2026, 3, 1), Decimal("3333.33")),
        (2, D(2026, 4, 1), Decimal("3333.33")),
        (3, D(2026, 5, 1), Decimal("3333.34")),
    ]
    ends = instalments.instalments(Decimal(900), 3, D(2026, 1, 31), interval_months=1)
    assert [i.date for i in ends] == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31)]
    quarterly = instalments.instalments(Decimal(1000), 2, D(2026, 11, 15), interval_months=3)
    assert [i.date for i in quarterly] == [D(2026, 11, 15), D(2027, 2, 15)]
    assert [i.amount for i in instalments.instalments(100, 3, D(2026, 1, 1), digits=0)] == [
        Decimal(33),
        Decimal(33),
        Decimal(34),
    ]


@pytest.mark.parametrize(
    ("amount", "count", "interval", "message"),
    [
        (1000, 0, 1, "at least 1"),
        (1000, -2, 1, "at least 1"),
        (1000, 121, 1, "at most 120"),
        (1000, 2.5, 1, "whole number"),
        (0, 3, 1, "above zero"),
        (-10, 3, 1, "above zero"),
        (Decimal("0.02"), 3, 1, "cannot be shared"),
        (1000, 3, 0, "1 to 12 months"),
    ],
)
def test_instalments_refuse_bad_terms(amount, count, interval, message):
    from ps_billing_rules_pure import instalments

    with pytest.raises(instalments.InstalmentError, match=message):
        instalments.instalments(amount, count, D(2026, 3, 1), interval)


@given(
    amount=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10000000"), places=2),
    count=st.integers(1, 120),
    interval=st.integers(1, 12),
)
def test_instalments_sum_exactly_and_the_last_takes_the_rest(amount, count, interval):
    from ps_billing_rules_pure import instalments

    try:
        lines = instalments.instalments(amount, count, D(2026, 1, 31), interval)
    except instalments.InstalmentError:
        assert amount / count < Decimal("0.01")
        return
    assert len(lines) == count
    assert sum(i.amount for i in lines) == amount
    assert all(i.amount == lines[0].amount for i in lines[:-1])
    assert 0 <= lines[-1].amount - lines[0].amount < Decimal("0.01") * count
    assert [i.date for i in lines] == sorted(i.date for i in lines)
