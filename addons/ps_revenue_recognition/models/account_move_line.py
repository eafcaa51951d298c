# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    ps_line_engagement_id = fields.Many2one(
        related="move_id.ps_engagement_id", store=True, index=True, string="Engagement"
    )
    ps_obligation_id = fields.Many2one(
        "ps.revenue.obligation",
        string="Performance Obligation",
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    ps_revenue_role = fields.Selection(
        [
            ("revenue", "Revenue recognised"),
            ("billed", "Billed revenue reclassified"),
            ("deferred", "Deferred revenue"),
            ("unbilled", "Unbilled receivable"),
        ],
        string="Recognition Role",
        readonly=True,
        index=True,
        help="Which figure of the contract position this line of a recognition entry moves.",
    )
