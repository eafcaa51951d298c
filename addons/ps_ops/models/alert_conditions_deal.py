# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Alert conditions on deals (closed-won opportunities) and the money
messages hold back.

A *deal object* is any sync object whose handler makes sale orders
(``_odoo_model == "sale.order"``): the Salesforce opportunity today, a
generic ``deal`` object of another CRM tomorrow. What the conditions read is
what every such object shares: its messages in the sync log, its bindings
to sale orders, and the order's engagement and project. A new deal object
needs no change here; one whose payload does not normalise to ``amount``,
``currency`` (ISO code) and ``is_won`` overrides ``_ps_deal_money``.
"""

import json
import logging
from decimal import Decimal

from odoo import _, fields, models
from odoo.exceptions import UserError

from odoo.addons.ps_sync_core.pure.errors import SyncError

from ..conditions import alert_condition
from ..pure.alerts import Subject

_logger = logging.getLogger(__name__)

#: states of a message that has not been applied (yet)
HELD_STATES = ("queued", "failed", "dead", "waiting")


class PsAlertConditionDeal(models.AbstractModel):
    _name = "ps.alert.condition.deal"
    _description = "Alert Conditions: Deals"

    # ------------------------------------------------------------------
    # what a deal is, what a held message is worth
    # ------------------------------------------------------------------
    def _ps_deal_objects(self):
        """Names of the sync objects that are deals (their handler makes sale orders)."""
        return sorted(
            name
            for name, handler in self.env["ps.sync.backend"]._object_handlers().items()
            if handler._odoo_model == "sale.order"
        )

    def _ps_normalized(self, backend, object_name, payload, handler=None):
        """The handler's reading of a message's payload (a dict), or None
        when the payload is not readable (its message says why)."""
        try:
            raw = json.loads(payload or "null")
            handler = handler or backend._get_handler(object_name).sudo().with_company(
                backend.company_id
            )
            data, __ = handler._normalize(backend, raw)
        except (ValueError, TypeError, SyncError, UserError):
            return None
        return data if isinstance(data, dict) else None

    def _ps_currency(self, code, company):
        currency = (
            self.env["res.currency"].with_context(active_test=False).search([("name", "=", code)])
            if code
            else None
        )
        return currency or company.currency_id

    def _ps_deal_money(self, backend, object_name, data):
        """``(won, amount, currency)`` of a deal message's normalised payload."""
        amount = Decimal(str(data.get("amount") or 0))
        currency = self._ps_currency(data.get("currency"), backend.company_id)
        return data.get("is_won", True) is not False, amount, currency

    def _ps_timesheet_money(self, backend, data, cache):
        """``(amount, currency)`` of a held time entry at its engagement's
        billing rates (the rate card's answer for the person and day), or
        None when it bills nothing or cannot be priced. ``cache``: a dict the
        caller keeps across the messages of one backend (people, projects
        and rate cards are looked up once)."""
        if not data.get("billable", True) or not data.get("hours"):
            return None
        employee = self._ps_cached_employee(backend, data, cache)
        engagement = self._ps_cached_engagement(backend, data.get("project_code"), cache)
        if not employee or not engagement:
            return None
        try:
            day = fields.Date.to_date(data["date"])
            rate, __ = engagement._ps_price_time(employee, day, cache.setdefault("rates", {}))
        except (UserError, ValueError, TypeError):
            return None
        return rate * Decimal(str(data["hours"])), engagement.currency_id

    def _ps_cached_employee(self, backend, data, cache):
        email = (data.get("employee_email") or "").lower()
        ext = data.get("employee_external_id")
        key = ("employee", email, ext)
        if key not in cache:
            Employee = self.env["hr.employee"].with_context(active_test=False)
            employee = Employee.browse()
            if email:
                employee = Employee.search(
                    [("work_email", "=ilike", email), ("company_id", "=", backend.company_id.id)],
                    limit=1,
                )
            if not employee and ext:
                binding = self.env["ps.sync.binding"].search(
                    [
                        ("backend_id", "=", backend.id),
                        ("object_name", "=", "employee"),
                        ("external_id", "=", ext),
                    ],
                    limit=1,
                )
                employee = Employee.browse(binding.res_id) if binding else employee
            cache[key] = employee
        return cache[key]

    def _ps_cached_engagement(self, backend, code, cache):
        key = ("engagement", code)
        if key not in cache:
            project = (
                self.env["project.project"]
                .with_context(active_test=False)
                .search(
                    [("ps_code", "=", code), ("company_id", "in", [backend.company_id.id, False])],
                    limit=1,
                )
                if code
                else self.env["project.project"]
            )
            cache[key] = project.ps_engagement_ids[:1]
        return cache[key]

    def _ps_held_money(self, backend, object_name, logs):
        """``(amount in the backend's company currency, messages priced)`` that
        the messages ``logs`` (of one backend and object) hold back: the deal
        amount of a deal, the billable value of a time entry; nothing for
        objects without money."""
        try:
            handler = backend._get_handler(object_name)
        except UserError:
            return Decimal(0), 0  # an object this backend no longer takes
        deal = handler._odoo_model == "sale.order"
        time = handler._odoo_model == "account.analytic.line"
        if not (deal or time):
            return Decimal(0), 0
        company = backend.company_id
        handler = handler.sudo().with_company(company)
        total, priced, cache = Decimal(0), 0, {}
        for log in logs:
            data = self._ps_normalized(backend, object_name, log.payload, handler)
            if data is None:
                continue
            if deal:
                won, amount, currency = self._ps_deal_money(backend, object_name, data)
                money = (amount, currency) if won else None
            else:
                money = self._ps_timesheet_money(backend, data, cache)
            if not money or not money[0]:
                continue
            amount, currency = money
            if currency != company.currency_id:
                amount = Decimal(
                    str(
                        currency._convert(
                            float(amount), company.currency_id, company, log.create_date
                        )
                    )
                )
            total += amount
            priced += 1
        return total.quantize(Decimal("0.01")), priced

    # ------------------------------------------------------------------
    # the condition
    # ------------------------------------------------------------------
    @alert_condition(
        "deal_not_delivered",
        "Deals: closed-won deal with no engagement or project after N hours",
        threshold="hours",
    )
    def _ps_alert_deal_not_delivered(self, rule, now):
        objects = self._ps_deal_objects()
        if not objects:
            return []
        since = rule._ps_since(now, "hours")
        companies = tuple(rule._ps_companies().ids) or (0,)
        self.env.flush_all()
        subjects = self._ps_undelivered_orders(objects, companies, since, now)
        subjects += self._ps_unconverted_deals(objects, companies, since, now)
        return subjects

    def _ps_undelivered_orders(self, objects, companies, since, now):
        """Deals made into a sale order whose engagement or project is missing."""
        self.env.cr.execute(
            """
            SELECT b.external_id, so.id, b.create_date,
                   EXISTS (SELECT 1 FROM ps_engagement e WHERE e.sale_order_id = so.id)
              FROM ps_sync_binding b
              JOIN sale_order so ON so.id = b.res_id
             WHERE b.res_model = 'sale.order'
               AND b.object_name IN %s
               AND b.create_date <= %s
               AND so.company_id IN %s
               AND so.state != 'cancel'
               AND NOT EXISTS (
                   SELECT 1 FROM ps_engagement e
                    WHERE e.sale_order_id = so.id AND e.project_id IS NOT NULL)
            """,
            [tuple(objects), since, companies],
        )
        subjects = []
        for external_id, order_id, bound, has_eng in self.env.cr.fetchall():
            order = self.env["sale.order"].browse(order_id)
            hours = (now - bound).total_seconds() / 3600
            subjects.append(
                Subject(
                    f"sale.order,{order_id}",
                    _(
                        "Deal %(deal)s (%(order)s, %(customer)s) won %(hours)s h ago has "
                        "%(missing)s",
                        deal=external_id,
                        order=order.name,
                        customer=order.partner_id.display_name,
                        hours=int(hours),
                        missing=_("an engagement without a project")
                        if has_eng
                        else _("no engagement"),
                    ),
                    Decimal(str(order.amount_untaxed)).quantize(Decimal("0.01")),
                    order.currency_id.id,
                    order.company_id.id,
                    "sale.order",
                    order_id,
                    count=1,
                    value=round(hours, 2),
                )
            )
        return subjects

    def _ps_unconverted_deals(self, objects, companies, since, now):
        """Deal messages received and still not applied (failed, dead,
        queued or waiting) with no sale order bound, the latest of each deal."""
        self.env.cr.execute(
            """
            SELECT DISTINCT ON (l.backend_id, l.object_name, l.external_id)
                   l.id, l.backend_id, l.object_name, l.external_id
              FROM ps_sync_log l
             WHERE l.object_name IN %s
               AND l.direction = 'in'
               AND l.state IN %s
               AND l.create_date <= %s
               AND l.company_id IN %s
               AND l.external_id IS NOT NULL
               AND NOT EXISTS (
                   SELECT 1 FROM ps_sync_binding b
                    WHERE b.backend_id = l.backend_id AND b.object_name = l.object_name
                      AND b.external_id = l.external_id)
               AND NOT EXISTS (
                   SELECT 1 FROM ps_sync_log l2
                    WHERE l2.external_id = l.external_id AND l2.backend_id = l.backend_id
                      AND l2.object_name = l.object_name AND l2.id > l.id
                      AND l2.state IN ('done', 'skipped'))
          ORDER BY l.backend_id, l.object_name, l.external_id, l.id DESC
            """,
            [tuple(objects), HELD_STATES, since, companies],
        )
        rows = self.env.cr.fetchall()
        Log = self.env["ps.sync.log"]
        subjects = []
        for log_id, backend_id, object_name, external_id in rows:
            log = Log.browse(log_id)
            backend = log.backend_id
            data = self._ps_normalized(backend, object_name, log.payload)
            won, amount, currency = (
                self._ps_deal_money(backend, object_name, data)
                if data is not None
                else (True, Decimal(0), backend.company_id.currency_id)
            )
            if not won:
                continue
            hours = (now - log.create_date).total_seconds() / 3600
            subjects.append(
                Subject(
                    f"deal:{backend_id}/{object_name}/{external_id}",
                    _(
                        "Deal %(deal)s on %(backend)s won %(hours)s h ago is not converted: "
                        "its message is %(state)s (%(reason)s)",
                        deal=external_id,
                        backend=backend.code,
                        hours=int(hours),
                        state=log.state,
                        reason=(log.message or "-")[:200],
                    ),
                    amount.quantize(Decimal("0.01")),
                    currency.id,
                    backend.company_id.id,
                    "ps.sync.log",
                    log_id,
                    count=1,
                    value=round(hours, 2),
                )
            )
        return subjects
