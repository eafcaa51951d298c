# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PsEngagementPartMixin(models.AbstractModel):
    """A part of an engagement's terms (a schedule line, a milestone, a
    write-off): deleted with it, in its company and currency."""

    _name = "ps.engagement.part.mixin"
    _description = "Part of an Engagement (mixin)"

    engagement_id = fields.Many2one("ps.engagement", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="engagement_id.company_id", store=True)
    currency_id = fields.Many2one(related="engagement_id.currency_id")
