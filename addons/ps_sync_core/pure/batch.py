# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Batch-level rules: external ids, duplicates and dependency order."""

from .errors import RecordRejected

MAX_EXTERNAL_ID_LEN = 255


def external_id_of(record):
    """The record's external id as a clean string, or raise RecordRejected."""
    if not isinstance(record, dict):
        raise RecordRejected(f"a record must be a struct/dict, got {type(record).__name__}")
    value = record.get("external_id")
    if isinstance(value, bool) or not isinstance(value, str | int):
        if value is None or value == "":
            raise RecordRejected("'external_id' is required and is empty")
        raise RecordRejected(f"'external_id' must be a string, got {type(value).__name__}")
    value = str(value).strip()
    if not value:
        raise RecordRejected("'external_id' is required and is empty")
    if "\x00" in value:
        raise RecordRejected("'external_id' contains a NUL character (\\x00)")
    if len(value) > MAX_EXTERNAL_ID_LEN:
        raise RecordRejected(
            f"'external_id' is {len(value)} characters long; "
            f"at most {MAX_EXTERNAL_ID_LEN} are allowed"
        )
    return value


def loggable_text(value, limit=64):
    """A short, storable text for a value sent by anyone (names, codes, ids)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return f"<{type(value).__name__}>"
    return str(value).replace("\x00", "")[:limit]


def loggable_external_id(record):
    """What a log row can say of a record's external id, even a malformed one."""
    value = record.get("external_id") if isinstance(record, dict) else None
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        return False
    return str(value).replace("\x00", "")[:MAX_EXTERNAL_ID_LEN] or False


def duplicate_positions(external_ids):
    """Map position -> first position, for every repeat of an id in the batch."""
    first = {}
    repeats = {}
    for pos, ext_id in enumerate(external_ids):
        if ext_id is None:
            continue
        if ext_id in first:
            repeats[pos] = first[ext_id]
        else:
            first[ext_id] = pos
    return repeats


def dependency_levels(items):
    """Order items so that each comes after the items it depends on.

    ``items`` maps a key to the set of keys (inside the same batch) it depends
    on. Returns ``(levels, cyclic)``: a list of lists of keys, level 0 first, and
    the set of keys caught in a cycle (or depending on one), which cannot be
    ordered.
    """
    # a key that depends on itself never becomes ready: it stays a cycle
    remaining = {key: set(deps) & set(items) for key, deps in items.items()}
    levels = []
    done = set()
    while remaining:
        ready = sorted(
            (key for key, deps in remaining.items() if deps <= done),
            key=lambda k: (str(type(k)), k),
        )
        if not ready:
            break
        levels.append(ready)
        done.update(ready)
        for key in ready:
            del remaining[key]
    return levels, set(remaining)
