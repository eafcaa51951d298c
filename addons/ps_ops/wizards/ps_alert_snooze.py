# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields, models


class PsAlertSnooze(models.TransientModel):
    _name = "ps.alert.snooze"
    _description = "Snooze Alerts"

    alert_ids = fields.Many2many("ps.alert", string="Alerts", required=True)
    until = fields.Datetime(
        required=True, default=lambda self: fields.Datetime.now() + timedelta(days=1)
    )
    reason = fields.Text(required=True)

    def action_snooze(self):
        self.ensure_one()
        self.alert_ids.action_snooze(self.until, self.reason)
        return {"type": "ir.actions.act_window_close"}
