# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Alert conditions on integrations (ps_sync_core): stuck messages, stale backends."""

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
        since = rule._ps_since(now, "hours")
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
            [tuple(rule._ps_companies().ids) or (0,), since],
        )
        rows = self.env.cr.fetchall()
        backends = self.env["ps.sync.backend"].with_context(active_test=False)
        subjects = []
        for backend_id, object_name, count, dead, oldest in rows:
            backend = backends.browse(backend_id)
            hours = (now - oldest).total_seconds() / 3600
            subjects.append(
                Subject(
                    f"ps.sync.backend,{backend_id}/{object_name or ''}",
                    _(
                        "%(backend)s / %(object)s: %(count)s message(s) failed or dead "
                        "(%(dead)s dead), the oldest %(hours)s h old",
                        backend=backend.code,
                        object=object_name or "-",
                        count=count,
                        dead=dead,
                        hours=round(hours, 1),
                    ),
                    company_id=backend.company_id.id,
                    res_model="ps.sync.backend",
                    res_id=backend_id,
                    count=count,
                    value=round(hours, 2),
                )
            )
        return subjects

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
