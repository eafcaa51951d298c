# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import Command, _, models

from odoo.addons.ps_sync_core.pure.errors import BUSINESS, RecordRejected
from odoo.addons.ps_sync_core.pure.schema import Key

from .hr_expense import BILLING_FIELDS
from .ps_sync_costing_common import EMPLOYEE_KEYS, add_notes, billed_notes, document_names

MAX_EXPENSE = 1e9


class PsSyncObjectExpense(models.AbstractModel):
    """Expenses from expense tools (Odoo's own ``hr.expense``).

    An expense names its person, day, engagement (by project code), category
    (an expensable product, by internal reference or name), amount with tax
    included and currency, tax (by name), whether it is billable to the
    customer and the receipt reference. Billable ones are re-invoiced by the
    billing run; one changed after it was billed is billed again for the
    difference (an adjustment), the invoice stays as it was, and the answer
    says so ("already billed on INV/...: recorded as an adjustment ...").
    """

    _name = "ps.sync.object.expense"
    _inherit = ["ps.sync.object", "ps.sync.costing.common"]
    _description = "Expense"

    _object_name = "expense"
    _odoo_model = "hr.expense"
    _keys = (
        *EMPLOYEE_KEYS,
        Key("date", "date", required=True),
        Key("project_code", max_len=64),
        Key("category", required=True, max_len=128),
        Key("description", required=True, max_len=255),
        Key("amount", "float", required=True),
        Key("currency", max_len=3, upper=True),
        Key("tax", max_len=128),
        Key("billable", "bool", default=False),
        Key("receipt_ref", max_len=255),
        Key("updated_at", "datetime"),
    )
    _key_fields = {
        "employee_email": "employee_id",
        "employee_external_id": "employee_id",
        "project_code": "ps_engagement_id",
        "category": "product_id",
        "description": "name",
        "amount": "total_amount_currency",
        "currency": "currency_id",
        "tax": "tax_ids",
        "billable": "ps_billable",
        "receipt_ref": "ps_external_ref",
    }

    def _apply_updates(self, backend, updates):
        notes = billed_notes(self, updates, BILLING_FIELDS, self._ps_billed_documents)
        res = super()._apply_updates(backend, updates)
        add_notes(updates, notes)
        return res

    def _ps_billed_documents(self, expense):
        traces = expense.sudo().ps_trace_ids.filtered(lambda t: t.move_state != "cancel")
        names = document_names(traces.move_id)
        return [(_("the invoice"), _("billing run"), names)] if names else []

    def _normalize(self, backend, raw):
        data, unknown = super()._normalize(backend, raw)
        self._ps_need_employee_key(data)
        if data["amount"] <= 0:
            raise RecordRejected(_("'amount' must be positive, got %s", data["amount"]))
        if data["amount"] > MAX_EXPENSE:
            raise RecordRejected(_("'amount' %s is beyond any expense", data["amount"]))
        if data["billable"] and not data["project_code"]:
            raise RecordRejected(_("a billable expense needs the 'project_code' it is billed to"))
        return data, unknown

    def _prepare_batch(self, backend, items, ctx):
        company = backend.company_id
        by_ext, by_email = self._ps_load_employees(backend, items)
        codes = {i.data["project_code"] for i in items if i.data["project_code"]}
        projects = {}
        if codes:
            for project in (
                self.env["project.project"]
                .with_context(active_test=False)
                .search([("ps_code", "in", list(codes)), ("company_id", "in", [company.id, False])])
            ):
                projects.setdefault(project.ps_code, project)
        categories = {i.data["category"] for i in items}
        Product = self.env["product.product"].with_context(active_test=False)
        products = {}
        for product in Product.search(
            [
                ("can_be_expensed", "=", True),
                ("company_id", "in", [company.id, False]),
                "|",
                ("default_code", "in", list(categories)),
                ("name", "in", list(categories)),
            ]
        ):
            products.setdefault(product.default_code, product)
            products.setdefault(product.name, product)
        tax_names = {i.data["tax"] for i in items if i.data["tax"]}
        taxes = {}
        if tax_names:
            for tax in self.env["account.tax"].search(
                [
                    ("name", "in", list(tax_names)),
                    ("type_tax_use", "=", "purchase"),
                    ("company_id", "=", company.id),
                ]
            ):
                taxes.setdefault(tax.name, tax)
        ctx.caches.update(
            by_ext=by_ext,
            by_email=by_email,
            projects=projects,
            products=products,
            taxes=taxes,
            lock=company._ps_lock_date(
                self.env["account.journal"]
                .sudo()
                .search(
                    [
                        *self.env["account.journal"]._check_company_domain(company),
                        ("type", "=", "purchase"),
                    ],
                    limit=1,
                )
                or None
            ),
        )

    def _odoo_values(self, backend, data, ctx, record=None):
        caches = ctx.caches
        employee = self._ps_employee(backend, data, ctx)
        day = datetime.date.fromisoformat(data["date"])
        self._ps_check_open(backend, day, ctx, _("expense"))
        if record is not None and record.date != day:
            self._ps_check_open(backend, record.date, ctx, _("the expense it replaces"))
        product = caches["products"].get(data["category"])
        if not product or not product.active:
            raise RecordRejected(
                _("unknown expense category %r (an expensable product)", data["category"]),
                BUSINESS,
            )
        currency = self._ps_currency(backend, data["currency"], day, _("expense"))
        engagement = self.env["ps.engagement"]
        project = self.env["project.project"]
        if data["project_code"]:
            project = caches["projects"].get(data["project_code"])
            if not project:
                raise RecordRejected(
                    _(
                        "unknown project_code %(code)r in %(company)s",
                        code=data["project_code"],
                        company=backend.company_id.name,
                    ),
                    BUSINESS,
                )
            engagement = project.ps_engagement_ids[:1]
            if data["billable"] and not engagement:
                raise RecordRejected(
                    _("project %s has no engagement to bill the expense to", project.ps_code),
                    BUSINESS,
                )
        tax = self.env["account.tax"]
        if data["tax"]:
            tax = caches["taxes"].get(data["tax"])
            if not tax:
                raise RecordRejected(_("unknown purchase tax %r", data["tax"]), BUSINESS)
        if record is not None and record.sheet_id and record.sheet_id.state not in ("draft",):
            raise RecordRejected(
                _(
                    "the expense is on report %s, submitted already: change it in Odoo",
                    record.sheet_id.name,
                ),
                BUSINESS,
            )
        account = project.account_id
        return {
            "name": data["description"],
            "employee_id": employee.id,
            "company_id": backend.company_id.id,
            "date": day,
            "product_id": product.id,
            "quantity": 1.0,
            "total_amount_currency": data["amount"],
            "currency_id": currency.id,
            "tax_ids": [Command.set(tax.ids)],
            "ps_engagement_id": engagement.id or False,
            "ps_billable": data["billable"],
            "ps_external_ref": data["receipt_ref"] or False,
            "analytic_distribution": {str(account.id): 100} if account else False,
            "payment_mode": "own_account",
        }
