# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What one evaluation of a rule does to its alerts.

A condition answers the subjects for which it holds now, each with a stable
key (``"ps.engagement,7"``, ``"crm-us/partner"``...), the money at stake and
a message. Against the rule's alerts (at most one open per key; closed ones
may come back), an evaluation:

* opens an alert for a key that has none;
* reopens the last closed alert of a key that is back (its history stays in
  one place);
* updates an open alert whose figures changed (and only then: a check that
  finds nothing new writes nothing);
* wakes a snoozed alert whose snooze is over and whose condition still holds;
* closes every open alert whose key the condition no longer answers.
"""

from dataclasses import dataclass, field
from decimal import Decimal

OPEN, ACKNOWLEDGED, SNOOZED, CLOSED = "open", "acknowledged", "snoozed", "closed"
LIVE_STATES = (OPEN, ACKNOWLEDGED, SNOOZED)
SEVERITIES = ("info", "warning", "critical")


@dataclass(frozen=True)
class Subject:
    """One thing a condition holds for, now."""

    key: str
    message: str
    amount: Decimal = Decimal(0)
    currency_id: int | None = None
    company_id: int | None = None
    res_model: str | None = None
    res_id: int | None = None
    count: int = 0
    value: float = 0.0

    def figures(self):
        """What an update compares: the alert changes when one of these does."""
        return (
            self.message,
            Decimal(self.amount).quantize(Decimal("0.01")),
            self.currency_id or None,
            self.count,
            round(float(self.value), 2),
        )


@dataclass(frozen=True)
class Known:
    """An alert the rule already has, as far as the plan needs it."""

    id: int
    key: str
    state: str
    figures: tuple = ()
    snoozed_until: object = None  # a datetime, or None


@dataclass
class Plan:
    open: list = field(default_factory=list)  # [Subject]
    reopen: list = field(default_factory=list)  # [(alert id, Subject)]
    update: list = field(default_factory=list)  # [(alert id, Subject)]
    wake: list = field(default_factory=list)  # [(alert id, Subject)]
    close: list = field(default_factory=list)  # [alert id]

    def is_empty(self):
        return not (self.open or self.reopen or self.update or self.wake or self.close)


class DuplicateSubject(ValueError):
    """A condition answered the same key twice: a bug in the condition."""


def plan(known, subjects, now):
    """The :class:`Plan` bringing ``known`` alerts in line with ``subjects``.

    ``known``: every live alert of the rule, and the last closed one of each
    key that has no live alert (older closed ones do not matter).
    ``now``: compared with ``snoozed_until``.
    """
    by_key = {}
    for subject in subjects:
        if subject.key in by_key:
            raise DuplicateSubject(f"condition answered key {subject.key!r} twice")
        by_key[subject.key] = subject
    live, closed = {}, {}
    for alert in known:
        if alert.state in LIVE_STATES:
            live[alert.key] = alert
        elif alert.state == CLOSED and (alert.key not in closed or alert.id > closed[alert.key].id):
            closed[alert.key] = alert
    result = Plan()
    for key, subject in by_key.items():
        alert = live.get(key)
        if alert is None:
            if key in closed:
                result.reopen.append((closed[key].id, subject))
            else:
                result.open.append(subject)
        elif (
            alert.state == SNOOZED
            and alert.snoozed_until is not None
            and alert.snoozed_until <= now
        ):
            result.wake.append((alert.id, subject))
        elif tuple(alert.figures) != subject.figures():
            result.update.append((alert.id, subject))
    result.close = sorted(alert.id for key, alert in live.items() if key not in by_key)
    return result
