# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ps_revenue_journal_id = fields.Many2one(
        related="company_id.ps_revenue_journal_id", readonly=False
    )
    ps_revenue_account_id = fields.Many2one(
        related="company_id.ps_revenue_account_id", readonly=False
    )
    ps_deferred_revenue_account_id = fields.Many2one(
        related="company_id.ps_deferred_revenue_account_id", readonly=False
    )
    ps_unbilled_revenue_account_id = fields.Many2one(
        related="company_id.ps_unbilled_revenue_account_id", readonly=False
    )
