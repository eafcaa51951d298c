# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..pure import figures


class PsAnalyticsRefresh(models.TransientModel):
    """Compute the stored figures now: capacity of the chosen months (the
    daily job keeps last month to two months ahead) and the WIP as of today."""

    _name = "ps.analytics.refresh"
    _description = "Compute Capacity and WIP"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_date_from()
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: figures.month_end(fields.Date.context_today(self)),
    )
    employee_ids = fields.Many2many(
        "hr.employee", string="People", help="Leave empty for everyone of your companies."
    )
    with_wip = fields.Boolean(string="Also Compute the WIP", default=True)

    @api.model
    def _default_date_from(self):
        today = fields.Date.context_today(self)
        return today.replace(month=1, day=1)

    def action_refresh(self):
        self.ensure_one()
        self.env["ps.analytics.capacity"].action_ps_refresh(
            self.date_from, self.date_to, self.employee_ids.ids
        )
        if self.with_wip:
            result = self.env["ps.analytics.wip"].action_ps_refresh()
            if isinstance(result, dict):
                return result
        return {"type": "ir.actions.act_window_close"}
