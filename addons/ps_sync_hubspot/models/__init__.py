# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import (
    ps_hs_pipeline,
    ps_sync_backend,
    ps_sync_connector_hubspot,
    ps_sync_object_hs_company,
    ps_sync_object_hs_deal,
)
