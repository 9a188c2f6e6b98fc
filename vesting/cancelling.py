"""Cancellations applied to a grant's timeline — rule 6 of :mod:`vesting.events` (see its
rules): what a cancellation counts, in date order, and the shares it takes.
"""

from __future__ import annotations

import datetime as _dt
from fractions import Fraction
from math import floor

from .allocation import Shares
from .entries import Entry, Mark
from .errors import EventError, Problem, at_grant
from .eventrules import exercise_deadline
from .inforce import event_shares, expiration_of, factor_on
from .model import Cancellation, Exercise, Grant, Termination
from .tolling import Piece


class EarlyCancels:
    """Cancellations dated before an acceleration takes effect, applied to the tranches first
    (rule 6 before rule 2): an acceleration works on what the cancellation left unvested.
    While employment goes on (before the termination and the expiration) nothing is gone yet,
    so what such a cancellation counts is unvested shares, the latest first — never shares
    exercised early; its forfeitures are recorded now, and the cancellation pass (rule 6)
    finds them already gone. Terms with event-gated shares keep the plain order (their
    pending shares would come first)."""

    def __init__(self, grant: Grant, term: Termination | None, gated: bool) -> None:
        ends = [d for d in (term.date if term else None, expiration_of(grant)) if d is not None]
        end = min(ends) if ends else None
        self.todo = (
            []
            if gated
            else sorted(
                (
                    e
                    for e in grant.events
                    if isinstance(e, Cancellation) and (end is None or e.date < end)
                ),
                key=_date_of,
            )
        )
        self.exercises = [
            (e.date, event_shares(grant, e.date, e.shares))
            for e in grant.events
            if isinstance(e, Exercise)
        ]
        self.grant = grant

    def before(self, when: _dt.date, pieces: list[Piece], out: list[Entry]) -> None:
        while self.todo and self.todo[0].date < when:
            c = self.todo.pop(0)
            vested = sum(p.shares for p in pieces if p.date <= c.date) + sum(
                e.shares for e in out if e.vests and e.date is not None and e.date <= c.date
            )
            done = sum(n for d, n in self.exercises if d <= c.date)
            owned = max(done - vested, 0)  # exercised early: the holder's, never taken
            later = [p for p in pieces if p.date > c.date and p.shares]
            asked = event_shares(self.grant, c.date, c.shares)
            left = min(asked, max(sum(p.shares for p in later) - owned, 0))
            for p in reversed(later):
                if not left:
                    break
                part = min(left, p.shares)
                out.append(Entry(c.date, part, 0, Mark.FORFEITED, p.date, "cancellation"))
                p.shares -= part
                left -= part


GONE = (Mark.FORFEITED, Mark.LAPSED, Mark.CANCELLED)
LATER = (Mark.SCHEDULED, Mark.ACCELERATED, Mark.EVENT, Mark.FORFEITED, Mark.PENDING)


def cancel(grant: Grant, out: list[Entry], happened: dict[str, _dt.date]) -> None:
    """Rule 6: apply each cancellation, in date order, to the entries (in place)."""
    option = grant.kind.is_option
    exercises = [
        (e.date, event_shares(grant, e.date, e.shares))
        for e in grant.events
        if isinstance(e, Exercise)
    ]
    covered: Shares = 0
    for c in sorted((e for e in grant.events if isinstance(e, Cancellation)), key=_date_of):
        day = c.date
        asked = event_shares(grant, day, c.shares)
        left: Shares = asked
        upto = [e for e in out if e.date is not None and e.date <= day]
        vested: Shares = sum((e.shares for e in upto if e.vests), 0)
        lost: Shares = sum((e.shares for e in upto if e.mark is Mark.FORFEITED), 0)
        took: Shares = sum((e.shares for e in upto if e.mark in (Mark.LAPSED, Mark.CANCELLED)), 0)
        early: Shares = 0  # exercised early, not yet vested: owned (repurchasable), kept
        if option:
            done = sum(n for d, n in exercises if d <= day)
            exercised = min(done, vested)
            early = done - exercised
            deadline = exercise_deadline(grant, day)
            gone_vested = vested - exercised if deadline is not None and day > deadline else took
            free = vested - exercised - gone_vested
        else:
            gone_vested = took
            settle = grant.terms.settle_on
            settled = settle is None or (settle in happened and happened[settle] <= day)
            free = 0 if settled else vested - took
        # 1. what is gone already, not yet recorded by an earlier cancellation
        take = min(left, max(lost + gone_vested - covered, 0))
        covered += take
        left -= take
        # 2. unvested shares, the latest first; when all go, vesting stops
        if left:
            later = [i for i, e in enumerate(out) if (e.date is None or e.date > day)]
            later = [i for i in later if out[i].mark in LATER]
            unvested: Shares = sum((out[i].shares for i in later), 0) - early
            cut = min(left, max(unvested, 0))
            # the latest first, by the date each would have vested (a share forfeited later, at
            # the termination or the expiration, by its own tranche's date)
            for i in sorted(later, key=lambda i: _vest_date(out[i]), reverse=True):
                if not cut:
                    break
                e = out[i]
                part = min(cut, e.shares)
                out.append(
                    Entry(
                        day, part, 0, Mark.FORFEITED, e.date or e.original_date, "cancellation",
                        e.milestone, e.held_from,
                    )
                )  # fmt: skip
                out[i] = e._replace(shares=e.shares - part)
                cut -= part
            out[:] = [e for e in out if e.shares]
            covered += min(left, max(unvested, 0))
            left -= min(left, max(unvested, 0))
        # 3. vested shares not exercised (options: they expire) or not settled (RSUs)
        if left:
            if left > free:
                raise EventError(
                    [
                        Problem(
                            ("cancellation", "shares"),
                            c.shares,
                            f"at most the shares outstanding on {day} "
                            f"({_in_units(grant, day, asked - left + free):,})",
                            at_grant(grant.id),
                        )
                    ]
                )
            out.append(Entry(day, left, 0, Mark.CANCELLED, None, "cancellation"))
            covered += left


def _in_units(grant: Grant, day: _dt.date, shares: Shares) -> Shares:
    """Shares as granted, in whole shares of ``day`` (for a message)."""
    f = factor_on(grant, day)
    return shares if f == 1 else floor(Fraction(shares) * f)


def _vest_date(e: Entry) -> tuple[bool, _dt.date]:
    """Where an entry stands among the unvested shares: pending ones last of all, then by the
    date it vests or would have vested."""
    if e.date is None:
        return (True, _dt.date.max)
    if e.mark is Mark.FORFEITED and e.original_date is not None:
        return (False, e.original_date)
    return (False, e.date)


def _date_of(event: Cancellation) -> _dt.date:
    return event.date
