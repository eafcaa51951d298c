# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from odoo.addons.ps_billing_rules.pure import deal as pure_deal

from ..pure import mapping as pure_mapping


class PsSyncObjectHsDeal(models.AbstractModel):
    """HubSpot closed-won deals with their line items become delivery,
    through the conversion every CRM connector shares
    (``ps.sync.object.deal``). A deal is won when its stage is the closed-won
    stage of its pipeline, as listed on the backend."""

    _name = "ps.sync.object.hs_deal"
    _inherit = ["ps.hs.object.mixin", "ps.sync.object.deal"]
    _description = "HubSpot Deal (closed-won)"

    _object_name = "hs_deal"
    _remote_object = "deals"
    _account_object_name = "hs_company"
    _export_batch_size = 100  # one batch update per job

    def _won_stages(self, backend):
        return {p.pipeline_id: p.won_stage_id for p in backend.sudo().hs_pipeline_ids if p.active}

    def _remote_normalize(self, backend, raw):
        payload = pure_mapping.deal_payload(
            raw,
            self._hs_mapping(backend),
            self._hs_company_of(raw),
            raw.get("line_items") or [],
            self._won_stages(backend),
        )
        try:
            payload["billing_model"] = pure_deal.billing_model(payload["billing_model"])
        except ValueError as err:
            raise pure_mapping.MappingError(str(err)) from err
        return payload, []

    def _is_won_raw(self, backend, raw):
        props = raw.get("properties") or {} if isinstance(raw, dict) else {}
        mapping = self._hs_mapping(backend)
        pipeline = props.get(mapping.get("pipeline") or "pipeline")
        stage = props.get(mapping.get("stage") or "dealstage")
        return bool(stage) and self._won_stages(backend).get(pipeline) == stage

    def _remote_account_id(self, raw):
        return self._hs_company_of(raw)

    def _status_payload(self, backend, external_id, status):
        inputs = pure_mapping.status_inputs(
            [(external_id, status)], self._hs_mapping(backend, "out")
        )
        return {"external_id": external_id, "input": inputs[0] if inputs else None}
