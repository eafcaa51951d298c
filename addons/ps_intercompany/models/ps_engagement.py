# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models


class PsEngagement(models.Model):
    _inherit = "ps.engagement"

    ps_own_time_cost = fields.Monetary(
        string="Own Consultants' Cost",
        compute="_compute_ps_margin",
        help="This entity's own consultants' time at their hourly cost of each day.",
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
        help="This entity's margin: billed minus the own consultants' cost minus the "
        "intercompany cost.",
    )
    ps_ic_provider_cost = fields.Monetary(
        string="Providers' Consultants' Cost",
        compute="_compute_ps_margin",
        groups="account.group_account_manager",
        help="The providing entities' side: what their consultants' charged hours cost "
        "them (hourly cost of each day), converted to the engagement's currency. Their "
        "intercompany revenue is this engagement's intercompany cost.",
    )
    ps_ic_provider_margin = fields.Monetary(
        string="Providers' Margin",
        compute="_compute_ps_margin",
        groups="account.group_account_manager",
        help="The providing entities' margin on this engagement: intercompany revenue "
        "(this engagement's intercompany cost) minus their consultants' cost.",
    )
    ps_group_margin = fields.Monetary(
        string="Group Margin",
        compute="_compute_ps_margin",
        groups="account.group_account_manager",
        help="Both entities together: billed minus every consultant's cost; the "
        "intercompany charge cancels out.",
    )

    @api.depends("trace_ids.amount", "trace_ids.move_state")
    def _compute_ps_margin(self):
        """The engagement's cost in its own entity: its consultants' time at
        their hourly cost, and the intercompany charges for the others'
        (not their cost in the other entity, which the other entity
        carries and charges). The providers' side beside it: their
        consultants' cost of the hours they charged. Every hour is costed
        by ``hr.employee._ps_hourly_cost_at`` (the costing addon's rates)."""
        today = fields.Date.context_today(self)
        hours_cost = self.env["ps.intercompany.agreement"]._ps_ic_hours_cost

        def cost_of(engagement, employee, day, hours):
            return hours_cost(employee, day, hours, engagement.currency_id, engagement.company_id)

        Line = self.env["account.analytic.line"].sudo()
        own = defaultdict(float)
        for engagement, employer, employee, day, hours in Line._read_group(
            [("ps_engagement_id", "in", self.ids), ("employee_id", "!=", False)],
            ["ps_engagement_id", "ps_employee_company_id", "employee_id", "date:day"],
            ["unit_amount:sum"],
        ):
            if employer and employer != engagement.company_id:
                continue  # another entity's consultant: charged, not costed here
            own[engagement.id] += cost_of(engagement, employee, day, hours)
        charged = defaultdict(float)
        provider_cost = defaultdict(float)
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
            charged[engagement.id] += trace.agreement_id.currency_id._convert(
                trace.amount,
                engagement.currency_id,
                engagement.company_id,
                trace.move_id.invoice_date or today,
            )
            provider_cost[engagement.id] += cost_of(
                engagement, trace.employee_id, trace.date, trace.hours
            )
        for engagement in self:
            engagement.ps_own_time_cost = own[engagement.id]
            engagement.ps_ic_cost = charged[engagement.id]
            engagement.ps_margin = (
                engagement.cap_amount_used - engagement.ps_own_time_cost - engagement.ps_ic_cost
            )
            # the providers' side (accounting managers read it)
            engagement.ps_ic_provider_cost = provider_cost[engagement.id]
            engagement.ps_ic_provider_margin = engagement.ps_ic_cost - provider_cost[engagement.id]
            engagement.ps_group_margin = (
                engagement.cap_amount_used
                - engagement.ps_own_time_cost
                - provider_cost[engagement.id]
            )
