# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sliding-window call limits: how long one more call must wait."""


def pause_needed(starts, limit, window, now):
    """Seconds to wait before one more call may start, given the start times
    of earlier calls (any order); 0 when it may start now. At most ``limit``
    calls start in any ``window`` seconds."""
    recent = sorted(t for t in starts if now - t < window)
    if len(recent) < limit:
        return 0.0
    return max(0.0, window - (now - recent[len(recent) - limit]))
