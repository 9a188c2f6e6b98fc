"""What the HTML report holds (``vesting report``): the page's data, built grant by grant by
:mod:`vesting.commands.report` from the layers below — timeline, status, valuation, the
schedule, status and value reports, the charts' data — and written by
:mod:`vesting.render.html`.

* A summary card per grant: kind, holder, shares, dates, terms, and its standing on the
  as-of date (vested, unvested, forfeited, exercisable, next vest, deadline; realizable value
  with a price).
* The status table (every grant and the total on the as-of date), the value table (with a
  price), each grant's schedule (its timeline, events applied) and its recorded events.
* The charts (:mod:`vesting.report.charts`).
* Extra sections (:class:`Section`) from other modules — fair value and expense, once the
  accounting module computes them — go after the schedules; the page has a place for them
  whether or not there are any.

Each report in it (a grant's schedule, the status and value tables) holds its rows, to be
written once.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import NamedTuple

from ..model import (
    Acceleration,
    Cancellation,
    Event,
    Exercise,
    Grant,
    Leave,
    Modification,
    NamedEvent,
    StockSplit,
    Termination,
    Trigger,
    VestingTerms,
)
from ..status import Status
from ..valuation import Valuation
from . import Note, Report
from .charts import Pictures
from .plain import percent_plain


class EventRow(NamedTuple):
    """One recorded event of a grant, in words."""

    date: _dt.date
    kind: str
    detail: str


@dataclass(frozen=True)
class GrantPage:
    """One grant's part of the page."""

    grant: Grant
    status: Status
    valuation: Valuation | None
    schedule: Report
    title: str
    """The schedule's title: id, kind, shares, holder."""
    events: tuple[EventRow, ...]
    notes: tuple[str, ...]
    terms: str


@dataclass(frozen=True)
class Section:
    """A section another module adds to the page (see :func:`vesting.render.html.render`):
    a title, paragraphs of text, and tables (reports, written like the page's own). Every
    text is escaped when written."""

    title: str
    paragraphs: tuple[str | Note, ...] = ()
    tables: tuple[Report, ...] = ()


@dataclass(frozen=True)
class Page:
    """Everything the report shows."""

    source: str
    as_of: _dt.date
    grants: tuple[GrantPage, ...]
    status: Report
    value: Report | None
    pictures: Pictures
    price_file: str
    """The name of the price file (``""``: one price, or none)."""


def terms_text(terms: VestingTerms) -> str:
    """The shape of the terms in a few words: ``48m every 1m, 12m cliff``."""
    if terms.conditions:
        shape = f"vesting conditions ({len(terms.conditions)})"
    elif terms.graded:
        shape = f"graded, {len(terms.graded)} steps"
    else:
        shape = f"{terms.length} every {terms.every}"
        if terms.calendar is not None:
            shape += f" (calendar {terms.calendar.value} ends)"
        if terms.cliff is not None and not terms.cliff.is_zero():
            shape += f", {terms.cliff} cliff"
    if terms.immediate:
        shape += f", {percent_plain(terms.immediate.numerator, terms.immediate.denominator)}%"
        shape += " at the start"
    if terms.milestones:
        names = ", ".join(m.name for m in terms.milestones)
        shape += f", milestones: {names}"
    if terms.settle_on:
        shape += f", settles on {terms.settle_on}"
    return shape


def _count(n: int) -> str:
    return f"{n:,} shares"


def event_row(event: Event) -> EventRow:
    """A recorded event in words."""
    if isinstance(event, Termination):
        return EventRow(event.date, "termination", event.reason.value)
    if isinstance(event, Leave):
        return EventRow(event.start, "leave", f"to {event.end} ({event.days} days)")
    if isinstance(event, Exercise):
        return EventRow(event.date, "exercise", _count(event.shares))
    if isinstance(event, Cancellation):
        return EventRow(event.date, "cancellation", _count(event.shares))
    if isinstance(event, NamedEvent):
        return EventRow(event.date, "event", event.name)
    if isinstance(event, StockSplit):
        return EventRow(event.date, "split", f"{event.text} (new shares for old)")
    if isinstance(event, Modification):
        return EventRow(event.date, event.kind, _changes(event))
    assert isinstance(event, Acceleration), event
    return EventRow(event.date, "acceleration", _acceleration(event))


def _changes(m: Modification) -> str:
    """What a modification changes, in words."""
    said = []
    if m.exercise_price is not None:
        said.append(f"exercise price {m.exercise_price}")
    if m.expiration is not None:
        said.append(f"expiration {m.expiration}")
    if m.exercise_windows:
        windows = ", ".join(f"{r.value} {p}" for r, p in m.exercise_windows)
        said.append(f"exercise windows {windows}")
    if m.accelerate is not None:
        said.append(f"accelerates {_acceleration(m.accelerate)}")
    return "; ".join(said)


def _acceleration(event: Acceleration) -> str:
    if event.shares is not None:
        amount = _count(event.shares)
    elif event.percent is not None:
        pct = percent_plain(event.percent.numerator, event.percent.denominator)
        amount = f"{pct}% of the unvested shares"
    else:
        amount = f"{event.months} months of vesting"
    how = f"{amount}, {event.trigger.value}-trigger, {event.method.value}"
    if event.trigger is Trigger.DOUBLE:
        reasons = ", ".join(r.value for r in event.qualifying)
        how += f", on a {reasons} termination within {event.window}"
    return how


def _first_date(row: EventRow) -> _dt.date:
    return row.date
