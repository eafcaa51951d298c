# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A won deal end to end to an invoice; two companies with a backend each;
what each role may do."""

import datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.queue_job.job import Job

from .common import TOKEN, HubSpotCase
from .fakes.hubspot_portal import FakePortal


@tagged("post_install", "-at_install")
class TestWonDealToInvoice(HubSpotCase):
    def test_a_won_deal_is_invoiced_by_the_billing_run_and_the_status_goes_back(self):
        acme = self.company_rec("Acme Invoiced")
        deal = self.won_deal(acme, lines=(("AUDIT", 1, 40000.0),))
        self.pull()
        order = self.record_of(deal, "hs_deal")
        engagement = order.ps_engagement_ids
        self.assertEqual(engagement.state, "active")
        # the month's billing run bills the fixed fee due on the close date
        run = self.env["ps.billing.run"].create(
            {"company_id": self.company.id, "date_to": datetime.date(2026, 11, 30)}
        )
        run.action_start()
        for line in run.sudo().line_ids:
            Job.load(self.env, line.job_id.uuid).perform()
        line = run.line_ids.filtered(lambda ln: ln.engagement_id == engagement)
        self.assertEqual(line.move_id.amount_untaxed, 40000.0, line.message)
        self.assertEqual(line.move_id.partner_id, self.record_of(acme, "hs_company"))
        line.move_id.action_post()
        # the invoiced amount goes back to the deal and the company
        self.backend.action_push_status()
        self.run_jobs()
        updated = {
            (t, i["id"]): i["properties"] for t, inputs in self.portal.updates for i in inputs
        }
        self.assertEqual(float(updated[("deals", deal)]["odoo_invoiced_amount"]), 40000.0)
        self.assertEqual(float(updated[("companies", acme)]["odoo_invoiced_amount"]), 40000.0)


@tagged("post_install", "-at_install")
class TestTwoCompanies(HubSpotCase):
    def setUp(self):
        super().setUp()
        self.portal_uk = FakePortal(portal_id=5151, token=TOKEN + "-uk").start()
        self.addCleanup(self.portal_uk.stop)
        type(self)._portal_url = "http://127.0.0.1"  # both fake portals answer
        self.backend_uk = self.setup_sync_backend(
            self.other_company,
            "t-hs-uk",
            "HubSpot UK",
            kind="hubspot",
            hs_access_token=TOKEN + "-uk",
            hs_portal_id="5151",
            hs_host=self.portal_uk.url,
        )

    def test_each_backend_fills_its_own_company(self):
        us = self.company_rec("Same Name Ltd")
        uk = self.portal_uk.add("companies", {"name": "Same Name Ltd", "country": "GB"}, 1)
        self.pull("companies")
        self.backend_uk._pull(["companies"])
        self.run_jobs()
        partner_us = self.record_of(us, "hs_company")
        binding_uk = self.env["ps.sync.binding"].search(
            [("backend_id", "=", self.backend_uk.id), ("external_id", "=", uk)]
        )
        partner_uk = self.env["res.partner"].browse(binding_uk.res_id)
        self.assertEqual(partner_us.company_id, self.company)
        self.assertEqual(partner_uk.company_id, self.other_company)
        self.assertNotEqual(partner_us, partner_uk)  # never matched across companies
        # a sync user of the US company sees the US side only
        Log = self.env["ps.sync.log"].with_user(self.sync_user)
        self.assertEqual(Log.search([]).backend_id, self.backend)
        Binding = self.env["ps.sync.binding"].with_user(self.sync_user)
        self.assertFalse(Binding.search([("backend_id", "=", self.backend_uk.id)]))
        # the manager of both companies acts on the UK backend in the UK company only
        with self.assertRaises(AccessError):
            self.backend_uk.with_user(self.sync_user).action_pull()
        self.backend_uk.with_user(self.manager_user).with_context(
            allowed_company_ids=[self.other_company.id]
        ).action_pull()


@tagged("post_install", "-at_install")
class TestRoles(HubSpotCase):
    def test_what_each_role_may_do(self):
        acme = self.company_rec("Acme Roles")
        self.won_deal(acme, lines=(("UNKNOWN-SKU", 1, 10.0),))
        self.pull()
        held = self.logs(object_name="hs_deal", state="failed")
        self.assertEqual(len(held), 1)
        # the integration user (RPC) reads no configuration and runs nothing
        for user in (self.integration_user, self.finance_user, self.plain_user):
            for action in ("action_pull", "action_push_status", "action_test_connection"):
                with self.assertRaises(AccessError, msg=f"{user.login} {action}"):
                    getattr(self.backend.with_user(user), action)()
            with self.assertRaises(AccessError):
                self.backend.with_user(user).read(["hs_access_token"])
        with self.assertRaises(AccessError):
            self.env["ps.sync.product.map"].with_user(self.integration_user).create(
                {
                    "backend_id": self.backend.id,
                    "remote_product_id": "X",
                    "product_id": self.fixed_product.id,
                }
            )
        # the finance reviewer sees the held deal on the workbench and its reason
        seen = self.env["ps.sync.log"].with_user(self.finance_user).browse(held.id)
        self.assertIn("UNKNOWN-SKU", seen.message)
        # the sync manager maps the product and replays it: it lands
        self.env["ps.sync.product.map"].with_user(self.manager_user).create(
            {
                "backend_id": self.backend.id,
                "remote_product_id": "UNKNOWN-SKU",
                "product_id": self.fixed_product.id,
            }
        )
        held.with_user(self.manager_user).action_replay()
        self.run_jobs()
        self.assertEqual(held.state, "done")
        # pipelines and field mappings: sync managers edit, sync users read
        pipeline = self.backend.hs_pipeline_ids[:1]
        pipeline.with_user(self.sync_user).read(["won_stage_id"])
        with self.assertRaises(AccessError):
            pipeline.with_user(self.sync_user).write({"won_stage_id": "x"})
        row = self.backend.field_map_ids[:1]
        with self.assertRaises(AccessError):
            row.with_user(self.sync_user).write({"remote_field": "name"})
        row.with_user(self.manager_user).write({"remote_field": row.remote_field})
