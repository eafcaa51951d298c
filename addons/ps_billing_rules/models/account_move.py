# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

INVOICING_GROUP = "account.group_account_invoice"


class AccountMove(models.Model):
    _inherit = "account.move"

    ps_engagement_id = fields.Many2one(
        "ps.engagement", string="Engagement", index=True, copy=False, readonly=True
    )
    ps_billing_run_id = fields.Many2one(
        "ps.billing.run", string="Billing Run", index=True, copy=False, readonly=True
    )
    ps_period_end = fields.Date(
        string="Period",
        copy=False,
        readonly=True,
        help="End of the period a billing run billed. The invoice date is set when the "
        "proposal is posted, and its due date follows from that day.",
    )
    ps_writeoff_ids = fields.One2many(
        "ps.billing.writeoff", "move_id", string="Adjustments Requested"
    )
    ps_timesheet_count = fields.Integer(
        string="Time Entries", compute="_compute_ps_timesheet_count"
    )

    def _compute_ps_timesheet_count(self):
        # a fact of the invoice (how many entries it bills), whoever reads it
        for move in self:
            move.ps_timesheet_count = len(move.sudo().invoice_line_ids.ps_trace_ids.timesheet_id)

    def _ps_release_time(self):
        """Time billed on these invoices becomes billable again."""
        traces = self.env["ps.billing.trace"].sudo().search([("move_id", "in", self.ids)])
        traces.mapped("timesheet_id").write({"ps_to_bill": True})

    def button_cancel(self):
        self._ps_release_time()
        return super().button_cancel()

    def unlink(self):
        self._ps_release_time()
        return super().unlink()

    # ------------------------------------------------------------------
    # pre-bill review (Invoice Proposals)
    # ------------------------------------------------------------------
    def _ps_check_proposals(self):
        """These are draft invoice proposals of billing runs, and the caller
        may review them (invoicing users)."""
        if not self.env.su and not self.env.user.has_group(INVOICING_GROUP):
            raise AccessError(_("Only invoicing users review and post invoice proposals."))
        not_proposals = self.filtered(
            lambda m: not m.ps_billing_run_id
            or m.state != "draft"
            or m.move_type not in ("out_invoice", "out_refund")
        )
        if not_proposals:
            raise UserError(
                _(
                    "Only draft invoice proposals of billing runs are reviewed here: %s",
                    ", ".join(not_proposals.mapped("display_name")[:10]),
                )
            )

    def action_ps_post_proposals(self):
        """Approve invoice proposals: post them (each dated today unless its
        invoice date was set, its due date computed from that day). Refused,
        posting none, while an adjustment of one awaits its approver."""
        self._ps_check_proposals()
        waiting = self.ps_writeoff_ids.filtered(lambda wo: wo.state == "draft")
        if waiting:
            raise UserError(
                _(
                    "These proposals have adjustments awaiting an accounting manager's "
                    "approval; approve or refuse them first: %s",
                    ", ".join(waiting.move_id.mapped("display_name")),
                )
            )
        # as the invoicing user: Odoo's own checks of posting apply
        self.action_post()
        return True

    def action_ps_open_time_entries(self):
        """The time entries billed on these invoices (their billing traces)."""
        return self.invoice_line_ids.action_ps_open_time_entries()

    def action_ps_preview_pdf(self):
        """The invoice PDF of proposals, as Odoo prints it (a draft says so)."""
        self._ps_check_proposals()
        return self.env.ref("account.account_invoices").report_action(self)


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    ps_rate_level = fields.Char(
        string="Rate Rule",
        copy=False,
        help="Which rate card rule priced this line: employee+customer, employee, "
        "role+customer, role, customer or default.",
    )
    ps_trace_ids = fields.One2many("ps.billing.trace", "move_line_id", string="Billing Traces")
    ps_timesheet_ids = fields.Many2many(
        "account.analytic.line", compute="_compute_ps_timesheet_ids", string="Time Entries"
    )

    @api.depends("ps_trace_ids.timesheet_id")
    def _compute_ps_timesheet_ids(self):
        for line in self:
            line.ps_timesheet_ids = line.sudo().ps_trace_ids.timesheet_id.ids

    def action_ps_open_time_entries(self):
        """The hours behind these invoice lines: the time entries their
        billing traces point at, read with the caller's own rights."""
        entries = self.ps_trace_ids.timesheet_id  # with the caller's rights
        if not entries:
            raise UserError(_("No time entry is billed on these lines."))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ps_billing_rules.account_analytic_line_action_billed"
        )
        action["domain"] = [("id", "in", entries.ids)]
        return action

    def action_ps_adjust(self):
        """Adjust this line of an invoice proposal up or down, with a reason."""
        self.ensure_one()
        self.move_id._ps_check_proposals()
        if self.display_type != "product":
            raise UserError(_("Only the invoice lines of a proposal are adjusted."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Adjust a Proposal Line"),
            "res_model": "ps.billing.adjust.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_line_id": self.id},
        }
