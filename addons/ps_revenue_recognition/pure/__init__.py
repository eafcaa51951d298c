# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure-Python revenue rules: allocation, recognition methods, schedules and
contract positions.

No Odoo import: the models call these, ``tests/unit`` tests them alone.
All money is ``Decimal``, rounded half-up to the currency's digits.
"""

from . import allocation, methods, position, schedule  # noqa: F401
