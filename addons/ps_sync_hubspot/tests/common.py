# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A consulting firm with a HubSpot backend, mapped service products, a
rate card and a project template; each test gets its own fake HubSpot
portal over real HTTP, which hubspot-api-client reaches unchanged."""

import datetime
from collections import Counter

from odoo import Command
from odoo.tests.common import _super_send

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.ps_sync_core.tests.common import SyncFixtures

from .fakes.hubspot_portal import FakePortal

TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555"
SECRET = "hs-app-client-secret"
T0 = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.timezone.utc)


def ms(moment):
    return int(moment.timestamp() * 1000)


class HubSpotCase(SyncFixtures, AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_sync_env()
        cls.company = cls.env.company
        cls.company.currency_id = cls.env.ref("base.USD")
        service = {"type": "service", "lst_price": 0.0, "taxes_id": [Command.clear()]}
        cls.fixed_product = cls._create_product(
            name="Audit (fixed fee)", invoice_policy="order", service_type="manual", **service
        )
        cls.tm_product = cls._create_product(
            name="Advisory (T&M)", service_policy="delivered_timesheet", **service
        )
        cls.card = cls.env["ps.rate.card"].create(
            {
                "name": "Standard",
                "company_id": cls.company.id,
                "currency_id": cls.company.currency_id.id,
            }
        )
        cls.template = cls.env["project.project"].create(
            {"name": "Template: audit", "company_id": cls.company.id, "allow_billable": True}
        )
        cls.other_company = cls.setup_sync_company("Meridian Advisory Ltd (hs test)", "base.GBP")
        cls.backend = cls.setup_sync_backend(
            cls.company,
            "t-hs-us",
            "HubSpot US",
            kind="hubspot",
            hs_access_token=TOKEN,
            hs_client_secret=SECRET,
            hs_portal_id="4242",
            hs_rate_tier="professional",
            deal_project_template_id=cls.template.id,
            deal_rate_card_id=cls.card.id,
        )
        cls.env["ps.hs.pipeline"].create(
            {
                "backend_id": cls.backend.id,
                "name": "Sales",
                "pipeline_id": "default",
                "won_stage_id": "closedwon",
            }
        )
        cls.env["ps.sync.product.map"].create(
            [
                {
                    "backend_id": cls.backend.id,
                    "name": "AUDIT",
                    "remote_product_id": "AUDIT",
                    "product_id": cls.fixed_product.id,
                    "billing_model": "fixed",
                },
                {
                    "backend_id": cls.backend.id,
                    "name": "ADVISORY",
                    "remote_product_id": "ADVISORY",
                    "product_id": cls.tm_product.id,
                    "billing_model": "time_materials",
                },
            ]
        )
        cls.setup_sync_users(cls.company, manager_companies=cls.other_company)

    @classmethod
    def _request_handler(cls, s, r, /, **kw):
        # requests to the fake portal go through; anything else stays blocked
        portal = getattr(cls, "_portal_url", None)
        if portal and r.url.startswith(portal):
            return _super_send(s, r, **kw)
        return super()._request_handler(s, r, **kw)

    def setUp(self):
        super().setUp()
        self.portal = FakePortal(portal_id=4242, token=TOKEN, burst=190, daily=625_000).start()
        self.addCleanup(self.portal.stop)
        type(self)._portal_url = self.portal.url
        self.addCleanup(setattr, type(self), "_portal_url", None)
        self.backend.sudo().hs_host = self.portal.url
        self.env["ps.sync.connector.hubspot"]._forget_gates()

    # ---------------------------------------------------------- helpers ----
    def company_rec(self, name="Acme Corp", modified=T0, **props):
        return self.portal.add(
            "companies",
            dict({"name": name, "city": "Boston", "country": "US"}, **props),
            ms(modified),
        )

    def contact_rec(self, company_id, first="Jane", modified=T0, **props):
        cid = self.portal.add(
            "contacts",
            dict(
                {"firstname": first, "lastname": "Buyer", "email": f"{first.lower()}@acme.test"},
                **props,
            ),
            ms(modified),
        )
        if company_id:
            self.portal.associate("contacts", cid, "companies", company_id)
        return cid

    def won_deal(self, company_id, lines=(("AUDIT", 1, 40000.0),), modified=T0, **props):
        values = {
            "dealname": "Acme audit",
            "pipeline": "default",
            "dealstage": "closedwon",
            "closedate": "2026-11-01T00:00:00Z",
            "amount": sum(q * p for __, q, p in lines),
        }
        values.update(props)
        deal = self.portal.add("deals", values, ms(modified))
        self.portal.associate("deals", deal, "companies", company_id)
        for sku, quantity, price in lines:
            item = self.portal.add(
                "line_items", {"hs_sku": sku, "quantity": quantity, "price": price}, ms(modified)
            )
            self.portal.associate("deals", deal, "line_items", item)
        return deal

    def pull(self, *objects):
        Log = self.env["ps.sync.log"]
        last = Log.search([], order="id desc", limit=1).id or 0
        summary = self.backend._pull(list(objects) or None)
        self.run_jobs()
        new = Log.search(
            [("id", ">", last), ("backend_id", "=", self.backend.id), ("direction", "=", "in")]
        )
        counts = Counter(new.mapped("result_status"))
        counts.pop(False, None)
        return f"{summary}; " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))

    def binding(self, external_id, object_name):
        return self.env["ps.sync.binding"].search(
            [
                ("backend_id", "=", self.backend.id),
                ("object_name", "=", object_name),
                ("external_id", "=", str(external_id)),
            ]
        )

    def record_of(self, external_id, object_name):
        binding = self.binding(external_id, object_name)
        return self.env[binding.res_model].with_context(active_test=False).browse(binding.res_id)

    def logs(self, **domain):
        return self.env["ps.sync.log"].search(
            [("backend_id", "=", self.backend.id)]
            + [(key, "=", value) for key, value in domain.items()]
        )
