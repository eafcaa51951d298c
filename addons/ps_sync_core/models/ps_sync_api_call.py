# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import time

from odoo import api, fields, models
from odoo.sql_db import TestCursor

from ..pure.throttle import pause_needed


class PsSyncApiCall(models.Model):
    """Calls a backend made to its remote API in the last seconds: the
    throttle every worker and job runner of the database shares.

    A connector whose remote API counts calls per account (HubSpot's burst
    per 10 seconds, its searches per second) asks ``_acquire`` before each
    call; the check and the insert run under a transaction-level advisory
    lock of the backend, in a short transaction of their own, so two
    workers never both take the last slot. Rows older than the longest
    window are deleted as they are read: the table stays tiny.
    """

    _name = "ps.sync.api.call"
    _description = "Remote API Call (throttle)"
    _log_access = False

    # an id, not a foreign key: the rows are written on a cursor of their own,
    # which must not wait for (or fail on) the backend's own transaction
    backend_id = fields.Integer(required=True, index=True)
    bucket = fields.Char(required=True)
    at = fields.Float(required=True, help="Start of the call, seconds since the epoch.")

    @api.model
    def _acquire(self, backend_id, buckets, clock=time.time, sleep=time.sleep):
        """Wait until one more call may start in every bucket of ``buckets``
        (``{bucket: (calls, seconds)}``), then record it. Returns the seconds
        waited."""
        waited = 0.0
        horizon = max(window for __, window in buckets.values())
        while True:
            with self.env.registry.cursor() as cr:
                # read committed: after waiting for the lock, see the calls the
                # previous holder committed (Odoo's repeatable read would keep
                # the snapshot taken before the wait, and let both through)
                if not isinstance(cr, TestCursor):  # an HTTP test's cursor: one transaction
                    cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
                cr.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7301, backend_id])
                now = clock()
                cr.execute(
                    "DELETE FROM ps_sync_api_call WHERE (backend_id = %s AND at < %s) OR at < %s",
                    [backend_id, now - horizon, now - 3600],
                )
                cr.execute(
                    "SELECT bucket, at FROM ps_sync_api_call WHERE backend_id = %s", [backend_id]
                )
                starts = {}
                for bucket, at in cr.fetchall():
                    starts.setdefault(bucket, []).append(at)
                pause = max(
                    pause_needed(starts.get(name, ()), limit, window, now)
                    for name, (limit, window) in buckets.items()
                )
                if not pause:
                    cr.executemany(
                        "INSERT INTO ps_sync_api_call (backend_id, bucket, at) VALUES (%s, %s, %s)",
                        [(backend_id, name, now) for name in buckets],
                    )
                    return waited
            # the lock is released with the transaction: others go on meanwhile;
            # a millisecond past the window, so the oldest call has left it
            pause += 0.001
            sleep(pause)
            waited += pause


class SharedGate:
    """A client's rate gate whose counts live in the database
    (``ps.sync.api.call``): every worker and job runner of the database
    that calls the same backend waits on the same calls.

    ``limits`` is ``{bucket: (calls, seconds)}``; every call counts in the
    ``all`` bucket, and in its own bucket too (``wait("search")``). It
    speaks the interface of the connectors' in-process gates (``wait``,
    ``note``) so a client takes either.
    """

    def __init__(self, env, backend_id, limits):
        self.env = env
        self.backend_id = backend_id
        self.limits = dict(limits)
        self.waited = 0.0

    def wait(self, bucket="all"):
        names = {"all", bucket} & set(self.limits)
        self.waited += (
            self.env["ps.sync.api.call"]
            .sudo()
            ._acquire(self.backend_id, {name: self.limits[name] for name in names})
        )

    def note(self, headers):
        """What the remote side says is left: the shared counts are Odoo's
        own calls, so nothing to add here (a connector may subclass)."""
        return None
