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
    """Amount of ``hours`` at ``rate``, rounded once.

    The one rounding rule of billing: an invoice line is rounded once
    (``line_amount(quantity, unit price)``, as the invoice computes it), and
    what it bills of each source is its share of that rounded amount
    (``share``), never a figure rounded on its own. So the sum of the
    traces of a line is the line, and an invoice and the engagement's billed
    figures never drift apart by a cent.
    """
    return round_money(D(hours) * D(rate), digits)


def share(before, hours, rate, digits=2):
    """What ``hours`` add to a line at ``rate`` that already bills ``before``
    hours: the line's rounded amount after them minus before them.

    The shares of a line's sources telescope: they sum exactly to the line's
    amount, rounded once, and each is within one quantum of its exact worth.
    """
    return line_amount(D(before) + D(hours), rate, digits) - line_amount(before, rate, digits)
