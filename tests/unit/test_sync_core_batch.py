"""Batch rules: external ids, duplicates, dependency order; retry delays."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ps_sync_core_pure import batch
from ps_sync_core_pure.errors import RecordRejected
from ps_sync_core_pure.retry import DEFAULT_DELAY, retry_delay


@pytest.mark.parametrize(
    ("record", "expected"),
    [({"external_id": " A-1 "}, "A-1"), ({"external_id": 42}, "42")],
)
def test_external_id(record, expected):
    assert batch.external_id_of(record) == expected


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({}, "required"),
        ({"external_id": "  "}, "required"),
        ({"external_id": True}, "must be a string"),
        ({"external_id": ["x"]}, "must be a string"),
        ({"external_id": "x" * 256}, "at most 255"),
        ("x", "must be a struct"),
    ],
)
def test_bad_external_ids(record, message):
    with pytest.raises(RecordRejected, match=message):
        batch.external_id_of(record)


def test_duplicate_positions_point_at_the_first():
    assert batch.duplicate_positions(["a", "b", "a", None, None, "b", "a"]) == {2: 0, 5: 1, 6: 0}


def test_dependency_levels_and_cycles():
    levels, cyclic = batch.dependency_levels(
        {
            "child": {"parent"},
            "parent": set(),
            "grandchild": {"child"},
            "outside": {"not-in-batch"},
            "c1": {"c2"},
            "c2": {"c1"},
            "self": {"self"},
            "after-cycle": {"c1"},
        }
    )
    assert levels == [["outside", "parent"], ["child"], ["grandchild"]]
    assert cyclic == {"c1", "c2", "self", "after-cycle"}


@given(st.dictionaries(st.integers(0, 30), st.sets(st.integers(0, 30), max_size=3), max_size=30))
def test_every_key_is_ordered_after_its_dependencies_or_reported(items):
    levels, cyclic = batch.dependency_levels(items)
    position = {key: n for n, level in enumerate(levels) for key in level}
    assert set(position) | cyclic == set(items)
    assert not set(position) & cyclic
    for key, level in position.items():
        for dep in items[key] & set(items):
            assert position[dep] < level


def test_retry_delay_reads_a_queue_job_pattern():
    pattern = {1: 60, 3: 300, 5: 1800}
    assert [retry_delay(pattern, n) for n in range(7)] == [60, 60, 60, 300, 300, 1800, 1800]
    assert retry_delay({1: (10, 20)}, 1) == 20
    assert retry_delay({}, 3) == DEFAULT_DELAY
