# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command

from odoo.addons.ps_billing_rules.tests.common import MARCH_END, BillingCase, D
from odoo.addons.queue_job.job import Job

__all__ = ["MARCH_END", "D", "IntercompanyCase"]


class IntercompanyCase(BillingCase):
    """Two entities: the US entity (USD, the billing case's company) sells
    the ACME engagement; the UK entity (GBP) employs Ann, who works on it.
    1 GBP = 1.25 USD from 2026-01-01 in both entities' books. The UK entity
    charges the US entity cost plus 10 % in GBP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.us = cls.company
        cls.usd = cls.env.ref("base.USD")
        cls.gbp = cls.env.ref("base.GBP")
        cls.gbp.active = True
        cls.uk_data = cls.setup_other_company(name="Meridian Ltd", currency_id=cls.gbp.id)
        cls.uk = cls.uk_data["company"]
        # A's customer is A's only (as the intake makes them)
        cls.customer.company_id = cls.us
        Rate = cls.env["res.currency.rate"]
        Rate.create(
            {"currency_id": cls.gbp.id, "name": "2026-01-01", "rate": 0.8, "company_id": cls.us.id}
        )
        Rate.create(
            {"currency_id": cls.usd.id, "name": "2026-01-01", "rate": 1.25, "company_id": cls.uk.id}
        )
        # the US entity consolidates, in USD (Settings > Invoicing > Intercompany)
        cls.env["ir.config_parameter"].set_param("ps_intercompany.group_company_id", cls.us.id)
        cls.role = cls.env["hr.job"].create({"name": "Managing consultant", "company_id": False})
        cls.ann = cls.env["hr.employee"].create(
            {
                "name": "Ann Hughes",
                "job_id": cls.role.id,
                "work_email": "ann@meridian.example.uk",
                "company_id": cls.uk.id,
                "hourly_cost": 60.0,
            }
        )
        # what the US entity bills its customer for Ann: 180 USD an hour
        cls.card.line_ids = [Command.create({"job_id": cls.role.id, "rate": 180.0})]
        cls.uk_backend = cls.env["ps.sync.backend"].create(
            {"name": "UK time tool", "code": "t-time-uk", "company_id": cls.uk.id}
        )
        cls.agreement = cls.env["ps.intercompany.agreement"].create(
            {
                "provider_company_id": cls.uk.id,
                "receiver_company_id": cls.us.id,
                "method": "cost_plus",
                "markup_percent": 10.0,
                "currency_id": cls.gbp.id,
                "revenue_account_id": cls.uk_data["default_account_revenue"].id,
                "cost_account_id": cls.company_data["default_account_expense"].id,
            }
        )

    def ingest_uk(self, records):
        res = self.env["ps.sync.backend"].sudo().ingest("t-time-uk", "timesheet", records)
        bad = [r for r in res if r["status"] == "rejected"]
        self.assertFalse(bad, bad)
        return self.env["account.analytic.line"].browse([r["res_id"] for r in res])

    def ann_time(self, ext, day, hours, **kw):
        return self.time(ext, self.ann, day, hours, **kw)

    def start_run(self, date_to=MARCH_END, company=None, **vals):
        run = self.env["ps.intercompany.run"].create(
            {"company_id": (company or self.uk).id, "date_to": date_to, **vals}
        )
        run.action_start()
        return run

    def run_jobs(self, run):
        for line in run.line_ids:
            Job.load(self.env, line.sudo().job_id.uuid).perform()
        return run

    def charge(self, date_to=MARCH_END):
        """A run for the UK entity, its jobs performed: its one line."""
        run = self.run_jobs(self.start_run(date_to))
        self.assertEqual(run.state, "done")
        return run.line_ids

    def documents(self):
        """The agreement's live invoices and bills."""
        moves = self.env["account.move"].search(
            [("ps_ic_agreement_id", "=", self.agreement.id), ("state", "!=", "cancel")]
        )
        return moves.filtered(lambda m: m.company_id == self.uk), moves.filtered(
            lambda m: m.company_id == self.us
        )

    def charged(self, entries):
        """(hours, amount) of the live traces of ``entries``."""
        traces = entries.ps_ic_trace_ids.filtered(lambda t: t.move_state != "cancel")
        return round(sum(traces.mapped("hours")), 2), round(sum(traces.mapped("amount")), 2)

    @classmethod
    def make_tax(cls, name, company, use, amount, *accounts_factors):
        """A percent tax of ``company``: its base line, then one tax line per
        (account, factor %) pair on invoices and refunds alike (a reverse
        charge is +100 % on the input account and -100 % on the due one)."""

        def lines():
            return [
                Command.create({"repartition_type": "base"}),
                *(
                    Command.create(
                        {"repartition_type": "tax", "factor_percent": factor, "account_id": acc.id}
                    )
                    for acc, factor in accounts_factors
                ),
            ]

        return cls.env["account.tax"].create(
            {
                "name": name,
                "company_id": company.id,
                "type_tax_use": use,
                "amount_type": "percent",
                "amount": amount,
                "invoice_repartition_line_ids": lines(),
                "refund_repartition_line_ids": lines(),
            }
        )
