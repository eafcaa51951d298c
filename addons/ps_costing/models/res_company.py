# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    ps_payroll_variance_spread = fields.Boolean(
        string="Spread Payroll Variance over Time",
        help="When payroll's actual cost of a period differs from the cost of the "
        "period's time at cost rates, spread the difference over that time "
        "(engagement margins then carry the actual cost).",
    )
    ps_subcontract_journal_id = fields.Many2one(
        "account.journal",
        string="Subcontractor Bills Journal",
        domain="[('type', '=', 'purchase'), ('company_id', '=', id)]",
        help="Purchase journal of the subcontractor bills proposed by the monthly run; "
        "empty: the company's first purchase journal.",
    )
    ps_subcontract_product_id = fields.Many2one(
        "product.product",
        string="Subcontracted Hours Product",
        help="Product (and so expense account) of subcontractor bill lines.",
    )
