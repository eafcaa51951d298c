# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import contextlib
import shutil
import traceback
import unittest
from unittest.mock import patch

from odoo import fields
from odoo.tests import common as odoo_test_common
from odoo.tests.common import HttpCase, TransactionCase, new_test_user
from odoo.tools.misc import file_path

from .concurrency import committed_env  # noqa: F401 - kept importable from here

# queue_job 18.0.4.x's tests.common registers its method patcher in
# odoo.tests.common.SETATTR_SOURCES (OCA/queue#938), which only recent Odoo
# 18.0 builds define; on older ones give it the empty registry it expects,
# so every ps_* test can use queue_job's own trap_jobs(). A no-op where it exists.
odoo_test_common.__dict__.setdefault("SETATTR_SOURCES", {})

from odoo.addons.queue_job.exception import RetryableJobError  # noqa: E402
from odoo.addons.queue_job.job import Job  # noqa: E402
from odoo.addons.queue_job.tests.common import trap_jobs  # noqa: E402,F401 - for the ps_* tests


def run_jobs_as_runner(env, jobs):
    """Run stored ``queue.job`` records as queue_job's runner does (its
    ``/queue_job/runjob`` controller): each in a savepoint as its user; a
    ``RetryableJobError`` puts it back to pending with its retry counted, any
    other exception (``FailedJobError`` once the retries are exhausted
    included) rolls its work back, marks it failed with the reason and calls
    its job function's ``on_fail`` hook, as the runner does in a new cursor."""
    for record in jobs.sudo():
        job = Job.load(env, record.uuid)
        job.set_started()
        job.store()
        try:
            with env.cr.savepoint():
                job.perform()
                env.flush_all()
                job.set_done()
                job.store()
        except RetryableJobError as err:
            env.invalidate_all()
            job.postpone(result=str(err), seconds=err.seconds)
            job.set_pending(reset_retry=False)
            job.store()
        except Exception as err:  # noqa: BLE001 - the runner's own catch-all
            env.invalidate_all()
            vals = {
                "exc_info": traceback.format_exc(),
                "exc_name": type(err).__name__,
                "exc_message": err.args[0] if err.args else str(err),
            }
            job.set_failed(**vals)
            job.store()
            job.on_fail(vals)
        env.flush_all()


@contextlib.contextmanager
def runner_on_call(model, method, jobs_of, after=False):
    """For a browser tour: while in this block, each call of ``method`` on
    ``model`` (a recordset of the model) first (or, ``after``, then) runs
    the stored jobs ``jobs_of(records)`` returns, as queue_job's runner would.

    A tour cannot run queue_job's runner (no runner in tests), and a thread
    racing the browser would make the tour's checks depend on timing; tying
    the jobs to a request the page makes anyway keeps every step ordered:
    e.g. one job of a run per reload of its form shows the progress moving."""
    cls = type(model)
    original = getattr(cls, method)

    def run(records):
        jobs = jobs_of(records.sudo())
        if jobs:
            run_jobs_as_runner(records.env(su=True), jobs)
            records.env.invalidate_all()

    def wrapper(self, *args, **kwargs):
        if not after:
            run(self)
        result = original(self, *args, **kwargs)
        if after:
            run(self)
        return result

    with patch.object(cls, method, wrapper):
        yield


# files of the web client's third-party libraries (some Odoo sources ship
# without them) that a browser tour cannot run without
WEB_CLIENT_LIBS = (
    "web/static/lib/owl/owl.js",
    "web/static/lib/luxon/luxon.js",
    "web/static/lib/popper/popper.js",
    "web/static/lib/bootstrap/scss/_variables.scss",
    "web/static/lib/hoot-dom/hoot-dom.js",
)
# the browsers Odoo's test browser looks for (odoo.tests.common.ChromeBrowser)
BROWSERS = ("google-chrome", "chromium", "chromium-browser", "google-chrome-stable")


def _missing_file(path):
    try:
        file_path(path)
    except FileNotFoundError:
        return True
    return False


def browser_tours_unavailable():
    """Why browser tours cannot run here, or an empty string if they can."""
    reasons = []
    if not any(shutil.which(name) for name in BROWSERS):
        reasons.append(f"no Chromium or Chrome on PATH (looked for {', '.join(BROWSERS)})")
    try:
        import websocket  # noqa: F401 - Odoo's test browser talks to Chrome through it
    except ImportError:
        reasons.append("the Python module websocket-client is not installed")
    missing = [path for path in WEB_CLIENT_LIBS if _missing_file(path)]
    if missing:
        reasons.append(
            "this Odoo lacks the web client's third-party libraries "
            f"(missing: {', '.join(missing)}; README.md > Browser tours)"
        )
    return "; ".join(reasons)


class TourCase(HttpCase):
    """A browser tour (``start_tour``), skipped with the reason where
    Chromium or the web client's libraries are not available."""

    @classmethod
    def setUpClass(cls):
        reason = browser_tours_unavailable()
        if reason:
            raise unittest.SkipTest(f"browser tours skipped: {reason}")
        super().setUpClass()


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
