"""Property tests for splits and modifications (issue 20.5), on random grants with random
events (the strategies of test_event_properties):

* a forward split by a whole ``r`` and then a reverse split by ``1/r`` gives back the original
  quantities (and between the two, exactly ``r`` times them);
* every reconciliation identity holds on every date for random grants with random splits and
  events (tests/helpers.py ``assert_reconciles``: also granted = the split formula and
  split_fraction_cancelled = what the rounding dropped), and quantities only grow between
  splits;
* the total expense over the life of a Type I modified award = shares × (grant-date fair value
  + incremental fair value) when every share vests.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from math import floor

from helpers import assert_reconciles
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_event_properties import between, grants, with_events

import vesting as v
from vesting.accounting.modification import recognizer
from vesting.accounting.years import Period
from vesting.errors import VestingError
from vesting.money import to_cents
from vesting.status import check

DAY = dt.timedelta(days=1)
QUANTITIES = (
    "granted", "vested", "unvested", "forfeited", "exercised", "exercisable", "expired",
    "outstanding", "settled", "unsettled", "pending", "subject_to_repurchase", "repurchased",
)  # fmt: skip


def quantities(s: v.Status) -> tuple[object, ...]:
    return tuple(getattr(s, name) for name in QUANTITIES)


def end_of(g: v.Grant) -> dt.date:
    return g.expiration or g.grant_date + dt.timedelta(days=8 * 365)


@st.composite
def round_trips(draw: st.DrawFn) -> tuple[v.Grant, v.Grant, int, dt.date, dt.date]:
    """A grant with events, and the same grant split r-for-1 on D1 and 1-for-r on D2 > D1,
    with no event dated from D1 up to D2 (their share counts would be in r-times shares)."""
    g = draw(with_events(draw(grants())))
    assume(not (g.terms.allocation is v.Allocation.FRACTIONAL
                and g.terms.split_rounding is v.SplitRounding.TRANCHE))  # fmt: skip
    r = draw(st.sampled_from([2, 3, 7, 10, 1000]))
    first = draw(between(g.grant_date + DAY, end_of(g) - DAY))
    second = draw(between(first + DAY, min(end_of(g), first + dt.timedelta(days=900))))
    from vesting.eventrules import event_date

    assume(not any(first <= event_date(e) < second for e in g.events))
    split = g.with_events(v.StockSplit(first, Fraction(r)), v.StockSplit(second, Fraction(1, r)))
    return g, split, r, first, second


@settings(max_examples=150, deadline=None)
@given(round_trips(), st.data())
def test_a_forward_split_then_the_reverse_split_gives_the_original_back(
    case: tuple[v.Grant, v.Grant, int, dt.date, dt.date], data: st.DataObject
) -> None:
    g, split, r, first, second = case
    days = data.draw(st.lists(between(g.grant_date, end_of(g) + DAY), min_size=1, max_size=5))
    for d in [*days, first - DAY, first, second - DAY, second, end_of(g) + DAY]:
        if d < g.grant_date:
            continue
        plain, s = v.evaluate(g, d), v.evaluate(split, d)
        assert_reconciles(s, split)
        if d < first or d >= second:
            assert quantities(s) == quantities(plain), d
        elif g.terms.allocation is not v.Allocation.FRACTIONAL:
            # between them, every quantity is r times the original: floor(r × n) = r × n
            assert quantities(s) == tuple(r * q for q in quantities(plain)), d  # type: ignore[operator]


SPLITS = [Fraction(1, 20), Fraction(1, 3), Fraction(2, 3), Fraction(3, 2), Fraction(2),
          Fraction(1000), Fraction(1, 1000), Fraction(7, 11)]  # fmt: skip


@st.composite
def split_grants(draw: st.DrawFn) -> v.Grant:
    """A grant with random events and up to three random splits; share counts of events dated
    after a split are made post-split (floor(n × factor); 0 drops the event), and the grant
    must be valid."""
    g = draw(with_events(draw(grants())))
    rounding = draw(st.sampled_from(list(v.SplitRounding)))
    terms = replace(g.terms, split_rounding=rounding)
    price = g.exercise_price or (Decimal("1.37") if g.kind.is_option else None)
    g = replace(g, terms=terms, exercise_price=price)
    days = draw(st.lists(between(g.grant_date + DAY, end_of(g)), min_size=1, max_size=3,
                         unique=True))  # fmt: skip
    splits = [v.StockSplit(d, draw(st.sampled_from(SPLITS))) for d in sorted(days)]

    def factor(on: dt.date) -> Fraction:
        f = Fraction(1)
        for s in splits:
            if s.date <= on:
                f *= s.ratio
        return f

    events: list[v.Event] = []
    for e in g.events:
        if isinstance(e, v.Exercise | v.Cancellation):
            n = floor(e.shares * factor(e.date))
            if n:
                events.append(type(e)(e.date, n))
        elif isinstance(e, v.Acceleration) and e.shares is not None:
            n = floor(e.shares * factor(e.date))
            if n:
                events.append(replace(e, shares=n))
        else:
            events.append(e)
    out = v.Grant(g.id, g.kind, g.shares, g.grant_date, g.terms, vesting_start=g.vesting_start,
                  exercise_price=g.exercise_price, expiration=g.expiration,
                  events=(*events, *splits))  # fmt: skip
    try:
        check(out)
    except VestingError:
        assume(False)
    return out


@settings(max_examples=200, deadline=None)
@given(split_grants(), st.data())
def test_every_identity_holds_on_every_date_with_random_splits(
    g: v.Grant, data: st.DataObject
) -> None:
    interesting = sorted(
        {e.date for e in v.timeline(g) if e.date is not None}
        | {s.date for s in g.events if isinstance(s, v.StockSplit)}
    )
    days = data.draw(st.lists(between(g.grant_date, end_of(g) + DAY), max_size=4))
    extra = [d + dt.timedelta(days=k) for d in interesting[:6] for k in (-1, 0)]
    statuses = []
    for d in sorted({*days, *extra, end_of(g) + DAY}):
        if d < g.grant_date:
            continue
        s = v.evaluate(g, d)
        assert_reconciles(s, g)
        statuses.append(s)
    splits = [e.date for e in g.events if isinstance(e, v.StockSplit)]
    for a, b in itertools.pairwise(statuses):
        if any(a.as_of < d <= b.as_of for d in splits):
            continue  # a split between them: different shares
        if g.terms.settle_on is None:  # (a double-trigger RSU's unsettled units may lapse)
            assert a.vested <= b.vested
        assert a.forfeited <= b.forfeited + b.repurchased and a.exercised <= b.exercised
    # the timeline as it happened: no entry below zero; each split an entry of its own
    entries = v.timeline(g)
    assert all(e.shares >= 0 for e in entries)
    assert len([e for e in entries if e.mark is v.Mark.SPLIT]) == len(splits)


@st.composite
def modified(draw: st.DrawFn) -> tuple[v.Grant, Decimal, Decimal, str]:
    """An option grant whose every share vests (no events), repriced on a date before its
    expiration with given fair values before and after; its grant-date fair value."""
    g = draw(grants(milestones=False))
    assume(g.kind.is_option and g.expiration is not None)
    assert g.expiration is not None
    last = max((t.date for t in v.schedule(g)), default=g.grant_date)
    assume(last <= g.expiration)
    day = draw(between(g.grant_date, g.expiration))
    cents = st.integers(0, 5000).map(lambda c: Decimal(c) / 100)
    before, after, fv0 = draw(cents), draw(cents), draw(cents)
    m = v.Modification.repricing(
        day, Decimal("1.00"), inputs=v.Pricing(fair_value=after), fair_value_before=before
    )
    priced = replace(g, exercise_price=Decimal("2.00"), events=(m,))
    return (
        priced,
        fv0,
        max(Decimal(0), after - before),
        draw(st.sampled_from(["graded", "straight-line"])),
    )


@settings(max_examples=150, deadline=None)
@given(modified())
def test_total_expense_of_a_type_i_modified_award(
    case: tuple[v.Grant, Decimal, Decimal, str],
) -> None:
    g, fv0, incremental, attribution = case
    end = g.expiration or g.grant_date
    far = end + dt.timedelta(days=400)
    (total,) = recognizer(g, fv0, attribution).by_period([Period("life", g.grant_date, far)])
    # every share vests: shares × (grant-date fair value + incremental fair value), to the cent
    assert total.cumulative == to_cents(Fraction(g.shares) * Fraction(fv0 + incremental))
    assert total.unrecognized == 0
