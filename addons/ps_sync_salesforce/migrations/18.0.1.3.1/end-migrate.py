# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Drop the tables of the two models 18.0.1.3.0 retired (ps.sf.field.map and
ps.sf.product.map). That version's post-migrate copied their rows into
ps.sync.field.map / ps.sync.product.map; Odoo then removed the models'
ir.model rows but, as for every model no longer in the code, left the
tables ("could not be dropped because it did not exist in the registry").
Runs at the end of the update, after every copy."""

import logging

from odoo.tools import SQL, sql

_logger = logging.getLogger(__name__)

RETIRED = ("ps_sf_field_map", "ps_sf_product_map")


def migrate(cr, version):
    if not version:
        return
    for table in RETIRED:
        if sql.table_exists(cr, table):
            cr.execute(SQL("DROP TABLE %s CASCADE", SQL.identifier(table)))
            _logger.info("ps_sync_salesforce: dropped retired table %s", table)
