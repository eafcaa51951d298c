# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure-Python billing rules: rates, caps, retainers, time status, money.

No Odoo import: the models call these, ``tests/unit`` tests them alone.
"""

from . import caps, instalments, money, plan, rates, retainer, timestatus  # noqa: F401
