# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import identity_exact

from ..access import REVIEWER, SYNC_USER, check_group
from ..chatter import post_system_note
from ..jobs import stored_job
from ..logcontext import message_context
from ..pure import payload as pure_payload
from ..pure import retry as pure_retry
from ..pure.errors import CATEGORIES, CONFLICT, DATA, TRANSIENT, TransientSyncError

_logger = logging.getLogger(__name__)

#: what a user may change on a row by hand (through the workbench): the payload,
#: to fix it before a replay. Everything else is evidence of what happened and
#: is written only by the pipeline (as superuser), never over RPC.
USER_WRITABLE_FIELDS = frozenset({"payload", "payload_display", "message_main_attachment_id"})

STATES = [
    ("queued", "Queued"),
    ("done", "Done"),
    ("skipped", "Skipped (unchanged)"),
    ("failed", "Failed"),
    ("dead", "Dead (retries exhausted)"),
    ("resolved", "Resolved"),
]


class PsSyncLog(models.Model):
    """One message between Odoo and an external system, in or out.

    The log is the audit trail from a source record to what Odoo did with it,
    and the exception workbench: failed and dead messages are retried,
    replayed (after fixing the payload) or resolved with a reason. Every
    attempt's outcome is kept in the chatter, so a retry never hides the
    first error.
    """

    _name = "ps.sync.log"
    _description = "Synchronisation Log"
    _inherit = ["mail.thread", "mail.activity.mixin", "ps.sync.record.mixin"]
    _order = "id desc"

    name = fields.Char(
        string="Correlation ID",
        required=True,
        index=True,
        readonly=True,
        help="Shared by every message of one call or delivery.",
    )
    backend_id = fields.Many2one("ps.sync.backend", index=True, ondelete="restrict", readonly=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    direction = fields.Selection(
        [("in", "Inbound"), ("out", "Outbound")],
        required=True,
        default="in",
        readonly=True,
    )
    source = fields.Selection(
        [
            ("rpc", "RPC (ingest)"),
            ("webhook", "Webhook"),
            ("job", "Job"),
            ("reconcile", "Reconciliation"),
        ],
        readonly=True,
    )
    object_name = fields.Char(string="Object", index=True, readonly=True)
    external_id = fields.Char(index=True, readonly=True)
    res_model = fields.Char(readonly=True)
    res_id = fields.Many2oneReference(readonly=True)
    state = fields.Selection(STATES, required=True, default="queued", index=True, tracking=True)
    result_status = fields.Selection(
        [
            ("created", "Created"),
            ("updated", "Updated"),
            ("unchanged", "Unchanged"),
            ("rejected", "Rejected"),
        ],
        readonly=True,
    )
    error_category = fields.Selection(CATEGORIES, index="btree_not_null", tracking=True)
    message = fields.Text(readonly=True)
    attempts = fields.Integer(default=0, readonly=True)
    payload = fields.Text(
        help="The message as received, with secrets masked. Fix it here and "
        "replay when the record was rejected for its data."
    )
    payload_hash = fields.Char(
        readonly=True,
        help="SHA-256 of the canonical payload. An unchanged re-send stores only "
        "this: the message that applied that version holds the payload.",
    )
    payload_original = fields.Text(
        readonly=True,
        copy=False,
        help="The payload as received, kept when a reviewer corrects it.",
    )
    payload_display = fields.Text(
        string="Payload (JSON)",
        compute="_compute_payload_display",
        inverse="_inverse_payload_display",
        help="The payload, indented. Correct it here and replay when the record "
        "was rejected for its data.",
    )
    payload_edited = fields.Boolean(compute="_compute_payload_display")
    conflict_values = fields.Json(readonly=True)
    # partial indexes: most rows have neither, and every index slows the insert
    signature_digest = fields.Char(
        string="Delivery Digest",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="SHA-256 of the body of the webhook delivery that brought this message.",
    )
    job_id = fields.Many2one(
        "queue.job", readonly=True, ondelete="set null", index="btree_not_null"
    )
    job_state = fields.Selection(related="job_id.state", string="Job State")
    date_done = fields.Datetime(readonly=True)
    age_days = fields.Integer(string="Age (days)", compute="_compute_age_days")
    resolution_reason = fields.Text(readonly=True)
    resolved_by_id = fields.Many2one("res.users", readonly=True)
    resolved_date = fields.Datetime(readonly=True)

    @api.depends("payload", "payload_original")
    def _compute_payload_display(self):
        for log in self:
            log.payload_display = pure_payload.pretty(log.payload)
            log.payload_edited = bool(log.payload_original)

    def _inverse_payload_display(self):
        for log in self:
            text = log.payload_display or ""
            try:
                value = json.loads(text)
            except ValueError as err:
                raise UserError(
                    _(
                        "The corrected payload of %(log)s is not valid JSON: %(err)s",
                        log=log.display_name,
                        err=err,
                    )
                ) from err
            text = pure_payload.canonical_json(value)
            if text != (log.payload or ""):
                log.write({"payload": text})

    def _compute_age_days(self):
        now = fields.Datetime.now()
        for log in self:
            log.age_days = (now - log.create_date).days if log.create_date else 0

    @api.depends("direction", "object_name", "external_id")
    def _compute_display_name(self):
        for log in self:
            log.display_name = " ".join(
                filter(
                    None,
                    [
                        (log.direction or "").upper(),
                        log.object_name,
                        log.external_id,
                        f"#{log.id}" if log.id else None,
                    ],
                )
            )

    # ------------------------------------------------------------------
    # CRUD: rows are evidence
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                _(
                    "Sync log rows are written by the synchronisation itself, not by users (%s).",
                    self.env.user.login,
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_user_write(vals)
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            raise AccessError(
                _(
                    "Sync log rows are the audit trail and cannot be deleted; resolve "
                    "them with a reason instead."
                )
            )
        return super().unlink()

    def _check_user_write(self, vals):
        """What a user (not the pipeline) may change: only a payload, to fix it."""
        evidence = sorted(set(vals) - USER_WRITABLE_FIELDS)
        if "payload_display" in vals:
            # its inverse writes ``payload``, through the checks below
            check_group(self.env, REVIEWER, action=_("edit a message's payload"))
        if evidence:
            raise AccessError(
                _(
                    "Sync log rows are evidence: %(fields)s can only be written by the "
                    "synchronisation itself. Use the workbench actions (retry, replay, "
                    "resolve) instead.",
                    fields=", ".join(evidence),
                )
            )
        if "payload" in vals:
            check_group(self.env, REVIEWER, action=_("edit a message's payload"))
            not_fixable = self.filtered(
                lambda log: log.direction != "in" or log.state not in ("failed", "dead")
            )
            if not_fixable:
                raise UserError(
                    _(
                        "Only failed or dead inbound messages can be corrected: %s",
                        ", ".join(not_fixable.mapped("display_name")[:10]),
                    )
                )
            for log in self:
                if (log.payload or "") == (vals["payload"] or ""):
                    continue
                changes = pure_payload.diff(log.payload, vals["payload"])
                log._post_note(
                    Markup("%s<ul>%s</ul>")
                    % (
                        _("Payload corrected by %s:", self.env.user.name),
                        Markup().join(Markup("<li>%s</li>") % line for line in changes),
                    )
                )
                if not log.payload_original:
                    log.sudo().write({"payload_original": log.payload})

    # ------------------------------------------------------------------
    # attempts
    # ------------------------------------------------------------------
    def _record_attempt(self, vals):
        """Write the outcome of one more attempt, keeping the previous one."""
        for log in self.sudo():
            if log.state in ("failed", "dead") and log.message:
                log._post_note(
                    _(
                        "Attempt %(n)s: %(state)s — %(msg)s",
                        n=log.attempts,
                        state=log.state,
                        msg=log.message,
                    )
                )
            log.write(dict(vals, attempts=log.attempts + 1))

    def _post_note(self, body):
        """A note in the chatter, written by the system (OdooBot).

        The pipeline and the workbench actions record what happened whoever
        acts: a user without an e-mail address (Odoo refuses them as authors)
        or a job. Who did it is in the note's text and in the row's fields.
        """
        post_system_note(self, body)

    def _check_actionable(self, states):
        bad = self.filtered(lambda log: log.state not in states)
        if bad:
            raise UserError(
                _(
                    "These messages are %(states)s and cannot take this action: %(names)s",
                    states=", ".join(sorted(set(bad.mapped("state")))),
                    names=", ".join(bad.mapped("display_name")[:10]),
                )
            )

    # ------------------------------------------------------------------
    # actions of the exception workbench
    # ------------------------------------------------------------------
    def action_replay(self):
        """Run the (possibly corrected) payload through the pipeline now."""
        check_group(self.env, SYNC_USER, action=_("replay sync messages"))
        self._check_actionable(("failed", "dead", "queued"))
        for (backend, object_name), logs in self._group_by_backend_object().items():
            if direction_out := logs.filtered(lambda log: log.direction == "out"):
                raise UserError(
                    _(
                        "Outbound messages are retried, not replayed: %s",
                        ", ".join(direction_out.mapped("display_name")),
                    )
                )
            records = [logs._payload_of(log) for log in logs]
            handler = self.env["ps.sync.backend"]._get_handler(object_name).sudo()
            handler = handler.with_company(backend.company_id)
            handler._import(
                backend.sudo(), records, correlation_id=logs[0].name, source="job", logs=logs.sudo()
            )
        return True

    def action_retry(self):
        """Requeue the job of a failed message, or replay it when it had none."""
        check_group(self.env, SYNC_USER, action=_("retry sync messages"))
        self._check_actionable(("failed", "dead"))
        with_job = self.sudo().filtered(lambda log: log.job_id and log.job_id.state == "failed")
        for log in with_job:
            log._post_note(_("Job requeued by %s.", self.env.user.name))
        with_job.mapped("job_id").requeue()
        with_job.write({"state": "queued"})
        rest = self - with_job
        rest.filtered(lambda log: log.direction == "in").action_replay()
        outbound = rest.sudo().filtered(lambda log: log.direction == "out")
        if outbound:
            outbound.write({"state": "queued"})
            outbound._enqueue_processing()
        return True

    def action_open_resolve(self):
        self._check_actionable(("failed", "dead"))
        return {
            "type": "ir.actions.act_window",
            "name": _("Resolve"),
            "res_model": "ps.sync.log.resolve",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def _check_reviewer(self):
        check_group(
            self.env,
            REVIEWER,
            action=_("resolve exceptions or accept source values (Finance reviewer)"),
        )

    def action_resolve(self, reason):
        """Close exceptions that need no replay, saying why (kept for audit)."""
        self._check_reviewer()
        self._check_actionable(("failed", "dead"))
        if not reason or not reason.strip():
            raise UserError(_("Say why these messages are resolved."))
        self.sudo().write(
            {
                "state": "resolved",
                "resolution_reason": reason.strip(),
                "resolved_by_id": self.env.user.id,
                "resolved_date": fields.Datetime.now(),
            }
        )
        for log in self.sudo():
            log._post_note(
                _(
                    "Resolved by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason.strip(),
                )
            )
            log.activity_ids.action_feedback(feedback=reason.strip())
        return True

    def action_accept_source(self):
        """Apply the source values held by an ownership conflict."""
        self._check_reviewer()
        self._check_actionable(("failed", "dead"))
        not_conflicts = self.filtered(lambda log: log.error_category != CONFLICT)
        if not_conflicts:
            raise UserError(_("Only ownership conflicts hold source values."))
        for log in self:
            handler = self.env["ps.sync.backend"]._get_handler(log.object_name)
            values = {c["field"]: c["value"] for c in log.conflict_values or []}
            owned = handler._owned_fields()
            if log.res_model != handler._odoo_model or not set(values) <= owned:
                raise AccessError(
                    _(
                        "%(log)s holds values for %(model)s %(fields)s, which object "
                        "%(obj)s does not write; nothing applied.",
                        log=log.display_name,
                        model=log.res_model,
                        fields=", ".join(sorted(values)),
                        obj=log.object_name,
                    )
                )
            record = self.env[log.res_model].browse(log.res_id).exists()
            if not record:
                raise UserError(_("The Odoo record of %s no longer exists.", log.display_name))
            # as the reviewer: accepting a value never writes what they could not
            record.with_context(**handler._context_for_import()).write(values)
            log.action_resolve(_("source values accepted: %s", ", ".join(sorted(values))))
        return True

    def _payload_of(self, log):
        try:
            return json.loads(log.payload or "null")
        except ValueError as err:
            raise UserError(
                _(
                    "The payload of %(log)s is not valid JSON: %(err)s",
                    log=log.display_name,
                    err=err,
                )
            ) from err

    def _group_by_backend_object(self):
        groups = {}
        for log in self:
            if not log.backend_id:
                raise UserError(
                    _(
                        "%s names no backend (the call was refused as a whole); "
                        "send it again instead.",
                        log.display_name,
                    )
                )
            key = (log.backend_id, log.object_name)
            groups[key] = groups.get(key, self.browse()) | log
        return groups

    # ------------------------------------------------------------------
    # jobs
    # ------------------------------------------------------------------
    def _enqueue_processing(self, eta=None):
        """One job per backend and object for these queued messages."""
        for (backend, __), logs in self._group_by_backend_object().items():
            job = logs.with_delay(
                eta=eta,
                channel=backend._job_channel(),
                description=_(
                    "Apply %(n)s %(obj)s message(s) from %(code)s",
                    n=len(logs),
                    obj=logs[0].object_name,
                    code=backend.code,
                ),
                identity_key=identity_exact,
            )._process_queued()
            logs.sudo().write({"job_id": stored_job(self.env, job).id})

    def _process_queued(self):
        """Job: apply queued inbound messages.

        A fault of the whole job (the remote side is down) retries the job with
        its retry pattern. Records that fail one by one for a transient reason
        do not hold back the others: those land now, the transient ones are
        queued again in a new job after the same pattern's delay, and go dead
        once they have had the backend's maximum number of attempts.
        """
        logs = self.filtered(lambda log: log.state == "queued")
        try:
            logs.filtered(lambda log: log.direction == "in").action_replay()
            logs.filtered(lambda log: log.direction == "out")._send()
        except TransientSyncError as err:
            raise RetryableJobError(
                str(err),
                seconds=err.retry_after,
                ignore_retry=bool(err.rate_limited and err.retry_after),
            ) from err
        transient = logs.filtered(
            lambda log: log.state == "failed" and log.error_category == TRANSIENT
        )
        if transient:
            transient.sudo()._requeue_transient()
        return _(
            "%(done)s applied, %(failed)s failed, %(again)s queued again",
            done=len(logs.filtered(lambda log: log.state in ("done", "skipped"))),
            failed=len(logs.filtered(lambda log: log.state == "failed")),
            again=len(logs.filtered(lambda log: log.state == "queued")),
        )

    def _send(self):
        """Deliver queued outbound messages, grouped by backend and object."""
        for (backend, object_name), logs in self._group_by_backend_object().items():
            payloads = [logs._payload_of(log) for log in logs]
            with message_context(logs[0].name, backend.code, object_name):
                results = backend.sudo()._send(object_name, payloads)
            for log, result in zip(logs, results, strict=False):
                failed = result.get("status") == "failed"
                log._record_attempt(
                    {
                        "state": "failed" if failed else "done",
                        "error_category": DATA if failed else False,
                        "message": backend._scrub(result.get("message") or "") or False,
                        "date_done": fields.Datetime.now(),
                    }
                )

    def _requeue_transient(self):
        self = self.sudo()
        Function = self.env["queue.job.function"].sudo()
        config = Function.job_config(Function.job_function_name(self._name, "_process_queued"))
        exhausted = self.filtered(lambda log: log.attempts >= (log.backend_id.max_attempts or 1))
        if exhausted:
            exhausted.write(
                {
                    "state": "dead",
                    "message": _("Retries exhausted after %s attempts: ", exhausted[0].attempts)
                    + (exhausted[0].message or ""),
                }
            )
            exhausted._notify_dead()
        again = self - exhausted
        for log in again:
            log.state = "queued"
            log._enqueue_processing(eta=pure_retry.retry_delay(config.retry_pattern, log.attempts))

    def _on_job_failed(self, exc_info=None, exc_name=None, exc_message=None, **kw):
        """queue_job on_fail hook: the job failed for good. Tell someone."""
        logs = self.sudo().filtered(lambda log: log.state in ("queued", "failed"))
        logs.write(
            {
                "state": "dead",
                "error_category": TRANSIENT,
                "message": _("Retries exhausted: %s", exc_message or exc_name or ""),
            }
        )
        logs._notify_dead()

    def _notify_dead(self):
        activity_type = self.env.ref(
            "ps_sync_core.mail_activity_sync_dead", raise_if_not_found=False
        )
        for log in self:
            user = log.backend_id.user_id or self.env.ref("base.user_admin")
            log._post_note(
                _("Dead after %(n)s attempt(s): %(msg)s", n=log.attempts, msg=log.message or "")
            )
            log.activity_schedule(
                activity_type_id=activity_type.id if activity_type else False,
                summary=_("Sync message failed for good"),
                note=log.message,
                user_id=user.id,
            )

    @api.model
    def _cron_unstick(self, minutes=60):
        """Heal messages whose job ended without telling them.

        A worker killed mid-job leaves the job 'started' until the job runner
        requeues it; a job cancelled or vacuumed leaves its messages queued for
        ever. Messages queued longer than ``minutes`` whose job is missing,
        cancelled or failed go to 'dead' and their backend's responsible user
        is told; those whose job is done are settled from the job's outcome.
        """
        limit = fields.Datetime.now() - timedelta(minutes=minutes)
        stuck = self.sudo().search([("state", "=", "queued"), ("write_date", "<", limit)])
        dead = stuck.filtered(
            lambda log: not log.job_id or log.job_id.state in ("cancelled", "failed", "done")
        )
        if dead:
            dead.write(
                {
                    "state": "dead",
                    "error_category": TRANSIENT,
                    "message": _(
                        "Left queued: its job is missing, cancelled, failed or "
                        "ended without applying it."
                    ),
                }
            )
            dead._notify_dead()
        return len(dead)
