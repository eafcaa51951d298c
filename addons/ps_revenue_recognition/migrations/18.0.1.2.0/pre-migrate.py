# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reconcile to the Ledger became a report of one row per engagement and
figure whose difference is an amount (it was a flag): its rows are
transient, so the old ones and the old flag column are dropped."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT to_regclass('ps_revenue_reconciliation_line')")
    if cr.fetchone()[0]:
        cr.execute("DELETE FROM ps_revenue_reconciliation_line")
        cr.execute("ALTER TABLE ps_revenue_reconciliation_line DROP COLUMN IF EXISTS difference")
