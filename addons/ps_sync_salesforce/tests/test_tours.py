# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Browser tour of the sync manager (issue 12): the JS tour is in
static/tests/tours/ps_sync_manager_tours.js. Skipped, with the reason, where
Chromium or the web client's libraries are missing (README.md > Browser tours)."""

import contextlib
from unittest.mock import patch

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.ps_sync_core.tests.common import TourCase, runner_on_call


def pending_pulls(backends):
    return backends.env["queue.job"].search(
        [
            ("model_name", "=", backends._name),
            ("method_name", "=", "_sf_pull"),
            ("state", "=", "pending"),
        ]
    )


@tagged("post_install", "-at_install")
class TestSyncManagerTour(TourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.manager = new_test_user(
            cls.env,
            login="t_syncmgr_tour",
            email=False,
            groups="base.group_user,ps_sync_core.group_sync_manager",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @contextlib.contextmanager
    def login_failure_on_the_workbench(self):
        """Stand-in until the connector logs a refused login on the workbench
        (issue 12 item 7, built on another branch): a pull whose login is
        refused writes the row a pull writes for a failed object
        (``_sf_log_pull_failure``), unless the pull wrote one already."""
        Backend = type(self.env["ps.sync.backend"])
        original = Backend._sf_login_refused

        def login_refused(backend, fault):
            result = original(backend, fault)
            Log = backend.env["ps.sync.log"].sudo()
            if not Log.search_count([("backend_id", "=", backend.id), ("state", "=", "failed")]):
                backend._sf_log_pull_failure("Account", "login", fault)
            return result

        with patch.object(Backend, "_sf_login_refused", login_refused):
            yield

    def test_sync_manager_configures_a_backend_and_sees_its_failed_pull(self):
        # no job runner in tests: the pull the button queues runs right after it
        with (
            runner_on_call(
                self.env["ps.sync.backend"], "action_sf_pull", pending_pulls, after=True
            ),
            self.login_failure_on_the_workbench(),
        ):
            self.start_tour(
                "/odoo/action-ps_sync_core.ps_sync_backend_action",
                "ps_sync_manager_failed_pull",
                login=self.manager.login,
            )
        backend = self.env["ps.sync.backend"].search([("code", "=", "sf-tour")])
        self.assertEqual((backend.kind, backend.create_uid), ("salesforce", self.manager))
        failed = self.env["ps.sync.log"].search(
            [("backend_id", "=", backend.id), ("state", "=", "failed")]
        )
        self.assertEqual(len(failed), 1)
        self.assertIn("login needs a username", failed.message)
        self.assertFalse(backend.sudo().sf_username, "nobody filled credentials")
