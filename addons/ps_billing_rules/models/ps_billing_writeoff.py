# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

REASONS = [
    ("courtesy", "Courtesy / goodwill"),
    ("quality", "Quality issue / rework"),
    ("estimate", "Over the estimate"),
    ("training", "Ramp-up / training time"),
    ("internal", "Internal error"),
    ("other", "Other"),
]


class PsBillingWriteoff(models.Model):
    """A courtesy adjustment or write-off, with a reason and an approver.

    Approved write-offs appear as a negative line on the engagement's next
    invoice proposal, with their reason.
    """

    _name = "ps.billing.writeoff"
    _description = "Billing Write-off"
    _inherit = ["mail.thread", "ps.engagement.part.mixin"]
    _order = "id desc"

    reason = fields.Selection(REASONS, required=True, tracking=True)
    note = fields.Char(required=True, tracking=True)
    amount = fields.Monetary(required=True, currency_field="currency_id", tracking=True)
    state = fields.Selection(
        [
            ("draft", "To approve"),
            ("approved", "Approved"),
            ("applied", "On an invoice"),
            ("refused", "Refused"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    requested_by_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, readonly=True
    )
    approver_id = fields.Many2one("res.users", readonly=True, tracking=True)
    invoice_line_id = fields.Many2one(
        "account.move.line", readonly=True, ondelete="set null", copy=False
    )

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A write-off amount must be positive.")
    ]

    @api.depends("reason", "amount")
    def _compute_display_name(self):
        labels = dict(REASONS)
        for wo in self:
            wo.display_name = (
                f"{labels.get(wo.reason, '')}: {wo.amount:g} {wo.currency_id.name or ''}"
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            vals.get("state", "draft") != "draft"
            or vals.get("approver_id")
            or vals.get("invoice_line_id")
            for vals in vals_list
        ):
            raise AccessError(
                _(
                    "A write-off is created to approve; an accounting manager "
                    "approves it with its button."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        # approval is evidence: only the approve / refuse buttons (an
        # accounting manager) and billing runs (applied) move it
        if {"state", "approver_id", "invoice_line_id"} & set(vals) and not self.env.su:
            raise AccessError(
                _("A write-off is approved or refused with its buttons, by an accounting manager.")
            )
        return super().write(vals)

    def _check_approver(self):
        if not self.env.user.has_group("account.group_account_manager"):
            raise AccessError(_("Only an accounting manager approves or refuses write-offs."))

    def action_approve(self):
        self._check_approver()
        for wo in self:
            if wo.state != "draft":
                raise UserError(_("Only write-offs to approve can be approved."))
            if wo.requested_by_id == self.env.user and not self.env.su:
                raise UserError(
                    _("A write-off is approved by someone other than who asked for it.")
                )
        # checked above: written as the superuser, still in the approver's name
        self.sudo().write({"state": "approved", "approver_id": self.env.user.id})
        return True

    def action_refuse(self):
        self._check_approver()
        self.filtered(lambda wo: wo.state == "draft").sudo().write(
            {"state": "refused", "approver_id": self.env.user.id}
        )
        return True
