# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The recognition schedule of one obligation: planned revenue per period.

Periods that are closed (already posted) keep what they posted, forever. The
first open period takes the cumulative catch-up: everything earned to its end
under the current terms, minus everything posted before it. Later periods get
the plain difference of cumulative figures. Regenerating after a contract
modification or an estimate change therefore never rewrites a closed period:
the whole effect lands in the current one (IFRS 15.21(b), ASC 606-10-25-13).
"""

from dataclasses import dataclass
from decimal import Decimal

from .allocation import D


@dataclass(frozen=True)
class Row:
    period_end: object
    planned: Decimal  # revenue of this period
    cumulative: Decimal  # revenue up to the end of this period
    posted: bool  # a closed period: ``planned`` is what was posted


def build(period_ends, cumulative_at, posted):
    """Rows of the schedule.

    ``period_ends``: sorted period end dates covering the obligation.
    ``cumulative_at(date)``: cumulative revenue due by that date, current terms.
    ``posted``: {period_end: amount posted} for closed periods; every posted
    period must come before every open one.
    """
    rows = []
    total_posted = Decimal(0)
    previous = None
    open_started = False
    for end in period_ends:
        if end in posted:
            if open_started:
                raise ValueError(f"period {end} was posted after an open period")
            amount = D(posted[end])
            total_posted += amount
            rows.append(Row(end, amount, total_posted, True))
            previous = total_posted
            continue
        cumulative = D(cumulative_at(end))
        if not open_started:
            open_started = True
            amount = cumulative - total_posted  # the catch-up
        else:
            amount = cumulative - previous
        rows.append(Row(end, amount, cumulative, False))
        previous = cumulative
    return rows


def catch_up(cumulative_now, posted_total):
    """What the current period must recognise so that the books show
    ``cumulative_now`` in total."""
    return D(cumulative_now) - D(posted_total)
