# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PsEngagementMilestone(models.Model):
    _inherit = "ps.engagement.milestone"

    def action_accept(self, date=None):
        res = super().action_accept(date=date)
        # the obligations recognised on acceptance now plan it in the current month
        self.env["ps.revenue.obligation"].search(
            [("milestone_id", "in", self.ids)]
        )._ps_regenerate_schedule()
        return res
