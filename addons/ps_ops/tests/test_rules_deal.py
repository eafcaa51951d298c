# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import json
from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.tests import tagged

from .common import OpsCase

D = datetime.date


@tagged("post_install", "-at_install")
class TestDealAndHeldMoneyRules(OpsCase):
    """Won deals not delivered, the money failed messages hold back, the
    API allowance: crafted in the billing firm of ps_billing_rules' tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = fields.Datetime.now()
        cls.deal_rule = cls.env.ref("ps_ops.rule_deal_not_delivered")
        cls.deal_rule.threshold = 24
        cls.failed_rule = cls.env.ref("ps_ops.rule_sync_failed")
        cls.failed_rule.threshold = 4
        cls.api_rule = cls.env.ref("ps_ops.rule_api_allowance")
        cls.api_rule.threshold = 80

    # ------------------------------------------------------------------
    def log(self, object_name, ext, payload, state="failed", hours_old=0.0):
        log = (
            self.env["ps.sync.log"]
            .sudo()
            .create(
                {
                    "name": f"corr-{ext}",
                    "backend_id": self.backend.id,
                    "company_id": self.company.id,
                    "object_name": object_name,
                    "external_id": ext,
                    "state": state,
                    "payload": json.dumps(payload),
                }
            )
        )
        self.set_create_date(log, self.now - timedelta(hours=hours_old))
        return log

    def order(self, amount):
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.service.id, "product_uom_qty": 1, "price_unit": amount}
                    )
                ],
            }
        )

    def bind(self, order, ext, hours_old):
        binding = self.env["ps.sync.binding"].create(
            {
                "backend_id": self.backend.id,
                "object_name": "test_deal",
                "external_id": ext,
                "res_model": "sale.order",
                "res_id": order.id,
            }
        )
        self.set_create_date(binding, self.now - timedelta(hours=hours_old))
        return binding

    def deals(self):
        """The test backend takes no CRM: a deal object named test_deal,
        its payload read as it is (amount, currency, is_won)."""
        cls = type(self.env["ps.alert.condition.deal"])
        return (
            patch.object(cls, "_ps_deal_objects", lambda self: ["test_deal"]),
            patch.object(
                cls,
                "_ps_normalized",
                lambda self, backend, object_name, payload, handler=None: json.loads(payload),
            ),
        )

    # ------------------------------------------------------------------
    def test_deal_objects_are_the_handlers_making_sale_orders(self):
        objects = self.env["ps.alert.condition.deal"]._ps_deal_objects()
        handlers = self.env["ps.sync.backend"]._object_handlers()
        self.assertNotIn("timesheet", objects)
        for name in objects:
            self.assertEqual(handlers[name]._odoo_model, "sale.order")
        if "ps.sync.object.sf_opportunity" in self.env:
            self.assertIn("sf_opportunity", objects)

    def test_won_deal_without_engagement(self):
        order = self.order(12000)
        self.bind(order, "OPP-1", hours_old=23.9)
        objects, normalized = self.deals()
        with objects, normalized:
            self.assertFalse(self.evaluate(self.deal_rule, self.now), "just below 24 h")
            self.set_create_date(
                self.env["ps.sync.binding"].search([("external_id", "=", "OPP-1")]),
                self.now - timedelta(hours=25),
            )
            alert = self.evaluate(self.deal_rule, self.now)
            self.assertEqual(len(alert), 1)
            self.assertEqual((alert.amount, alert.currency_id), (12000.0, order.currency_id))
            self.assertEqual((alert.res_model, alert.res_id), ("sale.order", order.id))
            self.assertIn("no engagement", alert.name)
            self.assertEqual(self.evaluate(self.deal_rule, self.now), alert, "no duplicate")
            # an engagement without a project still fires, with a project it clears
            eng, project = self.make_engagement("OPP-1-ENG", sale_order_id=order.id)
            eng.project_id = False
            self.evaluate(self.deal_rule, self.now)
            self.assertEqual(alert.state, "open")
            self.assertIn("without a project", alert.name)
            eng.project_id = project
            self.evaluate(self.deal_rule, self.now)
            self.assertEqual(alert.state, "closed")

    def test_won_deal_whose_message_failed(self):
        won = {"amount": 8000, "currency": "EUR", "is_won": True}
        self.log("test_deal", "OPP-2", won, hours_old=30)
        self.log("test_deal", "OPP-3", dict(won, is_won=False), hours_old=30)
        self.log("test_deal", "OPP-4", won, hours_old=20)  # younger than 24 h
        objects, normalized = self.deals()
        with objects, normalized:
            alert = self.evaluate(self.deal_rule, self.now)
            self.assertEqual(alert.subject_key, f"deal:{self.backend.id}/test_deal/OPP-2")
            self.assertEqual((alert.amount, alert.currency_id), (8000.0, self.env.ref("base.EUR")))
            self.assertIn("failed", alert.name)
            self.assertEqual(self.evaluate(self.deal_rule, self.now), alert)
            # replayed: a later message applied it, the deal is bound
            self.log("test_deal", "OPP-2", won, state="done")
            self.bind(self.order(8000), "OPP-2", hours_old=0)
            self.evaluate(self.deal_rule, self.now)
            self.assertEqual(alert.state, "closed")

    def test_failed_messages_hold_back_time_at_billing_rates(self):
        # Jane 8 h in early March at 200, Bob 5 h at 140 (Acme), and a
        # non-billable hour: 2,300 held back
        self.log("timesheet", "T-1", self.time("T-1", self.jane, D(2026, 3, 10), 8), hours_old=5)
        self.log(
            "timesheet", "T-2", self.time("T-2", self.bob, D(2026, 3, 12), 5), "dead", hours_old=6
        )
        self.log(
            "timesheet",
            "T-3",
            self.time("T-3", self.bob, D(2026, 3, 12), 1, billable=False),
            hours_old=5,
        )
        self.log("timesheet", "T-4", self.time("T-4", self.bob, D(2026, 3, 13), 2), hours_old=3.9)
        alert = self.evaluate(self.failed_rule, self.now)
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.count, 3)
        self.assertEqual((alert.amount, alert.currency_id), (2300.0, self.company.currency_id))
        self.assertIn("2 of them hold back 2,300.00", alert.name)
        self.assertEqual(self.evaluate(self.failed_rule, self.now), alert, "no duplicate")
        # the entries are fixed and applied: cleared
        self.env["ps.sync.log"].sudo().search([("backend_id", "=", self.backend.id)]).write(
            {"state": "done"}
        )
        self.evaluate(self.failed_rule, self.now)
        self.assertEqual(alert.state, "closed")

    def test_api_allowance(self):
        backend = self.backend
        backend._ps_record_api_usage(79_999, 100_000)
        self.assertFalse(self.evaluate(self.api_rule, self.now), "79.999 % is below 80 %")
        backend._ps_record_api_usage(85_000, 100_000)
        alert = self.evaluate(self.api_rule, self.now)
        self.assertEqual((alert.value, alert.count), (85.0, 85_000))
        self.assertEqual((alert.res_model, alert.res_id), ("ps.sync.backend", backend.id))
        self.assertEqual(self.evaluate(self.api_rule, self.now), alert, "no duplicate")
        # a reading older than a day says nothing of today
        self.assertFalse(
            self.evaluate(self.api_rule, self.now + timedelta(days=2)).filtered(
                lambda a: a.state != "closed"
            )
        )
        # the new day's allowance: cleared
        backend._ps_record_api_usage(1_000, 100_000)
        self.evaluate(self.api_rule, self.now)
        self.assertEqual(alert.state, "closed")
