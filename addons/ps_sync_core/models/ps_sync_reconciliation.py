# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from ..pure.errors import DRIFT


class PsSyncReconciliation(models.Model):
    """One comparison of a source's records with Odoo's, per backend and object.

    Counts what each side has and records the drift: source records Odoo never
    bound, bindings the source no longer lists, and bindings whose Odoo record
    was deleted. Drift opens an exception on the workbench.
    """

    _name = "ps.sync.reconciliation"
    _description = "Synchronisation Reconciliation"
    _order = "date desc, id desc"

    backend_id = fields.Many2one("ps.sync.backend", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="backend_id.company_id", store=True)
    object_name = fields.Char(string="Object", required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    source_count = fields.Integer(
        help="Records the source says it has; -1 when the source was not asked."
    )
    binding_count = fields.Integer(string="Bound in Odoo")
    missing_in_odoo = fields.Integer(help="Source records Odoo has no binding for.")
    missing_in_source = fields.Integer(help="Bindings the source no longer lists.")
    dangling_count = fields.Integer(
        string="Dangling Bindings", help="Bindings whose Odoo record was deleted."
    )
    state = fields.Selection([("ok", "In step"), ("drift", "Drift")], required=True)
    details = fields.Text()
    log_id = fields.Many2one("ps.sync.log", string="Exception", ondelete="set null")

    @api.model
    def _cron_reconcile(self):
        backends = self.env["ps.sync.backend"].search([])
        return self._reconcile_backends(backends)

    @api.model
    def _reconcile_backends(self, backends):
        results = self.browse()
        for backend in backends.sudo():
            objects = set(
                self.env["ps.sync.binding"]
                .sudo()
                .search([("backend_id", "=", backend.id)])
                .mapped("object_name")
            )
            for object_name in sorted(objects):
                source_ids = backend._source_external_ids(object_name)
                results |= self._reconcile(backend, object_name, source_ids)
        return results

    @api.model
    def _reconcile(self, backend, object_name, source_ids=None):
        """Compare and record; ``source_ids`` None means the source was not asked."""
        handler = backend._get_handler(object_name)
        Binding = self.env["ps.sync.binding"].sudo()
        bindings = Binding.search_read(
            [("backend_id", "=", backend.id), ("object_name", "=", object_name)],
            ["external_id", "res_id"],
        )
        bound = {b["external_id"]: b["res_id"] for b in bindings}
        existing = set(
            self.env[handler._odoo_model]
            .sudo()
            .with_context(active_test=False)
            .browse(list(bound.values()))
            .exists()
            .ids
        )
        dangling = sorted(ext for ext, res_id in bound.items() if res_id not in existing)
        lines = []
        missing_odoo = missing_source = []
        if source_ids is not None:
            source = {str(s) for s in source_ids}
            missing_odoo = sorted(source - set(bound))
            missing_source = sorted(set(bound) - source)
        for label, ids in (
            (_("in the source, not bound in Odoo"), missing_odoo),
            (_("bound in Odoo, not in the source"), missing_source),
            (_("bound to a deleted Odoo record"), dangling),
        ):
            if ids:
                sample = ", ".join(ids[:20]) + (" …" if len(ids) > 20 else "")
                lines.append(f"{len(ids)} {label}: {sample}")
        drift = bool(lines)
        rec = self.create(
            {
                "backend_id": backend.id,
                "object_name": object_name,
                "source_count": -1 if source_ids is None else len(set(source_ids)),
                "binding_count": len(bound),
                "missing_in_odoo": len(missing_odoo),
                "missing_in_source": len(missing_source),
                "dangling_count": len(dangling),
                "state": "drift" if drift else "ok",
                "details": "\n".join(lines) or _("Source and Odoo are in step."),
            }
        )
        if drift:
            rec.log_id = (
                self.env["ps.sync.log"]
                .sudo()
                .create(
                    {
                        "name": f"reconcile-{rec.id}",
                        "backend_id": backend.id,
                        "company_id": backend.company_id.id,
                        "direction": "in",
                        "source": "reconcile",
                        "object_name": object_name,
                        "state": "failed",
                        "error_category": DRIFT,
                        "message": _("Reconciliation found drift: %s", "; ".join(lines)),
                    }
                )
            )
        return rec
