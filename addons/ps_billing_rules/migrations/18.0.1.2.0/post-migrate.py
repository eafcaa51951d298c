# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Invoice proposals say which period they bill (``ps_period_end``): the
period end of the run that made them, as their invoice date said before."""


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
