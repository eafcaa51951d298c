# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PsSyncFieldOwnership(models.Model):
    """Which system is the system of record for a field of a synced object.

    Fields without a row belong to the source. Inbound updates write only
    source-owned fields; a change from the source to an Odoo-owned field is
    held as a conflict for review, never applied silently.
    """

    _name = "ps.sync.field.ownership"
    _description = "Synchronised Field Ownership"
    _order = "backend_id, object_name, field_id"

    backend_id = fields.Many2one("ps.sync.backend", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="backend_id.company_id", store=True)
    object_name = fields.Selection(
        selection="_selection_object_name", string="Object", required=True
    )
    model_name = fields.Char(compute="_compute_model_name")
    field_id = fields.Many2one(
        "ir.model.fields",
        string="Odoo Field",
        required=True,
        ondelete="cascade",
        domain="[('model', '=', model_name), ('store', '=', True)]",
    )
    owner = fields.Selection(
        [("source", "Source system"), ("odoo", "Odoo")],
        required=True,
        default="odoo",
        help="Source system: inbound data overwrites Odoo. Odoo: edits made in "
        "Odoo stand; a source change becomes a conflict to review.",
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "field_unique",
            "unique(backend_id, object_name, field_id)",
            "A field has one owner per backend and object.",
        )
    ]

    @api.model
    def _selection_object_name(self):
        return self.env["ps.sync.backend"]._object_selection()

    @api.depends("object_name")
    def _compute_model_name(self):
        handlers = self.env["ps.sync.backend"]._object_handlers()
        for row in self:
            handler = handlers.get(row.object_name)
            row.model_name = handler._odoo_model if handler is not None else False

    @api.constrains("field_id", "object_name")
    def _check_field_model(self):
        for row in self:
            if row.model_name and row.field_id.model != row.model_name:
                raise ValidationError(
                    _(
                        "Field %(field)s is not a field of %(model)s.",
                        field=row.field_id.name,
                        model=row.model_name,
                    )
                )
