# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The API usage fields of ps.sync.backend moved to ps_sync_core.

Their columns keep their names, so their values stay. The fields' external
ids move to ps_sync_core too: were ps_ops upgraded alone, its end-of-update
cleanup would otherwise take the fields for removed and drop their columns.
When ps_sync_core was upgraded first it holds ids of its own already, and
ps_ops' are only deleted.
"""

FIELDS = ("api_daily_limit", "api_daily_used", "api_usage_date")


def migrate(cr, version):
    if not version:
        return
    names = tuple(f"field_ps_sync_backend__{name}" for name in FIELDS)
    cr.execute(
        """
        DELETE FROM ir_model_data old
         WHERE old.module = 'ps_ops' AND old.model = 'ir.model.fields' AND old.name IN %s
           AND EXISTS (SELECT 1 FROM ir_model_data new
                        WHERE new.module = 'ps_sync_core' AND new.name = old.name)
        """,
        [names],
    )
    cr.execute(
        """
        UPDATE ir_model_data SET module = 'ps_sync_core'
         WHERE module = 'ps_ops' AND model = 'ir.model.fields' AND name IN %s
        """,
        [names],
    )
