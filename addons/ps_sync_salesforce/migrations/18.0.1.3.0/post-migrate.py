# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Salesforce moved onto the pieces every CRM connector shares: its field
mappings (ps.sf.field.map) are ps.sync.field.map rows, its product mappings
(ps.sf.product.map) ps.sync.product.map rows, and the won-deal settings of
a backend (sf_project_template_id, sf_rate_card_id, sf_fallback_user_id,
sf_push_status) the generic deal_* fields. The old tables and columns are
still there when this runs (Odoo drops them after every module is loaded):
their rows are copied, never lost. The status-push watermark takes the
generic name."""

from odoo.tools import sql


def _copy_backend_field(cr, old, new):
    if sql.column_exists(cr, "ps_sync_backend", old):
        cr.execute(
            f"""UPDATE ps_sync_backend SET {new} = {old}
                 WHERE kind = 'salesforce' AND {old} IS NOT NULL"""  # noqa: S608 - fixed names
        )


def migrate(cr, version):
    if not version:
        return
    if sql.table_exists(cr, "ps_sf_field_map"):
        cr.execute(
            """INSERT INTO ps_sync_field_map
                   (backend_id, company_id, remote_object, direction, key, remote_field,
                    create_uid, create_date, write_uid, write_date)
               SELECT backend_id, company_id, sobject, direction, key, sf_field,
                      create_uid, create_date, write_uid, write_date
                 FROM ps_sf_field_map
               ON CONFLICT (backend_id, remote_object, direction, key) DO NOTHING"""
        )
    if sql.table_exists(cr, "ps_sf_product_map"):
        cr.execute(
            """INSERT INTO ps_sync_product_map
                   (backend_id, company_id, name, remote_product_id, product_id, billing_model,
                    create_uid, create_date, write_uid, write_date)
               SELECT backend_id, company_id, name, sf_product_id, product_id, billing_model,
                      create_uid, create_date, write_uid, write_date
                 FROM ps_sf_product_map
               ON CONFLICT (backend_id, remote_product_id) DO NOTHING"""
        )
    for old, new in (
        ("sf_project_template_id", "deal_project_template_id"),
        ("sf_rate_card_id", "deal_rate_card_id"),
        ("sf_fallback_user_id", "deal_fallback_user_id"),
        ("sf_push_status", "deal_push_status"),
    ):
        _copy_backend_field(cr, old, new)
    cr.execute(
        """UPDATE ps_sync_watermark SET object_name = 'sf_opportunity:status_push'
            WHERE object_name = 'sf_status_push'
              AND NOT EXISTS (
                  SELECT 1 FROM ps_sync_watermark w2
                   WHERE w2.backend_id = ps_sync_watermark.backend_id
                     AND w2.object_name = 'sf_opportunity:status_push')"""
    )
