# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import (
    test_access,
    test_backlog,
    test_margin,
    test_realization,
    test_tours,
    test_utilization,
    test_wip,
)
