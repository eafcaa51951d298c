# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import (
    test_cost_rates,
    test_costing_access,
    test_costing_ingest,
    test_expense_billing,
    test_payroll_cost,
    test_subcontract_run,
    test_tours,
)
