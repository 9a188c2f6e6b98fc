"""Which grant ids a streamed file has already used, in flat memory.

A large CSV or JSON-lines file must not repeat an id, and checking that must not keep every id
in memory (a million ids as Python strings in a set take about 100 MB). :class:`SeenIds` keeps
a 96-bit fingerprint of each id — a 64-bit and a 32-bit string hash, independent (different
inputs to Python's keyed hash) — and the line it was on: 16 bytes a slot, at most 4/3 slots an
id (a million ids: 32 MiB). Two different ids share a fingerprint with probability about
n²/2⁹⁷ — for ten million ids, below 10⁻¹⁴.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from typing import Final

from ..errors import Location, Problem
from .build import Read

_LOW32: Final = 0xFFFFFFFF


class SeenIds:
    """A set of ids with the line each was first seen on (open addressing, linear probing)."""

    def __init__(self) -> None:
        self._size = 0
        self._alloc(1 << 14)

    def _alloc(self, capacity: int) -> None:
        self._mask = capacity - 1
        self._a = array("q", bytes(8 * capacity))
        self._b = array("I", bytes(4 * capacity))
        self._line = array("I", bytes(4 * capacity))  # 0: an empty slot (lines count from 1)

    def __len__(self) -> int:
        return self._size

    def add(self, gid: str, line: int) -> int | None:
        """Record ``gid`` as seen on ``line`` (>= 1); the line it was seen on before, if any."""
        h1 = hash(gid)
        h2 = hash("\0" + gid) & _LOW32
        a, b, lines, mask = self._a, self._b, self._line, self._mask
        i = h1 & mask
        while lines[i]:
            if a[i] == h1 and b[i] == h2:
                return lines[i]
            i = (i + 1) & mask
        a[i], b[i], lines[i] = h1, h2, line if line <= _LOW32 else _LOW32
        self._size += 1
        if self._size * 4 > (mask + 1) * 3:
            self._grow()
        return None

    def _grow(self) -> None:
        old = (self._a, self._b, self._line)
        self._alloc((self._mask + 1) * 2)
        a, b, lines, mask = self._a, self._b, self._line, self._mask
        for h1, h2, line in zip(*old, strict=True):
            if line:
                i = h1 & mask
                while lines[i]:
                    i = (i + 1) & mask
                a[i], b[i], lines[i] = h1, h2, line


def repeated(gid: str, before: int, where: Location) -> Problem:
    """The problem of an id already used by the entry at position ``before`` (a line of a CSV
    or JSON-lines file; the n-th grant of a document)."""
    earlier = f"line {before}" if where.line is not None else f"grant #{before}"
    return Problem("id", gid, f"an id not used by another grant ({earlier})", where)


class Repeats:
    """The one check for repeated grant ids, over a whole input however large (every reader's
    entries pass through :meth:`check`; a run with worker processes checks the entries they
    read in the parent, in input order)."""

    def __init__(self) -> None:
        self.seen = SeenIds()
        self.count = 0

    def check(self, entry: Read) -> Read:
        """``entry``, or — when its id was used by an earlier entry — the same entry with that
        problem (and no grant)."""
        if not entry.entry:
            return entry
        self.count += 1
        gid = entry.id
        if not gid:
            return entry
        position = entry.where.line if entry.where.line is not None else self.count
        before = self.seen.add(gid, position)
        if before is None:
            return entry
        problem = repeated(gid, before, entry.where)
        return entry._replace(grant=None, problems=(*entry.problems, problem))


def unique(entries: Iterable[Read]) -> Iterator[Read]:
    """``entries`` with every repeat of an earlier entry's grant id made a problem."""
    repeats = Repeats()
    check = repeats.check
    for entry in entries:
        yield check(entry)
