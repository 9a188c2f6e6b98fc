"""Reading a timeline for :mod:`vesting.status`: the sums of its entries on a date, and the
exercises of a grant, each checked on its date against what is exercisable then (in the shares
of that date, :mod:`vesting.inforce`)."""

from __future__ import annotations

import datetime as _dt

from .allocation import Shares
from .errors import EventError, Problem, at_grant
from .events import Entry, Mark, exercise_deadline, termination_of
from .inforce import Tally, event_shares, factor_on, has_splits, in_force, restate
from .model import Exercise, Grant
from .splitting import Drops, granted_as_of


def sums(
    entries: tuple[Entry, ...], on: _dt.date, option: bool = True
) -> tuple[Shares, Shares, Shares, Shares]:
    """(vested, forfeited, pending, cancelled) on ``on`` from a timeline. ``cancelled``: vested
    options a cancellation took (still vested: they expire); vested RSUs a cancellation took
    are forfeited like lapsed ones."""
    vested: Shares = 0
    forfeited: Shares = 0
    pending: Shares = 0
    cancelled: Shares = 0
    for e in entries:
        if e.date is not None and e.date <= on:
            if e.vests:
                vested += e.shares
            elif e.mark is Mark.CANCELLED and option:
                cancelled += e.shares
            elif e.mark is Mark.LAPSED or e.mark is Mark.CANCELLED:  # vested units gone
                vested -= e.shares
                forfeited += e.shares
            else:
                forfeited += e.shares
        elif e.milestone and (e.held_from is None or e.held_from <= on):
            pending += e.shares
    return vested, forfeited, pending, cancelled


def exercised_by(
    grant: Grant, entries: tuple[Entry, ...], on: _dt.date, drops: Drops = ()
) -> Shares:
    """Shares exercised on or before ``on`` (in shares as granted), after checking every
    exercise up to then against what is exercisable on its date, in the shares of that date."""
    total: Shares = 0
    split = has_splits(grant)
    for ex in sorted((e for e in grant.events if isinstance(e, Exercise)), key=lambda e: e.date):
        if ex.date > on:
            break
        deadline = exercise_deadline(grant, ex.date)
        where = at_grant(grant.id)
        if deadline is not None and ex.date > deadline:
            term = termination_of(grant)
            why = (
                f"a {term.reason.value} termination on {term.date} leaves nothing exercisable "
                "from that day"
                if term is not None
                and term.date <= ex.date
                and in_force(grant, ex.date).exercise_windows.for_reason(term.reason).is_zero()
                else "the options had expired"
            )
            raise EventError(
                [
                    Problem(
                        ("exercise", "date"),
                        ex.date.isoformat(),
                        f"a date on or before the exercise deadline {deadline} ({why})",
                        where,
                    )
                ]
            )
        # a cancellation the same day comes after the exercise (it takes what is left)
        prior = tuple(e for e in entries if not (e.date == ex.date and e.note == "cancellation"))
        vested, forfeited, _, cancelled = sums(prior, ex.date)
        granted: Shares = grant.shares
        done = total
        if split:
            size = granted_as_of(grant, drops, ex.date)
            tally = Tally(size, vested, forfeited, 0, cancelled, total)
            t = restate(tally, factor_on(grant, ex.date), grant.terms.split_rounding)
            granted, vested, forfeited, _, cancelled, done = t
        early = grant.terms.early_exercise
        limit = granted - forfeited - cancelled if early else vested - cancelled
        if done + ex.shares > limit:
            what = "not forfeited" if early else "vested"
            raise EventError(
                [
                    Problem(
                        ("exercise", "shares"),
                        ex.shares,
                        f"at most {max(limit - done, 0):,} "
                        f"(shares {what} and not yet exercised on {ex.date})",
                        where,
                    )
                ]
            )
        total += event_shares(grant, ex.date, ex.shares) if split else ex.shares
    return total
