# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ps_payroll_variance_spread = fields.Boolean(
        related="company_id.ps_payroll_variance_spread", readonly=False
    )
    ps_subcontract_journal_id = fields.Many2one(
        related="company_id.ps_subcontract_journal_id", readonly=False
    )
    ps_subcontract_product_id = fields.Many2one(
        related="company_id.ps_subcontract_product_id", readonly=False
    )
