# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError


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
