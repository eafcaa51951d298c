"""Validation and canonical form of inbound records."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ps_sync_core_pure.errors import RecordRejected
from ps_sync_core_pure.schema import Key, email_key, normalize

KEYS = (
    Key("name", required=True, max_len=10),
    Key("is_company", "bool", default=False),
    email_key(),
    Key(
        "country_code",
        max_len=2,
        upper=True,
        pattern=r"^[A-Z]{2}$",
        pattern_help="an ISO country code",
    ),
    Key("hours", "float"),
    Key("count", "int"),
    Key("day", "date"),
    Key("updated_at", "datetime"),
    Key("status", choices=("draft", "approved")),
)

NESTED_40 = ["x"]
for _ in range(40):
    NESTED_40 = [NESTED_40]


def test_canonical_form():
    data, unknown = normalize(
        {
            "external_id": "A",
            "name": " Acme ",
            "email": "AP@Acme.Example",
            "country_code": "us",
            "hours": 2,
            "day": "2026-03-02",
            "updated_at": "2026-03-02T10:00:00+02:00",
            "extra": 1,
        },
        KEYS,
    )
    assert data == {
        "name": "Acme",
        "is_company": False,
        "email": "ap@acme.example",
        "country_code": "US",
        "hours": 2.0,
        "count": None,
        "day": "2026-03-02",
        "updated_at": "2026-03-02 08:00:00",
        "status": None,
    }
    assert unknown == ["extra"]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({}, "'name' is required"),
        ({"name": "   "}, "'name' is required"),
        ({"name": "x" * 11}, "at most 10"),
        ({"name": 5.5}, "'name' must be a string, got float"),
        ({"name": "A", "is_company": "yes"}, "'is_company' must be true or false"),
        ({"name": "A", "email": "nope"}, "is not an e-mail address"),
        ({"name": "A", "country_code": "U1"}, "is not an ISO country code"),
        ({"name": "A", "hours": "two"}, "'hours' must be a number"),
        ({"name": "A", "hours": float("nan")}, "'hours' must be a number"),
        ({"name": "A", "count": True}, "'count' must be an integer"),
        ({"name": "A", "day": "02/03/2026"}, "'day' must be a date"),
        ({"name": "A", "updated_at": 12}, "'updated_at' must be an ISO 8601"),
        ({"name": "A", "status": "paid"}, "'status' is 'paid'; allowed: 'draft', 'approved'"),
        # found by acceptance testing: each of these once escaped the rejection path
        ({"name": "A", "hours": "NaN"}, "'hours' must be a number"),
        ({"name": "A", "hours": "-inf"}, "'hours' must be a number"),
        ({"name": "A", "hours": "1e999"}, "'hours' must be a number"),
        ({"name": "A\x00B"}, "'name' contains a NUL character"),
        ({"name": "A", "updated_at": "9999-12-31T23:59:59-05:00"}, "out of range"),
        ({"name": "A", "updated_at": "0001-01-01T00:00:00+05:00"}, "out of range"),
        ({"name": "A", "extra": NESTED_40}, "nested deeper than 32 levels"),
        ({"name": "A", "extra": ["x"] * 20_000}, "more than 10000 values"),
        ({"name": "A", "extra": "x" * 300_000}, "more than 262144 characters"),
    ],
)
def test_rejections_name_the_key_and_the_problem(record, message):
    with pytest.raises(RecordRejected, match=message):
        normalize(record, KEYS)


def test_not_a_dict():
    with pytest.raises(RecordRejected, match="must be a struct/dict, got list"):
        normalize([1, 2], KEYS)


@given(st.text(max_size=10).filter(lambda s: s.strip() and "\x00" not in s))
def test_normalizing_twice_changes_nothing(name):
    once, __ = normalize({"name": name}, KEYS)
    twice, __ = normalize(once, KEYS)
    assert once == twice


_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40)
)


@given(
    st.dictionaries(st.text(max_size=12), _SCALARS, max_size=30),
    st.integers(min_value=1, max_value=80),
    st.integers(min_value=0, max_value=400),
)
def test_flat_record_shortcut_decides_like_the_full_walk(record, max_items, max_chars):
    """check_shape's one-pass path for flat structs refuses exactly what the
    iterative walk refuses, with the same message."""
    from ps_sync_core_pure.schema import check_shape, walk_shape

    def outcome(check):
        try:
            check(record, max_items=max_items, max_chars=max_chars)
        except RecordRejected as err:
            return err.message
        return None

    assert outcome(check_shape) == outcome(walk_shape)
