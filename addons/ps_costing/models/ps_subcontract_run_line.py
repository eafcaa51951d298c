# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import Command, _, fields, models
from odoo.exceptions import UserError


class PsSubcontractRunLine(models.Model):
    """One vendor of a subcontractor run: its job, its outcome, its bill."""

    _name = "ps.subcontract.run.line"
    _inherit = ["ps.engagement.run.line.mixin"]
    _description = "Subcontractor Run Vendor"

    run_id = fields.Many2one("ps.subcontract.run", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    engagement_id = fields.Many2one(required=False)
    vendor_id = fields.Many2one("res.partner", required=True)
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("done", "Bill proposed"),
            ("nothing", "Nothing to bill"),
            ("failed", "Failed"),
        ],
        default="queued",
        required=True,
    )
    move_id = fields.Many2one(string="Bill Proposal")

    def _enqueue(self):
        self._enqueue_jobs(
            "root.ps_costing",
            "_run_vendor_bill",
            lambda line: line.env._(
                "Subcontractor bill of %(vendor)s up to %(date)s",
                vendor=line.vendor_id.display_name,
                date=line.run_id.date_to,
            ),
        )

    def _related_action_engagement(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Vendor"),
            "res_model": "res.partner",
            "res_id": self.vendor_id.id,
            "view_mode": "form",
        }

    def _run_vendor_bill(self):
        """Job: propose one vendor's bill for the run's period (private: queue_job runs it)."""
        self.ensure_one()
        message = self._perform(lambda: self.sudo()._bill_vendor())
        return message or (self.move_id.display_name if self.move_id else "nothing to bill")

    def _bill_vendor(self):
        """The vendor's draft bill of its subcontractors' approved hours not
        billed yet, at the buy rates in force on their dates: the difference
        between each entry's buy cost now and its traces on live bills."""
        self.ensure_one()
        run, vendor = self.run_id, self.vendor_id
        Line = self.env["account.analytic.line"]
        entries = Line.search(run._hours_domain(vendor))
        if not entries:
            return self.env["account.move"]
        # two runs billing the same hours: the second waits, then fails to
        # serialise and is retried, and finds them billed
        self.env.cr.execute(
            "SELECT id FROM account_analytic_line WHERE id IN %s FOR UPDATE", [tuple(entries.ids)]
        )
        billed = defaultdict(lambda: [0.0, 0.0])
        for trace in self.env["ps.subcontract.trace"].search(
            [("timesheet_id", "in", entries.ids), ("move_state", "!=", "cancel")]
        ):
            billed[trace.timesheet_id.id][0] += trace.hours
            billed[trace.timesheet_id.id][1] += trace.amount
        # (currency, employee, engagement, adjustment) -> [(entry, hours, amount)]
        groups = defaultdict(list)
        for entry in entries.sorted(lambda e: (e.date, e.id)):
            hours, amount, currency = entry._ps_buy_cost()
            b_hours, b_amount = billed[entry.id]
            d_hours = round(hours - b_hours, 2)
            d_amount = currency.round(amount - b_amount)
            if not d_hours and currency.is_zero(d_amount):
                continue
            adjustment = bool(b_hours or b_amount)
            key = (
                currency,
                entry.employee_id,
                entry.ps_engagement_id or entry.project_id,
                adjustment,
            )
            groups[key].append((entry, d_hours, d_amount))
        entries.write({"ps_vendor_to_bill": False})
        if not groups:
            return self.env["account.move"]
        by_currency = defaultdict(list)
        for key, items in groups.items():
            by_currency[key[0]].append((key, items))
        moves = self.env["account.move"]
        for currency, group_list in by_currency.items():
            moves |= self._create_bill(currency, group_list)
        return moves[:1]

    def _create_bill(self, currency, group_list):
        """The draft bill: one line per person, place and kind; its taxes are
        the ones Odoo's purchase flow gives (the subcontract product's vendor
        taxes, else its account's purchase taxes, mapped by the vendor's
        fiscal position), computed by the bill itself."""
        run, vendor = self.run_id, self.vendor_id
        company = run.company_id
        journal = run._journal()
        product = company.ps_subcontract_product_id
        if not journal:
            raise UserError(_("%s has no purchase journal for subcontractor bills.", company.name))
        total = sum(amount for __, items in group_list for __, __, amount in items)
        refund = currency.compare_amounts(total, 0.0) < 0
        sign = -1 if refund else 1
        line_vals = []
        for (__, employee, where, adjustment), items in group_list:
            hours = round(sum(h for __, h, __ in items), 2)
            amount = currency.round(sum(a for __, __, a in items))
            label = _(
                "%(who)s on %(where)s: %(hours)s h",
                who=employee.name,
                where=where.display_name,
                hours=hours,
            )
            if adjustment:
                label = _("Adjustment: %s", label)
            account = (
                where.analytic_account_id if where._name == "ps.engagement" else where.account_id
            )
            vals = {
                "name": label,
                "quantity": 1.0,
                "price_unit": sign * amount,
                "analytic_distribution": {str(account.id): 100} if account else False,
            }
            if product:
                vals["product_id"] = product.id
                vals["name"] = label
            line_vals.append(Command.create(vals))
        move = self.env["account.move"].create(
            {
                "move_type": "in_refund" if refund else "in_invoice",
                "partner_id": vendor.id,
                "currency_id": currency.id,
                "company_id": company.id,
                "journal_id": journal.id,
                "invoice_date": run.date_to,
                "ref": _("Subcontracted hours up to %s", run.date_to),
                "ps_subcontract_run_id": run.id,
                "invoice_line_ids": line_vals,
            }
        )
        trace_vals = []
        for ((__, __, __, adjustment), items), aml in zip(
            group_list, move.invoice_line_ids.sorted("id"), strict=True
        ):
            for entry, hours, amount in items:
                trace_vals.append(
                    {
                        "timesheet_id": entry.id,
                        "move_line_id": aml.id,
                        "engagement_id": entry.ps_engagement_id.id,
                        "vendor_id": vendor.id,
                        "company_id": company.id,
                        "run_id": run.id,
                        "hours": hours,
                        "amount": amount,
                        "is_adjustment": adjustment,
                    }
                )
        self.env["ps.subcontract.trace"].create(trace_vals)
        return move
