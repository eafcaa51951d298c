# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Time entry approval states and the moves allowed between them.

draft -> submitted -> approved
                   -> rejected -> draft | submitted

Tools without a submission step may approve a draft directly. An approved entry
stays approved: a correction at the source after approval is a new version of
the entry (and an adjustment if it was already invoiced), never a silent
step back. Repeating the current state is always fine.
"""

STATES = ("draft", "submitted", "approved", "rejected")

ALLOWED = {
    "draft": {"draft", "submitted", "approved", "rejected"},
    "submitted": {"submitted", "approved", "rejected", "draft"},
    "rejected": {"rejected", "draft", "submitted"},
    "approved": {"approved"},
}


class TransitionRefused(Exception):
    pass


def check(current, new):
    if new not in STATES:
        raise TransitionRefused(f"unknown status {new!r}; allowed: {', '.join(STATES)}")
    if current is None:
        return new
    if new not in ALLOWED[current]:
        allowed = ", ".join(sorted(ALLOWED[current] - {current})) or "none"
        raise TransitionRefused(
            f"status cannot move from {current!r} to {new!r} (from {current!r}: {allowed})"
        )
    return new
