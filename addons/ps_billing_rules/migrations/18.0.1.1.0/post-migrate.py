# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The job body became private (run_billing -> _run_billing); its related
action opens the engagement through the job (queue_job calls it there)."""

from odoo import SUPERUSER_ID, api

from odoo.addons.ps_sync_core.jobs import rename_pending_jobs, set_job_function


def migrate(cr, version):
    if not version:
        return
    rename_pending_jobs(cr, "ps.billing.run.line", "run_billing", "_run_billing")
    set_job_function(
        api.Environment(cr, SUPERUSER_ID, {}),
        "ps_billing_rules.job_function_ps_billing_run_line_run_billing",
        method="_run_billing",
        related_action={"enable": True, "func_name": "_related_action_ps_engagement"},
    )
