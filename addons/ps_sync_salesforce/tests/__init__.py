# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import (
    test_connector,
    test_faults,
    test_opportunity,
    test_pull,
    test_status_push,
    test_tours,
    test_webhook_access,
)
