# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Intercompany rules as plain Python: transfer pricing, what an entry is
still to be charged, and the two mirrored documents. No Odoo import."""

from . import charge, mirror, pricing  # noqa: F401
