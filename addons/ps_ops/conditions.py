# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The registry of alert conditions.

An addon adds conditions with an AbstractModel named
``ps.alert.condition.<source>`` whose private methods are decorated::

    from odoo.addons.ps_ops.conditions import alert_condition

    class PsAlertConditionMine(models.AbstractModel):
        _name = "ps.alert.condition.mine"
        _description = "Alert Conditions: Mine"

        @alert_condition("my_code", "What it watches", threshold="days")
        def _ps_alert_my_code(self, rule, now):
            return [Subject(...), ...]

The method runs as superuser for one ``rule`` (its threshold and parameters
are fields of the rule; the companies it watches are
``rule._ps_companies()``) and returns the subjects the condition holds for
now (``pure.alerts.Subject``).
Rules are data (``ps.alert.rule`` records): the condition is chosen by its
code, the threshold and parameters are fields of the rule.
"""

from dataclasses import dataclass, replace

MARK = "_ps_alert_condition"
#: models whose name starts with this carry conditions
MODEL_PREFIX = "ps.alert.condition."


@dataclass(frozen=True)
class Condition:
    code: str
    label: str
    threshold: str  # what the rule's threshold means: days, hours, minutes, percent
    method: str = ""
    model: str = ""


def alert_condition(code, label, threshold):
    def decorate(method):
        setattr(method, MARK, Condition(code, label, threshold, method.__name__))
        return method

    return decorate


def conditions_of(registry):
    """{code: Condition} of every condition model of an Odoo ``registry``
    (the addons installed in that database), whichever addon defined them."""
    found = {}
    for model_name in list(registry):
        if not model_name.startswith(MODEL_PREFIX):
            continue
        model_class = registry[model_name]
        for name in dir(model_class):
            if not name.startswith("_ps_alert_"):
                continue
            condition = getattr(getattr(model_class, name, None), MARK, None)
            if condition is not None:
                found[condition.code] = replace(condition, model=model_name)
    return found
