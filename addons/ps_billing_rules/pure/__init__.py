# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure-Python billing rules: rates, caps, retainers, time status, money.

No Odoo import: the models call these, ``tests/unit`` tests them alone.
"""

from . import (  # noqa: F401
    billing_models,
    caps,
    deal,
    instalments,
    kinds,
    money,
    plan,
    plan_items,
    rates,
    retainer,
    timestatus,
)
