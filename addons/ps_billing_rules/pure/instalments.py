# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A fixed fee in instalments: "10,000 in 3 monthly instalments from March".

Every instalment but the last is the amount divided by the count, rounded
down to the currency's quantum; the last takes what is left, so they sum
exactly to the amount (3,333.33, 3,333.33, 3,333.34). Dates step by whole
months from the first date, on the same day of the month, or the month's last
day when it is shorter (31 January, 28 February, 31 March).
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from .money import D, quantum, round_money

MAX_COUNT = 120


class InstalmentError(ValueError):
    """The instalment terms cannot make a schedule."""


@dataclass(frozen=True)
class Instalment:
    number: int  # 1-based
    date: datetime.date
    amount: Decimal


def add_months(day, months):
    """``day`` moved by ``months`` whole months, clamped to the month's end."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def instalments(amount, count, first_date, interval_months=1, digits=2):
    """The schedule of ``amount`` in ``count`` instalments from ``first_date``,
    one every ``interval_months`` months. Refuses bad terms with the reason."""
    if isinstance(count, bool) or not isinstance(count, int):
        raise InstalmentError(f"the number of instalments must be a whole number, not {count!r}")
    if count < 1:
        raise InstalmentError(f"the number of instalments must be at least 1, not {count}")
    if count > MAX_COUNT:
        raise InstalmentError(
            f"at most {MAX_COUNT} instalments can be scheduled at once, not {count}"
        )
    if (
        isinstance(interval_months, bool)
        or not isinstance(interval_months, int)
        or not 1 <= interval_months <= 12
    ):
        raise InstalmentError(f"instalments are 1 to 12 months apart, not {interval_months!r}")
    if not isinstance(first_date, datetime.date):
        raise InstalmentError("the first instalment needs a date")
    total = round_money(amount, digits)
    if total <= 0:
        raise InstalmentError(f"the amount to schedule must be above zero, not {total}")
    each = (total / count).quantize(quantum(digits), rounding=ROUND_DOWN)
    if each <= 0:
        raise InstalmentError(
            f"{total} cannot be shared into {count} instalments of at least {quantum(digits)}"
        )
    amounts = [each] * (count - 1) + [total - each * (count - 1)]
    return [
        Instalment(n + 1, add_months(first_date, n * interval_months), D(a))
        for n, a in enumerate(amounts)
    ]
