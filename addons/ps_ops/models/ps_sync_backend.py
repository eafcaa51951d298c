# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class PsSyncBackend(models.Model):
    _inherit = "ps.sync.backend"

    def _ps_last_success(self):
        """{backend: when it last exchanged a message successfully (or None)}:
        the newest done or unchanged message, in or out, one index probe per
        backend. Connectors that poll may extend it with their last pull."""
        result = {}
        self.env["ps.sync.log"].flush_model(["backend_id", "state"])
        for backend in self:
            self.env.cr.execute(
                """
                SELECT create_date FROM ps_sync_log
                 WHERE backend_id = %s AND state IN ('done', 'skipped')
              ORDER BY create_date DESC LIMIT 1
                """,
                [backend.id],
            )
            row = self.env.cr.fetchone()
            result[backend] = row[0] if row else None
        return result


class PsSyncLog(models.Model):
    _inherit = "ps.sync.log"

    @api.private
    def init(self):
        res = super().init()
        # what the alert rules and the metrics ask, without scanning the log:
        # messages to act on by backend, object and state; the last success
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS ps_ops_sync_log_open_idx ON ps_sync_log "
            "(backend_id, object_name, state, create_date) "
            "WHERE state IN ('queued', 'failed', 'dead')"
        )
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS ps_ops_sync_log_success_idx ON ps_sync_log "
            "(backend_id, create_date) WHERE state IN ('done', 'skipped')"
        )
        return res
