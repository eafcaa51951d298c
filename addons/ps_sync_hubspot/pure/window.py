# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Incremental reads through HubSpot's CRM search API, under its result cap.

The search API pages with an ``after`` cursor, but refuses to page past the
10,000th result of one query. A modification window with more changes than
that is read as several queries: every query is sorted by ``hs_object_id``
(unique, ascending), and when one reaches the cap, the next starts after the
last id it returned (``hs_object_id GT last``), with the same window. Nothing
is skipped and nothing read twice, whatever the number of changes, and no
query ever asks for a page past the cap.

The window is closed (``since <= hs_lastmodifieddate < until``, ``until``
fixed when the pull starts), so a record modified during the pull belongs to
the next pull: the watermark moves to ``until``; the next pull starts from it
minus the backend's overlap window (HubSpot's search index lags a few
seconds behind writes), and re-reading a record is harmless (its payload hash
is unchanged).
"""

from datetime import datetime, timezone

SEARCH_CAP = 10_000  # the search API answers no result past the 10,000th of a query
PAGE_MAX = 200  # at most 200 results per search page
MODIFIED = {
    "companies": "hs_lastmodifieddate",
    "contacts": "lastmodifieddate",
    "deals": "hs_lastmodifieddate",
}


def epoch_ms(value):
    """HubSpot compares datetime properties as milliseconds since the epoch."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return int(value.timestamp() * 1000)


def search_body(object_type, since, until, properties, after_id=None, after=None, limit=100):
    """The body of one search request: changes in ``[since, until)`` after an id."""
    if not 1 <= limit <= PAGE_MAX:
        raise ValueError(f"a search page holds 1 to {PAGE_MAX} results, not {limit}")
    modified = MODIFIED.get(object_type, "hs_lastmodifieddate")
    filters = [{"propertyName": modified, "operator": "LT", "value": str(epoch_ms(until))}]
    if since is not None:
        filters.append({"propertyName": modified, "operator": "GTE", "value": str(epoch_ms(since))})
    if after_id is not None:
        filters.append({"propertyName": "hs_object_id", "operator": "GT", "value": str(after_id)})
    body = {
        "filterGroups": [{"filters": filters}],
        "sorts": [{"propertyName": "hs_object_id", "direction": "ASCENDING"}],
        "properties": sorted(set(properties) | {"hs_object_id", modified}),
        "limit": limit,
    }
    if after is not None:
        body["after"] = str(after)
    return body


def changed_ids(search, object_type, since, until, properties=(), limit=100, cap=SEARCH_CAP):
    """Yield pages (lists of result dicts) of every record changed in the window.

    ``search(body) -> {"results": [...], "paging": {"next": {"after": ...}}}``
    performs one search request. A query is restarted after its last id before
    its next page would pass ``cap``.
    """
    after_id, after, seen = None, None, 0
    while True:
        page = search(search_body(object_type, since, until, properties, after_id, after, limit))
        results = page.get("results") or []
        if results:
            yield results
        seen += len(results)
        nxt = ((page.get("paging") or {}).get("next") or {}).get("after")
        if not results or not nxt:
            return
        if seen + limit > cap:  # the next page would pass the cap: a new query after the last id
            after_id, after, seen = int(results[-1]["id"]), None, 0
        else:
            after = nxt


def now_utc():
    return datetime.now(timezone.utc).replace(microsecond=0)
