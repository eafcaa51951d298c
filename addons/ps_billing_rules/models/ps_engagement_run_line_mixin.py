# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.ps_sync_core.jobs import call_after_commit, stored_job
from odoo.addons.queue_job.job import identity_exact


class PsEngagementRunLineMixin(models.AbstractModel):
    """One engagement of a run over a company's engagements (billing,
    revenue recognition): its queue job and how the job's outcome lands.

    The concrete model declares ``run_id`` (a ``ps.engagement.run.mixin``
    run), ``company_id`` (related to the run's) and ``state`` (``queued``,
    ``done``, ``nothing``, ``failed``); the engagement, the move, the message
    and the job are declared here.
    """

    _name = "ps.engagement.run.line.mixin"
    _description = "Engagement Run Line (mixin)"
    _order = "id"

    engagement_id = fields.Many2one("ps.engagement", required=True, ondelete="cascade")
    move_id = fields.Many2one("account.move", ondelete="set null")
    message = fields.Text()
    job_id = fields.Many2one("queue.job", ondelete="set null")

    @api.private
    def init(self):
        if self._abstract:
            return
        # what a finishing job asks: is any line of this run still queued?
        self.env.cr.execute(
            f"CREATE INDEX IF NOT EXISTS {self._table}_queued_idx "
            f"ON {self._table} (run_id) WHERE state = 'queued'"
        )

    def _enqueue_jobs(self, channel, method, description):
        """One job per line calling ``method``; ``description(line)`` names it."""
        for line in self:
            delayed = line.with_delay(
                channel=channel, description=description(line), identity_key=identity_exact
            )
            line.job_id = stored_job(self.env, getattr(delayed, method)())

    def _perform(self, process):
        """Run ``process()`` (returns a move or an empty recordset) for this
        line. A refusal (UserError) is recorded on the line, rolled back alone
        and not retried; the rest of the run goes on. Closes the run when it
        is the last line, now or, if a concurrent job hides that, after commit.
        """
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                move = process()
        except UserError as err:
            self.write({"state": "failed", "message": str(err.args[0] if err.args else err)})
            self._on_refused(self.message)
        else:
            self.write(
                {
                    "state": self._state_of(move) if move else "nothing",
                    "move_id": move.id,
                    "message": False,
                }
            )
        self.run_id._check_done()
        if self.run_id.state == "running":
            call_after_commit(self.run_id, "_check_done")
        self.run_id._notify_progress()
        return self.message

    def _on_job_failed(self, exc_info=None, exc_name=None, exc_message=None, **kw):
        """queue_job ``on_fail`` hook: the line's job failed for good (an
        unexpected error, or its retries exhausted) and its work was rolled
        back. The line shows it failed with the reason, the run counts it and
        closes once nothing is queued; nobody has to read the job queue."""
        lines = self.sudo().filtered(lambda line: line.state == "queued")
        for line in lines:
            reason = _("The job failed: %s", exc_message or exc_name or _("unknown error"))
            line.write({"state": "failed", "message": reason})
            line._on_refused(reason)
        lines.run_id._check_done()
        lines.run_id._notify_progress()

    def _related_action_engagement(self):
        """Related action of the line's job: open the engagement it is about."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Engagement"),
            "res_model": "ps.engagement",
            "res_id": self.engagement_id.id,
            "view_mode": "form",
        }

    def _state_of(self, move):
        """Hook: the line's state once its job made ``move``."""
        return "done"

    def _on_refused(self, reason):
        """Hook: tell someone more about a refusal than the line does."""
