# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.ps_sync_core.chatter import post_system_note

from ..pure import methods as pure_methods

_logger = logging.getLogger(__name__)


class PsRevenueRun(models.Model):
    """Recognition of one company's revenue for one month.

    Starting a run enqueues one job per engagement; each posts the entry that
    brings that engagement's books to what is earned and billed at the month
    end. Running the same month again posts nothing new; a run can be reversed
    while its month is open, and then run again.
    """

    _name = "ps.revenue.run"
    _description = "Revenue Recognition Run"
    _inherit = ["mail.thread", "ps.engagement.run.mixin"]
    _order = "date_to desc, id desc"

    date_to = fields.Date(help="Last day of the month to recognise; entries are dated on it.")
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Done"), ("reversed", "Reversed")],
        default="draft",
        required=True,
        tracking=True,
    )
    engagement_ids = fields.Many2many(
        help="Leave empty to recognise every engagement of the company that has obligations."
    )
    line_ids = fields.One2many("ps.revenue.run.line", "run_id", string="Engagement Jobs")
    move_ids = fields.One2many("account.move", "ps_revenue_run_id", string="Journal Entries")
    count_entries = fields.Integer(string="Entries", compute="_compute_progress")
    count_obligations = fields.Integer(string="Obligations", compute="_compute_progress")

    @api.depends("line_ids.state")
    def _compute_progress(self):
        res = super()._compute_progress()
        for run in self:
            run.count_entries = len(run.line_ids.filtered("move_id"))
            run.count_obligations = sum(run.line_ids.mapped("obligation_count"))
        return res

    @api.constrains("date_to")
    def _check_date_to(self):
        for run in self:
            if run.date_to != pure_methods.month_end(run.date_to):
                raise ValidationError(
                    _(
                        "A recognition run closes a month: its period end must be the last day "
                        "of a month (%s is not).",
                        run.date_to,
                    )
                )

    def _check_recogniser(self):
        """Recognition posts and reverses journal entries (as the superuser
        where it must): only accounting managers start or reverse runs."""
        if not self.env.su and not self.env.user.has_group("account.group_account_manager"):
            raise AccessError(_("Only accounting managers start or reverse recognition runs."))

    def _check_starter(self):
        self._check_recogniser()

    def _engagements_to_start(self):
        self.ensure_one()
        company = self.company_id
        try:
            # refused up front, with the reason: nothing is queued
            company._ps_revenue_accounts()
            self.env["ps.engagement"]._ps_check_period_open(company, self.date_to)
        except UserError as err:
            _logger.warning("revenue run %s refused: %s", self.name, err.args[0])
            raise
        engagements = self.engagement_ids or self.env["ps.engagement"].search(
            [
                ("company_id", "=", company.id),
                ("ps_obligation_ids", "!=", False),
                ("state", "in", ("active", "closed")),
            ]
        )
        engagements = engagements.filtered("ps_obligation_ids")
        if not engagements:
            raise UserError(
                _("No engagement of %s has performance obligations to recognise.", company.name)
            )
        return engagements

    def _run_line_vals(self, engagement):
        return dict(
            super()._run_line_vals(engagement), obligation_count=len(engagement.ps_obligation_ids)
        )

    def _done_message(self):
        return _(
            "Recognition run finished: %(entries)s journal entr(y/ies), %(failed)s "
            "failure(s) over %(count)s engagement(s).",
            entries=self.count_entries,
            failed=self.count_failed,
            count=self.count_total,
        )

    def action_reverse(self):
        """Reverse the run's entries, dated on the same period end, while the
        period is open. The engagements can then be recognised again."""
        self._check_recogniser()
        for run in self:
            if run.state != "done":
                raise UserError(
                    _(
                        "Only a finished run can be reversed (%(run)s is %(state)s).",
                        run=run.name,
                        state=run.state,
                    )
                )
            Engagement = self.env["ps.engagement"]
            Engagement._ps_check_period_open(run.company_id, run.date_to)
            moves = run.move_ids.filtered(
                lambda m: m.state == "posted"
                and not m.ps_revenue_reversal
                and not m.reversal_move_ids
            )
            for move in moves:
                last = move.ps_engagement_id._ps_last_recognised()
                if last and last > move.date:
                    raise UserError(
                        _(
                            "Engagement %(eng)s was recognised again on %(last)s, after this run: "
                            "reverse that run first.",
                            eng=move.ps_engagement_id.display_name,
                            last=last,
                        )
                    )
            moves.sudo()._reverse_moves(
                [
                    {
                        "date": move.date,
                        "ref": _("Reversal of %s", move.ref or move.name),
                        "ps_engagement_id": move.ps_engagement_id.id,
                        "ps_revenue_run_id": run.id,
                        "ps_revenue_entry": True,
                        "ps_revenue_reversal": True,
                    }
                    for move in moves
                ],
                cancel=True,
            )
            for eng in moves.ps_engagement_id:
                eng.ps_recognised_to = eng._ps_last_recognised()
            run.state = "reversed"
            run.line_ids.engagement_id.ps_obligation_ids._ps_regenerate_schedule()
            post_system_note(
                run,
                _(
                    "Run reversed by %(user)s: %(n)s entr(y/ies) reversed on %(date)s.",
                    user=self.env.user.name,
                    n=len(moves),
                    date=run.date_to,
                ),
            )
        return True

    def action_open_entries(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Recognition Entries"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("ps_revenue_run_id", "=", self.id)],
        }
