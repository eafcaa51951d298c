# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""HubSpot's rate limits: a burst per 10 seconds and a daily allowance.

HubSpot counts calls per app and account: a burst of N calls per rolling
10 seconds (100 for Free/Starter private apps, 190 for Professional and
Enterprise, 110 for public OAuth apps) and a daily allowance. Every answer
says what is left (``X-HubSpot-RateLimit-Remaining`` for the burst,
``X-HubSpot-RateLimit-Daily-Remaining`` for the day); a 429 says which
policy was hit. The gate keeps the connector under the burst by itself, so
the 429 stays an exception, and the daily figures feed *Test connection*
and the backend's counters.
"""

import collections
import time

INTERVAL = 10.0  # seconds of the burst window
TIERS = {
    # tier: (burst per 10 s, daily allowance)
    "starter": (100, 250_000),
    "professional": (190, 625_000),
    "enterprise": (190, 1_000_000),
    "oauth_app": (
        110,
        None,
    ),  # public apps: the burst per installing account, no daily cap of their own
}


def tier_limits(tier, burst=None, daily=None):
    """(burst, daily) of a tier; explicit figures (configured on the backend) win."""
    if tier not in TIERS:
        raise ValueError(f"unknown HubSpot rate tier {tier!r}; one of {', '.join(TIERS)}")
    t_burst, t_daily = TIERS[tier]
    burst = burst or t_burst
    if burst < 1:
        raise ValueError("the burst must allow at least one call per 10 seconds")
    return burst, daily or t_daily


class RateGate:
    """Let at most ``burst`` calls start in any rolling ``interval`` seconds.

    ``wait()`` sleeps as long as needed before a call. ``clock`` and ``sleep``
    are injectable so the gate is tested without waiting. ``note(headers)``
    takes what HubSpot says is left: if the portal's own counter (shared with
    the firm's other integrations) is lower than ours, ours follows it.
    """

    def __init__(self, burst, interval=INTERVAL, clock=time.monotonic, sleep=time.sleep):
        self.burst = burst
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self.calls = collections.deque()
        self.daily_remaining = None
        self.daily = None
        self.waited = 0.0

    def _trim(self, now):
        while self.calls and now - self.calls[0] >= self.interval:
            self.calls.popleft()

    def wait(self):
        now = self.clock()
        self._trim(now)
        if len(self.calls) >= self.burst:
            pause = self.interval - (now - self.calls[0])
            if pause > 0:
                self.sleep(pause)
                self.waited += pause
            now = self.clock()
            self._trim(now)
        self.calls.append(now)

    def note(self, headers):
        """Read HubSpot's rate headers (a mapping, any case)."""
        h = {str(k).lower(): v for k, v in (headers or {}).items()}
        daily = _int(h.get("x-hubspot-ratelimit-daily"))
        left = _int(h.get("x-hubspot-ratelimit-daily-remaining"))
        if daily is not None:
            self.daily = daily
        if left is not None:
            self.daily_remaining = left
        burst_left = _int(h.get("x-hubspot-ratelimit-remaining"))
        if burst_left is not None:
            # other clients of the portal used some of the burst: count them as ours
            used_elsewhere = self.burst - burst_left - len(self.calls)
            now = self.clock()
            for _ in range(max(0, min(used_elsewhere, self.burst))):
                self.calls.append(now)


def retry_after(status, headers, body, default=10.0):
    """Seconds to wait after a 429: Retry-After if sent, else by policy.

    The burst waits for its 10-second window; the daily allowance is tried
    again hourly (HubSpot resets it at midnight in the portal's time zone).
    """
    if status != 429:
        return None
    h = {str(k).lower(): v for k, v in (headers or {}).items()}
    seconds = _int(h.get("retry-after"))
    if seconds is not None:
        return float(seconds)
    policy = (body or {}).get("policyName") if isinstance(body, dict) else None
    if policy == "DAILY":
        return 3600.0
    return default


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
