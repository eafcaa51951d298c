# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Allocation of a transaction price across performance obligations in
proportion to their standalone selling prices (IFRS 15.73-80, ASC 606-10-32-28).

A discount (price below the sum of standalone prices) is spread over every
obligation in the same proportion. Amounts are rounded to the currency's
digits by the largest-remainder method, so they sum exactly to the price.
"""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal


class AllocationError(ValueError):
    """The obligations cannot share the price; ``index`` is the culprit or None."""

    def __init__(self, message, index=None):
        super().__init__(message)
        self.index = index


def D(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


def quantum(digits):
    return Decimal(1).scaleb(-digits)


def round_money(value, digits=2):
    return D(value).quantize(quantum(digits), rounding=ROUND_HALF_UP)


def allocate(price, standalone_prices, digits=2):
    """Share ``price`` across obligations by relative standalone price.

    Returns one Decimal per standalone price, in order, summing exactly to
    ``price`` rounded to ``digits``. Every standalone price must be positive.
    """
    ssps = [D(p) if p is not None else None for p in standalone_prices]
    if not ssps:
        raise AllocationError("there is no obligation to allocate the price to")
    for index, ssp in enumerate(ssps):
        if ssp is None or ssp <= 0:
            raise AllocationError(
                f"obligation {index + 1} has no standalone selling price (it is "
                f"{'missing' if ssp is None else ssp}); every obligation needs one above zero",
                index,
            )
    price = round_money(price, digits)
    if price < 0:
        raise AllocationError(f"the transaction price {price} is negative")
    unit = quantum(digits)
    total = sum(ssps)
    exact = [price * ssp / total for ssp in ssps]
    floors = [share.quantize(unit, rounding=ROUND_DOWN) for share in exact]
    left = int((price - sum(floors)) / unit)
    # the largest remainders get one more cent; ties go to the larger
    # standalone price, then to the earlier obligation: deterministic
    order = sorted(range(len(ssps)), key=lambda i: (-(exact[i] - floors[i]), -ssps[i], i))
    for i in order[:left]:
        floors[i] += unit
    return floors


def discount(price, standalone_prices):
    """The contract's discount on the sum of standalone prices, as a fraction."""
    total = sum(D(p) for p in standalone_prices)
    if total <= 0:
        return Decimal(0)
    return (total - D(price)) / total
