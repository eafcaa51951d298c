# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import (
    test_concurrency,
    test_recognition,
    test_rpc_access,
    test_run_failures,
    test_runs_and_reports,
)
