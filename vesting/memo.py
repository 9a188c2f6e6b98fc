"""Results kept per grant object: a bounded cache keyed by the grant's identity.

A :class:`~vesting.Grant` is immutable, so what is computed from one (its compiled layout, its
end date, its timeline) can never go stale; the engine keeps such values here rather than
inside the frozen record. :func:`kept` gives the grant's :class:`Kept` record, whose slots the
engine (``layout``, ``end``, ``graph``) and the events module (``timeline``) fill in once each.
Keys are the grant's ``id()``; each record holds the grant itself, so while it exists its id
cannot be reused by another object, and a lookup checks the identity. The cache is bounded
(:data:`SIZE` grants, the oldest dropped first): a bulk run over a million grants keeps only
the last few thousand, and a caller asking about the same grant again and again is answered at
once.

Safe to share between threads: every value kept is immutable and computed from immutable
inputs, so a race only computes a value twice; dictionary operations are atomic.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from typing import Any, Final

SIZE: Final = 4096
"""The most grants kept."""


class Kept:
    """What is known of one grant (``None``: not yet computed)."""

    __slots__ = ("base", "end", "grant", "graph", "layout", "splits", "timeline")

    def __init__(self, grant: object) -> None:
        self.grant = grant
        self.layout: Any = None
        """The compiled layout and time-based shares (:mod:`vesting.engine`)."""
        self.end: Any = None
        """The last vest date, in a 1-tuple (it may be ``None``)."""
        self.graph: Any = None
        """The graph's time-based tranches (terms written as vesting conditions)."""
        self.timeline: Any = None
        """The timeline, events applied, each entry in the shares of its date
        (:mod:`vesting.events`)."""
        self.base: Any = None
        """The timeline in shares as granted, and what tranche rounding dropped."""
        self.splits: Any = None
        """The grant's stock splits in date order (:mod:`vesting.inforce`)."""


# an OrderedDict drops its oldest entry in constant time (a dict's first key is found by
# scanning past the slots deleted before it)
_KEPT: OrderedDict[int, Kept] = OrderedDict()


_LAST: list[Kept] = [Kept(None)]
"""The record asked for last: a run asks about one grant many times in a row."""


def kept(grant: object) -> Kept:
    """The record kept for this very grant (a new one when there is none)."""
    last = _LAST[0]  # one read: another thread may replace it, never half of it
    if last.grant is grant:
        return last
    record = _KEPT.get(id(grant))
    if record is not None and record.grant is grant:
        _LAST[0] = record
        return record
    record = Kept(grant)
    if len(_KEPT) >= SIZE:
        with contextlib.suppress(KeyError):  # another thread may have emptied it meanwhile
            _KEPT.popitem(last=False)
    _KEPT[id(grant)] = record
    _LAST[0] = record
    return record


def forget() -> None:
    """Drop everything kept (tests, and callers that want the memory back)."""
    _KEPT.clear()
    _LAST[0] = Kept(None)
