# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ps_ic_group_company_id = fields.Many2one(
        "res.company",
        string="Consolidating Entity",
        config_parameter="ps_intercompany.group_company_id",
        help="The entity whose currency rates convert the intercompany balances to the "
        "group currency (default: the first company).",
    )
    ps_ic_group_currency_id = fields.Many2one(
        "res.currency",
        string="Group Currency",
        config_parameter="ps_intercompany.group_currency_id",
        help="The reporting currency both sides of the intercompany balances are shown "
        "in, side by side (default: the consolidating entity's currency).",
    )
