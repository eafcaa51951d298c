# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PsSyncWatermark(models.Model):
    """Latest source modification time applied, per backend and object.

    Incremental pulls ask the source for what changed since the watermark
    (minus the backend's overlap window); it only ever moves forward.
    """

    _name = "ps.sync.watermark"
    _description = "Synchronisation Watermark"
    _order = "backend_id, object_name"

    backend_id = fields.Many2one("ps.sync.backend", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="backend_id.company_id", store=True)
    object_name = fields.Char(string="Object", required=True)
    value = fields.Datetime(string="Applied Up To")

    _sql_constraints = [
        (
            "object_unique",
            "unique(backend_id, object_name)",
            "One watermark per backend and object.",
        )
    ]
