# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import xmlrpc.client

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

D = datetime.date
MARCH_END = D(2026, 3, 31)


class BillingCase(AccountTestInvoicingCommon):
    """A consulting firm with a chart of accounts, two consultants, a customer,
    a rate card, a project and an active time-and-materials engagement."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.currency_id = cls.env.ref("base.USD")
        cls.service = cls._create_product(
            name="Consulting", type="service", lst_price=0.0, taxes_id=[Command.clear()]
        )
        cls.senior = cls.env["hr.job"].create({"name": "Senior consultant"})
        cls.consultant = cls.env["hr.job"].create({"name": "Consultant"})
        Employee = cls.env["hr.employee"]
        cls.jane = Employee.create(
            {
                "name": "Jane Park",
                "job_id": cls.senior.id,
                "work_email": "jane@meridian.example",
                "company_id": cls.company.id,
            }
        )
        cls.bob = Employee.create(
            {
                "name": "Bob Stone",
                "job_id": cls.consultant.id,
                "work_email": "bob@meridian.example",
                "company_id": cls.company.id,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Acme Manufacturing", "is_company": True}
        )
        cls.card = cls.env["ps.rate.card"].create(
            {
                "name": "Standard 2026",
                "company_id": cls.company.id,
                "currency_id": cls.env.ref("base.USD").id,
                "line_ids": [
                    Command.create({"job_id": cls.senior.id, "rate": 200.0}),
                    Command.create({"job_id": cls.consultant.id, "rate": 150.0}),
                    Command.create(
                        {"job_id": cls.consultant.id, "partner_id": cls.customer.id, "rate": 140.0}
                    ),
                    Command.create(
                        {"employee_id": cls.jane.id, "rate": 220.0, "date_from": D(2026, 3, 16)}
                    ),
                ],
            }
        )
        cls.backend = cls.env["ps.sync.backend"].create(
            {"name": "Time tool", "code": "t-timetool", "company_id": cls.company.id}
        )
        cls.engagement, cls.project = cls.make_engagement("ACME-ERP")

    @classmethod
    def make_engagement(cls, code, **vals):
        project = cls.env["project.project"].create(
            {
                "name": f"Project {code}",
                "ps_code": code,
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "allow_timesheets": True,
            }
        )
        values = {
            "name": f"Engagement {code}",
            "partner_id": cls.customer.id,
            "company_id": cls.company.id,
            "currency_id": cls.env.ref("base.USD").id,
            "project_id": project.id,
            "rate_card_id": cls.card.id,
            "product_id": cls.service.id,
        }
        values.update(vals)
        engagement = cls.env["ps.engagement"].create(values)
        engagement.action_activate()
        return engagement, project

    @classmethod
    def user_without_email(cls, login, groups, **kw):
        """A user of the firm's company with ``groups`` (xml ids) and no
        e-mail address, as the demo's users once were: nothing may need one."""
        return new_test_user(
            cls.env,
            login=login,
            email=False,
            groups=",".join(["base.group_user", *groups]),
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            **kw,
        )

    def time(self, ext, employee, day, hours, status="approved", project="ACME-ERP", **kw):
        rec = {
            "external_id": ext,
            "employee_email": employee.work_email,
            "project_code": project,
            "date": day.isoformat(),
            "hours": hours,
            "status": status,
            "description": f"Work {ext}",
        }
        rec.update(kw)
        return rec

    def ingest(self, records):
        return self.env["ps.sync.backend"].sudo().ingest("t-timetool", "timesheet", records)

    def ingest_ok(self, records):
        res = self.ingest(records)
        bad = [r for r in res if r["status"] == "rejected"]
        self.assertFalse(bad, bad)
        return res

    def bill(self, engagement=None, date_to=MARCH_END):
        return (engagement or self.engagement)._bill(date_to)

    def lines(self, move):
        return [
            (line.name, line.quantity, line.price_unit, line.price_subtotal)
            for line in move.invoice_line_ids.sorted("sequence")
        ]


class RpcUsersMixin:
    """For an ``HttpCase``: users of given groups (password = login) and
    ``call`` to reach a model method over XML-RPC as one of them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsiders = cls.rpc_outsiders()

    @classmethod
    def rpc_user(cls, login, groups):
        company = cls.env.company
        return new_test_user(
            cls.env,
            login=login,
            password=login,
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def rpc_outsiders(cls):
        """A project user and a sync (integration) user: logins that may not
        bill nor recognise."""
        cls.rpc_user("rpc-project-user", "base.group_user,project.group_project_user")
        cls.rpc_user("rpc-sync-user", "base.group_user,ps_sync_core.group_integration")
        return ("rpc-project-user", "rpc-sync-user")

    def call(self, login, model, method, *args):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
        self.assertTrue(uid, login)
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, login, model, method, list(args)
        )

    def assertRpcRefused(self, login, refusals):
        """Each ``(message regex, model, method, *args)`` called over XML-RPC
        as ``login`` fails with a fault that matches."""
        for regex, model, method, *args in refusals:
            with (
                self.subTest(login=login, method=method),
                self.assertRaisesRegex(xmlrpc.client.Fault, regex),
            ):
                self.call(login, model, method, *args)
