# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from decimal import Decimal

from odoo import _, api, fields, models
from odoo.tools.misc import format_date

from ..pure import position as pure_position

FIGURES = [
    ("revenue", "Recognised revenue"),
    ("deferred", "Deferred revenue (contract liability)"),
    ("unbilled", "Unbilled receivable (contract asset)"),
]


class PsRevenueReconciliation(models.TransientModel):
    """Reconcile the revenue subledger (obligations and invoices) with the
    general ledger accounts at a date: one row per engagement and figure
    (recognised revenue, deferred revenue, unbilled receivable), the
    subledger's amount, the ledger's, and the difference; plus the balances
    of the contract accounts that no engagement explains."""

    _name = "ps.revenue.reconciliation"
    _description = "Revenue Reconciliation to the General Ledger"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date = fields.Date(string="As of", required=True, default=fields.Date.context_today)
    line_ids = fields.One2many("ps.revenue.reconciliation.line", "wizard_id", readonly=True)
    difference_count = fields.Integer(
        string="Rows With a Difference", compute="_compute_difference_count"
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id")

    @api.depends("company_id", "date")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = _("Reconcile to the Ledger")

    def _report_title(self):
        return _(
            "%(company)s: revenue subledger against the ledger as of %(date)s",
            company=self.company_id.name,
            date=format_date(self.env, self.date),
        )

    @api.depends("line_ids.difference")
    def _compute_difference_count(self):
        for wizard in self:
            wizard.difference_count = len(wizard.line_ids.filtered("has_difference"))

    def action_compute(self):
        """Compute the rows and show them as a report."""
        self.ensure_one()
        self._compute_lines()
        return {
            "type": "ir.actions.act_window",
            "name": self._report_title(),
            "res_model": "ps.revenue.reconciliation.line",
            "view_mode": "list",
            "views": [
                (
                    self.env.ref(
                        "ps_revenue_recognition.ps_revenue_reconciliation_line_view_tree"
                    ).id,
                    "list",
                )
            ],
            "search_view_id": self.env.ref(
                "ps_revenue_recognition.ps_revenue_reconciliation_line_view_search"
            ).id,
            "domain": [("wizard_id", "=", self.id)],
            "context": {"search_default_group_figure": 1},
            "target": "current",
        }

    def _compute_lines(self):
        company = self.company_id
        accounts = company._ps_revenue_accounts()
        account_ids = {role: accounts[role].id for role, __ in FIGURES}
        gl = {}
        for engagement, account, amount in (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("parent_state", "=", "posted"),
                    ("date", "<=", self.date),
                    ("account_id", "in", list(account_ids.values())),
                ],
                ["ps_line_engagement_id", "account_id"],
                ["amount_currency:sum"],
            )
        ):
            gl[(engagement.id, account.id)] = Decimal(str(amount))

        def ledger(engagement_id, role):
            # revenue and deferred revenue are credits, the contract asset a debit
            amount = gl.get((engagement_id, account_ids[role]), Decimal(0))
            return amount if role == "unbilled" else -amount

        engagements = self.env["ps.engagement"].search(
            [("company_id", "=", company.id), ("ps_obligation_ids", "!=", False)]
        )
        vals_list = []
        for eng in engagements:
            recognised = sum(
                eng.ps_obligation_ids._ps_posted_totals(self.date).values(), Decimal(0)
            )
            position = pure_position.Position(recognised, eng._ps_billed(self.date))
            subledger = {
                "revenue": recognised,
                "deferred": position.deferred,
                "unbilled": position.unbilled,
            }
            for role, __ in FIGURES:
                vals_list.append(
                    {
                        "wizard_id": self.id,
                        "engagement_id": eng.id,
                        "figure": role,
                        "currency_id": eng.currency_id.id,
                        "subledger": float(subledger[role]),
                        "ledger": float(ledger(eng.id, role)),
                    }
                )
        # contract account balances that no engagement explains
        for role in ("deferred", "unbilled"):
            amount = ledger(False, role)
            if amount:
                vals_list.append(
                    {
                        "wizard_id": self.id,
                        "figure": role,
                        "currency_id": company.currency_id.id,
                        "subledger": 0.0,
                        "ledger": float(amount),
                    }
                )
        self.line_ids.unlink()
        self.env["ps.revenue.reconciliation.line"].create(vals_list)


class PsRevenueReconciliationLine(models.TransientModel):
    """One figure of one engagement: the subledger against the ledger."""

    _name = "ps.revenue.reconciliation.line"
    _description = "Revenue Reconciliation Line"
    _order = "has_difference desc, engagement_id, figure"

    wizard_id = fields.Many2one("ps.revenue.reconciliation", required=True, ondelete="cascade")
    engagement_id = fields.Many2one("ps.engagement", readonly=True)
    partner_id = fields.Many2one(related="engagement_id.partner_id", string="Customer", store=True)
    figure = fields.Selection(FIGURES, required=True, readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    subledger = fields.Monetary(
        readonly=True,
        help="What the obligations and posted invoices say: recognised revenue to date, "
        "and the contract position (deferred revenue when invoiced exceeds recognised, "
        "unbilled receivable when recognised exceeds invoiced).",
    )
    ledger = fields.Monetary(
        string="General Ledger",
        readonly=True,
        help="Balance of the figure's account on posted journal items of the engagement up "
        "to the date (company settings: Revenue Recognition).",
    )
    difference = fields.Monetary(
        compute="_compute_difference",
        store=True,
        help="Subledger minus general ledger: zero when they reconcile.",
    )
    has_difference = fields.Boolean(compute="_compute_difference", store=True)

    @api.depends("subledger", "ledger", "currency_id")
    def _compute_difference(self):
        for line in self:
            line.difference = line.currency_id.round(line.subledger - line.ledger)
            line.has_difference = not line.currency_id.is_zero(line.difference)

    @api.depends("engagement_id", "figure")
    def _compute_display_name(self):
        figures = dict(FIGURES)
        for line in self:
            engagement = line.engagement_id.display_name or _("Not linked to an engagement")
            line.display_name = f"{engagement}: {figures.get(line.figure, '')}"
