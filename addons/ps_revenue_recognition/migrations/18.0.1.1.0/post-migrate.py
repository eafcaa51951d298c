# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The job body became private (run_recognition -> _run_recognition); its
related action opens the engagement through the job (queue_job calls it there)."""

from odoo import SUPERUSER_ID, api

from odoo.addons.ps_sync_core.jobs import rename_pending_jobs, set_job_function


def migrate(cr, version):
    if not version:
        return
    rename_pending_jobs(cr, "ps.revenue.run.line", "run_recognition", "_run_recognition")
    set_job_function(
        api.Environment(cr, SUPERUSER_ID, {}),
        "ps_revenue_recognition.job_function_ps_revenue_run_line_run_recognition",
        method="_run_recognition",
        related_action={"enable": True, "func_name": "_related_action_ps_engagement"},
    )
