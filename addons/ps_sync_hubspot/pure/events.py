# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""HubSpot webhook deliveries: signature v3 and the events they carry.

HubSpot signs each delivery with the app's client secret:
``X-HubSpot-Signature-v3`` = base64(HMAC-SHA256(secret, method + URI + body
+ timestamp)), ``X-HubSpot-Request-Timestamp`` in milliseconds, refused when
older than five minutes. The check is hubspot-api-client's own
(``hubspot.utils.signature.Signature``).
"""

import json

from hubspot.exceptions import InvalidSignatureTimestampError
from hubspot.utils.signature import Signature

from .mapping import ID_RE

#: subscription type prefix -> object type pulled
OBJECT_TYPES = {"company": "companies", "contact": "contacts", "deal": "deals"}
#: events whose records are fetched by id; deletions are found by the
#: archived check of a pull (a deleted record can no longer be read by id)
FETCHED = {"creation", "propertyChange", "merge", "restore", "associationChange"}
MAX_EVENTS = 1000


class EventError(ValueError):
    """A signed delivery that cannot be taken (bad shape, another portal)."""


def verify(secret, method, uri, body, timestamp, signature):
    """True when the v3 signature is HubSpot's for this request, now."""
    if not secret or not signature or not timestamp:
        return False
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    try:
        return Signature.is_valid(
            signature=signature,
            client_secret=secret,
            request_body=text,
            http_uri=uri,
            http_method=method,
            signature_version="v3",
            timestamp=timestamp,
        )
    except InvalidSignatureTimestampError:
        return False


def parse(body, portal_id):
    """The events of a delivery the connector reads, oldest first
    (``occurredAt``, then HubSpot's order): dicts of ``event_id``,
    ``object_type``, ``object_id``, ``action``, ``occurred_at``."""
    try:
        events = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as err:
        raise EventError(f"body is not JSON: {err}") from None
    if not isinstance(events, list) or not events:
        raise EventError("body must be a non-empty JSON array of events")
    if len(events) > MAX_EVENTS:
        raise EventError(f"{len(events)} events in one delivery; at most {MAX_EVENTS}")
    parsed = []
    for position, event in enumerate(events):
        if not isinstance(event, dict):
            raise EventError("every event must be an object")
        if str(event.get("portalId")) != str(portal_id):
            raise EventError(f"event of portal {event.get('portalId')!r}, not {portal_id}")
        kind, __, action = str(event.get("subscriptionType") or "").partition(".")
        object_type = OBJECT_TYPES.get(kind)
        if object_type is None:
            continue  # a subscription the connector does not read
        object_id = str(event.get("objectId") or "")
        if not ID_RE.match(object_id):
            raise EventError(f"objectId {event.get('objectId')!r} is not a HubSpot id")
        occurred = event.get("occurredAt")
        if not isinstance(occurred, int) or isinstance(occurred, bool):
            raise EventError(f"occurredAt {occurred!r} of event {position} is not epoch ms")
        event_id = event.get("eventId")
        parsed.append(
            {
                # no id: the event is its own key (subscription, object, moment)
                "event_id": str(event_id)
                if event_id not in (None, "")
                else f"{kind}.{action}:{object_id}:{occurred}",
                "object_type": object_type,
                "object_id": object_id,
                "action": action,
                "occurred_at": occurred,
                "position": position,
            }
        )
    parsed.sort(key=lambda e: (e["occurred_at"], e["position"]))
    return parsed


def plan(events):
    """``(fetch, pull)`` of events applied in ``occurredAt`` order: per record,
    its latest event decides. ``fetch``: ``{object type: ids}`` to read and
    apply (parents first, each type's ids in the order of their latest
    event); ``pull``: the object types whose archived records a pull must
    check (a record's latest event is a deletion: it can no longer be read
    by id)."""
    latest = {}
    for event in sorted(events, key=lambda e: (e["occurred_at"], e.get("position", 0))):
        if event["action"] in FETCHED or event["action"] == "deletion":
            key = (event["object_type"], event["object_id"])
            latest.pop(key, None)  # re-inserted: dict order is the latest event's order
            latest[key] = event["action"]
    fetch, pull = {}, set()
    for (object_type, object_id), action in latest.items():
        if action == "deletion":
            pull.add(object_type)
        else:
            fetch.setdefault(object_type, []).append(object_id)
    order = list(OBJECT_TYPES.values())
    return {t: fetch[t] for t in order if t in fetch}, sorted(pull)
