# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The job body became private (process_queued -> _process_queued)."""

from odoo.addons.ps_sync_core.jobs import migrate_private_job


def migrate(cr, version):
    migrate_private_job(
        cr,
        version,
        "ps.sync.log",
        "process_queued",
        "ps_sync_core.job_function_ps_sync_log_process_queued",
        "related_action_open_record",
    )
