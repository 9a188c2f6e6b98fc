"""Which grants a run answers, and what-if events: the one place that narrows a stream of
grant entries to some ids and adds events to every grant.

* :class:`Selection` — the ids asked for (all when none), the what-if events added after each
  grant's own, and a what-if leave policy; :meth:`Selection.apply` narrows and changes one
  entry, re-checking the grant (:func:`vesting.status.check`) so that an impossible combination
  is that entry's problem, like any grant read.
* :class:`Picker` — which of the ids asked for were found, and the first few ids there are
  (for the message when one is missing); it merges across chunks and worker processes.

An id that matches no grant is a problem of the input as a whole, found once every entry has
been read: :meth:`Picker.missing`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from ..errors import Problem, VestingError
from ..io import Read
from ..model import Event, LeaveTolling
from ..status import check

SOME = 10
"""How many of the ids there are a missing-id message shows."""


@dataclass(frozen=True)
class Selection:
    """The grants a run answers and what is added to each (see the module doc)."""

    ids: tuple[str, ...] = ()
    events: tuple[Event, ...] = ()
    toll: LeaveTolling | None = None
    """A what-if leave policy for every grant (``None``: each grant's own)."""

    def picker(self) -> Picker:
        return Picker(self.ids)

    def apply(self, entry: Read) -> Read:
        """The entry with the what-if events added to its grant (checked again)."""
        grant = entry.grant
        if grant is None or (not self.events and self.toll is None):
            return entry
        if self.toll is not None and grant.terms.leave_tolling is not self.toll:
            grant = replace(grant, terms=replace(grant.terms, leave_tolling=self.toll))
        grant = grant.with_events(*self.events)
        try:
            check(grant)
        except VestingError as e:
            located = tuple(p.located(entry.where) for p in e.problems)
            return Read(None, located, entry.where, True, entry.id)
        return entry._replace(grant=grant)

    def entries(self, items: Iterable[Read]) -> Iterator[Read]:
        """``items`` narrowed and changed (see the module doc); after the last, an entry for
        each id asked for that no grant has."""
        picker = self.picker()
        for entry in items:
            if picker.take(entry):
                yield self.apply(entry)
        for problem in picker.missing():
            yield Read(None, (problem,), problem.location, False)


class Picker:
    """The ids asked for that were found, and some of the ids there are (module doc)."""

    def __init__(self, ids: Sequence[str]) -> None:
        self.ids = tuple(dict.fromkeys(ids))
        self.wanted = frozenset(self.ids)
        self.found: set[str] = set()
        self.some: list[str] = []

    def take(self, entry: Read) -> bool:
        """Whether the run answers this entry (entries with problems always pass: they must
        be reported)."""
        grant = entry.grant
        if grant is None:
            return True
        if len(self.some) < SOME:
            self.some.append(grant.id)
        if not self.wanted:
            return True
        if grant.id in self.wanted:
            self.found.add(grant.id)
            return True
        return False

    def merge(self, other: Picker) -> None:
        self.found |= other.found
        self.some.extend(other.some[: SOME - len(self.some)])

    def missing(self) -> list[Problem]:
        """A problem for each id asked for that no grant has."""
        shown = ", ".join(self.some) + (", ..." if len(self.some) == SOME else "")
        allowed = f"a grant id in the file: {shown or 'none'}"
        return [Problem("grant", i, allowed) for i in self.ids if i not in self.found]
