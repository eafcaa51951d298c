# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Alert conditions on integrations (ps_sync_core): stuck messages, stale
backends, API allowances."""

from datetime import timedelta
from decimal import Decimal

from odoo import _, models

from ..conditions import alert_condition
from ..pure.alerts import Subject


class PsAlertConditionSync(models.AbstractModel):
    _name = "ps.alert.condition.sync"
    _description = "Alert Conditions: Integrations"

    @alert_condition(
        "sync_failed",
        "Integrations: failed or dead messages older than N hours, per backend and object",
        threshold="hours",
    )
    def _ps_alert_sync_failed(self, rule, now):
        """Per backend and object: the messages held, and the money they hold
        back where the object has some (a deal's amount, a time entry's
        value at the billing rates; ``ps.alert.condition.deal``), in the
        backend's company currency."""
        since = rule._ps_since(now, "hours")
        companies = tuple(rule._ps_companies().ids) or (0,)
        # counted by the partial index ps_ops adds on the messages to act on
        self.env["ps.sync.log"].flush_model()
        self.env.cr.execute(
            """
            SELECT backend_id, object_name, count(*),
                   count(*) FILTER (WHERE state = 'dead'), min(create_date)
              FROM ps_sync_log
             WHERE state IN ('failed', 'dead')
               AND company_id IN %s
               AND create_date <= %s
               AND backend_id IS NOT NULL
          GROUP BY backend_id, object_name
            """,
            [companies, since],
        )
        rows = self.env.cr.fetchall()
        backends = self.env["ps.sync.backend"].with_context(active_test=False)
        Money = self.env["ps.alert.condition.deal"]
        subjects = []
        for backend_id, object_name, count, dead, oldest in rows:
            backend = backends.browse(backend_id)
            hours = (now - oldest).total_seconds() / 3600
            amount, priced = Money._ps_held_money(
                backend, object_name, self._ps_held_logs(backend, object_name, companies, since)
            )
            message = _(
                "%(backend)s / %(object)s: %(count)s message(s) failed or dead "
                "(%(dead)s dead), the oldest %(hours)s h old",
                backend=backend.code,
                object=object_name or "-",
                count=count,
                dead=dead,
                hours=round(hours, 1),
            )
            if priced:
                message += _(
                    "; %(priced)s of them hold back %(amount)s %(currency)s",
                    priced=priced,
                    amount=f"{amount:,.2f}",
                    currency=backend.company_id.currency_id.name,
                )
            subjects.append(
                Subject(
                    f"ps.sync.backend,{backend_id}/{object_name or ''}",
                    message,
                    amount,
                    backend.company_id.currency_id.id if priced else None,
                    company_id=backend.company_id.id,
                    res_model="ps.sync.backend",
                    res_id=backend_id,
                    count=count,
                    value=round(hours, 2),
                )
            )
        return subjects

    def _ps_held_logs(self, backend, object_name, companies, since):
        """The failed and dead messages of one backend and object the rule
        counts (through the partial index of the messages to act on)."""
        self.env.cr.execute(
            """
            SELECT id FROM ps_sync_log
             WHERE backend_id = %s AND object_name IS NOT DISTINCT FROM %s
               AND state IN ('failed', 'dead') AND company_id IN %s AND create_date <= %s
            """,
            [backend.id, object_name, companies, since],
        )
        return self.env["ps.sync.log"].browse([row[0] for row in self.env.cr.fetchall()])

    @alert_condition(
        "backend_stale",
        "Integrations: backend without a successful message for N minutes",
        threshold="minutes",
    )
    def _ps_alert_backend_stale(self, rule, now):
        since = rule._ps_since(now, "minutes")
        backends = self.env["ps.sync.backend"].search(
            [("company_id", "in", rule._ps_companies().ids)]
        )
        subjects = []
        for backend, last in backends._ps_last_success().items():
            last = last or backend.create_date
            if last > since:
                continue
            minutes = (now - last).total_seconds() / 60
            subjects.append(
                Subject(
                    f"ps.sync.backend,{backend.id}",
                    _(
                        "%(backend)s: no successful pull or push since %(last)s (%(minutes)s min)",
                        backend=backend.code,
                        last=last.replace(microsecond=0),
                        minutes=int(minutes),
                    ),
                    company_id=backend.company_id.id,
                    res_model="ps.sync.backend",
                    res_id=backend.id,
                    value=round(minutes, 1),
                )
            )
        return subjects

    @alert_condition(
        "api_allowance",
        "Integrations: backend whose daily API allowance is over N % used",
        threshold="percent",
    )
    def _ps_alert_api_allowance(self, rule, now):
        """Backends whose last reading of the remote API usage (connectors
        record it with ``ps.sync.backend._ps_record_api_usage``; a reading
        older than a day says nothing of today) is at or over the threshold."""
        backends = self.env["ps.sync.backend"].search(
            [
                ("company_id", "in", rule._ps_companies().ids),
                ("api_daily_limit", ">", 0),
                ("api_usage_date", ">=", now - timedelta(days=1)),
            ]
        )
        subjects = []
        for backend in backends:
            percent = 100.0 * backend.api_daily_used / backend.api_daily_limit
            if percent < rule.threshold:
                continue
            subjects.append(
                Subject(
                    f"ps.sync.backend,{backend.id}/api",
                    _(
                        "%(backend)s: %(used)s of its %(limit)s daily API calls used "
                        "(%(percent)s %%, read %(when)s)",
                        backend=backend.code,
                        used=backend.api_daily_used,
                        limit=backend.api_daily_limit,
                        percent=round(percent, 1),
                        when=backend.api_usage_date.replace(microsecond=0),
                    ),
                    Decimal(0),
                    company_id=backend.company_id.id,
                    res_model="ps.sync.backend",
                    res_id=backend.id,
                    count=backend.api_daily_used,
                    value=round(percent, 2),
                )
            )
        return subjects
