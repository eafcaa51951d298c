# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..pure import mapping as pure_mapping

FIELD_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$")
KEY_LABELS = {
    "name": "Name",
    "phone": "Phone",
    "email": "E-mail",
    "vat": "Tax ID",
    "street": "Street",
    "city": "City",
    "zip": "ZIP",
    "country_code": "Country",
    "stage": "Stage",
    "close_date": "Close date",
    "amount": "Amount",
    "currency": "Currency",
    "billing_model": "Billing model",
    "cap_amount": "Not-to-exceed amount",
    "client_order_ref": "Customer reference",
    "order_ref": "Odoo order reference",
    "project_ref": "Odoo project",
    "project_status": "Odoo project status",
    "invoiced_amount": "Invoiced amount",
    "paid_amount": "Paid amount",
    "partner_ref": "Odoo customer reference",
}


class PsSfFieldMap(models.Model):
    """Which Salesforce field fills (or receives) which value, per backend.

    Inbound rows name the Salesforce field a payload key is read from;
    outbound rows name the field Odoo's status is written to. A backend
    without rows for an object uses the defaults (``pure/mapping.py``);
    *Reset mappings* on the backend writes them here to edit.
    """

    _name = "ps.sf.field.map"
    _description = "Salesforce Field Mapping"
    _order = "backend_id, direction, sobject, key"

    backend_id = fields.Many2one(
        "ps.sync.backend",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("kind", "=", "salesforce")],
    )
    company_id = fields.Many2one(related="backend_id.company_id", store=True)
    sobject = fields.Selection(
        [(o, o) for o in pure_mapping.OBJECTS], string="Salesforce Object", required=True
    )
    direction = fields.Selection(
        [("in", "Salesforce to Odoo"), ("out", "Odoo to Salesforce")], required=True, default="in"
    )
    key = fields.Selection(
        sorted(KEY_LABELS.items(), key=lambda kv: kv[1]), string="Value", required=True
    )
    sf_field = fields.Char(
        string="Salesforce Field",
        required=True,
        help="API name, e.g. BillingCity or Billing_Model__c.",
    )

    _sql_constraints = [
        (
            "key_unique",
            "unique(backend_id, sobject, direction, key)",
            "A value is mapped once per object and direction.",
        ),
    ]

    @api.constrains("sobject", "direction", "key", "sf_field")
    def _check_key(self):
        for row in self:
            allowed = (
                pure_mapping.IN_KEYS if row.direction == "in" else pure_mapping.OUT_KEYS
            ).get(row.sobject, ())
            if row.key not in allowed:
                raise ValidationError(
                    _(
                        "%(key)s cannot be mapped %(dir)s for %(obj)s; allowed: %(allowed)s",
                        key=row.key,
                        dir=row.direction,
                        obj=row.sobject,
                        allowed=", ".join(allowed) or "none",
                    )
                )
            if not FIELD_RE.match(row.sf_field or ""):
                raise ValidationError(_("%r is not a Salesforce field API name.", row.sf_field))
