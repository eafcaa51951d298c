# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import sql

from odoo import api, fields, models, tools

#: the alert rules whose live alerts hold a month-end close
FINANCE_CODES = (
    "unbilled_time",
    "engagement_cap",
    "billing_run",
    "revenue_run",
    "ledger_differences",
)


class PsOpsCloseChecklist(models.Model):
    """Month-end close, per company and month (the last 12 month ends, a
    SQL view read live): the billing run made without failures, the
    recognition run made, and, for the month being closed (the last one),
    the finance alerts still live and whether the ledger reconciles (no live
    *Ledger differences* alert)."""

    _name = "ps.ops.close.checklist"
    _description = "Month-End Close Checklist"
    _auto = False
    _order = "period desc, company_id"

    company_id = fields.Many2one("res.company", readonly=True)
    period = fields.Date(string="Month End", readonly=True)
    billing_run_id = fields.Many2one("ps.billing.run", readonly=True)
    billing_state = fields.Selection(
        [("running", "Running"), ("done", "Done")], string="Billing", readonly=True
    )
    billing_failed = fields.Integer(string="Billing Failures", readonly=True)
    billing_ok = fields.Boolean(string="Billed", readonly=True)
    revenue_run_id = fields.Many2one("ps.revenue.run", string="Recognition Run", readonly=True)
    revenue_state = fields.Selection(
        [("running", "Running"), ("done", "Done"), ("reversed", "Reversed")],
        string="Recognition",
        readonly=True,
    )
    revenue_failed = fields.Integer(string="Recognition Failures", readonly=True)
    revenue_ok = fields.Boolean(string="Recognised", readonly=True)
    current = fields.Boolean(string="Month Being Closed", readonly=True)
    alerts_live = fields.Integer(string="Finance Alerts Live", readonly=True)
    ledger_clean = fields.Boolean(readonly=True)
    closed = fields.Boolean(string="Close Complete", readonly=True)

    @api.private
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        latest_run = sql.SQL(
            """
                SELECT DISTINCT ON (r.company_id, r.date_to)
                       r.company_id, r.date_to, r.id, r.state,
                       (SELECT count(*) FROM {lines} l
                         WHERE l.run_id = r.id AND l.state = 'failed') AS failed
                  FROM {runs} r
                 WHERE r.state != 'draft'
              ORDER BY r.company_id, r.date_to, r.id DESC"""
        )
        query = sql.SQL(
            """
            CREATE VIEW ps_ops_close_checklist AS
            WITH months AS (
                SELECT c.id AS company_id,
                       (date_trunc('month', (now() AT TIME ZONE 'UTC'))
                           - make_interval(months => n) - interval '1 day')::date AS period,
                       n = 0 AS current
                  FROM res_company c, generate_series(0, 11) AS n
            ), billing AS ({billing}
            ), revenue AS ({revenue}
            ), alerts AS (
                SELECT company_id, count(*) AS live,
                       count(*) FILTER (WHERE code = 'ledger_differences') AS ledger
                  FROM ps_alert
                 WHERE state != 'closed' AND code IN %s
              GROUP BY company_id
            ), checks AS (
                SELECT m.company_id, m.period, m.current,
                       b.id AS billing_run_id, b.state AS billing_state,
                       COALESCE(b.failed, 0) AS billing_failed,
                       COALESCE(b.state = 'done' AND b.failed = 0, false) AS billing_ok,
                       v.id AS revenue_run_id, v.state AS revenue_state,
                       COALESCE(v.failed, 0) AS revenue_failed,
                       COALESCE(v.state = 'done' AND v.failed = 0, false) AS revenue_ok,
                       CASE WHEN m.current THEN COALESCE(a.live, 0) ELSE 0 END AS alerts_live,
                       NOT m.current OR COALESCE(a.ledger, 0) = 0 AS ledger_clean
                  FROM months m
             LEFT JOIN billing b ON b.company_id = m.company_id AND b.date_to = m.period
             LEFT JOIN revenue v ON v.company_id = m.company_id AND v.date_to = m.period
             LEFT JOIN alerts a ON a.company_id = m.company_id
            )
            SELECT row_number() OVER (ORDER BY company_id, period) AS id, checks.*,
                   billing_ok AND revenue_ok AND ledger_clean AND alerts_live = 0 AS closed
              FROM checks
            """
        ).format(
            billing=latest_run.format(
                runs=sql.Identifier("ps_billing_run"), lines=sql.Identifier("ps_billing_run_line")
            ),
            revenue=latest_run.format(
                runs=sql.Identifier("ps_revenue_run"), lines=sql.Identifier("ps_revenue_run_line")
            ),
        )
        self.env.cr.execute(query, [FINANCE_CODES])
