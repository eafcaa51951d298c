# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The two documents of one intercompany charge: the provider's customer
invoice to the receiver and, in the receiver, the mirrored vendor bill.

Both carry the same lines (quantity, unit price) in the same currency, so
they are for the same amount by construction; a charge whose total is
negative is a credit note and its mirror a vendor refund (Odoo posts no
invoice below zero), its lines with their signs turned. Each side's
company-currency amount is the document amount at that company's rate of
the document date.
"""

from dataclasses import dataclass
from decimal import Decimal

from .pricing import round_money

ZERO = Decimal(0)

MIRROR_TYPE = {
    "out_invoice": "in_invoice",
    "out_refund": "in_refund",
}


@dataclass(frozen=True)
class DocLine:
    quantity: Decimal
    price_unit: Decimal

    def amount(self, digits=2):
        return round_money(self.quantity * self.price_unit, digits)


@dataclass(frozen=True)
class Documents:
    invoice_type: str
    bill_type: str
    lines: tuple  # DocLine, the same on both documents
    sign: int  # what turns a document amount back into the charged amount

    def total(self, digits=2):
        return sum((line.amount(digits) for line in self.lines), ZERO)


def documents(plan_lines):
    """The documents of a plan's lines (``quantity``, ``unit_price``, their
    amounts as the plan rounded them), or None when there is no line. Lines
    that net to zero (hours moved from one entry to another) still make a
    0.00 invoice and bill, so their traces record what each entry charged."""
    lines = list(plan_lines)
    if not lines:
        return None
    total = sum((line.amount for line in lines), ZERO)
    sign = -1 if total < 0 else 1
    invoice_type = "out_refund" if sign < 0 else "out_invoice"
    return Documents(
        invoice_type,
        MIRROR_TYPE[invoice_type],
        tuple(DocLine(Decimal(line.quantity), sign * Decimal(line.unit_price)) for line in lines),
        sign,
    )


def company_amount(amount, rate, digits=2):
    """``amount`` of a document converted at ``rate`` (company currency per
    document currency unit), rounded to the company currency."""
    return round_money(Decimal(amount) * Decimal(rate), digits)
