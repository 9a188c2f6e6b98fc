"""``calendar``: every vest, exercise deadline and expiry on or after a date, as calendar events
(:mod:`vesting.report.calendar`), written as iCalendar by :mod:`vesting.render.ics`."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..model import Grant
from ..report.calendar import CalendarEvent, by_date, grant_events
from .base import Document


class CalendarBuilder:
    """The events of the grants added, in date order once :meth:`finish` ed."""

    def __init__(self, since: _dt.date) -> None:
        self.since = since
        self.events: list[CalendarEvent] = []

    def add(self, grant: Grant) -> None:
        self.events.extend(grant_events(grant, self.since))

    def finish(self) -> list[CalendarEvent]:
        return by_date(self.events)


@dataclass(frozen=True)
class CalendarCommand(Document):
    """The grants' events on or after ``since``."""

    name = "calendar"
    what = "calendar"

    since: _dt.date

    def start(self, today: _dt.date) -> CalendarBuilder:
        return CalendarBuilder(self.since)
