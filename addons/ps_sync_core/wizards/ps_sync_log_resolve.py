# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PsSyncLogResolve(models.TransientModel):
    _name = "ps.sync.log.resolve"
    _description = "Resolve Sync Exceptions"

    log_ids = fields.Many2many("ps.sync.log", string="Messages")
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        vals = super().default_get(fields_list)
        if self.env.context.get("active_model") == "ps.sync.log":
            vals["log_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return vals

    def action_confirm(self):
        self.ensure_one()
        self.log_ids.action_resolve(self.reason)
        return {"type": "ir.actions.act_window_close"}
