# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    ps_instalment_count = fields.Integer(
        string="Instalments",
        default=1,
        help="A fixed-price service line becomes this many schedule lines of its "
        "engagement; the last one takes the rounding.",
    )
    ps_instalment_interval = fields.Integer(
        string="Every (months)", default=1, help="Months between two instalments."
    )
    ps_instalment_date = fields.Date(
        string="First Instalment", help="Date of the first instalment; the order date if empty."
    )
