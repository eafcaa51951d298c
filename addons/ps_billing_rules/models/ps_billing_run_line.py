# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError

from odoo.addons.ps_sync_core.jobs import call_after_commit, stored_job
from odoo.addons.queue_job.job import identity_exact


class PsBillingRunLine(models.Model):
    """One engagement of a billing run: its job, its outcome, its proposal."""

    _name = "ps.billing.run.line"
    _description = "Billing Run Engagement"
    _order = "id"

    run_id = fields.Many2one("ps.billing.run", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    engagement_id = fields.Many2one("ps.engagement", required=True, ondelete="cascade")
    state = fields.Selection(
        [("queued", "Queued"), ("done", "Invoice proposed"), ("nothing", "Nothing to bill"),
         ("failed", "Failed")],
        default="queued", required=True,
    )
    move_id = fields.Many2one("account.move", string="Invoice Proposal", ondelete="set null")
    message = fields.Text()
    job_id = fields.Many2one("queue.job", ondelete="set null")

    def init(self):
        # what a finishing job asks: is any line of this run still queued?
        self.env.cr.execute(
            f"CREATE INDEX IF NOT EXISTS {self._table}_queued_idx "
            f"ON {self._table} (run_id) WHERE state = 'queued'")

    def _enqueue(self):
        for line in self:
            job = line.with_delay(
                channel="root.ps_billing",
                description=_("Bill %(eng)s up to %(date)s",
                              eng=line.engagement_id.display_name, date=line.run_id.date_to),
                identity_key=identity_exact,
            ).run_billing()
            line.job_id = stored_job(self.env, job)

    def run_billing(self):
        """Job: make one engagement's invoice proposal for the run's period.

        A business refusal (missing rate, locked period, closed engagement) is
        recorded on the line and not retried; the rest of the run goes on.
        """
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                move = self.engagement_id._bill(self.run_id.date_to, run=self.run_id)
        except UserError as err:
            self.write({"state": "failed", "message": str(err.args[0] if err.args else err)})
        else:
            self.write({"state": "done" if move else "nothing", "move_id": move.id,
                        "message": False})
        self.run_id._check_done()
        if self.run_id.state == "running":
            call_after_commit(self.run_id, "_check_done")
        return self.message or (self.move_id.display_name if self.move_id else "nothing to bill")
