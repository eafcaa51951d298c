# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from odoo.addons.ps_billing_rules.pure import kinds
from odoo.addons.ps_costing.billing_model import KIND as EXPENSE
from odoo.addons.ps_costing.billing_model import SOURCE as EXPENSE_SOURCE


class PsEngagement(models.Model):
    _inherit = "ps.engagement"

    ps_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    ps_budget_revenue = fields.Monetary(
        string="Budget Revenue",
        currency_field="ps_company_currency_id",
        tracking=True,
        help="Revenue planned for the whole engagement, in the company's currency: the "
        "Margin report shows it against the revenue recognised.",
    )
    ps_budget_cost = fields.Monetary(
        string="Budget Cost",
        currency_field="ps_company_currency_id",
        tracking=True,
        help="Cost planned for the whole engagement (time, expenses, subcontractors, "
        "intercompany charges), in the company's currency: the Margin report shows it "
        "against the actual cost.",
    )

    def _ps_wip_rows(self, as_of):
        """WIP rows of this engagement on ``as_of``: what its next run bills
        of time and expenses (its plan, nothing written), what it would hold
        over a cap, and what its draft proposals bill of them."""
        self.ensure_one()
        amounts = {}  # (stage, model, id): [hours, amount, rate, held amount]
        plan = self._ps_plan(as_of).result
        for line in plan.lines:
            for trace in line.traces:
                source = self._ps_wip_source(trace.kind, trace.key)
                if source:
                    rate = trace.rate if trace.rate is not None else line.unit_price
                    bucket = amounts.setdefault(("unbilled", *source), [0.0, 0.0, 0.0, 0.0])
                    bucket[0] += float(trace.hours)
                    bucket[1] += float(trace.amount)
                    bucket[2] = float(rate)
        if plan.held:
            # held over a cap: not billable as things stand, so not in the
            # value; its worth at the billing rate is shown apart
            rates = {item.key: item.rate for item in self._time_items(as_of, lock=False)[0]}
            for key, hours in plan.held:
                rate = float(rates[key])
                bucket = amounts.setdefault(
                    ("held", "account.analytic.line", key), [0.0, 0.0, rate, 0.0]
                )
                bucket[0] += float(hours)
                bucket[3] += self.currency_id.round(float(hours) * rate)
        for trace in self.trace_ids.filtered(lambda t: t.move_state == "draft"):
            if trace.kind in kinds.TIME_BILLED and trace.timesheet_id:
                source = ("account.analytic.line", trace.timesheet_id.id)
            elif trace.expense_id:
                source = ("hr.expense", trace.expense_id.id)
            else:
                continue
            bucket = amounts.setdefault(("proposed", *source), [0.0, 0.0, 0.0, 0.0])
            bucket[0] += trace.hours
            bucket[1] += trace.amount
            bucket[2] = trace.rate
        records = {
            model: {rec.id: rec for rec in self.env[model].browse(ids)}
            for model, ids in (
                (m, {i for _s, mm, i in amounts if mm == m})
                for m in ("account.analytic.line", "hr.expense")
            )
        }
        rows = []
        for (stage, model, res_id), (hours, amount, rate, held) in sorted(amounts.items()):
            record = records[model][res_id]
            is_time = model == "account.analytic.line"
            rows.append(
                {
                    "engagement_id": self.id,
                    "company_id": self.company_id.id,
                    "partner_id": self.partner_id.id,
                    "currency_id": self.currency_id.id,
                    "kind": "time" if is_time else "expense",
                    "timesheet_id": res_id if is_time else False,
                    "expense_id": False if is_time else res_id,
                    "employee_id": record.employee_id.id,
                    "department_id": record.employee_id.department_id.id,
                    "job_id": record.employee_id.job_id.id,
                    "date": record.date,
                    "stage": stage,
                    "hours": round(hours, 2),
                    "rate": rate if is_time else 0.0,
                    "amount": round(amount, 2),
                    "held_amount": round(held, 2),
                    "res_model": model,
                    "res_id": res_id,
                }
            )
        return rows

    @api.model
    def _ps_wip_source(self, kind, key):
        """``(model, id)`` of what a plan trace bills, when it is WIP."""
        if kind in kinds.TIME_BILLED and isinstance(key, int):
            return "account.analytic.line", key
        if kind == EXPENSE and isinstance(key, tuple) and key[0] == EXPENSE_SOURCE:
            return "hr.expense", key[1]
        return None
