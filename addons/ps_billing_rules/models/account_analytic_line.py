# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from odoo.addons.ps_sync_core.batch_defaults import missing_defaults

#: a change to one of these makes an entry worth billing (again)
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
                lambda t: t.move_state != "cancel" and t.kind in ("time", "over", "adjustment"))
            line.ps_billed_hours = sum(traces.mapped("hours"))
            line.ps_billed_amount = sum(traces.mapped("amount"))

    def _add_missing_default_values(self, values):
        # once per batch inside a sync batch create (see batch_defaults)
        return missing_defaults(self, values, super()._add_missing_default_values)

    def write(self, vals):
        if BILLING_FIELDS & set(vals) and "ps_to_bill" not in vals:
            vals = dict(vals, ps_to_bill=True)
        return super().write(vals)
