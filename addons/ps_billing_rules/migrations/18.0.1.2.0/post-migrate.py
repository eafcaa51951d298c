# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A billing job that fails for good marks its run line failed with the reason."""

from odoo.addons.ps_sync_core.jobs import migrate_job_on_fail


def migrate(cr, version):
    migrate_job_on_fail(
        cr, version, "ps_billing_rules.job_function_ps_billing_run_line_run_billing"
    )
