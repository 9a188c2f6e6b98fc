"""``schedule``: every entry of each grant's timeline, life events applied
(:func:`vesting.events.timeline`).

``percent`` is the entry's shares as a percent of the grant, ``cumulative_percent`` the running
vested total's; ``original_date`` is as :class:`vesting.events.Entry` defines it. A stock split
is an entry of its own (mark ``split``, no shares: its note says what changed); every later
entry is in post-split shares, and percents are of the grant's shares on the entry's date.
Tables: one per grant, titled with its id, kind, shares and holder; a note names each recorded
leave the terms do not toll.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, NamedTuple

from ..allocation import Shares
from ..events import Entry, Mark, granted_on, timeline
from ..model import Grant, Leave, LeaveTolling
from ..report import Col, Report
from ..report.plain import percent_plain
from .base import Gathered, Listing, Row

Date = _dt.date | None


class ScheduleRow(NamedTuple):
    """One timeline entry of a grant (``schedule``)."""

    grant_id: Annotated[str, Col("Grant", table=False)]
    date: Annotated[Date, Col("Date", "date", rank=0)]
    shares: Annotated[Shares, Col("Shares", "shares", rank=0)]
    cumulative: Annotated[Shares, Col("Cumulative", "shares")]
    percent: Annotated[str, Col("% of\ngrant", "percent", rank=3)]
    cumulative_percent: Annotated[str, Col("Cumulative\n%", "percent", rank=2)]
    mark: Annotated[str, Col("Mark", blank="scheduled")]
    original_date: Annotated[Date, Col("Original\ndate", "date", rank=2)]
    note: Annotated[str, Col("Note")]


def title(g: Grant) -> str:
    """A grant's schedule table title: id, kind, shares and holder."""
    holder = f" · {g.holder}" if g.holder else ""
    return f"{g.id} · {g.kind.value} · {g.shares:,} shares{holder}"


def notes(g: Grant) -> list[str]:
    """What a reader of a grant's schedule table should know that no row says: a recorded
    leave these terms do not toll."""
    leaves = [e for e in g.events if isinstance(e, Leave)]
    if not leaves or g.terms.leave_tolling is not LeaveTolling.NONE:
        return []
    shown = ", ".join(f"{lv.start} to {lv.end}" for lv in leaves)
    return [
        f"{g.id}: leave {shown} recorded; these terms do not toll leaves (leave_tolling = none)"
    ]


def rows_of(g: Grant, entries: Sequence[Entry]) -> list[ScheduleRow]:
    """One grant's schedule rows (percents of the grant's shares on the entry's date: after a
    stock split, of the post-split shares)."""
    split = any(e.mark is Mark.SPLIT for e in entries)
    return [
        ScheduleRow(
            g.id,
            e.date,
            e.shares,
            e.cumulative,
            percent_plain(e.shares, whole := granted_on(g, e.date) if split else g.shares),
            percent_plain(e.cumulative, whole),
            e.mark.value,
            e.original_date,
            e.note,
        )
        for e in entries
    ]


def frame(rows: Iterator[Row], titles: dict[str, str]) -> Report:
    """The schedule report around ``rows`` (``titles``: per grant id, filled as rows come)."""
    return Report(
        "schedule", ScheduleRow, rows, title="Vesting schedule", split_by="grant_id", titles=titles
    )


def grant_report(g: Grant) -> Report:
    """One grant's schedule as a report of its own (the HTML report's)."""
    return frame(iter(rows_of(g, timeline(g))), {g.id: title(g)})


@dataclass(frozen=True)
class ScheduleCommand(Listing[tuple[Entry, ...]]):
    """Every vesting entry of each grant (see the module doc)."""

    name = "schedule"
    row = ScheduleRow

    def compute(self, grant: Grant, state: Any) -> tuple[Entry, ...]:
        return timeline(grant)

    def rows(self, grant: Grant, result: tuple[Entry, ...], totals: Any) -> list[ScheduleRow]:
        return rows_of(grant, result)

    def gather(self, grant: Grant, result: tuple[Entry, ...], gathered: Gathered) -> None:
        gathered.titles[grant.id] = title(grant)
        gathered.notes.extend(notes(grant))

    def frame(self, rows: Iterator[Row], gathered: Gathered) -> Report:
        return frame(rows, gathered.titles)


def report(pairs: Iterable[tuple[Grant, Sequence[Entry]]]) -> Report:
    """Every entry of every grant's timeline, as a report (for a program with the timelines
    at hand)."""
    gathered = Gathered()

    def rows() -> Iterator[Row]:
        for g, entries in pairs:
            gathered.titles[g.id] = title(g)
            gathered.notes.extend(notes(g))
            yield from rows_of(g, entries)

    out = frame(rows(), gathered.titles)
    out.notes = gathered.notes
    return out
