# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Money arithmetic in Decimal, rounded half-up to the currency's precision."""

from decimal import ROUND_HALF_UP, Decimal


def D(value):
    """Decimal from a float, int, str or Decimal, without binary noise."""
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def quantum(digits):
    return Decimal(1).scaleb(-digits)


def round_money(value, digits=2):
    return D(value).quantize(quantum(digits), rounding=ROUND_HALF_UP)


def line_amount(hours, rate, digits=2):
    """Amount of ``hours`` at ``rate``, rounded once, per billed line."""
    return round_money(D(hours) * D(rate), digits)
