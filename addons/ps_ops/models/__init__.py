# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# the backend's and the log's columns first: the SQL views below read them
from . import ps_sync_backend  # isort: skip
from . import (
    alert_conditions_billing,
    alert_conditions_deal,
    alert_conditions_revenue,
    alert_conditions_sync,
    ps_alert,
    ps_alert_rule,
    ps_ops_billing_kpi,
    ps_ops_close_checklist,
    ps_ops_sync_latency,
    ps_ops_sync_sla,
)
