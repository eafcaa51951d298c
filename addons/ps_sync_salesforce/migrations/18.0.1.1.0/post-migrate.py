# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The job methods became private (sf_pull -> _sf_pull, sf_fetch_records ->
_sf_fetch_records) so that no RPC caller can run them: jobs still waiting
under the old names would find no method; they are renamed."""


def migrate(cr, version):
    if not version:
        return
    for old in ("sf_pull", "sf_fetch_records"):
        cr.execute(
            """
            UPDATE queue_job
               SET method_name = %(new)s,
                   channel_method_name = replace(channel_method_name, %(old_dot)s, %(new_dot)s),
                   func_string = replace(func_string, %(old_call)s, %(new_call)s)
             WHERE model_name = 'ps.sync.backend' AND method_name = %(old)s
               AND state NOT IN ('done', 'cancelled')
            """,
            {"old": old, "new": f"_{old}", "old_dot": f".{old}", "new_dot": f"._{old}",
             "old_call": f".{old}(", "new_call": f"._{old}("},
        )
