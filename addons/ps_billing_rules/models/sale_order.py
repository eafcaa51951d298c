# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..pure import deal as pure_deal


class DealRefused(UserError):
    """A won deal cannot become what was sold (its order does not add up)."""


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ps_engagement_ids = fields.One2many("ps.engagement", "sale_order_id", string="Engagements")

    def action_create_engagement(self):
        """UI button: make the engagement of this confirmed order and open it."""
        self.ensure_one()
        engagement = self._ps_create_engagement()
        return {
            "type": "ir.actions.act_window",
            "res_model": "ps.engagement",
            "res_id": engagement.id,
            "view_mode": "form",
        }

    def _ps_create_engagement(self, instalments=None, **values):
        """Create the engagement behind a confirmed order of service products.

        Called by the UI and by the CRM connectors. Service lines that are
        fixed price become the fixed-fee schedule: one line dated on the order
        date, or instalments (the line's *Instalments*, *Every (months)* and
        *First Instalment*, or ``instalments={"count": 3, "interval_months": 1,
        "date_first": date}`` for every such line); timesheet-based services
        make the engagement bill time. ``values`` override the engagement's
        fields (rate card, caps, billing frequency).
        """
        self.ensure_one()
        if self.state != "sale":
            raise UserError(_("Order %s is not confirmed.", self.name))
        if self.ps_engagement_ids:
            raise UserError(_("Order %s already has an engagement.", self.name))
        services = self.order_line.filtered(
            lambda line: not line.display_type and line.product_id.type == "service"
        )
        if not services:
            raise UserError(_("Order %s has no service lines.", self.name))
        project = self.project_ids[:1] or self.env["project.project"].create(
            {
                "name": self.name,
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "allow_billable": True,
            }
        )
        time_lines = services.filtered(
            lambda line: line.product_id.service_policy == "delivered_timesheet"
        )
        fixed_lines = services - time_lines
        vals = {
            "name": self.client_order_ref or self.name,
            "partner_id": self.partner_invoice_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "sale_order_id": self.id,
            "project_id": project.id,
            "payment_term_id": self.payment_term_id.id,
            "bill_time": bool(time_lines),
            "schedule_ids": [],
        }
        Engagement = self.env["ps.engagement"]
        for line in fixed_lines.filtered(lambda line: line.price_subtotal > 0):
            terms = instalments or {}
            vals["schedule_ids"] += Engagement._ps_instalment_commands(
                line.name,
                line.price_subtotal,
                terms.get("count", line.ps_instalment_count or 1),
                terms.get(
                    "date_first", line.ps_instalment_date or fields.Date.to_date(self.date_order)
                ),
                terms.get("interval_months", line.ps_instalment_interval or 1),
                currency=self.currency_id,
            )
        vals.update(values)
        return self.env["ps.engagement"].create(vals)

    # ------------------------------------------------------------------
    # won CRM deals (pure.deal.Deal): shared by the CRM connectors
    # ------------------------------------------------------------------
    @api.model
    def _ps_deal_pricelist(self, company, currency_code):
        """The company's pricelist in this currency (company-specific first)."""
        return (
            self.env["product.pricelist"]
            .sudo()
            .search(
                [
                    ("currency_id.name", "=", currency_code),
                    ("company_id", "in", [company.id, False]),
                ],
                order="company_id, sequence, id",
                limit=1,
            )
        )

    @api.model
    def _ps_order_values_from_deal(self, deal):
        """The values of the sale order a won deal becomes (not confirmed)."""
        close = deal.close_date or fields.Date.context_today(self)
        return {
            "partner_id": deal.partner_id,
            "company_id": deal.company_id,
            "client_order_ref": deal.client_order_ref or deal.name,
            "origin": deal.origin,
            "date_order": datetime.datetime.combine(close, datetime.time(12, 0)),
            "user_id": deal.user_id or False,
            **({"pricelist_id": deal.pricelist_id} if deal.pricelist_id else {}),
            "order_line": [
                Command.create(
                    {
                        "product_id": line.product_id,
                        "product_uom_qty": line.quantity,
                        "price_unit": line.unit_price,
                        "discount": line.discount or 0.0,
                        **({"name": line.description} if line.description else {}),
                    }
                )
                for line in deal.lines
            ],
        }

    def _ps_deliver_deal(self, deal):
        """Deliver the won deal this order was made from: check it is what
        was sold, confirm it, make its project (a copy of the deal's
        template) and its active engagement, whose billing models come from
        the deal's lines. Raises DealRefused when the order is not the deal.
        Returns the engagement."""
        self.ensure_one()
        self._ps_check_deal(deal)
        self.action_confirm()
        order_lines = self.order_line.sorted("id")
        template = self.env["project.project"].browse(deal.project_template_id)
        project_vals = {
            "name": deal.name,
            "partner_id": deal.partner_id,
            "company_id": self.company_id.id,
            "allow_billable": True,
        }
        project = (
            template.copy(project_vals)
            if template
            else self.env["project.project"].create(project_vals)
        )
        # the project is the one this order generated (sale_project's link)
        order_lines[:1].project_id = project
        close = deal.close_date or fields.Date.context_today(self)
        schedule, milestones, time_product = [], [], None
        for line, sol in zip(deal.lines, order_lines, strict=True):
            label = sol.name.split("\n")[0]
            if line.billing_model == pure_deal.TIME_MATERIALS:
                time_product = time_product or sol.product_id
            elif line.billing_model == pure_deal.MILESTONE:
                milestones.append(Command.create({"name": label, "amount": sol.price_subtotal}))
            elif sol.price_subtotal > 0:
                schedule.append(
                    Command.create(
                        {
                            "kind": pure_deal.SCHEDULE_KINDS[line.billing_model],
                            "date": close,
                            "name": label,
                            "amount": sol.price_subtotal,
                        }
                    )
                )
        engagement = self._ps_create_engagement(
            name=deal.name,
            project_id=project.id,
            bill_time=bool(time_product),
            rate_card_id=deal.rate_card_id if time_product else False,
            cap_amount=deal.cap_amount or 0.0,
            product_id=(time_product or order_lines[:1].product_id).id,
            schedule_ids=schedule,
            milestone_ids=milestones,
        )
        engagement.action_activate()
        return engagement

    def _ps_check_deal(self, deal):
        """The order must be what was sold: the deal's currency, and its
        untaxed total the deal's amount (at the currency's rounding)."""
        if self.currency_id.name != deal.currency:
            raise DealRefused(
                _(
                    "%(deal)s is in %(cur)s but its order would be in %(got)s: check the pricelist",
                    deal=deal.display,
                    cur=deal.currency,
                    got=self.currency_id.name,
                )
            )
        if deal.amount is not None and self.currency_id.compare_amounts(
            self.amount_untaxed, deal.amount
        ):
            raise DealRefused(
                _(
                    "%(deal)s: its products come to %(total)s %(cur)s untaxed in Odoo but "
                    "its amount is %(amount)s: check the line items' prices and discounts",
                    deal=deal.display,
                    total=self.amount_untaxed,
                    amount=deal.amount,
                    cur=self.currency_id.name,
                )
            )
