# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a time entry is still to be charged between two entities.

An entry is charged for what it is worth now (its hours at the transfer rate
when it is eligible: approved time of the provider's consultant on the
receiver's project; nothing otherwise) minus what its live traces (traces on
documents that are not cancelled) charged already. The differences are
planned by the billing plan's time-and-materials model (no caps): a first
charge is a time line per consultant and rate, a later difference an
adjustment line, so every hour is charged once and charged documents are
never edited.
"""

from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class Entry:
    key: int  # the time entry's id
    group: str  # what its line is about: "Jane Doe (Senior consultant)"
    day: object
    hours: Decimal  # hours chargeable now (0 when it is no longer eligible)
    rate: Decimal  # transfer rate now, agreement currency (None when not eligible)
    rate_level: str = ""


@dataclass(frozen=True)
class Charged:
    """One live trace: what a document charged for an entry."""

    key: int
    hours: Decimal
    amount: Decimal
    rate: Decimal


def plan_inputs(entries, traces):
    """Keyword arguments of the billing plan's ``TimeItem`` for each entry
    that has something to charge or credit (``entries`` eligible now or
    charged before; ``traces`` their live traces, oldest first)."""
    charged = {}
    last_rate = {}
    for trace in traces:
        hours, amount = charged.get(trace.key, (ZERO, ZERO))
        charged[trace.key] = (hours + Decimal(trace.hours), amount + Decimal(trace.amount))
        last_rate[trace.key] = Decimal(trace.rate)
    result = []
    for entry in entries:
        c_hours, c_amount = charged.get(entry.key, (ZERO, ZERO))
        hours = Decimal(entry.hours)
        if hours:
            rate = Decimal(entry.rate)
        elif c_hours or c_amount:
            # worth nothing now: credited at the rate it was charged at
            rate = c_amount / c_hours if c_hours else ZERO
        else:
            continue
        result.append(
            {
                "key": entry.key,
                "group": entry.group,
                "day": entry.day,
                "hours": hours,
                "rate": rate,
                "rate_level": entry.rate_level if hours else "",
                "billed_hours": c_hours,
                "billed_amount": c_amount,
                "billed_rate": last_rate.get(entry.key) if hours and c_hours else None,
            }
        )
    return result
