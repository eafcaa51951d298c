# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from datetime import timedelta
from unittest.mock import patch

import psycopg2
import requests

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.ps_sync_core.pure import signature
from odoo.addons.ps_sync_core.tests.common import trap_jobs
from odoo.addons.queue_job.exception import RetryableJobError

from .sync_common import OpsSyncMixin, SyncCase


class FakeResponse:
    def __init__(self, status, text="", headers=None):
        self.status_code = status
        self.text = text
        self.headers = headers or {}


@tagged("post_install", "-at_install")
class TestAlertLifecycle(OpsSyncMixin, SyncCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_ops()
        cls.manager_user.email = "manager@meridian.example"

    def raise_alert(self):
        self.logs_failed = self.message("failed", 5, ext="A")
        return self.evaluate(self.failed_rule)

    def test_owner_gets_an_activity_and_its_mail_from_the_system(self):
        # the acting user (the cron's) has no e-mail: the owner is told anyway
        alert = self.raise_alert()
        activity = alert.activity_ids
        self.assertEqual(activity.user_id, self.manager_user)
        self.assertEqual(activity.activity_type_id, self.env.ref("ps_ops.mail_activity_ps_alert"))
        notified = self.env["mail.message"].search(
            [("model", "=", "ps.alert"), ("res_id", "=", alert.id)]
        )
        self.assertIn(self.manager_user.partner_id, notified.partner_ids)
        note = notified.filtered(lambda m: "Opened" in (m.body or ""))
        self.assertEqual(note.author_id, self.env.ref("base.partner_root"))
        # the next check schedules nothing more
        self.evaluate(self.failed_rule)
        self.assertEqual(len(alert.activity_ids), 1)
        # cleared: the activity is done
        self.logs_failed.write({"state": "resolved"})
        self.evaluate(self.failed_rule)
        self.assertFalse(alert.activity_ids)

    def test_group_owner(self):
        self.failed_rule.write(
            {
                "owner_user_id": False,
                "owner_group_id": self.env.ref("ps_sync_core.group_finance_reviewer").id,
            }
        )
        alert = self.raise_alert()
        users = alert.activity_ids.user_id
        self.assertIn(self.finance_user, users)
        self.assertIn(self.manager_user, users)
        self.assertNotIn(self.sync_user, users, "not in the owner group")

    def test_acknowledge(self):
        alert = self.raise_alert()
        alert.with_user(self.finance_user).action_acknowledge()
        self.assertEqual(alert.state, "acknowledged")
        self.assertEqual(alert.acknowledged_by_id, self.finance_user)
        # still followed, no new alert, and it closes by itself
        self.message("failed", 5, ext="B")
        self.assertEqual(self.evaluate(self.failed_rule), alert)
        self.assertEqual((alert.state, alert.count), ("acknowledged", 2))
        self.env["ps.sync.log"].search([("state", "=", "failed")]).write({"state": "resolved"})
        self.evaluate(self.failed_rule)
        self.assertEqual(alert.state, "closed")

    def test_snooze_and_wake(self):
        alert = self.raise_alert()
        user_alert = alert.with_user(self.sync_user)
        with self.assertRaisesRegex(UserError, "why"):
            user_alert.action_snooze(fields.Datetime.now() + timedelta(days=1), "  ")
        with self.assertRaisesRegex(UserError, "future"):
            user_alert.action_snooze(fields.Datetime.now() - timedelta(days=1), "later")
        until = fields.Datetime.now() + timedelta(days=1)
        self.env["ps.alert.snooze"].with_user(self.sync_user).create(
            {"alert_ids": [(6, 0, alert.ids)], "until": until, "reason": "vendor fix Friday"}
        ).action_snooze()
        self.assertEqual(alert.state, "snoozed")
        self.assertEqual(alert.snooze_reason, "vendor fix Friday")
        self.assertFalse(alert.activity_ids, "snoozed: nothing to do now")
        self.evaluate(self.failed_rule, until - timedelta(minutes=1))
        self.assertEqual(alert.state, "snoozed")
        self.evaluate(self.failed_rule, until + timedelta(minutes=1))
        self.assertEqual(alert.state, "open", "the snooze is over and the condition holds")
        self.assertTrue(alert.activity_ids)

    def test_assign(self):
        alert = self.raise_alert()
        alert.with_user(self.finance_user).action_assign(self.sync_user.id)
        self.assertEqual(alert.user_id, self.sync_user)
        self.assertEqual(alert.activity_ids.user_id, self.sync_user)
        outsider = self.env["res.users"].create(
            {
                "name": "UK only",
                "login": "t_ukonly",
                "company_id": self.company_uk.id,
                "company_ids": [(6, 0, self.company_uk.ids)],
            }
        )
        with self.assertRaisesRegex(UserError, "no access"):
            alert.with_user(self.finance_user).action_assign(outsider.id)

    def test_users_change_alerts_only_through_actions(self):
        alert = self.raise_alert()
        with self.assertRaises(AccessError):
            alert.with_user(self.finance_user).write({"state": "closed"})
        with self.assertRaises(AccessError):
            alert.with_user(self.finance_user).write({"amount": 0})
        with self.assertRaises(AccessError):
            self.Alert.with_user(self.manager_user).create(
                {"rule_id": self.failed_rule.id, "subject_key": "x"}
            )
        with self.assertRaises(AccessError):
            alert.with_user(self.manager_user).unlink()
        with self.assertRaises(AccessError):
            alert.with_user(self.plain_user).action_acknowledge()

    def test_one_live_alert_per_rule_and_subject(self):
        alert = self.raise_alert()
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.env.cr.savepoint(),
        ):
            self.Alert.create({"rule_id": alert.rule_id.id, "subject_key": alert.subject_key})
        # a closed one does not count
        alert.write({"state": "closed"})
        alert.flush_recordset()
        self.Alert.create({"rule_id": alert.rule_id.id, "subject_key": alert.subject_key})

    def test_webhook_signed_and_retried(self):
        self.env.ref("ps_ops.rule_sync_failed").write(
            {"webhook_url": "https://hooks.example/alerts", "webhook_secret": "hook-secret"}
        )
        with trap_jobs() as trap:
            alert = self.raise_alert()
            trap.assert_jobs_count(1)
            job = trap.enqueued_jobs[0]
        self.assertEqual((job.method_name, job.recordset), ("_ps_send_webhook", alert))
        self.assertEqual(job.channel, "root.ps_ops")
        sent = []

        def post(url, data=None, headers=None, timeout=None):
            sent.append((url, data, headers))
            return answers.pop(0)

        answers = [FakeResponse(503, headers={"Retry-After": "30"})]
        with patch.object(requests, "post", post), self.assertRaises(RetryableJobError) as err:
            job.perform()
        self.assertEqual(err.exception.seconds, 30)
        answers = [FakeResponse(200)]
        with patch.object(requests, "post", post):
            job.perform()
        url, body, headers = sent[-1]
        self.assertEqual(url, "https://hooks.example/alerts")
        self.assertEqual(sent[0][1], body, "a retry sends the same body")
        timestamp, digests = signature.parse(headers[signature.HEADER])
        self.assertEqual(digests, [signature.compute("hook-secret", timestamp, body)])
        payload = json.loads(body)
        self.assertIn("t-crm-us / partner", payload["text"])
        self.assertEqual(payload["event"], "opened")
        self.assertEqual(payload["alert"]["id"], alert.id)
        self.assertEqual(payload["dedup_key"], f"sync_failed:{alert.subject_key}")
        # timeouts retry; a refusal fails the job with the receiver's answer
        with (
            patch.object(requests, "post", side_effect=requests.Timeout()),
            self.assertRaises(RetryableJobError),
        ):
            job.perform()
        answers = [FakeResponse(400, text="bad payload")]
        with patch.object(requests, "post", post), self.assertRaisesRegex(UserError, "bad payload"):
            job.perform()
        # closing sends the closed event
        with trap_jobs() as trap:
            self.logs_failed.write({"state": "resolved"})
            self.evaluate(self.failed_rule)
            trap.assert_jobs_count(1)
            self.assertEqual(trap.enqueued_jobs[0].args[0], "closed")

    def test_rules_are_configured_by_sync_managers(self):
        Rule = self.env["ps.alert.rule"]
        vals = {
            "name": "Mine",
            "code": "t_mine",
            "condition": "sync_failed",
            "threshold": 1,
            "owner_user_id": self.manager_user.id,
        }
        for user in (self.finance_user, self.sync_user):
            with self.assertRaises(AccessError):
                Rule.with_user(user).create(vals)
            with self.assertRaises(AccessError):
                self.failed_rule.with_user(user).action_evaluate()
        rule = Rule.with_user(self.manager_user).create(vals)
        rule.with_user(self.manager_user).action_evaluate()
        self.assertTrue(rule.last_check)
        with self.assertRaisesRegex(Exception, "owner"):
            Rule.create(dict(vals, code="t_noowner", owner_user_id=False))
