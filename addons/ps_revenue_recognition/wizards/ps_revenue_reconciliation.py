# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from decimal import Decimal

from odoo import _, api, fields, models

from ..pure import position as pure_position


class PsRevenueReconciliation(models.TransientModel):
    """Reconcile the revenue subledger (obligations and invoices) with the
    general ledger accounts at a date, per engagement."""

    _name = "ps.revenue.reconciliation"
    _description = "Revenue Reconciliation to the General Ledger"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date = fields.Date(string="As of", required=True, default=fields.Date.context_today)
    line_ids = fields.One2many("ps.revenue.reconciliation.line", "wizard_id", readonly=True)
    difference_count = fields.Integer(compute="_compute_difference_count")
    unlinked_deferred = fields.Monetary(
        string="Deferred Account, Not Linked",
        currency_field="company_currency_id",
        readonly=True,
        help="Balance of the deferred revenue account from items of no engagement.",
    )
    unlinked_unbilled = fields.Monetary(
        string="Unbilled Account, Not Linked",
        currency_field="company_currency_id",
        readonly=True,
        help="Balance of the unbilled receivable account from items of no engagement.",
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id")

    @api.depends("line_ids.difference")
    def _compute_difference_count(self):
        for wizard in self:
            wizard.difference_count = len(wizard.line_ids.filtered("difference"))

    def action_compute(self):
        self.ensure_one()
        company = self.company_id
        accounts = company._ps_revenue_accounts()
        Line = self.env["account.move.line"].sudo()
        roles = {
            "deferred": accounts["deferred"],
            "unbilled": accounts["unbilled"],
            "revenue": accounts["revenue"],
        }
        gl = {}
        for engagement, account, amount in Line._read_group(
            [
                ("company_id", "=", company.id),
                ("parent_state", "=", "posted"),
                ("date", "<=", self.date),
                ("account_id", "in", [a.id for a in roles.values()]),
            ],
            ["ps_line_engagement_id", "account_id"],
            ["amount_currency:sum"],
        ):
            gl[(engagement.id, account.id)] = Decimal(str(amount))
        engagements = self.env["ps.engagement"].search(
            [("company_id", "=", company.id), ("ps_obligation_ids", "!=", False)]
        )
        vals_list = []
        for eng in engagements:
            recognised = sum(
                eng.ps_obligation_ids._ps_posted_totals(self.date).values(), Decimal(0)
            )
            billed = eng._ps_billed(self.date)
            position = pure_position.Position(recognised, billed)
            vals_list.append(
                {
                    "wizard_id": self.id,
                    "engagement_id": eng.id,
                    "currency_id": eng.currency_id.id,
                    "billed": float(billed),
                    "recognised": float(recognised),
                    "deferred": float(position.deferred),
                    "unbilled": float(position.unbilled),
                    "gl_revenue": float(-gl.get((eng.id, accounts["revenue"].id), 0)),
                    "gl_deferred": float(-gl.get((eng.id, accounts["deferred"].id), 0)),
                    "gl_unbilled": float(gl.get((eng.id, accounts["unbilled"].id), 0)),
                }
            )
        self.line_ids.unlink()
        self.env["ps.revenue.reconciliation.line"].create(vals_list)
        self.unlinked_deferred = float(-gl.get((False, accounts["deferred"].id), 0))
        self.unlinked_unbilled = float(gl.get((False, accounts["unbilled"].id), 0))
        return {
            "type": "ir.actions.act_window",
            "name": _("Revenue Reconciliation"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }


class PsRevenueReconciliationLine(models.TransientModel):
    _name = "ps.revenue.reconciliation.line"
    _description = "Revenue Reconciliation Line"
    _order = "difference desc, engagement_id"

    wizard_id = fields.Many2one("ps.revenue.reconciliation", required=True, ondelete="cascade")
    engagement_id = fields.Many2one("ps.engagement", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    billed = fields.Monetary(readonly=True)
    recognised = fields.Monetary(string="Recognised (subledger)", readonly=True)
    deferred = fields.Monetary(string="Deferred (subledger)", readonly=True)
    unbilled = fields.Monetary(string="Unbilled (subledger)", readonly=True)
    gl_revenue = fields.Monetary(string="Revenue (ledger)", readonly=True)
    gl_deferred = fields.Monetary(string="Deferred (ledger)", readonly=True)
    gl_unbilled = fields.Monetary(string="Unbilled (ledger)", readonly=True)
    difference = fields.Boolean(compute="_compute_difference", store=True)

    @api.depends("recognised", "deferred", "unbilled", "gl_revenue", "gl_deferred", "gl_unbilled")
    def _compute_difference(self):
        for line in self:
            cur = line.currency_id
            line.difference = any(
                not cur.is_zero(a - b)
                for a, b in (
                    (line.recognised, line.gl_revenue),
                    (line.deferred, line.gl_deferred),
                    (line.unbilled, line.gl_unbilled),
                )
            )
