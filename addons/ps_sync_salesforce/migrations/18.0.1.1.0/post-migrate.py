# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The job methods became private (sf_pull -> _sf_pull, sf_fetch_records ->
_sf_fetch_records) so that no RPC caller can run them: jobs still waiting
under the old names would find no method; they are renamed. Job functions
load noupdate, so their new method names are written here."""

from odoo import SUPERUSER_ID, api

from odoo.addons.ps_sync_core.jobs import rename_pending_jobs, set_job_function


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for name in ("sf_pull", "sf_fetch_records"):
        rename_pending_jobs(cr, "ps.sync.backend", name, f"_{name}")
        set_job_function(
            env,
            f"ps_sync_salesforce.job_function_ps_sync_backend_{name}",
            method=f"_{name}",
            related_action={"enable": True, "func_name": "related_action_open_record"},
        )
