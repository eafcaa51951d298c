# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

#: a change to one of these changes what time costs
RECOST_FIELDS = {"employee_id", "date_from", "date_to", "hourly_cost", "currency_id"}


class PsCostRate(models.Model):
    """What one hour of a person costs the firm from a date on: loaded
    salary for an employee, the buy rate for a subcontractor.

    Rates of one person never overlap (PostgreSQL refuses it, so two writers
    cannot both insert one); ``date_to`` empty means "until further notice".
    Time is costed at the rate in force on its date; a rate change re-costs
    the time of open periods only, a locked period keeps its cost.
    """

    _name = "ps.cost.rate"
    _description = "Cost Rate"
    _order = "employee_id, date_from desc"
    _check_company_auto = True

    # the rate's company is its person's: no check_company here (its domain
    # would offer a new rate only the people of its still empty company)
    employee_id = fields.Many2one("hr.employee", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(
        "res.company",
        related="employee_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    date_from = fields.Date(string="From", required=True, help="First day the rate applies.")
    date_to = fields.Date(
        string="To", help="Last day the rate applies; empty: until a later rate starts."
    )
    hourly_cost = fields.Monetary(
        required=True,
        help="Loaded cost of one hour (salary and overheads), or a subcontractor's buy rate.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    external_ref = fields.Char(
        string="Source Reference", help="The rate's key in the HR or payroll system."
    )

    _sql_constraints = [
        (
            "date_order",
            "CHECK (date_to IS NULL OR date_to >= date_from)",
            "A cost rate ends on or after the day it starts.",
        ),
        ("cost_positive", "CHECK (hourly_cost >= 0)", "A cost rate is not negative."),
    ]

    @api.private
    def init(self):
        # one person, one rate a day: an exclusion constraint, so that two
        # concurrent transactions cannot both insert overlapping rates
        # (int4range over the id avoids needing the btree_gist extension)
        self.env.cr.execute("SELECT 1 FROM pg_constraint WHERE conname = 'ps_cost_rate_no_overlap'")
        if not self.env.cr.fetchone():
            self.env.cr.execute(
                """
                ALTER TABLE ps_cost_rate ADD CONSTRAINT ps_cost_rate_no_overlap
                EXCLUDE USING gist (
                    int4range(employee_id, employee_id, '[]') WITH &&,
                    daterange(date_from, date_to, '[]') WITH &&
                )
                """
            )

    @api.depends("employee_id", "date_from", "date_to", "hourly_cost", "currency_id")
    def _compute_display_name(self):
        for rate in self:
            rate.display_name = _(
                "%(emp)s %(amount)s %(cur)s/h from %(start)s",
                emp=rate.employee_id.name or "",
                amount=rate.hourly_cost,
                cur=rate.currency_id.name or "",
                start=rate.date_from or "",
            )

    @api.constrains("employee_id", "date_from", "date_to")
    def _check_overlap(self):
        # the same rule as the exclusion constraint, with a message a user
        # reads; checked before the row is written too (the database refuses
        # at the insert, before Odoo's constraints run)
        for rate in self:
            rate._raise_overlap()

    def _raise_overlap(self):
        for rate in self:
            other = rate._overlapping()
            if other:
                raise ValidationError(
                    _(
                        "Cost rate of %(emp)s from %(start)s overlaps the rate %(other)s.",
                        emp=rate.employee_id.name,
                        start=rate.date_from,
                        other=other[:1].display_name,
                    )
                )

    def _overlapping(self):
        self.ensure_one()
        domain = [
            ("id", "!=", self._origin.id or 0),
            ("employee_id", "=", self.employee_id.id),
            "|",
            ("date_to", "=", False),
            ("date_to", ">=", self.date_from),
        ]
        if self.date_to:
            domain.append(("date_from", "<=", self.date_to))
        return self.sudo().with_context(active_test=False).search(domain)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self.new(vals)._raise_overlap()
        rates = super().create(vals_list)
        self._recost(rates._spans())
        return rates

    def write(self, vals):
        if not RECOST_FIELDS & set(vals):
            return super().write(vals)
        if {"employee_id", "date_from", "date_to"} & set(vals):
            for rate in self:
                values = {
                    "employee_id": rate.employee_id.id,
                    "date_from": rate.date_from,
                    "date_to": rate.date_to,
                }
                values.update({k: v for k, v in vals.items() if k in values})
                rate.new(values, origin=rate)._raise_overlap()
        before = self._spans()
        if {"employee_id", "hourly_cost", "currency_id"} & set(vals):
            self._check_locked_use()
        res = super().write(vals)
        self._check_locked_span()
        self._recost(before + self._spans())
        return res

    def unlink(self):
        spans = self._spans()
        self._check_locked_use()
        # open time costed at these rates is costed again without them
        self.env["account.analytic.line"].sudo().search(
            [("ps_cost_rate_id", "in", self.ids)]
        ).write({"ps_cost_rate_id": False})
        res = super().unlink()
        self._recost(spans)
        return res

    def _spans(self):
        return [(rate.employee_id.id, rate.date_from, rate.date_to) for rate in self]

    def _check_locked_use(self):
        """A rate that costed time of a locked period stays as it was: the
        cost of a closed period never changes. A new rate from a later date
        is the way to change it."""
        Line = self.env["account.analytic.line"].sudo()
        for rate in self:
            lock = rate.company_id._ps_lock_date()
            if lock and Line.search_count(
                [("ps_cost_rate_id", "=", rate.id), ("date", "<=", lock)], limit=1
            ):
                raise ValidationError(
                    _(
                        "The cost rate %(rate)s costed time of a locked period (up to "
                        "%(lock)s); it cannot change. Close it and start a new rate instead.",
                        rate=rate.display_name,
                        lock=lock,
                    )
                )

    def _check_locked_span(self):
        """A rate's dates may move (closing an open-ended rate when the next
        one starts) as long as the locked time it costed stays inside them."""
        Line = self.env["account.analytic.line"].sudo()
        for rate in self:
            lock = rate.company_id._ps_lock_date()
            if not lock:
                continue
            outside = [("date", "<", rate.date_from)]
            if rate.date_to:
                outside = ["|", *outside, ("date", ">", rate.date_to)]
            if Line.search_count(
                [("ps_cost_rate_id", "=", rate.id), ("date", "<=", lock), *outside], limit=1
            ):
                raise ValidationError(
                    _(
                        "The cost rate %(rate)s costed time of a locked period (up to %(lock)s) "
                        "that its new dates leave out; the cost of a locked period never changes.",
                        rate=rate.display_name,
                        lock=lock,
                    )
                )

    @api.model
    def _recost(self, spans):
        """Cost again the time of open periods that the rate spans touch
        (``(employee id, from, to)``), at the rates now in force."""
        Line = self.env["account.analytic.line"].sudo()
        lines = Line
        for employee_id, date_from, date_to in spans:
            employee = self.env["hr.employee"].sudo().browse(employee_id)
            domain = [
                ("employee_id", "=", employee_id),
                ("project_id", "!=", False),
                ("date", ">=", date_from),
            ]
            if date_to:
                domain.append(("date", "<=", date_to))
            lock = employee.company_id._ps_lock_date()
            if lock:
                domain.append(("date", ">", lock))
            lines |= Line.search(domain)
        lines._ps_recost()
        # the payroll periods compared with that time compare again
        Payroll = self.env["ps.payroll.cost"].sudo()
        rows = Payroll
        for employee_id, date_from, date_to in spans:
            domain = [("employee_id", "=", employee_id), ("date_to", ">=", date_from)]
            if date_to:
                domain.append(("date_from", "<=", date_to))
            rows |= Payroll.search(domain)
        rows._ps_refresh()

    @api.model
    def _rate_at(self, employee, day):
        """The rate of ``employee`` in force on ``day`` (empty if none)."""
        return self.sudo().search(
            [
                ("employee_id", "=", employee.id),
                ("date_from", "<=", day),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", day),
            ],
            limit=1,
        )
