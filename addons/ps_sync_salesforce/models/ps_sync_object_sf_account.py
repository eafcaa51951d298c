# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models

from odoo.addons.ps_sync_core.pure import schema as pure_schema
from odoo.addons.ps_sync_core.pure.errors import RecordRejected

from ..pure import mapping as pure_mapping


class PsSyncObjectSfAccount(models.AbstractModel):
    """Salesforce Accounts as companies (``res.partner``), through the core
    partner pipeline: same validation, bindings, ownership and log."""

    _name = "ps.sync.object.sf_account"
    _inherit = ["ps.sf.object.mixin", "ps.sync.object.partner"]
    _description = "Salesforce Account"

    _object_name = "sf_account"
    _sf_object = "Account"
    _export_batch_size = 200  # one sObject Collections call per job

    def _sf_normalize(self, backend, raw):
        payload = pure_mapping.partner_payload(
            raw, backend._connector()._mapping(backend, self._sf_object), self._sf_object
        )
        country = payload.pop("country_name")
        if country:
            found = self.env["res.country"].search([("name", "=ilike", country)], limit=1)
            if not found:
                raise RecordRejected(
                    _(
                        "Salesforce %(obj)s %(id)s: unknown country %(country)r",
                        obj=self._sf_object,
                        id=raw.get("Id"),
                        country=country,
                    )
                )
            payload["country_code"] = found.code
        data, __ = pure_schema.normalize(payload, self._keys)
        return data, []

    # ------------------------------------------------------------------
    # status out
    # ------------------------------------------------------------------
    def _sf_invoice_figures(self, moves):
        """(invoiced, paid) of posted customer invoices and credit notes."""
        moves = moves.filtered(
            lambda m: m.state == "posted" and m.move_type in ("out_invoice", "out_refund")
        )
        invoiced = sum(moves.mapped("amount_total_signed"))
        residual = sum(moves.mapped("amount_residual_signed"))
        return round(invoiced, 2), round(invoiced - residual, 2)

    def _export_values(self, backend, record, external_id):
        commercial = record.commercial_partner_id
        moves = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "=", commercial.id),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("company_id", "=", backend.company_id.id),
                ]
            )
        )
        invoiced, paid = self._sf_invoice_figures(moves)
        status = {
            "partner_ref": record.ref or f"ODOO-{record.id}",
            "invoiced_amount": invoiced,
            "paid_amount": paid,
        }
        return {
            "external_id": external_id,
            "record": pure_mapping.status_record(
                self._sf_object,
                external_id,
                status,
                backend._connector()._mapping(backend, self._sf_object, "out"),
            ),
        }
