# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class PsEngagementMilestone(models.Model):
    """An amount invoiced once the customer accepts a deliverable."""

    _name = "ps.engagement.milestone"
    _description = "Engagement Milestone"
    _inherit = ["mail.thread", "ps.billing.invoiced.mixin", "ps.engagement.part.mixin"]
    _order = "engagement_id, sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, tracking=True)
    amount = fields.Monetary(required=True, currency_field="currency_id", tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("accepted", "Accepted"), ("invoiced", "Invoiced")],
        compute="_compute_state",
        store=True,
        tracking=True,
    )
    accepted_date = fields.Date(readonly=True, tracking=True)
    accepted_by_id = fields.Many2one("res.users", readonly=True)
    invoice_line_id = fields.Many2one(
        "account.move.line", copy=False, ondelete="set null", readonly=True
    )

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A milestone amount must be positive.")
    ]

    @api.depends("accepted_date", "invoice_line_id", "invoice_line_id.parent_state")
    def _compute_state(self):
        for milestone in self:
            if milestone.invoice_line_id and milestone.invoice_line_id.parent_state != "cancel":
                milestone.state = "invoiced"
            elif milestone.accepted_date:
                milestone.state = "accepted"
            else:
                milestone.state = "open"

    def action_accept(self, date=None):
        for milestone in self:
            if milestone.accepted_date:
                raise UserError(
                    _(
                        "Milestone %(name)s was already accepted on %(date)s.",
                        name=milestone.name,
                        date=milestone.accepted_date,
                    )
                )
            milestone.write(
                {
                    "accepted_date": date or fields.Date.context_today(self),
                    "accepted_by_id": self.env.user.id,
                }
            )
        return True
