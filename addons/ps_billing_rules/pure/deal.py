# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A won CRM deal, whatever CRM it comes from.

A CRM connector (Salesforce, HubSpot) reads its own records and builds a
``Deal``; ``sale.order._ps_order_values_from_deal`` makes the order's values
and ``sale.order._ps_deliver_deal`` confirms it and delivers it (project from
the template, engagement with the lines' billing models). The connector
needs to know nothing of engagements, schedules or milestones.
"""

import datetime
from dataclasses import dataclass, field

#: the billing models a deal line can carry
TIME_MATERIALS = "time_materials"
FIXED = "fixed"
RETAINER = "retainer"
MILESTONE = "milestone"
BILLING_MODELS = (TIME_MATERIALS, FIXED, RETAINER, MILESTONE)
#: how CRMs write the billing models (lower case) -> the model
BILLING_ALIASES = {
    "time_materials": TIME_MATERIALS,
    "time and materials": TIME_MATERIALS,
    "time & materials": TIME_MATERIALS,
    "t&m": TIME_MATERIALS,
    "tm": TIME_MATERIALS,
    "fixed": FIXED,
    "fixed fee": FIXED,
    "fixed price": FIXED,
    "milestone": MILESTONE,
    "milestones": MILESTONE,
    "retainer": RETAINER,
}
#: fixed-price models and the engagement schedule line kind each becomes
SCHEDULE_KINDS = {FIXED: "fixed", RETAINER: "retainer"}


def billing_model(value):
    """The billing model a CRM's text names; None when empty; ValueError when unknown."""
    text = str(value).strip().lower() if value is not None else ""
    if not text:
        return None
    if text not in BILLING_ALIASES:
        raise ValueError(
            f"unknown billing model {value!r}; one of: {', '.join(sorted(BILLING_ALIASES))}"
        )
    return BILLING_ALIASES[text]


@dataclass(frozen=True)
class DealLine:
    """One product sold: an Odoo service product, how it bills, how much."""

    product_id: int
    billing_model: str
    quantity: float
    unit_price: float
    discount: float = 0.0
    description: str | None = None

    def __post_init__(self):
        if self.billing_model not in BILLING_MODELS:
            raise ValueError(f"unknown billing model {self.billing_model!r}")
        if self.quantity <= 0:
            raise ValueError(f"a deal line needs a positive quantity, got {self.quantity}")
        if not 0 <= (self.discount or 0.0) <= 100:
            raise ValueError(f"a discount is between 0 and 100 %, got {self.discount}")


@dataclass(frozen=True)
class Deal:
    """A won deal, in Odoo's terms (ids of Odoo records, ISO currency).

    ``source`` names the CRM (the order's origin says ``<source>
    <external_id>``), ``label`` the deal in refusals (default: "deal
    <external_id>"); ``amount`` is the deal's untaxed total, which the order
    must come to (None: not checked); ``project_template_id`` and
    ``rate_card_id`` are the connector's delivery settings; ``extra`` holds
    what a connector wants to keep that the conversion does not read.
    """

    external_id: str
    name: str
    company_id: int
    partner_id: int
    currency: str
    lines: tuple
    source: str = ""
    label: str = ""
    close_date: datetime.date | None = None
    amount: float | None = None
    client_order_ref: str | None = None
    user_id: int | None = None
    pricelist_id: int | None = None
    cap_amount: float = 0.0
    project_template_id: int | None = None
    rate_card_id: int | None = None
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        if not self.lines:
            raise ValueError(f"deal {self.external_id} has no lines: nothing to deliver")
        if not all(isinstance(line, DealLine) for line in self.lines):
            raise TypeError("a deal's lines are DealLine")

    @property
    def display(self):
        return self.label or f"deal {self.external_id}"

    @property
    def origin(self):
        return f"{self.source} {self.external_id}".strip()

    @property
    def bills_time(self):
        return any(line.billing_model == TIME_MATERIALS for line in self.lines)


#: what a won deal may not change once it is an order (canonical payload keys)
MATERIAL_KEYS = ("account_external_id", "stage", "is_won", "amount", "currency")
LINE_KEYS = ("product_external_id", "quantity", "unit_price")


def won_changes(old, new):
    """Material differences between the deal payload converted and a newer one.

    Payloads are the connectors' canonical won-deal payloads (account,
    stage, won, amount, currency, lines of product, quantity, unit price,
    discount); anything else (name, close date, owner) may change freely.
    """
    old, new = old or {}, new or {}
    changes = []
    for key in MATERIAL_KEYS:
        if old.get(key) != new.get(key):
            changes.append(f"{key} {old.get(key)!r} -> {new.get(key)!r}")

    def lines(payload):
        # payloads converted before discounts were read have none: 0 %
        return sorted(
            tuple(line.get(k) for k in LINE_KEYS) + (line.get("discount") or 0.0,)
            for line in payload.get("lines") or []
        )

    if lines(old) != lines(new):
        changes.append(f"products {lines(old)!r} -> {lines(new)!r}")
    return changes
