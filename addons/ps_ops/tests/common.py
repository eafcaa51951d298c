# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from psycopg2 import sql

from odoo.addons.ps_billing_rules.tests.common import BillingCase

DT = datetime.datetime


class OpsCase(BillingCase):
    """The billing firm of ps_billing_rules' tests, plus the shipped alert
    rules limited to its company (so other companies of the database do not
    count)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Alert = cls.env["ps.alert"]
        cls.env["ps.alert.rule"].search([]).write({"company_id": cls.company.id})

    def rule(self, code, **vals):
        rule = self.env.ref(f"ps_ops.rule_{code}")
        if vals:
            rule.write(vals)
        return rule

    def evaluate(self, rule, now):
        rule._evaluate(now)
        return self.Alert.search([("rule_id", "=", rule.id)])

    def live(self, rule):
        return self.Alert.search([("rule_id", "=", rule.id), ("state", "!=", "closed")])

    def set_create_date(self, records, when):
        self.env.flush_all()
        self.env.cr.execute(
            sql.SQL("UPDATE {} SET create_date = %s WHERE id IN %s").format(
                sql.Identifier(records._table)
            ),
            [when, tuple(records.ids)],
        )
        records.invalidate_recordset(["create_date"])
