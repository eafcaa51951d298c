# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Status out: order, project, invoiced and paid amounts written back to
opportunities and accounts through sObject Collections, 200 a call, as jobs."""

import datetime
from unittest.mock import patch

from freezegun import freeze_time

from .common import SalesforceCase


@freeze_time("2026-04-02")
class TestStatusPush(SalesforceCase):
    def setUp(self):
        super().setUp()
        self.acc = self.account("Acme Manufacturing")
        self.opps = [self.won_opportunity(self.acc, name=f"Deal {i}") for i in range(3)]
        self.pull()
        self.orders = [self.record_of(opp) for opp in self.opps]

    def opp_logs(self):
        return self.logs(direction="out", object_name="sf_opportunity")

    def test_status_is_pushed_in_collections_of_at_most_the_batch_size(self):
        engagement = self.orders[0].ps_engagement_ids
        invoice = engagement._bill(datetime.date(2026, 3, 31))
        invoice.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move",
            active_ids=invoice.ids,
        ).create({"amount": 20000.0})._create_payments()
        handler = type(self.env["ps.sync.object.sf_opportunity"])
        with patch.object(handler, "_export_batch_size", 2):
            self.backend.action_push_status()
        logs = self.opp_logs()
        self.assertEqual(len(logs), 3)
        self.assertEqual(len(logs.job_id), 2)  # 2 + 1
        self.assertEqual(set(logs.job_id.mapped("channel")), {"root.ps_sync.salesforce"})
        self.assertTrue(all(logs.job_id.mapped("identity_key")))
        self.org.calls.clear()
        self.run_jobs()
        self.assertEqual(set(logs.mapped("state")), {"done"})
        # two opportunity collections and one account collection, nothing else
        self.assertEqual(self.org.calls_to("/composite/sobjects", "PATCH"), 3)
        self.assertEqual(self.org.api_calls, 3)
        sf = self.org.records["Opportunity"][self.opps[0]]
        self.assertEqual(sf["Odoo_Order__c"], self.orders[0].name)
        self.assertEqual(sf["Odoo_Project__c"], engagement.project_id.name)
        self.assertEqual(sf["Odoo_Invoiced_Amount__c"], 50000.0)
        self.assertEqual(sf["Odoo_Paid_Amount__c"], 20000.0)
        self.assertEqual(
            self.org.records["Opportunity"][self.opps[1]]["Odoo_Invoiced_Amount__c"], 0
        )
        account = self.org.records["Account"][self.acc]
        self.assertEqual(account["Odoo_Paid_Amount__c"], 20000.0)
        self.assertTrue(account["Odoo_Customer_Ref__c"])

    def test_pushed_field_names_come_from_the_backend_mapping(self):
        self.backend.field_map_ids.filtered(
            lambda r: r.direction == "out"
            and r.remote_object == "Opportunity"
            and r.key == "order_ref"
        ).remote_field = "ERP_Order__c"
        self.backend.action_push_status()
        self.run_jobs()
        sf = self.org.records["Opportunity"][self.opps[2]]
        self.assertEqual(sf["ERP_Order__c"], self.orders[2].name)
        self.assertNotIn("Odoo_Order__c", sf)

    def test_incremental_push_sends_only_what_changed(self):
        self.backend.action_push_status()
        self.run_jobs()
        self.backend.watermark_ids.filtered(
            lambda w: w.object_name == "sf_opportunity:status_push"
        ).value = datetime.datetime(2099, 1, 1)
        self.assertFalse(self.backend._connector()._push(self.backend))
        self.backend.watermark_ids.filtered(
            lambda w: w.object_name == "sf_opportunity:status_push"
        ).value = datetime.datetime(2026, 1, 1)
        self.env.cr.execute(
            "UPDATE sale_order SET write_date = '2020-01-01' WHERE id IN %s",
            [tuple(o.id for o in self.orders)],
        )
        self.env.cr.execute(
            "UPDATE project_project SET write_date = '2020-01-01' WHERE id IN %s",
            [tuple(o.ps_engagement_ids.project_id.id for o in self.orders)],
        )
        self.env.invalidate_all()
        self.orders[1].ps_engagement_ids.project_id.last_update_status = "at_risk"
        self.env.flush_all()
        logs = self.backend._connector()._push(self.backend)
        self.assertEqual(
            logs.filtered(lambda log: log.object_name == "sf_opportunity").res_id, self.orders[1].id
        )
        self.run_jobs()
        self.assertEqual(
            self.org.records["Opportunity"][self.opps[1]]["Odoo_Project_Status__c"], "At Risk"
        )

    def test_refusals_go_to_the_workbench_and_faults_retry(self):
        self.org.refused_ids[self.opps[0]] = "Stage must be Closed Won to write delivery fields"
        self.org.delete("Opportunity", self.opps[1])
        self.backend.action_push_status()
        job = self.opp_logs().job_id.sudo()
        self.org.inject("limit")
        self.run_jobs(reraise=False)
        self.assertEqual(self.job_errors[0].seconds, 3600)
        self.assertEqual(set(self.opp_logs().mapped("state")), {"queued"})
        # postponed until the limit window allows, its retries untouched...
        self.assertEqual((job.state, job.retry), ("pending", 0))
        self.assertEqual(job.eta, datetime.datetime(2026, 4, 2, 1, 0))
        self.assertFalse(self.run_jobs() & job)  # ...and not run before its time
        self.org.inject("503")
        self.run_jobs(due_only=False, reraise=False)
        self.assertIsNone(self.job_errors[0].seconds)  # the retry pattern decides
        self.assertEqual((job.state, job.retry), ("pending", 1))
        self.assertEqual(job.eta, datetime.datetime(2026, 4, 2, 0, 1))  # 60 s
        self.run_jobs(due_only=False)
        by_ext = {log.external_id: log for log in self.opp_logs()}
        refused = by_ext[self.opps[0]]
        self.assertEqual((refused.state, refused.error_category), ("failed", "data"))
        self.assertIn("FIELD_CUSTOM_VALIDATION_EXCEPTION", refused.message)
        self.assertIn("ENTITY_IS_DELETED", by_ext[self.opps[1]].message)
        self.assertEqual(by_ext[self.opps[2]].state, "done")

    def test_scheduled_push_from_a_backend_that_never_pushed(self):
        # no 'Push all status' first: the hourly action finds no watermark
        self.assertFalse(self.backend._get_watermark("sf_opportunity:status_push"))
        self.env.ref("ps_sync_salesforce.ir_cron_ps_sf_push_status").sudo().method_direct_trigger()
        self.assertEqual(len(self.opp_logs()), 3)
        self.assertTrue(self.backend._get_watermark("sf_opportunity:status_push"))
        self.run_jobs()
        self.assertEqual(set(self.opp_logs().mapped("state")), {"done"})

    def test_project_without_status_pushes_no_placeholder(self):
        project = self.orders[0].ps_engagement_ids.project_id
        self.assertEqual(project.last_update_status, "to_define")
        self.backend.action_push_status()
        self.run_jobs()
        sf = self.org.records["Opportunity"][self.opps[0]]
        self.assertNotIn("Odoo_Project_Status__c", sf)  # not "Set Status"
        self.assertEqual(sf["Odoo_Order__c"], self.orders[0].name)

    def test_the_echo_of_our_own_push_is_not_pulled_back(self):
        self.backend.action_push_status()
        self.run_jobs()
        # the push moved SystemModstamp of 3 opportunities and their account
        self.assertTrue(self.org.records["Opportunity"][self.opps[0]]["Odoo_Order__c"])
        self.org.tick(60)
        before = self.logs(direction="in")
        summary = self.pull()
        self.assertIn("echoes skipped 3", summary)  # the opportunities
        self.assertIn("echoes skipped 1", summary)  # the account
        self.assertEqual(self.logs(direction="in"), before)  # no row per record
        # a real change in Salesforce still comes in
        self.org.update("Account", self.acc, Name="Acme Manufacturing Ltd")
        self.pull("Account")
        self.assertEqual(self.record_of(self.acc).name, "Acme Manufacturing Ltd")
