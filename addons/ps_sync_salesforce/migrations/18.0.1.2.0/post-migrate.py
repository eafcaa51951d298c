# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Salesforce became a connector (ps.sync.connector.salesforce): its jobs are
the backend's generic ones (_sf_pull -> _pull, _sf_fetch_records -> _fetch,
same arguments), and its scheduled actions call the generic crons. Jobs
still queued run under the new names; the old job functions and the
scheduled actions' code are noupdate data, so they are written here."""

from odoo import SUPERUSER_ID, api

from odoo.addons.ps_sync_core.jobs import migrate_moved_job

CRONS = {
    "ps_sync_salesforce.ir_cron_ps_sf_pull": 'model._cron_pull("salesforce")',
    "ps_sync_salesforce.ir_cron_ps_sf_push_status": 'model._cron_push_status("salesforce")',
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for old, new in (("_sf_pull", "_pull"), ("_sf_fetch_records", "_fetch")):
        migrate_moved_job(
            env,
            "ps.sync.backend",
            old,
            new,
            f"ps_sync_salesforce.job_function_ps_sync_backend{old}",
        )
    for xmlid, code in CRONS.items():
        cron = env.ref(xmlid, raise_if_not_found=False)
        if cron:
            cron.code = code
