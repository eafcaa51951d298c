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
#: the CRM search endpoints have a limit of their own: requests per second
SEARCH_PER_SECOND = 5
SEARCH_INTERVAL = 1.0
#: the share of a limit the connector allows itself (the rest is headroom for
#: the portal's other integrations and for clocks that disagree)
HEADROOM = 0.8
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


def buckets(burst):
    """``{bucket: (calls, seconds)}`` the connector keeps to: 80 % of the
    burst per 10 s for every call, 80 % of the search limit per second for
    searches."""
    return {
        "all": (max(1, int(burst * HEADROOM)), INTERVAL),
        "search": (max(1, int(SEARCH_PER_SECOND * HEADROOM)), SEARCH_INTERVAL),
    }


class RateGate:
    """Keep one process's calls within ``buckets(burst)``.

    ``wait(bucket)`` sleeps as long as needed before a call ('search' for
    the search endpoints, which count in the burst too). ``clock`` and
    ``sleep`` are injectable so the gate is tested without waiting.
    ``note(headers)`` takes what HubSpot says is left: calls the portal's
    other clients made count as ours. Odoo's workers share a gate through
    the database instead (``ps.sync.api.call``); this one serves scripts
    and the tests.
    """

    def __init__(self, burst, clock=time.monotonic, sleep=time.sleep):
        self.burst = burst
        self.limits = buckets(burst)
        self.clock = clock
        self.sleep = sleep
        self.calls = {name: collections.deque() for name in self.limits}
        self.daily_remaining = None
        self.daily = None
        self.waited = 0.0

    def _pause(self, name, now):
        limit, window = self.limits[name]
        starts = self.calls[name]
        while starts and now - starts[0] >= window:
            starts.popleft()
        return window - (now - starts[0]) if len(starts) >= limit else 0.0

    def wait(self, bucket="all"):
        names = ["all", "search"] if bucket == "search" else ["all"]
        while True:
            now = self.clock()
            pause = max(self._pause(name, now) for name in names)
            if pause <= 0:
                break
            # a millisecond more: a float clock advanced by exactly the pause
            # may still sit a hair inside the window, and wait forever
            pause += 0.001
            self.sleep(pause)
            self.waited += pause
        for name in names:
            self.calls[name].append(now)

    def note(self, headers):
        """Read HubSpot's rate headers (a mapping, any case)."""
        h = _lower(headers)
        daily = _int(h.get(DAILY))
        left = _int(h.get(DAILY_LEFT))
        if daily is not None:
            self.daily = daily
        if left is not None:
            self.daily_remaining = left
        burst_left = _int(h.get("x-hubspot-ratelimit-remaining"))
        if burst_left is not None:
            # other clients of the portal used some of the burst: count them as ours
            used_elsewhere = self.burst - burst_left - len(self.calls["all"])
            now = self.clock()
            for _ in range(max(0, min(used_elsewhere, self.burst))):
                self.calls["all"].append(now)


DAILY = "x-hubspot-ratelimit-daily"
DAILY_LEFT = "x-hubspot-ratelimit-daily-remaining"


def daily_usage(headers):
    """``(used, allowance)`` of today's calls an answer's headers say
    (``X-HubSpot-RateLimit-Daily`` and ``-Daily-Remaining``, sent to private
    apps), or None when they do not say both."""
    h = _lower(headers)
    daily, left = _int(h.get(DAILY)), _int(h.get(DAILY_LEFT))
    if not daily or left is None:
        return None
    return max(daily - left, 0), daily


def _lower(headers):
    return {str(k).lower(): v for k, v in (headers or {}).items()}


def retry_after(status, headers, body, default=10.0):
    """Seconds to wait after a 429: Retry-After if sent, else by policy.

    The burst waits for its 10-second window; the daily allowance is tried
    again hourly (HubSpot resets it at midnight in the portal's time zone).
    """
    if status != 429:
        return None
    h = _lower(headers)
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
