# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure parts of the connector contract (connection outcomes, the batch
context) and the neutral won deal the CRM connectors share."""

import datetime

import pytest
import requests
from ps_billing_rules_pure import deal as d
from ps_sync_core_pure import connection as c
from ps_sync_core_pure.context import BatchContext


def test_network_faults_are_named_through_the_exception_chain():
    assert c.network_reason(requests.exceptions.ProxyError("tunnel 403")) == c.PROXY
    assert c.network_reason(requests.exceptions.SSLError("bad cert")) == c.TLS
    assert c.network_reason(requests.exceptions.ReadTimeout("slow")) == c.TIMEOUT
    assert c.network_reason(requests.exceptions.ConnectTimeout("slow")) == c.TIMEOUT
    assert c.network_reason(requests.exceptions.ConnectionError("dns")) == c.UNREACHABLE
    assert c.network_reason(ConnectionRefusedError("refused")) == c.UNREACHABLE
    assert c.network_reason(ValueError("not the network")) is None

    class Fault(Exception):
        pass

    try:
        try:
            raise requests.exceptions.ProxyError("tunnel 403")
        except requests.exceptions.ProxyError as err:
            raise Fault("Salesforce did not answer") from err
    except Fault as fault:
        assert c.network_reason(fault) == c.PROXY


def test_a_connection_outcome_is_ok_exactly_when_its_reason_is():
    ok = c.ConnectionOutcome(True, c.OK, "Connected")
    assert (ok.ok, ok.detail) == (True, "")
    with pytest.raises(ValueError):
        c.ConnectionOutcome(True, c.LOGIN_REFUSED, "no")
    with pytest.raises(ValueError):
        c.ConnectionOutcome(False, c.OK, "yes")
    with pytest.raises(ValueError):
        c.ConnectionOutcome(False, "gremlins", "?")


def test_batch_context_holds_the_batch_and_its_own_caches():
    first, second = BatchContext(1, "partner"), BatchContext(1, "partner")
    first.caches["countries"] = {"US": 233}
    assert second.caches == {} and second.items == {} and second.created == []
    assert (first.backend_id, first.object_name, first.correlation_id) == (1, "partner", None)


def line(model=d.FIXED, **kw):
    return d.DealLine(product_id=7, billing_model=model, quantity=1, unit_price=100.0, **kw)


def test_a_deal_is_checked_when_it_is_made():
    deal = d.Deal(
        external_id="006A",
        name="ERP rollout",
        company_id=1,
        partner_id=2,
        currency="USD",
        lines=(line(), line(d.TIME_MATERIALS)),
        source="Salesforce",
        close_date=datetime.date(2026, 3, 10),
    )
    assert deal.origin == "Salesforce 006A"
    assert deal.display == "deal 006A"
    assert deal.bills_time
    assert not d.Deal("X", "n", 1, 2, "USD", (line(),), label="Opportunity X").bills_time
    with pytest.raises(ValueError, match="no lines"):
        d.Deal("X", "n", 1, 2, "USD", ())
    with pytest.raises(ValueError, match="billing model"):
        line("barter")
    with pytest.raises(ValueError, match="positive quantity"):
        d.DealLine(7, d.FIXED, 0, 100.0)
    with pytest.raises(ValueError, match="discount"):
        line(discount=120)
    with pytest.raises(TypeError):
        d.Deal("X", "n", 1, 2, "USD", ({"product_id": 7},))
    assert d.SCHEDULE_KINDS == {"fixed": "fixed", "retainer": "retainer"}
