# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import ps_sync_record_mixin  # noqa: I001 - before the models inheriting it
from . import (
    ps_sync_api_call,
    ps_sync_backend,
    ps_sync_binding,
    ps_sync_connector,
    ps_sync_field_map,
    ps_sync_field_ownership,
    ps_sync_log,
    ps_sync_log_waiting,
    ps_sync_object,
    ps_sync_object_waiting,
    ps_sync_object_partner,
    ps_sync_reconciliation,
    ps_sync_remote_object_mixin,
    ps_sync_watermark,
    ps_sync_webhook_delivery,
    res_partner,
)
