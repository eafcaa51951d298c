# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Caps (not-to-exceed) on hours or amount.

``split`` walks the items to bill in order and lets each through until the cap
is reached; the item that crosses the cap is split into a billable part and an
overrun part. What is over the cap is either held for review or written off,
per engagement policy; that choice is the caller's.
"""

from dataclasses import dataclass
from decimal import Decimal

from .money import D, line_amount


@dataclass(frozen=True)
class CapSplit:
    key: object
    billable: Decimal
    over: Decimal


def split(cap, used, items):
    """Split ``items`` [(key, quantity)] against ``cap`` given ``used`` so far.

    ``cap`` None or 0 means no cap. Quantities are hours or money; the result
    keeps the input order. Invariants: billable + over == quantity for every
    item, and used + sum(billable) <= cap.
    """
    result = []
    if not cap:
        return [CapSplit(key, D(qty), Decimal(0)) for key, qty in items]
    room = max(D(cap) - D(used), Decimal(0))
    for key, qty in items:
        qty = D(qty)
        take = min(qty, room) if qty > 0 else qty
        room -= take if qty > 0 else 0
        result.append(CapSplit(key, take, qty - take))
    return result


def capped_value(items, cap_hours=None, cap_amount=None, digits=2):
    """What time items [(key, hours, rate)] are worth within the caps.

    The items go through the caps as a billing run lets time through: in the
    given (date) order, the hours cap first, then the amount cap on what the
    hours that fit are worth. What is over a cap is never billed (held, or
    billed and written off), so it is not consideration either: revenue of
    time and materials uses this (IFRS 15.56-58, ASC 606-10-32-11).
    """
    by_hours = split(cap_hours, 0, [((key, D(rate)), hours) for key, hours, rate in items])
    amounts = [(s.key, line_amount(s.billable, s.key[1], digits)) for s in by_hours]
    return sum((s.billable for s in split(cap_amount, 0, amounts)), D(0))
