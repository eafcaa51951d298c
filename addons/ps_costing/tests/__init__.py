# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_cost_rates
from . import test_costing_ingest
from . import test_expense_billing
from . import test_subcontract_run
from . import test_payroll_cost
from . import test_costing_access
