# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from ..pure import instalments as pure_instalments


class PsEngagementInstalmentWizard(models.TransientModel):
    """Schedule a fixed fee in instalments: "10,000 in 3 monthly instalments
    from March" becomes three schedule lines that sum exactly to 10,000."""

    _name = "ps.engagement.instalment.wizard"
    _description = "Fixed Fee in Instalments"
    _check_company_auto = True

    engagement_id = fields.Many2one(
        "ps.engagement", required=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="engagement_id.company_id", store=True)
    currency_id = fields.Many2one(related="engagement_id.currency_id")
    name = fields.Char(string="Description", required=True, default=lambda self: _("Fixed fee"))
    amount = fields.Monetary(
        string="Total Amount",
        required=True,
        currency_field="currency_id",
        help="Shared into equal instalments; the last one takes the rounding.",
    )
    count = fields.Integer(string="Instalments", required=True, default=3)
    date_first = fields.Date(
        string="First Instalment", required=True, default=fields.Date.context_today
    )
    interval_months = fields.Integer(string="Every (months)", required=True, default=1)
    preview = fields.Text(compute="_compute_preview")

    @api.depends("amount", "count", "date_first", "interval_months", "name")
    def _compute_preview(self):
        for wizard in self:
            try:
                lines = wizard._instalments()
            except pure_instalments.InstalmentError as err:
                wizard.preview = str(err)
                continue
            wizard.preview = "\n".join(
                f"{line.date}  {wizard.name} ({line.number}/{len(lines)})  {line.amount}"
                for line in lines
            )

    def _instalments(self):
        self.ensure_one()
        return pure_instalments.instalments(
            self.amount,
            self.count,
            self.date_first,
            self.interval_months,
            self.currency_id.decimal_places if self.currency_id else 2,
        )

    def action_generate(self):
        self.ensure_one()
        self.engagement_id._ps_add_instalments(
            self.name, self.amount, self.count, self.date_first, self.interval_months
        )
        return {"type": "ir.actions.act_window_close"}
