# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models, tools

from ..pure import latency as pure_latency


class PsOpsSyncSla(models.Model):
    """Service levels of the integration, per backend and object (a SQL
    view read live): freshness, volumes and success rates over 24 hours and
    7 days, retries, and the messages waiting or failed now (it reads the
    last 7 days of the sync log and the partial index of the messages to act
    on); end-to-end latency percentiles (source modification to applied in
    Odoo) from the latency histograms (``ps.ops.sync.latency``)."""

    _name = "ps.ops.sync.sla"
    _description = "Integration Service Levels"
    _auto = False
    _order = "backend_id, object_name"

    backend_id = fields.Many2one("ps.sync.backend", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    object_name = fields.Char(string="Object", readonly=True)
    watermark = fields.Datetime(
        string="Source Applied Up To",
        readonly=True,
        help="Latest source modification applied (the pull watermark), when the object has one.",
    )
    last_success = fields.Datetime(
        readonly=True, help="Last message done or unchanged in the last 7 days."
    )
    freshness_minutes = fields.Float(
        string="Freshness (min)",
        readonly=True,
        aggregator="max",
        help="Now minus the watermark, or minus the last success when there is none.",
    )
    messages_24h = fields.Integer(string="Messages (24 h)", readonly=True)
    messages_7d = fields.Integer(string="Messages (7 d)", readonly=True)
    success_rate_24h = fields.Float(string="Success % (24 h)", readonly=True, aggregator="avg")
    success_rate_7d = fields.Float(string="Success % (7 d)", readonly=True, aggregator="avg")
    latency_p50_24h = fields.Float(
        string="Latency p50 (24 h, s)",
        compute="_compute_latency",
        help="Seconds from the change in the source system to its being applied in Odoo: "
        "half the changes of the last 24 hours took less.",
    )
    latency_p95_24h = fields.Float(
        string="Latency p95 (24 h, s)",
        compute="_compute_latency",
        help="95 % of the changes of the last 24 hours were applied within this many seconds.",
    )
    latency_p50_7d = fields.Float(string="Latency p50 (7 d, s)", compute="_compute_latency")
    latency_p95_7d = fields.Float(string="Latency p95 (7 d, s)", compute="_compute_latency")
    api_calls_used = fields.Integer(
        string="API Calls Today",
        readonly=True,
        aggregator="max",
        help="The backend's API calls used today, as the remote system last said.",
    )
    api_calls_limit = fields.Integer(string="Daily API Allowance", readonly=True, aggregator="max")
    retries_7d = fields.Integer(string="Retries (7 d)", readonly=True)
    queued = fields.Integer(string="Queued Now", readonly=True)
    failed = fields.Integer(string="Failed Now", readonly=True)
    dead = fields.Integer(string="Dead Letters", readonly=True)

    def _compute_latency(self):
        now = fields.Datetime.now()
        keys = {(row.backend_id.id, row.object_name) for row in self}
        Latency = self.env["ps.ops.sync.latency"].sudo()
        windows = {
            "24h": Latency._ps_histograms(now - timedelta(days=1), keys),
            "7d": Latency._ps_histograms(now - timedelta(days=7), keys),
        }
        for row in self:
            for window, histograms in windows.items():
                counts = {
                    bucket: count
                    for bucket, (count, __) in histograms.get(
                        (row.backend_id.id, row.object_name), {}
                    ).items()
                }
                for q, name in ((0.5, "p50"), (0.95, "p95")):
                    row[f"latency_{name}_{window}"] = pure_latency.quantile(counts, q) or 0.0

    @api.private
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            """
            CREATE VIEW ps_ops_sync_sla AS
            WITH clock AS (
                SELECT (now() AT TIME ZONE 'UTC') AS now
            ), recent AS (
                SELECT l.backend_id, l.object_name, l.state, l.attempts, l.create_date,
                       l.create_date >= clock.now - interval '1 day' AS today,
                       l.state IN ('done', 'skipped') AS ok
                  FROM ps_sync_log l, clock
                 WHERE l.create_date >= clock.now - interval '7 days'
                   AND l.backend_id IS NOT NULL
            ), agg AS (
                SELECT backend_id, object_name,
                       count(*) FILTER (WHERE today) AS messages_24h,
                       count(*) AS messages_7d,
                       count(*) FILTER (WHERE today AND ok) AS ok_24h,
                       count(*) FILTER (WHERE ok) AS ok_7d,
                       max(create_date) FILTER (WHERE ok) AS last_success,
                       sum(GREATEST(attempts - 1, 0)) AS retries_7d
                  FROM recent
              GROUP BY backend_id, object_name
            ), waiting AS (
                SELECT backend_id, object_name,
                       count(*) FILTER (WHERE state = 'queued') AS queued,
                       count(*) FILTER (WHERE state = 'failed') AS failed,
                       count(*) FILTER (WHERE state = 'dead') AS dead
                  FROM ps_sync_log
                 WHERE state IN ('queued', 'failed', 'dead') AND backend_id IS NOT NULL
              GROUP BY backend_id, object_name
            ), keys AS (
                SELECT backend_id, object_name FROM agg
                 UNION
                SELECT backend_id, object_name FROM waiting
                 UNION
                SELECT backend_id, object_name FROM ps_sync_watermark
                 UNION
                SELECT DISTINCT backend_id, object_name FROM ps_ops_sync_latency, clock
                 WHERE hour >= clock.now - interval '7 days'
            )
            SELECT row_number() OVER (ORDER BY k.backend_id, k.object_name) AS id,
                   k.backend_id, b.company_id, k.object_name,
                   w.value AS watermark,
                   a.last_success,
                   EXTRACT(EPOCH FROM clock.now - COALESCE(w.value, a.last_success)) / 60
                       AS freshness_minutes,
                   COALESCE(a.messages_24h, 0) AS messages_24h,
                   COALESCE(a.messages_7d, 0) AS messages_7d,
                   CASE WHEN a.messages_24h > 0
                        THEN 100.0 * a.ok_24h / a.messages_24h END AS success_rate_24h,
                   CASE WHEN a.messages_7d > 0
                        THEN 100.0 * a.ok_7d / a.messages_7d END AS success_rate_7d,
                   COALESCE(a.retries_7d, 0) AS retries_7d,
                   b.api_daily_used AS api_calls_used, b.api_daily_limit AS api_calls_limit,
                   COALESCE(q.queued, 0) AS queued,
                   COALESCE(q.failed, 0) AS failed,
                   COALESCE(q.dead, 0) AS dead
              FROM keys k
              JOIN ps_sync_backend b ON b.id = k.backend_id
              CROSS JOIN clock
         LEFT JOIN agg a ON a.backend_id = k.backend_id
                        AND a.object_name IS NOT DISTINCT FROM k.object_name
         LEFT JOIN waiting q ON q.backend_id = k.backend_id
                            AND q.object_name IS NOT DISTINCT FROM k.object_name
         LEFT JOIN ps_sync_watermark w ON w.backend_id = k.backend_id
                                      AND w.object_name = k.object_name
            """
        )
