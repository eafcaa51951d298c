# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class PsSyncRecordMixin(models.AbstractModel):
    """A row that points at one Odoo record by model name and id (bindings,
    sync log messages): a clickable reference and an action to open it."""

    _name = "ps.sync.record.mixin"
    _description = "Link to an Odoo Record"

    res_model = fields.Char(string="Odoo Model", index=True)
    res_id = fields.Many2oneReference(string="Odoo Record ID", model_field="res_model", index=True)
    record_ref = fields.Reference(
        selection="_selection_record_ref", string="Odoo Record", compute="_compute_record_ref"
    )

    @api.model
    def _selection_record_ref(self):
        return [(model.model, model.name) for model in self.env["ir.model"].sudo().search([])]

    @api.depends("res_model", "res_id")
    def _compute_record_ref(self):
        for row in self:
            row.record_ref = (
                f"{row.res_model},{row.res_id}"
                if row.res_model and row.res_id and row.res_model in self.env
                else False
            )

    def action_open_record(self):
        self.ensure_one()
        if not self.res_model or not self.res_id:
            raise UserError(_("This row is not linked to an Odoo record."))
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }
