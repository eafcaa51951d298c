# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Test doubles without Odoo (never imported by runtime code)."""
