"""Property tests of the schedule compiler over random valid terms, shares and start dates.

The exact pro-rata amount a date should carry is computed here straight from the terms (the
grid dates come from ``vesting.dates.step``, tested on its own in test_dates.py), and compared
with what the engine allocates.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

import vesting
from vesting import (
    Allocation,
    DayOfMonth,
    EventCondition,
    GradedStep,
    Grant,
    Kind,
    Period,
    Unit,
    VestingTerms,
)
from vesting.dates import add, step
from vesting.engine import end_date, next_vest_after, time_shares, unvested_by, vested_by

F = Fraction
DAY = dt.timedelta(days=1)

# ------------------------------------------------------------------------------ strategies

portions_below_one = st.integers(min_value=2, max_value=12).flatmap(
    lambda d: st.integers(min_value=1, max_value=d - 1).map(lambda n: F(n, d))
)


@st.composite
def periodic_terms(draw: st.DrawFn) -> VestingTerms:
    if draw(st.booleans()):
        every = Period.months(draw(st.sampled_from([1, 2, 3, 6, 12])))
        m = draw(st.integers(min_value=1, max_value=120 // every.count))
    else:
        every = Period.days(draw(st.sampled_from([1, 7, 14, 30, 91, 365])))
        m = draw(st.integers(min_value=1, max_value=min(60, 3660 // every.count)))
    length = every.times(m)
    immediate = draw(st.one_of(st.just(F(0)), portions_below_one))
    cliff: Period | None = None
    cliff_portion: Fraction | None = None
    choice = draw(st.sampled_from(["none", "same", "same", "other"]))
    if choice == "same":
        cliff = Period(draw(st.integers(min_value=1, max_value=length.count)), length.unit)
    elif choice == "other" and length.unit is Unit.MONTHS:
        cliff = Period.days(draw(st.integers(min_value=1, max_value=length.count * 28)))
    elif choice == "other" and length.count >= 31:
        cliff = Period.months(draw(st.integers(min_value=1, max_value=length.count // 31)))
    if cliff is not None and draw(st.booleans()):
        rest = 1 - immediate
        if cliff == length:
            cliff_portion = rest
        else:
            cliff_portion = rest * draw(st.one_of(st.just(F(1)), portions_below_one))
    return VestingTerms(
        length=length,
        every=every,
        cliff=cliff,
        cliff_portion=cliff_portion,
        immediate=immediate,
        day_of_month=draw(st.sampled_from(list(DayOfMonth))),
        allocation=draw(st.sampled_from(list(Allocation))),
    )


@st.composite
def graded_terms(draw: st.DrawFn) -> VestingTerms:
    months = draw(st.booleans())
    top = 120 if months else 3650
    offsets = sorted(draw(st.sets(st.integers(min_value=0, max_value=top), min_size=1, max_size=6)))
    weights = draw(
        st.lists(
            st.integers(min_value=1, max_value=100),
            min_size=len(offsets),
            max_size=len(offsets),
        )
    )
    unit = Unit.MONTHS if months else Unit.DAYS
    steps = tuple(
        GradedStep(Period(o, unit), F(w, sum(weights)))
        for o, w in zip(offsets, weights, strict=True)
    )
    return VestingTerms(
        graded=steps,
        day_of_month=draw(st.sampled_from(list(DayOfMonth))),
        allocation=draw(st.sampled_from(list(Allocation))),
    )


any_terms = st.one_of(periodic_terms(), periodic_terms(), graded_terms())
starts = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2080, 12, 31))
share_counts = st.one_of(
    st.integers(min_value=1, max_value=100), st.integers(min_value=1, max_value=10**7)
)


@st.composite
def grants(draw: st.DrawFn, terms: st.SearchStrategy[VestingTerms] = any_terms) -> Grant:
    return Grant(
        id="p",
        kind=draw(st.sampled_from(list(Kind))),
        shares=draw(share_counts),
        grant_date=draw(starts),
        terms=draw(terms),
    )


# --------------------------------------------------------- the exact amount, from the terms


def cliff_date(g: Grant) -> dt.date | None:
    t = g.terms
    return add(g.start, t.cliff, t.day_of_month) if t.cliff is not None else None


def exact_portion(g: Grant, on: dt.date) -> Fraction:
    """The exact portion of the grant vested on ``on``, worked out from the terms' rules."""
    t, start = g.terms, g.start
    if on < start:
        return F(0)
    if t.graded:
        # a step vests at start + offset; a zero offset is the start itself, whatever the policy
        dates = [
            start if s.offset.count == 0 else add(start, s.offset, t.day_of_month) for s in t.graded
        ]
        return sum((s.portion for s, d in zip(t.graded, dates, strict=True) if d <= on), F(0))
    m = t.length.count // t.every.count
    grid = [step(start, t.every, k, t.day_of_month) for k in range(1, m + 1)]
    cliff = cliff_date(g)
    if cliff is not None and on < cliff:
        return t.immediate
    k = sum(1 for d in grid if d <= on)
    if t.cliff_portion is None:
        return t.immediate + (1 - t.immediate) * F(k, m)
    assert cliff is not None
    folded = sum(1 for d in grid if d <= cliff)
    if folded == m:  # the cliff is the end: everything vests on it
        return F(1)
    later = 1 - t.immediate - t.cliff_portion
    return t.immediate + t.cliff_portion + later * F(k - folded, m - folded)


def probe_dates(g: Grant, extra: list[int]) -> list[dt.date]:
    """Dates worth asking about: around the start, the cliff, every tranche, plus random."""
    s = vesting.schedule(g)
    base = [g.start, *(t.date for t in s)]
    c = cliff_date(g)
    if c is not None:
        base.append(c)
    out = {d + delta * DAY for d in base for delta in (-1, 0, 1)}
    out.update(g.start + n * DAY for n in extra)
    return sorted(out)


offsets_in_days = st.lists(st.integers(min_value=-30, max_value=12 * 366), max_size=10)


# -------------------------------------------------------------------------------- invariants


@given(grants())
def test_tranches_are_exact_and_ordered(g: Grant) -> None:
    s = vesting.schedule(g)
    assert s, "a grant without milestones always vests something"
    assert sum(t.shares for t in s) == g.shares
    running = 0
    for t in s:
        running += t.shares
        assert t.cumulative == running
        assert t.shares > 0
    assert all(a.date < b.date for a, b in itertools.pairwise(s))
    if g.terms.allocation is not Allocation.FRACTIONAL:
        assert all(isinstance(t.shares, int) for t in s)


@given(grants())
def test_nothing_before_start_or_cliff_everything_at_the_end(g: Grant) -> None:
    s = vesting.schedule(g)
    assert s[0].date >= g.start
    assert vested_by(g, g.start - DAY) == 0
    c = cliff_date(g)
    if c is not None:
        before = [t for t in s if t.date < c]
        # only the immediate portion, on the start date itself
        assert all(t.date == g.start for t in before)
        if not g.terms.immediate:
            assert before == []
        assert vested_by(g, c - DAY) == vested_by(g, g.start)
    last = s[-1]
    assert vested_by(g, last.date) == g.shares
    assert unvested_by(g, last.date) == 0
    assert vested_by(g, last.date - DAY) == g.shares - last.shares
    assert next_vest_after(g, last.date) is None
    assert end_date(g) == last.date


@given(grants(), offsets_in_days)
def test_vested_by_is_the_sum_of_tranches_so_far(g: Grant, extra: list[int]) -> None:
    s = vesting.schedule(g)
    previous = -1
    for d in probe_dates(g, extra):
        expected = sum((t.shares for t in s if t.date <= d), 0)
        got = vested_by(g, d)
        assert got == expected, d
        assert unvested_by(g, d) == g.shares - expected
        assert got >= previous  # monotone in the date
        previous = got
        upcoming = [t for t in s if t.date > d]
        assert next_vest_after(g, d) == (upcoming[0] if upcoming else None), d


@given(
    grants(
        any_terms.filter(
            lambda t: (
                t.allocation in (Allocation.CUMULATIVE_ROUND_DOWN, Allocation.CUMULATIVE_ROUNDING)
            )
        )
    ),
    offsets_in_days,
)
def test_cumulative_types_track_the_exact_pro_rata_amount(g: Grant, extra: list[int]) -> None:
    for d in probe_dates(g, extra):
        exact = g.shares * exact_portion(g, d)
        got = vested_by(g, d)
        if g.terms.allocation is Allocation.CUMULATIVE_ROUND_DOWN:
            assert 0 <= exact - got < 1, (d, exact, got)
        else:
            assert -F(1, 2) <= exact - got < F(1, 2), (d, exact, got)


@given(grants(), offsets_in_days)
def test_fractional_is_exactly_pro_rata(g: Grant, extra: list[int]) -> None:
    g = replace(g, terms=replace(g.terms, allocation=Allocation.FRACTIONAL))
    for d in probe_dates(g, extra):
        assert vested_by(g, d) == g.shares * exact_portion(g, d), d


@given(grants(), st.sampled_from([F(1, 10), F(1, 4), F(1, 3), F(1, 2), F(9, 10)]))
def test_milestones_come_off_the_top(g: Grant, portion: Fraction) -> None:
    terms = g.terms
    gated = replace(g, terms=replace(terms, milestones=(EventCondition("ipo", portion),)))
    if terms.allocation is Allocation.FRACTIONAL:
        expected = g.shares - g.shares * portion
    else:
        expected = g.shares - g.shares * portion.numerator // portion.denominator
    assert time_shares(gated) == expected
    s = vesting.schedule(gated)
    assert sum((t.shares for t in s), 0) == expected
    assert all(t.shares > 0 for t in s)
    if s:
        assert vested_by(gated, s[-1].date) == expected


@given(
    grants(),
    offsets_in_days,
    st.one_of(st.none(), st.sampled_from(["ipo"])),
    st.integers(min_value=1, max_value=200),
)
def test_the_closed_form_status_is_the_timeline_status(
    g: Grant, extra: list[int], settle_on: str | None, term_years: int
) -> None:
    """``evaluate`` takes a closed-form shortcut for a grant with no events; a named event
    that nothing refers to sends the same grant through the general timeline path, and both
    must give the same status on every date (options past their expiration included)."""
    if g.kind is Kind.RSU:
        g = replace(g, terms=replace(g.terms, settle_on=settle_on))
    else:
        expiry = min(dt.date(2199, 12, 31), g.grant_date + dt.timedelta(days=term_years * 40))
        if expiry <= g.grant_date:
            return
        g = replace(g, expiration=expiry)
    slow = g.with_events(vesting.NamedEvent("nothing-refers-to-this", g.grant_date))
    for days in extra:
        on = g.start + dt.timedelta(days=days)
        assert vesting.evaluate(g, on) == vesting.evaluate(slow, on)._replace(grant_id=g.id)
