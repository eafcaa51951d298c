# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Backoff from a queue_job retry pattern ({attempts reached: seconds})."""

DEFAULT_DELAY = 10 * 60


def retry_delay(pattern, attempt):
    """Seconds to wait before attempt ``attempt + 1``.

    ``pattern`` maps an attempt count to a delay, e.g. ``{1: 60, 3: 300, 5: 1800}``:
    after 1 or 2 attempts wait 60 s, after 3 or 4 wait 300 s, from 5 on 1800 s,
    exactly as queue_job reads its own retry patterns.
    """
    delay = None
    for count, seconds in sorted((pattern or {}).items()):
        if attempt >= count:
            delay = seconds
        else:
            break
    if delay is None:
        delay = min(pattern.values()) if pattern else DEFAULT_DELAY
    if isinstance(delay, list | tuple):  # queue_job allows (min, max): take the max
        delay = delay[-1]
    return int(delay)
