# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import (
    test_billing,
    test_billing_runs,
    test_rpc_access,
    test_run_progress,
    test_timesheet_ingest,
    test_tours,
)
