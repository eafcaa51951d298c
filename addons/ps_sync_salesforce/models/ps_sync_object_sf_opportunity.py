# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..pure import mapping as pure_mapping


class PsSyncObjectSfOpportunity(models.AbstractModel):
    """Closed-won Opportunities become delivery through the conversion every
    CRM connector shares (``ps.sync.object.deal``): a confirmed sale order of
    service products, an engagement with its billing models, and a project
    from the backend's template, in one savepoint per opportunity; a later
    change held on the exception workbench naming the order.

    What is Salesforce's here: how an Opportunity reads (``IsWon``, its
    ``AccountId``, Product2 ids compared on 15 characters) and how its
    status is written (an sObject Collections record).
    """

    _name = "ps.sync.object.sf_opportunity"
    _inherit = ["ps.sf.object.mixin", "ps.sync.object.deal"]
    _description = "Salesforce Opportunity (closed-won)"

    _object_name = "sf_opportunity"
    _remote_object = "Opportunity"
    _account_object_name = "sf_account"
    _deal_id_key = "opportunity_id"
    _export_batch_size = 200  # one sObject Collections call per job

    def _remote_normalize(self, backend, raw):
        return pure_mapping.opportunity_payload(
            raw, backend._connector()._mapping(backend, self._remote_object)
        ), []

    def _is_won_raw(self, backend, raw):
        try:
            return pure_mapping.boolean(raw.get("IsWon"), "IsWon")
        except pure_mapping.MappingError:
            return True  # let the pipeline reject it with its reason

    def _remote_account_id(self, raw):
        account = raw.get("AccountId")
        return account if pure_mapping.is_sf_id(account) else None

    def _product_map_key(self, remote_product_id):
        return (remote_product_id or "")[:15]

    def _status_payload(self, backend, external_id, status):
        return {
            "external_id": external_id,
            "record": pure_mapping.status_record(
                self._remote_object,
                external_id,
                status,
                backend._connector()._mapping(backend, self._remote_object, "out"),
            ),
        }
