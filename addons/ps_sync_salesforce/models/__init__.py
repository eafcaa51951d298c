# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import ps_sf_object_mixin  # noqa: I001 - before the handlers inheriting it
from . import (
    ps_sync_backend,
    ps_sync_connector_salesforce,
    ps_sync_object_sf_account,
    ps_sync_object_sf_contact,
    ps_sync_object_sf_opportunity,
)
