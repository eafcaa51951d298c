# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import _, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.ps_sync_core.jobs import call_after_commit, stored_job
from odoo.addons.queue_job.job import identity_exact


class PsRevenueRunLine(models.Model):
    """One engagement of a recognition run: its job, its outcome, its entry."""

    _name = "ps.revenue.run.line"
    _description = "Revenue Recognition Run Engagement"
    _order = "id"

    run_id = fields.Many2one("ps.revenue.run", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    engagement_id = fields.Many2one("ps.engagement", required=True, ondelete="cascade")
    obligation_count = fields.Integer(string="Obligations")
    state = fields.Selection(
        [("queued", "Queued"), ("done", "Entry posted"), ("nothing", "Nothing to recognise"),
         ("failed", "Refused")],
        default="queued", required=True,
    )
    move_id = fields.Many2one("account.move", string="Journal Entry", ondelete="set null")
    message = fields.Text(string="Reason")
    job_id = fields.Many2one("queue.job", ondelete="set null")

    def init(self):
        # what a finishing job asks: is any line of this run still queued?
        self.env.cr.execute(
            f"CREATE INDEX IF NOT EXISTS {self._table}_queued_idx "
            f"ON {self._table} (run_id) WHERE state = 'queued'")

    def _enqueue(self):
        for line in self:
            job = line.with_delay(
                channel="root.ps_revenue",
                description=_("Recognise %(eng)s for %(date)s",
                              eng=line.engagement_id.display_name, date=line.run_id.date_to),
                identity_key=identity_exact,
            ).run_recognition()
            line.job_id = stored_job(self.env, job)

    def run_recognition(self):
        """Job: post one engagement's recognition entry for the run's month.

        A refusal (locked period, missing accounts or prices, an estimate below
        the input to date) posts nothing for this engagement, is recorded on
        the line and in the engagement's chatter, and is not retried; the rest
        of the run goes on.
        """
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                move = self.engagement_id._ps_recognise(self.run_id.date_to, run=self.run_id)
        except (UserError, ValidationError) as err:
            reason = str(err.args[0] if err.args else err)
            self.write({"state": "failed", "message": reason})
            self.engagement_id.sudo().message_post(body=Markup("%s<br/>%s") % (
                _("Revenue recognition for %s refused:", self.run_id.date_to), reason))
        else:
            self.write({"state": "done" if move else "nothing", "move_id": move.id,
                        "message": False})
        self.run_id._check_done()
        if self.run_id.state == "running":
            call_after_commit(self.run_id, "_check_done")
        return self.message or (self.move_id.display_name if self.move_id else
                                "nothing to recognise")
