# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..pure import rates as pure_rates


class RateRefused(UserError):
    """A rate card gives no single rate for a time entry; ``reason`` is the
    pure rule's error (missing or ambiguous rate), for callers that word the
    refusal their own way (the time intake)."""

    def __init__(self, message, reason=None):
        super().__init__(message)
        self.reason = reason


class PsRateCard(models.Model):
    """Hourly rates by role, employee and customer, with effective dates.

    Resolution order, most specific first (shown on every billed line):
    employee+customer, employee, role+customer, role, customer, default.
    """

    _name = "ps.rate.card"
    _description = "Rate Card"
    _inherit = ["mail.thread"]
    _order = "company_id, name"

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
        tracking=True,
    )
    active = fields.Boolean(default=True)
    line_ids = fields.One2many("ps.rate.card.line", "card_id", string="Rates", copy=True)

    @api.constrains("line_ids")
    def _check_overlaps(self):
        for card in self:
            clashes = pure_rates.overlapping(card._pure_lines())
            if clashes:
                a, b = clashes[0]
                raise ValidationError(
                    _(
                        "Rates %(a)s and %(b)s of card %(card)s apply to the same "
                        "employee, role and customer on overlapping dates.",
                        a=self.env["ps.rate.card.line"].browse(a.id).display_name,
                        b=self.env["ps.rate.card.line"].browse(b.id).display_name,
                        card=card.name,
                    )
                )

    def _pure_lines(self):
        self.ensure_one()
        return [
            pure_rates.RateLine(
                id=line.id,
                rate=line.rate,
                employee_id=line.employee_id.id or None,
                role_id=line.job_id.id or None,
                partner_id=line.partner_id.commercial_partner_id.id or None,
                date_from=line.date_from or None,
                date_to=line.date_to or None,
            )
            for line in self.line_ids
        ]

    def _resolve(self, employee, partner, day, lines=None):
        """``(rate in the card's currency, level label, line)`` or UserError."""
        self.ensure_one()
        lines = lines if lines is not None else self._pure_lines()
        try:
            line, level = pure_rates.resolve(
                lines,
                employee.id,
                employee.job_id.id or None,
                partner.commercial_partner_id.id,
                day,
            )
        except (pure_rates.MissingRate, pure_rates.AmbiguousRate) as err:
            raise RateRefused(
                _(
                    "Rate card %(card)s: %(err)s (employee %(emp)s, role %(role)s, "
                    "customer %(cust)s).",
                    card=self.name,
                    err=err,
                    emp=employee.name,
                    role=employee.job_id.name or _("none"),
                    cust=partner.commercial_partner_id.name,
                ),
                err,
            ) from err
        return line.rate, level, line
