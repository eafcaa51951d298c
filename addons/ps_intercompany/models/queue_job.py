# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class QueueJob(models.Model):
    _inherit = "queue.job"

    def _related_action_ps_intercompany(self):
        """Related action of intercompany jobs: the agreement their run line
        charges (queue_job calls it on the job, not on the line)."""
        self.ensure_one()
        return self.records.ensure_one()._related_action_agreement()
