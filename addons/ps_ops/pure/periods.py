# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Billing periods as the alert rules see them."""

import calendar
import datetime

MONTHLY, QUARTERLY = "monthly", "quarterly"


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def previous_month_end(day):
    """The last day of the month before ``day``'s."""
    return day.replace(day=1) - datetime.timedelta(days=1)


def period_end(day, frequency=MONTHLY):
    """The last day of the billing period ``day`` falls in (a month, or a
    calendar quarter for quarterly billing)."""
    if frequency == QUARTERLY:
        last_month = ((day.month - 1) // 3) * 3 + 3
        return month_end(day.replace(month=last_month, day=1))
    return month_end(day)


def closed_before(today, grace_days, frequency=MONTHLY):
    """The latest period end ``E`` with ``E + grace_days <= today``: time dated
    up to ``E`` should be invoiced by now. ``grace_days`` is at least 0."""
    if grace_days < 0:
        raise ValueError("grace_days cannot be negative")
    limit = today - datetime.timedelta(days=grace_days)
    end = period_end(limit, frequency)
    if end > limit:
        # the period holding ``limit`` is not over: the one before it is
        start = end.replace(day=1)
        if frequency == QUARTERLY:
            start = start.replace(month=start.month - 2)
        end = start - datetime.timedelta(days=1)
    return end
