# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A recognition job that fails for good marks its run line failed with the reason."""

from odoo.addons.ps_sync_core.jobs import migrate_job_on_fail


def migrate(cr, version):
    migrate_job_on_fail(
        cr, version, "ps_revenue_recognition.job_function_ps_revenue_run_line_run_recognition"
    )
