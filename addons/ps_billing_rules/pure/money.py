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
    (``allocate``), never a figure rounded on its own. So the sum of the
    traces of a line is the line, and an invoice and the engagement's billed
    figures never drift apart by a cent.
    """
    return round_money(D(hours) * D(rate), digits)


def allocate(total, parts, digits=2):
    """Share the rounded ``total`` among exact ``parts`` (largest remainder).

    Each share is its part rounded down to the currency's quantum, and the
    quanta left go to the largest remainders (first come on a tie). The shares
    sum exactly to ``total``. ``parts`` of mixed signs are not supported.
    """
    total = round_money(total, digits)
    parts = [D(part) for part in parts]
    if not parts:
        return []
    q = quantum(digits)
    sign = -1 if total < 0 or (not total and sum(parts) < 0) else 1
    floors = [(abs(part) // q) * q for part in parts]
    left = int((abs(total) - sum(floors)) / q)
    order = sorted(range(len(parts)), key=lambda i: (-(abs(parts[i]) - floors[i]), i))
    for i in order[:max(left, 0)]:
        floors[i] += q
    if left < 0:  # the total is below the floors (parts were not its exact split)
        for i in sorted(range(len(parts)), key=lambda i: -floors[i])[:-left]:
            floors[i] -= q
    return [sign * share for share in floors]
