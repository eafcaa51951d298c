# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import _, fields, models


class PsSyncLog(models.Model):
    """Inbound messages parked until the record they need is bound.

    See ``ps.sync.object._waiting_for``: instead of being retried with the
    backoff and dying after the backend's attempts, a message whose parent
    record has not arrived waits (state *waiting*, naming what for) and is
    queued again as soon as a binding for that record is created (or by the
    next pull, ``_release_waiting`` with no ids).
    """

    _inherit = "ps.sync.log"

    state = fields.Selection(
        selection_add=[("waiting", "Waiting for a record")],
        ondelete={"waiting": lambda logs: logs.write({"state": "failed"})},
    )
    waiting_object = fields.Char(string="Waiting for Object", readonly=True)
    waiting_external_id = fields.Char(
        string="Waiting for External ID", readonly=True, index="btree_not_null"
    )

    def _check_actionable(self, states):
        # a waiting message can be replayed or resolved like a failed one
        # (its record will never come, say), never left without a way out
        if "failed" in states:
            states = (*states, "waiting")
        return super()._check_actionable(states)

    def _requeue_transient(self):
        waiting = self.browse()
        for log in self.filtered(lambda log: log.direction == "in" and log.backend_id):
            dependency = log._missing_dependency()
            if dependency:
                log.write(
                    {
                        "state": "waiting",
                        "waiting_object": dependency[0],
                        "waiting_external_id": dependency[1],
                        "message": _(
                            "Waiting for %(obj)s %(ext)s: applied as soon as it is "
                            "synchronised. %(msg)s",
                            obj=dependency[0],
                            ext=dependency[1],
                            msg=log.message or "",
                        ),
                    }
                )
                waiting |= log
        return super(PsSyncLog, self - waiting)._requeue_transient()

    def _missing_dependency(self):
        """``(object, external id)`` this message waits for and is not bound yet."""
        self.ensure_one()
        try:
            raw = json.loads(self.payload or "null")
        except ValueError:
            return None
        backend = self.backend_id.sudo()
        handler = backend._get_handler(self.object_name)
        dependency = handler._waiting_for(backend, raw)
        if not dependency:
            return None
        binding = (
            self.env["ps.sync.binding"]
            .sudo()
            .search(
                [
                    ("backend_id", "=", backend.id),
                    ("object_name", "=", dependency[0]),
                    ("external_id", "=", dependency[1]),
                ],
                limit=1,
            )
        )
        if binding and self.env[binding.res_model].browse(binding.res_id).exists():
            return None
        return dependency

    def _release_waiting(self, backend, object_name=None, external_ids=None):
        """Queue again the messages waiting for these records (all bound
        ones of the backend when no object is given)."""
        domain = [("backend_id", "=", backend.id), ("state", "=", "waiting")]
        if object_name:
            if not external_ids:
                return self.browse()
            domain += [
                ("waiting_object", "=", object_name),
                ("waiting_external_id", "in", list(external_ids)),
            ]
        logs = self.sudo().search(domain)
        if not object_name:
            logs = logs.filtered(lambda log: not log._missing_dependency())
        if logs:
            logs.write({"state": "queued"})
            logs._enqueue_processing()
        return logs
