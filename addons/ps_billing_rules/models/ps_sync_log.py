# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import _, models
from odoo.exceptions import AccessError

from .account_analytic_line import APPROVER_GROUP, DECIDED

#: payload keys of a time entry that decide what is billed (``BILLING_FIELDS``)
TIME_BILLING_KEYS = (
    "hours",
    "date",
    "employee_email",
    "employee_external_id",
    "project_code",
    "billable",
)


class PsSyncLog(models.Model):
    _inherit = "ps.sync.log"

    def action_replay(self):
        self._ps_check_time_corrections()
        return super().action_replay()

    def _ps_check_time_corrections(self):
        """A replay applies a payload as the time tool would (the pipeline,
        as superuser): what the source sent is the source's word. What a
        reviewer corrected is theirs: approving or rejecting time, or changing
        time that is approved, needs the approver's right, exactly as the same
        change made in Odoo would (``account.analytic.line.write``)."""
        if self.env.su or self.env.user.has_group(APPROVER_GROUP):
            return
        for log in self.filtered(
            lambda log: log.object_name == "timesheet" and log.payload_original
        ):
            original, corrected = _record(log.payload_original), _record(log.payload)
            if original == corrected:
                continue
            status_before = original.get("status") or "draft"
            status = corrected.get("status") or "draft"
            decided = status != status_before and status in DECIDED
            changed = sorted(
                key for key in TIME_BILLING_KEYS if original.get(key) != corrected.get(key)
            )
            if decided or (status == "approved" and changed):
                raise AccessError(
                    _(
                        "%(log)s: the corrected payload %(what)s; only timesheet approvers "
                        "approve or reject time, or change time that is approved. Replay it "
                        "as received, or ask an approver.",
                        log=log.display_name,
                        what=_("sets the status to %s", status)
                        if decided
                        else _("changes approved time (%s)", ", ".join(changed)),
                    )
                )


def _record(payload):
    try:
        value = json.loads(payload or "null")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
