# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two transactions recognising the same engagement and month post one entry.

Real, separately committed transactions on their own connections, as two
queue job workers would run them; the fixtures are committed and removed.
"""

import datetime
import time

from odoo import Command
from odoo.tests.common import tagged

from odoo.addons.ps_sync_core.tests.concurrency import ConcurrentCase

D = datetime.date


@tagged("post_install", "-at_install")
class TestConcurrentRecognition(ConcurrentCase):
    env_context = {"tracking_disable": True}

    def setUp(self):
        super().setUp()
        tag = f"RACE{id(self) % 100000}"
        with self.committed_env() as env:
            company = env.company
            Account = env["account.account"]
            accounts = Account.create(
                [
                    {
                        "code": f"49{n}{id(self) % 1000:03d}",
                        "name": f"{tag} {name}",
                        "account_type": kind,
                        "company_ids": [Command.set(company.ids)],
                    }
                    for n, (name, kind) in enumerate(
                        [
                            ("revenue", "income"),
                            ("deferred", "liability_current"),
                            ("unbilled", "asset_current"),
                        ]
                    )
                ]
            )
            journal = env["account.journal"].create(
                {
                    "name": f"{tag} recognition",
                    "code": tag[-5:],
                    "type": "general",
                    "company_id": company.id,
                }
            )
            self.saved = {
                f: company[f].id
                for f in (
                    "ps_revenue_journal_id",
                    "ps_revenue_account_id",
                    "ps_deferred_revenue_account_id",
                    "ps_unbilled_revenue_account_id",
                )
            }
            company.write(
                {
                    "ps_revenue_journal_id": journal.id,
                    "ps_revenue_account_id": accounts[0].id,
                    "ps_deferred_revenue_account_id": accounts[1].id,
                    "ps_unbilled_revenue_account_id": accounts[2].id,
                }
            )
            partner = env["res.partner"].create({"name": f"{tag} customer", "is_company": True})
            project = env["project.project"].create({"name": tag, "partner_id": partner.id})
            engagement = env["ps.engagement"].create(
                {
                    "name": tag,
                    "partner_id": partner.id,
                    "project_id": project.id,
                    "bill_time": False,
                    "state": "active",
                    "ps_transaction_price": 36500.0,
                }
            )
            env["ps.revenue.obligation"].create(
                {
                    "engagement_id": engagement.id,
                    "name": "Managed service",
                    "method": "ratable",
                    "standalone_price": 36500.0,
                    "date_start": D(2026, 1, 1),
                    "date_end": D(2026, 12, 31),
                }
            )
            self.ids = {
                "accounts": accounts.ids,
                "journal": journal.id,
                "partner": partner.id,
                "project": project.id,
                "engagement": engagement.id,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.committed_env() as env:
            moves = env["account.move"].search([("ps_engagement_id", "=", self.ids["engagement"])])
            moves.with_context(ps_revenue_allow_draft=True).button_draft()
            moves.unlink()
            engagement = env["ps.engagement"].browse(self.ids["engagement"])
            engagement.ps_obligation_ids.unlink()
            engagement.unlink()
            env["project.project"].browse(self.ids["project"]).unlink()
            env.company.write({k: v or False for k, v in self.saved.items()})
            env["account.journal"].browse(self.ids["journal"]).unlink()
            env["account.account"].browse(self.ids["accounts"]).unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()

    def recognise(self, env):
        """A worker's call: recognise January, as a queue job worker would."""
        move = env["ps.engagement"].browse(self.ids["engagement"])._ps_recognise(D(2026, 1, 31))
        env.flush_all()
        time.sleep(0.5)  # hold the transaction open
        return move.id

    def test_two_workers_on_the_same_month_post_one_entry(self):
        results = self.race({"a": self.recognise, "b": self.recognise})
        for key in "ab":
            self.assertNotIsInstance(results.get(key), Exception, results.get(key))
        self.assertEqual(sorted(bool(results[k]) for k in "ab"), [False, True])
        with self.committed_env() as env:
            moves = env["account.move"].search([("ps_engagement_id", "=", self.ids["engagement"])])
            self.assertEqual(len(moves), 1)
            revenue = moves.line_ids.filtered(lambda line: line.ps_revenue_role == "revenue")
            self.assertEqual(revenue.balance, -3100.0)
