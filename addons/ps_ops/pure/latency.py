# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""End-to-end latency (source modification to applied in Odoo) as a
histogram: fixed buckets, so one small aggregate row per backend, object,
hour and bucket answers percentiles and Prometheus histograms without
reading the sync log."""

from bisect import bisect_left

#: upper bounds (seconds, inclusive) of the buckets; one more bucket is +Inf
BOUNDS = (1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400)
INF = len(BOUNDS)


def bucket_of(seconds):
    """Index of the bucket of a latency (a negative one, clock skew, is 0)."""
    return bisect_left(BOUNDS, max(float(seconds), 0.0))


def quantile(counts, q):
    """Estimate the ``q`` quantile (0..1) of a histogram ``{bucket: count}``,
    interpolating linearly inside the bucket it falls in (as Prometheus'
    ``histogram_quantile``); the +Inf bucket answers its lower bound.
    None without observations."""
    total = sum(counts.values())
    if total <= 0:
        return None
    rank = q * total
    seen = 0
    for index in range(INF + 1):
        count = counts.get(index, 0)
        if count and seen + count >= rank:
            lower = BOUNDS[index - 1] if index else 0.0
            if index == INF:
                return float(lower)
            upper = BOUNDS[index]
            return float(lower + (upper - lower) * (rank - seen) / count)
        seen += count
    return float(BOUNDS[-1])


def cumulative(counts):
    """``[(upper bound or inf, cumulative count)]`` of ``{bucket: count}``,
    every bucket listed (the Prometheus histogram buckets)."""
    result, running = [], 0
    for index in range(INF + 1):
        running += counts.get(index, 0)
        result.append((float(BOUNDS[index]) if index < INF else float("inf"), running))
    return result
