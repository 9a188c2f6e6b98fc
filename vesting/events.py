"""What life events do to a grant: the one module that applies events.

(Stub: events are not applied yet — the timeline is the plain schedule.)
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from enum import StrEnum

from .allocation import Shares
from .engine import schedule
from .model import Grant


class Mark(StrEnum):
    """What happened to a timeline entry."""

    SCHEDULED = "scheduled"
    """A time-based tranche that vests (or will vest) on its date."""
    ACCELERATED = "accelerated"
    """Shares pulled forward by an acceleration; ``date`` is when they vested."""
    FORFEITED = "forfeited"
    """Shares that will never vest (termination, or a missed milestone deadline)."""
    PENDING = "pending"
    """Event-gated shares whose event has not happened; ``date`` is None."""
    EVENT = "event"
    """Event-gated shares that vested on their event's date."""


@dataclass(frozen=True)
class Entry:
    """One line of a grant's evaluated timeline.

    ``date`` is when the shares vest (after any leave shift; the acceleration date for
    accelerated shares; the forfeiture date for forfeited shares; ``None`` for pending ones).
    ``original_date`` is the date the terms alone would give, when it differs.
    ``cumulative`` is the running total of shares vested (scheduled, accelerated, event) —
    forfeited and pending entries do not add to it. ``note`` names the milestone or event.
    """

    date: _dt.date | None
    shares: Shares
    cumulative: Shares
    mark: Mark = Mark.SCHEDULED
    original_date: _dt.date | None = None
    note: str = ""


def timeline(grant: Grant) -> tuple[Entry, ...]:
    """The grant's vesting as its recorded events make it, in date order."""
    return tuple(Entry(t.date, t.shares, t.cumulative) for t in schedule(grant))
