# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The webhook paths (Salesforce outbound messages, signed JSON through the
core endpoint), access rights and multi-company isolation."""

import json
import time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.ps_sync_core.pure import signature

from .common import SalesforceCase, trap_jobs
from .fakes import salesforce_org as fake_org


def outbound_message(org_id, sobject, ids):
    notes = "".join(
        f"<Notification><Id>04l00000000000{n}AAA</Id>"
        f'<sObject xsi:type="sf:{sobject}" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">'
        f"<sf:Id>{record_id}</sf:Id><sf:Name>ignored, fetched again</sf:Name></sObject>"
        "</Notification>"
        for n, record_id in enumerate(ids)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope '
        'xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>'
        '<notifications xmlns="http://soap.sforce.com/2005/09/outbound">'
        f"<OrganizationId>{org_id}</OrganizationId><ActionId>04k000000000001AAA</ActionId>"
        f'<SessionId xsi:nil="true"/><EnterpriseUrl>https://{fake_org.INSTANCE}/services/'
        f"Soap/c/59.0/{org_id}</EnterpriseUrl>{notes}</notifications></soapenv:Body>"
        "</soapenv:Envelope>"
    ).encode()


class TestWebhooks(SalesforceCase):
    def test_outbound_message_queues_a_fetch_job_that_applies_the_records(self):
        self.backend.action_test_connection()
        acc = self.account("Pushed by Salesforce")
        with trap_jobs() as trap:
            status, answer = self.backend._connector()._outbound_message(
                self.backend, outbound_message(fake_org.ORG_ID, "Account", [acc])
            )
        self.assertEqual(status, 200)
        self.assertIn("<Ack>true</Ack>", answer)
        self.assertFalse(self.binding(acc))  # applied by the job, not in the request
        trap.assert_jobs_count(1)
        trap.assert_enqueued_job(
            self.backend._fetch,
            args=("Account", [acc]),
            properties={"channel": "root.ps_sync.salesforce"},
        )
        trap.perform_enqueued_jobs()
        partner = self.record_of(acc)
        self.assertEqual(partner.name, "Pushed by Salesforce")  # the org's data, fetched
        self.assertEqual(self.logs(external_id=acc).source, "webhook")

    def test_outbound_message_from_another_org_or_garbage_is_refused_and_logged(self):
        self.backend.action_test_connection()
        acc = self.account()
        with trap_jobs() as trap:
            status, answer = self.backend._connector()._outbound_message(
                self.backend, outbound_message("00D0000000OTHERAAA", "Account", [acc])
            )
            self.assertIn("<Ack>false</Ack>", answer)
            status, answer = self.backend._connector()._outbound_message(self.backend, b"<not-soap")
            self.assertIn("<Ack>false</Ack>", answer)
        refused = self.logs(source="webhook", state="failed")
        self.assertEqual(len(refused), 2)
        self.assertIn("00D0000000OTHERAAA", refused[1].message)
        trap.assert_jobs_count(0)

    def test_signed_json_webhook_carries_salesforce_records(self):
        acc = self.account("Via middleware")
        record = dict(self.org.records["Account"][acc], attributes={"type": "Account"})
        body = json.dumps({"object": "sf_account", "records": [record]}).encode()
        header = signature.header_value("s3cr3t-sf-webhook-key", time.time(), body)
        with trap_jobs() as trap:
            status, answer = self.backend._webhook_receive({signature.HEADER: header}, body)
        self.assertEqual(status, 202)
        log = self.logs(name=answer["correlation_id"])
        trap.assert_jobs_count(1)
        trap.assert_enqueued_job(
            log._process_queued, properties={"channel": "root.ps_sync.salesforce"}
        )
        trap.perform_enqueued_jobs()
        self.assertEqual(self.record_of(acc).name, "Via middleware")
        self.assertEqual((log.state, log.external_id), ("done", acc))
        self.assertIn("Via middleware", log.payload)  # logged as received


class TestAccess(SalesforceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.setup_sync_company("Meridian UK (test)")
        cls.backend_uk = cls.setup_sync_backend(
            cls.other, "t-sf-uk", "Salesforce UK", kind="salesforce", sf_password="uk-pass-123"
        )
        cls.uk_product = cls.env["product.product"].create(
            {"name": "UK service", "type": "service", "company_id": cls.other.id}
        )
        cls.env["ps.sync.product.map"].create(
            {
                "backend_id": cls.backend_uk.id,
                "remote_product_id": "01t000000000UKXAAA",
                "product_id": cls.uk_product.id,
            }
        )
        cls.setup_sync_users(cls.company)  # of the US company only

    def test_defaults_mappings_are_written_per_backend(self):
        maps = self.backend_uk.field_map_ids
        self.assertEqual(len(maps.filtered(lambda m: m.direction == "out")), 8)
        self.assertEqual(
            maps.filtered(lambda m: m.remote_object == "Account" and m.key == "city").remote_field,
            "BillingCity",
        )

    def test_companies_are_isolated(self):
        Map = self.env["ps.sync.product.map"].with_user(self.manager_user)
        self.assertEqual(Map.search([]).backend_id, self.backend)
        FieldMap = self.env["ps.sync.field.map"].with_user(self.sync_user)
        self.assertEqual(FieldMap.search([]).backend_id, self.backend)
        with self.assertRaises(AccessError):
            self.backend_uk.product_map_ids.with_user(self.manager_user).read(["remote_product_id"])

    def test_rights(self):
        # sync users read mappings; managers edit them; others see nothing
        row = self.backend.field_map_ids[:1]
        row.with_user(self.sync_user).read(["remote_field"])
        with self.assertRaises(AccessError):
            row.with_user(self.sync_user).write({"remote_field": "Name"})
        row.with_user(self.manager_user).write({"remote_field": "Name"})
        with self.assertRaises(AccessError):
            row.with_user(self.plain_user).read(["remote_field"])
        with self.assertRaises(AccessError):
            self.env["ps.sync.product.map"].with_user(self.plain_user).search([])
        # credentials are for administrators only
        self.backend.with_user(self.manager_user).read(["sf_org_id", "sf_auth"])
        for fname in (
            "sf_password",
            "sf_security_token",
            "sf_private_key",
            "sf_consumer_key",
            "sf_username",
        ):
            with self.assertRaises(AccessError):
                self.backend.with_user(self.manager_user).read([fname])
        self.assertIn("uk-pass-123", self.backend_uk._secrets())
        # acting on Salesforce or resetting the setup is for sync managers
        for action in (
            "action_reset_mappings",
            "action_pull",
            "action_push_status",
            "action_test_connection",
        ):
            with self.assertRaises(AccessError):
                getattr(self.backend.with_user(self.sync_user), action)()
        self.backend.with_user(self.manager_user).action_reset_mappings()
        self.assertEqual(row.exists(), row.browse())  # replaced by the defaults
        self.assertEqual(len(self.backend.field_map_ids), 27)

    def test_backend_form_for_managers_and_scheduled_actions(self):
        form = (
            self.env["ps.sync.backend"]
            .with_user(self.manager_user)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn("action_pull", form)
        self.assertIn("field_map_ids", form)
        self.assertNotIn("sf_password", form)  # administrators only
        # testing the connection is for those who may change the credentials
        self.assertNotIn("action_test_connection", form)
        admin_form = self.env["ps.sync.backend"].get_views([(False, "form")])
        self.assertIn("sf_password", admin_form["views"]["form"]["arch"])
        self.assertIn("action_test_connection", admin_form["views"]["form"]["arch"])
        # the scheduled pull queues one job per Salesforce backend, never two
        Jobs = self.env["queue.job"].sudo()
        for __ in range(2):
            self.env.ref("ps_sync_salesforce.ir_cron_ps_sf_pull").sudo().method_direct_trigger()
        pulls = Jobs.search([("method_name", "=", "_pull")]).filtered(
            lambda job: job.records.ids in ([self.backend.id], [self.backend_uk.id])
        )
        self.assertEqual(len(pulls), 2)  # US and UK backends, once each
        self.assertEqual(set(pulls.mapped("channel")), {"root.ps_sync.salesforce"})
        self.env.ref("ps_sync_salesforce.ir_cron_ps_sf_push_status").sudo().method_direct_trigger()
        self.assertTrue(self.backend._get_watermark("sf_opportunity:status_push"))


@tagged("post_install", "-at_install")
class TestOutboundRoute(HttpCase):
    def test_route_answers_soap_and_refuses_unknown_backends(self):
        backend = self.env["ps.sync.backend"].create(
            {
                "name": "SF route",
                "code": "t-sf-route",
                "kind": "salesforce",
                "sf_org_id": fake_org.ORG_ID,
            }
        )
        url = f"/ps_sync/salesforce/outbound/{backend.code}"
        body = outbound_message(fake_org.ORG_ID, "Contact", ["003000000000001AAA"])
        response = self.url_open(url, data=body, headers={"Content-Type": "text/xml"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("<Ack>true</Ack>", response.text)
        job = self.env["queue.job"].sudo().search([("method_name", "=", "_fetch")])
        self.assertEqual(job.args, ["Contact", ["003000000000001AAA"]])
        # strangers write nothing and learn nothing: an unknown backend and a
        # message from another org get the same answer, before any parse
        logs = self.env["ps.sync.log"].search_count([])
        unknown = self.url_open("/ps_sync/salesforce/outbound/nope", data=body)
        other_org = self.url_open(
            url, data=outbound_message("00D0000000OTHERAAA", "Contact", ["003000000000001AAA"])
        )
        self.assertEqual(
            (unknown.status_code, unknown.text), (other_org.status_code, other_org.text)
        )
        self.assertEqual(unknown.status_code, 401)
        self.assertIn("<Ack>false</Ack>", unknown.text)
        huge = body.replace(b"</soapenv:Envelope>", b" " * (600 * 1024) + b"</soapenv:Envelope>")
        self.assertEqual(self.url_open(url, data=huge).status_code, 413)
        self.assertEqual(self.env["ps.sync.log"].search_count([]), logs)


@tagged("post_install", "-at_install")
class TestRpcAccess(HttpCase):
    """Every public method is an XML-RPC endpoint: pulls and pushes are
    buttons for sync managers; the jobs themselves are private."""

    def test_pull_and_push_over_xmlrpc_are_refused_without_the_manager_group(self):
        backend = self.env["ps.sync.backend"].create(
            {"name": "SF rpc", "code": "t-sf-rpc", "kind": "salesforce"}
        )
        users = [
            new_test_user(
                self.env,
                login="t_sf_rpc_user",
                password="t_sf_rpc_user_pw1",
                groups="base.group_user,ps_sync_core.group_sync_user",
            ),
            new_test_user(
                self.env,
                login="t_sf_rpc_integration",
                password="t_sf_rpc_integration_pw1",
                groups="base.group_user,ps_sync_core.group_integration",
            ),
        ]
        db = self.env.cr.dbname
        for user in users:
            password = f"{user.login}_pw1"
            for method, args in (
                ("action_pull", []),
                ("action_push_status", []),
                ("action_test_connection", []),
                ("action_reset_mappings", []),
                ("_pull", []),
                ("_fetch", ["Account", []]),
                ("sf_pull", []),
                ("sf_fetch_records", ["Account", []]),
                ("_cron_pull", []),
                ("_cron_push_status", []),
            ):
                with (
                    self.subTest(user=user.login, method=method),
                    self.assertRaises(Exception) as caught,
                ):
                    self.xmlrpc_object.execute_kw(
                        db, user.id, password, "ps.sync.backend", method, [backend.ids] + args
                    )
                fault = caught.exception
                if method in ("sf_pull", "sf_fetch_records"):  # the old public names
                    self.assertIn("does not exist", fault.faultString)
                else:  # 4: odoo.exceptions.AccessError
                    self.assertEqual(fault.faultCode, 4, fault.faultString)
        self.assertFalse(
            self.env["queue.job"].sudo().search([("method_name", "in", ("_pull", "sf_pull"))])
        )
