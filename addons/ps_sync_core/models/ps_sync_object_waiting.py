# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PsSyncObject(models.AbstractModel):
    """Messages that wait for another record (a CRM contact or deal for its account).

    A handler names the record a raw message needs first (``_waiting_for``:
    a contact's or an opportunity's account). A message rejected transiently
    while that record is not bound is parked (``ps.sync.log`` state
    *waiting*) instead of being retried until it dies; creating the binding
    it waits for queues it again at once.
    """

    _inherit = "ps.sync.object"

    def _waiting_for(self, backend, raw):
        """``(object name, external id)`` this raw record needs first, or None."""
        return None

    def _bind_created(self, backend, items, records, bindings):
        res = super()._bind_created(backend, items, records, bindings)
        self.env["ps.sync.log"].sudo()._release_waiting(
            backend, self._object_name, [item.external_id for item in items]
        )
        return res
