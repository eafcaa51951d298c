# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PsEngagement(models.Model):
    _inherit = "ps.engagement"

    ps_own_time_cost = fields.Monetary(
        string="Own Consultants' Cost",
        compute="_compute_ps_margin",
        help="Hourly cost of the time of this entity's own consultants.",
    )
    ps_ic_cost = fields.Monetary(
        string="Intercompany Cost",
        compute="_compute_ps_margin",
        help="What other entities charged for their consultants' time on this "
        "engagement (live intercompany documents), at the documents' rates.",
    )
    ps_margin = fields.Monetary(
        string="Margin",
        compute="_compute_ps_margin",
        help="Billed minus the own consultants' cost minus the intercompany cost.",
    )

    @api.depends("trace_ids.amount", "trace_ids.move_state")
    def _compute_ps_margin(self):
        """The engagement's cost in its own entity: its consultants' time at
        their hourly cost, and the intercompany charges for the others'
        (not their cost in the other entity, which the other entity
        carries and charges)."""
        today = fields.Date.context_today(self)
        Line = self.env["account.analytic.line"].sudo()
        own = {}
        for engagement, company, amount in Line._read_group(
            [("ps_engagement_id", "in", self.ids)],
            ["ps_engagement_id", "ps_employee_company_id"],
            ["amount:sum"],
        ):
            if company == engagement.company_id or not company:
                own[engagement.id] = own.get(engagement.id, 0.0) - amount
        charged = {}
        traces = (
            self.env["ps.intercompany.trace"]
            .sudo()
            .search(
                [
                    ("timesheet_id.ps_engagement_id", "in", self.ids),
                    ("move_state", "!=", "cancel"),
                ]
            )
        )
        for trace in traces:
            engagement = trace.timesheet_id.ps_engagement_id
            amount = trace.agreement_id.currency_id._convert(
                trace.amount,
                engagement.currency_id,
                engagement.company_id,
                trace.move_id.invoice_date or today,
            )
            charged[engagement.id] = charged.get(engagement.id, 0.0) + amount
        for engagement in self:
            company_currency = engagement.company_id.currency_id
            engagement.ps_own_time_cost = company_currency._convert(
                own.get(engagement.id, 0.0),
                engagement.currency_id,
                engagement.company_id,
                today,
            )
            engagement.ps_ic_cost = charged.get(engagement.id, 0.0)
            engagement.ps_margin = (
                engagement.cap_amount_used - engagement.ps_own_time_cost - engagement.ps_ic_cost
            )
