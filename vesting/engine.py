"""The schedule compiler: vesting terms → exact, dated tranches (no life events).

Rules, in order:

1. **Installments.** A periodic grid has ``m = length / every`` installments dated
   ``start + k × every`` (k = 1 … m, see :mod:`vesting.dates`), plus one dated on the start
   when ``immediate`` > 0 — or, for a calendar-aligned grid (``calendar``), dated from the first
   aligned date on or after the start (:mod:`vesting.dates`), its cliff the start + ``cliff``
   on the start's own day. Each grid installment is ``(1 − immediate) / m`` of the time-based
   shares. With an explicit ``cliff_portion``, the installments up to the cliff become one
   installment of that portion and the later ones share the rest evenly. Graded terms have one
   installment per step.
2. **Allocation.** Whole shares are allocated over *all* installments at once
   (:mod:`vesting.allocation`), so the total is exact whatever the rounding.
3. **Cliff.** Installments dated before the cliff date are folded into one tranche on the cliff
   date (with an installment falling on it). Nothing vests between the start and the cliff
   except the ``immediate`` portion.
4. Tranches of zero shares are dropped. Dates strictly increase.

Event-gated portions (``milestones``) are taken off the top first: each gets
``floor(shares × portion)`` (exactly ``shares × portion`` under ``FRACTIONAL``; when no
time-based portion is left, the last milestone also takes the rounding remainder). The time-based
schedule allocates the rest. Milestones vest only when their event happens, which is
:mod:`vesting.events`' business.

:func:`vested_by` answers "how much has vested by this date" without building the schedule: the
number of installments on or before a date is found in closed form
(:func:`vesting.dates.steps_on_or_before`) and the allocation's cumulative amount is computed in
closed form too, in integers (:class:`vesting.allocation.Plan`).

Terms given as vesting conditions (a graph, :mod:`vesting.conditions`) have no closed form: their
time-based schedule is the path the graph takes when no named event happens, worked out once per
grant and kept on it; the functions below read it.

Caching (all bounded, all safe to share between threads: every value is immutable and computed
from immutable inputs, so a cache can never go stale and a race only computes a value twice):

* the compiled :class:`Layout` per (terms, vesting start) — grants granted on the same day with
  the same terms share one;
* the integer :class:`~vesting.allocation.Plan` per installment portions;
* each grant's compiled layout, graph schedule and end date, by grant identity
  (:mod:`vesting.memo`: bounded; grants are immutable);
* the schedule per (layout, shares) — identical grants share one.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from functools import lru_cache, partial
from math import floor
from operator import sub
from typing import NamedTuple

from .allocation import Allocation, Plan, Runs, Shares, plan_of
from .conditions import resolve
from .dates import (
    DayOfMonth,
    Period,
    Unit,
    add,
    add_months,
    calendar_origin,
    grid,
    steps_on_or_before,
)
from .memo import kept
from .model import Grant, Tranche, VestingTerms, require_grant
from .shares import as_shares


class Shape(NamedTuple):
    """The part of a compiled layout that does not depend on the vesting start (except when a
    cliff and the cadence are in different units): installment portions and how the cliff
    folds them. Kept on the terms object, so grants sharing terms share it."""

    runs: Runs
    plan: Plan
    lead: int
    grid: int
    folded: int


class Layout(NamedTuple):
    """The compiled shape of a grant's time-based vesting, independent of events and of the
    share count.

    ``runs`` are the installment portions (run-length encoded) and ``plan`` their integer form.
    ``lead`` is 1 when an immediate installment on the start date comes first. For a periodic
    grid of ``grid`` installments, ``cliff_date`` / ``folded`` say which grid installments fold
    into the cliff tranche; for graded terms ``dates`` lists every installment's date.
    A calendar-aligned grid (``terms.calendar``) is stepped from ``origin`` under ``day``.
    """

    start: _dt.date
    terms: VestingTerms
    runs: Runs
    plan: Plan
    lead: int
    grid: int
    cliff_date: _dt.date | None
    folded: int
    dates: tuple[_dt.date, ...]
    origin: _dt.date
    """Where the grid is stepped from: the vesting start, or for a calendar-aligned grid the
    origin of :func:`grid_origin` (the k-th grid date is
    ``step(origin, every, k, day)``)."""
    day: DayOfMonth
    """The grid's day-of-month policy (the terms', or a calendar grid's fixed day)."""

    @property
    def installments(self) -> int:
        return self.plan.n


def milestone_shares(grant: Grant) -> tuple[Shares, ...]:
    """Shares gated on each of the terms' milestones, in order (see module doc)."""
    terms = grant.terms
    if not terms.milestones:
        return ()
    if terms.allocation is Allocation.FRACTIONAL:
        return tuple(as_shares(grant.shares * m.portion) for m in terms.milestones)
    out: list[Shares] = [floor(grant.shares * m.portion) for m in terms.milestones]
    if terms.time_portion == 0:
        out[-1] += grant.shares - sum(out)
    return tuple(out)


def time_shares(grant: Grant) -> Shares:
    """Shares on the time-based schedule: the grant less its event-gated shares."""
    if not grant.terms.milestones:
        return grant.shares
    return as_shares(grant.shares - sum(milestone_shares(grant)))


def graph_schedule(grant: Grant) -> tuple[Tranche, ...]:
    """The time-based tranches of a grant whose terms are vesting conditions: the path the
    graph takes with no named event (worked out once per grant, see :mod:`vesting.memo`)."""
    record = kept(grant)
    cached: tuple[Tranche, ...] | None = record.graph
    if cached is None:
        path = resolve(grant.terms, grant.start, grant.shares, {})
        out: list[Tranche] = []
        running: Shares = 0
        for v in path.vests:
            running += v.shares
            out.append(Tranche(v.date, v.shares, as_shares(running)))
        cached = record.graph = tuple(out)
    return cached


def _graph_count(tranches: tuple[Tranche, ...], on: _dt.date) -> int:
    lo, hi = 0, len(tranches)
    while lo < hi:
        mid = (lo + hi) // 2
        if tranches[mid].date <= on:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _compiled(grant: Grant) -> tuple[Layout, Shares]:
    """The grant's layout and time-based shares, computed once per grant (kept by grant
    identity, :mod:`vesting.memo`: a grant is immutable, so what is kept cannot go stale)."""
    record = kept(grant)
    cached: tuple[Layout, Shares] | None = record.layout
    if cached is None:
        cached = record.layout = (_layout(grant.terms, grant.start), time_shares(grant))
    return cached


def layout(grant: Grant) -> Layout:
    """Compile a grant's time-based vesting shape (see the module rules)."""
    return _compiled(grant)[0]


def layout_of(terms: VestingTerms, start: _dt.date) -> Layout:
    """The layout of ``terms`` (a grid or graded tranches) vesting from ``start``."""
    return _layout(terms, start)


def _layout(terms: VestingTerms, start: _dt.date) -> Layout:
    if terms.is_graded:
        # A zero offset is the start itself: a fixed day-of-month policy must not move it to
        # an earlier day of the start's month (before the vesting start).
        dates = tuple(
            start if s.offset.is_zero() else add(start, s.offset, terms.day_of_month)
            for s in terms.graded
        )
        runs, plan, _, _, _ = _terms_shape(terms)
        return Layout(start, terms, runs, plan, 0, 0, None, 0, dates, start, terms.day_of_month)
    if terms.calendar is not None:
        return _aligned_layout(terms, start)
    cliff = terms.cliff
    policy = terms.day_of_month
    if cliff is None:
        runs, plan, lead, m, folded = _terms_shape(terms)
        return Layout(start, terms, runs, plan, lead, m, None, 0, (), start, policy)
    cliff_date = add(start, cliff, policy)
    if cliff.unit is terms.every.unit:
        runs, plan, lead, m, folded = _terms_shape(terms)
    else:
        runs, plan, lead, m, folded = _mixed_shape(terms, start, policy, cliff_date)
    return Layout(start, terms, runs, plan, lead, m, cliff_date, folded, (), start, policy)


def grid_origin(terms: VestingTerms, start: _dt.date) -> tuple[_dt.date, DayOfMonth]:
    """Where the grid of ``terms`` vesting from ``start`` is stepped from, and under which day
    policy (its k-th date is ``step(origin, every, k, policy)``): the start and the terms' own
    policy, or for a calendar-aligned grid :func:`vesting.dates.calendar_origin`'s."""
    calendar = terms.calendar
    if calendar is None:
        return start, terms.day_of_month
    return calendar_origin(start, calendar.months, terms.every, terms.day_of_month)


def _aligned_layout(terms: VestingTerms, start: _dt.date) -> Layout:
    """A calendar-aligned grid (:mod:`vesting.dates`): stepped from its origin under a fixed
    day; the cliff, on the start's own day, folds the grid dates on or before it."""
    origin, day = grid_origin(terms, start)
    cliff = terms.cliff
    if cliff is None:
        runs, plan, lead, m, _ = _terms_shape(terms)
        return Layout(start, terms, runs, plan, lead, m, None, 0, (), origin, day)
    cliff_date = add(start, cliff)
    runs, plan, lead, m, folded = _mixed_shape(terms, origin, day, cliff_date)
    return Layout(start, terms, runs, plan, lead, m, cliff_date, folded, (), origin, day)


@lru_cache(maxsize=4096)
def _terms_shape(terms: VestingTerms) -> Shape:
    """The shape of terms whose cliff (if any) is in the cadence's unit: it does not depend on
    the start, since the k-th grid date is on or before the cliff date exactly when
    ``k × every <= cliff``. Cached per terms (terms hash once; equal terms share a shape)."""
    if terms.is_graded:
        runs: Runs = tuple((1, s.portion) for s in terms.graded)
        return Shape(runs, plan_of(runs), 0, 0, 0)
    m = terms.length.count // terms.every.count
    folded = min(terms.cliff.count // terms.every.count, m) if terms.cliff else 0
    return _shape(terms, m, folded)


@lru_cache(maxsize=4096)
def _mixed_shape(
    terms: VestingTerms, origin: _dt.date, day: DayOfMonth, cliff_date: _dt.date
) -> Shape:
    """The shape when the cliff and the cadence are in different units (months and days), or
    the grid is calendar-aligned: how many grid dates (stepped from ``origin`` under ``day``)
    fall on or before the cliff depends on the start."""
    m = terms.length.count // terms.every.count
    folded = steps_on_or_before(origin, terms.every, cliff_date, m, day)
    return _shape(terms, m, folded)


def _shape(terms: VestingTerms, m: int, folded: int) -> Shape:
    lead = 1 if terms.immediate else 0
    rest = 1 - terms.immediate
    head: Runs = ((1, terms.immediate),) if lead else ()
    runs: Runs
    if terms.cliff_portion is None or terms.cliff is None:
        runs = (*head, (m, rest / m))
    else:
        after = m - folded
        if after:
            tail: Runs = ((after, (rest - terms.cliff_portion) / after),)
            runs = (*head, (1, terms.cliff_portion), *tail)
        else:
            # The cliff is on or after the last grid date (possible when the cliff and the
            # length are in different units): nothing follows it, so it takes all the rest and
            # the portions still sum to exactly 1.
            runs = (*head, (1, rest))
    return Shape(runs, plan_of(runs), lead, m, folded)


def installments_by(lay: Layout, on: _dt.date) -> int:
    """How many installments (in allocation order) are vested on ``on`` — closed form."""
    if on < lay.start:
        return 0
    if lay.dates:
        return bisect.bisect_right(lay.dates, on)
    if lay.cliff_date is not None and on < lay.cliff_date:
        return lay.lead
    terms = lay.terms
    k = steps_on_or_before(lay.origin, terms.every, on, lay.grid, lay.day)
    if lay.cliff_date is not None and terms.cliff_portion is not None:
        return lay.lead + 1 + (k - lay.folded)
    return lay.lead + k


def vested_by(grant: Grant, on: _dt.date) -> Shares:
    """Time-based shares vested on ``on`` (a tranche dated ``on`` counts), ignoring events.

    Does not build the schedule: O(1) for a periodic grid, O(log n) for graded terms.
    """
    if grant.terms.conditions:
        tranches = graph_schedule(grant)
        k = _graph_count(tranches, on)
        return tranches[k - 1].cumulative if k else 0
    lay, total = _compiled(grant)
    return lay.plan.cumulative(total, installments_by(lay, on), lay.terms.allocation)


def cumulative_of(lay: Layout, count: int, total: Shares) -> Shares:
    """Shares allocated to the first ``count`` installments of a layout."""
    return lay.plan.cumulative(total, count, lay.terms.allocation)


def schedule(grant: Grant) -> tuple[Tranche, ...]:
    """Every time-based tranche of a grant, as its terms give it (no events applied).

    Dates strictly increase, every tranche is > 0 shares, and the shares sum to the grant's
    time-based shares (the whole grant when it has no milestones).
    """
    require_grant(grant, "schedule")
    if grant.terms.conditions:
        return graph_schedule(grant)
    return _schedule(grant.terms, grant.start, _compiled(grant)[1])


def _points(lay: Layout) -> tuple[list[_dt.date], range | list[int]]:
    """Every installment date that can carry shares, and the installment count vested on it."""
    if lay.dates:
        return list(lay.dates), range(1, len(lay.dates) + 1)
    terms = lay.terms
    dates: list[_dt.date] = []
    counts: list[int] = []
    if lay.lead:
        dates.append(lay.start)
        counts.append(1)
    first = 1
    offset = lay.lead
    if lay.cliff_date is not None:
        dates.append(lay.cliff_date)
        if terms.cliff_portion is not None:
            counts.append(lay.lead + 1)
            offset = lay.lead + 1 - lay.folded
        else:
            counts.append(lay.lead + lay.folded)
        first = lay.folded + 1
    later = grid(lay.origin, terms.every, first, lay.grid, lay.day)
    if not dates:
        return later, range(first + offset, lay.grid + 1 + offset)
    dates.extend(later)
    counts.extend(range(first + offset, lay.grid + 1 + offset))
    if len(dates) > 1 and dates[1] == dates[0]:
        # a calendar grid's first date on the start itself: one tranche with the immediate part
        del dates[0], counts[0]
    return dates, counts


@lru_cache(maxsize=256)
def _schedule(terms: VestingTerms, start: _dt.date, total: Shares) -> tuple[Tranche, ...]:
    lay = _layout(terms, start)
    dates, counts = _points(lay)
    plan = lay.plan
    allocation = lay.terms.allocation
    if plan.equal and allocation is Allocation.CUMULATIVE_ROUND_DOWN and type(total) is int:
        n = plan.n
        cums: list[Shares] = [total * c // n for c in counts]
    else:
        cums = [plan.cumulative(total, c, allocation) for c in counts]
    shares = list(map(sub, cums, [0, *cums[:-1]]))
    if allocation is Allocation.FRACTIONAL:  # a tranche of whole shares is an int
        shares = list(map(as_shares, shares))
    if 0 in shares:  # tranches of zero shares are dropped
        kept = [i for i, x in enumerate(shares) if x]
        dates = [dates[i] for i in kept]
        shares = [shares[i] for i in kept]
        cums = [cums[i] for i in kept]
    return tuple(map(_new_tranche, zip(dates, shares, cums, strict=True)))


_new_tranche = partial(tuple.__new__, Tranche)
"""``Tranche`` from a ``(date, shares, cumulative)`` tuple, without a Python-level call."""


def unvested_by(grant: Grant, on: _dt.date) -> Shares:
    """Time-based shares not yet vested on ``on`` (ignoring events)."""
    if grant.terms.conditions:
        return grant.shares - vested_by(grant, on)
    lay, total = _compiled(grant)
    return total - lay.plan.cumulative(total, installments_by(lay, on), lay.terms.allocation)


def installment_date(lay: Layout, i: int) -> _dt.date:
    """The date the i-th installment (1-based, allocation order) vests, cliff folding applied."""
    if lay.dates:
        return lay.dates[i - 1]
    if i <= lay.lead:
        return lay.start
    terms = lay.terms
    k = i - lay.lead
    if lay.cliff_date is not None and terms.cliff_portion is not None:
        if k == 1:
            return lay.cliff_date
        k = k - 1 + lay.folded
    every = terms.every
    if every.unit is Unit.MONTHS:
        d = add_months(lay.origin, every.count * k, lay.day)
    else:
        d = add(lay.start, Period(every.count * k, Unit.DAYS))
    return lay.cliff_date if lay.cliff_date is not None and d < lay.cliff_date else d


def next_vest_after(grant: Grant, after: _dt.date) -> Tranche | None:
    """The first time-based tranche dated strictly after ``after``, or ``None``.

    Closed form like :func:`vested_by`: it looks only at the installments around ``after``.
    """
    return progress(grant, after)[1]


def progress(grant: Grant, on: _dt.date) -> tuple[Shares, Tranche | None]:
    """Time-based shares vested on ``on`` and the next tranche after it (events ignored): what
    :func:`vested_by` and :func:`next_vest_after` give, sharing one closed-form count."""
    if grant.terms.conditions:
        tranches = graph_schedule(grant)
        k = _graph_count(tranches, on)
        return (tranches[k - 1].cumulative if k else 0), (
            tranches[k] if k < len(tranches) else None
        )
    lay, total = _compiled(grant)
    plan = lay.plan
    allocation = lay.terms.allocation
    count = installments_by(lay, on)
    have = plan.cumulative(total, count, allocation)
    return have, _next(lay, total, count, have)


def _next(lay: Layout, total: Shares, count: int, have: Shares) -> Tranche | None:
    plan = lay.plan
    allocation = lay.terms.allocation
    while count < plan.n:
        when = installment_date(lay, count + 1)
        count = installments_by(lay, when)
        cum = plan.cumulative(total, count, allocation)
        if cum != have:
            got = cum - have
            return Tranche(when, got if type(got) is int else as_shares(got), cum)
    return None


def end_date(grant: Grant) -> _dt.date | None:
    """The date the last time-based share vests (found by bisection over installments).

    Kept per grant once found (reading a grant checks it; evaluating asks again)."""
    record = kept(grant)
    hit: tuple[_dt.date | None] | None = record.end
    if hit is None:
        hit = record.end = (_end_date(grant),)
    return hit[0]


def _end_date(grant: Grant) -> _dt.date | None:
    if grant.terms.conditions:
        tranches = graph_schedule(grant)
        return tranches[-1].date if tranches else None
    lay, total = _compiled(grant)
    if not total:
        return None
    plan = lay.plan
    allocation = lay.terms.allocation
    hi = plan.n
    if plan.cumulative(total, hi - 1, allocation) != total:
        return installment_date(lay, hi)  # the usual case: the last installment carries shares
    lo = 1
    while lo < hi:
        mid = (lo + hi) // 2
        if plan.cumulative(total, mid, allocation) == total:
            hi = mid
        else:
            lo = mid + 1
    return installment_date(lay, lo)
