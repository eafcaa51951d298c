# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..pure import kinds

REASONS = [
    ("courtesy", "Courtesy / goodwill"),
    ("quality", "Quality issue / rework"),
    ("estimate", "Over the estimate"),
    ("training", "Ramp-up / training time"),
    ("internal", "Internal error"),
    ("other", "Other"),
]


class PsBillingWriteoff(models.Model):
    """A write-off (down) or write-up (up) of what is billed, with a reason
    and an approver (an accounting manager, never who asked for it).

    Asked for on a line of an invoice proposal (pre-bill review), it is added
    to that proposal when it is approved, if the proposal is still a draft;
    otherwise, and when asked for on the engagement, it is a line of the
    engagement's next invoice proposal, with its reason.
    """

    _name = "ps.billing.writeoff"
    _description = "Billing Write-off"
    _inherit = ["mail.thread", "ps.engagement.part.mixin"]
    _order = "id desc"

    direction = fields.Selection(
        [("down", "Write-off (bill less)"), ("up", "Write-up (bill more)")],
        default="down",
        required=True,
        tracking=True,
    )
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
    move_id = fields.Many2one(
        "account.move",
        string="Invoice Proposal",
        readonly=True,
        copy=False,
        ondelete="set null",
        index="btree_not_null",
        help="The invoice proposal this adjustment was asked for in review: it is added "
        "to it once approved, while it is a draft.",
    )
    adjusted_line_id = fields.Many2one(
        "account.move.line",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The proposal line that was reviewed.",
    )

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A write-off amount must be positive.")
    ]

    @api.depends("reason", "amount", "direction")
    def _compute_display_name(self):
        labels = dict(REASONS)
        for wo in self:
            sign = "+" if wo.direction == "up" else "-"
            wo.display_name = (
                f"{labels.get(wo.reason, '')}: {sign}{wo.amount:g} {wo.currency_id.name or ''}"
            )

    @api.constrains("move_id", "engagement_id")
    def _check_move(self):
        for wo in self.filtered("move_id"):
            if wo.move_id.ps_engagement_id != wo.engagement_id:
                raise ValidationError(
                    _("An adjustment belongs to an invoice proposal of its own engagement.")
                )

    def _sign(self):
        """+1 for a write-up, -1 for a write-off: how it changes the bill."""
        self.ensure_one()
        return 1 if self.direction == "up" else -1

    def _plan_label(self):
        self.ensure_one()
        values = {"reason": dict(REASONS)[self.reason], "note": self.note}
        if self.direction == "up":
            return _("Write-up (%(reason)s): %(note)s", **values)
        return _("Write-off (%(reason)s): %(note)s", **values)

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
        self.sudo()._apply_to_proposal()
        return True

    def _apply_to_proposal(self):
        """Add approved adjustments asked for in review to their invoice
        proposal while it is a draft, with their trace; the others wait for
        the engagement's next billing run."""
        for wo in self.filtered(
            lambda w: w.state == "approved" and w.move_id and w.move_id.state == "draft"
        ):
            move, eng = wo.move_id, wo.engagement_id
            amount = wo._sign() * wo.amount
            # a credit note carries its lines with their signs turned
            price = -amount if move.move_type == "out_refund" else amount
            distribution = (
                {str(eng.analytic_account_id.id): 100} if eng.analytic_account_id else False
            )
            before = move.invoice_line_ids
            move.write(
                {
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": eng.product_id.id,
                                "name": wo._plan_label(),
                                "quantity": 1.0,
                                "price_unit": price,
                                "analytic_distribution": distribution,
                            }
                        )
                    ]
                }
            )
            line = move.invoice_line_ids - before
            self.env["ps.billing.trace"].create(
                {
                    "move_line_id": line.id,
                    "engagement_id": eng.id,
                    "kind": kinds.WRITEOFF,
                    "hours": 0.0,
                    "amount": amount,
                    "rate": price,
                }
            )
            wo.write({"state": "applied", "invoice_line_id": line.id})

    def action_refuse(self):
        self._check_approver()
        self.filtered(lambda wo: wo.state == "draft").sudo().write(
            {"state": "refused", "approver_id": self.env.user.id}
        )
        return True
