"""Revenue rules as pure functions: allocation, methods, schedules, positions."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ps_revenue_recognition_pure import allocation, methods, position, schedule

D = datetime.date
M = Decimal


# --------------------------------------------------------------- allocation --
def test_allocation_with_a_discount_by_hand():
    # implementation 60,000 + support 30,000 + training 10,000 = 100,000 of
    # standalone prices sold for 90,000: a 10% discount spread over all three
    shares = allocation.allocate(M("90000"), [M("60000"), M("30000"), M("10000")])
    assert shares == [M("54000.00"), M("27000.00"), M("9000.00")]
    assert allocation.discount(M("90000"), [60000, 30000, 10000]) == M("0.1")


def test_allocation_rounding_sums_exactly():
    assert allocation.allocate(M("100"), [1, 1, 1]) == [M("33.34"), M("33.33"), M("33.33")]
    # remainders favour the largest remainder, not the first line
    assert allocation.allocate(M("10.00"), [M("1"), M("2")]) == [M("3.33"), M("6.67")]
    assert allocation.allocate(M("1000"), [7], digits=0) == [M("1000")]
    assert sum(allocation.allocate(M("999.99"), [3, 3, 3, 1])) == M("999.99")


@pytest.mark.parametrize("bad", [[100, 0], [100, None], [100, -5]])
def test_allocation_refuses_missing_or_zero_standalone_prices(bad):
    with pytest.raises(allocation.AllocationError, match="obligation 2 has no standalone") as err:
        allocation.allocate(M("100"), bad)
    assert err.value.index == 1


def test_allocation_refuses_nothing_and_negative_prices():
    with pytest.raises(allocation.AllocationError, match="no obligation"):
        allocation.allocate(M("100"), [])
    with pytest.raises(allocation.AllocationError, match="negative"):
        allocation.allocate(M("-1"), [1])


money = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
ssp = st.decimals(
    min_value=M("0.01"), max_value=10**6, places=2, allow_nan=False, allow_infinity=False
)


@settings(max_examples=300, deadline=None)
@given(money, st.lists(ssp, min_size=1, max_size=12), st.sampled_from([0, 2, 3]))
def test_allocations_always_sum_to_the_price(price, ssps, digits):
    shares = allocation.allocate(price, ssps, digits)
    assert sum(shares) == allocation.round_money(price, digits)
    assert all(share >= 0 for share in shares)
    unit = allocation.quantum(digits)
    total = sum(ssps)
    for share, one in zip(shares, ssps, strict=True):  # each within a cent of its exact share
        assert abs(share - allocation.round_money(price, digits) * one / total) < unit


# ------------------------------------------------------------------ methods --
def test_ratable_daily_proration_by_hand():
    year = (D(2026, 1, 1), D(2026, 12, 31))  # 365 days, 36,500 = 100 a day
    assert methods.ratable(M("36500"), *year, D(2026, 1, 31)) == M("3100.00")
    assert methods.ratable(M("36500"), *year, D(2026, 2, 28)) == M("5900.00")
    assert methods.ratable(M("36500"), *year, D(2025, 12, 31)) == 0
    assert methods.ratable(M("36500"), *year, D(2027, 3, 31)) == M("36500.00")
    # a partial first month: 15 Jan to 14 Apr is 90 days, 17 of them in January
    assert methods.ratable(M("9000"), D(2026, 1, 15), D(2026, 4, 14), D(2026, 1, 31)) == M(
        "1700.00"
    )
    assert methods.ratable(M("9000"), D(2026, 1, 15), D(2026, 4, 14), D(2026, 2, 28)) == M(
        "4500.00"
    )
    with pytest.raises(methods.MethodError, match="ends .* before it starts"):
        methods.ratable(M("1"), D(2026, 2, 1), D(2026, 1, 1), D(2026, 1, 31))
    with pytest.raises(methods.MethodError, match="start and end"):
        methods.ratable(M("1"), None, D(2026, 1, 1), D(2026, 1, 31))


def test_point_in_time_and_input_methods_by_hand():
    assert methods.point_in_time(M("5000"), None, D(2026, 3, 31)) == 0
    assert methods.point_in_time(M("5000"), D(2026, 4, 2), D(2026, 3, 31)) == 0
    assert methods.point_in_time(M("5000"), D(2026, 3, 31), D(2026, 3, 31)) == M("5000.00")
    # 120 of 400 estimated hours on a 50,000 obligation: 30%
    assert methods.input_method(M("50000"), 120, 400) == M("15000.00")
    assert methods.input_method(M("50000"), 400, 400) == M("50000.00")
    with pytest.raises(methods.MethodError, match=r"estimate at completion \(100\) is below"):
        methods.input_method(M("50000"), 120, 100)
    with pytest.raises(methods.MethodError, match="above zero"):
        methods.input_method(M("50000"), 0, 0)
    assert methods.as_delivered(M("1234.567")) == M("1234.57")
    assert methods.as_delivered(M("9000"), cap=M("8000")) == M("8000.00")


def test_month_ends():
    assert methods.month_ends(D(2026, 1, 15), D(2026, 3, 2)) == [
        D(2026, 1, 31),
        D(2026, 2, 28),
        D(2026, 3, 31),
    ]
    assert methods.month_ends(D(2028, 2, 1), D(2028, 2, 1)) == [D(2028, 2, 29)]
    assert methods.month_end(D(2026, 12, 5)) == D(2026, 12, 31)


@settings(max_examples=200, deadline=None)
@given(
    money,
    st.dates(D(2020, 1, 1), D(2030, 1, 1)),
    st.integers(0, 800),
    st.lists(st.integers(-30, 900), min_size=1, max_size=10),
)
def test_ratable_never_exceeds_allocated_and_never_goes_back(amount, start, length, offsets):
    end = start + datetime.timedelta(days=length)
    figures = [
        methods.ratable(amount, start, end, start + datetime.timedelta(days=o))
        for o in sorted(offsets)
    ]
    assert all(0 <= f <= allocation.round_money(amount) for f in figures)
    assert figures == sorted(figures)


@settings(max_examples=200, deadline=None)
@given(money, st.integers(0, 10**5), st.integers(1, 10**5))
def test_input_method_never_exceeds_allocated(amount, done, estimate):
    if done > estimate:
        with pytest.raises(methods.MethodError):
            methods.input_method(amount, done, estimate)
    else:
        assert 0 <= methods.input_method(amount, done, estimate) <= allocation.round_money(amount)


# ----------------------------------------------------------------- schedule --
def test_schedule_of_a_year_then_a_modification_with_catch_up():
    ends = methods.month_ends(D(2026, 1, 1), D(2026, 12, 31))
    year = (D(2026, 1, 1), D(2026, 12, 31))
    rows = schedule.build(ends, lambda e: methods.ratable(M("36500"), *year, e), {})
    assert [r.planned for r in rows[:3]] == [M("3100.00"), M("2800.00"), M("3100.00")]
    assert sum(r.planned for r in rows) == M("36500.00")
    # January to March posted; in April the price rises to 43,800 (120 a day):
    # April catches up 20 a day for Jan-Mar (90 days) on top of its own 30 days
    posted = {r.period_end: r.planned for r in rows[:3]}
    rows2 = schedule.build(ends, lambda e: methods.ratable(M("43800"), *year, e), posted)
    assert [r.planned for r in rows2[:3]] == [M("3100.00"), M("2800.00"), M("3100.00")]
    assert all(r.posted for r in rows2[:3]) and not rows2[3].posted
    assert rows2[3].planned == M("120") * 30 + M("20") * 90
    assert rows2[3].cumulative == M("120") * 120
    assert sum(r.planned for r in rows2) == M("43800.00")
    with pytest.raises(ValueError, match="posted after an open period"):
        schedule.build(ends, lambda e: 0, {ends[5]: 1})


def test_estimate_change_under_percentage_of_completion():
    # 100,000 over an estimate of 1,000 h: 200 h by January (20%)
    done = {D(2026, 1, 31): 200, D(2026, 2, 28): 500}
    ends = [D(2026, 1, 31), D(2026, 2, 28)]
    jan = schedule.build(ends[:1], lambda e: methods.input_method(M("100000"), done[e], 1000), {})
    assert jan[0].planned == M("20000.00")
    # in February the estimate rises to 1,250 h: 500/1250 = 40% cumulative,
    # February takes 40,000 - 20,000 already posted
    feb = schedule.build(
        ends, lambda e: methods.input_method(M("100000"), done[e], 1250), {ends[0]: jan[0].planned}
    )
    assert feb[1].planned == M("20000.00") and feb[1].cumulative == M("40000.00")
    assert schedule.catch_up(M("40000"), M("20000")) == M("20000")


@settings(max_examples=200, deadline=None)
@given(money, money, st.integers(0, 11))
def test_closed_periods_keep_what_they_posted_and_totals_reach_the_new_price(old, new, closed):
    ends = methods.month_ends(D(2026, 1, 1), D(2026, 12, 31))
    year = (D(2026, 1, 1), D(2026, 12, 31))
    first = schedule.build(ends, lambda e: methods.ratable(old, *year, e), {})
    posted = {r.period_end: r.planned for r in first[:closed]}
    second = schedule.build(ends, lambda e: methods.ratable(new, *year, e), posted)
    assert [r.planned for r in second[:closed]] == [r.planned for r in first[:closed]]
    assert sum(r.planned for r in second) == allocation.round_money(new)
    assert second[-1].cumulative == allocation.round_money(new)


# ----------------------------------------------------------------- position --
def _apply(books, entry):
    books = dict(books)
    for key, amount in entry.revenue.items():
        books.setdefault("revenue", {})
        books["revenue"][key] = books["revenue"].get(key, 0) + amount
    books["billed"] = books.get("billed", 0) + entry.billed
    books["unbilled"] = books.get("unbilled", 0) + entry.unbilled
    books["deferred"] = books.get("deferred", 0) + entry.deferred
    return books


def test_position_entries_by_hand_and_idempotent():
    # January: 3,100 earned, 5,000 invoiced: 1,900 deferred
    jan = position.entry({"a": M("3100")}, {}, M("5000"), 0, 0, 0)
    assert jan.lines() == [
        ("revenue", "a", M("-3100")),
        ("billed", None, M("5000")),
        ("deferred", None, M("-1900")),
    ]
    assert sum(line[2] for line in jan.lines()) == 0
    books = _apply({}, jan)
    again = position.entry(
        {"a": M("3100")},
        books["revenue"],
        M("5000"),
        books["billed"],
        books["unbilled"],
        books["deferred"],
    )
    assert again.empty
    # February: 5,900 earned in total, still 5,000 billed: 900 unbilled
    feb = position.entry(
        {"a": M("5900")},
        books["revenue"],
        M("5000"),
        books["billed"],
        books["unbilled"],
        books["deferred"],
    )
    assert feb.revenue == {"a": M("2800")}
    assert (feb.billed, feb.unbilled, feb.deferred) == (0, M("900"), M("-1900"))
    assert sum(line[2] for line in feb.lines()) == 0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.lists(money, min_size=2, max_size=2), money), min_size=1, max_size=8))
def test_entries_always_balance_and_books_match_the_position(periods):
    books = {"revenue": {}, "billed": 0, "unbilled": 0, "deferred": 0}
    for (rev_a, rev_b), billed in periods:
        entry = position.entry(
            {"a": rev_a, "b": rev_b},
            books["revenue"],
            billed,
            books["billed"],
            books["unbilled"],
            books["deferred"],
        )
        assert sum(line[2] for line in entry.lines()) == 0
        books = _apply(books, entry)
        target = position.Position(rev_a + rev_b, billed)
        assert (books["unbilled"], books["deferred"]) == (target.unbilled, target.deferred)
        assert {k: v for k, v in books["revenue"].items() if v} == {
            k: v for k, v in {"a": rev_a, "b": rev_b}.items() if v
        }
