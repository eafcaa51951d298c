# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two transactions importing the same external id yield one binding.

These tests need real, separately committed transactions, so they work on
their own connections and clean up after themselves.
"""

import time

import psycopg2

from odoo.tests.common import tagged

from odoo.addons.ps_sync_core.tests.common import SyncCase
from odoo.addons.ps_sync_core.tests.concurrency import ConcurrentCase


@tagged("post_install", "-at_install")
class TestConcurrentImports(ConcurrentCase):
    def setUp(self):
        super().setUp()
        with self.committed_env() as env:
            backend = env["ps.sync.backend"].create(
                {
                    "name": "race",
                    "code": f"race-{id(self)}",
                    "company_id": env.company.id,
                }
            )
            self.backend_id, self.code = backend.id, backend.code
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.committed_env() as env:
            bindings = env["ps.sync.binding"].search([("backend_id", "=", self.backend_id)])
            partners = env["res.partner"].browse(bindings.mapped("res_id")).exists()
            partners |= env["res.partner"].search([("name", "=like", "Race Co%")])
            env["ps.sync.log"].search([("backend_id", "=", self.backend_id)]).unlink()
            bindings.unlink()
            partners.unlink()
            env["ps.sync.backend"].browse(self.backend_id).unlink()

    def ingest_call(self, records, hold):
        """A worker's call: ingest as the administrator, then keep the
        transaction open a while."""

        def call(env):
            api_model = env["ps.sync.backend"].with_user(env.ref("base.user_admin"))
            result = api_model.ingest(self.code, "partner", records)
            time.sleep(hold)  # keep the transaction open a while
            return result

        return call

    def test_same_external_id_from_two_transactions_yields_one_binding(self):
        # both start at once; one waits for the other and then sees its binding
        record = {"external_id": "RACE-1", "name": "Race Co", "is_company": True}
        results = self.race(
            {
                "a": self.ingest_call([record], hold=0.5),
                "b": self.ingest_call([dict(record)], hold=0.5),
            },
            timeout=30,
        )
        for key in "ab":
            self.assertIsInstance(results[key], list, results[key])
        statuses = sorted(results[k][0]["status"] for k in "ab")
        self.assertEqual(statuses, ["created", "unchanged"])
        self.assertEqual(results["a"][0]["res_id"], results["b"][0]["res_id"])
        with self.committed_env() as env:
            self.assertEqual(
                env["ps.sync.binding"].search_count(
                    [("backend_id", "=", self.backend_id), ("external_id", "=", "RACE-1")]
                ),
                1,
            )
            self.assertEqual(env["res.partner"].search_count([("name", "=", "Race Co")]), 1)

    def test_overlapping_batches_in_opposite_orders_do_not_deadlock(self):
        recs = [
            {"external_id": f"RACE-{i}", "name": f"Race Co {i}", "is_company": True}
            for i in range(20)
        ]
        results = self.race(
            {
                "a": self.ingest_call(recs, hold=0.2),
                "b": self.ingest_call(list(reversed(recs)), hold=0.2),
            }
        )
        for key in "ab":
            self.assertIsInstance(results[key], list, results[key])
        statuses = sorted({r["status"] for k in "ab" for r in results[k]})
        self.assertEqual(statuses, ["created", "unchanged"])
        with self.committed_env() as env:
            self.assertEqual(
                env["ps.sync.binding"].search_count([("backend_id", "=", self.backend_id)]), 20
            )
            self.assertEqual(env["res.partner"].search_count([("name", "=like", "Race Co %")]), 20)


class TestBindingConstraints(SyncCase):
    def test_database_refuses_a_second_binding(self):
        res = self.ingest([self.company_rec("UNQ-1")])[0]
        Binding = self.env["ps.sync.binding"]
        vals = {
            "backend_id": self.backend.id,
            "object_name": "partner",
            "external_id": "UNQ-1",
            "res_model": "res.partner",
            "res_id": res["res_id"] + 0,
        }
        with self.assertRaises(psycopg2.errors.UniqueViolation), self.cr.savepoint():
            Binding.create(dict(vals, res_id=self.env["res.partner"].create({"name": "n"}).id))
        with self.assertRaises(psycopg2.errors.UniqueViolation), self.cr.savepoint():
            Binding.create(dict(vals, external_id="UNQ-OTHER"))
        # the same ids on another backend are fine
        Binding.create(dict(vals, backend_id=self.backend_uk.id))
