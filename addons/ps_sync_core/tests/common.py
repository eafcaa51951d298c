# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.tests import common as odoo_test_common
from odoo.tests.common import TransactionCase, new_test_user

from .concurrency import committed_env  # noqa: F401 - kept importable from here

# queue_job 18.0.4.x's tests.common registers its method patcher in
# odoo.tests.common.SETATTR_SOURCES (OCA/queue#938), which only recent Odoo
# 18.0 builds define; on older ones give it the empty registry it expects,
# so every ps_* test can use queue_job's own trap_jobs(). A no-op where it exists.
odoo_test_common.__dict__.setdefault("SETATTR_SOURCES", {})

from odoo.addons.queue_job.exception import RetryableJobError  # noqa: E402
from odoo.addons.queue_job.job import Job  # noqa: E402
from odoo.addons.queue_job.tests.common import trap_jobs  # noqa: E402,F401 - for the ps_* tests


class SyncFixtures:
    """Builders of the sync side of a firm that every ps_* test base shares:
    legal entities, a backend each, users with least rights, one per sync
    role. Mixed into a test base before its TransactionCase (``SyncCase``
    here; ``SalesforceCase``, which needs a chart of accounts, on top of
    ``AccountTestInvoicingCommon``); each base builds its companies once, in
    ``setUpClass``, as Odoo's ``setup_other_company()`` does."""

    @classmethod
    def setup_sync_env(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))

    @classmethod
    def setup_sync_company(cls, name, currency=None):
        """Another legal entity (in ``currency``, an xml id, if given)."""
        vals = {"name": name}
        if currency:
            vals["currency_id"] = cls.env.ref(currency).id
        return cls.env["res.company"].create(vals)

    @classmethod
    def setup_sync_backend(cls, company, code, name, **vals):
        return cls.env["ps.sync.backend"].create(
            dict(vals, name=name, code=code, company_id=company.id)
        )

    @classmethod
    def setup_sync_users(cls, company, manager_companies=None):
        """Users of ``company`` with least rights, one per role: integration
        (RPC), finance reviewer, sync user, sync manager (of
        ``manager_companies`` too, if given) and a plain internal user."""
        common = {"company_id": company.id, "company_ids": [(6, 0, company.ids)]}
        cls.integration_user = new_test_user(
            cls.env,
            login="t_integration",
            groups="base.group_user,ps_sync_core.group_integration",
            **common,
        )
        cls.finance_user = new_test_user(
            cls.env,
            login="t_finance",
            groups="base.group_user,base.group_partner_manager,ps_sync_core.group_finance_reviewer",
            **common,
        )
        cls.sync_user = new_test_user(
            cls.env,
            login="t_syncuser",
            groups="base.group_user,ps_sync_core.group_sync_user",
            **common,
        )
        cls.manager_user = new_test_user(
            cls.env,
            login="t_manager",
            groups="base.group_user,ps_sync_core.group_sync_manager",
            company_id=company.id,
            company_ids=[(6, 0, (company | (manager_companies or company)).ids)],
        )
        cls.plain_user = new_test_user(cls.env, login="t_plain", groups="base.group_user", **common)

    def run_jobs(self, due_only=True, reraise=True):
        """Perform the pending jobs once, oldest first, and mark them done;
        with ``due_only``, jobs postponed to later (eta) wait, as with a runner."""
        env = self.env(su=True)
        self.job_errors = []
        domain = [("state", "=", "pending")]
        if due_only:
            domain += ["|", ("eta", "=", False), ("eta", "<=", fields.Datetime.now())]
        jobs = env["queue.job"].search(domain, order="id")
        for record in jobs:
            job = Job.load(env, record.uuid)
            job.set_started()  # as the runner does: no longer 'pending'
            job.store()
            try:
                job.perform()
            except RetryableJobError as err:
                # as the runner does: postponed by err.seconds or the retry pattern
                job.postpone(result=str(err), seconds=err.seconds)
                job.set_pending(reset_retry=False)
                job.store()
                self.job_errors.append(err)
                if reraise:
                    raise
                continue
            job.set_done()
            job.store()
        return jobs


class SyncCase(SyncFixtures, TransactionCase):
    """Two legal entities, a backend each, and users with least rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_sync_env()
        cls.company_us = cls.setup_sync_company("Meridian Advisory Inc. (test)", "base.USD")
        cls.company_uk = cls.setup_sync_company("Meridian Advisory Ltd (test)", "base.GBP")
        cls.backend = cls.setup_sync_backend(
            cls.company_us, "t-crm-us", "CRM US", webhook_secret="s3cr3t-us-webhook-key"
        )
        cls.backend_uk = cls.setup_sync_backend(
            cls.company_uk, "t-crm-uk", "CRM UK", webhook_secret="s3cr3t-uk-webhook-key"
        )
        cls.setup_sync_users(cls.company_us, manager_companies=cls.company_uk)
        cls.Api = cls.env["ps.sync.backend"].with_user(cls.integration_user)

    @classmethod
    def odoo_owns(cls, fname, backend=None, object_name="partner", model="res.partner"):
        """Make Odoo the owner of one field of an object on a backend."""
        return cls.env["ps.sync.field.ownership"].create(
            {
                "backend_id": (backend or cls.backend).id,
                "object_name": object_name,
                "field_id": cls.env["ir.model.fields"]._get(model, fname).id,
                "owner": "odoo",
            }
        )

    def ingest(self, records, backend_code="t-crm-us", object_name="partner", user=None):
        api = self.env["ps.sync.backend"].with_user(user) if user else self.Api
        return api.ingest(backend_code, object_name, records)

    def logs(self, **domain):
        dom = [(key, "=", value) for key, value in domain.items()]
        return self.env["ps.sync.log"].search(dom)

    def binding(self, external_id, backend=None):
        return self.env["ps.sync.binding"].search(
            [
                ("backend_id", "=", (backend or self.backend).id),
                ("external_id", "=", external_id),
            ]
        )

    @staticmethod
    def company_rec(ext, **kw):
        vals = {
            "external_id": ext,
            "name": f"Company {ext}",
            "is_company": True,
            "email": f"ap@{ext.lower()}.example",
            "country_code": "US",
            "city": "Boston",
        }
        vals.update(kw)
        return vals

    @staticmethod
    def contact_rec(ext, parent, **kw):
        vals = {
            "external_id": ext,
            "name": f"Contact {ext}",
            "is_company": False,
            "email": f"{ext.lower()}@example.com",
            "parent_external_id": parent,
        }
        vals.update(kw)
        return vals
