"""The HubSpot client (hubspot-api-client, unchanged) against a fake portal over HTTP."""

import json
from datetime import datetime, timedelta, timezone

import pytest
from ps_sync_hubspot_fakes.hubspot_portal import FakePortal
from ps_sync_hubspot_pure import events as hs_events
from ps_sync_hubspot_pure import mapping as hs_map
from ps_sync_hubspot_pure import window
from ps_sync_hubspot_pure.client import HubSpotClient, HubSpotFault
from ps_sync_hubspot_pure.ratelimit import RateGate, daily_usage, retry_after, tier_limits

T0 = datetime(2026, 11, 1, tzinfo=timezone.utc)


def ms(moment):
    return window.epoch_ms(moment)


@pytest.fixture
def portal():
    with FakePortal(burst=10_000, daily=1_000_000) as fake:
        yield fake


def client_for(portal, **kw):
    return HubSpotClient(access_token=portal.token, host=portal.url, gate=RateGate(10_000), **kw)


def test_more_than_ten_thousand_changes_in_one_window_are_read_once_each(portal):
    for n in range(12_345):
        portal.add("companies", {"name": f"Co {n}"}, ms(T0 + timedelta(seconds=n % 600)))
    portal.add("companies", {"name": "too old"}, ms(T0 - timedelta(seconds=1)))
    portal.add("companies", {"name": "too new"}, ms(T0 + timedelta(hours=1)))
    client = client_for(portal)
    seen = []
    for page in window.changed_ids(
        lambda body: client.search("companies", body),
        "companies",
        T0,
        T0 + timedelta(hours=1),
        ["name"],
        limit=200,
    ):
        seen.extend(r["id"] for r in page)
    assert (
        len(seen) == len(set(seen)) == 12_345
    )  # none twice, none missing, window closed at both ends
    assert portal.calls["/crm/v3/objects/companies/search"] == 62  # 50 pages, a new query, 12 more


def test_the_search_body_is_a_closed_window_sorted_by_id():
    body = window.search_body("contacts", T0, T0 + timedelta(minutes=5), ["email"], after_id=77)
    filters = {
        (f["propertyName"], f["operator"]): f["value"] for f in body["filterGroups"][0]["filters"]
    }
    assert filters == {
        ("lastmodifieddate", "GTE"): str(ms(T0)),
        ("lastmodifieddate", "LT"): str(ms(T0 + timedelta(minutes=5))),
        ("hs_object_id", "GT"): "77",
    }
    assert body["sorts"] == [{"propertyName": "hs_object_id", "direction": "ASCENDING"}]
    with pytest.raises(ValueError):
        window.search_body("contacts", T0, T0, [], limit=201)


def test_batch_reads_take_at_most_100_ids_and_skip_archived(portal):
    ids = [portal.add("contacts", {"email": f"p{n}@x.test"}, ms(T0)) for n in range(250)]
    gone = portal.add("contacts", {"email": "gone@x.test"}, ms(T0), archived=True)
    rows = client_for(portal).batch_read("contacts", [*ids, gone], ["email"])
    assert sorted(r["id"] for r in rows) == sorted(ids)
    assert portal.calls["/crm/v3/objects/contacts/batch/read"] == 3


def test_associations_and_archived_records(portal):
    company = portal.add("companies", {"name": "Acme"}, ms(T0))
    contact = portal.add("contacts", {"email": "a@acme.test"}, ms(T0))
    portal.associate("contacts", contact, "companies", company)
    archived = portal.add("companies", {"name": "Old"}, ms(T0), archived=True)
    client = client_for(portal)
    assert client.associations("contacts", "companies", [contact]) == {contact: [company]}
    pages = list(client.archived("companies"))
    assert [r["id"] for page in pages for r in page] == [archived]
    assert pages[0][0]["archivedAt"]


def test_batch_update_in_hundreds(portal):
    ids = [portal.add("deals", {"dealname": f"D{n}"}, ms(T0)) for n in range(150)]
    client_for(portal).batch_update(
        "deals", [{"id": i, "properties": {"odoo_status": "ok"}} for i in ids]
    )
    assert [len(inputs) for _, inputs in portal.updates] == [100, 50]
    assert portal.objects["deals"][ids[0]]["properties"]["odoo_status"] == "ok"


@pytest.mark.parametrize(
    "status,body,kind",
    [
        (
            401,
            {"status": "error", "message": "expired", "category": "EXPIRED_AUTHENTICATION"},
            "auth",
        ),
        (
            403,
            {
                "status": "error",
                "message": "This app hasn't been granted all required scopes",
                "category": "MISSING_SCOPES",
            },
            "scope",
        ),
        (
            429,
            {
                "status": "error",
                "message": "You have reached your daily limit.",
                "errorType": "RATE_LIMIT",
                "policyName": "DAILY",
            },
            "limit",
        ),
        (502, {"status": "error", "message": "Bad gateway"}, "transient"),
        (
            400,
            {
                "status": "error",
                "message": "Property values were not valid",
                "category": "VALIDATION_ERROR",
            },
            "refused",
        ),
    ],
)
def test_every_fault_has_one_kind(portal, status, body, kind):
    portal.fail_next(status, body)
    with pytest.raises(HubSpotFault) as caught:
        client_for(portal).search("companies", window.search_body("companies", T0, T0, []))
    assert caught.value.kind == kind
    assert body["message"] in str(caught.value)
    if kind == "limit":
        assert caught.value.retry_after == 3600.0


def test_unreachable_is_transient():
    client = HubSpotClient(
        access_token="x", host="http://127.0.0.1:9", gate=RateGate(10), timeout=2
    )
    with pytest.raises(HubSpotFault) as caught:
        client.account()
    assert caught.value.kind == "transient"


def test_oauth_refreshes_once_on_an_expired_token(portal):
    portal.oauth_client = ("cid", "secret", "refresh-1")
    stored = []
    client = HubSpotClient(
        oauth=("cid", "secret", "refresh-1"),
        host=portal.url,
        gate=RateGate(1000),
        on_token=lambda access, refresh: stored.append((access, refresh)),
    )
    assert client.access_token == portal.token
    portal.token = "rotated-elsewhere"  # the access token expired
    portal.add("companies", {"name": "Acme"}, ms(T0))
    page = client.search(
        "companies", window.search_body("companies", T0, T0 + timedelta(1), ["name"])
    )
    assert [r["properties"]["name"] for r in page["results"]] == ["Acme"]
    assert portal.calls["/oauth/v1/token"] == 2 and len(stored) == 2
    portal.oauth_client = ("cid", "secret", "revoked")
    portal.token = "expired-again"
    with pytest.raises(HubSpotFault) as caught:
        client.account()
    assert caught.value.kind == "auth" and "refresh token" in str(caught.value)


def test_account_scopes_and_daily_usage(portal):
    portal.scopes.discard("crm.objects.deals.write")
    client = client_for(portal)
    assert client.account()["portalId"] == 4242
    assert client.missing_scopes() == ["crm.objects.deals.write"]
    used, limit = client.daily_usage()
    assert limit == 1_000_000 and used == 3
    # every answer's rate headers say it too
    assert client.api_usage == (3, 1_000_000)
    portal.used_today = 700_000
    client.account()
    assert client.api_usage == (700_001, 1_000_000)


def test_daily_usage_of_the_rate_headers():
    headers = {"x-hubspot-ratelimit-daily": "250000", "X-HubSpot-RateLimit-Daily-Remaining": "1"}
    assert daily_usage(headers) == (249_999, 250_000)
    # public OAuth apps get no daily headers; half a reading is no reading
    assert daily_usage({"X-HubSpot-RateLimit-Remaining": "9"}) is None
    assert daily_usage({"X-HubSpot-RateLimit-Daily": "250000"}) is None
    assert (
        daily_usage({"X-HubSpot-RateLimit-Daily": "x", "X-HubSpot-RateLimit-Daily-Remaining": "1"})
        is None
    )


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def test_the_gate_keeps_any_ten_seconds_under_the_burst():
    clock = Clock()
    gate = RateGate(100, clock=clock, sleep=clock.sleep)
    starts = []
    for _ in range(350):
        gate.wait()
        starts.append(clock.now)
        clock.now += 0.01
    for i, start in enumerate(starts):
        assert sum(1 for s in starts[i:] if s - start < 10) <= 80  # 80 % of the burst
    assert gate.waited > 0


def test_searches_keep_their_own_limit_per_second():
    clock = Clock()
    gate = RateGate(190, clock=clock, sleep=clock.sleep)
    starts = []
    for _ in range(20):
        gate.wait("search")
        starts.append(clock.now)
    for i, start in enumerate(starts):
        assert sum(1 for s in starts[i:] if s - start < 1.0) <= 4  # 80 % of 5 per second
    assert clock.now >= 4


def test_the_gate_counts_calls_of_other_clients_of_the_portal():
    clock = Clock()
    gate = RateGate(100, clock=clock, sleep=clock.sleep)
    gate.wait()
    gate.note({"X-HubSpot-RateLimit-Remaining": "30", "X-HubSpot-RateLimit-Daily-Remaining": "500"})
    for _ in range(10):  # 100 - 30 left = 70 used; 80 % of 100 is ours to use: ten more
        gate.wait()
    assert clock.now == 0
    gate.wait()
    assert 10 <= clock.now < 10.01  # the eleventh waits for the window
    assert gate.daily_remaining == 500


def test_tiers_and_retry_after():
    assert tier_limits("starter") == (100, 250_000)
    assert tier_limits("professional")[0] == 190
    assert tier_limits("oauth_app")[0] == 110
    assert tier_limits("starter", burst=50) == (50, 250_000)
    with pytest.raises(ValueError):
        tier_limits("platinum")
    assert retry_after(429, {"Retry-After": "7"}, {}) == 7.0
    assert retry_after(429, {}, {"policyName": "TEN_SECONDLY_ROLLING"}) == 10.0
    assert retry_after(200, {}, {}) is None


# ------------------------------------------------------------------ mapping


def test_companies_and_contacts_become_partner_payloads():
    company = {
        "id": "11",
        "properties": {
            "name": "Acme",
            "country": "de",
            "domain": "acme.test",
            "hs_lastmodifieddate": "2026-11-01T10:00:00.123Z",
        },
    }
    payload = hs_map.partner_payload(company, hs_map.DEFAULT_IN["companies"], "companies")
    assert payload == {
        "name": "Acme",
        "country_code": "DE",
        "is_company": True,
        "updated_at": "2026-11-01 10:00:00",
    }
    contact = {
        "id": "12",
        "properties": {
            "firstname": "Ada",
            "lastname": "Byron",
            "email": "ada@acme.test",
            "lastmodifieddate": "1793527200000",
        },
    }
    payload = hs_map.partner_payload(
        contact, hs_map.DEFAULT_IN["contacts"], "contacts", company_id="11"
    )
    assert payload["name"] == "Ada Byron" and payload["parent_external_id"] == "11"
    assert payload["is_company"] is False and payload["updated_at"].startswith("2026-")


@pytest.mark.parametrize(
    "record,message",
    [
        ({"id": "x1", "properties": {"name": "A"}}, "not a HubSpot record id"),
        ({"id": "1", "properties": {"name": ""}}, "has no name"),
        ({"id": "1"}, "has no properties"),
        (
            {"id": "1", "properties": {"name": "A", "hs_lastmodifieddate": "yesterday"}},
            "not a date-time",
        ),
    ],
)
def test_a_bad_company_says_what_is_wrong(record, message):
    with pytest.raises(hs_map.MappingError, match=message):
        hs_map.partner_payload(record, hs_map.DEFAULT_IN["companies"], "companies")


def test_merged_ids():
    assert hs_map.merged_ids({"properties": {"hs_merged_object_ids": "101;102; 103;bad"}}) == [
        "101",
        "102",
        "103",
    ]
    assert hs_map.merged_ids({"properties": {}}) == []


def test_a_won_deal_with_line_items():
    deal = {
        "id": "900",
        "properties": {
            "dealname": "Audit",
            "pipeline": "default",
            "dealstage": "closedwon",
            "amount": "12000",
            "closedate": "2026-11-02T00:00:00Z",
            "hs_lastmodifieddate": "2026-11-02T09:00:00Z",
        },
    }
    items = [
        {
            "id": "5",
            "properties": {
                "hs_sku": "CONSULT",
                "quantity": "10",
                "price": "1200",
                "hs_discount_percentage": "5",
            },
        }
    ]
    payload = hs_map.deal_payload(
        deal, hs_map.DEFAULT_IN["deals"], "11", items, {"default": "closedwon"}
    )
    assert (
        payload["is_won"] and payload["close_date"] == "2026-11-02" and payload["amount"] == 12000.0
    )
    assert payload["lines"] == [
        {
            "line_id": "5",
            "product_external_id": "CONSULT",
            "quantity": 10.0,
            "unit_price": 1200.0,
            "discount": 5.0,
            "description": None,
        }
    ]
    assert not hs_map.deal_payload(
        deal, hs_map.DEFAULT_IN["deals"], "11", items, {"default": "won2"}
    )["is_won"]
    items[0]["properties"]["quantity"] = "-1"
    with pytest.raises(hs_map.MappingError, match="line item 5 needs a positive quantity"):
        hs_map.deal_payload(deal, hs_map.DEFAULT_IN["deals"], "11", items, {})
    with pytest.raises(hs_map.MappingError, match="associated with no company"):
        hs_map.deal_payload(deal, hs_map.DEFAULT_IN["deals"], None, [], {})
    deal["properties"]["amount"] = "NaN"
    with pytest.raises(hs_map.MappingError, match="finite"):
        hs_map.deal_payload(deal, hs_map.DEFAULT_IN["deals"], "11", [], {})


def test_status_inputs():
    rows = [
        ("900", {"order_ref": "S00042", "invoiced_amount": 1200.5, "paid_amount": None}),
        ("901", {}),
    ]
    assert hs_map.status_inputs(rows, hs_map.DEFAULT_OUT["deals"]) == [
        {
            "id": "900",
            "properties": {
                "odoo_order": "S00042",
                "odoo_invoiced_amount": "1200.5",
                "odoo_paid_amount": "",
            },
        }
    ]


# ------------------------------------------------------------------ webhooks
def _signed(secret, uri, body, timestamp):
    import base64
    import hashlib
    import hmac

    mac = hmac.new(secret.encode(), f"POST{uri}{body.decode()}{timestamp}".encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


def test_webhook_signature_v3():
    import time

    uri, body = "https://odoo.example/ps_sync/hubspot/webhook/hs-us", b'[{"objectId": 1}]'
    now = str(int(time.time() * 1000))
    good = _signed("s3cret", uri, body, now)
    assert hs_events.verify("s3cret", "POST", uri, body, now, good)
    assert not hs_events.verify("other", "POST", uri, body, now, good)
    assert not hs_events.verify("s3cret", "POST", uri + "x", body, now, good)
    stale = str(int(time.time() * 1000) - 600_000)
    assert not hs_events.verify(
        "s3cret", "POST", uri, body, stale, _signed("s3cret", uri, body, stale)
    )
    assert not hs_events.verify(None, "POST", uri, body, now, good)
    assert not hs_events.verify("s3cret", "POST", uri, b"\xff", now, good)


def _event(kind, object_id, at, event_id=None, portal=42):
    event = {"portalId": portal, "subscriptionType": kind, "objectId": object_id, "occurredAt": at}
    if event_id is not None:
        event["eventId"] = event_id
    return event


def test_webhook_events_plan():
    body = json.dumps(
        [
            _event("company.propertyChange", 7, 1000, 1),
            _event("company.creation", 3, 900, 2),
            _event("contact.deletion", 9, 1000, 3),
            _event("deal.merge", 11, 1000, 4),
            _event("ticket.creation", 12, 1000, 5),
        ]
    ).encode()
    events = hs_events.parse(body, "42")
    assert [e["event_id"] for e in events] == ["2", "1", "3", "4"]  # oldest first
    fetch, pull = hs_events.plan(events)
    assert fetch == {"companies": ["3", "7"], "deals": ["11"]}
    assert pull == ["contacts"]
    for bad, message in [
        (b"{", "not JSON"),
        (b"[]", "non-empty"),
        (json.dumps([_event("company.creation", 1, 1, portal=1)]).encode(), "portal"),
        (json.dumps([_event("company.creation", "x", 1)]).encode(), "not a HubSpot id"),
        (json.dumps([_event("company.creation", 1, "yesterday")]).encode(), "epoch ms"),
    ]:
        with pytest.raises(hs_events.EventError, match=message):
            hs_events.parse(bad, "42")


def test_webhook_events_apply_in_occurred_order_whatever_the_delivery_order():
    # delivered newest first: the record's latest event (by occurredAt) decides
    restored = [_event("company.restore", 5, 3000, 1), _event("company.deletion", 5, 2000, 2)]
    assert hs_events.plan(hs_events.parse(json.dumps(restored).encode(), 42)) == (
        {"companies": ["5"]},
        [],
    )
    deleted = [_event("company.deletion", 5, 3000, 1), _event("company.propertyChange", 5, 2000, 2)]
    assert hs_events.plan(hs_events.parse(json.dumps(deleted).encode(), 42)) == ({}, ["companies"])
    # parents first, then each type's ids in the order of their latest event
    mixed = [
        _event("deal.propertyChange", 8, 100, 1),
        _event("contact.creation", 2, 50, 2),
        _event("company.creation", 9, 300, 3),
        _event("company.creation", 4, 200, 4),
    ]
    fetch, __ = hs_events.plan(hs_events.parse(json.dumps(mixed).encode(), 42))
    assert list(fetch.items()) == [("companies", ["4", "9"]), ("contacts", ["2"]), ("deals", ["8"])]
