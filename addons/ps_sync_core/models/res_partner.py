# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models

from ..batch_create import missing_defaults


class ResPartner(models.Model):
    _inherit = "res.partner"

    ps_sync_binding_count = fields.Integer(
        string="External Links",
        compute="_compute_ps_sync_binding_count",
        groups="ps_sync_core.group_sync_user",
    )

    def _compute_ps_sync_binding_count(self):
        groups = self.env["ps.sync.binding"]._read_group(
            [("res_model", "=", "res.partner"), ("res_id", "in", self.ids)],
            ["res_id"],
            ["__count"],
        )
        counts = dict(groups)
        for partner in self:
            partner.ps_sync_binding_count = counts.get(partner.id, 0)

    def _add_missing_default_values(self, values):
        # once per batch inside a sync batch create (see batch_create)
        return missing_defaults(self, values, super()._add_missing_default_values)

    def action_open_ps_sync_bindings(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("External Links"),
            "res_model": "ps.sync.binding",
            "view_mode": "list,form",
            "domain": [("res_model", "=", "res.partner"), ("res_id", "=", self.id)],
        }
