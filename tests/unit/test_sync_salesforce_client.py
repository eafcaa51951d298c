"""ps_sync_salesforce client wrapper against the HTTP-level fake org:
simple-salesforce runs unchanged; paging, Bulk API 2.0, collections, faults."""

import datetime

import pytest
from ps_sync_salesforce_fakes import salesforce_org as fake_org
from ps_sync_salesforce_pure import client as c
from ps_sync_salesforce_pure import mapping as m

CONFIG = {
    "auth": "password",
    "username": "u@example.com",
    "password": "pw",
    "security_token": "TOK",
}


@pytest.fixture
def org():
    return fake_org.FakeOrg(
        username="u@example.com", password="pw", security_token="TOK", page_size=3
    )


@pytest.fixture
def client(org):
    return c.SalesforceClient(CONFIG, session=org.session(), bulk_poll_seconds=0)


def test_query_pages_follow_next_records_url(org, client):
    ids = [org.add("Account", Name=f"A{i}") for i in range(7)]
    pages = list(client.query_pages(m.soql("Account", {"name": "Name"})))
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [r["Id"] for p in pages for r in p] == ids
    assert org.calls[0] == ("POST", "/services/Soap/u/59.0")
    assert org.api_calls == 3


def test_bulk_query_reads_csv_pages_by_locator(org, client):
    for i in range(5):
        org.add("Account", Name=f"A{i}", Phone=None)
    org.bulk_polls = 2
    pages = list(
        c.SalesforceClient(CONFIG, session=org.session(), bulk_poll_seconds=0).bulk_query_pages(
            "Account", "SELECT Id, Name, Phone FROM Account", max_records=2
        )
    )
    assert [len(p) for p in pages] == [2, 2, 1]
    assert pages[0][0]["Phone"] == ""
    assert org.calls_to("/jobs/query", "POST") == 1
    assert org.calls_to("/results") == 3


def test_collections_take_at_most_200_records_a_call(org, client):
    ids = [org.add("Opportunity", Name=f"O{i}") for i in range(450)]
    results = client.update_collection(
        [m.status_record("Opportunity", i, {"order_ref": "S1"}, {"order_ref": "X__c"}) for i in ids]
    )
    assert len(results) == 450 and all(r["success"] for r in results)
    assert org.calls_to("/composite/sobjects", "PATCH") == 3
    assert org.records["Opportunity"][ids[-1]]["X__c"] == "S1"


def test_the_fake_refuses_more_than_200_like_salesforce(org, client):
    with pytest.raises(c.SalesforceFault) as caught:
        client._call(
            lambda sf: sf.restful(
                "composite/sobjects",
                method="PATCH",
                json={"allOrNone": False, "records": [{}] * 201},
            )
        )
    assert caught.value.kind == "refused"
    assert caught.value.error_code == "EXCEEDED_ID_LIMIT"


def test_expired_session_logs_in_once_more(org, client):
    org.add("Account", Name="A")
    list(client.query_pages("SELECT Id FROM Account"))
    org.expire_sessions()
    assert len(list(client.query_pages("SELECT Id FROM Account"))[0]) == 1
    assert org.logins == 2
    org.expire_sessions()
    list(client.bulk_query_pages("Account", "SELECT Id FROM Account"))
    assert (org.logins, client.relogins) == (3, 1)


@pytest.mark.parametrize(
    "kind, expected, retry_after",
    [
        ("limit", "limit", 3600),
        ("timeout", "transient", None),
        ("500", "transient", None),
        ("503", "transient", None),
    ],
)
def test_faults_are_translated(org, client, kind, expected, retry_after):
    org.inject(kind)
    with pytest.raises(c.SalesforceFault) as caught:
        list(client.query_pages("SELECT Id FROM Account"))
    assert caught.value.kind == expected
    assert caught.value.retry_after == retry_after
    assert list(client.query_pages("SELECT Id FROM Account")) == [[]]


def test_refused_login(org):
    bad = c.SalesforceClient(dict(CONFIG, password="nope"), session=org.session())
    with pytest.raises(c.SalesforceFault) as caught:
        bad.org_info()
    assert caught.value.kind == "auth"
    assert "INVALID_LOGIN" in caught.value.message
    with pytest.raises(c.SalesforceFault, match="needs a username"):
        c.SalesforceClient({"auth": "jwt"}, session=org.session()).org_info()


def test_get_deleted_and_query_all(org, client):
    acc = org.add("Account", Name="Gone")
    keep = org.add("Account", Name="Keep")
    org.delete("Account", acc, master_id=keep)
    start = datetime.datetime(2026, 2, 20, tzinfo=datetime.timezone.utc)
    end = datetime.datetime(2027, 1, 1, tzinfo=datetime.timezone.utc)
    deleted, covered, __ = client.get_deleted("Account", start, end)
    assert [d["id"] for d in deleted] == [acc]
    assert covered == fake_org.ts(org.clock)  # the server's time, not the end asked for
    rows = list(
        client.query_pages(
            "SELECT Id, MasterRecordId FROM Account WHERE IsDeleted = true", include_deleted=True
        )
    )
    assert rows[0][0]["MasterRecordId"] == keep
    assert [r["Id"] for r in list(client.query_pages("SELECT Id FROM Account"))[0]] == [keep]


def test_config_key_holds_no_secret():
    assert "pw" not in c.config_key(CONFIG)
    assert c.config_key(CONFIG) != c.config_key(dict(CONFIG, password="other"))


def test_get_deleted_refuses_a_start_older_than_the_delete_log(org, client):
    start = datetime.datetime(2026, 2, 1, tzinfo=datetime.timezone.utc)  # 28 days back
    end = datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.timezone.utc)
    with pytest.raises(c.SalesforceFault) as caught:
        client.get_deleted("Account", start, end)
    assert (caught.value.kind, caught.value.error_code) == ("refused", "INVALID_REPLICATION_DATE")


def test_refused_login_says_salesforce_reason_not_the_library_template():
    from simple_salesforce.exceptions import SalesforceAuthenticationFailed

    soap = (
        '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv='
        '"http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>'
        "<faultcode>sf:LOGIN_MUST_USE_SECURITY_TOKEN</faultcode><faultstring>"
        "LOGIN_MUST_USE_SECURITY_TOKEN: Invalid username, password, security token; or "
        "user locked out. Are you at a new location?</faultstring></soapenv:Fault>"
        "</soapenv:Body></soapenv:Envelope>"
    )
    fault = c.translate(SalesforceAuthenticationFailed(500, soap))
    assert fault.kind == "auth"
    assert "LOGIN_MUST_USE_SECURITY_TOKEN" in fault.message
    assert "Are you at a new location?" in fault.message
    assert "<" not in fault.message and "Response content" not in fault.message
    oauth = '{"error":"invalid_grant","error_description":"expired authorization code"}'
    fault = c.translate(SalesforceAuthenticationFailed(400, oauth))
    assert fault.message == "Salesforce login refused: invalid_grant: expired authorization code"
    assert c.translate(SalesforceAuthenticationFailed(503, "down")).kind == "transient"


def test_refused_login_through_the_library(org):
    bad = c.SalesforceClient(dict(CONFIG, password="nope"), session=org.session())
    with pytest.raises(c.SalesforceFault) as caught:
        bad.org_info()
    assert caught.value.message == (
        "Salesforce login refused: INVALID_LOGIN: Invalid username, password, security "
        "token; or user locked out."
    )


def test_describe_is_read_once_per_client(org, client):
    org.multi_currency = True
    assert "CurrencyIsoCode" in client.field_names("Opportunity")
    assert "CurrencyIsoCode" in client.field_names("Opportunity")
    assert org.calls_to("/sobjects/Opportunity/describe") == 1


def test_every_answer_s_api_usage_is_kept_rest_bulk_and_sobject_calls(org, client):
    assert client.api_usage is None  # no answer yet
    org.api_used_elsewhere, org.api_max = 4_000, 5_000
    org.add("Account", Name="A")
    list(client.query_pages("SELECT Id FROM Account"))
    assert client.api_usage == (4_001, 5_000)  # simple-salesforce's REST call
    list(client.bulk_query_pages("Account", "SELECT Id FROM Account"))
    assert client.api_usage == (org.api_used, 5_000)  # Bulk API 2.0: the library keeps none
    client.field_names("Opportunity")
    assert client.api_usage == (org.api_used, 5_000)  # an sObject call
    # a login answer says nothing: the last reading stays
    org.expire_sessions()
    client.count("SELECT COUNT() FROM Account")
    assert client.api_usage == (org.api_used, 5_000)
