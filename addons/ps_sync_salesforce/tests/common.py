# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A consulting firm with a chart of accounts, a Salesforce backend, mapped
service products, a rate card and a project template; each test gets its own
fake Salesforce org, which simple-salesforce reaches over HTTP unchanged."""

import datetime
from collections import Counter
from unittest.mock import patch

from odoo import Command
from odoo.tests.common import _super_send

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.ps_sync_core.tests.common import SyncFixtures, trap_jobs  # noqa: F401

from .fakes import salesforce_org as fake_org

USER, PASSWORD, TOKEN = "integration@meridian.example", "s3cr3t-Pa55", "TOK3Nxyz123"


class SalesforceCase(SyncFixtures, AccountTestInvoicingCommon):
    """The firm's company has a chart of accounts (invoices, orders); the
    backend, another company and the users come from ps_sync_core's
    ``SyncFixtures``, shared with ``SyncCase``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_sync_env()
        cls.company = cls.env.company
        cls.company.currency_id = cls.env.ref("base.USD")
        cls.fixed_product = cls._create_product(
            name="Implementation (fixed fee)",
            type="service",
            lst_price=0.0,
            invoice_policy="order",
            service_type="manual",
            taxes_id=[Command.clear()],
        )
        cls.milestone_product = cls._create_product(
            name="Go-live milestone",
            type="service",
            lst_price=0.0,
            invoice_policy="order",
            service_type="manual",
            taxes_id=[Command.clear()],
        )
        cls.tm_product = cls._create_product(
            name="Consulting (T&M)",
            type="service",
            lst_price=0.0,
            service_policy="delivered_timesheet",
            taxes_id=[Command.clear()],
        )
        cls.card = cls.env["ps.rate.card"].create(
            {
                "name": "Standard",
                "company_id": cls.company.id,
                "currency_id": cls.env.ref("base.USD").id,
            }
        )
        cls.template = cls.env["project.project"].create(
            {
                "name": "Template: implementation",
                "company_id": cls.company.id,
                "allow_billable": True,
                "task_ids": [
                    Command.create({"name": "Kick-off"}),
                    Command.create({"name": "Go-live"}),
                ],
            }
        )
        cls.backend = cls.setup_sync_backend(
            cls.company,
            "t-sf-us",
            "Salesforce US",
            kind="salesforce",
            sf_auth="password",
            sf_username=USER,
            sf_password=PASSWORD,
            sf_security_token=TOKEN,
            sf_bulk_threshold=0,
            sf_bulk_poll_seconds=0,
            deal_project_template_id=cls.template.id,
            deal_rate_card_id=cls.card.id,
            webhook_secret="s3cr3t-sf-webhook-key",
        )
        cls.P_FIXED, cls.P_MILESTONE, cls.P_TM, cls.P_UNMAPPED = (
            "01t000000000FIXAAA",
            "01t000000000MILAAA",
            "01t000000000TMXAAA",
            "01t000000000UNMAAA",
        )
        cls.env["ps.sync.product.map"].create(
            [
                {
                    "backend_id": cls.backend.id,
                    "name": "IMPL",
                    "remote_product_id": cls.P_FIXED,
                    "product_id": cls.fixed_product.id,
                    "billing_model": "fixed",
                },
                {
                    "backend_id": cls.backend.id,
                    "name": "GOLIVE",
                    "remote_product_id": cls.P_MILESTONE,
                    "product_id": cls.milestone_product.id,
                    "billing_model": "milestone",
                },
                {
                    "backend_id": cls.backend.id,
                    "name": "CONSULT",
                    "remote_product_id": cls.P_TM,
                    "product_id": cls.tm_product.id,
                    "billing_model": "time_materials",
                },
            ]
        )

    @classmethod
    def _request_handler(cls, s, r, /, **kw):
        # the fake org's sessions reach the fake; anything else stays blocked
        if any(isinstance(a, fake_org.FakeAdapter) for a in s.adapters.values()):
            return _super_send(s, r, **kw)
        return super()._request_handler(s, r, **kw)

    def setUp(self):
        super().setUp()
        self.org = fake_org.FakeOrg(username=USER, password=PASSWORD, security_token=TOKEN)
        Connector = type(self.env["ps.sync.connector.salesforce"])
        patcher = patch.object(Connector, "_session", lambda connector, backend: self.org.session())
        patcher.start()
        self.addCleanup(patcher.stop)
        self.env["ps.sync.connector.salesforce"]._forget_clients()
        self.addCleanup(self.env["ps.sync.connector.salesforce"]._forget_clients)

    # ---------------------------------------------------------- helpers ----
    def account(self, name="Acme Corp", modstamp=None, **fields):
        values = {
            "Name": name,
            "BillingCity": "Boston",
            "BillingCountryCode": "US",
            "Phone": "+1 617 555 0100",
        }
        values.update(fields)
        return self.org.add("Account", values, modstamp=modstamp)

    def contact(self, account_id, name="Jane Buyer", modstamp=None, **fields):
        values = {
            "Name": name,
            "AccountId": account_id,
            "Email": f"{name.split()[0].lower()}@acme.example",
        }
        values.update(fields)
        return self.org.add("Contact", values, modstamp=modstamp)

    def won_opportunity(self, account_id, lines=None, name="Acme ERP rollout", **fields):
        lines = (
            lines
            if lines is not None
            else [(self.P_FIXED, 1, 50000.0), (self.P_MILESTONE, 1, 10000.0)]
        )
        values = {
            "Name": name,
            "AccountId": account_id,
            "StageName": "Closed Won",
            "IsWon": True,
            "IsClosed": True,
            "CloseDate": "2026-03-10",
            "Amount": sum(q * p for __, q, p in lines),
        }
        values.update(fields)
        opp = self.org.add("Opportunity", values)
        for product, quantity, price in lines:
            self.org.add_line(opp, product, quantity, price)
        return opp

    def pull(self, *objects):
        """Run the pull job, then the jobs it queued (one pass, as a runner
        would); returns the pull's summary and the applied messages' outcomes."""
        Log = self.env["ps.sync.log"]
        last = Log.search([], order="id desc", limit=1).id
        summary = self.backend._pull(objects or None)
        self.run_jobs()
        new = Log.search(
            [("id", ">", last), ("backend_id", "=", self.backend.id), ("direction", "=", "in")]
        )
        counts = Counter(new.mapped("result_status"))
        counts.pop(False, None)
        return f"{summary}; " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))

    def binding(self, external_id, object_name=None):
        domain = [("backend_id", "=", self.backend.id), ("external_id", "=", external_id)]
        if object_name:
            domain.append(("object_name", "=", object_name))
        return self.env["ps.sync.binding"].search(domain)

    def record_of(self, external_id):
        binding = self.binding(external_id)
        return self.env[binding.res_model].with_context(active_test=False).browse(binding.res_id)

    def logs(self, **domain):
        return self.env["ps.sync.log"].search(
            [("backend_id", "=", self.backend.id)]
            + [(key, "=", value) for key, value in domain.items()]
        )

    @staticmethod
    def dt(value):
        return datetime.datetime.fromisoformat(value)
