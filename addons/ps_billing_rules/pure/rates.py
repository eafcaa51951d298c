# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rate resolution: the most specific rate card line wins.

Resolution order (most specific first), shown on every billed line:

1. ``employee+customer``: a rate for this employee on this customer
2. ``employee``: a rate for this employee
3. ``role+customer``: a rate for the employee's role on this customer
4. ``role``: a rate for the employee's role
5. ``customer``: a rate for anyone on this customer
6. ``default``: the card's rate for anyone

Only lines whose effective dates cover the day of the work count. Two lines of
the same level covering the same day are ambiguous: the card refuses them when
they are saved, and resolution refuses them too.
"""

import datetime
from dataclasses import dataclass

LEVELS = (
    ("employee+customer", 1),
    ("employee", 2),
    ("role+customer", 3),
    ("role", 4),
    ("customer", 5),
    ("default", 6),
)
LEVEL_LABELS = [label for label, __ in LEVELS]


class MissingRate(Exception):
    pass


class AmbiguousRate(Exception):
    pass


@dataclass(frozen=True)
class RateLine:
    id: int
    rate: float
    employee_id: int = None
    role_id: int = None
    partner_id: int = None
    date_from: datetime.date = None
    date_to: datetime.date = None

    @property
    def level(self):
        if self.employee_id:
            return "employee+customer" if self.partner_id else "employee"
        if self.role_id:
            return "role+customer" if self.partner_id else "role"
        return "customer" if self.partner_id else "default"

    def covers(self, day):
        return (self.date_from is None or self.date_from <= day) and (
            self.date_to is None or day <= self.date_to
        )

    def matches(self, employee_id, role_id, partner_id):
        return (
            (not self.employee_id or self.employee_id == employee_id)
            and (not self.role_id or self.role_id == role_id)
            and (not self.partner_id or self.partner_id == partner_id)
        )


def resolve(lines, employee_id, role_id, partner_id, day):
    """Return ``(line, level label)`` of the rate that applies, or raise."""
    candidates = [
        line
        for line in lines
        if line.covers(day) and line.matches(employee_id, role_id, partner_id)
    ]
    if not candidates:
        raise MissingRate(f"no rate for this employee, role or customer on {day.isoformat()}")
    rank = dict(LEVELS)
    best = min(rank[line.level] for line in candidates)
    winners = [line for line in candidates if rank[line.level] == best]
    if len(winners) > 1:
        raise AmbiguousRate(f"{len(winners)} '{winners[0].level}' rates apply on {day.isoformat()}")
    return winners[0], winners[0].level


def overlapping(lines):
    """Pairs of lines with the same key whose date ranges overlap."""
    far_past, far_future = datetime.date.min, datetime.date.max
    clashes = []
    for i, a in enumerate(lines):
        for b in lines[i + 1 :]:
            if (a.employee_id, a.role_id, a.partner_id) != (
                b.employee_id,
                b.role_id,
                b.partner_id,
            ):
                continue
            if (a.date_from or far_past) <= (b.date_to or far_future) and (
                b.date_from or far_past
            ) <= (a.date_to or far_future):
                clashes.append((a, b))
    return clashes
