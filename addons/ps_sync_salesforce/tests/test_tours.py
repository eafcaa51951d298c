# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Browser tour of the sync manager (issue 12): the JS tour is in
static/tests/tours/ps_sync_manager_tours.js. Skipped, with the reason, where
Chromium or the web client's libraries are missing (README.md > Browser tours)."""

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.ps_sync_core.tests.common import TourCase, runner_on_call


def pending_pulls(backends):
    return backends.env["queue.job"].search(
        [
            ("model_name", "=", backends._name),
            ("method_name", "=", "_pull"),
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

    def test_sync_manager_configures_a_backend_and_sees_its_failed_pull(self):
        # no job runner in tests: the pull the button queues runs right after it
        with runner_on_call(self.env["ps.sync.backend"], "action_pull", pending_pulls, after=True):
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
        self.assertTrue(failed, "the failed pull is on the workbench")
        self.assertIn("Salesforce", failed[0].message)
        self.assertFalse(backend.sudo().sf_username, "nobody filled credentials")
