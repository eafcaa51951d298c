# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Alert conditions on revenue recognition (ps_revenue_recognition)."""

from odoo import _, models

from ..conditions import alert_condition


class PsAlertConditionRevenue(models.AbstractModel):
    _name = "ps.alert.condition.revenue"
    _description = "Alert Conditions: Revenue Recognition"

    @alert_condition(
        "revenue_run",
        "Revenue: recognition run failed, stuck (N hours) or not run by day D",
        threshold="hours",
    )
    def _ps_alert_revenue_run(self, rule, now):
        return self.env["ps.alert.condition.billing"]._ps_run_subjects(
            rule,
            now,
            "ps.revenue.run",
            _("Recognition run"),
            engagement_domain=[("ps_obligation_ids", "!=", False)],
        )
