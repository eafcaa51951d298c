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
