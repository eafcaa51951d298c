# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from odoo.addons.ps_sync_core import batch_create
from odoo.addons.ps_sync_core.batch_create import missing_defaults

from ..pure import kinds

#: what billing records on an entry: written by billing runs only
BILLING_STATE_FIELDS = {"ps_to_bill", "ps_held_over_cap"}
#: a change to one of these makes an entry worth billing (again)
#: approval decisions, and who may take them
DECIDED = ("approved", "rejected")
APPROVER_GROUP = "hr_timesheet.group_hr_timesheet_approver"
BILLING_FIELDS = {
    "unit_amount",
    "date",
    "employee_id",
    "project_id",
    "ps_status",
    "ps_billable",
    "ps_engagement_id",
}


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    ps_status = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        string="Approval",
        default="draft",
        index=True,
        copy=False,
    )
    ps_billable = fields.Boolean(string="Billable Time", default=True)
    ps_engagement_id = fields.Many2one(
        "ps.engagement",
        string="Engagement",
        compute="_compute_ps_engagement_id",
        store=True,
        index=True,
    )
    ps_to_bill = fields.Boolean(
        string="To Bill",
        default=True,
        index=True,
        copy=False,
        help="Changed since it was last billed: the next run bills it, or the "
        "difference with what was billed (an adjustment).",
    )
    ps_held_over_cap = fields.Boolean(string="Held Over Cap", copy=False, index=True)
    ps_trace_ids = fields.One2many("ps.billing.trace", "timesheet_id", string="Billed On")
    ps_billed_hours = fields.Float(compute="_compute_ps_billed", string="Billed (h)")
    ps_billed_amount = fields.Float(compute="_compute_ps_billed", string="Billed Amount")

    ps_next_run = fields.Boolean(
        string="To Bill by the Next Run",
        compute="_compute_ps_next_run",
        search="_search_ps_next_run",
        help="Approved billable time of an active time-and-materials engagement, dated up "
        "to today, changed since it was last billed: what the next billing run looks at.",
    )

    @api.model
    def _ps_next_run_domain(self):
        """The time entries the next billing run looks at (held ones included:
        the run decides again whether they fit the cap). The engagements are
        read as the system: whoever may read the entries may filter them."""
        engagements = (
            self.env["ps.engagement"]
            .sudo()
            .search([("state", "=", "active"), ("bill_time", "=", True)])
            .ids
        )
        return [
            ("ps_engagement_id", "in", engagements),
            ("ps_to_bill", "=", True),
            ("ps_status", "=", "approved"),
            ("ps_billable", "=", True),
            ("date", "<=", fields.Date.context_today(self)),
        ]

    def _compute_ps_next_run(self):
        matching = self.filtered_domain(self._ps_next_run_domain()) if self.ids else self
        for line in self:
            line.ps_next_run = line in matching

    def _search_ps_next_run(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Filter on whether the next run bills an entry with = or !=."))
        domain = self._ps_next_run_domain()
        if (operator == "=") == value:
            return domain
        return ["!", *expression.AND([domain])]

    @api.depends("project_id", "project_id.ps_engagement_ids")
    def _compute_ps_engagement_id(self):
        for line in self:
            line.ps_engagement_id = line.project_id.ps_engagement_ids[:1]

    @api.depends("ps_trace_ids.hours", "ps_trace_ids.amount", "ps_trace_ids.move_state")
    def _compute_ps_billed(self):
        for line in self:
            # what an entry was billed is a fact of the entry: whoever reads it sees it
            traces = line.sudo().ps_trace_ids.filtered(
                lambda t: t.move_state != "cancel" and t.kind in kinds.TIME_BILLED
            )
            line.ps_billed_hours = sum(traces.mapped("hours"))
            line.ps_billed_amount = sum(traces.mapped("amount"))

    def _add_missing_default_values(self, values):
        # once per batch inside a sync batch create (see batch_create)
        return missing_defaults(self, values, super()._add_missing_default_values)

    # ------------------------------------------------------------------
    # sync batch creates: hr_timesheet's per-record work done per group
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("ps_status") in DECIDED for vals in vals_list):
            self._check_approver()
        batch = batch_create.current(self.env)
        if batch is None or batch.deferred is not None or len(vals_list) < 2:
            return super().create(vals_list)
        # hr_timesheet's create computes and writes each timesheet's cost one
        # record at a time (``_timesheet_postprocess``); in a sync batch the
        # same is done once the batch exists, per group of timesheets created
        # with the same keys, before this create returns. hr_timesheet and
        # sale_timesheet only read which keys were given and whether so_line
        # is set, so one group's first values stand for all of them
        batch.deferred = []
        try:
            lines = super().create(vals_list)
            deferred, batch.deferred = batch.deferred, None
        finally:
            batch.deferred = None
        groups = {}
        for line, values in deferred:
            key = (frozenset(values), bool(values.get("so_line")))
            group = groups.setdefault(key, [[], values])
            group[0].append(line.id)
        for ids, values in groups.values():
            self.browse(ids)._timesheet_postprocess(values)
        return lines

    # analytic plans, read for every timesheet created: once per batch
    def _get_plan_fnames(self):
        return list(
            batch_create.once(self.env, ("plan_fnames", self._name), super()._get_plan_fnames)
        )

    def _get_mandatory_plans(self, company, business_domain):
        return [
            dict(plan)
            for plan in batch_create.once(
                self.env,
                ("mandatory_plans", self._name, company.id, business_domain),
                lambda: super(AccountAnalyticLine, self)._get_mandatory_plans(
                    company, business_domain
                ),
            )
        ]

    def _timesheet_postprocess(self, values):
        batch = batch_create.current(self.env)
        if batch is not None and batch.deferred is not None:
            batch.deferred.append((self, values))
            return values
        return super()._timesheet_postprocess(values)

    def _timesheet_postprocess_values(self, values):
        result = super()._timesheet_postprocess_values(values)
        self._ps_postprocess_more(values, result)
        if batch_create.current(self.env) is None or len(self) < 2:
            return result
        # write each distinct set of values once, to all its timesheets, instead
        # of one write per timesheet (hr_timesheet then writes nothing more)
        groups = {}
        for line_id, line_vals in result.items():
            if not line_vals:
                continue
            try:
                key = tuple(sorted(line_vals.items()))
                hash(key)
            except TypeError:
                return result
            groups.setdefault(key, []).append(line_id)
        sudo_self = self.sudo()
        for key, ids in groups.items():
            sudo_self.browse(ids).write(dict(key))
        return {line_id: {} for line_id in result}

    def _ps_postprocess_more(self, values, result):
        """Hook: add to ``result`` (values to write per entry id) what other
        addons derive from ``values`` (a costing addon: the cost rate used),
        before a sync batch writes the entries' values in groups."""

    def write(self, vals):
        # evidence of billing: flipping "to bill" off over RPC would hide a
        # change from the next run
        if BILLING_STATE_FIELDS & set(vals) and not self.env.su:
            raise AccessError(_("Only billing runs mark time entries billed or held."))
        if not self.env.su and (
            vals.get("ps_status") in DECIDED
            or (BILLING_FIELDS & set(vals) and any(line.ps_status == "approved" for line in self))
        ):
            # nobody approves their own time, nor changes time once approved,
            # without the approver's right (the source system may: it is sudo)
            self._check_approver()
        if BILLING_FIELDS & set(vals) and "ps_to_bill" not in vals:
            vals = dict(vals, ps_to_bill=True)
        return super().write(vals)

    def _check_approver(self):
        if not self.env.user.has_group(APPROVER_GROUP):
            raise AccessError(
                _(
                    "Only timesheet approvers approve or reject time, or change time "
                    "that is approved (%s may not).",
                    self.env.user.name,
                )
            )

    # ------------------------------------------------------------------
    # the approval queue (Time to Approve): approvers only
    # ------------------------------------------------------------------
    def action_ps_approve(self):
        """Approve submitted time (Timesheets: approver)."""
        return self._ps_decide("approved")

    def action_ps_reject(self):
        """Reject submitted time (Timesheets: approver)."""
        return self._ps_decide("rejected")

    def _ps_decide(self, status):
        self._check_approver()
        not_submitted = self.filtered(lambda line: line.ps_status != "submitted")
        if not_submitted:
            raise UserError(
                _(
                    "Only submitted time is approved or rejected here; %(count)s of these "
                    "entries are not submitted.",
                    count=len(not_submitted),
                )
            )
        # as the approver: the approvers' record rules and hr_timesheet's checks apply
        self.write({"ps_status": status})
        return True
