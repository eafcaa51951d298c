# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Prometheus metrics of ``/ps_ops/metrics``.

A fresh ``CollectorRegistry`` per scrape, filled from aggregate queries that
each read an index or a small table, never the whole sync log: messages to
act on (queued, failed, dead) by backend, object and state through a partial
index; each backend's last success through a second one; the job queue by
channel and state (``queue_job.state`` is indexed, done jobs are not
counted); live alerts, which are few; the latency histograms from their
small aggregate table (``ps.ops.sync.latency``, a row per backend, object,
hour and bucket). Totals of the log come from
PostgreSQL's row estimate.
"""

import time

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily

from .pure import latency as pure_latency

LIVE_JOB_STATES = ("wait_dependencies", "pending", "enqueued", "started", "failed")


def _age(now, then):
    return max((now - then).total_seconds(), 0.0) if then else 0.0


class OpsCollector:
    def __init__(self, env):
        self.env = env

    def collect(self):
        started = time.monotonic()
        cr = self.env.cr
        cr.execute("SELECT (now() AT TIME ZONE 'UTC')")
        now = cr.fetchone()[0]
        backends = {
            backend.id: backend
            for backend in self.env["ps.sync.backend"].with_context(active_test=False).search([])
        }

        messages = GaugeMetricFamily(
            "ps_sync_messages",
            "Sync messages to act on (queued, failed, dead) by backend, object and state.",
            labels=["backend", "company", "object", "state"],
        )
        oldest = GaugeMetricFamily(
            "ps_sync_messages_oldest_age_seconds",
            "Age of the oldest queued, failed or dead message by backend, object and state.",
            labels=["backend", "company", "object", "state"],
        )
        cr.execute(
            """
            SELECT backend_id, object_name, state, count(*), min(create_date)
              FROM ps_sync_log
             WHERE state IN ('queued', 'failed', 'dead')
          GROUP BY backend_id, object_name, state
            """
        )
        for backend_id, object_name, state, count, first in cr.fetchall():
            backend = backends.get(backend_id)
            labels = [
                backend.code if backend else "",
                backend.company_id.name if backend else "",
                object_name or "",
                state,
            ]
            messages.add_metric(labels, count)
            oldest.add_metric(labels, _age(now, first))
        yield messages
        yield oldest

        last = GaugeMetricFamily(
            "ps_sync_backend_last_success_age_seconds",
            "Seconds since the backend last exchanged a message successfully.",
            labels=["backend", "company"],
        )
        up = GaugeMetricFamily(
            "ps_sync_backend_active", "1 for an active backend.", labels=["backend", "company"]
        )
        api_used = GaugeMetricFamily(
            "ps_sync_backend_api_calls_used",
            "API calls used today, as the remote system last said.",
            labels=["backend", "company"],
        )
        api_limit = GaugeMetricFamily(
            "ps_sync_backend_api_calls_limit",
            "Daily API calls the remote system allows, as it last said.",
            labels=["backend", "company"],
        )
        backend_records = self.env["ps.sync.backend"].browse(list(backends))
        for backend, when in backend_records._ps_last_success().items():
            labels = [backend.code, backend.company_id.name]
            last.add_metric(labels, _age(now, when or backend.create_date))
            up.add_metric(labels, 1 if backend.active else 0)
            if backend.api_daily_limit:
                api_used.add_metric(labels, backend.api_daily_used)
                api_limit.add_metric(labels, backend.api_daily_limit)
        yield last
        yield up
        yield api_used
        yield api_limit

        histogram = HistogramMetricFamily(
            "ps_sync_latency_seconds",
            "End-to-end latency of applied changes: source modification to applied in Odoo.",
            labels=["backend", "company", "object"],
        )
        histograms = self.env["ps.ops.sync.latency"]._ps_histograms()
        for (backend_id, object_name), counts in sorted(
            histograms.items(), key=lambda item: (item[0][0], item[0][1] or "")
        ):
            backend = backends.get(backend_id)
            if backend is None:
                continue
            cumulative = pure_latency.cumulative(
                {bucket: count for bucket, (count, __) in counts.items()}
            )
            histogram.add_metric(
                [backend.code, backend.company_id.name, object_name or ""],
                [(str(bound) if bound != float("inf") else "+Inf", n) for bound, n in cumulative],
                sum(total for __, total in counts.values()),
            )
        yield histogram

        rows = GaugeMetricFamily(
            "ps_sync_log_rows_estimate", "Sync log rows (PostgreSQL's estimate)."
        )
        cr.execute("SELECT reltuples FROM pg_class WHERE relname = 'ps_sync_log'")
        row = cr.fetchone()
        rows.add_metric([], max(row[0], 0) if row else 0)
        yield rows

        depth = GaugeMetricFamily(
            "ps_queue_jobs",
            "Queue jobs not done, by channel and state.",
            labels=["channel", "state"],
        )
        job_age = GaugeMetricFamily(
            "ps_queue_oldest_job_age_seconds",
            "Age of the oldest job waiting to run (pending or enqueued) per channel.",
            labels=["channel"],
        )
        cr.execute(
            """
            SELECT channel, state, count(*), min(date_created)
              FROM queue_job
             WHERE state IN %s
          GROUP BY channel, state
            """,
            [LIVE_JOB_STATES],
        )
        waiting = {}
        for channel, state, count, first in cr.fetchall():
            depth.add_metric([channel or "", state], count)
            if state in ("pending", "enqueued") and first:
                waiting[channel] = min(first, waiting.get(channel, first))
        for channel, first in sorted(waiting.items(), key=lambda item: item[0] or ""):
            job_age.add_metric([channel or ""], _age(now, first))
        yield depth
        yield job_age

        alerts = GaugeMetricFamily(
            "ps_alerts", "Live alerts by severity and state.", labels=["severity", "state"]
        )
        stake = GaugeMetricFamily(
            "ps_alert_amount_at_stake",
            "Money at stake in live alerts, by rule and currency.",
            labels=["rule", "currency"],
        )
        cr.execute(
            """
            SELECT a.severity, a.state, count(*)
              FROM ps_alert a
             WHERE a.state != 'closed'
          GROUP BY a.severity, a.state
            """
        )
        for severity, state, count in cr.fetchall():
            alerts.add_metric([severity or "", state], count)
        cr.execute(
            """
            SELECT r.code, c.name, sum(a.amount)
              FROM ps_alert a
              JOIN ps_alert_rule r ON r.id = a.rule_id
         LEFT JOIN res_currency c ON c.id = a.currency_id
             WHERE a.state != 'closed'
          GROUP BY r.code, c.name
            """
        )
        for code, currency, amount in cr.fetchall():
            stake.add_metric([code, currency or ""], float(amount or 0))
        yield alerts
        yield stake

        duration = GaugeMetricFamily(
            "ps_ops_scrape_duration_seconds", "Time this scrape took to collect."
        )
        duration.add_metric([], time.monotonic() - started)
        yield duration


def render(env):
    """The metrics text (bytes) of the database behind ``env`` (superuser)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(OpsCollector(env))
    return generate_latest(registry)
