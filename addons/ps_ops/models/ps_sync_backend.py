# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PsSyncBackend(models.Model):
    _inherit = "ps.sync.backend"

    api_daily_limit = fields.Integer(
        string="Daily API Allowance",
        readonly=True,
        help="API calls the remote system allows per day, as it last said (0: unknown).",
    )
    api_daily_used = fields.Integer(
        string="API Calls Used Today", readonly=True, help="As the remote system last said."
    )
    api_usage_date = fields.Datetime(
        string="API Usage Read At", readonly=True, help="When the API usage was last read."
    )

    def _ps_record_api_usage(self, used, limit, when=None):
        """Keep what the remote system says of its daily API allowance:
        connectors call this with what a response tells (Salesforce's
        ``Sforce-Limit-Info: api-usage=used/limit`` header, its
        ``/limits`` DailyApiRequests, a HubSpot rate-limit header)."""
        self.ensure_one()
        self.sudo().write(
            {
                "api_daily_used": max(int(used or 0), 0),
                "api_daily_limit": max(int(limit or 0), 0),
                "api_usage_date": when or fields.Datetime.now(),
            }
        )

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
