# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PsEngagement(models.Model):
    _inherit = "ps.engagement"

    ps_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    ps_budget_revenue = fields.Monetary(
        string="Budget Revenue",
        currency_field="ps_company_currency_id",
        tracking=True,
        help="Revenue planned for the whole engagement, in the company's currency: the "
        "Margin report shows it against the revenue recognised.",
    )
    ps_budget_cost = fields.Monetary(
        string="Budget Cost",
        currency_field="ps_company_currency_id",
        tracking=True,
        help="Cost planned for the whole engagement (time, expenses, subcontractors, "
        "intercompany charges), in the company's currency: the Margin report shows it "
        "against the actual cost.",
    )
