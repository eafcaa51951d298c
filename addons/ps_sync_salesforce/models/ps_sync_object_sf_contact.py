# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..pure import mapping as pure_mapping


class PsSyncObjectSfContact(models.AbstractModel):
    """Salesforce Contacts as contacts of their Account's company (one not
    bound yet is waited for: ``ps.sync.object.partner._parent_object_name``)."""

    _name = "ps.sync.object.sf_contact"
    _inherit = "ps.sync.object.sf_account"
    _description = "Salesforce Contact"

    _object_name = "sf_contact"
    _remote_object = "Contact"
    _parent_object_name = "sf_account"
    _reference_key = None  # their companies are another object: no order within a batch

    def _waiting_for(self, backend, raw):
        account = raw.get("AccountId") if isinstance(raw, dict) else None
        return ("sf_account", account) if pure_mapping.is_sf_id(account) else None

    def _export_values(self, backend, record, external_id):
        raise NotImplementedError("Salesforce contacts are not written back")
