# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Retainers: a prepaid balance drawn down by approved time.

The balance is what was prepaid (initial amount and top-ups) minus what was
drawn; drawing never takes the balance below zero, the rest is overage billed
normally. Once the retainer expires, nothing more is drawn and what is left is
forfeited (recorded, not refunded, unless the engagement says otherwise).
"""

from dataclasses import dataclass
from decimal import Decimal

from .money import D


@dataclass(frozen=True)
class Drawdown:
    drawn: Decimal
    overage: Decimal
    balance_after: Decimal


def balance(prepaid, drawn):
    return D(prepaid) - D(drawn)


def draw(balance_before, amount, day=None, expiry=None):
    """Draw ``amount`` from the balance on ``day``; expired retainers draw nothing."""
    amount = D(amount)
    available = max(D(balance_before), Decimal(0))
    if expiry is not None and day is not None and day > expiry:
        available = Decimal(0)
    drawn = min(amount, available) if amount > 0 else Decimal(0)
    return Drawdown(drawn, amount - drawn, D(balance_before) - drawn)
