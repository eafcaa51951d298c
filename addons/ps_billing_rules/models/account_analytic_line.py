# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..pure import kinds

#: what billing records on an entry: written by billing runs only
BILLING_STATE_FIELDS = {"ps_to_bill", "ps_held_over_cap"}
#: a change to one of these makes an entry worth billing (again)
#: approval decisions, and who may take them
DECIDED = ("approved", "rejected")
APPROVER_GROUP = "hr_timesheet.group_hr_timesheet_approver"
BILLING_FIELDS = {"unit_amount", "date", "employee_id", "project_id", "ps_status",
                  "ps_billable", "ps_engagement_id"}


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    ps_status = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("approved", "Approved"),
         ("rejected", "Rejected")],
        string="Approval", default="draft", index=True, copy=False,
    )
    ps_billable = fields.Boolean(string="Billable Time", default=True)
    ps_engagement_id = fields.Many2one(
        "ps.engagement", string="Engagement", compute="_compute_ps_engagement_id",
        store=True, index=True,
    )
    ps_to_bill = fields.Boolean(
        string="To Bill", default=True, index=True, copy=False,
        help="Changed since it was last billed: the next run bills it, or the "
        "difference with what was billed (an adjustment).",
    )
    ps_held_over_cap = fields.Boolean(string="Held Over Cap", copy=False, index=True)
    ps_trace_ids = fields.One2many("ps.billing.trace", "timesheet_id", string="Billed On")
    ps_billed_hours = fields.Float(compute="_compute_ps_billed", string="Billed (h)")
    ps_billed_amount = fields.Float(compute="_compute_ps_billed", string="Billed Amount")

    @api.depends("project_id", "project_id.ps_engagement_ids")
    def _compute_ps_engagement_id(self):
        for line in self:
            line.ps_engagement_id = line.project_id.ps_engagement_ids[:1]

    @api.depends("ps_trace_ids.hours", "ps_trace_ids.amount", "ps_trace_ids.move_state")
    def _compute_ps_billed(self):
        for line in self:
            traces = line.ps_trace_ids.filtered(
                lambda t: t.move_state != "cancel" and t.kind in kinds.TIME_BILLED)
            line.ps_billed_hours = sum(traces.mapped("hours"))
            line.ps_billed_amount = sum(traces.mapped("amount"))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            vals.get("ps_status") in DECIDED for vals in vals_list
        ):
            self._check_approver()
        return super().create(vals_list)

    def write(self, vals):
        # evidence of billing: flipping "to bill" off over RPC would hide a
        # change from the next run
        if BILLING_STATE_FIELDS & set(vals) and not self.env.su:
            raise AccessError(_("Only billing runs mark time entries billed or held."))
        if not self.env.su and (
            vals.get("ps_status") in DECIDED
            or (BILLING_FIELDS & set(vals)
                and any(line.ps_status == "approved" for line in self))
        ):
            # nobody approves their own time, nor changes time once approved,
            # without the approver's right (the source system may: it is sudo)
            self._check_approver()
        if BILLING_FIELDS & set(vals) and "ps_to_bill" not in vals:
            vals = dict(vals, ps_to_bill=True)
        return super().write(vals)

    def _check_approver(self):
        if not self.env.user.has_group(APPROVER_GROUP):
            raise AccessError(
                _("Only timesheet approvers approve or reject time, or change time "
                  "that is approved (%s may not).", self.env.user.name)
            )
