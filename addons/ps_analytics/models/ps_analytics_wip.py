# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..pure import figures
from .ps_analytics_report_mixin import FINANCE_GROUPS

_logger = logging.getLogger(__name__)

AGE_SELECTION = [(key, label) for _bound, key, label in figures.AGE_BUCKETS]


class PsAnalyticsWip(models.Model):
    """Work in progress: approved billable time and billable expenses not
    invoiced yet, valued at the billing rates (expenses at cost or with the
    engagement's markup), with their age. Stored figures, taken by a daily
    job and on demand (*Compute Capacity and WIP*), one row per time entry
    or expense and stage:

    - *Unbilled*: what the next billing run would bill today, priced by the
      run's own plan (``ps.engagement._ps_plan``, nothing written): the rate
      card's rate for the person, role, customer and day, within the caps.
    - *Held over a cap*: time the next run would hold over the engagement's
      cap (policy *hold*): kept apart, its worth at the billing rate in
      *Held Over Cap*, not in *Value*: it cannot be billed as things stand
      (a change order raises the cap, or it is written off). Realization
      reads these rows as its *Held Over Cap* cause.
    - *On a proposal*: time on a draft invoice proposal, not posted yet.

    Amounts are in the engagement's currency."""

    _name = "ps.analytics.wip"
    _inherit = ["ps.analytics.report.mixin"]
    _description = "Work in Progress (unbilled time)"
    _order = "date, id"

    as_of = fields.Date(string="Taken On", required=True, readonly=True)
    engagement_id = fields.Many2one(
        "ps.engagement", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    kind = fields.Selection([("time", "Time"), ("expense", "Expense")], readonly=True)
    timesheet_id = fields.Many2one(
        "account.analytic.line", string="Time Entry", ondelete="cascade", readonly=True
    )
    expense_id = fields.Many2one("hr.expense", ondelete="cascade", readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Person", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    job_id = fields.Many2one("hr.job", string="Role", readonly=True)
    date = fields.Date(string="Work Date", readonly=True)
    stage = fields.Selection(
        [("unbilled", "Unbilled"), ("held", "Held over a cap"), ("proposed", "On a proposal")],
        readonly=True,
    )
    hours = fields.Float(readonly=True)
    rate = fields.Float(readonly=True, aggregator=False)
    amount = fields.Monetary(
        string="Value", readonly=True, help="What the next invoices bill of it (held time: 0)."
    )
    held_amount = fields.Monetary(
        string="Held Over Cap",
        readonly=True,
        help="Time held over the engagement's cap, at its billing rate: not in the value.",
    )
    age_days = fields.Integer(string="Age (days)", readonly=True, aggregator="max")
    age_bucket = fields.Selection(AGE_SELECTION, string="Age", readonly=True)

    @api.model
    def action_ps_refresh(self):
        """Take the WIP of the user's companies again, as of today."""
        if not any(self.env.user.has_group(g) for g in FINANCE_GROUPS.split(",")) and not (
            self.env.user.has_group("project.group_project_manager")
        ):
            raise AccessError(_("Only finance and project managers compute the WIP."))
        issues = self.sudo()._ps_refresh(self.env.companies)
        if issues:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": _("WIP computed, some engagements left out"),
                    "message": "\n".join(issues),
                    "sticky": True,
                    "type": "warning",
                },
            }
        return True

    @api.model
    def _cron_refresh(self):
        self._ps_refresh(self.env["res.company"].search([]))

    @api.model
    def _ps_refresh(self, companies, as_of=None):
        """Replace the WIP rows of ``companies`` by today's (as called: the
        caller checked rights). Returns the engagements it could not value,
        with the reason; their rows are left out."""
        as_of = as_of or fields.Date.context_today(self)
        self.search([("company_id", "in", companies.ids)]).unlink()
        engagements = self.env["ps.engagement"].search(
            [("company_id", "in", companies.ids), ("state", "=", "active")]
        )
        rows, issues = [], []
        for engagement in engagements:
            try:
                rows += engagement._ps_wip_rows(as_of)
            except UserError as err:
                issues.append(f"{engagement.display_name}: {err.args[0]}")
                _logger.info("WIP of %s left out: %s", engagement.display_name, err.args[0])
        for row in rows:
            row["as_of"] = as_of
            row["age_days"] = (as_of - row["date"]).days
            row["age_bucket"] = figures.age_bucket(as_of, row["date"])
        self.create(rows)
        return issues
