"""ps_sync_salesforce pure mapping: Salesforce records to payloads, SOQL,
post-won change detection, status records."""

import datetime

import pytest
from ps_billing_rules_pure import deal
from ps_sync_salesforce_pure import mapping as m

ACC = "001000000000001AAA"
OPP = "006000000000001AAA"
PROD = "01t000000000001AAA"


def test_partner_payload_from_rest_and_csv_values():
    rest = {
        "attributes": {"type": "Account"},
        "Id": ACC,
        "Name": " Acme ",
        "Phone": None,
        "BillingCity": "Boston",
        "BillingCountryCode": "us",
        "SystemModstamp": "2026-03-02T10:00:00.000+0000",
    }
    payload = m.partner_payload(rest, m.DEFAULT_IN["Account"], "Account")
    assert payload["name"] == "Acme"
    assert payload["country_code"] == "US"
    assert payload["country_name"] is None
    assert payload["is_company"] is True
    assert payload["updated_at"] == "2026-03-02 10:00:00"
    csv_row = dict(
        rest,
        Phone="",
        BillingCountryCode="",
        BillingCountry="United States",
        SystemModstamp="2026-03-02T10:00:00.000Z",
    )
    mapping = dict(m.DEFAULT_IN["Account"], country_code="BillingCountry")
    payload = m.partner_payload(csv_row, mapping, "Account")
    assert payload["phone"] is None
    assert (payload["country_code"], payload["country_name"]) == (None, "United States")


@pytest.mark.parametrize(
    "record, reason",
    [
        ({"Id": ACC, "Name": ""}, "no name"),
        ({"Id": "not-an-id", "Name": "x"}, "not a Salesforce id"),
        ({"Name": "x"}, "has no Id"),
        ({"Id": ACC, "Name": "x", "SystemModstamp": "yesterday"}, "date-time"),
    ],
)
def test_partner_payload_rejects_with_a_reason(record, reason):
    with pytest.raises(m.MappingError, match=reason):
        m.partner_payload(record, m.DEFAULT_IN["Account"], "Account")


def test_contact_names_its_account():
    contact = {"Id": "003000000000001AAA", "Name": "Jane", "AccountId": ACC}
    assert (
        m.partner_payload(contact, m.DEFAULT_IN["Contact"], "Contact")["parent_external_id"] == ACC
    )
    with pytest.raises(m.MappingError, match="AccountId"):
        m.partner_payload(dict(contact, AccountId="x"), m.DEFAULT_IN["Contact"], "Contact")


def opportunity(**kw):
    record = {
        "Id": OPP,
        "Name": "Deal",
        "AccountId": ACC,
        "StageName": "Closed Won",
        "IsWon": True,
        "CloseDate": "2026-03-10",
        "Amount": 1500.0,
        "Billing_Model__c": "Time & Materials",
        "SystemModstamp": "2026-03-10T08:00:00.000+0000",
        "OpportunityLineItems": {
            "totalSize": 2,
            "done": True,
            "records": [
                {"Id": "00k000000000002AAA", "Product2Id": PROD, "Quantity": 1, "UnitPrice": 500.0},
                {
                    "Id": "00k000000000001AAA",
                    "Product2Id": PROD,
                    "Quantity": "2",
                    "UnitPrice": "500",
                },
            ],
        },
    }
    record.update(kw)
    return record


def test_opportunity_payload_is_canonical():
    payload = m.opportunity_payload(opportunity(), m.DEFAULT_IN["Opportunity"])
    assert payload["billing_model"] == "time_materials"
    assert payload["is_won"] is True
    assert [line["line_id"] for line in payload["lines"]] == [
        "00k000000000001AAA",
        "00k000000000002AAA",
    ]
    assert payload["lines"][0]["quantity"] == 2.0
    # no line items at all (REST answers null)
    assert (
        m.opportunity_payload(opportunity(OpportunityLineItems=None), m.DEFAULT_IN["Opportunity"])[
            "lines"
        ]
        == []
    )


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"Billing_Model__c": "Barter"}, "Barter"),
        ({"IsWon": "maybe"}, "IsWon"),
        ({"Amount": "lots"}, "Amount"),
        ({"AccountId": None}, "no AccountId"),
        (
            {
                "OpportunityLineItems": {
                    "records": [{"Id": "l1", "Product2Id": PROD, "Quantity": 0, "UnitPrice": 1}]
                }
            },
            "positive Quantity",
        ),
        (
            {
                "OpportunityLineItems": {
                    "records": [{"Id": "l1", "Product2Id": None, "Quantity": 1, "UnitPrice": 1}]
                }
            },
            "Product2Id",
        ),
    ],
)
def test_malformed_opportunities_are_refused(changes, reason):
    with pytest.raises(m.MappingError, match=reason):
        m.opportunity_payload(opportunity(**changes), m.DEFAULT_IN["Opportunity"])


def test_won_changes_sees_only_material_changes():
    base = m.opportunity_payload(opportunity(), m.DEFAULT_IN["Opportunity"])
    same = m.opportunity_payload(
        opportunity(Name="Renamed", Description="x", SystemModstamp="2026-04-01T00:00:00Z"),
        m.DEFAULT_IN["Opportunity"],
    )
    assert deal.won_changes(base, same) == []
    more = opportunity(Amount=2000.0)
    more["OpportunityLineItems"]["records"][0]["Quantity"] = 3
    changes = deal.won_changes(base, m.opportunity_payload(more, m.DEFAULT_IN["Opportunity"]))
    assert changes[0] == "amount 1500.0 -> 2000.0"
    assert changes[1].startswith("products")
    lost = m.opportunity_payload(
        opportunity(IsWon=False, StageName="Closed Lost"), m.DEFAULT_IN["Opportunity"]
    )
    assert "is_won True -> False" in deal.won_changes(base, lost)


def test_soql_of_a_pull():
    q = m.soql(
        "Opportunity",
        m.DEFAULT_IN["Opportunity"],
        since=datetime.datetime(2026, 3, 1, 9, 30),
        where=["IsWon = true"],
    )
    assert q.startswith("SELECT Id, AccountId, IsWon, IsClosed, OwnerId, SystemModstamp, Name,")
    assert "(SELECT Id, Product2Id, PricebookEntryId, Quantity, UnitPrice" in q
    assert q.endswith(
        "WHERE IsWon = true AND SystemModstamp >= 2026-03-01T09:30:00Z ORDER BY SystemModstamp, Id"
    )
    assert "OpportunityLineItems" not in m.soql("Opportunity", {}, with_lines=False)
    assert m.soql_ids("Account", {}, [ACC, "x'; DROP"]).count("'") == 2


def test_status_records_and_chunks():
    rec = m.status_record(
        "Opportunity",
        OPP,
        {"order_ref": "S0001", "paid_amount": 0.0, "unmapped": 1},
        m.DEFAULT_OUT["Opportunity"],
    )
    assert rec == {
        "attributes": {"type": "Opportunity"},
        "id": OPP,
        "Odoo_Order__c": "S0001",
        "Odoo_Paid_Amount__c": 0.0,
    }
    assert [len(c) for c in m.chunks(list(range(450)), 200)] == [200, 200, 50]
    assert m.clean_record({"attributes": {}, "Id": ACC, "Sub": [{"attributes": 1, "a": 2}]}) == {
        "external_id": ACC,
        "Id": ACC,
        "Sub": [{"a": 2}],
    }


def test_sf_datetime_forms():
    for text in (
        "2026-03-02T10:00:00.000+0000",
        "2026-03-02T10:00:00Z",
        "2026-03-02T11:00:00+01:00",
        "2026-03-02T10:00:00.000Z",
    ):
        assert m.sf_datetime(text) == "2026-03-02 10:00:00"


def test_bulk_soql_has_no_order_by_and_records_are_sorted_afterwards():
    q = m.soql("Account", {"name": "Name"}, ordered=False)
    assert "ORDER BY" not in q
    assert "ORDER BY SystemModstamp, Id" in m.soql("Account", {"name": "Name"})
    rows = [
        {"Id": "b", "SystemModstamp": "2026-03-02T10:00:00.000+0000"},
        {"Id": "a", "SystemModstamp": "2026-03-02T10:00:00.000+0000"},
        {"Id": "c", "SystemModstamp": "2026-03-01T10:00:00Z"},
    ]
    assert [r["Id"] for r in m.by_modstamp(rows)] == ["c", "a", "b"]


def test_line_discounts_from_discount_or_total_price():
    def lines(*items):
        return m.opportunity_payload(
            opportunity(OpportunityLineItems={"records": list(items)}), m.DEFAULT_IN["Opportunity"]
        )["lines"]

    base = {"Product2Id": PROD, "Quantity": 2, "UnitPrice": 500}
    assert lines(dict(base, Id="l1", Discount=10))[0]["discount"] == 10.0
    assert lines(dict(base, Id="l1", TotalPrice=750))[0]["discount"] == 25.0
    assert lines(dict(base, Id="l1", TotalPrice=1000))[0]["discount"] == 0.0
    assert lines(dict(base, Id="l1"))[0]["discount"] == 0.0
    with pytest.raises(m.MappingError, match="Discount"):
        lines(dict(base, Id="l1", Discount=120))
    # a discount appearing after conversion is a material change
    old = {"lines": [{"product_external_id": PROD, "quantity": 2.0, "unit_price": 500.0}]}
    new = {"lines": [dict(old["lines"][0], discount=10.0)]}
    assert deal.won_changes(old, new)
    assert not deal.won_changes(old, {"lines": [dict(old["lines"][0], discount=0.0)]})
