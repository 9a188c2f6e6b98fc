"""The protocol every command implements — what the run path (:mod:`vesting.run`) calls, so it
never needs to know which command it runs.

A **listing** command (:class:`Listing`) answers a question of each grant with typed rows:

* ``row`` — its row type: a ``NamedTuple`` whose fields each declare their column once
  (:mod:`vesting.report.columns`); renderers, JSON and CSV take every column from it;
* ``compute(grant, state)`` — what it computes for one grant (a status, a valuation, ...);
  a :class:`~vesting.errors.VestingError` makes that grant an entry with problems;
* ``rows(grant, result, totals)`` — the grant's rows, its figures added to ``totals``;
* ``totals()`` — new, empty running totals (:class:`Totals`: added to by ``rows``, merged
  across chunks and worker processes, written after the last grant);
* ``frame(rows, gathered)`` — the :class:`~vesting.report.Report` around the rows (its
  parameters, title, table layout), the *sink* its rows stream into;
* ``gather(grant, result, gathered)`` — what a table also shows of a grant (a schedule's
  title, a note), asked only for tables;
* ``state()`` and ``ordered`` — run state that changes from grant to grant (each holder's
  ISO limit, withholding so far) lives in an explicit object made once per run; a command
  whose answers depend on it runs in one process, in input order.

A **document** command (:class:`Document`) makes one document of all the grants (a chart, a
page, a calendar, an OCF package): ``start()`` a :class:`Builder`, ``add`` each grant (a
``VestingError`` leaves the builder as it was: that grant has problems), then ``finish``.

Commands are plain frozen dataclasses holding their parameters (picklable: workers get them)
and check those parameters when built, so a program embedding the library gets the same
errors as the command line. They never read files and never name a command-line flag.
"""

from __future__ import annotations

import datetime as _dt
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from ..model import Grant
from ..report import Note, Report

R = TypeVar("R")
Row = tuple[object, ...]


class Totals(Protocol):
    """Running totals of a listing command."""

    def merge(self, other: Any) -> None:
        """Add the totals of another chunk (grants added elsewhere, e.g. in a worker)."""

    def rows(self) -> list[Row]:
        """The total rows, written after every grant's."""


@dataclass
class Gathered:
    """What tables show beside the rows, gathered grant by grant (tables only): titles of
    split tables by key, notes under the table, and notes that many grants share (``about``:
    the note, then the grants it is about — written once, naming the first
    :data:`NAMED` grants and how many more)."""

    titles: dict[str, str] = field(default_factory=dict)
    notes: list[str | Note] = field(default_factory=list)
    about: dict[str, list[str]] = field(default_factory=dict)

    def merge(self, other: Gathered) -> None:
        self.titles.update(other.titles)
        self.notes.extend(other.notes)
        for note, ids in other.about.items():
            self.about.setdefault(note, []).extend(ids)

    def note_about(self, note: str, grant_id: str) -> None:
        """Say ``note`` of this grant (and of every other it is said of, in one note)."""
        self.about.setdefault(note, []).append(grant_id)

    def all_notes(self) -> list[str | Note]:
        """The notes, then each shared note with the grants it is about."""
        out = list(self.notes)
        for note, ids in self.about.items():
            more = f" and {len(ids) - NAMED:,} more" if len(ids) > NAMED else ""
            out.append(f"{note}: {', '.join(ids[:NAMED])}{more}.")
        return out


NAMED = 5
"""How many grants a shared note names before it counts the rest."""


class NoTotals:
    """The totals of a command that has none."""

    def merge(self, other: Any) -> None:
        return None

    def rows(self) -> list[Row]:
        return []


class Listing(ABC, Generic[R]):
    """A command that lists rows for each grant (see the module doc)."""

    name: ClassVar[str]
    row: ClassVar[type]
    ordered: ClassVar[bool] = False

    @property
    def in_order(self) -> bool:
        """This question needs one process, in input order (its run state)."""
        return self.ordered

    def state(self) -> Any:
        """New run state (``None``: the command keeps none)."""
        return None

    @abstractmethod
    def compute(self, grant: Grant, state: Any) -> R: ...

    @abstractmethod
    def rows(self, grant: Grant, result: R, totals: Any) -> Sequence[Row]: ...

    def totals(self) -> Totals:
        return NoTotals()

    @abstractmethod
    def frame(self, rows: Iterator[Row], gathered: Gathered) -> Report: ...

    def gather(self, grant: Grant, result: R, gathered: Gathered) -> None:
        """Add what a table shows of this grant besides its rows (default: nothing)."""
        return None

    def report(self, rows: Iterator[Row], totals: Totals, gathered: Gathered) -> Report:
        """The whole report: the frame around ``rows``, with what the totals add once every
        grant is in (:meth:`finish`)."""
        out = self.frame(rows, gathered)
        out.notes.extend(gathered.all_notes())
        self.finish(out, totals)
        return out

    def finish(self, report: Report, totals: Totals) -> None:
        """Add to ``report`` what is known once every grant is in (default: nothing)."""
        return None


class Builder(Protocol):
    """Collects the grants of a document (see :class:`Document`)."""

    def add(self, grant: Grant) -> None: ...


class Document(ABC):
    """A command that makes one document of all the grants (see the module doc)."""

    name: ClassVar[str]
    what: ClassVar[str]
    """What the document is called in messages (``chart``)."""
    limit: ClassVar[int | None] = 1000
    """The most grants one document holds (``None``: no limit)."""

    @abstractmethod
    def start(self, today: _dt.date) -> Builder: ...


def params_of(dates: Sequence[_dt.date]) -> Mapping[str, object]:
    """The ``as_of`` parameter of a report."""
    return {"as_of": [d.isoformat() for d in dates]}
