"""Milestones with a time fallback, and milestone shares accelerated (issue 21.4).

``EventCondition(name, portion, deadline, fallback=DATE)``: the portion vests on the earlier of
its event (when the event comes by the deadline) and the fallback date, if the holder is still
in service — instead of being forfeited at the deadline. ``accelerate_milestones = true``:
accelerations also take the milestone shares still pending. Figures are worked out by hand in
the comments; the property states the fallback rule independently of vesting.provisions.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import fail, status
from hypothesis import given
from hypothesis import strategies as st

import vesting as v
import vesting.io as vio
from vesting.accounting.expense import Recognizer
from vesting.errors import TermsError

D = dt.date
M = v.Period.months
DAY = dt.timedelta(days=1)
GRANTED = D(2008, 1, 1)
DEADLINE, FALLBACK = D(2009, 12, 31), D(2010, 4, 1)


def clause_grant(*events: v.Event, portion: Fraction = Fraction(1)) -> v.Grant:
    """The clause shape issue 21 quotes — "if the milestones are not achieved, all unvested
    shares vest on April 1, 2010" (no filed clause with a time fallback was found in the stored
    pages; the shape is the issue's): 1,000 RSUs granted 2008-01-01, ``portion`` of them on the
    ``fda`` milestone by 2009-12-31, else on 2010-04-01; the rest 48 months, annually."""
    m = v.EventCondition("fda", portion, deadline=DEADLINE, fallback=FALLBACK)
    terms = v.VestingTerms(length=M(48), every=M(12), milestones=(m,))
    return v.Grant("a", v.Kind.RSU, 1_000, GRANTED, terms, events=events)


# ------------------------------------------------------------------------------- the clause


def test_not_achieved_all_vest_on_the_fallback_date() -> None:
    g = clause_grant()
    before = status(g, FALLBACK - DAY)
    assert (before.vested, before.pending, before.forfeited) == (0, 1_000, 0)  # no deadline loss
    after = status(g, FALLBACK)
    assert (after.vested, after.pending) == (1_000, 0)
    (entry,) = v.timeline(g)
    assert (entry.mark, entry.note) == (v.Mark.SCHEDULED, "fda: fallback")


def test_achieved_by_the_deadline_they_vest_on_the_event() -> None:
    g = clause_grant(v.NamedEvent("fda", D(2009, 6, 1)))
    assert status(g, D(2009, 5, 31)).vested == 0
    assert status(g, D(2009, 6, 1)).vested == 1_000
    (entry,) = v.timeline(g)
    assert (entry.mark, entry.note) == (v.Mark.EVENT, "fda")


def test_achieved_after_the_deadline_is_too_late_the_fallback_still_vests() -> None:
    g = clause_grant(v.NamedEvent("fda", D(2010, 2, 1)))
    assert status(g, D(2010, 2, 1)).vested == 0
    assert status(g, FALLBACK).vested == 1_000


def test_a_holder_who_left_before_the_fallback_forfeits() -> None:
    g = clause_grant(v.Termination(D(2010, 2, 1)))
    s = status(g, FALLBACK)
    assert (s.vested, s.forfeited) == (0, 1_000)
    # leaving on the fallback day itself: it vests (vest_on_termination_date, the default)
    assert status(clause_grant(v.Termination(FALLBACK)), FALLBACK).vested == 1_000


def test_half_on_the_milestone_half_annually() -> None:
    # 500 time-based: 125 on 2009-01-01 ... 2012-01-01; 500 on the milestone or its fallback
    g = clause_grant(portion=Fraction(1, 2))
    assert [(e.date, e.shares) for e in v.timeline(g)] == [
        (D(2009, 1, 1), 125),
        (D(2010, 1, 1), 125),
        (FALLBACK, 500),
        (D(2011, 1, 1), 125),
        (D(2012, 1, 1), 125),
    ]


def test_no_deadline_and_a_period_fallback() -> None:
    # fallback 27 months after the start: 2010-04-01; an event in 2011 comes after it
    m = v.EventCondition("ipo", Fraction(1), fallback=M(27))
    g = v.Grant("a", v.Kind.RSU, 10, GRANTED, v.VestingTerms(milestones=(m,)))
    assert status(g.with_events(v.NamedEvent("ipo", D(2011, 1, 1))), FALLBACK).vested == 10
    assert status(g.with_events(v.NamedEvent("ipo", D(2009, 1, 1))), D(2009, 1, 1)).vested == 10


def test_an_option_expiring_before_the_fallback_forfeits_it_then() -> None:
    m = v.EventCondition("fda", Fraction(1), fallback=FALLBACK)
    g = v.Grant("o", v.Kind.NSO, 10, GRANTED, v.VestingTerms(milestones=(m,)),
                exercise_price=Decimal(1), expiration=D(2010, 1, 1))  # fmt: skip
    s = status(g, FALLBACK)
    assert (s.vested, s.forfeited) == (0, 10)


def test_expense_with_a_fallback_is_earned_by_service_to_it() -> None:
    """A fallback makes the portion vest with service alone (on the fallback date at the
    latest), so its cost is spread over the days to it, as known before the event: at $1, on
    2009-01-01 (day 367 of the 821 from 2008-01-01 to 2010-04-01), 1,000 × 367/821. Without a
    fallback an event-gated portion costs nothing until it vests."""
    known = Recognizer(clause_grant(), Decimal(1)).standing(D(2009, 1, 1)).recognized
    assert known == Fraction(1_000 * 367, 821)
    m = v.EventCondition("fda", Fraction(1), deadline=DEADLINE)
    gated = v.Grant("b", v.Kind.RSU, 1_000, GRANTED, v.VestingTerms(milestones=(m,)))
    assert Recognizer(gated, Decimal(1)).standing(D(2009, 1, 1)).recognized == 0


# ---------------------------------------------------------------- accelerating milestones


def half_and_half(accelerate: bool, *events: v.Event) -> v.Grant:
    """1,000 RSUs from 2008-01-01: 500 on the milestone ``fda`` (no deadline), 500 annually
    over 48 months (125 on 2009-01-01 ... 2012-01-01)."""
    m = v.EventCondition("fda", Fraction(1, 2))
    terms = v.VestingTerms(length=M(48), every=M(12), milestones=(m,),
                           accelerate_milestones=accelerate)  # fmt: skip
    return v.Grant("a", v.Kind.RSU, 1_000, GRANTED, terms, events=events)


def test_performance_goals_deemed_achieved_on_a_change_of_control() -> None:
    """Source: an "Equity Vesting" clause of an executive agreement, as sampled on
    lawinsider.com/clause/common-stock-vesting: on a qualified termination around a change in
    control all unvested equity vests, and for awards with performance-based vesting "all
    performance goals and other vesting criteria will be deemed achieved" (at target or
    better). As terms: ``accelerate_milestones = true``; the double trigger as a recorded
    acceleration of 100% on the change of control, 2009-06-01, the involuntary termination on
    2009-09-01 within its 12-month window.

    By hand: on 2009-09-01, 125 time-based shares have vested; 375 time-based unvested and the
    500 pending on the milestone are accelerated: 1,000 vested. Without the setting only the
    375 are: 500 vested, the milestone's 500 forfeited."""
    coc = v.Acceleration(D(2009, 6, 1), percent=Fraction(1), trigger=v.Trigger.DOUBLE)
    left = v.Termination(D(2009, 9, 1), v.Reason.INVOLUNTARY)
    s = status(half_and_half(True, coc, left), D(2009, 9, 1))
    assert (s.vested, s.forfeited) == (1_000, 0)
    s = status(half_and_half(False, coc, left), D(2009, 9, 1))
    assert (s.vested, s.forfeited) == (500, 500)


def test_a_percent_is_of_time_and_milestone_shares_together() -> None:
    """50% on 2009-06-01 of 375 time-based + 500 milestone = 875: floor(437.5) = 437, pro rata
    with the milestone after every tranche, cumulative round-down: after 125, 250, 375 and 875
    of the balance, floor(437 × 125/875) = 62, floor(124.86) = 124, floor(187.29) = 187, 437 —
    the tranches keep 63, 63 and 62, the milestone 500 - (437 - 187) = 250."""
    g = half_and_half(True, v.Acceleration(D(2009, 6, 1), percent=Fraction(1, 2)))
    s = status(g, D(2009, 6, 1))
    assert (s.vested, s.pending) == (125 + 437, 250)
    later = {e.date: e.shares for e in v.timeline(g) if e.mark is v.Mark.SCHEDULED}
    assert [later[D(y, 1, 1)] for y in (2010, 2011, 2012)] == [63, 63, 62]
    assert status(g.with_events(v.NamedEvent("fda", D(2011, 6, 1))), D(2011, 6, 1)).pending == 0
    # latest first: the milestone gives up its 437 first (63 left); months never take it
    latest = half_and_half(
        True, v.Acceleration(D(2009, 6, 1), percent=Fraction(1, 2), method=v.Method.LATEST)
    )
    assert status(latest, D(2009, 6, 1)).pending == 500 - 437
    months = half_and_half(True, v.Acceleration(D(2009, 6, 1), months=48))
    assert status(months, D(2009, 6, 1)).pending == 500


def test_only_milestones_still_pending_are_taken() -> None:
    # the event came first (2009-03-01): its 500 vested then; 100% on 2009-06-01 takes the 375
    first = half_and_half(
        True, v.NamedEvent("fda", D(2009, 3, 1)), v.Acceleration(D(2009, 6, 1), percent=Fraction(1))
    )
    accelerated = [e for e in v.timeline(first) if e.mark is v.Mark.ACCELERATED]
    assert [e.shares for e in accelerated] == [375]
    # a deadline that passed (2009-05-31) before the acceleration forfeited the 500 already
    m = v.EventCondition("fda", Fraction(1, 2), deadline=D(2009, 5, 31))
    terms = v.VestingTerms(length=M(48), every=M(12), milestones=(m,), accelerate_milestones=True)
    g = v.Grant("a", v.Kind.RSU, 1_000, GRANTED, terms,
                events=(v.Acceleration(D(2009, 6, 1), percent=Fraction(1)),))  # fmt: skip
    s = status(g, D(2009, 6, 1))
    assert (s.vested, s.forfeited) == (500, 500)


def test_accelerate_milestones_needs_milestones() -> None:
    with pytest.raises(TermsError, match="only with milestones"):
        v.VestingTerms(accelerate_milestones=True)


# ------------------------------------------------------------------------------- formats


@pytest.mark.parametrize("fmt", ["toml", "json", "csv"])
def test_every_format_reads_a_fallback(fmt: str) -> None:
    if fmt == "csv":
        text = ("id,kind,shares,grant_date,milestones,accelerate_milestones\n"
                'a,RSU,1000,2008-01-01,"fda:100%:2009-12-31:2010-04-01",true\n')  # fmt: skip
    elif fmt == "json":
        m = {"name": "fda", "portion": "100%", "deadline": "2009-12-31", "fallback": "2010-04-01"}
        text = json.dumps({"grants": [{"id": "a", "kind": "RSU", "shares": 1000,
                                       "grant_date": "2008-01-01", "milestones": [m],
                                       "accelerate_milestones": True}]})  # fmt: skip
    else:
        text = ('[[grant]]\nid = "a"\nkind = "RSU"\nshares = 1000\ngrant_date = 2008-01-01\n'
                "accelerate_milestones = true\n"
                'milestones = [{ name = "fda", portion = "100%", deadline = 2009-12-31, '
                "fallback = 2010-04-01 }]\n")  # fmt: skip
    stream = io.StringIO(text)
    stream.name = f"g.{fmt}"
    (entry,) = vio.read(stream, fmt)
    assert not entry.problems and entry.grant is not None, entry.problems
    (m,) = entry.grant.terms.milestones
    assert (m.deadline, m.fallback) == (DEADLINE, FALLBACK)
    assert entry.grant.terms.accelerate_milestones is True


def test_a_bad_fallback_is_located(tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    path.write_text('[[grant]]\nid = "a"\nkind = "RSU"\nshares = 10\ngrant_date = 2008-01-01\n'
                    'milestones = [{ name = "fda", portion = 1, fallback = "soon" }]\n',
                    encoding="utf-8")  # fmt: skip
    (line,) = fail("status", str(path))
    assert "milestones[1].fallback" in line and "soon" in line


def test_ocf_cannot_carry_them() -> None:
    from vesting.io.ocf.write import exportable

    fields = {p.field for p in exportable(half_and_half(True))}
    assert fields == {"accelerate_milestones"}
    assert {p.field for p in exportable(clause_grant())} == {"milestone 'fda'.fallback"}


# ------------------------------------------------------------------------------ property


@given(
    st.none() | st.dates(D(2008, 1, 1), D(2012, 12, 31)),  # the event
    st.none() | st.dates(D(2008, 1, 1), D(2012, 12, 31)),  # the deadline
    st.dates(D(2008, 1, 1), D(2012, 12, 31)),  # the fallback
    st.none() | st.dates(D(2008, 1, 1), D(2012, 12, 31)),  # a termination
    st.booleans(),  # vest_on_termination_date
)
def test_the_fallback_outcome(
    event: dt.date | None,
    deadline: dt.date | None,
    fallback: dt.date,
    left: dt.date | None,
    inclusive: bool,
) -> None:
    """Independently: the portion vests on the earlier of the event (if on or before the
    deadline) and the fallback, unless employment ended before that day (on that day: only if
    it vests); otherwise it is forfeited on the termination date. Pending until then."""
    m = v.EventCondition("m", Fraction(1), deadline=deadline, fallback=fallback)
    terms = v.VestingTerms(milestones=(m,), vest_on_termination_date=inclusive)
    events: list[v.Event] = [v.NamedEvent("m", event)] if event else []
    if left:
        events.append(v.Termination(left))
    g = v.Grant("g", v.Kind.RSU, 7, GRANTED, terms, events=tuple(events))
    counts = event is not None and (deadline is None or event <= deadline)
    due = min(event, fallback) if counts and event is not None else fallback
    in_service = left is None or due < left or (due == left and inclusive)
    for on in (due - DAY, due, D(2013, 1, 1)):
        s = status(g, on)
        if in_service:
            assert (s.vested, s.pending) == ((7, 0) if on >= due else (0, 7))
        else:
            assert left is not None
            assert (s.vested, s.forfeited) == ((0, 7) if on >= left else (0, 0))
            assert s.pending == (7 if on < left else 0)
    assert replace(g, events=()).terms == terms
