"""Canonical payloads, hashes and masking."""

from hypothesis import given
from hypothesis import strategies as st
from ps_sync_core_pure import payload

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.text(max_size=8), json_values, max_size=8))
def test_hash_ignores_key_order(data):
    reordered = dict(reversed(list(data.items())))
    assert payload.payload_hash(data) == payload.payload_hash(reordered)


def test_hash_sees_every_value():
    base = {"name": "Acme", "phone": None}
    assert payload.payload_hash(base) != payload.payload_hash({"name": "Acme", "phone": ""})
    assert payload.payload_hash(base) != payload.payload_hash({"name": "Acme "})
    assert len(payload.payload_hash(base)) == 64


def test_mask_hides_secret_keys_at_any_depth():
    data = {
        "name": "Acme",
        "password": "hunter2",
        "nested": {"api_key": "k", "Authorization": "Bearer x", "list": [{"token": 1}]},
        "client_secret": "s",
    }
    masked = payload.mask(data)
    assert masked["name"] == "Acme"
    assert masked["password"] == masked["client_secret"] == payload.MASK
    assert masked["nested"]["api_key"] == masked["nested"]["Authorization"] == payload.MASK
    assert masked["nested"]["list"][0]["token"] == payload.MASK
    assert data["password"] == "hunter2"  # the original is untouched


def test_scrub_removes_known_secret_values():
    text = "POST failed: secret=abcd1234 was refused"
    assert payload.scrub(text, ["abcd1234", None, ""]) == "POST failed: secret=*** was refused"
    assert payload.scrub(None, ["x"]) is None
    # very short "secrets" are not scrubbed (they would shred ordinary text)
    assert payload.scrub("a b c", ["a"]) == "a b c"


def test_mask_keeps_scalars_and_order():
    assert payload.mask("not a struct") == "not a struct"
    assert payload.mask(None) is None
    assert payload.mask([1, {"token": "x", "a": [2, 3]}, "z"]) == [
        1,
        {"token": "***", "a": [2, 3]},
        "z",
    ]


def test_mask_survives_a_hostile_nesting_depth():
    deep = []
    cur = deep
    for _ in range(200_000):  # far beyond Python's recursion limit
        nxt = []
        cur.append(nxt)
        cur = nxt
    masked = payload.mask({"external_id": "X", "a": deep})
    depth, cur = 0, masked["a"]
    while isinstance(cur, list):
        depth, cur = depth + 1, cur[0]
    assert cur == payload.TOO_DEEP
    assert depth < payload.MAX_MASK_DEPTH


def test_pretty_and_diff_for_people():
    assert payload.pretty('{"b":1,"a":[1]}') == '{\n  "a": [\n    1\n  ],\n  "b": 1\n}'
    assert payload.pretty("not json") == "not json"
    assert payload.diff('{"a":1,"b":{"c":"QQ"},"d":2}', '{"a":1,"b":{"c":"GB"},"e":3}') == [
        "b.c: 'QQ' -> 'GB'",
        "d: removed (was 2)",
        "e: added 3",
    ]
    assert payload.diff('{"a":1}', '{"a":1}') == ["no change"]
    assert payload.diff("{oops", '{"a":1}')[0].startswith("payload: ")
