# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The registry of alert conditions.

An addon adds a condition by inheriting ``ps.alert.rule`` and decorating a
private method::

    from odoo.addons.ps_ops.conditions import alert_condition

    class PsAlertRule(models.Model):
        _inherit = "ps.alert.rule"

        @alert_condition("my_code", "What it watches", threshold="days")
        def _ps_alert_my_code(self, now):
            return [Subject(...), ...]

The method runs on one rule (``self``), as superuser, with the rule's
company (or every company when the rule has none) in ``self._ps_companies()``,
and returns the subjects the condition holds for now (``pure.alerts.Subject``).
Rules are data (``ps.alert.rule`` records): the condition is chosen by its
code, the threshold and parameters are fields of the rule.
"""

from dataclasses import dataclass

MARK = "_ps_alert_condition"


@dataclass(frozen=True)
class Condition:
    code: str
    label: str
    threshold: str  # what the rule's threshold means: days, hours, minutes, percent
    method: str = ""


def alert_condition(code, label, threshold):
    def decorate(method):
        setattr(method, MARK, Condition(code, label, threshold, method.__name__))
        return method

    return decorate


def conditions_of(model_class):
    """{code: Condition} of the methods ``model_class`` (an Odoo registry
    class) carries, whichever addon defined them."""
    found = {}
    for name in dir(model_class):
        if not name.startswith("_ps_alert_"):
            continue
        condition = getattr(getattr(model_class, name, None), MARK, None)
        if condition is not None:
            found[condition.code] = condition
    return found
