# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.osv import expression

from odoo.addons.ps_billing_rules.models.sale_order import DealRefused
from odoo.addons.ps_billing_rules.pure.deal import Deal, DealLine
from odoo.addons.ps_sync_core.bulk import bulk_create
from odoo.addons.ps_sync_core.models.ps_sync_object import UNCHANGED, UPDATED
from odoo.addons.ps_sync_core.pure.errors import BUSINESS, TRANSIENT, RecordRejected

from ..pure import mapping as pure_mapping


class PsSyncObjectSfOpportunity(models.AbstractModel):
    """Closed-won Opportunities become delivery: a confirmed sale order of
    service products, an engagement with its billing models, and a project
    from the backend's template, in one savepoint per opportunity.

    Once converted, Odoo owns the order: a later change of amount, products,
    stage or account in Salesforce is held on the exception workbench, never
    applied to the confirmed order. Re-delivering the same version changes
    nothing (binding hash); a newer version that changes nothing material
    only moves the binding forward.
    """

    _name = "ps.sync.object.sf_opportunity"
    _inherit = ["ps.sf.object.mixin", "ps.sync.object"]
    _description = "Salesforce Opportunity (closed-won)"

    _object_name = "sf_opportunity"
    _sf_object = "Opportunity"
    _odoo_model = "sale.order"
    _export_batch_size = 200  # one sObject Collections call per job

    # ------------------------------------------------------------------
    # inbound
    # ------------------------------------------------------------------
    def _sf_normalize(self, backend, raw):
        return pure_mapping.opportunity_payload(
            raw, backend._connector()._mapping(backend, self._sf_object)
        ), []

    def _sf_relevant(self, backend, records):
        """Won opportunities, and any opportunity already converted (to see it change)."""
        ids = [r.get("Id") for r in records if isinstance(r, dict)]
        bound = set(
            self.env["ps.sync.binding"]
            .sudo()
            .search(
                [
                    ("backend_id", "=", backend.id),
                    ("object_name", "=", self._object_name),
                    ("external_id", "in", ids),
                ]
            )
            .mapped("external_id")
        )
        relevant = []
        for record in records:
            try:
                won = pure_mapping.boolean(record.get("IsWon"), "IsWon")
            except pure_mapping.MappingError:
                won = True  # let the pipeline reject it with its reason
            if won or record.get("Id") in bound:
                relevant.append(record)
        return relevant

    def _skip_unchanged(self, backend, items):
        res = super()._skip_unchanged(backend, items)
        for item in items:
            if not item.done and not item.alive and not item.data["is_won"]:
                item.status = UNCHANGED
                item.message = _(
                    "not closed-won (stage %s): nothing to convert", item.data["stage"] or "?"
                )
        return res

    def _prepare_batch(self, backend, items, ctx):
        accounts = {item.data["account_external_id"] for item in items}
        found = (
            self.env["ps.sync.binding"]
            .sudo()
            .search(
                [
                    ("backend_id", "=", backend.id),
                    ("object_name", "=", "sf_account"),
                    ("external_id", "in", list(accounts)),
                ]
            )
        )
        alive = set(self.env["res.partner"].browse(found.mapped("res_id")).exists().ids)
        products = {row.sf_product_id[:15]: row for row in backend.sudo().sf_product_map_ids}
        ctx.caches.update(
            accounts={b.external_id: b.res_id for b in found if b.res_id in alive},
            products=products,
            users=self._sf_users_by_email(
                backend, {item.data.get("owner_email") for item in items}
            ),
        )

    def _sf_users_by_email(self, backend, emails):
        """{e-mail: Odoo user} for opportunity owners: the internal user of the
        backend's company whose login (first) or e-mail is the owner's e-mail."""
        emails = sorted(e for e in emails if e)
        if not emails:
            return {}
        domain = expression.OR(
            [["|", ("login", "=ilike", e), ("email", "=ilike", e)] for e in emails]
        )
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                expression.AND(
                    [domain, [("share", "=", False), ("company_ids", "in", backend.company_id.ids)]]
                ),
                order="id",
            )
        )
        found = {}
        for field in ("email", "login"):  # logins win over e-mails
            found.update({(u[field] or "").lower(): u.id for u in users if u[field]})
        return {e: found[e] for e in emails if e in found}

    def _waiting_for(self, backend, raw):
        account = raw.get("AccountId") if isinstance(raw, dict) else None
        return ("sf_account", account) if pure_mapping.is_sf_id(account) else None

    def _odoo_values(self, backend, data, ctx, record=None):
        if record is not None:
            return {}  # a converted opportunity: see _apply_updates
        return self.env["sale.order"]._ps_order_values_from_deal(self._sf_deal(backend, data, ctx))

    def _sf_deal(self, backend, data, ctx):
        """The won deal (``ps_billing_rules`` ``pure.deal.Deal``) an
        opportunity is, or RecordRejected saying why it cannot be one."""
        opp = data["opportunity_id"]
        partner_id = ctx.caches["accounts"].get(data["account_external_id"])
        if not partner_id:
            raise RecordRejected(
                _(
                    "Salesforce Opportunity %(opp)s: its Account %(acc)s is not synchronised "
                    "on backend %(code)s (yet); it waits for it",
                    opp=opp,
                    acc=data["account_external_id"],
                    code=backend.code,
                ),
                TRANSIENT,
            )
        if not data["lines"]:
            raise RecordRejected(
                _(
                    "Salesforce Opportunity %s is won without products: nothing to deliver "
                    "or bill; add its products in Salesforce",
                    opp,
                ),
                BUSINESS,
            )
        company = backend.company_id
        currency = data["currency"] or company.currency_id.name
        pricelist = self.env["sale.order"]._ps_deal_pricelist(company, currency)
        if not pricelist and currency != company.currency_id.name:
            raise RecordRejected(
                _(
                    "Salesforce Opportunity %(opp)s is in %(cur)s, but company %(company)s has "
                    "no pricelist in %(cur)s: create one (Sales > Products > Pricelists) and "
                    "replay this message",
                    opp=opp,
                    cur=currency,
                    company=company.name,
                ),
                BUSINESS,
            )
        lines = []
        for line in data["lines"]:
            row = ctx.caches["products"].get(line["product_external_id"][:15])
            if row is None:
                raise RecordRejected(
                    _(
                        "Salesforce Opportunity %(opp)s: product %(prod)s has no Odoo service "
                        "mapped on backend %(code)s (Integrations > Configuration > Salesforce "
                        "Products)",
                        opp=opp,
                        prod=line["product_external_id"],
                        code=backend.code,
                    ),
                    BUSINESS,
                )
            lines.append(
                DealLine(
                    product_id=row.product_id.id,
                    billing_model=data["billing_model"] or row.billing_model,
                    quantity=line["quantity"],
                    unit_price=line["unit_price"],
                    discount=line.get("discount") or 0.0,
                    description=line["description"] or None,
                )
            )
        deal = Deal(
            external_id=opp,
            name=data["name"],
            company_id=company.id,
            partner_id=partner_id,
            currency=currency,
            lines=tuple(lines),
            source="Salesforce",
            label=_("Salesforce Opportunity %s", opp),
            close_date=fields.Date.to_date(data["close_date"]) if data["close_date"] else None,
            amount=data["amount"],
            client_order_ref=data["client_order_ref"],
            user_id=ctx.caches["users"].get(data.get("owner_email"))
            or backend.sf_fallback_user_id.id
            or None,
            pricelist_id=pricelist.id or None,
            cap_amount=data["cap_amount"] or 0.0,
            project_template_id=backend.sf_project_template_id.id or None,
            rate_card_id=backend.sf_rate_card_id.id or None,
        )
        if deal.bills_time and not deal.rate_card_id:
            raise RecordRejected(
                _(
                    "Salesforce Opportunity %(opp)s bills time and materials, but backend "
                    "%(code)s has no rate card",
                    opp=opp,
                    code=backend.code,
                ),
                BUSINESS,
            )
        return deal

    def _create_records(self, backend, vals_list):
        company = backend.company_id
        return (
            self.env["sale.order"]
            .with_context(allowed_company_ids=[company.id])
            .with_company(company)
            .create(vals_list)
        )

    def _after_create(self, backend, records, ctx):
        """Each won opportunity's order is delivered: confirmed, with its
        project and its active engagement (``sale.order._ps_deliver_deal``)."""
        for item, order in zip(ctx.created, records, strict=True):
            try:
                order._ps_deliver_deal(self._sf_deal(backend, item.data, ctx))
            except DealRefused as err:
                raise RecordRejected(err.args[0], BUSINESS) from err

    def _apply_updates(self, backend, updates):
        """A converted opportunity came again with another version."""
        Log = self.env["ps.sync.log"].sudo()
        now = fields.Datetime.now()
        for item, __ in updates:
            order = self.env["sale.order"].browse(item.binding.res_id)
            item.res_id = order.id
            changes = pure_mapping.won_changes(item.binding.last_payload, item.data)
            if not changes:
                item.binding.write(self._binding_values(item, order.id, now))
                item.status = UPDATED
                item.message = _("nothing material changed; order %s untouched", order.name)
                continue
            if Log.search_count(
                [
                    ("backend_id", "=", backend.id),
                    ("object_name", "=", self._object_name),
                    ("external_id", "=", item.external_id),
                    ("payload_hash", "=", item.hash),
                    ("state", "in", ("failed", "dead", "resolved")),
                ],
                limit=1,
            ):
                item.status = UNCHANGED
                item.message = _("this change is already on the exception workbench")
                continue
            item.reject(
                _(
                    "won opportunity changed after it became order %(order)s: %(changes)s. "
                    "The confirmed order was left as it is: amend it (or the engagement) and "
                    "resolve this message",
                    order=order.name,
                    changes="; ".join(changes),
                ),
                BUSINESS,
            )

    def _sf_deleted(self, backend, ids, correlation):
        """Converted opportunities deleted in Salesforce: held for review."""
        bindings = (
            self.env["ps.sync.binding"]
            .sudo()
            .search(
                [
                    ("backend_id", "=", backend.id),
                    ("object_name", "=", self._object_name),
                    ("external_id", "in", list(ids)),
                ]
            )
        )
        Log = self.env["ps.sync.log"].sudo()
        vals = []
        for binding in bindings:
            if Log.search_count(
                [
                    ("backend_id", "=", backend.id),
                    ("object_name", "=", self._object_name),
                    ("external_id", "=", binding.external_id),
                    ("message", "=like", "deleted in%"),
                ],
                limit=1,
            ):
                continue
            order = self.env["sale.order"].browse(binding.res_id).exists()
            vals.append(
                backend._log_vals(
                    correlation,
                    "job",
                    self._object_name,
                    state="failed",
                    error_category=BUSINESS,
                    external_id=binding.external_id,
                    res_model="sale.order" if order else False,
                    res_id=order.id or False,
                    result_status="rejected",
                    attempts=1,
                    message=_(
                        "deleted in Salesforce after it was won; order %s was left as "
                        "it is: review it",
                        order.name or "?",
                    ),
                    payload=backend._log_payload(
                        {"external_id": binding.external_id, "deleted": True}
                    ),
                )
            )
        bulk_create(Log, vals)
        return {"deleted_held": len(vals)} if vals else {}

    # ------------------------------------------------------------------
    # status out
    # ------------------------------------------------------------------
    def _sf_orders_to_push(self, backend, since=None):
        """Converted orders whose order, project or invoices changed since ``since``."""
        bindings = (
            self.env["ps.sync.binding"]
            .sudo()
            .search([("backend_id", "=", backend.id), ("object_name", "=", self._object_name)])
        )
        orders = self.env["sale.order"].sudo().browse(bindings.mapped("res_id")).exists()
        if not since or not orders:
            return orders
        engagements = orders.ps_engagement_ids
        changed = orders.filtered(lambda o: o.write_date and o.write_date >= since)
        changed |= (
            self.env["project.project"]
            .sudo()
            .search(
                [
                    ("id", "in", engagements.project_id.ids),
                    ("write_date", ">=", since),
                ]
            )
            .ps_engagement_ids.sale_order_id
        )
        changed |= (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("ps_engagement_id", "in", engagements.ids),
                    ("write_date", ">=", since),
                ]
            )
            .ps_engagement_id.sale_order_id
        )
        changed |= (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("id", "in", orders.invoice_ids.ids),
                    ("write_date", ">=", since),
                ]
            )
            .line_ids.sale_line_ids.order_id
        )
        return changed & orders

    def _sf_order_status(self, order):
        engagements = order.ps_engagement_ids
        project = engagements.project_id[:1] or order.project_ids[:1]
        moves = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    "|",
                    ("ps_engagement_id", "in", engagements.ids),
                    ("id", "in", order.invoice_ids.ids),
                ]
            )
        )
        invoiced, paid = self.env["ps.sync.object.sf_account"]._sf_invoice_figures(moves)
        status = {
            "order_ref": order.name,
            "project_ref": project.name or False,
            "invoiced_amount": invoiced,
            "paid_amount": paid,
        }
        # 'to_define' is Odoo's placeholder ("Set Status"), not a status: the
        # field is left alone until the project has one
        if project and project.last_update_status and project.last_update_status != "to_define":
            labels = dict(project._fields["last_update_status"]._description_selection(self.env))
            status["project_status"] = labels.get(project.last_update_status)
        return status

    def _export_values(self, backend, record, external_id):
        status = self._sf_order_status(record)
        return {
            "external_id": external_id,
            "record": pure_mapping.status_record(
                self._sf_object,
                external_id,
                status,
                backend._connector()._mapping(backend, self._sf_object, "out"),
            ),
        }
