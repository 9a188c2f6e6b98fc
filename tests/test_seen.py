"""The compact set of seen grant ids (vesting.io.seen) against a plain dict."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vesting.io.seen import SeenIds


@given(st.lists(st.text(max_size=12), max_size=3000))
def test_seen_ids_behave_like_a_dict_of_first_lines(ids: list[str]) -> None:
    seen, first = SeenIds(), {}
    for line, gid in enumerate(ids, start=1):
        assert seen.add(gid, line) == first.get(gid)
        first.setdefault(gid, line)
    assert len(seen) == len(first)


def test_many_ids_grow_the_table_and_keep_their_lines() -> None:
    seen = SeenIds()
    for n in range(1, 50_001):
        assert seen.add(f"E{n:07d}", n) is None
    assert seen.add("E0000001", 60_000) == 1
    assert seen.add("E0050000", 60_001) == 50_000
    assert seen.add("E0050001", 60_002) is None
    assert len(seen) == 50_001
