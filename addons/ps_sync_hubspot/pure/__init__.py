# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The HubSpot connector's rules as plain Python (no Odoo import)."""
