# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools


class PsOpsBillingKpi(models.Model):
    """How fast approved work becomes invoices, per engagement and month of
    work (the last 13 months, a SQL view read live): approved billable
    hours, hours invoiced, hours invoiced within their period (an invoice
    dated by the month end), and the days from work to its first invoice,
    weighted by hours. An invoice counts once posted: the billing run's
    proposals are drafts without an invoice date."""

    _name = "ps.ops.billing.kpi"
    _description = "Billing Timeliness"
    _auto = False
    _order = "month desc, engagement_id"

    engagement_id = fields.Many2one("ps.engagement", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    month = fields.Date(string="Month of Work", readonly=True)
    hours_approved = fields.Float(string="Approved (h)", readonly=True)
    hours_invoiced = fields.Float(string="Invoiced (h)", readonly=True)
    hours_in_period = fields.Float(string="Invoiced in Period (h)", readonly=True)
    share_in_period = fields.Float(
        string="Invoiced in Period (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the month's approved hours invoiced on an invoice dated by the month end.",
    )
    days_to_invoice = fields.Float(
        string="Days to Invoice",
        readonly=True,
        aggregator="avg",
        help="Days from the work to its first invoice, weighted by hours (invoiced time only).",
    )

    @api.private
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            """
            CREATE VIEW ps_ops_billing_kpi AS
            WITH first_invoice AS (
                SELECT t.timesheet_id, min(m.invoice_date) AS invoice_date
                  FROM ps_billing_trace t
                  JOIN account_move m ON m.id = t.move_id
                 WHERE t.kind IN ('time', 'over') AND m.state = 'posted'
                   AND t.timesheet_id IS NOT NULL
              GROUP BY t.timesheet_id
            ), work AS (
                SELECT l.ps_engagement_id AS engagement_id,
                       date_trunc('month', l.date)::date AS month,
                       l.unit_amount AS hours, l.date, f.invoice_date
                  FROM account_analytic_line l
             LEFT JOIN first_invoice f ON f.timesheet_id = l.id
                 WHERE l.ps_engagement_id IS NOT NULL
                   AND l.ps_status = 'approved' AND l.ps_billable
                   AND l.date >= date_trunc('month', (now() AT TIME ZONE 'UTC'))
                                 - interval '12 months'
            ), agg AS (
                SELECT engagement_id, month,
                       sum(hours) AS hours_approved,
                       COALESCE(sum(hours) FILTER (WHERE invoice_date IS NOT NULL), 0)
                           AS hours_invoiced,
                       COALESCE(sum(hours) FILTER (
                           WHERE invoice_date < month + interval '1 month'), 0)
                           AS hours_in_period,
                       sum(hours * (invoice_date - date)) FILTER (
                           WHERE invoice_date IS NOT NULL) AS hour_days
                  FROM work
              GROUP BY engagement_id, month
            )
            SELECT row_number() OVER (ORDER BY a.engagement_id, a.month) AS id,
                   a.engagement_id, e.partner_id, e.company_id, a.month,
                   a.hours_approved, a.hours_invoiced, a.hours_in_period,
                   CASE WHEN a.hours_approved > 0
                        THEN 100.0 * a.hours_in_period / a.hours_approved END
                       AS share_in_period,
                   CASE WHEN a.hours_invoiced > 0
                        THEN a.hour_days / a.hours_invoiced END AS days_to_invoice
              FROM agg a
              JOIN ps_engagement e ON e.id = a.engagement_id
            """
        )
