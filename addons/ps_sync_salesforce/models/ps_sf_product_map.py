# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

BILLING_MODELS = [
    ("time_materials", "Time and materials"),
    ("fixed", "Fixed fee"),
    ("milestone", "Milestone"),
    ("retainer", "Retainer"),
]


class PsSfProductMap(models.Model):
    """A Salesforce product (Product2) and the Odoo service product it sells,
    with the billing model its lines get unless the opportunity says otherwise."""

    _name = "ps.sf.product.map"
    _description = "Salesforce Product Mapping"
    _order = "backend_id, name"
    _check_company_auto = True

    backend_id = fields.Many2one(
        "ps.sync.backend",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("kind", "=", "salesforce")],
    )
    company_id = fields.Many2one(related="backend_id.company_id", store=True)
    name = fields.Char(string="Salesforce Product", help="Name or code, for people.")
    sf_product_id = fields.Char(
        string="Product2 Id", required=True, help="Salesforce Product2 Id (15 or 18 characters)."
    )
    product_id = fields.Many2one(
        "product.product",
        string="Odoo Service",
        required=True,
        domain=[("type", "=", "service")],
        check_company=True,
    )
    billing_model = fields.Selection(BILLING_MODELS, required=True, default="fixed")

    _sql_constraints = [
        (
            "product_unique",
            "unique(backend_id, sf_product_id)",
            "A Salesforce product is mapped once per backend.",
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
                row.billing_model == "time_materials"
                and row.product_id.service_policy != "delivered_timesheet"
            ):
                raise ValidationError(
                    _(
                        "%s is billed on timesheets only if its invoicing policy is "
                        "'Based on Timesheets'.",
                        row.product_id.display_name,
                    )
                )
