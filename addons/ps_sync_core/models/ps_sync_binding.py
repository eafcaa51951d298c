# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class PsSyncBinding(models.Model):
    """The link between one external record and one Odoo record, per backend.

    Two unique indexes make duplicates impossible whatever the concurrency:
    one binding per (backend, object, external id) and one per (backend, Odoo
    record).
    """

    _name = "ps.sync.binding"
    _inherit = ["ps.sync.record.mixin"]
    _description = "Synchronisation Binding"
    _order = "last_sync_date desc, id desc"
    _rec_name = "external_id"

    backend_id = fields.Many2one("ps.sync.backend", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="backend_id.company_id", store=True, index=True)
    object_name = fields.Char(required=True, index=True)
    external_id = fields.Char(required=True, index=True)
    res_model = fields.Char(string="Odoo Model", required=True, index=True)
    res_id = fields.Many2oneReference(
        string="Odoo Record ID", model_field="res_model", required=True, index=True
    )
    payload_hash = fields.Char(
        help="SHA-256 of the last payload applied: an identical payload is skipped."
    )
    last_payload = fields.Json(
        help="Canonical values last applied from the source, to tell a change "
        "at the source from an edit in Odoo."
    )
    last_sync_date = fields.Datetime(index=True)
    remote_write_date = fields.Datetime(
        string="Source Modified",
        help="Modification time the source gave for the version applied; "
        "older versions arriving later are ignored.",
    )

    _sql_constraints = [
        (
            "external_unique",
            "unique(backend_id, object_name, external_id)",
            "An external record can be bound only once per backend.",
        ),
        (
            "record_unique",
            "unique(backend_id, res_model, res_id)",
            "An Odoo record can be bound only once per backend.",
        ),
    ]
