# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import traceback
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.ps_sync_core.access import MANAGER, check_group

from ..conditions import conditions_of
from ..pure import alerts as pure_alerts

_logger = logging.getLogger(__name__)

SEVERITIES = [("info", "Info"), ("warning", "Warning"), ("critical", "Critical")]
THRESHOLD_UNITS = {
    "days": "days",
    "hours": "hours",
    "minutes": "minutes",
    "percent": "%",
}


class PsAlertRule(models.Model):
    """A business-impact alert rule: which condition to watch, from what
    threshold, how grave, who acts and how often it is checked.

    Conditions are Python methods of ``ps.alert.condition.*`` models that
    addons register (``conditions.py``);
    a rule picks one by code and tunes it with its threshold and parameters.
    Each evaluation keeps the rule's alerts in line with what the condition
    answers (``pure/alerts.py``): one live alert per subject.
    """

    _name = "ps.alert.rule"
    _description = "Alert Rule"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        required=True,
        copy=False,
        help="Stable identifier: metrics labels and webhook dedup keys carry it.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    description = fields.Text(translate=True)
    condition = fields.Selection(
        selection="_selection_condition",
        required=True,
        tracking=True,
        help="What is watched; addons register conditions in Python.",
    )
    threshold = fields.Float(
        required=True,
        tracking=True,
        help="When the condition fires; its unit depends on the condition.",
    )
    threshold_unit = fields.Char(compute="_compute_threshold_unit")
    day_of_month = fields.Integer(
        default=5,
        tracking=True,
        help="Run conditions: a run for last month not made by this day of the month fires.",
    )
    severity = fields.Selection(SEVERITIES, required=True, default="warning", tracking=True)
    owner_user_id = fields.Many2one(
        "res.users",
        string="Owner",
        tracking=True,
        domain=[("share", "=", False)],
        help="Gets an activity (and its e-mail) for each alert. Leave empty to tell a group.",
    )
    owner_group_id = fields.Many2one(
        "res.groups",
        tracking=True,
        help="Without an owner: each member of this group with access to the "
        "alert's company gets the activity.",
    )
    company_id = fields.Many2one(
        "res.company",
        tracking=True,
        help="Watch this company only; empty watches every company.",
    )
    interval_number = fields.Integer(string="Check Every", default=1, required=True)
    interval_type = fields.Selection(
        [("minutes", "Minutes"), ("hours", "Hours"), ("days", "Days")],
        default="hours",
        required=True,
    )
    last_check = fields.Datetime(readonly=True, copy=False)
    next_check = fields.Datetime(
        copy=False, help="The scheduled action evaluates the rule once this is past."
    )
    last_error = fields.Text(readonly=True, copy=False)
    webhook_url = fields.Char(
        string="Webhook URL",
        help="Optional: alerts opened, reopened and closed are POSTed here as JSON "
        "(Slack/Teams 'text' plus structured fields), signed like ps_sync webhooks "
        "(X-PS-Signature, HMAC-SHA256) when a secret is set.",
    )
    webhook_secret = fields.Char(groups="base.group_system", copy=False)
    alert_ids = fields.One2many("ps.alert", "rule_id", string="Alerts")
    open_count = fields.Integer(string="Live Alerts", compute="_compute_open")

    _sql_constraints = [
        ("code_unique", "unique(code)", "An alert rule code must be unique."),
        ("threshold_positive", "CHECK(threshold >= 0)", "A threshold cannot be negative."),
        ("interval_positive", "CHECK(interval_number > 0)", "The check interval must be positive."),
        (
            "day_of_month_range",
            "CHECK(day_of_month BETWEEN 1 AND 28)",
            "The day of the month must be between 1 and 28.",
        ),
    ]

    @api.model
    def _ps_conditions(self):
        return conditions_of(self.env.registry)

    @api.model
    def _selection_condition(self):
        return sorted(
            ((c.code, c.label) for c in self._ps_conditions().values()), key=lambda c: c[1]
        )

    @api.depends("condition")
    def _compute_threshold_unit(self):
        conditions = self._ps_conditions()
        for rule in self:
            condition = conditions.get(rule.condition)
            rule.threshold_unit = THRESHOLD_UNITS.get(condition.threshold) if condition else ""

    def _compute_open(self):
        counts = dict(
            self.env["ps.alert"]._read_group(
                [("rule_id", "in", self.ids), ("state", "in", pure_alerts.LIVE_STATES)],
                ["rule_id"],
                ["__count"],
            )
        )
        for rule in self:
            rule.open_count = counts.get(rule, 0)

    @api.constrains("owner_user_id", "owner_group_id")
    def _check_owner(self):
        for rule in self:
            if not rule.owner_user_id and not rule.owner_group_id:
                raise ValidationError(
                    _("Alert rule %s needs an owner: a user or a group.", rule.name)
                )

    @api.constrains("webhook_url")
    def _check_webhook_url(self):
        for rule in self:
            if rule.webhook_url and not rule.webhook_url.startswith(("https://", "http://")):
                raise ValidationError(
                    _("The webhook URL of %s must start with https:// or http://.", rule.name)
                )

    # ------------------------------------------------------------------
    # evaluation
    # ------------------------------------------------------------------
    def _ps_companies(self):
        """The companies this rule watches."""
        self.ensure_one()
        return self.company_id or self.env["res.company"].sudo().search([])

    def _interval(self):
        return relativedelta(**{self.interval_type: self.interval_number})

    @api.model
    def _cron_evaluate(self):
        """Evaluate every active rule that is due, each on its own: one
        failing condition is recorded on its rule and stops no other."""
        now = fields.Datetime.now()
        rules = self.sudo().search(
            ["|", ("next_check", "=", False), ("next_check", "<=", now)], order="sequence, id"
        )
        for rule in rules:
            rule._evaluate_safely(now)
        return len(rules)

    def _evaluate_safely(self, now):
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self._evaluate(now)
        except Exception as err:  # noqa: BLE001 - recorded on the rule, the cron goes on
            _logger.exception("alert rule %s failed", self.code)
            self.write(
                {
                    "last_error": "".join(traceback.format_exception_only(type(err), err)),
                    "last_check": now,
                    "next_check": now + self._interval(),
                }
            )

    def action_evaluate(self):
        """Evaluate now (sync managers), whatever the schedule."""
        check_group(self.env, MANAGER, action=_("evaluate alert rules"))
        now = fields.Datetime.now()
        for rule in self.sudo():
            rule._evaluate(now)
        return True

    def _evaluate(self, now):
        """Bring this rule's alerts in line with its condition, now."""
        self.ensure_one()
        condition = self._ps_conditions().get(self.condition)
        if condition is None:
            raise UserError(
                _(
                    "Alert rule %(rule)s uses condition %(code)s, which no installed "
                    "addon provides.",
                    rule=self.name,
                    code=self.condition,
                )
            )
        # one evaluation of a rule at a time (cron and a manual check)
        self.env.cr.execute("SELECT id FROM ps_alert_rule WHERE id = %s FOR UPDATE", [self.id])
        rule = self.sudo()
        subjects = getattr(self.env[condition.model].sudo(), condition.method)(rule, now)
        Alert = self.env["ps.alert"].sudo()
        known = Alert._ps_known(rule)
        result = pure_alerts.plan([alert for alert, __ in known], subjects, now)
        Alert._ps_apply(rule, result, now)
        rule.write({"last_check": now, "next_check": now + rule._interval(), "last_error": False})
        return result

    # ------------------------------------------------------------------
    # helpers for conditions
    # ------------------------------------------------------------------
    def _ps_since(self, now, unit):
        """``now`` minus the threshold, in ``unit`` (hours, minutes, days)."""
        return now - timedelta(**{unit: self.threshold})
