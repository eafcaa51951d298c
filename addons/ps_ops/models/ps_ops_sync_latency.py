# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.ps_sync_core.models.ps_sync_object import CREATED, UPDATED

from ..pure import latency as pure_latency

#: hourly rows kept this long (the SLA's 7 days, and a margin); older hours
#: are folded into one row per backend, object and bucket dated EPOCH, so the
#: Prometheus histogram counts only ever grow
KEEP_HOURS = timedelta(days=8)
EPOCH = fields.Datetime.to_datetime("1970-01-01 00:00:00")


class PsOpsSyncLatency(models.Model):
    """End-to-end latency of applied messages (source modification to
    applied in Odoo), as histogram counts per backend, object, hour and
    bucket (``pure/latency.py``). Written when a message is applied, one
    row per batch and bucket (never updated in place, so parallel jobs do
    not wait for each other); the hourly cron folds them. The SLA dashboard
    and the metrics endpoint read this, never the sync log."""

    _name = "ps.ops.sync.latency"
    _description = "Integration Latency (histogram)"
    _order = "hour desc, backend_id, object_name, bucket"
    _log_access = False

    backend_id = fields.Many2one("ps.sync.backend", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="backend_id.company_id", store=True)
    object_name = fields.Char(string="Object", required=True)
    hour = fields.Datetime(required=True, help="The hour the messages were applied in.")
    bucket = fields.Integer(required=True, help="Index of the latency bucket (pure/latency.py).")
    count = fields.Integer(required=True)
    sum_seconds = fields.Float(required=True)

    @api.private
    def init(self):
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS ps_ops_sync_latency_key_idx ON ps_ops_sync_latency "
            "(backend_id, object_name, hour, bucket)"
        )

    @api.model
    def _ps_record(self, backend, object_name, seconds_list, applied):
        """Count these latencies (seconds) of messages applied at ``applied``."""
        if not seconds_list:
            return
        hour = applied.replace(minute=0, second=0, microsecond=0)
        buckets = {}
        for seconds in seconds_list:
            index = pure_latency.bucket_of(seconds)
            count, total = buckets.get(index, (0, 0.0))
            buckets[index] = (count + 1, total + max(seconds, 0.0))
        company = backend.company_id.id or None
        values = [
            (backend.id, company, object_name, hour, index, count, total)
            for index, (count, total) in sorted(buckets.items())
        ]
        placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(values))
        self.env.cr.execute(
            "INSERT INTO ps_ops_sync_latency "  # noqa: S608 - placeholders only
            "(backend_id, company_id, object_name, hour, bucket, count, sum_seconds) "
            f"VALUES {placeholders}",
            [v for row in values for v in row],
        )

    @api.model
    def _ps_histograms(self, since=None, keys=None):
        """{(backend id, object): {bucket: (count, sum seconds)}} of the hours
        from ``since`` (all kept when None), for ``keys`` (all when None)."""
        where, params = ["TRUE"], []
        if since is not None:
            where.append("hour >= %s")
            params.append(since)
        if keys is not None:
            if not keys:
                return {}
            where.append("backend_id IN %s")
            params.append(tuple({backend_id for backend_id, __ in keys}))
        self.env.cr.execute(
            f"""
            SELECT backend_id, object_name, bucket, sum(count), sum(sum_seconds)
              FROM ps_ops_sync_latency
             WHERE {" AND ".join(where)}
          GROUP BY backend_id, object_name, bucket
            """,  # noqa: S608 - fixed fragments, values as parameters
            params,
        )
        result = {}
        for backend_id, object_name, bucket, count, total in self.env.cr.fetchall():
            result.setdefault((backend_id, object_name), {})[bucket] = (count, total)
        return result

    @api.model
    def _cron_compact(self):
        """Fold each past hour's batch rows into one row per bucket, and
        hours older than the kept window into the EPOCH row (counts kept)."""
        now = fields.Datetime.now()
        current = now.replace(minute=0, second=0, microsecond=0)
        old = current - KEEP_HOURS
        self.env.cr.execute(
            """
            WITH gone AS (
                DELETE FROM ps_ops_sync_latency
                 WHERE hour < %(current)s
             RETURNING backend_id, company_id, object_name,
                       CASE WHEN hour < %(old)s THEN %(epoch)s ELSE hour END AS hour,
                       bucket, count, sum_seconds
            )
            INSERT INTO ps_ops_sync_latency
                   (backend_id, company_id, object_name, hour, bucket, count, sum_seconds)
            SELECT backend_id, company_id, object_name, hour, bucket,
                   sum(count), sum(sum_seconds)
              FROM gone
          GROUP BY backend_id, company_id, object_name, hour, bucket
            """,
            {"current": current, "old": old, "epoch": EPOCH},
        )
        return True


class PsSyncObject(models.AbstractModel):
    _inherit = "ps.sync.object"

    def _advance_watermark(self, backend, items):
        res = super()._advance_watermark(backend, items)
        key = self._updated_at_key
        if not key:
            return res
        now = fields.Datetime.now()
        seconds = []
        for item in items:
            if item.status not in (CREATED, UPDATED) or not item.data:
                continue
            modified = item.data.get(key)
            if modified:
                seconds.append((now - fields.Datetime.to_datetime(modified)).total_seconds())
        self.env["ps.ops.sync.latency"]._ps_record(backend, self._object_name, seconds, now)
        return res
