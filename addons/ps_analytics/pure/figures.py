# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Ratios of summed figures, months and age buckets.

A report row holds amounts and hours that add up; a ratio (utilization,
realization, margin %) does not add up, so it is computed from the sums of a
group, never summed or averaged over rows.
"""

import datetime

#: (upper bound in days, inclusive, or None for the rest, key, label)
AGE_BUCKETS = (
    (30, "0_30", "0-30 days"),
    (60, "31_60", "31-60 days"),
    (90, "61_90", "61-90 days"),
    (None, "90_plus", "Over 90 days"),
)


def ratio(numerator, denominator, scale=100.0):
    """``numerator / denominator x scale``, 0 when there is nothing to divide by."""
    if not denominator:
        return 0.0
    return round(scale * (numerator or 0.0) / denominator, 2)


def age_bucket(as_of, day):
    """The age bucket key of work done on ``day``, seen on ``as_of``."""
    age = (as_of - day).days
    for bound, key, _label in AGE_BUCKETS:
        if bound is None or age <= bound:
            return key
    raise AssertionError("unreachable")  # pragma: no cover


def month_start(day):
    return day.replace(day=1)


def month_end(day):
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def months(date_from, date_to):
    """First days of the months from ``date_from``'s to ``date_to``'s, in order."""
    if date_to < date_from:
        return []
    current, last, result = month_start(date_from), month_start(date_to), []
    while current <= last:
        result.append(current)
        current = month_end(current) + datetime.timedelta(days=1)
    return result


def employment_span(first, last, start=None, end=None):
    """The days from ``first`` to ``last`` (a month) a person is employed:
    from ``start`` (first day with the firm) to ``end`` (last day), either
    open. ``None`` when they are not employed on any of those days."""
    first = max(first, start) if start else first
    last = min(last, end) if end else last
    return (first, last) if first <= last else None


def capacity(scheduled, with_holidays, with_all_leave):
    """Hours of a person's month from three readings of their working
    schedule: without any time off, without public holidays, and without
    every time off. Returns ``(holiday_hours, leave_hours, capacity_hours)``:
    a day that is both a public holiday and leave counts as holiday."""
    holiday = max(scheduled - with_holidays, 0.0)
    leave = max(with_holidays - with_all_leave, 0.0)
    return round(holiday, 2), round(leave, 2), round(max(with_all_leave, 0.0), 2)
