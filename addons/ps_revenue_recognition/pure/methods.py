# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""How much of an obligation's allocated price is earned by a date.

Each function returns the *cumulative* revenue earned up to and including
``as_of``; what a period recognises is the difference between two cumulative
figures minus what earlier periods posted (see ``schedule``). Cumulative
figures never exceed the allocated amount.
"""

import datetime
from decimal import Decimal

from .allocation import D, round_money


class MethodError(ValueError):
    """The obligation's parameters cannot give a figure."""


def days(start, end):
    """Days from ``start`` to ``end``, both included."""
    return (end - start).days + 1


def ratable(amount, start, end, as_of, digits=2):
    """Straight-line over the service period, prorated by day.

    A period of 1 Jan - 31 Dec 2026 earns 31/365 of the amount in January and
    a service starting on 15 January earns 17 of its days in January.
    """
    if not start or not end:
        raise MethodError("a ratable obligation needs a service start and end date")
    if end < start:
        raise MethodError(f"the service period ends ({end}) before it starts ({start})")
    amount = D(amount)
    if as_of < start:
        return Decimal(0)
    if as_of >= end:
        return round_money(amount, digits)
    return round_money(amount * days(start, as_of) / days(start, end), digits)


def point_in_time(amount, accepted_date, as_of, digits=2):
    """All of it once accepted, nothing before."""
    if accepted_date and accepted_date <= as_of:
        return round_money(amount, digits)
    return Decimal(0)


def progress(done, estimate):
    """Completion of an input method: ``done`` over the estimate at completion.

    Refuses an estimate below what is already spent: the estimate must be
    raised first (IFRS 15.B19: the measure must depict the transfer).
    """
    done, estimate = D(done), D(estimate)
    if estimate <= 0:
        raise MethodError("the estimate at completion must be above zero")
    if done < 0:
        raise MethodError(f"the input to date cannot be negative ({done})")
    if done > estimate:
        raise MethodError(
            f"the estimate at completion ({estimate}) is below the input to date ({done}): "
            "raise the estimate first"
        )
    return done / estimate


def input_method(amount, done, estimate, digits=2):
    """Percentage of completion by hours or cost to date over the estimate."""
    return round_money(D(amount) * progress(done, estimate), digits)


def as_delivered(delivered, cap=None, digits=2):
    """Time and materials: approved time at billing rates, within a cap if any."""
    delivered = round_money(delivered, digits)
    if cap is not None and D(cap) > 0:
        return min(delivered, round_money(cap, digits))
    return delivered


def month_end(day):
    nxt = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return nxt - datetime.timedelta(days=1)


def month_ends(start, end):
    """Every month end from ``start``'s month to ``end``'s month."""
    out = []
    current = month_end(start)
    while current <= month_end(end):
        out.append(current)
        current = month_end(current + datetime.timedelta(days=1))
    return out
