# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools


class PsAnalyticsBacklog(models.Model):
    """Contracted work still ahead, on active engagements, in the
    engagement's currency:

    - *To Recognise*: the remaining performance obligations (ASC 606-10-50-13,
      IFRS 15.120): the revenue schedules' months not posted yet (the current
      month's catch-up and the plan) of obligations with a fixed price, dated
      when they are expected to be recognised; group by quarter for the
      disclosure. Time and materials is left out (variable consideration
      billed as delivered, the practical expedient of ASC 606-10-55-18 /
      IFRS 15.B16).
    - *To Bill*: fixed-fee and retainer schedule lines not billed yet, dated
      when they fall due, and milestones not invoiced yet, dated on their
      acceptance or, before it, on the expected acceptance of their obligation.
    """

    _name = "ps.analytics.backlog"
    _inherit = ["ps.analytics.report.mixin"]
    _description = "Backlog (remaining performance obligations)"
    _auto = False
    _order = "date"
    _depends = {
        "ps.revenue.schedule.line": [
            "obligation_id",
            "engagement_id",
            "company_id",
            "date",
            "amount",
            "state",
            "method",
        ],
        "ps.revenue.obligation": ["milestone_id", "date_end"],
        "ps.engagement.schedule": ["engagement_id", "date", "amount", "billed", "kind"],
        "ps.engagement.milestone": ["engagement_id", "amount", "state", "accepted_date"],
        "ps.engagement": ["partner_id", "currency_id", "state", "company_id"],
    }

    date = fields.Date(string="Expected", readonly=True)
    company_id = fields.Many2one("res.company", string="Entity", readonly=True)
    engagement_id = fields.Many2one("ps.engagement", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    obligation_id = fields.Many2one("ps.revenue.obligation", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    kind = fields.Selection(
        [
            ("ratable", "Ratable over the service period"),
            ("point_in_time", "Point in time, on milestone acceptance"),
            ("input_hours", "Percentage of completion by hours"),
            ("input_cost", "Percentage of completion by cost"),
            ("fixed", "Fixed fee to bill"),
            ("retainer", "Retainer prepayment to bill"),
            ("milestone", "Milestone to bill"),
        ],
        readonly=True,
    )
    to_recognise = fields.Monetary(readonly=True, help="Contracted revenue not recognised yet.")
    to_bill = fields.Monetary(readonly=True, help="Contracted, not billed yet.")

    @api.private
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT sl.id * 3 AS id,
                       'ps.revenue.schedule.line' AS res_model,
                       sl.id AS res_id,
                       sl.date,
                       eng.company_id,
                       eng.id AS engagement_id,
                       eng.partner_id,
                       sl.obligation_id,
                       eng.currency_id,
                       sl.method AS kind,
                       sl.amount AS to_recognise,
                       0.0 AS to_bill
                  FROM ps_revenue_schedule_line sl
                  JOIN ps_engagement eng ON eng.id = sl.engagement_id
                 WHERE sl.state IN ('current', 'planned')
                   AND sl.method != 'time_material'
                   AND eng.state = 'active'
                UNION ALL
                SELECT es.id * 3 + 1,
                       'ps.engagement.schedule',
                       es.id,
                       es.date,
                       eng.company_id,
                       eng.id,
                       eng.partner_id,
                       NULL,
                       eng.currency_id,
                       es.kind,
                       0.0,
                       es.amount
                  FROM ps_engagement_schedule es
                  JOIN ps_engagement eng ON eng.id = es.engagement_id
                 WHERE NOT COALESCE(es.billed, FALSE)
                   AND eng.state = 'active'
                UNION ALL
                SELECT ms.id * 3 + 2,
                       'ps.engagement.milestone',
                       ms.id,
                       COALESCE(
                           ms.accepted_date,
                           (SELECT MIN(ob.date_end) FROM ps_revenue_obligation ob
                             WHERE ob.milestone_id = ms.id)
                       ),
                       eng.company_id,
                       eng.id,
                       eng.partner_id,
                       NULL,
                       eng.currency_id,
                       'milestone',
                       0.0,
                       ms.amount
                  FROM ps_engagement_milestone ms
                  JOIN ps_engagement eng ON eng.id = ms.engagement_id
                 WHERE ms.state != 'invoiced'
                   AND eng.state = 'active'
            )
        """)
