# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models


class PsPayrollCost(models.Model):
    """The actual loaded cost of one person for one period, as the payroll
    system paid it, next to what the period's time cost at cost rates.

    ``variance`` = actual - rate-based cost, in the company's currency. When
    the company spreads the variance, ``variance_per_hour`` is what each hour
    of the period's time carries on top of its cost (the margin reports add
    it), so that the engagements bear the actual payroll cost.
    """

    _name = "ps.payroll.cost"
    _description = "Payroll Cost"
    _order = "date_from desc, employee_id"
    _check_company_auto = True

    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one(
        "res.company",
        related="employee_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    amount = fields.Monetary(
        string="Actual Cost", required=True, help="Loaded cost paid for the period."
    )
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id
    )
    external_ref = fields.Char(string="Source Reference")
    amount_company = fields.Monetary(
        string="Actual Cost (Company Currency)",
        currency_field="company_currency_id",
        readonly=True,
        help="The actual cost converted at the period's last day.",
    )
    hours = fields.Float(
        string="Hours Logged", readonly=True, help="The person's time logged in the period."
    )
    rate_cost = fields.Monetary(
        string="Cost at Cost Rates",
        currency_field="company_currency_id",
        readonly=True,
        help="What the period's time cost at the cost rates in force (company currency).",
    )
    variance = fields.Monetary(
        currency_field="company_currency_id",
        readonly=True,
        help="Actual cost minus cost at cost rates: positive when payroll cost more.",
    )
    variance_per_hour = fields.Float(
        string="Variance per Hour",
        digits=(16, 4),
        readonly=True,
        help="The variance spread over the period's hours (when the company spreads it).",
    )
    spread = fields.Boolean(
        readonly=True,
        help="The company spreads payroll variance over the period's time.",
    )

    _sql_constraints = [
        ("date_order", "CHECK (date_to >= date_from)", "A payroll period ends after it starts."),
        ("amount_positive", "CHECK (amount > 0)", "A payroll cost is positive."),
    ]

    @api.private
    def init(self):
        self.env.cr.execute(
            "SELECT 1 FROM pg_constraint WHERE conname = 'ps_payroll_cost_no_overlap'"
        )
        if not self.env.cr.fetchone():
            self.env.cr.execute(
                """
                ALTER TABLE ps_payroll_cost ADD CONSTRAINT ps_payroll_cost_no_overlap
                EXCLUDE USING gist (
                    int4range(employee_id, employee_id, '[]') WITH &&,
                    daterange(date_from, date_to, '[]') WITH &&
                )
                """
            )

    @api.depends("employee_id", "date_from", "date_to")
    def _compute_display_name(self):
        for row in self:
            row.display_name = _(
                "%(emp)s %(start)s - %(end)s",
                emp=row.employee_id.name or "",
                start=row.date_from or "",
                end=row.date_to or "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        rows = super().create(vals_list)
        rows._ps_refresh()
        return rows

    def write(self, vals):
        res = super().write(vals)
        if {"employee_id", "date_from", "date_to", "amount", "currency_id"} & set(vals):
            self._ps_refresh()
        return res

    def _ps_refresh(self):
        """Compare each period's actual cost with its time at cost rates."""
        Line = self.env["account.analytic.line"].sudo()
        for row in self.sudo():
            (hours, cost), *_rest = Line._read_group(
                [
                    ("employee_id", "=", row.employee_id.id),
                    ("project_id", "!=", False),
                    ("date", ">=", row.date_from),
                    ("date", "<=", row.date_to),
                ],
                [],
                ["unit_amount:sum", "amount:sum"],
            )
            company = row.company_id
            actual = row.currency_id._convert(row.amount, company.currency_id, company, row.date_to)
            rate_cost = -(cost or 0.0)
            variance = company.currency_id.round(actual - rate_cost)
            spread = company.ps_payroll_variance_spread
            row.write(
                {
                    "amount_company": actual,
                    "hours": hours or 0.0,
                    "rate_cost": rate_cost,
                    "variance": variance,
                    "spread": spread,
                    "variance_per_hour": variance / hours if spread and hours else 0.0,
                }
            )

    @api.model
    def _cron_refresh(self):
        """Daily: compare again the periods of the last three months (time
        arrives late)."""
        since = fields.Date.subtract(fields.Date.context_today(self), months=3)
        self.search([("date_to", ">=", since)])._ps_refresh()
