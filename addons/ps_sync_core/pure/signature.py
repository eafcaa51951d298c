# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""HMAC-SHA256 webhook signatures with a timestamp against replays.

Header format (the same scheme Stripe documents)::

    X-PS-Signature: t=<unix seconds>,v1=<hex hmac_sha256(secret, "<t>." + body)>

The timestamp is part of the signed text, so an attacker cannot refresh it;
deliveries older (or newer) than the tolerance are refused as stale, and the
receiver remembers the digests it accepted to refuse an exact replay inside the
window.
"""

import hashlib
import hmac

from .errors import SignatureError

HEADER = "X-PS-Signature"
SCHEME = "v1"


def compute(secret, timestamp, body):
    if isinstance(body, str):
        body = body.encode("utf-8")
    signed = str(int(timestamp)).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def header_value(secret, timestamp, body):
    return f"t={int(timestamp)},{SCHEME}={compute(secret, timestamp, body)}"


def parse(header):
    if not header:
        raise SignatureError(f"missing {HEADER} header")
    parts = {}
    for item in header.split(","):
        key, sep, value = item.strip().partition("=")
        if not sep or not value:
            raise SignatureError(
                f"malformed {HEADER} header: expected 't=<unix time>,v1=<hex digest>'"
            )
        parts.setdefault(key, value)
    if "t" not in parts or SCHEME not in parts:
        raise SignatureError(
            f"malformed {HEADER} header: it needs both 't' and '{SCHEME}'"
        )
    try:
        timestamp = int(parts["t"])
    except ValueError as err:
        raise SignatureError(
            f"malformed {HEADER} header: timestamp {parts['t']!r} is not an integer"
        ) from err
    return timestamp, parts[SCHEME]


def verify(secret, header, body, now, tolerance=300):
    """Return the verified digest, or raise SignatureError saying why not."""
    if not secret:
        raise SignatureError("this backend has no webhook secret configured")
    timestamp, digest = parse(header)
    age = int(now) - timestamp
    if age > tolerance:
        raise SignatureError(
            f"stale signature: signed {age} s ago, tolerance is {tolerance} s"
        )
    if age < -tolerance:
        raise SignatureError(
            f"signature timestamp is {-age} s in the future, tolerance is {tolerance} s"
        )
    expected = compute(secret, timestamp, body)
    if not hmac.compare_digest(expected, digest):
        raise SignatureError("signature mismatch: body or secret differ")
    return digest
