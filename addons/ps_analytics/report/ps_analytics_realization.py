# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools


class PsAnalyticsRealization(models.Model):
    """How much of the work's value was billed: the billed amount against
    the standard value (hours x the rate card's rate), on posted invoices.

    Rows are billing traces of posted invoices and credit notes: time
    (within a cap, over a cap, adjustments) gives hours, standard value and
    what was billed; a write-off takes off what was billed, shown as the
    cause: *Write-offs* (approved in pre-bill review) or *Cap Overruns*
    (time over a cap, billed and written off). Dated on the invoice's date,
    in the engagement's currency.

    Time held over a cap (policy *hold*) is not billed: its standard value
    counts, nothing billed against it, the cause *Held Over Cap*. Read from
    the WIP's *Held over a cap* rows (as of the WIP's last computation),
    dated on the work's day (it has no invoice).
    """

    _name = "ps.analytics.realization"
    _inherit = ["ps.analytics.report.mixin"]
    _description = "Realization"
    _auto = False
    _order = "date desc"
    _ps_ratios = {"realization": ("billed_amount", "standard_value")}
    _depends = {
        "ps.billing.trace": [
            "kind",
            "hours",
            "amount",
            "rate",
            "move_id",
            "move_state",
            "timesheet_id",
            "engagement_id",
            "company_id",
        ],
        "account.move": ["date"],
        "account.analytic.line": ["employee_id"],
        "hr.employee": ["department_id", "job_id"],
        "ps.engagement": ["partner_id", "currency_id"],
        "ps.analytics.wip": ["stage", "hours", "rate", "held_amount", "date", "timesheet_id"],
    }

    date = fields.Date(string="Invoice Date", readonly=True)
    company_id = fields.Many2one("res.company", string="Entity", readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Person", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    job_id = fields.Many2one("hr.job", string="Role", readonly=True)
    engagement_id = fields.Many2one("ps.engagement", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    kind = fields.Selection(
        [
            ("time", "Time"),
            ("over", "Time over the cap"),
            ("adjustment", "Adjustment"),
            ("writeoff", "Write-off"),
            ("cap", "Cap overrun written off"),
            ("held", "Held over the cap"),
        ],
        readonly=True,
    )
    hours = fields.Float(string="Hours Billed", readonly=True)
    standard_value = fields.Monetary(
        readonly=True, help="Hours x the rate card's rate for the person, role and day."
    )
    billed_amount = fields.Monetary(
        string="Billed", readonly=True, help="What the invoices bill, net of write-offs."
    )
    writeoff_amount = fields.Monetary(
        string="Write-offs", readonly=True, help="Approved write-offs (a write-up counts negative)."
    )
    cap_overrun_amount = fields.Monetary(
        string="Cap Overruns", readonly=True, help="Time over a cap, billed and written off."
    )
    held_amount = fields.Monetary(
        string="Held Over Cap",
        readonly=True,
        help="Time held over a cap, not billed, at its standard value (as of the WIP's "
        "last computation).",
    )
    realization = fields.Float(
        string="Realization (%)", readonly=True, aggregator="avg", help="Billed / standard value."
    )

    @api.private
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT t.id * 2 AS id,
                       CASE WHEN t.timesheet_id IS NOT NULL AND t.kind != 'writeoff'
                            THEN 'account.analytic.line' ELSE 'account.move' END AS res_model,
                       CASE WHEN t.timesheet_id IS NOT NULL AND t.kind != 'writeoff'
                            THEN t.timesheet_id ELSE t.move_id END AS res_id,
                       move.date,
                       t.company_id,
                       aal.employee_id,
                       emp.department_id,
                       emp.job_id,
                       t.engagement_id,
                       eng.partner_id,
                       t.move_id,
                       eng.currency_id,
                       CASE WHEN t.kind = 'writeoff' AND t.timesheet_id IS NOT NULL THEN 'cap'
                            ELSE t.kind END AS kind,
                       CASE WHEN t.kind = 'writeoff' THEN 0.0 ELSE t.hours END AS hours,
                       CASE WHEN t.kind = 'writeoff' THEN 0.0
                            ELSE ROUND((t.hours * t.rate)::numeric, 2) END AS standard_value,
                       t.amount AS billed_amount,
                       CASE WHEN t.kind = 'writeoff' AND t.timesheet_id IS NULL
                            THEN -t.amount ELSE 0.0 END AS writeoff_amount,
                       CASE WHEN t.kind = 'writeoff' AND t.timesheet_id IS NOT NULL
                            THEN -t.amount ELSE 0.0 END AS cap_overrun_amount,
                       0.0 AS held_amount,
                       0.0 AS realization
                  FROM ps_billing_trace t
                  JOIN account_move move ON move.id = t.move_id
                  JOIN ps_engagement eng ON eng.id = t.engagement_id
             LEFT JOIN account_analytic_line aal ON aal.id = t.timesheet_id
             LEFT JOIN hr_employee emp ON emp.id = aal.employee_id
                 WHERE t.move_state = 'posted'
                   AND t.kind IN ('time', 'over', 'adjustment', 'writeoff')
             UNION ALL
                SELECT w.id * 2 + 1,
                       'account.analytic.line',
                       w.timesheet_id,
                       w.date,
                       w.company_id,
                       w.employee_id,
                       w.department_id,
                       w.job_id,
                       w.engagement_id,
                       w.partner_id,
                       NULL,
                       w.currency_id,
                       'held',
                       0.0,
                       w.held_amount,
                       0.0,
                       0.0,
                       0.0,
                       w.held_amount,
                       0.0
                  FROM ps_analytics_wip w
                 WHERE w.stage = 'held'
            )
        """)
