"""The dates a holder puts in a calendar (``vesting calendar``), written as iCalendar by
:mod:`vesting.render.ics`. Read from each grant's timeline and status, events applied.

The rules:

* **Vests.** One event per grant and vest date on or after ``since``: the shares that vest
  that day (a tranche, an acceleration and a milestone on the same day are one event) and
  the grant's vested total after them. Forfeitures, lapses and pending shares are not vests.
* **The last day to exercise** (options). Until a termination it is the expiration: an
  ``expiry`` event on it. After a termination the exercise deadline replaces it (the
  options expire at the end of the post-termination window, or at the expiration if that
  comes first): an ``exercise-deadline`` event. Either is written only when it falls on or
  after ``since`` and options are exercisable that day (as the recorded events stand — none
  left to exercise, no reminder), with that number.
* **Stable UIDs.** Each event's UID is a name-based UUID (version 5) of the grant id, the date
  and the kind (``vest``, ``exercise-deadline``, ``expiry``): the same grant, date and kind
  give the same UID in every run, so importing the calendar again updates its events instead
  of adding them twice.
"""

from __future__ import annotations

import datetime as _dt
import json
import uuid
from collections.abc import Iterable
from typing import Final, NamedTuple

from ..allocation import Shares
from ..errors import one_line
from ..events import exercise_deadline, timeline
from ..model import Grant
from ..shares import shares_text
from ..status import evaluate
from .plain import percent_plain

NAMESPACE: Final = uuid.UUID("b4bc1d9d-b2ea-4c6a-8048-5ecf02167d1f")
"""The namespace of the events' UIDs (fixed: changing it would change every UID)."""

KINDS: Final = ("vest", "exercise-deadline", "expiry")


class CalendarEvent(NamedTuple):
    """One all-day calendar event."""

    date: _dt.date
    kind: str
    """``vest``, ``exercise-deadline`` or ``expiry``."""
    grant_id: str
    shares: Shares
    """Vest: the shares that vest that day. Deadline, expiry: the options exercisable."""
    summary: str
    description: str
    uid: str


def uid(grant_id: str, date: _dt.date, kind: str) -> str:
    """The stable UID of a grant's event of ``kind`` on ``date`` (see the module rules)."""
    name = json.dumps([grant_id, date.isoformat(), kind], ensure_ascii=True)
    return f"{uuid.uuid5(NAMESPACE, name)}"


def count(x: Shares) -> str:
    """A share count in words' company, as tables print it: ``41,666`` or ``4.5000``
    (:func:`vesting.shares.shares_text`)."""
    return shares_text(x)


def _who(grant: Grant) -> str:
    holder = f", {grant.holder}" if grant.holder else ""
    return f"{grant.id} ({grant.kind.value}, {count(grant.shares)} shares{holder})"


def grant_events(grant: Grant, since: _dt.date) -> list[CalendarEvent]:
    """A grant's calendar events on or after ``since``, in date order (see the module
    rules)."""
    name = one_line(grant.id)
    out: list[CalendarEvent] = []
    days: dict[_dt.date, tuple[Shares, Shares]] = {}
    for e in timeline(grant):
        if e.vests and e.date is not None and e.date >= since:
            before = days.get(e.date, (0, 0))[0]
            days[e.date] = (before + e.shares, e.cumulative)
    for day, (shares, total) in sorted(days.items()):
        pct = percent_plain(total, grant.shares)
        out.append(
            CalendarEvent(
                day,
                "vest",
                grant.id,
                shares,
                f"{name}: {count(shares)} shares vest",
                f"{_who(grant)}: {count(shares)} shares vest on {day}; "
                f"{count(total)} vested in all ({pct}% of the grant).",
                uid(grant.id, day, "vest"),
            )
        )
    if grant.kind.is_option and grant.expiration is not None:
        last = exercise_deadline(grant, _dt.date.max)
        if last is not None and last >= since:
            status = evaluate(grant, last)
            if status.exercisable:
                kind = "expiry" if last == grant.expiration else "exercise-deadline"
                what = (
                    "the options expire"
                    if kind == "expiry"
                    else "the post-termination exercise window ends"
                )
                out.append(
                    CalendarEvent(
                        last,
                        kind,
                        grant.id,
                        status.exercisable,
                        f"{name}: last day to exercise {count(status.exercisable)} options",
                        f"{_who(grant)}: last day to exercise; {what} after {last}. "
                        f"{count(status.exercisable)} options exercisable that day.",
                        uid(grant.id, last, kind),
                    )
                )
    return out


def by_date(events: Iterable[CalendarEvent]) -> list[CalendarEvent]:
    """Events in date order (grants in input order on the same day)."""
    return sorted(events, key=_date_of)


def _date_of(e: CalendarEvent) -> _dt.date:
    return e.date
