# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging
import time
from decimal import Decimal

import requests

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.ps_sync_core.access import SYNC_USER, check_group
from odoo.addons.ps_sync_core.chatter import post_system_note
from odoo.addons.ps_sync_core.pure import signature as pure_signature
from odoo.addons.queue_job.exception import RetryableJobError

from ..pure import alerts as pure_alerts
from ..pure import webhook as pure_webhook

_logger = logging.getLogger(__name__)

STATES = [
    (pure_alerts.OPEN, "Open"),
    (pure_alerts.ACKNOWLEDGED, "Acknowledged"),
    (pure_alerts.SNOOZED, "Snoozed"),
    (pure_alerts.CLOSED, "Closed"),
]
#: what a user may write directly (the form); state changes go through actions
USER_WRITABLE_FIELDS = frozenset({"user_id", "message_main_attachment_id"})


class PsAlert(models.Model):
    """One subject a rule's condition holds for (an engagement, a run, a
    backend and object...): opened when it starts, updated while it lasts,
    closed by itself when it clears, reopened if it returns. At most one live
    alert per rule and subject (a partial unique index)."""

    _name = "ps.alert"
    _description = "Alert"
    _inherit = ["mail.thread", "mail.activity.mixin", "ps.sync.record.mixin"]
    _order = "state_rank, severity_rank desc, amount desc, id desc"

    rule_id = fields.Many2one("ps.alert.rule", required=True, ondelete="cascade", readonly=True)
    code = fields.Char(related="rule_id.code", store=True, index=True)
    severity = fields.Selection(related="rule_id.severity", store=True)
    severity_rank = fields.Integer(compute="_compute_ranks", store=True)
    state_rank = fields.Integer(compute="_compute_ranks", store=True)
    company_id = fields.Many2one("res.company", index=True, readonly=True)
    subject_key = fields.Char(required=True, readonly=True, index=True)
    name = fields.Char(string="Alert", readonly=True, tracking=True)
    amount = fields.Monetary(string="At Stake", readonly=True, tracking=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    count = fields.Integer(string="Records", readonly=True)
    value = fields.Float(string="Measured", readonly=True, help="Days, hours, % or minutes.")
    state = fields.Selection(
        STATES, required=True, default=pure_alerts.OPEN, readonly=True, tracking=True, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        tracking=True,
        domain=[("share", "=", False)],
        help="Who works the alert; gets its activity.",
    )
    acknowledged_by_id = fields.Many2one("res.users", readonly=True)
    acknowledged_date = fields.Datetime(readonly=True)
    snoozed_until = fields.Datetime(readonly=True, tracking=True)
    snooze_reason = fields.Text(readonly=True)
    closed_date = fields.Datetime(readonly=True)
    reopen_count = fields.Integer(readonly=True)

    @api.depends("severity", "state")
    def _compute_ranks(self):
        severities = {code: rank for rank, code in enumerate(pure_alerts.SEVERITIES)}
        states = {code: rank for rank, (code, __) in enumerate(STATES)}
        for alert in self:
            alert.severity_rank = severities.get(alert.severity, 0)
            alert.state_rank = states.get(alert.state, 0)

    @api.private
    def init(self):
        # the deduplication: one live alert per rule and subject
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS ps_alert_live_unique "
            "ON ps_alert (rule_id, subject_key) WHERE state != 'closed'"
        )

    # ------------------------------------------------------------------
    # CRUD: alerts are made by their rules
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(_("Alerts are raised by their rules, not by users."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            forbidden = set(vals) - USER_WRITABLE_FIELDS
            if forbidden:
                raise AccessError(
                    _(
                        "%(user)s may not change %(fields)s of an alert: use its actions "
                        "(acknowledge, snooze, assign).",
                        user=self.env.user.login,
                        fields=", ".join(sorted(forbidden)),
                    )
                )
        reassigned = "user_id" in vals
        res = super().write(vals)
        if reassigned:
            # a snoozed alert gets its activity when it wakes
            for alert in self.filtered(
                lambda a: a.state in (pure_alerts.OPEN, pure_alerts.ACKNOWLEDGED)
            ):
                alert._ps_schedule_activities()
        return res

    def unlink(self):
        if not self.env.su:
            raise AccessError(_("Alerts are history: they close, they are not deleted."))
        return super().unlink()

    # ------------------------------------------------------------------
    # user actions
    # ------------------------------------------------------------------
    def _ps_check_actor(self, action):
        """Sync users and finance reviewers act on the alerts they can write
        (their companies'): checked as the caller, then written as the system."""
        check_group(self.env, SYNC_USER, action=action)
        self.check_access("write")

    def action_acknowledge(self):
        self._ps_check_actor(_("acknowledge alerts"))
        live = self.filtered(lambda a: a.state in (pure_alerts.OPEN, pure_alerts.SNOOZED))
        now = fields.Datetime.now()
        live.sudo().write(
            {
                "state": pure_alerts.ACKNOWLEDGED,
                "acknowledged_by_id": self.env.uid,
                "acknowledged_date": now,
                "snoozed_until": False,
            }
        )
        for alert in live:
            alert._ps_post_note(_("Acknowledged by %s.", self.env.user.name))
        return True

    def action_snooze(self, until, reason):
        """Silence until ``until`` (a datetime in the future), with a reason.
        The alert still follows its condition: it closes if it clears, and
        comes back (with a new activity) once the snooze is over."""
        self._ps_check_actor(_("snooze alerts"))
        until = fields.Datetime.to_datetime(until)
        if not until or until <= fields.Datetime.now():
            raise UserError(_("Snooze until a moment in the future."))
        if not (reason or "").strip():
            raise UserError(_("Say why the alert is snoozed."))
        closed = self.filtered(lambda a: a.state == pure_alerts.CLOSED)
        if closed:
            raise UserError(
                _("Closed alerts cannot be snoozed: %s", ", ".join(closed.mapped("name")))
            )
        self.sudo().write(
            {
                "state": pure_alerts.SNOOZED,
                "snoozed_until": until,
                "snooze_reason": reason.strip(),
            }
        )
        for alert in self:
            alert._ps_post_note(
                _(
                    "Snoozed by %(user)s until %(until)s: %(reason)s",
                    user=self.env.user.name,
                    until=until,
                    reason=reason.strip(),
                )
            )
            alert.with_user(SUPERUSER_ID).activity_ids.action_feedback(
                feedback=_("Snoozed: %s", reason.strip())
            )
        return True

    def action_assign(self, user_id):
        """Give the alert (and its activity) to ``user_id``."""
        self._ps_check_actor(_("assign alerts"))
        user = self.env["res.users"].browse(int(user_id)).exists()
        if not user or user.share:
            raise UserError(_("Alerts are assigned to internal users."))
        for alert in self:
            if alert.company_id and alert.company_id not in user.company_ids:
                raise UserError(
                    _(
                        "%(user)s has no access to %(company)s, the company of %(alert)s.",
                        user=user.name,
                        company=alert.company_id.name,
                        alert=alert.name,
                    )
                )
        self.write({"user_id": user.id})
        return True

    def action_open_snooze(self):
        self._ps_check_actor(_("snooze alerts"))
        return {
            "type": "ir.actions.act_window",
            "res_model": "ps.alert.snooze",
            "view_mode": "form",
            "target": "new",
            "context": {"default_alert_ids": self.ids},
        }

    # ------------------------------------------------------------------
    # evaluation (called by the rule, as superuser)
    # ------------------------------------------------------------------
    @api.model
    def _ps_known(self, rule):
        """Live alerts of ``rule`` and the last closed one of each other key,
        as ``[(pure Known, record)]``."""
        self.flush_model()
        self.env.cr.execute(
            """
            SELECT DISTINCT ON (subject_key) id
              FROM ps_alert
             WHERE rule_id = %s
          ORDER BY subject_key, (state != 'closed') DESC, id DESC
            """,
            [rule.id],
        )
        alerts = self.browse([row[0] for row in self.env.cr.fetchall()])
        return [
            (
                pure_alerts.Known(
                    alert.id,
                    alert.subject_key,
                    alert.state,
                    alert._ps_figures(),
                    alert.snoozed_until,
                ),
                alert,
            )
            for alert in alerts
        ]

    def _ps_figures(self):
        return pure_alerts.Subject(
            self.subject_key,
            self.name or "",
            Decimal(str(self.amount or 0)),
            self.currency_id.id or None,
            count=self.count,
            value=self.value,
        ).figures()

    @api.model
    def _ps_values(self, subject):
        return {
            "name": subject.message,
            "amount": float(subject.amount or 0),
            "currency_id": subject.currency_id or False,
            "company_id": subject.company_id or False,
            "res_model": subject.res_model or False,
            "res_id": subject.res_id or False,
            "count": subject.count,
            "value": subject.value,
        }

    @api.model
    def _ps_apply(self, rule, plan, now):
        if plan.open:
            alerts = self.create(
                [
                    dict(
                        self._ps_values(subject),
                        rule_id=rule.id,
                        subject_key=subject.key,
                        user_id=rule.owner_user_id.id,
                    )
                    for subject in plan.open
                ]
            )
            for alert in alerts:
                alert._ps_post_note(_("Opened: %s", alert.name))
                alert._ps_deliver("opened")
        for alert_id, subject in plan.reopen:
            alert = self.browse(alert_id)
            alert.write(
                dict(
                    self._ps_values(subject),
                    state=pure_alerts.OPEN,
                    closed_date=False,
                    acknowledged_by_id=False,
                    acknowledged_date=False,
                    snoozed_until=False,
                    snooze_reason=False,
                    reopen_count=alert.reopen_count + 1,
                )
            )
            alert._ps_post_note(_("Reopened: the condition is back. %s", alert.name))
            alert._ps_deliver("reopened")
        for alert_id, subject in plan.update:
            self.browse(alert_id).write(self._ps_values(subject))
        for alert_id, subject in plan.wake:
            alert = self.browse(alert_id)
            alert.write(dict(self._ps_values(subject), state=pure_alerts.OPEN, snoozed_until=False))
            alert._ps_post_note(_("Snooze over, the condition still holds: %s", alert.name))
            alert._ps_deliver("woken")
        closing = self.browse(plan.close)
        if closing:
            closing.write({"state": pure_alerts.CLOSED, "closed_date": now})
            for alert in closing:
                alert._ps_post_note(_("Closed: the condition cleared."))
                alert.activity_ids.action_feedback(feedback=_("The condition cleared."))
                alert._ps_deliver("closed")

    # ------------------------------------------------------------------
    # delivery
    # ------------------------------------------------------------------
    def _ps_post_note(self, body):
        """History in the chatter, written by the system (OdooBot), whoever
        acts; the same convention as ps.sync.log's notes."""
        post_system_note(self, body)

    def _ps_owners(self):
        """The users told of this alert: the assignee, else the rule's owner,
        else the members of its owner group who may see the alert's company."""
        self.ensure_one()
        if self.user_id:
            return self.user_id
        rule = self.rule_id
        if rule.owner_user_id:
            return rule.owner_user_id
        users = rule.owner_group_id.sudo().users.filtered(lambda u: not u.share and u.active)
        if self.company_id:
            users = users.filtered(lambda u: self.company_id in u.company_ids)
        return users

    def _ps_schedule_activities(self):
        """One activity per owner, scheduled by the system: the owners get
        the activity's e-mail whoever (or whatever job) raised the alert,
        and whether the acting user has an e-mail address or not."""
        activity_type = self.env.ref("ps_ops.mail_activity_ps_alert", raise_if_not_found=False)
        for alert in self.with_user(SUPERUSER_ID):
            owners = alert._ps_owners()
            alert.activity_ids.filtered(
                lambda act, owners=owners: act.user_id not in owners
            ).unlink()
            for user in owners - alert.activity_ids.user_id:
                alert.activity_schedule(
                    activity_type_id=activity_type.id if activity_type else False,
                    summary=alert.name[:100] if alert.name else _("Alert"),
                    note=alert.name,
                    user_id=user.id,
                )

    def _ps_deliver(self, event):
        self.ensure_one()
        if event in ("opened", "reopened", "woken"):
            self._ps_schedule_activities()
        if self.rule_id.webhook_url:
            self.with_delay(
                channel="root.ps_ops", description=f"Alert webhook: {event} {self.subject_key}"
            )._ps_send_webhook(event, self._ps_webhook_alert())

    def _ps_webhook_alert(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        return {
            "id": self.id,
            "rule": self.rule_id.name,
            "code": self.rule_id.code,
            "severity": self.severity,
            "subject": self.subject_key,
            "message": self.name,
            "amount": float(self.amount or 0),
            "currency": self.currency_id.name or "",
            "company": self.company_id.name or "",
            "state": self.state,
            "url": f"{base}/odoo/ps.alert/{self.id}" if base else "",
        }

    def _ps_send_webhook(self, event, alert):
        """Queue job: POST the alert to its rule's webhook, signed. Timeouts,
        429 and 5xx are retried with the job's retry pattern; another refusal
        fails the job (its answer is in the job's error)."""
        rule = self.rule_id.sudo()
        if not rule.webhook_url:
            return _("No webhook URL on %s any more: nothing sent.", rule.name)
        body = pure_webhook.body(event, alert)
        headers = {"Content-Type": "application/json"}
        if rule.webhook_secret:
            headers[pure_signature.HEADER] = pure_signature.header_value(
                rule.webhook_secret, time.time(), body
            )
        try:
            response = requests.post(rule.webhook_url, data=body, headers=headers, timeout=20)
        except (requests.Timeout, requests.ConnectionError) as err:
            raise RetryableJobError(
                _("Alert webhook unreachable: %s", err.__class__.__name__)
            ) from err
        if response.status_code == 429 or response.status_code >= 500:
            retry_after = response.headers.get("Retry-After", "")
            raise RetryableJobError(
                _("Alert webhook answered %s", response.status_code),
                seconds=int(retry_after) if retry_after.isdigit() else None,
            )
        if response.status_code >= 400:
            raise UserError(
                _(
                    "Alert webhook refused the delivery (%(status)s): %(text)s",
                    status=response.status_code,
                    text=(response.text or "")[:500],
                )
            )
        return json.dumps({"status": response.status_code})
