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
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def payload_hash(data):
    """SHA-256 of the canonical JSON: equal payloads give equal hashes."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


#: below this depth a logged payload says "[nested too deep]" instead
MAX_MASK_DEPTH = 32
TOO_DEEP = "[nested too deep]"


def mask(data, max_depth=MAX_MASK_DEPTH):
    """Copy of ``data`` with the values of secret-looking keys replaced.

    Iterative, so a hostile payload nested thousands of levels deep cannot
    exhaust the stack; below ``max_depth`` levels values are replaced by
    ``TOO_DEEP``.
    """

    def shallow(value):
        if isinstance(value, dict):
            return {}
        if isinstance(value, list | tuple):
            return []
        return value

    if not isinstance(data, dict | list | tuple):
        return data
    root = shallow(data)
    stack = [(data, root, 1)]
    while stack:
        src, dst, depth = stack.pop()
        items = src.items() if isinstance(src, dict) else enumerate(src)
        for key, value in items:
            if isinstance(src, dict) and SECRET_KEY_RE.search(str(key)):
                copy = MASK
            elif isinstance(value, dict | list | tuple):
                copy = TOO_DEEP if depth >= max_depth else shallow(value)
                if copy is not TOO_DEEP:
                    stack.append((value, copy, depth + 1))
            else:
                copy = value
            if isinstance(dst, dict):
                dst[key] = copy
            else:
                dst.append(copy)
    return root


def scrub(text, secrets):
    """Remove every known secret value from a free text (error messages)."""
    if not text:
        return text
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, MASK)
    return text


def pretty(text):
    """A logged payload indented for people; text that is not JSON as it is."""
    if not text:
        return text or ""
    try:
        return json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False)
    except (ValueError, RecursionError):
        return text


def diff(old_text, new_text, limit=50):
    """What a correction changed, one readable line per key path.

    ``["country_code: 'QQ' -> 'GB'", "phone: added '123'"]``; a payload that
    is not JSON on either side is compared as a whole.
    """
    try:
        old, new = json.loads(old_text or "null"), json.loads(new_text or "null")
    except (ValueError, RecursionError):
        return [f"payload: {str(old_text)[:200]!r} -> {str(new_text)[:200]!r}"]
    lines = []
    stack = [("", old, new)]
    while stack and len(lines) < limit:
        path, a, b = stack.pop()
        if isinstance(a, dict) and isinstance(b, dict):
            for key in sorted(set(a) | set(b), reverse=True):
                sub = f"{path}.{key}" if path else str(key)
                if key not in a:
                    lines.append(f"{sub}: added {b[key]!r}"[:300])
                elif key not in b:
                    lines.append(f"{sub}: removed (was {a[key]!r})"[:300])
                elif a[key] != b[key]:
                    stack.append((sub, a[key], b[key]))
        elif a != b:
            lines.append(f"{path or 'payload'}: {a!r} -> {b!r}"[:300])
    return sorted(lines) or ["no change"]
