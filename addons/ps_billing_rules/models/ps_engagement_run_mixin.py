# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import date_utils

from odoo.addons.ps_sync_core.chatter import post_system_note

# what an open run form listens to on the bus (ps_run_progress field widget)
PROGRESS_NOTIFICATION = "ps_engagement_run_progress"


class PsEngagementRunMixin(models.AbstractModel):
    """A run over a company's engagements (billing, revenue recognition):
    its header (company, engagements, name), its progress counters, how it
    starts (one line and one job per engagement) and how it closes.

    The concrete model declares ``state`` (``draft``, ``running``, ``done``
    at least), the one2many of its lines (named by
    ``_run_line_field``, lines of a model inheriting
    ``ps.engagement.run.line.mixin``) and the hooks below: ``_check_starter``
    (the group check of ``action_start``), ``_engagements_to_start``,
    ``_run_line_vals`` and ``_done_message``.
    """

    _name = "ps.engagement.run.mixin"
    _description = "Engagement Run (mixin)"
    _check_company_auto = True  # its engagements are the run's company's

    # the one2many of the run's lines, declared by the concrete model
    _run_line_field = "line_ids"

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_to = fields.Date(
        string="Period End", required=True, default=lambda self: self._default_date_to()
    )
    engagement_ids = fields.Many2many("ps.engagement", string="Engagements", check_company=True)
    progress = fields.Float(compute="_compute_progress")
    count_total = fields.Integer(string="Engagements to Run", compute="_compute_progress")
    count_done = fields.Integer(string="Finished", compute="_compute_progress")
    count_failed = fields.Integer(string="Failed", compute="_compute_progress")

    @api.model
    def _default_date_to(self):
        """The last closed period: the last day of the previous month.

        Odoo has no period-close object; its lock dates close what may no
        longer be posted to, and a run refuses a locked period, so the
        default is the last month that has ended, which is what finance bills
        and recognises at the start of a month."""
        last_month = fields.Date.subtract(fields.Date.context_today(self), months=1)
        return date_utils.end_of(last_month, "month")

    @api.depends("company_id", "date_to")
    def _compute_name(self):
        for run in self:
            run.name = f"{run.company_id.name or ''} {run.date_to or ''}".strip()

    @api.depends(
        lambda self: [f"{self._run_line_field}.state"]
        if self._run_line_field in self._fields
        else []
    )
    def _compute_progress(self):
        for run in self:
            lines = run[run._run_line_field]
            finished = lines.filtered(lambda line: line.state != "queued")
            run.count_total = len(lines)
            run.count_done = len(finished)
            run.count_failed = len(lines.filtered(lambda line: line.state == "failed"))
            run.progress = 100.0 * len(finished) / len(lines) if lines else 0.0

    def action_start(self):
        """One line, and one queued job, per engagement to run."""
        self._check_starter()
        for run in self:
            if run.state != "draft":
                raise UserError(_("Run %s was started already.", run.name))
            engagements = run._engagements_to_start()
            run.write(
                {
                    "state": "running",
                    run._run_line_field: [
                        Command.create(run._run_line_vals(engagement)) for engagement in engagements
                    ],
                }
            )
            run[run._run_line_field]._enqueue()
            run._notify_progress()
        return True

    def _check_done(self):
        """Close the runs none of whose lines is still queued."""
        for run in self:
            # one indexed probe, not a read of every line: each of a run's
            # jobs calls this, so reading all lines made a run quadratic
            lines = run[run._run_line_field]
            if run.state == "running" and not lines.search_count(
                [("run_id", "=", run.id), ("state", "=", "queued")], limit=1
            ):
                run.state = "done"
                post_system_note(run, run._done_message())
                run._notify_progress()

    def _progress_channel(self):
        """The bus channel an open form of this run listens to."""
        self.ensure_one()
        return f"ps_engagement_run:{self._name}:{self.id}"

    def _notify_progress(self):
        """Tell the forms showing these runs to reload them. The bus sends it
        once the transaction commits (nothing is sent if it rolls back); the
        message holds no figures, the form reads them with the viewer's rights."""
        Bus = self.env["bus.bus"].sudo()
        for run in self:
            Bus._sendone(
                run._progress_channel(), PROGRESS_NOTIFICATION, {"model": run._name, "id": run.id}
            )

    # hooks of the concrete run
    def _check_starter(self):
        """Raise AccessError unless the user may start (and so run) this kind of run."""
        raise NotImplementedError

    def _engagements_to_start(self):
        """The engagements a starting run takes, or a UserError saying why it cannot start."""
        raise NotImplementedError

    def _run_line_vals(self, engagement):
        """Values of the run line of ``engagement``."""
        return {"engagement_id": engagement.id}

    def _done_message(self):
        """What the chatter says when the run is done."""
        raise NotImplementedError
