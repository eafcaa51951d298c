# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.models import regex_field_agg
from odoo.osv import expression

from ..models.ps_analytics_report_mixin import FINANCE_GROUPS

#: who reads one person's cost: finance, and whoever reads cost rates
FINANCE_ONLY = FINANCE_GROUPS + ",ps_costing.group_cost_rate_reader"
#: the figures that come from people's cost: the others read them per group
#: of at least two people (``PsAnalyticsMargin.read_group``)
PERSON_COST_FIELDS = {
    "cost_time",
    "cost_subcontractor",
    "cost_expense",
    "cost_intercompany",
    "cost",
    "margin",
    "margin_billed",
    "margin_pct",
    "margin_billed_pct",
    "budget_cost_used",
}
#: fewer people than this behind a group's cost: its cost figures are hidden
MIN_PEOPLE = 2
#: lets the count of people read the person column in a guarded read_group:
#: an object, so that no client can put it in a context
PEOPLE_TOKEN = object()

#: the columns of every part of the view: (name, SQL type, value when a part
#: does not give one)
VIEW_COLUMNS = [
    ("id", "integer", "NULL"),
    ("res_model", "varchar", "NULL"),
    ("res_id", "integer", "NULL"),
    ("date", "date", "NULL"),
    ("company_id", "integer", "NULL"),
    ("engagement_id", "integer", "NULL"),
    ("partner_id", "integer", "NULL"),
    ("employee_id", "integer", "NULL"),
    ("department_id", "integer", "NULL"),
    ("job_id", "integer", "NULL"),
    ("revenue", "numeric", "0"),
    ("billed", "numeric", "0"),
    ("cost_time", "numeric", "0"),
    ("cost_subcontractor", "numeric", "0"),
    ("cost_expense", "numeric", "0"),
    ("cost_intercompany", "numeric", "0"),
    ("budget_revenue", "numeric", "0"),
    ("budget_cost", "numeric", "0"),
]
#: the company currency of a part's engagement ``eng`` (computed only when read)
CURRENCY = "(SELECT comp.currency_id FROM res_company comp WHERE comp.id = eng.company_id)"
#: what a part's engagement ``eng`` gives
ENGAGEMENT = {
    "company_id": "eng.company_id",
    "engagement_id": "eng.id",
    "partner_id": "eng.partner_id",
}
#: what a time entry ``aal`` of an engagement ``eng`` by ``emp`` gives
TIME_DIMENSIONS = {
    **ENGAGEMENT,
    "date": "aal.date",
    "employee_id": "aal.employee_id",
    "department_id": "emp.department_id",
    "job_id": "emp.job_id",
}
#: the time entries ``aal`` whose cost is the engagement's: its entity's own
#: people's (other entities' people are charged, see the intercompany part),
#: rejected time left out
OWN_TIME = """
                  JOIN ps_engagement eng ON eng.id = aal.ps_engagement_id
                  JOIN hr_employee emp ON emp.id = aal.employee_id
                 WHERE aal.project_id IS NOT NULL
                   AND (aal.ps_status <> 'rejected' OR aal.ps_status IS NULL)
                   AND (aal.ps_employee_company_id IS NULL
                        OR aal.ps_employee_company_id = eng.company_id)"""


class PsAnalyticsMargin(models.Model):
    """Does each engagement make money: revenue against the cost of the
    work, in the company's currency, per engagement, customer, entity and
    month.

    - *Revenue*: revenue recognised (posted customer invoices moved by the
      recognition entries to what was earned: the ledger's revenue of the
      engagement); *Billed* is the alternative basis (posted invoices net of
      credit notes), with its own margin.
    - *Cost of Time*: the time of the entity's own people at their cost
      (Odoo's own cost of each time entry, at the cost rate in force on its
      day), rejected time left out, plus the payroll variance spread over
      the period's time when the company spreads it; *Subcontractors*: a
      subcontractor's time at their buy cost (counted once, not again
      through the vendor bill); *Expenses*: expenses of the engagement not
      refused; *Intercompany*: what other entities charged for their
      people's time (the receiver's posted bills, traced to the time entries).
    - *Budget*: the engagement's budget revenue and cost (rows of no month).

    Project managers read the margin as totals (pivot, graph); the rows
    (one person's time at their cost) are for finance and those who read
    cost rates. A total of fewer than two people would show one person's
    cost too: for the others, ``read_group`` (pivot, graph, grouped lists,
    XML-RPC) hides the cost figures of such a group, refuses a total of
    one, and refuses filters on cost figures.
    """

    _name = "ps.analytics.margin"
    _inherit = ["ps.analytics.report.mixin"]
    _description = "Margin"
    _auto = False
    _order = "date desc"
    _ps_ratios = {
        "margin_pct": ("margin", "revenue"),
        "margin_billed_pct": ("margin_billed", "billed"),
        "budget_cost_used": ("cost", "budget_cost"),
        "budget_revenue_done": ("revenue", "budget_revenue"),
    }
    _depends = {
        "account.move.line": [
            "date",
            "company_id",
            "ps_line_engagement_id",
            "balance",
            "amount_currency",
            "parent_state",
            "ps_revenue_role",
            "display_type",
            "move_id",
        ],
        "account.move": ["move_type"],
        "account.analytic.line": [
            "date",
            "amount",
            "employee_id",
            "project_id",
            "ps_engagement_id",
            "ps_employee_company_id",
            "ps_status",
            "ps_cost_kind",
        ],
        "hr.expense": ["ps_engagement_id", "total_amount", "date", "state", "employee_id"],
        "ps.payroll.cost": ["employee_id", "date_from", "date_to", "variance_per_hour", "spread"],
        "ps.intercompany.trace": ["amount", "bill_line_id", "timesheet_id", "date", "move_state"],
        "ps.engagement": [
            "partner_id",
            "company_id",
            "ps_budget_revenue",
            "ps_budget_cost",
        ],
        "hr.employee": ["department_id", "job_id"],
    }

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", string="Entity", readonly=True)
    engagement_id = fields.Many2one("ps.engagement", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    employee_id = fields.Many2one(
        "hr.employee", string="Person", readonly=True, groups=FINANCE_ONLY
    )
    department_id = fields.Many2one("hr.department", readonly=True)
    job_id = fields.Many2one("hr.job", string="Role", readonly=True)
    res_model = fields.Char(groups=FINANCE_ONLY)
    res_id = fields.Integer(groups=FINANCE_ONLY)
    currency_id = fields.Many2one("res.currency", readonly=True)
    revenue = fields.Monetary(readonly=True, help="Revenue recognised.")
    billed = fields.Monetary(readonly=True, help="Posted invoices net of credit notes.")
    cost_time = fields.Monetary(string="Cost of Time", readonly=True)
    cost_subcontractor = fields.Monetary(string="Subcontractors", readonly=True)
    cost_expense = fields.Monetary(string="Expenses", readonly=True)
    cost_intercompany = fields.Monetary(string="Intercompany", readonly=True)
    cost = fields.Monetary(string="Total Cost", readonly=True)
    margin = fields.Monetary(readonly=True, help="Revenue recognised minus total cost.")
    margin_billed = fields.Monetary(
        string="Margin on Billed", readonly=True, help="Billed minus total cost."
    )
    budget_revenue = fields.Monetary(readonly=True)
    budget_cost = fields.Monetary(readonly=True)
    margin_pct = fields.Float(string="Margin (%)", readonly=True, aggregator="avg")
    margin_billed_pct = fields.Float(string="Margin on Billed (%)", readonly=True, aggregator="avg")
    budget_cost_used = fields.Float(
        string="Budget Cost Used (%)", readonly=True, aggregator="avg", help="Cost / budget cost."
    )
    budget_revenue_done = fields.Float(
        string="Budget Revenue Earned (%)",
        readonly=True,
        aggregator="avg",
        help="Revenue recognised / budget revenue.",
    )

    def _ps_sees_person_costs(self):
        return self.env.su or any(self.env.user.has_group(g) for g in FINANCE_ONLY.split(","))

    def _ps_check_rows(self):
        if not self._ps_sees_person_costs():
            raise AccessError(
                _(
                    "Margin rows show single people's time at their cost: finance reads "
                    "them. Project managers read the margin's totals (pivot and graph)."
                )
            )

    def check_field_access_rights(self, operation, field_names):
        if (
            self.env.context.get("ps_people_token") is PEOPLE_TOKEN
            and operation == "read"
            and field_names == ["employee_id"]
        ):
            return field_names  # counting people, see read_group
        return super().check_field_access_rights(operation, field_names)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """For those who do not read one person's cost: the cost figures of a
        group with fewer than two people behind them (one person, or a cost
        of no one of the entity: another entity's charge) are hidden (False),
        a total (no group by) of them is refused; filtering on them too."""
        keys = {}  # {result key: field}
        for spec in fields:
            match = regex_field_agg.match(spec)
            if match:
                keys[match.group(1)] = match.group(3) or match.group(1)
        guarded = {key for key, name in keys.items() if name in PERSON_COST_FIELDS}
        if self._ps_sees_person_costs() or not guarded:
            return super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        groupby = [groupby] if isinstance(groupby, str) else list(groupby)
        # the user's own rights on what they read, group by and filter on
        # (the count of people below reads the person column for them)
        self.check_field_access_rights(
            "read",
            [name for name in keys.values() if name != "__count"]
            + [spec.split(":")[0] for spec in groupby]
            + [term.split()[0] for term in (orderby or "").split(",") if term.strip()],
        )
        self._search(domain)  # and no filter on cost figures
        if orderby and any(name in orderby for name in PERSON_COST_FIELDS):
            orderby = False  # the order of hidden figures would tell them
        # the ratios' sums come along (the mixin): hidden with them
        guarded |= PERSON_COST_FIELDS
        counted = list(fields) + ["ps_people:count_distinct(employee_id)", "ps_cost:sum(cost)"]
        rows = super(PsAnalyticsMargin, self.with_context(ps_people_token=PEOPLE_TOKEN)).read_group(
            domain, counted, groupby, offset, limit, orderby, lazy
        )
        for row in rows:
            people, cost = row.pop("ps_people", 0) or 0, row.pop("ps_cost", 0) or 0
            if 0 < people < MIN_PEOPLE or (not people and cost):
                if not groupby:
                    raise AccessError(self._ps_few_people_message())
                row.update(dict.fromkeys(guarded & row.keys(), False))
        return rows

    @api.model
    def _ps_few_people_message(self):
        return _(
            "The margin's cost figures of fewer than %(count)s people would show one "
            "person's cost: they are hidden. Widen the selection (more people, a whole "
            "role, department or engagement), or ask for 'Costing: read cost rates'.",
            count=MIN_PEOPLE,
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """Counting rows by their cost would tell one person's cost: those
        who do not read it do not filter on cost figures (search, counts,
        read_group)."""
        if not self._ps_sees_person_costs():
            self._ps_check_no_cost_filter(domain)
        return super()._search(domain, offset, limit, order)

    @api.model
    def _ps_check_no_cost_filter(self, domain):
        for leaf in domain or []:
            if expression.is_leaf(leaf) and leaf not in (
                expression.TRUE_LEAF,
                expression.FALSE_LEAF,
            ):
                if str(leaf[0]).split(".")[0] in PERSON_COST_FIELDS:
                    raise AccessError(
                        _(
                            "Filtering the margin on %(field)s would show one person's cost: "
                            "finance and those who read cost rates do it.",
                            field=leaf[0],
                        )
                    )

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        self._ps_check_rows()
        return super().search_fetch(domain, field_names, offset, limit, order)

    def fetch(self, field_names):
        self._ps_check_rows()
        return super().fetch(field_names)

    def read(self, fields=None, load="_classic_read"):
        self._ps_check_rows()
        return super().read(fields, load)

    @api.private
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"""
            CREATE OR REPLACE VIEW {self._table} AS ({self._ps_view_query()})
        """)

    @api.private
    def _ps_view_query(self):
        """The view's SQL: one SELECT per kind of figure (``_ps_view_parts``)
        with the same typed columns, so that the UNION ALL is flattened and
        read in parallel, the columns a query does not use left out; cost,
        margin and margin on billed are computed in each part."""
        return " UNION ALL ".join(
            "SELECT {columns} {source}".format(
                columns=", ".join(
                    f"CAST({expr} AS {kind}) AS {name}"
                    for name, kind, expr in self._ps_part_columns(part)
                ),
                source=part["source"],
            )
            for part in self._ps_view_parts()
        )

    @api.private
    def _ps_part_columns(self, part):
        """``(name, SQL type, expression)`` of a part's columns."""
        values = {name: part.get(name, default) for name, _kind, default in VIEW_COLUMNS}
        costs = [
            f"({values[name]})"
            for name in ("cost_time", "cost_subcontractor", "cost_expense", "cost_intercompany")
            if values[name] != "0"
        ]
        cost = " + ".join(costs) or "0"
        derived = [
            ("currency_id", "integer", CURRENCY),
            ("cost", "numeric", cost),
            ("margin", "numeric", f"({values['revenue']}) - ({cost})"),
            ("margin_billed", "numeric", f"({values['billed']}) - ({cost})"),
        ] + [(name, "numeric", "0") for name in self._ps_ratios]
        return [(name, kind, values[name]) for name, kind, _d in VIEW_COLUMNS] + derived

    @api.private
    def _ps_view_parts(self):
        """The SELECTs of the view: ``{column: SQL expression}`` (the others
        are NULL or 0, see ``VIEW_COLUMNS``) and their ``source`` (FROM and
        WHERE); ids are ``source id x 8 + kind``."""
        return [
            # revenue: posted invoice lines and recognition entries
            {
                "id": "aml.id * 8",
                "res_model": "'account.move'",
                "res_id": "aml.move_id",
                "date": "aml.date",
                **ENGAGEMENT,
                "revenue": "-aml.balance",
                "billed": "CASE WHEN aml.ps_revenue_role IS NULL THEN -aml.balance ELSE 0 END",
                "source": """
                  FROM account_move_line aml
                  JOIN account_move move ON move.id = aml.move_id
                  JOIN ps_engagement eng ON eng.id = aml.ps_line_engagement_id
                 WHERE aml.parent_state = 'posted'
                   AND (aml.ps_revenue_role IN ('revenue', 'billed')
                        OR (aml.ps_revenue_role IS NULL
                            AND aml.display_type = 'product'
                            AND move.move_type IN ('out_invoice', 'out_refund')))
                """,
            },
            # the entity's own people's time at its cost (a subcontractor's: the buy cost)
            {
                **TIME_DIMENSIONS,
                "id": "aal.id * 8 + 1",
                "res_model": "'account.analytic.line'",
                "res_id": "aal.id",
                "cost_time": "CASE WHEN aal.ps_cost_kind = 'subcontractor' THEN 0 "
                "ELSE -aal.amount END",
                "cost_subcontractor": "CASE WHEN aal.ps_cost_kind = 'subcontractor' "
                "THEN -aal.amount ELSE 0 END",
                "source": f"""
                  FROM account_analytic_line aal
                  {OWN_TIME}
                """,
            },
            # other entities' charges: the receiver's posted bills
            {
                "id": "t.id * 8 + 2",
                "res_model": "'account.move'",
                "res_id": "bill.move_id",
                "date": "t.date",
                **ENGAGEMENT,
                "cost_intercompany": "ROUND((t.amount * bill.balance "
                "/ NULLIF(bill.amount_currency, 0))::numeric, 2)",
                "source": """
                  FROM ps_intercompany_trace t
                  JOIN account_move_line bill ON bill.id = t.bill_line_id
                  JOIN account_analytic_line aal ON aal.id = t.timesheet_id
                  JOIN ps_engagement eng ON eng.id = aal.ps_engagement_id
                 WHERE bill.parent_state = 'posted'
                """,
            },
            # the engagement's budget (no month)
            {
                "id": "eng.id * 8 + 3",
                "res_model": "'ps.engagement'",
                "res_id": "eng.id",
                **ENGAGEMENT,
                "budget_revenue": "COALESCE(eng.ps_budget_revenue, 0)",
                "budget_cost": "COALESCE(eng.ps_budget_cost, 0)",
                "source": """
                  FROM ps_engagement eng
                 WHERE COALESCE(eng.ps_budget_revenue, 0) != 0
                    OR COALESCE(eng.ps_budget_cost, 0) != 0
                """,
            },
            # expenses incurred for the engagement (billable ones come back as revenue)
            {
                "id": "ex.id * 8 + 4",
                "res_model": "'hr.expense'",
                "res_id": "ex.id",
                "date": "ex.date",
                **ENGAGEMENT,
                "employee_id": "ex.employee_id",
                "department_id": "emp.department_id",
                "job_id": "emp.job_id",
                "cost_expense": "ex.total_amount",
                "source": """
                  FROM hr_expense ex
                  JOIN ps_engagement eng ON eng.id = ex.ps_engagement_id
                  JOIN hr_employee emp ON emp.id = ex.employee_id
                 WHERE ex.state != 'refused'
                """,
            },
            # payroll variance spread over the period's time (when the company spreads it)
            {
                **TIME_DIMENSIONS,
                "id": "aal.id * 8 + 5",
                "res_model": "'ps.payroll.cost'",
                "res_id": "pc.id",
                "cost_time": "ROUND((aal.unit_amount * pc.variance_per_hour)::numeric, 2)",
                "source": f"""
                  FROM ps_payroll_cost pc
                  JOIN account_analytic_line aal
                    ON aal.employee_id = pc.employee_id
                   AND aal.date BETWEEN pc.date_from AND pc.date_to
                  {OWN_TIME}
                   AND pc.spread
                   AND pc.variance_per_hour != 0
                """,
            },
        ]
