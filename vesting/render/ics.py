"""Calendar events (:mod:`vesting.report.calendar`) as an iCalendar file (RFC 5545), written
with the ``icalendar`` library.

Every event is an all-day event (``DTSTART;VALUE=DATE``, ``DTEND`` the next day, as RFC 5545
has all-day events end), marked free time (``TRANSP:TRANSPARENT``: a vest blocks no one's
day), with its stable ``UID``, a ``SUMMARY`` and a ``DESCRIPTION``, and ``CATEGORIES`` of
``Vesting`` and its kind. ``DTSTAMP`` is when the file was written, in UTC, as RFC 5545
requires; it is the one thing that differs between two runs.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import BinaryIO

from ..about import __version__
from ..report.calendar import CalendarEvent

PRODID = f"-//vesting//vesting {__version__}//EN"


def calendar_bytes(
    events: Sequence[CalendarEvent], name: str = "Vesting", now: _dt.datetime | None = None
) -> bytes:
    """The events as an iCalendar document."""
    from icalendar import Calendar, Event

    stamp = now or _dt.datetime.now(_dt.UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for e in events:
        ev = Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", stamp)
        ev.add("dtstart", e.date)
        ev.add("dtend", e.date + _dt.timedelta(days=1))
        ev.add("summary", e.summary)
        ev.add("description", e.description)
        ev.add("categories", ["Vesting", e.kind])
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return bytes(cal.to_ical())


def write(events: Sequence[CalendarEvent], out: BinaryIO, name: str = "Vesting") -> None:
    """Write the events to ``out`` as an iCalendar file."""
    out.write(calendar_bytes(events, name))
