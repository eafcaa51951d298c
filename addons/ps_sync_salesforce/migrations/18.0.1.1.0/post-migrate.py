# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The job methods became private (sf_pull -> _sf_pull, sf_fetch_records ->
_sf_fetch_records) so that no RPC caller can run them: jobs still waiting
under the old names are renamed, and the job functions (noupdate data) get
their new method names."""

from odoo.addons.ps_sync_core.jobs import migrate_private_job


def migrate(cr, version):
    for name in ("sf_pull", "sf_fetch_records"):
        migrate_private_job(
            cr,
            version,
            "ps.sync.backend",
            name,
            f"ps_sync_salesforce.job_function_ps_sync_backend_{name}",
            "related_action_open_record",
        )
