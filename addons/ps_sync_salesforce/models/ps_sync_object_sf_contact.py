# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models

from odoo.addons.ps_sync_core.pure.errors import TRANSIENT, RecordRejected

from ..pure import mapping as pure_mapping


class PsSyncObjectSfContact(models.AbstractModel):
    """Salesforce Contacts as contacts of their Account's company."""

    _name = "ps.sync.object.sf_contact"
    _inherit = "ps.sync.object.sf_account"
    _description = "Salesforce Contact"

    _object_name = "sf_contact"
    _sf_object = "Contact"

    def _prepare_batch(self, backend, items, ctx):
        super()._prepare_batch(backend, items, ctx)
        accounts = {
            item.data["parent_external_id"] for item in items if item.data.get("parent_external_id")
        }
        found = (
            self.env["ps.sync.binding"]
            .sudo()
            .search(
                [
                    ("backend_id", "=", backend.id),
                    ("object_name", "=", "sf_account"),
                    ("external_id", "in", list(accounts)),
                ]
            )
            if accounts
            else []
        )
        alive = set(self.env["res.partner"].browse([b.res_id for b in found]).exists().ids)
        ctx.caches["sf_accounts"] = {b.external_id: b.res_id for b in found if b.res_id in alive}

    def _resolve_parent(self, backend, parent_ext, ctx):
        partner_id = ctx.caches["sf_accounts"].get(parent_ext)
        if not partner_id:
            raise RecordRejected(
                _(
                    "Salesforce Contact: its Account %(acc)s is not synchronised on backend "
                    "%(code)s (yet); it waits for it",
                    acc=parent_ext,
                    code=backend.code,
                ),
                TRANSIENT,
            )
        return partner_id

    def _waiting_for(self, backend, raw):
        account = raw.get("AccountId") if isinstance(raw, dict) else None
        return ("sf_account", account) if pure_mapping.is_sf_id(account) else None

    def _export_values(self, backend, record, external_id):
        raise NotImplementedError("Salesforce contacts are not written back")
