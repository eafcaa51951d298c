# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..pure import mapping as pure_mapping


class PsSfObjectMixin(models.AbstractModel):
    """How every Salesforce object handler reads records, on top of the
    core's connector handler (``ps.sync.remote.object.mixin``: logged as
    Salesforce sent them, mapped at validation, echoes of Odoo's own pushes
    dropped)."""

    _name = "ps.sf.object.mixin"
    _inherit = "ps.sync.remote.object.mixin"
    _description = "Salesforce Object Handler"

    #: Salesforce objects come through Salesforce backends only
    _connector_kinds = ("salesforce",)
    _mapping_error = pure_mapping.MappingError

    def _clean_record(self, raw):
        return pure_mapping.clean_record(raw)

    def _remote_id(self, raw):
        return raw.get("Id") if isinstance(raw, dict) else None
