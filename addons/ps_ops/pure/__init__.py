# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure rules of ps_ops (no Odoo): alert lifecycle, periods, webhook payloads."""
