# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A contract's position and the entry that brings the ledger to it.

Invoices credit revenue when they are posted. The recognition entry of a
period moves the difference between what was billed and what was earned:

- earned more than billed: the excess is an *unbilled receivable* (contract
  asset), debited, and revenue is credited;
- billed more than earned: the excess is *deferred revenue* (contract
  liability), credited, and revenue is debited.

Each entry posts only the change since the entries already posted, so a
re-run of the same period posts nothing, and a reversal followed by a re-run
posts the same again.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from .allocation import D


@dataclass(frozen=True)
class Position:
    recognised: Decimal
    billed: Decimal

    @property
    def unbilled(self):
        return max(self.recognised - self.billed, Decimal(0))

    @property
    def deferred(self):
        return max(self.billed - self.recognised, Decimal(0))


@dataclass
class Entry:
    """Signed amounts of one recognition entry (positive = credit revenue)."""

    revenue: dict = field(default_factory=dict)  # obligation key -> credit to revenue
    billed: Decimal = Decimal(0)  # billed this time, moved out of revenue (debit)
    unbilled: Decimal = Decimal(0)  # debit to the unbilled receivable (negative: credit)
    deferred: Decimal = Decimal(0)  # credit to deferred revenue (negative: debit)

    @property
    def empty(self):
        return not (any(self.revenue.values()) or self.billed or self.unbilled or self.deferred)

    def lines(self):
        """(role, key, debit-positive balance) of every non-zero line; sums to zero."""
        out = [("revenue", key, -amount) for key, amount in self.revenue.items() if amount]
        if self.billed:
            out.append(("billed", None, self.billed))
        if self.unbilled:
            out.append(("unbilled", None, self.unbilled))
        if self.deferred:
            out.append(("deferred", None, -self.deferred))
        return out


def entry(target_revenue, posted_revenue, billed, posted_billed, posted_unbilled, posted_deferred):
    """The entry that takes the books from what is posted to the target.

    ``target_revenue`` / ``posted_revenue``: {obligation key: cumulative}.
    ``billed``: cumulative billed by invoices; ``posted_billed``: what earlier
    recognition entries already moved out of revenue. ``posted_unbilled`` and
    ``posted_deferred``: balances of the two contract accounts from earlier
    entries (debit and credit positive respectively).
    """
    keys = set(target_revenue) | set(posted_revenue)
    result = Entry()
    for key in sorted(keys, key=str):
        delta = D(target_revenue.get(key, 0)) - D(posted_revenue.get(key, 0))
        if delta:
            result.revenue[key] = delta
    target = Position(sum((D(v) for v in target_revenue.values()), Decimal(0)), D(billed))
    result.billed = D(billed) - D(posted_billed)
    result.unbilled = target.unbilled - D(posted_unbilled)
    result.deferred = target.deferred - D(posted_deferred)
    return result
