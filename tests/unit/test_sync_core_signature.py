"""Webhook signatures: HMAC-SHA256 over "<timestamp>.<body>"."""

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ps_sync_core_pure import signature
from ps_sync_core_pure.errors import SignatureError

SECRET = "whsec-test-0123456789"
NOW = 1_800_000_000


def test_header_matches_an_independent_hmac():
    body = b'{"object":"partner","records":[]}'
    expected = hmac.new(SECRET.encode(), b"1800000000." + body, hashlib.sha256).hexdigest()
    assert signature.header_value(SECRET, NOW, body) == f"t=1800000000,v1={expected}"


def test_verify_accepts_a_fresh_signature():
    body = b"{}"
    header = signature.header_value(SECRET, NOW - 10, body)
    assert signature.verify(SECRET, header, body, now=NOW) == header.split("v1=")[1]


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (None, "missing X-PS-Signature"),
        ("", "missing X-PS-Signature"),
        ("nonsense", "malformed"),
        ("t=1800000000", "needs one 't' and at least one 'v1'"),
        ("v1=abc", "needs one 't' and at least one 'v1'"),
        ("t=1,t=2,v1=abc", "needs one 't'"),
        ("t=1800000000," + ",".join(["v1=ab"] * 5), "more than 4 signatures"),
        ("t=1800000000,v1=" + "a" * 5000, "too long"),
        ("t=soon,v1=abc", "not an integer"),
    ],
)
def test_malformed_headers_say_why(header, reason):
    with pytest.raises(SignatureError, match=reason):
        signature.verify(SECRET, header, b"{}", now=NOW)


def test_stale_and_future_signatures_are_refused():
    body = b"{}"
    with pytest.raises(SignatureError, match="stale signature: signed 301 s ago"):
        signature.verify(SECRET, signature.header_value(SECRET, NOW - 301, body), body, now=NOW)
    with pytest.raises(SignatureError, match="in the future"):
        signature.verify(SECRET, signature.header_value(SECRET, NOW + 301, body), body, now=NOW)
    # exactly at the tolerance is still accepted
    signature.verify(SECRET, signature.header_value(SECRET, NOW - 300, body), body, now=NOW)


def test_no_secret_configured_answers_like_a_wrong_signature():
    # a stranger cannot tell a backend without a secret (or an unknown one)
    # from a wrong signature
    body = b"{}"
    for secret in ("", None):
        with pytest.raises(SignatureError, match="^signature mismatch"):
            signature.verify(secret, signature.header_value("guess", NOW, body), body, now=NOW)


def test_several_signatures_let_secrets_rotate():
    body = b'{"object":"partner","records":[]}'
    old = signature.compute("old-secret-0001", NOW, body)
    new = signature.compute("new-secret-0002", NOW, body)
    header = f"t={NOW},v1={old},v1={new}"
    assert signature.verify("old-secret-0001", header, body, now=NOW) == old
    assert signature.verify("new-secret-0002", header, body, now=NOW) == new
    with pytest.raises(SignatureError, match="mismatch"):
        signature.verify("third-secret-03", header, body, now=NOW)


def test_body_digest_identifies_a_delivery_whatever_its_signature():
    body = b'{"object":"partner","records":[{"external_id":"A"}]}'
    assert signature.body_digest(body) == hashlib.sha256(body).hexdigest()
    assert signature.body_digest(body.decode()) == signature.body_digest(body)


@given(body=st.binary(max_size=256), other=st.binary(max_size=256))
def test_any_change_to_the_body_breaks_the_signature(body, other):
    header = signature.header_value(SECRET, NOW, body)
    if other == body:
        assert signature.verify(SECRET, header, other, now=NOW)
    else:
        with pytest.raises(SignatureError, match="mismatch"):
            signature.verify(SECRET, header, other, now=NOW)


def test_the_timestamp_is_signed():
    body = b"{}"
    digest = signature.compute(SECRET, NOW - 1000, body)
    forged = f"t={NOW},v1={digest}"  # refreshed timestamp, old digest
    with pytest.raises(SignatureError, match="mismatch"):
        signature.verify(SECRET, forged, body, now=NOW)
