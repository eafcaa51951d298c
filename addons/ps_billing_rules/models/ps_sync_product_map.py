# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..pure import deal as pure_deal

BILLING_MODELS = [
    (pure_deal.TIME_MATERIALS, "Time and materials"),
    (pure_deal.FIXED, "Fixed fee"),
    (pure_deal.MILESTONE, "Milestone"),
    (pure_deal.RETAINER, "Retainer"),
]


class PsSyncProductMap(models.Model):
    """A CRM's product (Salesforce Product2, HubSpot SKU or product id) and
    the Odoo service product it sells, with the billing model its lines get
    unless the deal says otherwise. One model for every CRM connector."""

    _name = "ps.sync.product.map"
    _description = "CRM Product Mapping"
    _order = "backend_id, name"
    _check_company_auto = True

    backend_id = fields.Many2one("ps.sync.backend", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="backend_id.company_id", store=True)
    name = fields.Char(string="CRM Product", help="Name or code, for people.")
    remote_product_id = fields.Char(
        string="CRM Product ID",
        required=True,
        help="Salesforce Product2 Id (15 or 18 characters); HubSpot line item SKU or product id.",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Odoo Service",
        required=True,
        domain=[("type", "=", "service")],
        check_company=True,
    )
    billing_model = fields.Selection(BILLING_MODELS, required=True, default=pure_deal.FIXED)

    _sql_constraints = [
        (
            "product_unique",
            "unique(backend_id, remote_product_id)",
            "A CRM product is mapped once per backend.",
        ),
    ]

    @api.constrains("product_id", "billing_model")
    def _check_product(self):
        for row in self:
            if row.product_id.type != "service":
                raise ValidationError(
                    _("%s is not a service product.", row.product_id.display_name)
                )
            if (
                row.billing_model == pure_deal.TIME_MATERIALS
                and row.product_id.service_policy != "delivered_timesheet"
            ):
                raise ValidationError(
                    _(
                        "%s is billed on timesheets only if its invoicing policy is "
                        "'Based on Timesheets'.",
                        row.product_id.display_name,
                    )
                )
