# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Alert conditions on revenue recognition (ps_revenue_recognition)."""

from odoo import _, models

from ..conditions import alert_condition


class PsAlertRule(models.Model):
    _inherit = "ps.alert.rule"

    @alert_condition(
        "revenue_run",
        "Revenue: recognition run failed, stuck (N hours) or not run by day D",
        threshold="hours",
    )
    def _ps_alert_revenue_run(self, now):
        return self._ps_run_subjects(
            now,
            "ps.revenue.run",
            _("Recognition run"),
            engagement_domain=[("ps_obligation_ids", "!=", False)],
        )
