"""Leaves of absence applied to a schedule's tranches — rule 1 of :mod:`vesting.events`, by the
terms' ``leave_tolling`` (:class:`~vesting.model.LeaveTolling`): ``none`` changes nothing (a
leave inside which tranches fall is noted on them), ``periods`` moves every grid installment
dated inside the leave, and every later one, out by the number of installments dated inside it
(whole periods, so dates keep the grid's day-of-month policy), ``days`` moves every vest date on
or after the leave's start out by the leave's length. Leaves shorter than ``leave_min_days``
never toll.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from dataclasses import dataclass

from .allocation import Shares
from .dates import MAX_DATE, Period, Unit, add, calendar_origin
from .errors import EventError, Problem, VestingError, at_grant
from .model import Grant, Leave, LeaveTolling


@dataclass
class Piece:
    """Mutable working copy of a tranche while events are applied. ``offset``: the tranche's
    place on the grid, in the cadence's unit from the grid's origin (the vesting start, or a
    calendar-aligned grid's, :func:`vesting.dates.calendar_origin`; ``None`` off the grid)."""

    date: _dt.date
    shares: Shares
    original: _dt.date
    note: str = ""
    offset: int | None = None


def toll(grant: Grant, pieces: list[Piece]) -> None:
    """Rule 1: move the tranches as the terms' leave policy says (in place)."""
    terms = grant.terms
    policy = terms.leave_tolling
    every = sorted((e for e in grant.events if isinstance(e, Leave)), key=lambda x: x.start)
    leaves = [lv for lv in every if lv.days >= terms.leave_min_days]
    if policy is not LeaveTolling.NONE:
        untolled = [lv for lv in every if lv.days < terms.leave_min_days]
    else:
        untolled, leaves = every, []
    short = policy is not LeaveTolling.NONE
    for lv in untolled:  # say so where it shows: on the vest dates inside the leave
        why = "not tolled (shorter than leave_min_days)" if short else "not tolled"
        for p in pieces:
            if lv.start <= p.date <= lv.end:
                p.note = f"during a leave: {why}"
    if not leaves or not pieces:
        return
    if policy is LeaveTolling.PERIODS and not terms.is_graded and not terms.conditions:
        _toll_periods(grant, pieces, leaves)
        return
    for lv in leaves:
        shift = _dt.timedelta(days=lv.days)
        for p in pieces:
            if p.date >= lv.start:
                p.date = p.date + shift
                p.note = f"moved {lv.days} days by leave"
        if pieces[-1].date > MAX_DATE:
            raise _leave_out_of_range(grant, lv, pieces[-1].date)


def _toll_periods(grant: Grant, pieces: list[Piece], leaves: list[Leave]) -> None:
    """``periods``: whole grid periods, counted from the installments dated inside each leave."""
    terms = grant.terms
    every, policy, start, calendar = terms.every, terms.day_of_month, grant.start, terms.calendar
    if calendar is not None:  # stepped from its origin under a fixed day
        start, policy = calendar_origin(start, calendar.months, every, policy)
    months = every.unit is Unit.MONTHS
    n = terms.length.count // every.count

    def at(offset: int) -> _dt.date:
        return add(start, Period(offset, every.unit), policy)

    def place(d: _dt.date) -> int | None:
        """The offset from the start that ``at`` turns into ``d``, or ``None``."""
        o = (d.year - start.year) * 12 + d.month - start.month if months else (d - start).days
        return o if o >= 0 and at(o) == d else None

    grid = [every.count * k for k in range(1, n + 1)]  # every installment, folded ones too
    dates = [at(o) for o in grid]
    for p in pieces:
        p.offset = place(p.date)
    for lv in leaves:
        first, after = bisect.bisect_left(dates, lv.start), bisect.bisect_right(dates, lv.end)
        count = after - first
        if not count:
            continue  # no installment falls inside: nothing to move
        shift = count * every.count
        try:
            for i in range(first, n):
                grid[i] += shift
                dates[i] = at(grid[i])
            for p in pieces:
                if p.date >= lv.start:
                    if p.offset is not None:
                        p.offset += shift
                        p.date = at(p.offset)
                    else:  # off the grid (a cliff in another unit): move by the same periods
                        p.date = add(p.date, Period(shift, every.unit))
                    p.note = f"moved {count} period{'s' if count > 1 else ''} by leave"
        except VestingError:
            raise _leave_out_of_range(grant, lv, None) from None
        if pieces[-1].date > MAX_DATE:
            raise _leave_out_of_range(grant, lv, pieces[-1].date)


def _leave_out_of_range(grant: Grant, lv: Leave, last: _dt.date | None) -> EventError:
    moved = f" (it moves the last to {last})" if last is not None else ""
    return EventError(
        [
            Problem(
                "leave",
                f"{lv.start}:{lv.end}",
                f"a leave that keeps every vest date on or before {MAX_DATE}{moved}",
                at_grant(grant.id),
            )
        ]
    )
