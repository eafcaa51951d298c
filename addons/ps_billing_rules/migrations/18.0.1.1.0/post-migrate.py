# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The job body became private (run_billing -> _run_billing); its related
action opens the engagement through the job (queue_job calls it there)."""

from odoo.addons.ps_sync_core.jobs import migrate_private_job


def migrate(cr, version):
    migrate_private_job(
        cr,
        version,
        "ps.billing.run.line",
        "run_billing",
        "ps_billing_rules.job_function_ps_billing_run_line_run_billing",
        "_related_action_ps_engagement",
    )
