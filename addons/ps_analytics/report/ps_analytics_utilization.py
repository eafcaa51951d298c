# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools


class PsAnalyticsUtilization(models.Model):
    """Are the people busy on billable work: hours logged against the
    capacity of each person and month (``ps.analytics.capacity``: working
    schedule minus public holidays and validated leave).

    Rows are time entries (hours) and capacity rows (one per person and
    month), so any grouping adds them up; the ratios are computed from a
    group's sums. Time counts unless rejected; the time off Odoo logs as
    timesheets (leave and public holidays) is not work: capacity already
    leaves it out. Billable time is time marked billable on an engagement.
    The company is the employing entity.
    """

    _name = "ps.analytics.utilization"
    _inherit = ["ps.analytics.report.mixin"]
    _description = "Utilization"
    _auto = False
    _order = "date desc"
    _ps_ratios = {
        "utilization": ("billable_hours", "capacity_hours"),
        "total_utilization": ("hours", "capacity_hours"),
        "target_utilization": ("target_hours", "capacity_hours"),
    }
    _ps_gaps = {"utilization_gap": ("utilization", "target_utilization")}
    _depends = {
        "account.analytic.line": [
            "date",
            "employee_id",
            "company_id",
            "unit_amount",
            "project_id",
            "ps_status",
            "ps_billable",
            "ps_engagement_id",
            "ps_employee_company_id",
            "holiday_id",
            "global_leave_id",
        ],
        "ps.analytics.capacity": ["employee_id", "date", "company_id", "capacity_hours"],
        "hr.employee": ["department_id", "job_id"],
        "hr.job": ["ps_target_utilization"],
        "ps.engagement": ["partner_id"],
    }

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", string="Entity", readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Person", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    job_id = fields.Many2one("hr.job", string="Role", readonly=True)
    engagement_id = fields.Many2one("ps.engagement", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    hours = fields.Float(string="Hours Logged", readonly=True)
    billable_hours = fields.Float(readonly=True)
    capacity_hours = fields.Float(
        string="Capacity (h)",
        readonly=True,
        help="Working schedule minus public holidays and validated leave.",
    )
    leave_hours = fields.Float(string="Leave (h)", readonly=True)
    holiday_hours = fields.Float(string="Public Holidays (h)", readonly=True)
    target_hours = fields.Float(
        readonly=True, help="Capacity x the target utilization of the person's role."
    )
    utilization = fields.Float(
        string="Utilization (%)", readonly=True, aggregator="avg", help="Billable hours / capacity."
    )
    total_utilization = fields.Float(
        string="Total Utilization (%)",
        readonly=True,
        aggregator="avg",
        help="All hours logged / capacity.",
    )
    target_utilization = fields.Float(
        string="Target (%)",
        readonly=True,
        aggregator="avg",
        help="The roles' targets, weighted by capacity.",
    )
    utilization_gap = fields.Float(
        string="Gap to Target (pts)",
        readonly=True,
        aggregator="avg",
        help="Utilization minus target, in percentage points.",
    )

    @api.private
    def init(self):
        cr = self.env.cr
        tools.drop_view_if_exists(cr, self._table)
        # what filters by person and month read (the report's drilldown)
        cr.execute("""
            CREATE INDEX IF NOT EXISTS ps_analytics_aal_employee_date_idx
                ON account_analytic_line (employee_id, date)
             WHERE project_id IS NOT NULL
        """)
        # every branch gives its columns the same types (no coercion): the
        # UNION ALL is then flattened, unused columns are not computed and
        # the time branch is read in parallel
        cr.execute(f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT aal.id * 2 AS id,
                       'account.analytic.line'::varchar AS res_model,
                       aal.id AS res_id,
                       aal.date,
                       aal.ps_employee_company_id AS company_id,
                       aal.employee_id,
                       emp.department_id,
                       emp.job_id,
                       aal.ps_engagement_id AS engagement_id,
                       eng.partner_id,
                       aal.unit_amount::float8 AS hours,
                       (CASE WHEN aal.ps_billable AND aal.ps_engagement_id IS NOT NULL
                             THEN aal.unit_amount ELSE 0.0 END)::float8 AS billable_hours,
                       0.0::float8 AS capacity_hours,
                       0.0::float8 AS leave_hours,
                       0.0::float8 AS holiday_hours,
                       0.0::float8 AS target_hours,
                       0.0::float8 AS utilization,
                       0.0::float8 AS total_utilization,
                       0.0::float8 AS target_utilization,
                       0.0::float8 AS utilization_gap
                  FROM account_analytic_line aal
                  JOIN hr_employee emp ON emp.id = aal.employee_id
             LEFT JOIN ps_engagement eng ON eng.id = aal.ps_engagement_id
                 WHERE aal.project_id IS NOT NULL
                   AND (aal.ps_status <> 'rejected' OR aal.ps_status IS NULL)
                   AND aal.holiday_id IS NULL
                   AND aal.global_leave_id IS NULL
                UNION ALL
                SELECT cap.id * 2 + 1,
                       'ps.analytics.capacity'::varchar,
                       cap.id,
                       cap.date,
                       cap.company_id,
                       cap.employee_id,
                       emp.department_id,
                       emp.job_id,
                       NULL::integer,
                       NULL::integer,
                       0.0::float8,
                       0.0::float8,
                       cap.capacity_hours::float8,
                       cap.leave_hours::float8,
                       cap.holiday_hours::float8,
                       (cap.capacity_hours * COALESCE(job.ps_target_utilization, 0.0)
                           / 100.0)::float8,
                       0.0::float8, 0.0::float8, 0.0::float8, 0.0::float8
                  FROM ps_analytics_capacity cap
                  JOIN hr_employee emp ON emp.id = cap.employee_id
             LEFT JOIN hr_job job ON job.id = emp.job_id
            )
        """)
