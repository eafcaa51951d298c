# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import (
    test_access,
    test_alert_lifecycle,
    test_metrics,
    test_rpc_access,
    test_rules_billing,
    test_rules_deal,
    test_rules_revenue,
    test_rules_sync,
    test_sla,
    test_tours,
)
