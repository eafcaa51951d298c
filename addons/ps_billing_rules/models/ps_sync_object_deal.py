# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.osv import expression

from odoo.addons.ps_sync_core.bulk import bulk_create
from odoo.addons.ps_sync_core.models.ps_sync_object import UNCHANGED, UPDATED
from odoo.addons.ps_sync_core.pure.errors import BUSINESS, TRANSIENT, RecordRejected

from ..pure import deal as pure_deal
from .sale_order import DealRefused


class PsSyncObjectDeal(models.AbstractModel):
    """A CRM's closed-won deals become delivery, whatever the CRM.

    A won deal becomes a confirmed sale order of service products, an
    engagement with its billing models and a project from the backend's
    template (``sale.order._ps_deliver_deal``), in one savepoint per deal.
    Once converted, Odoo owns the order: a later change of amount, products,
    stage or account at the CRM is held on the exception workbench naming
    the order, never applied to it; a deletion too. Re-delivering the same
    version changes nothing (binding hash); a newer version that changes
    nothing material only moves the binding forward. The order's status
    (order, project, invoiced and paid amounts) goes back to the deal.

    A CRM connector's handler inherits this and its connector's object
    mixin, and says how its records read: ``_remote_normalize`` returns the
    canonical won-deal payload (``deal_id``, ``name``, ``account_external_id``,
    ``stage``, ``is_won``, ``close_date``, ``amount``, ``currency``,
    ``billing_model``, ``cap_amount``, ``client_order_ref``, ``owner_email``,
    ``lines`` of ``product_external_id``, ``quantity``, ``unit_price``,
    ``discount``, ``description``) and ``_status_payload`` what the CRM takes.
    """

    _name = "ps.sync.object.deal"
    _inherit = "ps.sync.object"
    _description = "CRM Deal (closed-won)"

    _odoo_model = "sale.order"
    #: the object whose bindings give a deal's customer (the CRM's accounts)
    _account_object_name = None
    #: the payload key of the deal's CRM id
    _deal_id_key = "deal_id"

    # ------------------------------------------------------------------
    # what a connector says
    # ------------------------------------------------------------------
    def _is_won_raw(self, backend, raw):
        """Whether a source record is a won deal (before it is mapped)."""
        raise NotImplementedError

    def _remote_account_id(self, raw):
        """The CRM id of the deal's account in a source record, or None."""
        raise NotImplementedError

    def _product_map_key(self, remote_product_id):
        """The key a CRM product id is mapped under (Salesforce: 15 characters)."""
        return remote_product_id

    def _status_payload(self, backend, external_id, status):
        """What the CRM takes to write ``status`` on the deal ``external_id``."""
        raise NotImplementedError

    # ------------------------------------------------------------------
    # inbound
    # ------------------------------------------------------------------
    def _deal_label(self, backend, deal_id):
        return _(
            "%(system)s %(obj)s %(id)s",
            system=backend._connector()._kind_label(backend),
            obj=self._remote_object or self._description,
            id=deal_id,
        )

    def _relevant(self, backend, records):
        """Won deals, and any deal already converted (to see it change)."""
        ids = [self._remote_id(r) for r in records if isinstance(r, dict)]
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
        return [r for r in records if self._is_won_raw(backend, r) or self._remote_id(r) in bound]

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
                    ("object_name", "=", self._account_object_name),
                    ("external_id", "in", list(accounts)),
                ]
            )
        )
        alive = set(self.env["res.partner"].browse(found.mapped("res_id")).exists().ids)
        products = {
            self._product_map_key(row.remote_product_id): row
            for row in backend.sudo().product_map_ids
        }
        ctx.caches.update(
            accounts={b.external_id: b.res_id for b in found if b.res_id in alive},
            products=products,
            users=self._users_by_email(backend, {item.data.get("owner_email") for item in items}),
        )

    def _users_by_email(self, backend, emails):
        """{e-mail: Odoo user} for deal owners: the internal user of the
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
        account = self._remote_account_id(raw) if isinstance(raw, dict) else None
        return (self._account_object_name, account) if account else None

    def _odoo_values(self, backend, data, ctx, record=None):
        if record is not None:
            return {}  # a converted deal: see _apply_updates
        return self.env["sale.order"]._ps_order_values_from_deal(self._deal(backend, data, ctx))

    def _deal(self, backend, data, ctx):
        """The won ``pure.deal.Deal`` a payload is, or RecordRejected saying
        why it cannot be one."""
        label = self._deal_label(backend, data[self._deal_id_key])
        partner_id = ctx.caches["accounts"].get(data["account_external_id"])
        if not partner_id:
            raise RecordRejected(
                _(
                    "%(deal)s: its account %(acc)s is not synchronised on backend %(code)s "
                    "(yet); it waits for it",
                    deal=label,
                    acc=data["account_external_id"],
                    code=backend.code,
                ),
                TRANSIENT,
            )
        if not data["lines"]:
            raise RecordRejected(
                _(
                    "%s is won without products: nothing to deliver or bill; add its "
                    "products in the CRM",
                    label,
                ),
                BUSINESS,
            )
        company = backend.company_id
        currency = data["currency"] or company.currency_id.name
        pricelist = self.env["sale.order"]._ps_deal_pricelist(company, currency)
        if not pricelist and currency != company.currency_id.name:
            raise RecordRejected(
                _(
                    "%(deal)s is in %(cur)s, but company %(company)s has no pricelist in "
                    "%(cur)s: create one (Sales > Products > Pricelists) and replay this "
                    "message",
                    deal=label,
                    cur=currency,
                    company=company.name,
                ),
                BUSINESS,
            )
        lines = []
        for line in data["lines"]:
            row = ctx.caches["products"].get(self._product_map_key(line["product_external_id"]))
            if row is None:
                raise RecordRejected(
                    _(
                        "%(deal)s: product %(prod)s has no Odoo service mapped on backend "
                        "%(code)s (Integrations > Configuration > CRM Products)",
                        deal=label,
                        prod=line["product_external_id"],
                        code=backend.code,
                    ),
                    BUSINESS,
                )
            lines.append(
                pure_deal.DealLine(
                    product_id=row.product_id.id,
                    billing_model=data["billing_model"] or row.billing_model,
                    quantity=line["quantity"],
                    unit_price=line["unit_price"],
                    discount=line.get("discount") or 0.0,
                    description=line.get("description") or None,
                )
            )
        deal = pure_deal.Deal(
            external_id=data[self._deal_id_key],
            name=data["name"],
            company_id=company.id,
            partner_id=partner_id,
            currency=currency,
            lines=tuple(lines),
            source=backend._connector()._kind_label(backend),
            label=label,
            close_date=fields.Date.to_date(data["close_date"]) if data["close_date"] else None,
            amount=data["amount"],
            client_order_ref=data["client_order_ref"],
            user_id=ctx.caches["users"].get(data.get("owner_email"))
            or backend.deal_fallback_user_id.id
            or None,
            pricelist_id=pricelist.id or None,
            cap_amount=data["cap_amount"] or 0.0,
            project_template_id=backend.deal_project_template_id.id or None,
            rate_card_id=backend.deal_rate_card_id.id or None,
        )
        if deal.bills_time and not deal.rate_card_id:
            raise RecordRejected(
                _(
                    "%(deal)s bills time and materials, but backend %(code)s has no rate card",
                    deal=label,
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
        """Each won deal's order is delivered: confirmed, with its project and
        its active engagement (``sale.order._ps_deliver_deal``)."""
        for item, order in zip(ctx.created, records, strict=True):
            try:
                order._ps_deliver_deal(self._deal(backend, item.data, ctx))
            except DealRefused as err:
                raise RecordRejected(err.args[0], BUSINESS) from err

    def _apply_updates(self, backend, updates):
        """A converted deal came again with another version."""
        Log = self.env["ps.sync.log"].sudo()
        now = fields.Datetime.now()
        for item, __ in updates:
            order = self.env["sale.order"].browse(item.binding.res_id)
            item.res_id = order.id
            changes = pure_deal.won_changes(item.binding.last_payload, item.data)
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
                    "won deal changed after it became order %(order)s: %(changes)s. The "
                    "confirmed order was left as it is: amend it (or the engagement) and "
                    "resolve this message",
                    order=order.name,
                    changes="; ".join(changes),
                ),
                BUSINESS,
            )

    def _deleted(self, backend, ids, correlation):
        """Converted deals deleted (or archived) at the CRM: held for review."""
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
        system = backend._connector()._kind_label(backend)
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
                        "deleted in %(system)s after it was won; order %(order)s was left "
                        "as it is: review it",
                        system=system,
                        order=order.name or "?",
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
    def _orders_to_push(self, backend, since=None):
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
        Move = self.env["account.move"].sudo()
        changed = orders.filtered(lambda o: o.write_date and o.write_date >= since)
        changed |= (
            self.env["project.project"]
            .sudo()
            .search([("id", "in", engagements.project_id.ids), ("write_date", ">=", since)])
            .ps_engagement_ids.sale_order_id
        )
        changed |= Move.search(
            [("ps_engagement_id", "in", engagements.ids), ("write_date", ">=", since)]
        ).ps_engagement_id.sale_order_id
        changed |= Move.search(
            [("id", "in", orders.invoice_ids.ids), ("write_date", ">=", since)]
        ).line_ids.sale_line_ids.order_id
        return changed & orders

    @api.model
    def _invoice_figures(self, moves):
        """(invoiced, paid) of posted customer invoices and credit notes."""
        moves = moves.filtered(
            lambda m: m.state == "posted" and m.move_type in ("out_invoice", "out_refund")
        )
        invoiced = sum(moves.mapped("amount_total_signed"))
        residual = sum(moves.mapped("amount_residual_signed"))
        return round(invoiced, 2), round(invoiced - residual, 2)

    @api.model
    def _customer_status(self, backend, partner):
        """What a CRM account shows of its customer: reference, invoiced, paid."""
        moves = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("company_id", "=", backend.company_id.id),
                ]
            )
        )
        invoiced, paid = self._invoice_figures(moves)
        return {
            "partner_ref": partner.ref or f"ODOO-{partner.id}",
            "invoiced_amount": invoiced,
            "paid_amount": paid,
        }

    def _order_status(self, order):
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
        invoiced, paid = self._invoice_figures(moves)
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
        return self._status_payload(backend, external_id, self._order_status(record))

    def _queue_status_push(self, backend, account_handler, full=False):
        """Queue the status of converted deals (and their accounts) whose
        order, project or invoices changed since the last push; all with
        ``full``; nothing on schedule when the backend does not push."""
        if not full and not backend.deal_push_status:
            return self.env["ps.sync.log"]
        # the transaction's start: what commits later is newer than this
        now = self.env.cr.now().replace(tzinfo=None)
        mark = f"{self._object_name}:status_push"
        since = None if full else (backend._get_watermark(mark) or None)
        orders = self._orders_to_push(backend, since)
        logs = self.env["ps.sync.log"]
        if orders:
            logs |= self._queue_exports(backend, orders)
            partners = (
                self.env["ps.sync.binding"]
                .sudo()
                .search(
                    [
                        ("backend_id", "=", backend.id),
                        ("object_name", "=", account_handler._object_name),
                        ("res_id", "in", orders.partner_id.commercial_partner_id.ids),
                    ]
                )
            )
            if partners:
                logs |= account_handler._queue_exports(
                    backend, self.env["res.partner"].browse(partners.mapped("res_id"))
                )
        backend._set_watermark(mark, now)
        return logs
