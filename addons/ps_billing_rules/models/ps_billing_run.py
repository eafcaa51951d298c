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
    _inherit = ["mail.thread", "ps.engagement.run.mixin"]
    _order = "date_to desc, id desc"

    date_to = fields.Date(help="Work up to this date is billed; invoices are dated on it.")
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Done")],
        default="draft",
        required=True,
        tracking=True,
    )
    engagement_ids = fields.Many2many(
        help="Leave empty to bill every active engagement of the company."
    )
    line_ids = fields.One2many("ps.billing.run.line", "run_id", string="Engagement Jobs")
    move_ids = fields.One2many("account.move", "ps_billing_run_id", string="Invoice Proposals")
    count_invoices = fields.Integer(string="Proposals", compute="_compute_progress")

    @api.depends("line_ids.state")
    def _compute_progress(self):
        res = super()._compute_progress()
        for run in self:
            run.count_invoices = len(run.line_ids.filtered(lambda line: line.state == "done"))
        return res

    def _check_biller(self):
        """Runs bill every engagement of a company as the superuser: only
        invoicing users start them (RPC and buttons alike)."""
        if not self.env.su and not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(_("Only invoicing users start billing runs."))

    def _check_starter(self):
        self._check_biller()

    def _engagements_to_start(self):
        self.ensure_one()
        engagements = self.engagement_ids or self.env["ps.engagement"].search(
            [("company_id", "=", self.company_id.id), ("state", "=", "active")]
        )
        engagements = engagements.filtered(lambda e: e.state == "active")
        if not engagements:
            raise UserError(_("No active engagement to bill for %s.", self.company_id.name))
        # refuse a locked period up front, with the reason
        engagements[:1]._check_billing_period(self.date_to)
        return engagements

    def _done_message(self):
        return _(
            "Billing run finished: %(inv)s invoice proposal(s), %(failed)s failure(s).",
            inv=self.count_invoices,
            failed=self.count_failed,
        )

    def action_open_proposals(self):
        self.ensure_one()
        # the pre-bill review list, on this run's proposals
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ps_billing_rules.account_move_action_proposals"
        )
        action["domain"] = [
            ("ps_billing_run_id", "=", self.id),
            ("move_type", "in", ("out_invoice", "out_refund")),
        ]
        return action
