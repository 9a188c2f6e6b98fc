"""Vesting conditions evaluated: a graph (:mod:`vesting.model.conditions`), a vesting start and
the dates named events happened → the dated vests of the one path the graph takes, and what
that path leaves unvested.

The rules — the Open Cap Table Format's (v1); where it is silent, the choice made is stated:

1. **Entry.** The walk starts at the entry condition: a ``VESTING_START_DATE`` condition fires
   on the vesting start; an entry ``VESTING_EVENT`` condition when its event happens; an entry
   ``VESTING_SCHEDULE_ABSOLUTE`` one on its date.
2. **Trigger dates.** An absolute condition fires on its date; an event condition on the date
   of the :class:`~vesting.model.NamedEvent` named after the condition's id (the first, if
   recorded twice); a relative condition with its first occurrence. Nothing fires before the
   condition it follows: an earlier date counts as that condition's date (an absolute date
   already past; a relative schedule counted from an earlier condition) — except an event
   dated before the condition it follows, which is an error (out of order).
3. **Relative schedules.** The k-th occurrence (k = 1 … ``occurrences``) is
   ``base + k × period``, ``base`` being the date the ``relative_to`` condition fired (its last
   occurrence), always computed from ``base``, never from the previous occurrence (no month-end
   drift). Months are calendar months counted from ``base``'s month, landing on the
   condition's day-of-month policy read from the *vesting start* (OCF's
   ``VESTING_START_DAY_OR_LAST_DAY_OF_MONTH``: the vesting start's day, or the month's last day);
   days are plain day counts. ``relative_to`` must have fired on the path taken (error).
4. **Amounts**, per occurrence: ``portion`` of the grant; with ``remainder``, ``portion`` of
   what was still unvested when the condition was reached; or ``quantity`` shares. A cliff
   folds occurrences into one date: with ``cliff`` = c, occurrences 1 … c−1 vest on the c-th
   one's date; with ``cliff_period`` P, occurrences dated before ``base + P`` vest on that date.
5. **Next.** Of the conditions a fired condition lists, the first to fire wins (a tie goes to
   the one listed first) and the others never fire: one path. An event that has not happened
   does not fire. The walk ends at a condition that lists none — the path is complete and
   whatever it did not vest is forfeited on that condition's date (a deadline with nothing
   after it) — or when none of the next can fire: it waits on their events, and the rest is
   pending.
6. **Allocation.** The installments of the whole path, in date order, with what the path leaves
   unvested as one last installment, are allocated at once with the terms' allocation type
   (:mod:`vesting.allocation`) — never condition by condition — so the total is exact.
   Installments on the same day are merged; zero-share ones are dropped.

A path that would vest more than the grant is a :class:`~vesting.errors.TermsError` naming the
condition. Every computation is bounded: the graph has at most 1,000 conditions and 5,000
occurrences, and the walk visits each condition at most once (the graph has no cycle).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from fractions import Fraction
from typing import NamedTuple

from .allocation import Shares, plan_of, runs_of
from .dates import Period, Unit, add, add_months, month_index
from .errors import EventError, Problem, TermsError, sub
from .model import VestingTerms
from .model.conditions import Condition, When, entry
from .shares import as_shares


class Vest(NamedTuple):
    """Shares vesting on ``date`` under ``condition``; ``event``: fired by a named event."""

    date: _dt.date
    shares: Shares
    condition: str
    event: bool


class Resolution(NamedTuple):
    """What a graph vests for one grant (see the module rules).

    ``vests`` in date order; ``rest``: the shares the path does not vest; ``ends``: the date the
    path completed (the rest is forfeited then), or ``None`` while it ``waiting`` on events (the
    rest is pending). ``last``: the condition the walk stopped at. ``gated``: the rest could
    have vested through an event (one the path passed by, or waits on).
    """

    vests: tuple[Vest, ...]
    rest: Shares
    ends: _dt.date | None
    waiting: tuple[str, ...]
    last: str
    gated: bool


class _Walk:
    def __init__(self, terms: VestingTerms, start: _dt.date, shares: Shares) -> None:
        self.by_id = {c.id: c for c in terms.conditions}
        self.start = start
        self.shares = shares
        self.fired: dict[str, _dt.date] = {}
        self.pieces: list[tuple[_dt.date, Fraction, str, bool]] = []
        self.done = Fraction(0)

    def occurrence(self, base: _dt.date, c: Condition, k: int) -> _dt.date:
        period = c.period
        assert period is not None
        return self.offset(base, Period(period.count * k, period.unit), c)

    def offset(self, base: _dt.date, period: Period, c: Condition) -> _dt.date:
        if period.unit is Unit.DAYS:
            return add(base, period)
        months = month_index(base) - month_index(self.start) + period.count
        return add_months(self.start, months, c.day_of_month)

    def trigger(
        self, c: Condition, after: _dt.date, parent: Condition, happened: Mapping[str, _dt.date]
    ) -> _dt.date | None:
        """When ``c`` fires, following ``parent`` (fired on ``after``); ``None``: it cannot."""
        if c.when is When.ABSOLUTE:
            assert c.date is not None
            return max(c.date, after)
        if c.when is When.EVENT:
            when = happened.get(c.id)
            if when is not None and when < after:
                raise EventError(
                    [
                        Problem(
                            "event",
                            f"{c.id} on {when}",
                            f"a date on or after {after}, when condition '{parent.id}' it "
                            "follows fired",
                        )
                    ]
                )
            return when
        if c.when is When.RELATIVE:
            return max(self.occurrence(self.base(c), c, 1), after)
        raise TermsError([Problem(f"condition '{c.id}'", c.when.value, "the entry condition")])

    def base(self, c: Condition) -> _dt.date:
        assert c.relative_to is not None
        base = self.fired.get(c.relative_to)
        if base is None:
            raise TermsError(
                [
                    Problem(
                        sub(f"condition '{c.id}'", "relative_to"),
                        c.relative_to,
                        "a condition the path has reached (it did not fire on this path)",
                    )
                ]
            )
        return base

    def fire(self, c: Condition, at: _dt.date) -> None:
        if c.portion is not None:
            each = c.portion * (1 - self.done) if c.remainder else c.portion
        else:
            assert c.quantity is not None
            each = c.quantity / self.shares
        if c.when is not When.RELATIVE:
            dates = [at]
        else:
            base = self.base(c)
            dates = [max(self.occurrence(base, c, k), at) for k in range(1, c.occurrences + 1)]
            if c.cliff >= 2:
                cliff = dates[c.cliff - 1]
                dates[: c.cliff - 1] = [cliff] * (c.cliff - 1)
            elif c.cliff_period is not None:
                cliff = max(self.offset(base, c.cliff_period, c), at)
                dates = [max(d, cliff) for d in dates]
        self.done += each * len(dates)
        if self.done > 1:
            raise TermsError(
                [
                    Problem(
                        f"condition '{c.id}'",
                        f"{self.done} of the grant vested by then",
                        "conditions that vest at most the whole grant on any path",
                    )
                ]
            )
        if each:
            event = c.when is When.EVENT
            self.pieces.extend((d, each, c.id, event) for d in dates)
        self.fired[c.id] = dates[-1]


def resolve(
    terms: VestingTerms, start: _dt.date, shares: Shares, happened: Mapping[str, _dt.date]
) -> Resolution:
    """The path ``terms``' conditions take for a grant of ``shares`` vesting from ``start``,
    the named events in ``happened`` (name → date) having happened (see the module rules)."""
    walk = _Walk(terms, start, shares)
    node = entry(terms.conditions)
    at: _dt.date | None
    if node.when is When.START:
        at = start
    elif node.when is When.EVENT:
        at = happened.get(node.id)
    else:
        assert node.when is When.ABSOLUTE and node.date is not None
        at = node.date
    ends: _dt.date | None = None
    waiting: tuple[str, ...] = ()
    gated = False
    if at is None:
        waiting, gated = (node.id,), True
    while at is not None:
        walk.fire(node, at)
        fired = walk.fired[node.id]
        if not node.next:
            ends = fired
            break
        best: tuple[_dt.date, Condition] | None = None
        for cid in node.next:
            c = walk.by_id[cid]
            when = walk.trigger(c, fired, node, happened)
            if when is not None and (best is None or when < best[0]):
                best = (when, c)
        events = [cid for cid in node.next if walk.by_id[cid].when is When.EVENT]
        if best is None:
            waiting, gated = tuple(events), True
            break
        gated = gated or any(cid != best[1].id for cid in events)
        node, at = best[1], best[0]
    return _allocate(terms, walk, shares, ends, waiting, node.id, gated)


def _allocate(
    terms: VestingTerms,
    walk: _Walk,
    shares: Shares,
    ends: _dt.date | None,
    waiting: tuple[str, ...],
    last: str,
    gated: bool,
) -> Resolution:
    pieces = walk.pieces
    rest = 1 - walk.done
    portions = [p for _, p, _, _ in pieces]
    if rest:
        portions.append(rest)
    if not pieces:
        return Resolution((), shares, ends, waiting, last, gated)
    plan = plan_of(runs_of(portions))
    allocation = terms.allocation
    vests: list[Vest] = []
    before: Shares = 0
    for k, (when, _, cid, event) in enumerate(pieces, start=1):
        cum = plan.cumulative(shares, k, allocation)
        got = as_shares(cum - before)  # whole shares are an int (vesting.shares)
        before = cum
        if not got:
            continue
        if vests and vests[-1].date == when and vests[-1].event == event:
            prior = vests[-1]
            vests[-1] = Vest(when, as_shares(prior.shares + got), cid, event)
        else:
            vests.append(Vest(when, got, cid, event))
    return Resolution(tuple(vests), as_shares(shares - before), ends, waiting, last, gated)
