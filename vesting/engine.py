"""The schedule compiler: vesting terms → exact, dated tranches (no life events).

Rules, in order:

1. **Installments.** A periodic grid has ``m = length / every`` installments dated
   ``start + k × every`` (k = 1 … m, see :mod:`vesting.dates`), plus one dated on the start
   when ``immediate`` > 0. Each grid installment is ``(1 − immediate) / m`` of the time-based
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
closed form too (:func:`vesting.allocation.cumulative`).
"""

from __future__ import annotations

import bisect
import datetime as _dt
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from math import floor

from .allocation import Allocation, Runs, Shares, cumulative
from .dates import add, step, steps_on_or_before
from .model import Grant, Tranche, VestingTerms


@dataclass(frozen=True)
class Layout:
    """The compiled shape of one grant's time-based vesting: independent of events, cheap
    (O(1) for a periodic grid) and hashable, so it can be cached and shared.

    ``runs`` are the installment portions (run-length encoded). ``lead`` is 1 when an immediate
    installment on the start date comes first. For a periodic grid, ``cliff_date`` /
    ``folded`` say which grid installments fold into the cliff tranche; for graded terms
    ``dates`` lists every installment's date.
    """

    start: _dt.date
    terms: VestingTerms
    total: int | Fraction
    runs: Runs
    lead: int
    grid: int
    cliff_date: _dt.date | None
    folded: int
    dates: tuple[_dt.date, ...]

    @property
    def installments(self) -> int:
        return sum(c for c, _ in self.runs)


def milestone_shares(grant: Grant) -> tuple[Shares, ...]:
    """Shares gated on each of the terms' milestones, in order (see module doc)."""
    terms = grant.terms
    if not terms.milestones:
        return ()
    if terms.allocation is Allocation.FRACTIONAL:
        return tuple(grant.shares * m.portion for m in terms.milestones)
    out: list[Shares] = [floor(grant.shares * m.portion) for m in terms.milestones]
    if terms.time_portion == 0:
        out[-1] += grant.shares - sum(out)
    return tuple(out)


def time_shares(grant: Grant) -> Shares:
    """Shares on the time-based schedule: the grant less its event-gated shares."""
    return grant.shares - sum(milestone_shares(grant))


def layout(grant: Grant) -> Layout:
    """Compile a grant's time-based vesting shape (see the module rules)."""
    return _layout(grant.terms, grant.start, time_shares(grant))


@lru_cache(maxsize=4096)
def _layout(terms: VestingTerms, start: _dt.date, total: Shares) -> Layout:
    if terms.is_graded:
        # A zero offset is the start itself: a fixed day-of-month policy must not move it to
        # an earlier day of the start's month (before the vesting start).
        dates = tuple(
            start if s.offset.is_zero() else add(start, s.offset, terms.day_of_month)
            for s in terms.graded
        )
        runs: Runs = tuple((1, s.portion) for s in terms.graded)
        return Layout(start, terms, total, runs, 0, 0, None, 0, dates)
    m = terms.length.count // terms.every.count
    lead = 1 if terms.immediate else 0
    rest = 1 - terms.immediate
    head: Runs = ((1, terms.immediate),) if lead else ()
    cliff_date = add(start, terms.cliff, terms.day_of_month) if terms.cliff else None
    folded = (
        steps_on_or_before(start, terms.every, cliff_date, m, terms.day_of_month)
        if cliff_date
        else 0
    )
    if terms.cliff_portion is None or cliff_date is None:
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
    return Layout(start, terms, total, runs, lead, m, cliff_date, folded, ())


def installments_by(lay: Layout, on: _dt.date) -> int:
    """How many installments (in allocation order) are vested on ``on`` — closed form."""
    if on < lay.start:
        return 0
    if lay.dates:
        return bisect.bisect_right(lay.dates, on)
    if lay.cliff_date is not None and on < lay.cliff_date:
        return lay.lead
    terms = lay.terms
    k = steps_on_or_before(lay.start, terms.every, on, lay.grid, terms.day_of_month)
    if lay.cliff_date is not None and terms.cliff_portion is not None:
        return lay.lead + 1 + (k - lay.folded)
    return lay.lead + k


def vested_by(grant: Grant, on: _dt.date) -> Shares:
    """Time-based shares vested on ``on`` (a tranche dated ``on`` counts), ignoring events.

    Does not build the schedule: O(1) for a periodic grid, O(log n) for graded terms.
    """
    lay = layout(grant)
    return cumulative_of(lay, installments_by(lay, on))


def cumulative_of(lay: Layout, count: int) -> Shares:
    """Shares allocated to the first ``count`` installments of a layout."""
    total = lay.total
    if isinstance(total, Fraction):
        # FRACTIONAL with fractional milestone shares taken off: the allocation is linear.
        return total * _portion_of(lay.runs, count)
    return cumulative(total, lay.runs, count, lay.terms.allocation)


def _portion_of(runs: Runs, count: int) -> Fraction:
    acc, left = Fraction(0), count
    for c, p in runs:
        take = min(c, max(left, 0))
        acc += take * p
        left -= take
    return acc


def schedule(grant: Grant) -> tuple[Tranche, ...]:
    """Every time-based tranche of a grant, as its terms give it (no events applied).

    Dates strictly increase, every tranche is > 0 shares, and the shares sum to the grant's
    time-based shares (the whole grant when it has no milestones).
    """
    return _schedule(layout(grant))


@lru_cache(maxsize=1024)
def _schedule(lay: Layout) -> tuple[Tranche, ...]:
    points: list[tuple[_dt.date, int]] = []  # (date, installments vested on that date)
    if lay.dates:
        points = [(d, i + 1) for i, d in enumerate(lay.dates)]
    else:
        terms = lay.terms
        if lay.lead:
            points.append((lay.start, 1))
        first = 1
        if lay.cliff_date is not None:
            points.append((lay.cliff_date, installments_by(lay, lay.cliff_date)))
            first = lay.folded + 1
        for k in range(first, lay.grid + 1):
            d = step(lay.start, terms.every, k, terms.day_of_month)
            if lay.cliff_date is not None and terms.cliff_portion is not None:
                points.append((d, lay.lead + 1 + k - lay.folded))
            else:
                points.append((d, lay.lead + k))
    out: list[Tranche] = []
    previous: Shares = 0
    for d, count in points:
        cum = cumulative_of(lay, count)
        if cum != previous:
            out.append(Tranche(d, cum - previous, cum))
            previous = cum
    return tuple(out)


def unvested_by(grant: Grant, on: _dt.date) -> Shares:
    """Time-based shares not yet vested on ``on`` (ignoring events)."""
    return time_shares(grant) - vested_by(grant, on)


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
    d = step(lay.start, terms.every, k, terms.day_of_month)
    return lay.cliff_date if lay.cliff_date is not None and d < lay.cliff_date else d


def next_vest_after(grant: Grant, after: _dt.date) -> Tranche | None:
    """The first time-based tranche dated strictly after ``after``, or ``None``.

    Closed form like :func:`vested_by`: it looks only at the installments around ``after``.
    """
    lay = layout(grant)
    count = installments_by(lay, after)
    have = cumulative_of(lay, count)
    while count < lay.installments:
        when = installment_date(lay, count + 1)
        count = installments_by(lay, when)
        cum = cumulative_of(lay, count)
        if cum != have:
            return Tranche(when, cum - have, cum)
    return None


def end_date(grant: Grant) -> _dt.date | None:
    """The date the last time-based share vests (found by bisection over installments)."""
    lay = layout(grant)
    total = cumulative_of(lay, lay.installments)
    if not total:
        return None
    lo, hi = 1, lay.installments
    while lo < hi:
        mid = (lo + hi) // 2
        if cumulative_of(lay, mid) == total:
            hi = mid
        else:
            lo = mid + 1
    return installment_date(lay, lo)
