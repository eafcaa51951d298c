# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from decimal import Decimal

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.ps_billing_rules.models.ps_rate_card import RateRefused
from odoo.addons.ps_billing_rules.pure import billing_models as billing_pure_models
from odoo.addons.ps_billing_rules.pure import plan as billing_pure_plan

from ..pure import charge as pure_charge
from ..pure import mirror as pure_mirror
from ..pure import pricing as pure_pricing

#: the billing plan's time-and-materials model, without caps: differences,
#: adjustments and shares exactly as customer billing charges them
TIME_MODEL = next(m for m in billing_pure_models.MODELS if m.name == "time_and_materials")


class PsIntercompanyAgreement(models.Model):
    """Transfer pricing between two entities: the provider employs the
    consultants, the receiver sells the engagement. Its consultants' approved
    time on the receiver's projects is charged by intercompany runs at the
    agreement's transfer rate: the provider's customer invoice to the
    receiver and, in the receiver, the mirrored vendor bill.

    Who may change it: accounting managers allowed in both entities (it
    commits the receiver to pay). Users of either entity read it.
    """

    _name = "ps.intercompany.agreement"
    _description = "Intercompany Agreement"
    _inherit = ["mail.thread"]
    _order = "provider_company_id, receiver_company_id"

    name = fields.Char(compute="_compute_name", store=True)
    active = fields.Boolean(default=True, tracking=True)
    provider_company_id = fields.Many2one(
        "res.company",
        string="Provider Entity",
        required=True,
        tracking=True,
        help="Employs the consultants; invoices the receiver.",
    )
    receiver_company_id = fields.Many2one(
        "res.company",
        string="Receiver Entity",
        required=True,
        tracking=True,
        help="Sells the engagement; receives the mirrored vendor bill.",
    )
    method = fields.Selection(
        [
            (pure_pricing.COST_PLUS, "Cost plus markup"),
            (pure_pricing.RATE_CARD, "Transfer rate card"),
        ],
        required=True,
        default=pure_pricing.COST_PLUS,
        tracking=True,
    )
    markup_percent = fields.Float(
        string="Markup (%)",
        tracking=True,
        help="Cost plus: the employee's hourly cost x (1 + markup %).",
    )
    rate_card_id = fields.Many2one(
        "ps.rate.card",
        string="Transfer Rate Card",
        tracking=True,
        help="A rate card of the provider (by employee or role, effective dates, "
        "its currency); a line for the receiver's partner as customer wins over "
        "the general one.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        tracking=True,
        help="Currency of both documents; each entity's books convert at the invoice date's rate.",
    )
    payment_term_id = fields.Many2one(
        "account.payment.term",
        tracking=True,
        domain=[("company_id", "=", False)],
        help="A shared payment term, on the invoice and on the bill.",
    )
    revenue_account_id = fields.Many2one(
        "account.account",
        string="Intercompany Revenue Account",
        required=True,
        tracking=True,
        help="The provider's account for the invoice lines.",
    )
    cost_account_id = fields.Many2one(
        "account.account",
        string="Intercompany Cost Account",
        required=True,
        tracking=True,
        help="The receiver's account for the bill lines.",
    )
    provider_tax_ids = fields.Many2many(
        "account.tax",
        "ps_intercompany_agreement_provider_tax_rel",
        "agreement_id",
        "tax_id",
        string="Invoice Taxes",
        tracking=True,
        domain="[('company_id', '=', provider_company_id), ('type_tax_use', '=', 'sale')]",
        help="The provider's sales taxes on its invoice lines: none for an export of "
        "services (reverse charge: the receiver self-assesses), or the VAT the provider "
        "charges. Prices exclude tax.",
    )
    receiver_tax_ids = fields.Many2many(
        "account.tax",
        "ps_intercompany_agreement_receiver_tax_rel",
        "agreement_id",
        "tax_id",
        string="Bill Taxes",
        tracking=True,
        domain="[('company_id', '=', receiver_company_id), ('type_tax_use', '=', 'purchase')]",
        help="The receiver's purchase taxes on its mirrored bill lines: a reverse charge "
        "tax (due and deductible, nothing to pay the provider), or the input VAT of what "
        "the provider charges. The bill must total what the invoice totals, or the run "
        "refuses the charge.",
    )
    last_charged_date = fields.Date(readonly=True, copy=False)
    provider_currency_id = fields.Many2one(
        related="provider_company_id.currency_id", string="Provider Currency"
    )
    revenue_charged = fields.Monetary(
        string="Intercompany Revenue",
        currency_field="provider_currency_id",
        compute="_compute_provider_margin",
        help="Live intercompany invoices, untaxed, in the provider's currency.",
    )
    consultant_cost = fields.Monetary(
        string="Consultants' Cost",
        currency_field="provider_currency_id",
        compute="_compute_provider_margin",
        help="The charged hours at the consultants' hourly cost.",
    )
    provider_margin = fields.Monetary(
        currency_field="provider_currency_id", compute="_compute_provider_margin"
    )
    trace_ids = fields.One2many("ps.intercompany.trace", "agreement_id", string="Traces")

    _sql_constraints = [
        (
            "markup_positive",
            "CHECK(markup_percent >= 0)",
            "A markup cannot be negative.",
        ),
    ]

    @api.depends("provider_company_id", "receiver_company_id")
    def _compute_name(self):
        for agreement in self:
            agreement.name = (
                f"{agreement.provider_company_id.name or ''} → "
                f"{agreement.receiver_company_id.name or ''}"
            )

    def _compute_provider_margin(self):
        """The provider's side: its intercompany revenue against the cost of
        the consultants whose time it charged."""
        for agreement in self:
            traces = (
                self.env["ps.intercompany.trace"]
                .sudo()
                .search([("agreement_id", "=", agreement.id), ("move_state", "!=", "cancel")])
            )
            agreement.revenue_charged = sum(traces.move_id.mapped("amount_untaxed_signed"))
            agreement.consultant_cost = sum(
                self._ps_ic_hours_cost(
                    trace.employee_id,
                    trace.date,
                    trace.hours,
                    agreement.provider_currency_id,
                    agreement.provider_company_id,
                )
                for trace in traces
            )
            agreement.provider_margin = agreement.revenue_charged - agreement.consultant_cost

    @api.model
    def _ps_ic_hours_cost(self, employee, day, hours, currency, company):
        """What ``hours`` of ``employee`` on ``day`` cost, at the hourly cost
        of that day (``hr.employee._ps_hourly_cost_at``, which a costing
        addon makes effective-dated), converted to ``currency`` at
        ``company``'s rate of the day; 0 without a cost."""
        cost, cost_currency = employee.sudo()._ps_hourly_cost_at(day)
        if not cost or not hours:
            return 0.0
        return (cost_currency or company.currency_id)._convert(
            cost * hours, currency, company, day, round=False
        )

    @api.constrains(
        "provider_company_id",
        "receiver_company_id",
        "active",
        "method",
        "rate_card_id",
        "revenue_account_id",
        "cost_account_id",
        "provider_tax_ids",
        "receiver_tax_ids",
    )
    def _check_terms(self):
        for agreement in self:
            provider, receiver = agreement.provider_company_id, agreement.receiver_company_id
            if provider == receiver:
                raise ValidationError(_("An entity does not charge itself."))
            if agreement.active and self.search_count(
                [
                    ("id", "!=", agreement.id),
                    ("provider_company_id", "=", provider.id),
                    ("receiver_company_id", "=", receiver.id),
                ]
            ):
                raise ValidationError(
                    _(
                        "%(provider)s already has an agreement with %(receiver)s: "
                        "one per pair of entities.",
                        provider=provider.name,
                        receiver=receiver.name,
                    )
                )
            if agreement.method == pure_pricing.RATE_CARD and not agreement.rate_card_id:
                raise ValidationError(_("A transfer rate card agreement needs its rate card."))
            if agreement.rate_card_id and agreement.rate_card_id.company_id != provider:
                raise ValidationError(_("The transfer rate card must be the provider's."))
            if provider not in agreement.revenue_account_id.company_ids:
                raise ValidationError(
                    _("The intercompany revenue account must be %s's.", provider.name)
                )
            if receiver not in agreement.cost_account_id.company_ids:
                raise ValidationError(
                    _("The intercompany cost account must be %s's.", receiver.name)
                )
            agreement._check_taxes(agreement.provider_tax_ids, provider, "sale")
            agreement._check_taxes(agreement.receiver_tax_ids, receiver, "purchase")

    def _check_taxes(self, taxes, company, use):
        for tax in taxes:
            if tax.company_id != company or tax.type_tax_use != use:
                raise ValidationError(
                    _(
                        "Tax %(tax)s is not a %(use)s tax of %(company)s.",
                        tax=tax.name,
                        use=use,
                        company=company.name,
                    )
                )
            if tax.price_include:
                raise ValidationError(
                    _(
                        "Tax %s is included in the price: intercompany prices exclude tax.",
                        tax.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        agreements = super().create(vals_list)
        agreements._check_both_entities()
        return agreements

    def write(self, vals):
        # before: the write rule asks for both entities among the allowed ones
        result = super().write(vals)
        self._check_both_entities()
        return result

    def unlink(self):
        self._check_both_entities()
        if self.sudo().trace_ids:
            raise UserError(_("An agreement that charged time is archived, not deleted."))
        return super().unlink()

    def _check_both_entities(self):
        """An agreement commits both entities: only a user allowed in both
        creates or changes one (the access rules already ask for an
        accounting manager)."""
        if self.env.su:
            return
        allowed = self.env.user.company_ids
        for agreement in self.sudo():
            if not (agreement.provider_company_id | agreement.receiver_company_id) <= allowed:
                raise AccessError(
                    _(
                        "Only a user of both %(provider)s and %(receiver)s changes "
                        "their intercompany agreement.",
                        provider=agreement.provider_company_id.name,
                        receiver=agreement.receiver_company_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # pricing
    # ------------------------------------------------------------------
    def _ps_ic_price(self, employee, day, cache):
        """``(transfer rate, level)`` of an hour of ``employee`` on ``day``,
        the rate a Decimal in the agreement's currency, or a UserError with
        the reason (no cost rate, no transfer rate, no currency rate)."""
        self.ensure_one()
        provider = self.provider_company_id
        digits = self.currency_id.decimal_places
        try:
            if self.method == pure_pricing.COST_PLUS:
                cost, cost_currency = employee._ps_hourly_cost_at(day)
                if cost is not None:
                    cost = self._ps_ic_convert(cost_currency, cost, provider, day)
                rate = pure_pricing.transfer_rate(
                    self.method,
                    cost_rate=cost,
                    markup_percent=Decimal(str(self.markup_percent)),
                    digits=digits,
                )
                return rate, _("cost plus %(markup)s %%", markup=self.markup_percent)
            card = self.rate_card_id
            lines = cache.get(card.id)
            if lines is None:
                lines = cache[card.id] = card._pure_lines()
            try:
                card_rate, level, __ = card._resolve(
                    employee, self.receiver_company_id.partner_id, day, lines=lines
                )
            except RateRefused:
                card_rate = level = None
            if card_rate is not None:
                card_rate = self._ps_ic_convert(card.currency_id, card_rate, provider, day)
            return (
                pure_pricing.transfer_rate(self.method, card_rate=card_rate, digits=digits),
                level,
            )
        except pure_pricing.PricingRefused as err:
            raise UserError(
                _(
                    "%(agreement)s: %(reason)s: %(employee)s on %(day)s (role %(role)s).",
                    agreement=self.name,
                    reason=err,
                    employee=employee.name,
                    day=day,
                    role=employee.job_id.name or _("none"),
                )
            ) from err

    def _ps_ic_convert(self, from_currency, amount, company, day):
        """``amount`` from ``from_currency`` to the agreement's currency at
        ``day``'s rate in ``company``, refusing a missing rate."""
        self._ps_ic_check_rates(from_currency | self.currency_id, company, day)
        return Decimal(
            str(from_currency._convert(amount, self.currency_id, company, day, round=False))
        )

    @api.model
    def _ps_ic_check_rates(self, currencies, company, day):
        """Refuse a conversion Odoo would make with a rate of another day (or
        1.0): every currency but the company's needs a rate on or before
        ``day``."""
        for currency in currencies - company.currency_id:
            if (
                not self.env["res.currency.rate"]
                .sudo()
                .search_count(
                    [
                        ("currency_id", "=", currency.id),
                        ("name", "<=", day),
                        ("company_id", "in", [False, company.root_id.id]),
                    ],
                    limit=1,
                )
            ):
                raise UserError(
                    _(
                        "No %(currency)s rate on or before %(day)s for %(company)s: "
                        "add the rate, then run again.",
                        currency=currency.name,
                        day=day,
                        company=company.name,
                    )
                )

    # ------------------------------------------------------------------
    # readiness: everything refused before anything is written
    # ------------------------------------------------------------------
    def _ps_ic_journal(self, company, journal_type):
        Journal = self.env["account.journal"].sudo()
        journal = Journal.search(
            [*Journal._check_company_domain(company), ("type", "=", journal_type)], limit=1
        )
        if not journal:
            raise UserError(
                _(
                    "%(company)s has no %(type)s journal for intercompany documents.",
                    company=company.name,
                    type=journal_type,
                )
            )
        return journal

    def _ps_ic_check_locks(self, date_to):
        """Refuse a period locked in either entity: the provider's sales
        documents, the receiver's purchase documents."""
        self.ensure_one()
        for company, journal_type in (
            (self.provider_company_id, "sale"),
            (self.receiver_company_id, "purchase"),
        ):
            journal = self._ps_ic_journal(company, journal_type)
            violated = company.sudo()._ps_violated_lock(date_to, journal)
            if violated:
                raise UserError(
                    _(
                        "The period ending %(date)s is locked (lock date %(lock)s) for "
                        "%(company)s: charge it in an open period.",
                        date=date_to,
                        lock=violated[0],
                        company=company.name,
                    )
                )

    def _ps_ic_check_partner(self, entity, other):
        """``entity``'s intercompany partner, usable on ``other``'s documents."""
        partner = entity.partner_id.sudo()
        if not partner or not partner.active:
            raise UserError(
                _(
                    "Intercompany partner missing: %(entity)s has no active partner to put "
                    "on %(other)s's documents.",
                    entity=entity.name,
                    other=other.name,
                )
            )
        if partner.company_id and partner.company_id != other:
            raise UserError(
                _(
                    "Intercompany partner missing: %(partner)s (the partner of %(entity)s) "
                    "belongs to %(owner)s only, so %(other)s cannot use it; share it (no "
                    "company).",
                    partner=partner.display_name,
                    entity=entity.name,
                    owner=partner.company_id.name,
                    other=other.name,
                )
            )
        return partner

    def _ps_ic_check_ready(self, date_to):
        """Everything a charge needs that is not about one entry: locks,
        intercompany partners, journals, the document date's currency rates.
        Returns ``(sale journal, purchase journal)``."""
        self.ensure_one()
        provider, receiver = self.provider_company_id, self.receiver_company_id
        if not self.active:
            raise UserError(_("Agreement %s is archived: it charges nothing.", self.name))
        self._ps_ic_check_locks(date_to)
        self._ps_ic_check_partner(receiver, provider)
        self._ps_ic_check_partner(provider, receiver)
        for company in (provider, receiver):
            self._ps_ic_check_rates(self.currency_id, company, date_to)
        return (
            self._ps_ic_journal(provider, "sale"),
            self._ps_ic_journal(receiver, "purchase"),
        )

    # ------------------------------------------------------------------
    # charging
    # ------------------------------------------------------------------
    def _ps_ic_candidates(self, date_to):
        """Time entries whose charge under this agreement may have changed:
        the provider's consultants' entries on the receiver's projects up to
        ``date_to`` (never future-dated) marked to charge, and entries this
        agreement charged before that changed since (moved, unapproved)."""
        self.ensure_one()
        limit = min(date_to, fields.Date.context_today(self))
        return self.env["account.analytic.line"].search(
            [
                ("ps_ic_to_charge", "=", True),
                "|",
                "&",
                "&",
                "&",
                ("ps_employee_company_id", "=", self.provider_company_id.id),
                ("company_id", "=", self.receiver_company_id.id),
                ("project_id", "!=", False),
                ("date", "<=", limit),
                ("ps_ic_trace_ids.agreement_id", "=", self.id),
            ],
            order="date, id",
        )

    def _ps_ic_in_pair(self, entry, limit):
        """Whether ``entry`` is this pair's time up to ``limit`` (approved or not)."""
        return (
            entry.ps_employee_company_id == self.provider_company_id
            and entry.company_id == self.receiver_company_id
            and entry.project_id
            and entry.date <= limit
        )

    def _ps_ic_eligible(self, entry, limit):
        return self._ps_ic_in_pair(entry, limit) and entry.ps_status == "approved"

    def _ps_ic_plan(self, entries, limit):
        """The billing plan (time and materials, no caps) of what ``entries``
        are still to be charged under this agreement up to ``limit``."""
        rate_cache = {}
        now = []
        for entry in entries:
            employee = entry.employee_id
            role = employee.job_id.name
            group = f"{employee.name} ({role})" if role else employee.name
            if self._ps_ic_eligible(entry, limit):
                rate, level = self._ps_ic_price(employee, entry.date, rate_cache)
                hours = Decimal(str(entry.unit_amount))
            else:
                rate, level, hours = None, "", Decimal(0)
            now.append(pure_charge.Entry(entry.id, group, entry.date, hours, rate, level))
        live = self.env["ps.intercompany.trace"].search(
            [
                ("agreement_id", "=", self.id),
                ("timesheet_id", "in", entries.ids),
                ("move_state", "!=", "cancel"),
            ],
            order="id",
        )
        charged = [
            pure_charge.Charged(
                t.timesheet_id.id,
                Decimal(str(t.hours)),
                Decimal(str(t.amount)),
                Decimal(str(t.rate)),
            )
            for t in live
        ]
        items = [billing_pure_plan.TimeItem(**kw) for kw in pure_charge.plan_inputs(now, charged)]
        return billing_pure_plan.build(
            items, models=[TIME_MODEL], digits=self.currency_id.decimal_places
        )

    def _ps_ic_charge(self, date_to, run=None):
        """Charge the receiver for the provider's time up to ``date_to``:
        the provider's customer invoice to the receiver and the receiver's
        mirrored vendor bill, both posted, dated ``date_to``, for the same
        lines in the agreement's currency, their lines tracing to the time
        entries. Returns the invoice, or an empty recordset when there is
        nothing to charge.

        Both documents are made in the caller's transaction, or neither:
        any refusal raises before or after writing, and the job's savepoint
        rolls the whole charge back. Safe to repeat and to run twice at
        once: the agreement row is locked and written, so an overlapping run
        fails to serialise and is retried, after which it finds everything
        charged.

        Writes in both entities as superuser, deliberately and only this:
        the two documents, their traces and the entries' charge marks. The
        caller's right is checked where a run starts (invoicing users of
        the provider); this method is private (no RPC).
        """
        self.ensure_one()
        agreement = self.sudo()
        agreement.env.cr.execute(
            "SELECT id FROM ps_intercompany_agreement WHERE id = %s FOR UPDATE", [agreement.id]
        )
        sale_journal, purchase_journal = agreement._ps_ic_check_ready(date_to)
        entries = agreement._ps_ic_candidates(date_to)
        agreement.last_charged_date = date_to
        if not entries:
            return self.env["account.move"]
        agreement.env.cr.execute(
            "SELECT id FROM account_analytic_line WHERE id IN %s FOR UPDATE", [tuple(entries.ids)]
        )
        limit = min(date_to, fields.Date.context_today(agreement))
        result = agreement._ps_ic_plan(entries, limit)
        docs = pure_mirror.documents(result.lines)
        invoice = self.env["account.move"]
        if docs is not None:
            invoice = agreement._ps_ic_create_documents(
                result, docs, date_to, run, sale_journal, purchase_journal
            )
        # settled here; an entry that moved to another pair (or past the
        # period) stays to charge there (then)
        entries.filtered(lambda e: agreement._ps_ic_in_pair(e, limit)).write(
            {"ps_ic_to_charge": False}
        )
        return invoice

    def _ps_ic_line_vals(self, result, docs, account, taxes):
        labels = self.env["ps.engagement"]
        return [
            Command.create(
                {
                    "name": labels._plan_label(line),
                    "quantity": float(doc_line.quantity),
                    "price_unit": float(doc_line.price_unit),
                    "account_id": account.id,
                    "tax_ids": [Command.set(taxes.ids)],
                }
            )
            for line, doc_line in zip(result.lines, docs.lines, strict=True)
        ]

    def _ps_ic_create_documents(self, result, docs, date_to, run, sale_journal, purchase_journal):
        """The invoice in the provider, the bill in the receiver, their
        traces; both posted. Returns the invoice."""
        provider, receiver = self.provider_company_id, self.receiver_company_id
        common = {
            "currency_id": self.currency_id.id,
            "invoice_date": date_to,
            "date": date_to,
            "invoice_payment_term_id": self.payment_term_id.id or False,
            "invoice_origin": self.name,
            "ps_ic_agreement_id": self.id,
            "ps_ic_run_id": run.id if run else False,
        }
        Move = self.env["account.move"]
        invoice = Move.with_company(provider).create(
            {
                **common,
                "move_type": docs.invoice_type,
                "company_id": provider.id,
                "journal_id": sale_journal.id,
                "partner_id": receiver.partner_id.id,
                "invoice_line_ids": self._ps_ic_line_vals(
                    result, docs, self.revenue_account_id, self.provider_tax_ids
                ),
            }
        )
        invoice.action_post()
        bill = self._ps_ic_create_bill(invoice, result, docs, common, purchase_journal)
        invoice.ps_ic_mirror_id = bill
        self._ps_ic_create_traces(
            result, invoice.invoice_line_ids.sorted("id"), bill.invoice_line_ids.sorted("id")
        )
        return invoice

    def _ps_ic_create_bill(self, invoice, result, docs, common, purchase_journal):
        """The receiver's mirrored vendor bill of ``invoice``, posted."""
        receiver = self.receiver_company_id
        bill = (
            self.env["account.move"]
            .with_company(receiver)
            .create(
                {
                    **common,
                    "move_type": docs.bill_type,
                    "company_id": receiver.id,
                    "journal_id": purchase_journal.id,
                    "partner_id": self.provider_company_id.partner_id.id,
                    "ref": invoice.name,
                    "ps_ic_mirror_id": invoice.id,
                    "invoice_line_ids": self._ps_ic_line_vals(
                        result, docs, self.cost_account_id, self.receiver_tax_ids
                    ),
                }
            )
        )
        bill.action_post()
        if bill.currency_id.compare_amounts(bill.amount_total, invoice.amount_total):
            raise UserError(
                _(
                    "%(agreement)s: the bill (%(bill)s) and the invoice (%(invoice)s) "
                    "would differ (check the agreement's invoice and bill taxes); nothing "
                    "was charged.",
                    agreement=self.name,
                    bill=bill.amount_total,
                    invoice=invoice.amount_total,
                )
            )
        return bill

    def _ps_ic_create_traces(self, result, invoice_lines, bill_lines):
        vals = []
        for line, inv_line, bill_line in zip(result.lines, invoice_lines, bill_lines, strict=True):
            for trace in line.traces:
                rate = trace.rate if trace.rate is not None else line.unit_price
                vals.append(
                    {
                        "agreement_id": self.id,
                        "move_line_id": inv_line.id,
                        "bill_line_id": bill_line.id,
                        "kind": trace.kind,
                        "timesheet_id": trace.key,
                        "hours": float(trace.hours),
                        "amount": float(trace.amount),
                        "rate": float(rate),
                        "rate_level": line.rate_level,
                    }
                )
        self.env["ps.intercompany.trace"].create(vals)

    def action_open_documents(self):
        self.ensure_one()
        return self.env["account.move"]._ps_ic_documents_action(
            [("ps_ic_agreement_id", "=", self.id)]
        )
