# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PsSyncBackend(models.Model):
    """How a CRM backend's won deals are delivered (any CRM connector)."""

    _inherit = "ps.sync.backend"

    deal_project_template_id = fields.Many2one(
        "project.project",
        string="Project Template",
        help="Won deals get a copy of this project (stages, tasks, settings).",
    )
    deal_rate_card_id = fields.Many2one(
        "ps.rate.card",
        string="Rate Card",
        help="Rate card of engagements that bill time and materials.",
    )
    deal_fallback_user_id = fields.Many2one(
        "res.users",
        string="Fallback Salesperson",
        domain=[("share", "=", False)],
        help="Salesperson of orders whose deal owner has no Odoo user with the same login "
        "or e-mail; empty leaves those orders without salesperson.",
    )
    deal_push_status = fields.Boolean(
        string="Push Status to the CRM",
        default=True,
        help="Write the order, project and invoice status back to the CRM's deals and "
        "companies on schedule.",
    )
    product_map_ids = fields.One2many(
        "ps.sync.product.map", "backend_id", string="Product Mappings"
    )
