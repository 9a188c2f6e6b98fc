"""Results kept per grant object: a bounded cache keyed by the grant's identity.

A :class:`~vesting.Grant` is immutable, so what is computed from one (its compiled layout, its
timeline) can never go stale; the engine keeps such values here rather than inside the frozen
record. Keys are the grant's ``id()``; each entry holds the grant itself, so while an entry
exists its id cannot be reused by another object, and a lookup checks the identity. The cache
is bounded (:data:`SIZE` entries, the oldest dropped first): a bulk run over a million grants
keeps only the last few thousand, and a caller asking about the same grant again and again is
answered at once.

Safe to share between threads: every value is immutable and computed from immutable inputs,
so a race only computes a value twice; dictionary operations are atomic.
"""

from __future__ import annotations

import contextlib
from typing import Final, Generic, TypeVar

V = TypeVar("V")

SIZE: Final = 4096
"""The most grants one memo keeps."""


class GrantMemo(Generic[V]):
    """Values computed from grants, by grant identity (see the module doc)."""

    __slots__ = ("_entries", "_size")

    def __init__(self, size: int = SIZE) -> None:
        self._entries: dict[int, tuple[object, V]] = {}
        self._size = size

    def get(self, grant: object) -> V | None:
        """The value kept for this very object, or ``None``."""
        hit = self._entries.get(id(grant))
        if hit is not None and hit[0] is grant:
            return hit[1]
        return None

    def put(self, grant: object, value: V) -> V:
        """Keep ``value`` for ``grant`` (dropping the oldest entry when full); returns it."""
        entries = self._entries
        if len(entries) >= self._size:
            # another thread may have emptied or changed it meanwhile: then nothing to drop
            with contextlib.suppress(StopIteration, KeyError, RuntimeError):
                del entries[next(iter(entries))]
        entries[id(grant)] = (grant, value)
        return value

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
