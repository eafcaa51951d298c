# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Caps (not-to-exceed) on hours or amount.

``split`` walks the items to bill in order and lets each through until the cap
is reached; the item that crosses the cap is split into a billable part and an
overrun part. What is over the cap is either held for review or written off,
per engagement policy; that choice is the caller's.
"""

from dataclasses import dataclass
from decimal import Decimal

from .money import D


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
