# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from decimal import Decimal

from odoo import fields, models

from ..billing_model import SOURCE
from ..pure import expense_billing


class PsEngagement(models.Model):
    _inherit = "ps.engagement"

    ps_expense_markup = fields.Float(
        string="Expense Markup (%)",
        digits=(5, 2),
        help="Billable expenses are re-invoiced at cost plus this percentage (0: at cost).",
    )
    ps_expense_ids = fields.One2many("hr.expense", "ps_engagement_id", string="Expenses")

    _sql_constraints = [
        (
            "ps_expense_markup_positive",
            "CHECK (ps_expense_markup >= 0)",
            "The expense markup is not negative.",
        )
    ]

    def _ps_billing_inputs_expense(self, date_to):
        """The expense re-billing model's inputs: billable expenses dated up to
        the run (not in the future) changed since billed, and expenses billed
        here before that are no longer billable here (credited)."""
        self.ensure_one()
        limit = min(date_to, fields.Date.context_today(self))
        Expense = self.env["hr.expense"].sudo()
        expenses = Expense.search(
            [
                ("ps_engagement_id", "=", self.id),
                ("ps_to_bill", "=", True),
                ("date", "<=", limit),
            ]
        )
        traces = (
            self.env["ps.billing.trace"]
            .sudo()
            .search(
                [
                    ("engagement_id", "=", self.id),
                    ("expense_id", "!=", False),
                    ("move_state", "!=", "cancel"),
                ]
            )
        )
        billed = defaultdict(Decimal)
        for trace in traces:
            billed[trace.expense_id.id] += Decimal(str(trace.amount))
        expenses |= traces.expense_id.filtered(lambda e: e.ps_engagement_id != self)
        lang = self.partner_id.lang or self.env.lang
        items = []
        for expense in expenses.with_context(lang=lang):
            billable = (
                expense.ps_engagement_id == self
                and expense.ps_billable
                and expense.state != "refused"
            )
            if not billable and not billed[expense.id]:
                continue
            cost = expense.company_currency_id._convert(
                expense.total_amount, self.currency_id, self.company_id, expense.date
            )
            label = expense.env._(
                "Expense %(date)s: %(name)s", date=expense.date, name=expense.name
            )
            items.append(
                expense_billing.ExpenseItem(
                    expense.id,
                    label,
                    expense.env._("Adjustment: %s", label),
                    Decimal(str(cost)),
                    Decimal(str(self.ps_expense_markup)),
                    billed[expense.id],
                    billable,
                )
            )
        return items

    def _ps_trace_source_vals(self, key, move_line):
        if key[0] == SOURCE:
            return {"expense_id": key[1]}
        return super()._ps_trace_source_vals(key, move_line)

    def _bill(self, date_to, run=None):
        move = super()._bill(date_to, run=run)
        if move:
            traces = (
                self.env["ps.billing.trace"]
                .sudo()
                .search([("move_id", "=", move.id), ("expense_id", "!=", False)])
            )
            traces.expense_id.filtered(lambda e: e.ps_engagement_id == self).with_context(
                ps_billing=True
            ).sudo().write({"ps_to_bill": False})
        return move
