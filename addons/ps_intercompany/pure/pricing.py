# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Transfer pricing: what an hour of a provider's consultant is charged to
the receiving entity.

- cost plus: the employee's hourly cost x (1 + markup %), rounded once to
  the agreement currency's precision;
- transfer rate card: the rate of the card line that applies (resolved by the
  caller with the billing rate card rules), rounded the same way.

A rate that cannot be given is refused with its reason (``PricingRefused``).
"""

from decimal import ROUND_HALF_UP, Decimal

COST_PLUS = "cost_plus"
RATE_CARD = "rate_card"
METHODS = (COST_PLUS, RATE_CARD)

HUNDRED = Decimal(100)


class PricingRefused(ValueError):
    """No transfer rate for an hour; ``str(err)`` says why."""


def D(value):
    """Decimal from a float, int, str or Decimal, without binary noise."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round_money(value, digits=2):
    return D(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def transfer_rate(method, cost_rate=None, markup_percent=0, card_rate=None, digits=2):
    """The hourly transfer rate, a Decimal rounded to ``digits``.

    ``cost_rate``: the employee's hourly cost in the agreement's currency
    (cost plus); ``card_rate``: the transfer rate card's rate in the
    agreement's currency, or None when the card has none (rate card).
    """
    if method == COST_PLUS:
        if cost_rate is None or D(cost_rate) <= 0:
            raise PricingRefused("no hourly cost for the employee")
        if D(markup_percent) < 0:
            raise PricingRefused(f"a markup cannot be negative ({markup_percent} %)")
        return round_money(D(cost_rate) * (1 + D(markup_percent) / HUNDRED), digits)
    if method == RATE_CARD:
        if card_rate is None:
            raise PricingRefused("no transfer rate")
        if D(card_rate) < 0:
            raise PricingRefused(f"a transfer rate cannot be negative ({card_rate})")
        return round_money(card_rate, digits)
    raise PricingRefused(f"unknown transfer pricing method {method!r}")
