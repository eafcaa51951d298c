# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

FIELD_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$")


class PsSyncFieldMap(models.Model):
    """Which field of the source fills (or receives) which value, per backend.

    Inbound rows name the source field a payload key is read from; outbound
    rows the field Odoo's status is written to. The connector says which
    keys each object takes (``ps.sync.connector._mapping_keys``) and writes
    its defaults when a backend is created (*Reset mappings* writes them
    again); a backend without rows for an object uses the defaults.
    """

    _name = "ps.sync.field.map"
    _description = "Field Mapping"
    _order = "backend_id, direction, remote_object, key"

    backend_id = fields.Many2one("ps.sync.backend", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="backend_id.company_id", store=True)
    kind = fields.Selection(related="backend_id.kind")
    remote_object = fields.Char(string="Source Object", required=True)
    direction = fields.Selection(
        [("in", "Source to Odoo"), ("out", "Odoo to source")], required=True, default="in"
    )
    key = fields.Char(string="Value", required=True)
    remote_field = fields.Char(
        string="Source Field",
        required=True,
        help="The field's API name in the source, e.g. BillingCity or hs_lastmodifieddate.",
    )

    _sql_constraints = [
        (
            "key_unique",
            "unique(backend_id, remote_object, direction, key)",
            "A value is mapped once per object and direction.",
        ),
    ]

    @api.constrains("remote_object", "direction", "key", "remote_field")
    def _check_key(self):
        for row in self:
            allowed = (
                row.backend_id._connector()
                ._mapping_keys()
                .get((row.remote_object, row.direction), ())
            )
            if row.key not in allowed:
                raise ValidationError(
                    _(
                        "%(key)s cannot be mapped %(dir)s for %(obj)s; allowed: %(allowed)s",
                        key=row.key,
                        dir=row.direction,
                        obj=row.remote_object,
                        allowed=", ".join(allowed) or _("none"),
                    )
                )
            if not FIELD_RE.match(row.remote_field or ""):
                raise ValidationError(_("%r is not a field API name.", row.remote_field))
