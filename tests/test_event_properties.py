"""Property tests for life events: random grants, random valid event sequences, random dates.

Invariants checked (see vesting.events / vesting.status):

* the reconciliation identities hold on every date (with repurchases and lapses);
* the timeline's shares sum exactly to the grant, every entry is > 0 shares;
* nothing vests after the termination date, and nothing is left unvested on it;
* nothing vests after the expiration; after it nothing is outstanding;
* an acceleration never pulls more than the time-based balance still unvested on its date;
* events never change the total granted;
* vested, forfeited and exercised only grow with the as-of date;
* with no events, ``evaluate`` agrees with the engine's closed form, also when the timeline path
  is forced by an event that changes nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace
from fractions import Fraction
from math import floor

from hypothesis import given
from hypothesis import strategies as st

import vesting as v
from vesting.asgraph import as_conditions
from vesting.dates import add
from vesting.engine import milestone_shares, next_vest_after, time_shares, vested_by
from vesting.errors import EventError, TermsError

DAY = dt.timedelta(days=1)
FAR = dt.date(2060, 1, 1)

# ---------------------------------------------------------------------------------- grants


@st.composite
def terms_st(draw: st.DrawFn, kind: v.Kind, milestones: bool = True) -> v.VestingTerms:
    options: dict[str, object] = {
        "allocation": draw(st.sampled_from(list(v.Allocation))),
        "day_of_month": draw(st.sampled_from([v.DayOfMonth.START, v.DayOfMonth.D31])),
        "vest_on_termination_date": draw(st.booleans()),
        "leave_tolling": draw(st.sampled_from(list(v.LeaveTolling))),
        "leave_min_days": draw(st.sampled_from([0, 0, 30])),
    }
    if kind.is_option:
        options["early_exercise"] = draw(st.booleans())
        options["repurchase_window"] = v.Period.months(draw(st.sampled_from([0, 0, 3])))
    elif draw(st.booleans()):
        options["settle_on"] = "ipo"
    if draw(st.integers(0, 3)) == 0:  # the terms accelerate on some reasons for leaving
        reasons = draw(st.lists(st.sampled_from(list(v.Reason)), min_size=1, max_size=3))
        options["accelerate_on"] = v.AccelerateOn(
            **{r.value.replace("-", "_"): draw(amounts()) for r in set(reasons)}
        )
    if draw(st.integers(0, 3)) == 0:  # the terms' double trigger, sometimes with a tail
        reasons = draw(st.lists(st.sampled_from(list(v.Reason)), min_size=1, max_size=3))
        options["change_of_control"] = v.ChangeOfControl(
            draw(amounts()),
            window=v.Period.months(draw(st.sampled_from([0, 12]))),
            window_before=draw(st.sampled_from([v.Period.months(0), v.Period.months(3),
                                                v.Period.days(90)])),
            qualifying=tuple(dict.fromkeys(reasons)),
        )  # fmt: skip
    if milestones and draw(st.booleans()):
        deadline = draw(
            st.none()
            | st.builds(v.Period.months, st.integers(1, 60))
            | st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))
        )
        portion = Fraction(draw(st.integers(1, 100)), 100)
        fallback = draw(  # sometimes a time fallback (issue 21.4)
            st.none() | st.none() | st.builds(v.Period.months, st.integers(1, 72))
            | st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))
        )  # fmt: skip
        options["milestones"] = (v.EventCondition("m1", portion, deadline, fallback),)
        options["accelerate_milestones"] = draw(st.booleans())
    shape = draw(st.integers(0, 7))
    if shape == 6 and milestones and not options.get("milestones"):  # event-gated
        return v.VestingTerms(conditions=draw(event_graph()), **options)  # type: ignore[arg-type]
    if shape == 0:
        portions = [Fraction(5, 100), Fraction(15, 100), Fraction(40, 100), Fraction(40, 100)]
        steps = tuple(
            v.GradedStep(v.Period.months(12 * (i + 1)), p) for i, p in enumerate(portions)
        )
        return v.VestingTerms(graded=steps, **options)  # type: ignore[arg-type]
    every = draw(st.sampled_from([1, 3, 12]))
    length = every * draw(st.integers(1, 60 // every))
    cliff = draw(st.none() | st.integers(1, length))
    if every > 1 and draw(st.integers(0, 3)) == 0:  # sometimes aligned to the calendar
        fits = [c for c in v.Calendar if every % c.months == 0]
        options["calendar"] = draw(st.sampled_from(fits))
    terms = v.VestingTerms(
        length=v.Period.months(length),
        every=v.Period.months(every),
        cliff=None if cliff is None else v.Period.months(cliff),
        **options,  # type: ignore[arg-type]
    )
    if shape == 7 and not terms.milestones:  # the same grid, as vesting conditions
        try:
            conditions = as_conditions(terms, dt.date(2000, 1, 1))
        except TermsError:
            return terms
        return replace(terms, length=v.Period.months(48), every=v.Period.months(1), cliff=None,
                       calendar=None, conditions=conditions)  # fmt: skip
    return terms


def amounts() -> st.SearchStrategy[v.Amount]:
    """An amount a provision accelerates: a percent, months or shares, any method."""
    method = st.sampled_from(list(v.Method))
    return st.one_of(
        st.builds(v.Amount, percent=st.integers(1, 100).map(lambda n: Fraction(n, 100)),
                  method=method),
        st.builds(v.Amount, months=st.integers(1, 36)),
        st.builds(v.Amount, shares=st.integers(1, 10**6), method=method),
    )  # fmt: skip


@st.composite
def event_graph(draw: st.DrawFn) -> tuple[v.Condition, ...]:
    """Vesting conditions that wait on the event ``m1`` (or pass it by): a part on the event,
    then the rest monthly counted from it (of the remainder, sometimes); a quiet deadline N
    months after the start competes with the event."""
    months = v.Period.months
    part = Fraction(draw(st.integers(0, 100)), 100)
    k = draw(st.integers(1, 24))
    remainder = draw(st.booleans())
    after = (1 - part) / k if not remainder else Fraction(1, k)
    deadline = draw(st.integers(1, 60))
    return (
        v.Condition("start", v.When.START, portion=Fraction(0), next=("m1", "deadline")),
        v.Condition("m1", v.When.EVENT, portion=part, next=("after",)),
        v.Condition("deadline", v.When.RELATIVE, quantity=Fraction(0), period=months(deadline),
                    relative_to="start"),
        v.Condition("after", v.When.RELATIVE, portion=after, remainder=remainder,
                    period=months(1), occurrences=k, relative_to="m1"),
    )  # fmt: skip


@st.composite
def grants(draw: st.DrawFn, milestones: bool = True) -> v.Grant:
    kind = draw(st.sampled_from(list(v.Kind)))
    granted = draw(st.dates(dt.date(2000, 1, 1), dt.date(2020, 12, 31)))
    start = granted - dt.timedelta(days=draw(st.sampled_from([0, 0, 0, 31, 200])))
    # sometimes a term shorter than the schedule (vesting must stop at the expiration)
    short = draw(st.sampled_from([None, None, None, 12, 30]))
    terms = draw(terms_st(kind, milestones))
    if terms.milestones and isinstance(terms.milestones[0].deadline, dt.date):
        m = terms.milestones[0]  # a deadline date never comes before the vesting start
        later = replace(m, deadline=max(m.deadline, start))  # type: ignore[type-var]
        terms = replace(terms, milestones=(later,))
    return v.Grant(
        "g",
        kind,
        draw(st.integers(1, 10**6)),
        granted,
        terms,
        vesting_start=start,
        expiration=None if short is None else add(granted, v.Period.months(short)),
    )


def lapses(g: v.Grant) -> bool:
    """A double-trigger RSU grant: vested units may lapse unsettled at its expiration."""
    return g.terms.settle_on is not None


def between(lo: dt.date, hi: dt.date) -> st.SearchStrategy[dt.date]:
    return st.dates(lo, max(lo, hi))


@st.composite
def with_events(draw: st.DrawFn, grant: v.Grant, terminate: bool = False) -> v.Grant:
    """The grant with a random valid sequence of events (exercises valid by construction)."""
    g0 = grant.grant_date
    horizon = g0 + dt.timedelta(days=6 * 365)
    events: list[v.Event] = []
    term: v.Termination | None = None
    if terminate or draw(st.booleans()):
        # sometimes on a tranche date, on purpose: does that tranche vest?
        on_tranches = [t.date for t in v.schedule(grant) if g0 <= t.date <= horizon]
        day = between(g0, horizon)
        when = draw(st.one_of(day, day, st.sampled_from(on_tranches)) if on_tranches else day)
        term = v.Termination(when, draw(st.sampled_from(list(v.Reason))))
        events.append(term)
    last = term.date if term else horizon

    # leaves: non-overlapping, each starting no later than the termination
    cursor = g0
    for _ in range(draw(st.integers(0, 2))):
        start = cursor + dt.timedelta(days=draw(st.integers(0, 400)))
        if start > last:
            break
        end = start + dt.timedelta(days=draw(st.integers(0, 200)))
        events.append(v.Leave(start, end))
        cursor = end + DAY

    for _ in range(draw(st.integers(0, 2))):
        amount = draw(
            st.fixed_dictionaries({"shares": st.integers(1, 2 * 10**6)})
            | st.fixed_dictionaries(
                {"percent": st.integers(1, 100).map(lambda p: Fraction(p, 100))}
            )
            | st.fixed_dictionaries({"months": st.integers(1, 36)})
        )
        events.append(
            v.Acceleration(
                draw(between(g0, last)),
                trigger=draw(st.sampled_from(list(v.Trigger))),
                window=v.Period.months(draw(st.integers(0, 24))),
                method=draw(st.sampled_from(list(v.Method))),
                **amount,
            )
        )
    if term is not None and draw(st.booleans()):
        # a change of control the termination is a second trigger for (its reason qualifies,
        # within the window): drawn at random, that case was so rare that a CI run never had it
        events.append(
            v.Acceleration(
                draw(between(max(g0, term.date - dt.timedelta(days=365)), term.date)),
                percent=Fraction(draw(st.integers(1, 100)), 100),
                trigger=v.Trigger.DOUBLE,
                window=v.Period.months(12),
                qualifying=(term.reason,),
                method=draw(st.sampled_from(list(v.Method))),
            )
        )
    for name in ("m1", "ipo", "unrelated"):
        if draw(st.booleans()):
            events.append(v.NamedEvent(name, draw(between(g0, horizon))))
    if grant.terms.change_of_control is not None and draw(st.booleans()):
        # the change of control, often near the termination (in its tail, or just before)
        near = term.date if term is not None else draw(between(g0, horizon))
        lo = max(g0, near - dt.timedelta(days=400))
        events.append(v.NamedEvent("change-of-control", draw(between(lo, near + 4 * 31 * DAY))))
    base = grant.with_events(*draw(st.permutations(events)))

    if not grant.kind.is_option:
        return draw(cancelled(base, g0, horizon))
    # exercises: each dated on or before the final exercise deadline, of at most what is
    # exercisable (vested, or not forfeited with early exercise) and not yet exercised.
    assert grant.expiration is not None
    deadline = grant.expiration
    if term is not None:  # a window of 0: nothing is exercisable from the termination date on
        window = grant.terms.exercise_windows.for_reason(term.reason)
        end = term.date - DAY if window.count == 0 else add(term.date, window)
        deadline = min(deadline, end)
    days = sorted(draw(st.lists(between(g0, deadline), max_size=3))) if deadline >= g0 else []
    exercises: list[v.Event] = []
    done = 0
    for d in days:
        s = v.evaluate(base, d)
        room = (grant.shares - s.forfeited) if grant.terms.early_exercise else s.vested
        room = floor(room) - done
        if room >= 1:
            n = draw(st.integers(1, room))
            exercises.append(v.Exercise(d, n))
            done += n
    with_exercises = base.with_events(*exercises)
    return draw(cancelled(with_exercises, days[-1] if days else g0, horizon))


@st.composite
def cancelled(draw: st.DrawFn, g: v.Grant, after: dt.date, horizon: dt.date) -> v.Grant:
    """The grant with up to two valid cancellations after its last exercise: each of at most
    the shares still unvested plus those vested and still free (not exercised, not expired;
    for RSUs: not settled)."""
    for _ in range(draw(st.integers(0, 2)) if draw(st.integers(0, 2)) == 0 else 0):
        d = draw(between(max(after, g.grant_date), horizon))
        s = v.evaluate(g, d)
        free = s.exercisable - s.subject_to_repurchase if g.kind.is_option else s.unsettled
        room = floor(s.unvested + free)
        if room < 1:
            break
        g = g.with_events(v.Cancellation(d, draw(st.integers(1, room))))
        after = d
    return g


@st.composite
def scenarios(draw: st.DrawFn, terminate: bool = False) -> tuple[v.Grant, list[dt.date]]:
    g = draw(with_events(draw(grants()), terminate))
    lo = g.grant_date - dt.timedelta(days=60)
    days = draw(st.lists(between(lo, g.grant_date + dt.timedelta(days=12 * 366)), max_size=6))
    interesting = [e.date for e in v.timeline(g) if e.date is not None]
    interesting += [ev.date for ev in g.events if not isinstance(ev, v.Leave)]
    picks = draw(st.lists(st.sampled_from(interesting), max_size=4)) if interesting else []
    extra = [d + dt.timedelta(days=k) for d in picks for k in (-1, 0, 1)]
    return g, sorted({*days, *extra, FAR})


def held_by_tail(e: v.Entry) -> bool:
    """An entry of shares a change of control's tail held (vested on it, forfeited at the
    tail's end or the expiration, or taken by a cancellation during the tail): pending from the
    termination on."""
    return e.held_from is not None


def termination(g: v.Grant) -> v.Termination | None:
    found = [e for e in g.events if isinstance(e, v.Termination)]
    return found[0] if found else None


# ------------------------------------------------------------------------------ properties


@given(scenarios())
def test_reconciliation_identities_and_monotonicity(case: tuple[v.Grant, list[dt.date]]) -> None:
    g, days = case
    statuses = [v.evaluate(g, d) for d in days]
    exercises = [e for e in g.events if isinstance(e, v.Exercise)]
    for s, d in zip(statuses, days, strict=True):
        assert s.granted == g.shares
        assert s.granted == s.vested + s.unvested + s.forfeited + s.repurchased
        low = min(s.vested, s.unvested, s.forfeited, s.pending, s.outstanding, s.repurchased)
        assert low >= 0
        assert s.pending <= s.unvested
        if g.kind.is_option:
            assert (
                s.vested + s.subject_to_repurchase + s.repurchased
                == s.exercised + s.exercisable + s.expired
            )
            assert min(s.exercisable, s.expired, s.subject_to_repurchase) >= 0
            assert s.exercised == sum(e.shares for e in exercises if e.date <= d)
            if not g.terms.early_exercise:
                assert s.subject_to_repurchase == s.repurchased == 0
            assert s.exercise_deadline is not None
            if d > s.exercise_deadline:
                assert s.exercisable == 0
        else:
            assert s.vested == s.settled + s.unsettled
            assert min(s.settled, s.unsettled) >= 0
            if g.terms.settle_on is None:
                assert s.unsettled == 0
        # nothing vests after the expiration, and after it nothing is outstanding
        assert g.expiration is not None or not g.kind.is_option
        if g.expiration is not None and d > g.expiration:
            assert s.outstanding == 0 and s.next_vest is None and s.unvested == 0
    for a, b in itertools.pairwise(statuses):
        # vested only grows — but a double-trigger RSU's unsettled units lapse at expiration
        # a double-trigger RSU's unsettled units lapse at expiration (or are cancelled)
        assert a.vested <= b.vested or lapses(g)
        assert a.forfeited + a.repurchased <= b.forfeited + b.repurchased
        assert a.exercised <= b.exercised
        assert a.settled <= b.settled
    # Far in the future nothing is left but what can never be decided (a milestone without a
    # deadline whose event never came).
    end = statuses[-1]
    assert end.unvested == end.pending


@given(scenarios())
def test_timeline_accounts_for_every_share(case: tuple[v.Grant, list[dt.date]]) -> None:
    g, _ = case
    entries = v.timeline(g)
    # a lapse or a cancellation of vested shares takes back units already counted as vested:
    # every other entry is a share's fate
    taken_back = (v.Mark.LAPSED, v.Mark.CANCELLED)
    assert sum(e.shares for e in entries if e.mark not in taken_back) == g.shares
    assert all(e.shares > 0 for e in entries)
    dated = [e.date for e in entries if e.date is not None]
    assert dated == sorted(dated)
    assert all(e.date is not None for e in entries if e.mark is not v.Mark.PENDING)
    running = 0
    option = g.kind.is_option
    for e in entries:
        back = e.mark is v.Mark.LAPSED or (e.mark is v.Mark.CANCELLED and not option)
        running += e.shares if e.vests else -e.shares if back else 0
        assert e.cumulative == running
        if e.vests and g.expiration is not None:
            assert e.date is not None and e.date <= g.expiration
    assert all(lapses(g) for e in entries if e.mark is v.Mark.LAPSED)
    # the event-gated share of the grant is exactly what the milestones took
    gated = sum(e.shares for e in entries if e.milestone and not held_by_tail(e))
    if not g.terms.conditions and not g.terms.accelerate_milestones:
        assert gated == g.shares - time_shares(g)
    elif not g.terms.conditions:  # an acceleration may have taken milestone shares
        assert gated <= g.shares - time_shares(g)


@given(scenarios(terminate=True))
def test_nothing_vests_after_termination(case: tuple[v.Grant, list[dt.date]]) -> None:
    g, _ = case
    term = termination(g)
    assert term is not None
    all_entries = v.timeline(g)
    # a change of control's tail (a cancellation before the termination takes shares then)
    held = [e for e in all_entries if held_by_tail(e) and e.date and e.date > term.date]
    entries = [e for e in all_entries if e not in held]
    cc = g.terms.change_of_control
    if held:
        assert cc is not None and term.reason in cc.qualifying
        end = add(term.date, cc.window_before)
        assert all(e.date is not None and e.date <= end for e in held), held
    for e in entries:
        assert e.date is not None  # nothing stays pending after a termination
        if e.vests:
            assert e.date <= term.date
        if e.mark is v.Mark.FORFEITED:
            assert e.date <= term.date
        if e.vests and e.date == term.date and e.mark is not v.Mark.ACCELERATED:
            assert g.terms.vest_on_termination_date
    on = v.evaluate(g, term.date)
    assert on.unvested == on.pending == sum(e.shares for e in held)
    far = v.evaluate(g, FAR)
    back = (v.Mark.LAPSED,) if g.kind.is_option else (v.Mark.LAPSED, v.Mark.CANCELLED)
    lapsed_later = sum(
        e.shares for e in entries if e.mark in back and e.date and e.date > term.date
    )
    tail_vested = sum(e.shares for e in held if e.vests)
    assert far.vested + lapsed_later == on.vested + tail_vested


@given(scenarios())
def test_acceleration_never_exceeds_unvested_balance(case: tuple[v.Grant, list[dt.date]]) -> None:
    g, _ = case
    term = termination(g)
    accs = [e for e in g.events if isinstance(e, v.Acceleration)]
    # Independently: when each acceleration may take effect (rule 2).
    allowed: set[dt.date] = set()
    for a in accs:
        if a.trigger is v.Trigger.SINGLE:
            allowed.add(a.date)
        elif (
            term is not None
            and term.reason in a.qualifying
            and a.date <= term.date <= add(a.date, a.window)
        ):
            allowed.add(term.date)
    if term is not None and g.terms.accelerate_on.for_reason(term.reason) is not None:
        allowed.add(term.date)  # the terms' acceleration on this reason for leaving
    cc = g.terms.change_of_control
    if term is not None and cc is not None and term.reason in cc.qualifying:
        allowed.add(term.date)  # the terms' double trigger (the tail: tests/test_tails.py)
    accelerated = [e for e in v.timeline(g) if e.mark is v.Mark.ACCELERATED and not held_by_tail(e)]
    assert {e.date for e in accelerated} <= allowed
    assert all(not e.milestone for e in accelerated)
    # The time-based balance unvested on d, before any acceleration or termination: the same
    # grant with only its leaves (and named events: they choose a condition graph's path).
    kept = (v.Leave, v.NamedEvent)
    leaves_only = replace(g, events=tuple(e for e in g.events if isinstance(e, kept)))
    for e in accelerated:
        assert e.date is not None
        same_day = term is not None and e.date == term.date and not g.terms.vest_on_termination_date
        # on the expiration day the later tranches still count (forfeited at its end)
        probe = e.date - DAY if same_day or e.date == g.expiration else e.date
        before = v.evaluate(leaves_only, probe)
        # with accelerate_milestones the pending milestone shares count too
        balance = before.unvested - (0 if g.terms.accelerate_milestones else before.pending)
        taken = sum(x.shares for x in accelerated if x.date is not None and x.date >= e.date)
        assert taken <= balance


@given(scenarios())
def test_events_never_change_the_total(case: tuple[v.Grant, list[dt.date]]) -> None:
    g, days = case
    plain = replace(g, events=())
    for d in days:
        s = v.evaluate(g, d)
        assert s.granted == v.evaluate(plain, d).granted == g.shares
        assert s.vested + s.unvested + s.forfeited + s.repurchased == g.shares


@given(grants(), st.lists(st.dates(dt.date(1999, 1, 1), dt.date(2035, 12, 31)), max_size=8))
def test_no_events_matches_the_engine(g: v.Grant, days: list[dt.date]) -> None:
    # A named event nothing refers to (and a leave that is not tolled) forces the timeline path
    # but must change nothing.
    noop = g.with_events(v.NamedEvent("unrelated", g.grant_date))
    untolled = replace(g, terms=replace(g.terms, leave_tolling=v.LeaveTolling.NONE))
    leave = untolled.with_events(v.Leave(g.grant_date, g.grant_date + dt.timedelta(days=100)))
    for d in days:
        # the engine's schedule, stopped at the expiration (nothing vests after it); a
        # double-trigger RSU with no settling event lapses entirely on it
        stop = min(d, g.expiration) if g.expiration is not None else d
        expected = vested_by(g, stop)
        # a milestone with a fallback vests on its fallback date with no event (issue 21.4)
        for m, shares in zip(g.terms.milestones, milestone_shares(g), strict=True):
            back = m.fallback
            if isinstance(back, v.Period):
                back = add(g.start, back, g.terms.day_of_month)
            if back is not None and back <= stop:
                expected += shares
        if lapses(g) and g.expiration is not None and d >= g.expiration:
            expected = 0
        assert v.evaluate(g, d).vested == expected
        assert v.evaluate(noop, d).vested == expected
        assert v.vested(noop, d) == expected
        assert v.evaluate(leave, d).vested == expected
        nxt = next_vest_after(g, d)
        if nxt is not None and g.expiration is not None and nxt.date > g.expiration:
            nxt = None
        if not g.terms.milestones:
            assert v.evaluate(noop, d).next_vest == nxt


def lasting(g: v.Grant) -> v.Grant:
    """The grant with nothing that ends vesting early (no short term, no lapse) and nothing a
    termination sets off (no acceleration by reason, no change-of-control provision:
    tests/test_reason_acceleration.py, tests/test_tails.py)."""
    g = replace(g, terms=replace(g.terms, accelerate_on=v.AccelerateOn(), change_of_control=None))
    if g.kind is v.Kind.RSU:
        return replace(g, terms=replace(g.terms, settle_on=None), expiration=None)
    return replace(g, expiration=add(g.grant_date, v.Period.months(120)))


@given(grants(milestones=False), st.data())
def test_termination_alone_stops_the_schedule(g: v.Grant, data: st.DataObject) -> None:
    g = lasting(g)
    when = data.draw(between(g.grant_date, g.grant_date + dt.timedelta(days=7 * 365)))
    t = g.with_events(v.Termination(when, data.draw(st.sampled_from(list(v.Reason)))))
    # vested freezes at what the plain schedule had on the termination day (or the day
    # before, when that day is exclusive).
    cutoff = when if g.terms.vest_on_termination_date else when - DAY
    frozen = vested_by(g, cutoff)
    for d in (when - DAY, when, when + DAY, FAR):
        expected = vested_by(g, min(d, cutoff))
        s = v.evaluate(t, d)
        assert s.vested == expected
        assert s.forfeited == (g.shares - frozen if d >= when else 0)


@given(grants(milestones=False), st.data())
def test_tolled_leave_only_delays(g: v.Grant, data: st.DataObject) -> None:
    g = lasting(g)
    g = replace(g, terms=replace(g.terms, leave_tolling=v.LeaveTolling.DAYS, leave_min_days=0))
    start = data.draw(between(g.grant_date, g.grant_date + dt.timedelta(days=5 * 365)))
    length = data.draw(st.integers(1, 365))
    lv = g.with_events(v.Leave(start, start + dt.timedelta(days=length - 1)))
    shift = dt.timedelta(days=length)
    # the boundaries: the leave's first day, and around each tranche's old and new date
    near = [t.date + k for t in v.schedule(g) for k in (-DAY, dt.timedelta(0), shift - DAY, shift)]
    picked = data.draw(st.lists(st.sampled_from(near), max_size=4)) if near else []
    days = [
        start - DAY,
        start,
        *picked,
        *data.draw(st.lists(between(g.grant_date, FAR), max_size=3)),
    ]
    for d in days:
        expected = vested_by(g, d) if d < start else vested_by(g, max(d - shift, start - DAY))
        assert v.evaluate(lv, d).vested == expected
    assert v.evaluate(lv, FAR).vested == g.shares


@given(grants(milestones=False), st.data())
def test_pro_rata_percent_takes_floor_of_the_balance(g: v.Grant, data: st.DataObject) -> None:
    g = lasting(g)
    when = data.draw(between(g.grant_date, g.grant_date + dt.timedelta(days=6 * 365)))
    pct = Fraction(data.draw(st.integers(1, 100)), 100)
    a = g.with_events(v.Acceleration(when, percent=pct))
    balance = g.shares - vested_by(g, when)
    exact = balance * pct
    pulled = exact if g.terms.allocation is v.Allocation.FRACTIONAL else floor(exact)
    assert v.evaluate(a, when).vested == vested_by(g, when) + pulled
    # every later tranche gives up its share, cumulative round-down: after the tranches due
    # through t, floor(pulled × due / balance) of them have been taken (exact under FRACTIONAL)
    later = [t for t in v.schedule(g) if t.date > when]
    kept = {e.date: e.shares for e in v.timeline(a) if e.mark is v.Mark.SCHEDULED}
    taken_before = 0
    for t in later:
        ratio = Fraction(pulled) * (t.cumulative - vested_by(g, when)) / balance
        taken = ratio if g.terms.allocation is v.Allocation.FRACTIONAL else floor(ratio)
        assert kept.get(t.date, 0) == t.shares - (taken - taken_before)
        taken_before = taken
    assert v.evaluate(a, FAR).vested == g.shares


@given(grants(milestones=False), st.data())
def test_full_double_trigger_vests_everything(g: v.Grant, data: st.DataObject) -> None:
    g = lasting(g)
    coc = data.draw(between(g.grant_date, g.grant_date + dt.timedelta(days=6 * 365)))
    when = data.draw(between(coc, add(coc, v.Period.months(12))))
    reason = data.draw(st.sampled_from(list(v.Reason)))
    full = v.Acceleration(coc, percent=Fraction(1), trigger=v.Trigger.DOUBLE)
    s = v.evaluate(g.with_events(full, v.Termination(when, reason)), when)
    if reason is v.Reason.INVOLUNTARY:  # qualifying, within the window
        assert (s.vested, s.forfeited) == (g.shares, 0)
    else:
        cutoff = when if g.terms.vest_on_termination_date else when - DAY
        assert s.vested == vested_by(g, cutoff)


def test_invalid_exercise_sequences_are_rejected_not_crashing() -> None:
    # Sanity check of the generator's premise: an exercise of more than is vested raises.
    g = v.Grant("x", v.Kind.NSO, 100, dt.date(2020, 1, 1), v.VestingTerms.standard())
    bad = g.with_events(v.Exercise(dt.date(2020, 6, 1), 1))
    try:
        v.evaluate(bad, dt.date(2020, 6, 1))
    except EventError as e:
        assert "exercise.shares" in str(e)
    else:  # pragma: no cover - must not happen
        raise AssertionError("exercise before the cliff should be an EventError")
