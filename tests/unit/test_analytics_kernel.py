"""Analytics arithmetic as pure functions: ratios of a group's sums, age
buckets, months of a period, and capacity from three readings of a
working schedule."""

import datetime

from hypothesis import given
from hypothesis import strategies as st
from ps_analytics_pure import figures

D = datetime.date


def test_ratio_of_sums_and_nothing_to_divide_by():
    assert figures.ratio(100, 152) == 65.79
    assert figures.ratio(1700, 2000) == 85.0
    assert figures.ratio(5, 0) == 0.0
    assert figures.ratio(None, 10) == 0.0


def test_age_buckets_at_their_bounds():
    as_of = D(2026, 12, 3)
    assert figures.age_bucket(as_of, D(2026, 12, 3)) == "0_30"
    assert figures.age_bucket(as_of, as_of - datetime.timedelta(days=30)) == "0_30"
    assert figures.age_bucket(as_of, as_of - datetime.timedelta(days=31)) == "31_60"
    assert figures.age_bucket(as_of, as_of - datetime.timedelta(days=60)) == "31_60"
    assert figures.age_bucket(as_of, as_of - datetime.timedelta(days=90)) == "61_90"
    assert figures.age_bucket(as_of, as_of - datetime.timedelta(days=91)) == "90_plus"


def test_months_of_a_period():
    assert figures.months(D(2026, 1, 31), D(2026, 3, 1)) == [
        D(2026, 1, 1),
        D(2026, 2, 1),
        D(2026, 3, 1),
    ]
    assert figures.months(D(2026, 12, 5), D(2027, 1, 2)) == [D(2026, 12, 1), D(2027, 1, 1)]
    assert figures.months(D(2026, 3, 1), D(2026, 2, 1)) == []
    assert figures.month_end(D(2028, 2, 10)) == D(2028, 2, 29)


def test_employment_span_of_a_month():
    april = (datetime.date(2026, 4, 1), datetime.date(2026, 4, 30))
    assert figures.employment_span(*april) == april
    assert figures.employment_span(*april, start=datetime.date(2026, 4, 15)) == (
        datetime.date(2026, 4, 15),
        datetime.date(2026, 4, 30),
    )
    assert figures.employment_span(*april, end=datetime.date(2026, 4, 8)) == (
        datetime.date(2026, 4, 1),
        datetime.date(2026, 4, 8),
    )
    # started later, left earlier, or both on one day
    assert figures.employment_span(*april, start=datetime.date(2026, 5, 1)) is None
    assert figures.employment_span(*april, end=datetime.date(2026, 3, 31)) is None
    day = datetime.date(2026, 4, 30)
    assert figures.employment_span(*april, start=day, end=day) == (day, day)


def test_capacity_holiday_then_leave():
    # April 2026: 176 h scheduled, Easter Monday 8 h, two days off 16 h
    assert figures.capacity(176.0, 168.0, 152.0) == (8.0, 16.0, 152.0)
    # a day off on the public holiday counts once, as the holiday
    assert figures.capacity(176.0, 168.0, 168.0) == (8.0, 0.0, 168.0)


@given(
    st.floats(0, 300, allow_nan=False),
    st.floats(0, 300, allow_nan=False),
    st.floats(0, 300, allow_nan=False),
)
def test_capacity_parts_add_up_to_the_schedule(a, b, c):
    scheduled, with_holidays, with_leave = sorted((a, b, c), reverse=True)
    holiday, leave, capacity = figures.capacity(scheduled, with_holidays, with_leave)
    assert min(holiday, leave, capacity) >= 0
    assert abs(holiday + leave + capacity - scheduled) < 0.02
