# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import ps_alert_rule  # noqa: I001 - before the conditions extending it
from . import (
    alert_conditions_billing,
    alert_conditions_revenue,
    alert_conditions_sync,
    ps_alert,
    ps_sync_backend,
)
