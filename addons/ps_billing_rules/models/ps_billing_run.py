# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class PsBillingRun(models.Model):
    """Billing of one company's engagements for one period.

    Starting a run enqueues one job per engagement; each makes that
    engagement's invoice proposal (a draft customer invoice) that finance
    reviews and posts. Progress shows as the jobs finish.
    """

    _name = "ps.billing.run"
    _description = "Billing Run"
    _inherit = ["mail.thread"]
    _order = "date_to desc, id desc"
    _check_company_auto = True  # its engagements are the run's company's

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    date_to = fields.Date(string="Period End", required=True,
                          help="Work up to this date is billed; invoices are dated on it.")
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Done")],
        default="draft", required=True, tracking=True,
    )
    engagement_ids = fields.Many2many(
        "ps.engagement", string="Engagements", check_company=True,
        help="Leave empty to bill every active engagement of the company.",
    )
    line_ids = fields.One2many("ps.billing.run.line", "run_id", string="Engagement Jobs")
    move_ids = fields.One2many("account.move", "ps_billing_run_id", string="Invoice Proposals")
    progress = fields.Float(compute="_compute_progress")
    count_total = fields.Integer(compute="_compute_progress")
    count_done = fields.Integer(compute="_compute_progress")
    count_failed = fields.Integer(compute="_compute_progress")
    count_invoices = fields.Integer(compute="_compute_progress")

    @api.depends("company_id", "date_to")
    def _compute_name(self):
        for run in self:
            run.name = f"{run.company_id.name or ''} {run.date_to or ''}".strip()

    @api.depends("line_ids.state")
    def _compute_progress(self):
        for run in self:
            lines = run.line_ids
            finished = lines.filtered(lambda line: line.state != "queued")
            run.count_total = len(lines)
            run.count_done = len(finished)
            run.count_failed = len(lines.filtered(lambda line: line.state == "failed"))
            run.count_invoices = len(lines.filtered(lambda line: line.state == "done"))
            run.progress = 100.0 * len(finished) / len(lines) if lines else 0.0

    def _check_biller(self):
        """Runs bill every engagement of a company as the superuser: only
        invoicing users start them (RPC and buttons alike)."""
        if not self.env.su and not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(_("Only invoicing users start billing runs."))

    def action_start(self):
        self._check_biller()
        for run in self:
            if run.state != "draft":
                raise UserError(_("Run %s was started already.", run.name))
            engagements = run.engagement_ids or self.env["ps.engagement"].search(
                [("company_id", "=", run.company_id.id), ("state", "=", "active")])
            engagements = engagements.filtered(lambda e: e.state == "active")
            if not engagements:
                raise UserError(_("No active engagement to bill for %s.", run.company_id.name))
            # refuse a locked period up front, with the reason
            engagements[:1]._invoice_date(run.date_to)
            run.write({
                "state": "running",
                "line_ids": [(0, 0, {"engagement_id": e.id}) for e in engagements],
            })
            run.line_ids._enqueue()
        return True

    def _check_done(self):
        for run in self:
            # one indexed probe, not a read of every line: each of a run's
            # jobs calls this, so reading all lines made a run quadratic
            if run.state == "running" and not self.env["ps.billing.run.line"].search_count(
                    [("run_id", "=", run.id), ("state", "=", "queued")], limit=1):
                run.state = "done"
                run.message_post(body=_(
                    "Billing run finished: %(inv)s invoice proposal(s), %(failed)s failure(s).",
                    inv=run.count_invoices, failed=run.count_failed))

    def action_open_proposals(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Invoice Proposals"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("ps_billing_run_id", "=", self.id)],
        }
