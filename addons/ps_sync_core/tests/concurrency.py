# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The concurrency harness every ps_* addon's race tests share.

Workers run in threads of their own, each on its own connection, in real,
separately committed transactions, the way two RPC requests or two queue job
workers would; a test case built on :class:`ConcurrentCase` commits its
fixtures and removes them itself (``addCleanup``).
"""

import contextlib
import threading

from odoo import SUPERUSER_ID, api, sql_db
from odoo.service.model import retrying
from odoo.tests.common import BaseCase, get_db_name


@contextlib.contextmanager
def committed_env(db, context=None):
    """A superuser environment on a connection of its own, committed on
    success and rolled back on error: for tests that need real, separately
    committed transactions (two workers racing)."""
    cr = sql_db.db_connect(db).cursor()
    try:
        yield api.Environment(cr, SUPERUSER_ID, dict(context or {}))
    except BaseException:
        cr.rollback()
        raise
    else:
        cr.commit()  # pylint: disable=invalid-commit
    finally:
        cr.close()


class ConcurrentCase(BaseCase):
    """Separately committed transactions racing each other.

    Subclasses tag themselves ``post_install`` (the addons must be installed
    and committed), build and commit their fixtures in ``setUp`` with
    ``self.committed_env()`` and register their removal with ``addCleanup``.
    """

    #: the context of every committed environment of the test
    env_context = None

    def setUp(self):
        super().setUp()
        self.db = get_db_name()

    def committed_env(self):
        return committed_env(self.db, self.env_context)

    def in_thread(self, call, results, key, go):
        """Start a worker: once ``go`` is set, ``call(env)`` runs in a
        committed transaction of its own, retried on a serialization failure
        exactly as Odoo's RPC layer and queue_job's runner do (roll back, run
        again on a fresh snapshot). Its result, or the exception it raised,
        lands in ``results[key]``."""

        def run():
            try:
                with self.committed_env() as env:
                    go.wait()
                    results[key] = retrying(lambda: call(env), env)
            except Exception as err:  # noqa: BLE001 - reported by the assertions
                results[key] = err

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    def race(self, calls, timeout=60):
        """Start one worker per ``{key: call}`` at the same moment, wait for
        all of them (at most ``timeout`` seconds each) and return
        ``{key: result or exception}``."""
        results, go = {}, threading.Event()
        threads = [self.in_thread(call, results, key, go) for key, call in calls.items()]
        go.set()
        for thread in threads:
            thread.join(timeout)
        return results
