# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import _, fields, models

from odoo.addons.ps_sync_core.chatter import post_system_note


class PsRevenueRunLine(models.Model):
    """One engagement of a recognition run: its job, its outcome, its entry."""

    _name = "ps.revenue.run.line"
    _inherit = ["ps.engagement.run.line.mixin"]
    _description = "Revenue Recognition Run Engagement"

    run_id = fields.Many2one("ps.revenue.run", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    obligation_count = fields.Integer(string="Obligations")
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("done", "Entry posted"),
            ("nothing", "Nothing to recognise"),
            ("failed", "Refused"),
        ],
        default="queued",
        required=True,
    )
    move_id = fields.Many2one(string="Journal Entry")
    message = fields.Text(string="Reason")

    def _enqueue(self):
        self._enqueue_jobs(
            "root.ps_revenue",
            "_run_recognition",
            lambda line: _(
                "Recognise %(eng)s for %(date)s",
                eng=line.engagement_id.display_name,
                date=line.run_id.date_to,
            ),
        )

    def _run_recognition(self):
        """Job: post one engagement's recognition entry for the run's month.

        Private: not an RPC endpoint; queue_job runs it.

        A refusal (locked period, missing accounts or prices, an estimate below
        the input to date) posts nothing for this engagement, is recorded on
        the line and in the engagement's chatter, and is not retried; the rest
        of the run goes on.
        """
        self.ensure_one()
        message = self._perform(
            lambda: self.engagement_id._ps_recognise(self.run_id.date_to, run=self.run_id)
        )
        return message or (self.move_id.display_name if self.move_id else "nothing to recognise")

    def _on_refused(self, reason):
        post_system_note(
            self.engagement_id,
            Markup("%s<br/>%s")
            % (_("Revenue recognition for %s refused:", self.run_id.date_to), reason),
        )
