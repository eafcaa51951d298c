# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import (
    test_access,
    test_concurrency,
    test_connector,
    test_deletions,
    test_export,
    test_ingest_partner,
    test_jobs_webhook,
    test_log_context,
    test_ownership,
    test_reconciliation,
    test_security,
    test_sync_log,
    test_tour_support,
)
