# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..pure import rates as pure_rates


class PsRateCardLine(models.Model):
    _name = "ps.rate.card.line"
    _description = "Rate Card Line"
    _order = "card_id, employee_id, job_id, partner_id, date_from"

    card_id = fields.Many2one("ps.rate.card", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="card_id.company_id", store=True)
    currency_id = fields.Many2one(related="card_id.currency_id")
    job_id = fields.Many2one("hr.job", string="Role")
    employee_id = fields.Many2one("hr.employee")
    partner_id = fields.Many2one("res.partner", string="Customer")
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")
    rate = fields.Monetary(required=True, currency_field="currency_id", string="Hourly Rate")
    level = fields.Char(compute="_compute_level", string="Applies As")

    _sql_constraints = [
        ("rate_positive", "CHECK(rate >= 0)", "A rate cannot be negative."),
    ]

    @api.depends("employee_id", "job_id", "partner_id")
    def _compute_level(self):
        for line in self:
            line.level = pure_rates.RateLine(
                id=line.id,
                rate=line.rate,
                employee_id=line.employee_id.id or None,
                role_id=line.job_id.id or None,
                partner_id=line.partner_id.id or None,
            ).level

    @api.depends("card_id", "employee_id", "job_id", "partner_id", "rate")
    def _compute_display_name(self):
        for line in self:
            who = line.employee_id.name or line.job_id.name or _("anyone")
            if line.partner_id:
                who = f"{who} @ {line.partner_id.name}"
            line.display_name = f"{who}: {line.rate:g}"

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for line in self:
            if line.date_from and line.date_to and line.date_from > line.date_to:
                raise ValidationError(_("A rate's start date must precede its end date."))
