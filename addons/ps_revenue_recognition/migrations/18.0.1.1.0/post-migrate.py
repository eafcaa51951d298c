# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The job body became private (run_recognition -> _run_recognition); its
related action opens the engagement through the job (queue_job calls it there)."""

from odoo.addons.ps_sync_core.jobs import migrate_private_job


def migrate(cr, version):
    migrate_private_job(
        cr,
        version,
        "ps.revenue.run.line",
        "run_recognition",
        "ps_revenue_recognition.job_function_ps_revenue_run_line_run_recognition",
        "_related_action_ps_engagement",
    )
