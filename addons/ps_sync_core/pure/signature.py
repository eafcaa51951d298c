# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""HMAC-SHA256 webhook signatures with a timestamp against replays.

Header format (the same scheme Stripe documents)::

    X-PS-Signature: t=<unix seconds>,v1=<hex hmac_sha256(secret, "<t>." + body)>

The timestamp is part of the signed text, so an attacker cannot refresh it;
deliveries older (or newer) than the tolerance are refused as stale, and the
receiver remembers the digests it accepted to refuse an exact replay inside the
window.

A sender retrying after a lost answer (possibly signed again with a new
timestamp) sends the same body: the receiver answers it 2xx as a duplicate
without applying it twice.
"""

import hashlib
import hmac
import secrets

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


#: a header longer than this is refused unread (a signature is ~80 characters)
MAX_HEADER_LEN = 2048
#: most ``v1`` signatures one header may carry (secrets being rotated)
MAX_SIGNATURES = 4


def parse(header):
    """``(timestamp, [v1 digests])`` of a signature header, or SignatureError.

    Several ``v1`` values are allowed, as Stripe sends while a secret is
    rotated: the delivery is signed with the old and the new secret, and the
    receiver accepts it whichever of the two it holds.
    """
    if not header:
        raise SignatureError(f"missing {HEADER} header")
    if len(header) > MAX_HEADER_LEN:
        raise SignatureError(f"malformed {HEADER} header: too long")
    timestamps, digests = [], []
    for item in header.split(","):
        key, sep, value = item.strip().partition("=")
        if not sep or not value:
            raise SignatureError(
                f"malformed {HEADER} header: expected 't=<unix time>,v1=<hex digest>'"
            )
        if key == "t":
            timestamps.append(value)
        elif key == SCHEME:
            digests.append(value)
    if len(timestamps) != 1 or not digests:
        raise SignatureError(
            f"malformed {HEADER} header: it needs one 't' and at least one '{SCHEME}'"
        )
    if len(digests) > MAX_SIGNATURES:
        raise SignatureError(f"malformed {HEADER} header: more than {MAX_SIGNATURES} signatures")
    try:
        timestamp = int(timestamps[0])
    except ValueError as err:
        raise SignatureError(
            f"malformed {HEADER} header: timestamp {timestamps[0][:20]!r} is not an integer"
        ) from err
    return timestamp, digests


def verify(secret, header, body, now, tolerance=300):
    """Return the verified digest, or raise SignatureError saying why not.

    The reasons given never depend on the secret or on whether the backend
    exists: a sender can debug a malformed header or a skewed clock, a
    stranger learns nothing.
    """
    timestamp, digests = parse(header)
    age = int(now) - timestamp
    if age > tolerance:
        raise SignatureError(f"stale signature: signed {age} s ago, tolerance is {tolerance} s")
    if age < -tolerance:
        raise SignatureError(
            f"signature timestamp is {-age} s in the future, tolerance is {tolerance} s"
        )
    # an unknown backend or one without a secret is checked against a random
    # key: the same work and the same answer as a wrong signature
    expected = compute(secret or secrets.token_hex(32), timestamp, body)
    matched = [d for d in digests if hmac.compare_digest(expected, d)]
    if not secret or not matched:
        raise SignatureError("signature mismatch: body or secret differ")
    return matched[0]


def body_digest(body):
    """Identity of a delivery: the SHA-256 of its body, whoever signed it when."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    return hashlib.sha256(body).hexdigest()
