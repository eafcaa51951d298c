# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Declarative validation of inbound records.

An object (partner, timesheet, ...) declares its keys as ``Key`` specs; ``normalize``
turns one raw record into a canonical dict or raises ``RecordRejected`` with a
message naming the key and what was wrong. Canonical means: strings stripped,
empty strings become None, optional keys absent become None, so that two
payloads that mean the same thing hash the same.
"""

import datetime
import math
import re

from .errors import RecordRejected

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TYPE_NAMES = {
    "str": "a string",
    "bool": "true or false",
    "int": "an integer",
    "float": "a number",
    "date": "a date 'YYYY-MM-DD'",
    "datetime": "an ISO 8601 date-time such as '2026-03-02T10:00:00Z'",
}


class Key:
    """One key of an inbound record."""

    def __init__(
        self,
        name,
        type_="str",
        required=False,
        max_len=None,
        choices=None,
        default=None,
        pattern=None,
        pattern_help=None,
        upper=False,
        lower=False,
    ):
        self.name = name
        self.type = type_
        self.required = required
        self.max_len = max_len
        self.choices = choices
        self.default = default
        self.pattern = re.compile(pattern) if isinstance(pattern, str) else pattern
        self.pattern_help = pattern_help
        self.upper = upper
        self.lower = lower
        # looked up once: clean() runs for every key of every record
        self._clean_value = getattr(self, f"_clean_{type_}", None)

    def _type_error(self, value):
        return RecordRejected(
            f"'{self.name}' must be {_TYPE_NAMES[self.type]}, got {type(value).__name__} {value!r}"[
                :300
            ]
        )

    def clean(self, value):
        """Return the canonical value, or raise RecordRejected."""
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                value = None
        if value is None:
            if self.required:
                raise RecordRejected(f"'{self.name}' is required and is empty")
            return self.default
        value = (self._clean_value or getattr(self, f"_clean_{self.type}"))(value)
        if self.choices is not None and value not in self.choices:
            allowed = ", ".join(repr(c) for c in self.choices)
            raise RecordRejected(f"'{self.name}' is {value!r}; allowed: {allowed}")
        return value

    def _clean_str(self, value):
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self._type_error(value)
        value = str(value)
        if "\x00" in value:
            raise RecordRejected(f"'{self.name}' contains a NUL character (\\x00)")
        if self.upper:
            value = value.upper()
        if self.lower:
            value = value.lower()
        if self.max_len and len(value) > self.max_len:
            raise RecordRejected(
                f"'{self.name}' is {len(value)} characters long; at most {self.max_len} are allowed"
            )
        if self.pattern and not self.pattern.match(value):
            raise RecordRejected(
                f"'{self.name}' {value!r} is not {self.pattern_help or 'well formed'}"
            )
        return value

    def _clean_bool(self, value):
        if isinstance(value, bool):
            return value
        if value in (0, 1) and not isinstance(value, float):
            return bool(value)
        raise self._type_error(value)

    def _clean_int(self, value):
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._type_error(value)
        return value

    def _clean_float(self, value):
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self._type_error(value)
        try:
            number = float(value)
        except (ValueError, OverflowError) as err:
            raise self._type_error(value) from err
        # "NaN", "inf" and 1e400 parse; none of them is an amount or a quantity
        if not math.isfinite(number):
            raise self._type_error(value)
        return number

    def _clean_date(self, value):
        if isinstance(value, datetime.datetime):
            return value.date().isoformat()
        if isinstance(value, datetime.date):
            return value.isoformat()
        if not isinstance(value, str):
            raise self._type_error(value)
        try:
            return datetime.date.fromisoformat(value[:10]).isoformat()
        except ValueError as err:
            raise self._type_error(value) from err

    def _clean_datetime(self, value):
        if isinstance(value, datetime.datetime):
            parsed = value
        elif isinstance(value, str):
            try:
                parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError as err:
                raise self._type_error(value) from err
        else:
            raise self._type_error(value)
        if parsed.tzinfo is not None:
            try:
                parsed = parsed.astimezone(datetime.timezone.utc).replace(tzinfo=None)
            except OverflowError as err:  # 9999-12-31T23:59:59-05:00
                raise RecordRejected(
                    f"'{self.name}' {value!r} is out of range once converted to UTC"
                ) from err
        # the format Odoo stores datetimes in (naive UTC)
        return parsed.strftime("%Y-%m-%d %H:%M:%S")


def email_key(name="email", required=False):
    return Key(
        name,
        required=required,
        max_len=240,
        pattern=EMAIL_RE,
        pattern_help="an e-mail address",
        lower=True,
    )


#: a record nested deeper than this, or larger, is refused before anything
#: else reads it (hashing, masking and logging walk the whole structure)
MAX_DEPTH = 32
MAX_ITEMS = 10_000
MAX_CHARS = 256 * 1024


def check_shape(record, max_depth=MAX_DEPTH, max_items=MAX_ITEMS, max_chars=MAX_CHARS):
    """Refuse a record nested too deep, holding too many values or too much text.

    Iterative (a hostile record nested 100,000 levels deep cannot exhaust the
    stack) and bounded: it stops at the first limit crossed.
    """
    if isinstance(record, dict) and 2 * len(record) <= max_items and max_depth >= 1:
        # the usual record: one flat struct of scalars, checked in one pass
        chars = 0
        for key, value in record.items():
            if isinstance(value, dict | list | tuple) or isinstance(key, tuple):
                break
            if isinstance(key, str | bytes):
                chars += len(key)
            if isinstance(value, str | bytes):
                chars += len(value)
        else:
            if chars > max_chars:
                raise RecordRejected(f"the record holds more than {max_chars} characters of text")
            return
    walk_shape(record, max_depth, max_items, max_chars)


def walk_shape(record, max_depth=MAX_DEPTH, max_items=MAX_ITEMS, max_chars=MAX_CHARS):
    """``check_shape`` for any structure: every value visited, iteratively."""
    stack, seen, chars = [(record, 1)], 0, 0
    while stack:
        value, depth = stack.pop()
        if depth > max_depth:
            raise RecordRejected(f"the record is nested deeper than {max_depth} levels")
        if isinstance(value, dict):
            children = list(value.keys()) + list(value.values())
        elif isinstance(value, list | tuple):
            children = value
        else:
            children = ()
        for child in children:
            seen += 1
            if seen > max_items:
                raise RecordRejected(f"the record holds more than {max_items} values")
            if isinstance(child, str | bytes):
                chars += len(child)
                if chars > max_chars:
                    raise RecordRejected(
                        f"the record holds more than {max_chars} characters of text"
                    )
            elif isinstance(child, dict | list | tuple):
                stack.append((child, depth + 1))


def normalize(record, keys, ignore=("external_id",)):
    """Validate one raw record against ``keys``.

    Returns ``(data, unknown)``: the canonical dict holding every declared key,
    and the sorted list of keys the record had that nobody declared (reported to
    the sender, not applied).
    """
    if not isinstance(record, dict):
        raise RecordRejected(f"a record must be a struct/dict, got {type(record).__name__}")
    check_shape(record)
    data = {}
    get = record.get
    for key in keys:
        data[key.name] = key.clean(get(key.name))
    declared = _declared(keys, ignore)
    unknown = sorted(str(k) for k in record if k not in declared)
    return data, unknown


_DECLARED = {}


def _declared(keys, ignore):
    """The names of ``keys`` and ``ignore``, computed once per spec."""
    try:
        return _DECLARED[keys, ignore]
    except KeyError:
        names = _DECLARED[keys, ignore] = frozenset([key.name for key in keys] + list(ignore))
        return names
    except TypeError:  # unhashable spec: computed each time
        return frozenset([key.name for key in keys] + list(ignore))
