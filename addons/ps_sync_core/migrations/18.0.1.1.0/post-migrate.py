# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The job body became private (process_queued -> _process_queued); job
functions now load noupdate, so the change is written here."""

from odoo import SUPERUSER_ID, api

from odoo.addons.ps_sync_core.jobs import rename_pending_jobs, set_job_function


def migrate(cr, version):
    if not version:
        return
    rename_pending_jobs(cr, "ps.sync.log", "process_queued", "_process_queued")
    set_job_function(
        api.Environment(cr, SUPERUSER_ID, {}),
        "ps_sync_core.job_function_ps_sync_log_process_queued",
        method="_process_queued",
        related_action={"enable": True, "func_name": "related_action_open_record"},
    )
