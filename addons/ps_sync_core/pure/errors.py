# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Error taxonomy shared by the pipeline, the jobs and the sync log.

Every error that reaches the sync log carries a *category*; the category tells a
finance user what to do and tells the job runner whether a retry can help.
"""

TRANSIENT = "transient"  # timeouts, 5xx, rate limits, expired sessions: retried
DATA = "data"  # the record itself is malformed: fix the payload and replay
BUSINESS = "business"  # a business rule refuses it: fix the setup, then replay
CONFLICT = "conflict"  # the source changed a field Odoo owns: review
DRIFT = "drift"  # reconciliation found source and Odoo out of step

CATEGORIES = [
    (TRANSIENT, "Transient (retried)"),
    (DATA, "Invalid data"),
    (BUSINESS, "Business rule"),
    (CONFLICT, "Ownership conflict"),
    (DRIFT, "Reconciliation drift"),
]


class SyncError(Exception):
    """Base class: ``message`` is written to the RPC answer and the sync log."""

    category = BUSINESS

    def __init__(self, message, category=None):
        super().__init__(message)
        self.message = message
        if category:
            self.category = category

    def __str__(self):
        return self.message


class RecordRejected(SyncError):
    """One record cannot be applied; the rest of its batch goes on."""

    category = DATA


class TransientSyncError(SyncError):
    """The remote side or the database hiccupped: retrying later may succeed.

    ``retry_after`` (seconds) is a hint from the remote side (Retry-After,
    a rate-limit window); when it is None the job's retry pattern decides.
    ``rate_limited``: the remote side refused for its request limit, not for
    a fault; the job waits ``retry_after`` without using up an attempt.
    """

    category = TRANSIENT

    def __init__(self, message, retry_after=None, rate_limited=False):
        super().__init__(message, TRANSIENT)
        self.retry_after = retry_after
        self.rate_limited = rate_limited


class SignatureError(SyncError):
    """A webhook whose signature is missing, malformed, wrong, stale or replayed."""

    category = DATA
