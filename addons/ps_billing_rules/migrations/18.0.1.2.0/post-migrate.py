# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Invoice proposals say which period they bill (``ps_period_end``): the
period end of the run that made them, as their invoice date said before. A
billing job that fails for good marks its run line failed with the reason."""

from odoo.addons.ps_sync_core.jobs import migrate_job_on_fail


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE account_move m
           SET ps_period_end = r.date_to
          FROM ps_billing_run r
         WHERE m.ps_billing_run_id = r.id
           AND m.ps_period_end IS NULL
        """
    )
    cr.execute(
        """
        UPDATE account_move m
           SET ps_period_end = COALESCE(m.invoice_date, m.date)
         WHERE m.ps_billing_run_id IS NULL
           AND m.ps_period_end IS NULL
           AND EXISTS (SELECT 1 FROM ps_billing_trace t WHERE t.move_id = m.id)
        """
    )
    migrate_job_on_fail(
        cr, version, "ps_billing_rules.job_function_ps_billing_run_line_run_billing"
    )
