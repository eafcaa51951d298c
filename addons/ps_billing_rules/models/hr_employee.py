# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    def _ps_hourly_cost_at(self, day):
        """``(hourly cost, currency)`` of the employee on ``day``.

        The one place the addons ask what an hour of a person costs (transfer
        pricing, margins). Here it is Odoo's flat ``hourly_cost``; a costing
        addon overrides it with effective-dated cost rates. ``None`` when the
        employee has no cost."""
        self.ensure_one()
        return (self.hourly_cost or None), self.currency_id
