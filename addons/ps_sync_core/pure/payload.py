# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Canonical payloads: hashing for idempotency, masking for the sync log."""

import hashlib
import json
import re

MASK = "***"
# keys whose values never reach a log, whatever the object
SECRET_KEY_RE = re.compile(
    r"(pass(word|wd)?|secret|token|api[_-]?key|authori[sz]ation|signature|"
    r"private[_-]?key|client[_-]?secret|session[_-]?id|cookie)",
    re.IGNORECASE,
)


def canonical_json(data):
    """Stable JSON text: sorted keys, no insignificant white space."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def payload_hash(data):
    """SHA-256 of the canonical JSON: equal payloads give equal hashes."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def mask(data):
    """Copy of ``data`` with the values of secret-looking keys replaced."""
    if isinstance(data, dict):
        return {
            key: (MASK if SECRET_KEY_RE.search(str(key)) else mask(value))
            for key, value in data.items()
        }
    if isinstance(data, list | tuple):
        return [mask(value) for value in data]
    return data


def scrub(text, secrets):
    """Remove every known secret value from a free text (error messages)."""
    if not text:
        return text
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, MASK)
    return text
