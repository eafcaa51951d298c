# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    ps_engagement_id = fields.Many2one(
        "ps.engagement", string="Engagement", index=True, copy=False, readonly=True
    )
    ps_billing_run_id = fields.Many2one(
        "ps.billing.run", string="Billing Run", index=True, copy=False, readonly=True
    )

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
            line.ps_timesheet_ids = line.ps_trace_ids.mapped("timesheet_id")
