# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import (
    test_balances,
    test_cross_entity_time,
    test_intercompany_run,
    test_margin,
    test_record_rules,
    test_rpc_access,
)
