# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PsRevenueScheduleLine(models.Model):
    """Revenue of one obligation in one month: posted for closed periods,
    planned for open ones. The current period carries the cumulative
    catch-up of any change of terms. Rebuilt by the obligation, never edited.
    It is also the revenue waterfall's source (pivot and graph by month)."""

    _name = "ps.revenue.schedule.line"
    _description = "Revenue Schedule Line"
    # not "obligation_id, date": ordering by a many2one joins the obligations
    # and sorts by their order, which grew with the table (measured by the bench)
    _order = "date, id"
    _rec_name = "date"

    obligation_id = fields.Many2one(
        "ps.revenue.obligation", required=True, ondelete="cascade", index=True, readonly=True
    )
    engagement_id = fields.Many2one(related="obligation_id.engagement_id", store=True, index=True)
    partner_id = fields.Many2one(related="obligation_id.partner_id", store=True)
    company_id = fields.Many2one(related="obligation_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="obligation_id.currency_id", store=True)
    method = fields.Selection(related="obligation_id.method", store=True)
    date = fields.Date(string="Period End", required=True, readonly=True)
    amount = fields.Monetary(string="Revenue", readonly=True)
    cumulative = fields.Monetary(string="Cumulative Revenue", readonly=True, aggregator=False)
    state = fields.Selection(
        [("posted", "Posted"), ("current", "Current period"), ("planned", "Planned")],
        required=True,
        readonly=True,
    )
