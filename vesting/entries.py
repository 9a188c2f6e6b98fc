"""A grant's timeline entries: what happened to each portion of its shares, and when
(:func:`vesting.events.timeline` makes them)."""

from __future__ import annotations

import datetime as _dt
from enum import StrEnum
from typing import NamedTuple

from .allocation import Shares


class Mark(StrEnum):
    """What happened to a timeline entry."""

    SCHEDULED = "scheduled"
    """A time-based tranche that vests (or will vest) on its date."""
    ACCELERATED = "accelerated"
    """Shares pulled forward by an acceleration; ``date`` is when they vested."""
    FORFEITED = "forfeited"
    """Shares that will never vest; ``date`` is when they were forfeited."""
    PENDING = "pending"
    """Event-gated shares whose event has not happened; ``date`` is None."""
    EVENT = "event"
    """Event-gated shares that vested on their event's date."""
    LAPSED = "lapsed"
    """Vested double-trigger RSUs that lapsed unsettled at the expiration; ``date`` is when."""
    CANCELLED = "cancelled"
    """Vested shares a cancellation took: options not exercised (they expire that day), or RSUs
    not settled (forfeited); ``date`` is the cancellation's."""
    SPLIT = "split"
    """A stock split took effect on ``date``: no shares of its own (``shares`` 0);
    ``cumulative`` is the vested total in post-split shares, ``note`` says what changed. Every
    later entry is in post-split shares."""


VESTS = (Mark.SCHEDULED, Mark.ACCELERATED, Mark.EVENT)


class Entry(NamedTuple):
    """One line of a grant's evaluated timeline.

    ``date`` is when the entry takes effect: the vest date (after any leave shift), the
    acceleration's effective date, the date shares were forfeited, or ``None`` for pending
    event-gated shares. ``original_date`` is, for a vesting tranche moved by a leave, the date
    the terms alone gave; for a forfeited tranche, the date it would have vested had employment
    continued (after any leave shift); for an event-gated entry, its deadline (or ``None``);
    ``None`` for a time-based tranche that vests on its own date.
    ``cumulative`` is the running total vested in timeline order; forfeited and pending entries
    do not add to it. ``note`` names the milestone, or says why the entry changed.
    """

    date: _dt.date | None
    shares: Shares
    cumulative: Shares
    mark: Mark = Mark.SCHEDULED
    original_date: _dt.date | None = None
    note: str = ""
    milestone: bool = False
    """True for an event-gated (milestone) entry."""
    held_from: _dt.date | None = None
    """For an event-gated entry pending only from a date on — shares a change of control's tail
    holds, from the termination (:mod:`vesting.provisions`) — that date; ``None``: pending
    from the start."""

    @property
    def vests(self) -> bool:
        return self.mark in VESTS
