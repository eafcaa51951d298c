# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Salesforce connector behind the contract: dispatch by kind, the
handlers it declares, the shared deal conversion, and its failures where
the people who fix them look (workbench, counters, plain-word answers)."""

from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.ps_billing_rules.pure.deal import Deal
from odoo.addons.queue_job.exception import FailedJobError, RetryableJobError
from odoo.addons.queue_job.job import Job

from .common import PASSWORD, TOKEN, SalesforceCase


class TestDispatch(SalesforceCase):
    def test_each_kind_has_its_connector_and_its_handlers(self):
        generic = self.setup_sync_backend(self.company, "t-sf-generic", "Generic")
        self.assertEqual(self.backend._connector()._name, "ps.sync.connector.salesforce")
        self.assertEqual(generic._connector()._name, "ps.sync.connector.generic")
        # the registry comes from the models inheriting the contract, built once
        kinds = self.env["ps.sync.backend"]._connector_models()
        self.assertEqual(kinds["salesforce"], "ps.sync.connector.salesforce")
        self.assertIs(kinds, self.env["ps.sync.backend"]._connector_models())
        # handlers declared for Salesforce serve Salesforce backends only
        self.assertIn("sf_account", self.backend._object_handlers())
        self.assertIn("partner", self.backend._object_handlers())
        self.assertNotIn("sf_account", generic._object_handlers())
        self.assertIn("sf_opportunity", self.env["ps.sync.backend"]._object_handlers())
        registry = self.env["ps.sync.backend"]._object_handler_registry()
        self.assertEqual(
            registry["sf_opportunity"], ("ps.sync.object.sf_opportunity", ("salesforce",))
        )
        self.assertEqual(registry["partner"], ("ps.sync.object.partner", None))
        # a Salesforce object sent to a generic backend is an unknown object
        (result,) = (
            self.env["ps.sync.backend"]
            .sudo()
            .ingest("t-sf-generic", "sf_account", [{"Id": "001000000000001AAA"}])
        )
        self.assertEqual(result["status"], "rejected")
        self.assertIn("unknown object 'sf_account'", result["message"])
        # the generic kind does not pull: no button, and a clear refusal
        self.assertTrue(self.backend.can_pull and self.backend.can_push)
        self.assertFalse(generic.can_pull or generic.can_push)

    def test_won_opportunity_goes_through_the_shared_deal_conversion(self):
        acc = self.account("Acme")
        opp = self.won_opportunity(acc, CurrencyIsoCode="USD")
        Order = type(self.env["sale.order"])
        original = Order._ps_deliver_deal
        delivered = []

        def deliver(order, deal):
            delivered.append(deal)
            return original(order, deal)

        with patch.object(Order, "_ps_deliver_deal", deliver):
            self.pull()
        (deal,) = delivered
        self.assertIsInstance(deal, Deal)
        self.assertEqual((deal.external_id, deal.currency, deal.amount), (opp, "USD", 60000.0))
        self.assertEqual([line.billing_model for line in deal.lines], ["fixed", "milestone"])
        self.assertEqual(deal.partner_id, self.record_of(acc).id)
        self.assertEqual(deal.project_template_id, self.template.id)
        order = self.record_of(opp)
        self.assertEqual(order.origin, f"Salesforce {opp}")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.ps_engagement_ids.state, "active")


class TestFailuresOnTheWorkbench(SalesforceCase):
    def workbench(self):
        return self.logs(external_id=False).filtered(lambda log: log.state in ("failed", "dead"))

    def test_missing_credentials_on_a_pull_are_on_the_workbench_and_counted(self):
        self.account("Acme")
        self.backend.sf_password = False
        before = self.backend.exception_count
        self.pull("Account")
        (row,) = self.workbench()
        self.assertEqual((row.state, row.error_category), ("failed", "business"))
        self.assertIn("credential is missing", row.message)
        self.backend.invalidate_recordset(["exception_count"])
        self.assertEqual(self.backend.exception_count, before + 1)
        # the next scheduled runs repeat it: still one row
        self.pull("Account")
        self.assertEqual(len(self.workbench()), 1)

    def test_unreachable_salesforce_is_on_the_workbench_while_the_job_retries(self):
        self.account("Acme")
        self.org.inject("unreachable", times=10)
        # the job's transaction is rolled back for its retry: the row that
        # says why is written through a cursor of its own (here the test's)
        self.registry.enter_test_mode(self.env.cr)
        self.addCleanup(self.registry.leave_test_mode)
        Registry = type(self.registry)
        with patch.object(Registry, "cursor", autospec=True, side_effect=Registry.cursor) as new:
            try:
                self.pull("Account")
            except RetryableJobError as err:
                self.assertIn("did not answer", str(err))
            else:
                self.fail("an unreachable org retries the job")
        self.assertEqual(new.call_count, 1)
        rows = self.workbench()
        self.assertTrue(rows)
        self.assertEqual(set(rows.mapped("error_category")), {"transient"})
        self.assertIn("cannot be reached", rows.filtered(lambda r: not r.object_name).message)
        self.backend.invalidate_recordset(["exception_count"])
        self.assertEqual(self.backend.exception_count, len(rows))

    def test_a_pull_whose_retries_are_exhausted_is_dead_on_the_workbench(self):
        self.account("Acme")
        self.org.inject("timeout", times=10)
        job = Job.load(self.env, self.backend.sudo()._enqueue_pull().uuid)
        job.max_retries = 1
        with self.assertRaises(FailedJobError) as caught:
            job.perform()
        # as queue_job's runner does once a job fails for good
        job.on_fail({"exc_name": "FailedJobError", "exc_message": str(caught.exception)})
        dead = self.workbench().filtered(lambda log: log.state == "dead")
        self.assertEqual(len(dead), 1)
        self.assertIn("Pull failed for good", dead.message)
        self.assertIn("did not answer", dead.message)
        self.assertNotIn(PASSWORD, dead.message)
        # so does a fetch of notified records (its job function says so)
        Function = self.env["queue.job.function"].sudo()
        config = Function.job_config(Function.job_function_name("ps.sync.backend", "_fetch"))
        self.assertEqual(config.on_fail_method_name, "_on_fetch_failed")
        self.backend._on_fetch_failed(exc_name="FailedJobError", exc_message="503 from Salesforce")
        fetch = self.workbench().filtered(lambda log: "next pull brings them" in log.message)
        self.assertEqual((fetch.state, fetch.error_category), ("dead", "transient"))

    def test_a_push_without_credentials_fails_on_the_workbench_in_words(self):
        acc = self.account("Acme")
        self.won_opportunity(acc)
        self.pull()
        self.backend.sf_password = False
        self.env["ps.sync.connector.salesforce"]._forget_clients()
        self.backend.action_push_status()
        self.run_jobs()
        pushed = self.logs(direction="out")
        self.assertTrue(pushed)
        self.assertEqual(set(pushed.mapped("state")), {"failed"})
        self.assertIn("credential is missing", pushed[0].message)


class TestConnectionInWords(SalesforceCase):
    def answer(self):
        return self.backend.action_test_connection()["params"]

    def test_each_failure_is_said_in_words_with_the_detail_folded_away(self):
        for fault, words, detail in (
            ("unreachable", "cannot be reached", "NameResolutionError"),
            ("proxy", "proxy refused", "Tunnel connection failed"),
            ("timeout", "did not answer in time", "Read timed out"),
        ):
            with self.subTest(fault=fault):
                self.org.inject(fault)
                params = self.answer()
                self.assertEqual(params["type"], "danger")
                self.assertIn(words, params["message"])
                self.assertNotIn(detail, params["message"])  # folded away...
                self.assertIn(detail, self.backend.connection_detail)  # ...kept here
                self.assertEqual(self.backend.connection_state, "failed")
        self.org.security_token = "rotated"
        params = self.answer()
        self.assertIn("login was refused", params["message"])
        self.assertIn("INVALID_LOGIN", self.backend.connection_detail)
        self.assertNotIn(PASSWORD, self.backend.connection_detail)
        self.assertNotIn(TOKEN, self.backend.connection_detail)
        # a missing credential is named, and Salesforce is not even asked
        self.backend.sf_password = False
        calls = len(self.org.calls)
        params = self.answer()
        self.assertIn("credential is missing", params["message"])
        self.assertIn("Salesforce Password", params["message"])
        self.assertEqual(len(self.org.calls), calls)
        # fixed: it works, and says so
        self.backend.sf_password = PASSWORD
        self.org.security_token = TOKEN
        params = self.answer()
        self.assertEqual(params["type"], "success")
        self.assertEqual(self.backend.connection_state, "ok")

    def test_only_administrators_test_the_connection(self):
        self.setup_sync_users(self.company)
        for user in (self.manager_user, self.sync_user):
            with self.assertRaises(AccessError):
                self.backend.with_user(user).action_test_connection()
        self.assertFalse(self.backend.connection_state)


@tagged("post_install", "-at_install")
class TestConnectionRpc(HttpCase):
    def test_a_sync_manager_cannot_test_the_connection_over_xmlrpc(self):
        backend = self.env["ps.sync.backend"].create(
            {"name": "SF conn rpc", "code": "t-sf-conn-rpc", "kind": "salesforce"}
        )
        manager = new_test_user(
            self.env,
            login="t_sf_conn_manager",
            password="t_sf_conn_manager_pw1",
            groups="base.group_user,ps_sync_core.group_sync_manager",
        )
        with self.assertRaises(Exception) as caught:
            self.xmlrpc_object.execute_kw(
                self.env.cr.dbname,
                manager.id,
                "t_sf_conn_manager_pw1",
                "ps.sync.backend",
                "action_test_connection",
                [backend.ids],
            )
        self.assertEqual(caught.exception.faultCode, 4, caught.exception.faultString)
        self.assertIn("test a backend's connection", caught.exception.faultString)
