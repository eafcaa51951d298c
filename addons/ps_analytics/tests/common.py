# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.ps_intercompany.tests.common import IntercompanyCase
from odoo.addons.ps_revenue_recognition.tests.common import D, RevenueCase

__all__ = ["D", "AnalyticsCase"]


class AnalyticsCase(IntercompanyCase, RevenueCase):
    """The billing case's firm with revenue recognition configured and a
    second entity (UK) whose consultant works on the US engagement; users of
    each role: a consultant, a project manager, finance (invoicing) and an
    accounting manager who approves write-offs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consultant_user = cls.analytics_user(
            "an-consultant", "project.group_project_user,hr_timesheet.group_hr_timesheet_user"
        )
        cls.pm_user = cls.analytics_user("an-pm", "project.group_project_manager")
        cls.finance_user = cls.analytics_user("an-finance", "account.group_account_invoice")
        cls.acc_manager = cls.analytics_user("an-accmgr", "account.group_account_manager")

    @classmethod
    def analytics_user(cls, login, groups, company=None):
        """A user of one entity (the US one unless given) with ``groups``."""
        company = company or cls.us
        return new_test_user(
            cls.env,
            login=login,
            groups=f"base.group_user,{groups}",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    def entry(self, employee, day, hours, project=None, **vals):
        """A time entry of ``employee`` made in Odoo (cost = hours x hourly cost)."""
        values = {
            "name": f"Work {day}",
            "project_id": (project or self.project).id,
            "employee_id": employee.id,
            "date": day,
            "unit_amount": hours,
            "ps_status": "approved",
        }
        values.update(vals)
        return self.env["account.analytic.line"].sudo().create(values)

    def group(self, model, domain, measures, groupby, user=None):
        """``read_group`` as the pivot reads it (lazy off), as ``user``."""
        Model = self.env[model]
        if user:
            Model = Model.with_user(user)
        return Model.read_group(domain, measures, groupby, lazy=False)

    def totals(self, model, domain, measures, user=None):
        [row] = self.group(model, domain, measures, [], user=user)
        return {m.split(":")[0]: row[m.split(":")[0]] for m in measures}
