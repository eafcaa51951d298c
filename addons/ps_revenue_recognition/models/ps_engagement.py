# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from decimal import Decimal

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..pure import allocation as pure_allocation
from ..pure import methods as pure_methods
from ..pure import position as pure_position


class PsEngagement(models.Model):
    _inherit = "ps.engagement"

    ps_obligation_ids = fields.One2many(
        "ps.revenue.obligation", "engagement_id", string="Performance Obligations"
    )
    ps_transaction_price = fields.Monetary(
        string="Fixed Transaction Price",
        tracking=True,
        help="Fixed consideration of the contract, after discounts, allocated across the "
        "obligations that are not time and materials by relative standalone price.",
    )
    ps_recognised_to = fields.Date(
        string="Recognised Up To",
        readonly=True,
        copy=False,
        help="Month end of the last recognition entry posted for this engagement.",
    )
    ps_allocation_issue = fields.Char(compute="_compute_ps_allocation_issue")
    ps_standalone_total = fields.Monetary(
        compute="_compute_ps_allocation_issue", string="Sum of Standalone Prices"
    )
    ps_discount = fields.Float(compute="_compute_ps_allocation_issue", string="Discount (%)")
    ps_revenue_billed = fields.Monetary(
        string="Invoiced to Date",
        compute="_compute_ps_revenue_position",
        help="Posted customer invoices of the engagement up to today, net of credit notes, "
        "untaxed (invoice proposals are not invoiced until they are posted).",
    )
    ps_revenue_recognised = fields.Monetary(
        string="Recognised", compute="_compute_ps_revenue_position"
    )
    ps_revenue_deferred = fields.Monetary(
        string="Deferred Revenue (contract liability)", compute="_compute_ps_revenue_position"
    )
    ps_revenue_unbilled = fields.Monetary(
        string="Unbilled Receivable (contract asset)", compute="_compute_ps_revenue_position"
    )

    @api.depends(
        "ps_transaction_price", "ps_obligation_ids.standalone_price", "ps_obligation_ids.method"
    )
    def _compute_ps_allocation_issue(self):
        for eng in self:
            fixed = eng.ps_obligation_ids.filtered(lambda o: o.method != "time_material")
            ssps = [o.standalone_price for o in fixed]
            eng.ps_standalone_total = sum(ssps)
            eng.ps_discount = 100.0 * float(
                pure_allocation.discount(
                    Decimal(str(eng.ps_transaction_price)), [Decimal(str(p)) for p in ssps]
                )
            )
            eng.ps_allocation_issue = False
            if fixed or eng.ps_transaction_price:
                try:
                    eng._ps_check_allocation()
                except UserError as err:
                    eng.ps_allocation_issue = str(err.args[0])

    def _compute_ps_revenue_position(self):
        today = fields.Date.context_today(self)
        for eng in self:
            billed = eng._ps_billed(today)
            recognised = sum(eng.ps_obligation_ids._ps_posted_totals().values(), Decimal(0))
            position = pure_position.Position(recognised, billed)
            eng.ps_revenue_billed = float(billed)
            eng.ps_revenue_recognised = float(recognised)
            eng.ps_revenue_deferred = float(position.deferred)
            eng.ps_revenue_unbilled = float(position.unbilled)

    def write(self, vals):
        res = super().write(vals)
        if "ps_transaction_price" in vals:
            # a contract modification: the current period catches up
            self.ps_obligation_ids._ps_regenerate_schedule()
        return res

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_ps_create_obligations(self):
        """One obligation per line of the sale order, priced at the line's
        list price, the order's net total as the fixed transaction price."""
        for eng in self:
            order = eng.sale_order_id
            if not order:
                raise UserError(
                    _("Engagement %s has no sale order to take obligations from.", eng.display_name)
                )
            taken = eng.ps_obligation_ids.sale_line_id
            lines = order.order_line.filtered(
                lambda line, taken=taken: not line.display_type and line not in taken
            )
            if not lines:
                raise UserError(_("Every line of %s already has its obligation.", order.name))
            start = (
                order.commitment_date.date()
                if order.commitment_date
                else fields.Date.context_today(self)
            )
            vals_list, fixed_price = [], Decimal(0)
            for line in lines:
                method = eng._ps_method_of(line.product_id)
                ssp = line.price_unit * line.product_uom_qty
                if method != "time_material":
                    fixed_price += Decimal(str(line.price_subtotal))
                    if ssp <= 0:
                        raise UserError(
                            _(
                                "Line %(line)s of %(order)s has no price: give the obligation a "
                                "standalone selling price by hand.",
                                line=line.name,
                                order=order.name,
                            )
                        )
                vals = {
                    "engagement_id": eng.id,
                    "sale_line_id": line.id,
                    "name": line.name,
                    "method": method,
                    "standalone_price": ssp if method != "time_material" else 0.0,
                    "date_start": start,
                    "date_end": fields.Date.add(start, years=1, days=-1),
                }
                if method == "point_in_time":
                    milestone = eng._ps_milestone_for(line)
                    vals["milestone_id"] = milestone.id
                if method == "input_hours":
                    vals["estimate_hours"] = line.product_uom_qty
                vals_list.append(vals)
            eng.with_context(ps_revenue_no_schedule=True).write(
                {"ps_transaction_price": eng.ps_transaction_price + float(fixed_price)}
            )
            self.env["ps.revenue.obligation"].create(vals_list)
        return True

    def _ps_milestone_for(self, sale_line):
        """The engagement's milestone for a milestone-invoiced sale line,
        created for the line's amount if there is none of that name."""
        self.ensure_one()
        milestone = self.milestone_ids.filtered(lambda m: m.name == sale_line.name)[:1]
        if not milestone:
            self.write(
                {
                    "milestone_ids": [
                        Command.create({"name": sale_line.name, "amount": sale_line.price_subtotal})
                    ]
                }
            )
            milestone = self.milestone_ids.filtered(lambda m: m.name == sale_line.name)[:1]
        return milestone

    @api.model
    def _ps_method_of(self, product):
        if product.service_type == "timesheet":
            return "time_material"
        if product.service_type == "milestones":
            return "point_in_time"
        return "ratable"

    def action_ps_open_obligations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ps_revenue_recognition.ps_revenue_obligation_action"
        )
        action["domain"] = [("engagement_id", "=", self.id)]
        action["context"] = {"default_engagement_id": self.id}
        return action

    def action_ps_open_schedule(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ps_revenue_recognition.ps_revenue_schedule_line_action"
        )
        action["domain"] = [("engagement_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------
    # figures
    # ------------------------------------------------------------------
    def _ps_check_allocation(self):
        """Raise a UserError naming the obligation that cannot share the price."""
        self.ensure_one()
        fixed = self.ps_obligation_ids.filtered(lambda o: o.method != "time_material")
        if not fixed:
            if self.ps_transaction_price:
                raise UserError(
                    _(
                        "Engagement %s has a fixed transaction price but no obligation to "
                        "allocate it to.",
                        self.display_name,
                    )
                )
            return
        try:
            pure_allocation.allocate(
                Decimal(str(self.ps_transaction_price)),
                [o.standalone_price or None for o in fixed],
                self.currency_id.decimal_places,
            )
        except pure_allocation.AllocationError as err:
            culprit = fixed[err.index] if err.index is not None else None
            if culprit:
                raise UserError(
                    _(
                        "Engagement %(eng)s: obligation %(name)s has no standalone selling price; "
                        "the price cannot be allocated.",
                        eng=self.display_name,
                        name=culprit.name,
                    )
                ) from err
            raise UserError(
                _("Engagement %(eng)s: %(err)s.", eng=self.display_name, err=err)
            ) from err

    def _ps_billed(self, date_to):
        """Billed up to ``date_to``: net of posted customer invoices and credit
        notes, untaxed, in the engagement's currency (Decimal)."""
        self.ensure_one()
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("ps_line_engagement_id", "=", self.id),
                    ("display_type", "=", "product"),
                    ("move_id.move_type", "in", ("out_invoice", "out_refund")),
                    ("parent_state", "=", "posted"),
                    ("date", "<=", date_to),
                ],
                ["currency_id"],
                ["amount_currency:sum", "balance:sum"],
            )
        )
        total = Decimal(0)
        for currency, amount_currency, balance in groups:
            if currency == self.currency_id:
                total += -Decimal(str(amount_currency))
            else:
                total += -Decimal(
                    str(
                        self.company_id.currency_id._convert(
                            balance, self.currency_id, self.company_id, date_to
                        )
                    )
                )
        return total

    def _ps_posted_roles(self):
        """Balances of the contract lines of posted recognition entries:
        billed moved out of revenue (debit), unbilled (debit), deferred (credit)."""
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("ps_line_engagement_id", "=", self.id),
                    ("parent_state", "=", "posted"),
                    ("ps_revenue_role", "in", ("billed", "unbilled", "deferred")),
                ],
                ["ps_revenue_role"],
                ["amount_currency:sum"],
            )
        )
        roles = dict.fromkeys(("billed", "unbilled", "deferred"), Decimal(0))
        for role, amount in groups:
            roles[role] = Decimal(str(amount)) * (-1 if role == "deferred" else 1)
        return roles

    def _ps_last_recognised(self):
        move = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("ps_engagement_id", "=", self.id),
                    ("ps_revenue_entry", "=", True),
                    ("state", "=", "posted"),
                    ("ps_revenue_reversal", "=", False),
                    ("reversal_move_ids", "=", False),
                ],
                order="date desc",
                limit=1,
            )
        )
        return move.date

    @api.model
    def _ps_check_period_open(self, company, date_to):
        violated = company._ps_violated_lock(date_to, company.ps_revenue_journal_id)
        if violated:
            lock_date, lock_type = violated
            raise UserError(
                _(
                    "The period ending %(date)s is locked for %(company)s (%(kind)s %(lock)s): "
                    "recognise revenue in an open period.",
                    date=date_to,
                    company=company.name,
                    kind=lock_type,
                    lock=lock_date,
                )
            )

    # ------------------------------------------------------------------
    # recognition
    # ------------------------------------------------------------------
    def _ps_recognise(self, date_to, run=None):
        """Post the entry that brings this engagement's books to what is
        earned and billed at ``date_to``; an empty recordset when they are
        already there. Raises UserError, posting nothing, when it cannot."""
        self.ensure_one()
        eng = self.sudo().with_company(self.company_id)
        eng.env.cr.execute("SELECT id FROM ps_engagement WHERE id = %s FOR UPDATE", [eng.id])
        company = eng.company_id
        accounts = company._ps_revenue_accounts()
        eng._ps_check_period_open(company, date_to)
        last = eng._ps_last_recognised()
        if last and pure_methods.month_end(last) > pure_methods.month_end(date_to):
            raise UserError(
                _(
                    "Engagement %(eng)s is already recognised up to %(last)s: periods are "
                    "recognised in order. Reverse the later run first.",
                    eng=eng.display_name,
                    last=last,
                )
            )
        eng._ps_check_allocation()
        obligations = eng.ps_obligation_ids
        if not obligations:
            return eng.env["account.move"]
        target = {ob.id: ob._ps_cumulative(date_to) for ob in obligations}
        posted = obligations._ps_posted_totals()
        roles = eng._ps_posted_roles()
        entry = pure_position.entry(
            target,
            posted,
            eng._ps_billed(date_to),
            roles["billed"],
            roles["unbilled"],
            roles["deferred"],
        )
        if entry.empty:
            return eng.env["account.move"]
        move = eng._ps_create_entry(entry, accounts, date_to, run)
        # written, not only locked: under REPEATABLE READ a concurrent run of
        # this engagement then fails to serialise and is retried, after which
        # it finds nothing left to post
        eng.ps_recognised_to = date_to
        obligations._ps_regenerate_schedule()
        return move

    def _ps_create_entry(self, entry, accounts, date_to, run):
        company = self.company_id
        currency = self.currency_id
        distribution = (
            {str(self.analytic_account_id.id): 100} if self.analytic_account_id else False
        )
        obligations = {ob.id: ob for ob in self.ps_obligation_ids}
        labels = {
            "billed": _("Billed revenue of %s moved to the contract position", self.reference),
            "unbilled": _("Unbilled receivable (contract asset) %s", self.reference),
            "deferred": _("Deferred revenue (contract liability) %s", self.reference),
        }
        lines = []
        for role, key, amount in entry.lines():
            balance = currency._convert(float(amount), company.currency_id, company, date_to)
            vals = {
                "name": obligations[key].name if key else labels[role],
                "account_id": accounts[role].id,
                "partner_id": self.partner_id.commercial_partner_id.id,
                "currency_id": currency.id,
                "amount_currency": float(amount),
                "balance": balance,
                "ps_revenue_role": role,
                "ps_obligation_id": key or False,
            }
            if role in ("revenue", "billed") and distribution:
                vals["analytic_distribution"] = distribution
            lines.append(vals)
        # conversion rounding must not unbalance the entry
        for vals in lines:
            vals["balance"] = company.currency_id.round(vals["balance"])
        diff = company.currency_id.round(sum(vals["balance"] for vals in lines))
        if diff:
            biggest = max(lines, key=lambda vals: abs(vals["balance"]))
            biggest["balance"] -= diff
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": company.ps_revenue_journal_id.id,
                "company_id": company.id,
                "date": date_to,
                "ref": _("Revenue recognition %(eng)s %(date)s", eng=self.reference, date=date_to),
                "ps_engagement_id": self.id,
                "ps_revenue_run_id": run.id if run else False,
                "ps_revenue_entry": True,
                "line_ids": [Command.create(vals) for vals in lines],
            }
        )
        move.action_post()
        return move
