"""Cancellations (what a cap table records when shares are gone) and the good-reason
termination, on hand-checked examples.

The grant: 4,800 NSO vesting from 2020-01-15 over 48 months, monthly, 12-month cliff; 100 a
month. By 2021-06-20: the cliff 1,200 (2021-01-15) + 2021-02-15 … 2021-06-15 (5 × 100) = 1,700
vested, 3,100 unvested.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

import vesting as v
from vesting.errors import EventError

D = dt.date
LEFT = D(2021, 6, 20)


def option(*events: v.Event) -> v.Grant:
    return v.Grant(
        "o",
        v.Kind.NSO,
        4800,
        D(2020, 1, 15),
        v.VestingTerms.standard(),
        exercise_price=Decimal(1),
        events=events,
    )


def numbers(g: v.Grant, on: dt.date) -> tuple[int, ...]:
    s = v.evaluate(g, on)
    return (s.vested, s.unvested, s.forfeited, s.exercisable, s.expired, s.outstanding)  # type: ignore[return-value]


def test_cancellations_that_record_a_termination_change_nothing() -> None:
    term = v.Termination(LEFT)  # voluntary: 3 months to exercise, through 2021-09-20
    plain = option(term)
    recorded = option(term, v.Cancellation(LEFT, 3100), v.Cancellation(D(2021, 9, 21), 1700))
    for on in (LEFT, D(2021, 9, 20), D(2021, 9, 21), D(2030, 1, 1)):
        assert numbers(recorded, on) == numbers(plain, on)
    assert numbers(plain, D(2021, 9, 21)) == (1700, 0, 3100, 0, 1700, 0)


def test_a_cancellation_of_every_unvested_share_stops_vesting() -> None:
    g = option(v.Cancellation(LEFT, 3100))
    # vested options stay exercisable (no termination: until the contractual expiration)
    assert numbers(g, LEFT) == (1700, 0, 3100, 1700, 0, 1700)
    assert numbers(g, D(2029, 12, 31)) == (1700, 0, 3100, 1700, 0, 1700)
    later = option(v.Cancellation(LEFT, 3100), v.Cancellation(D(2022, 1, 1), 700))
    # then 700 of the vested options are cancelled: they expire that day
    assert numbers(later, D(2022, 1, 1)) == (1700, 0, 3100, 1000, 700, 1000)


def test_a_partial_cancellation_takes_the_latest_tranches() -> None:
    g = option(v.Cancellation(LEFT, 1000))
    # the last 10 installments (2023-04-15 … 2024-01-15) go: 3,800 vest in the end
    assert v.evaluate(g, D(2030, 1, 1)).vested == 3800
    last = [e for e in v.timeline(g) if e.vests][-1]
    assert (last.date, last.cumulative) == (D(2023, 3, 15), 3800)


def test_cancelling_more_than_is_outstanding_is_an_error() -> None:
    with pytest.raises(
        EventError, match="at most the shares outstanding on 2021-06-20 \\(4,800\\)"
    ):
        v.evaluate(option(v.Cancellation(LEFT, 4801)), D(2022, 1, 1))
    exercised = option(v.Exercise(D(2021, 3, 1), 1500), v.Cancellation(LEFT, 3100 + 201))
    with pytest.raises(EventError, match="\\(3,300\\)"):  # 3,100 unvested + 200 not exercised
        v.evaluate(exercised, D(2022, 1, 1))


def test_an_exercise_after_its_options_were_cancelled_is_an_error() -> None:
    g = option(v.Cancellation(LEFT, 3100 + 1700), v.Exercise(D(2021, 7, 1), 1))
    with pytest.raises(EventError, match=r"exercise\.shares"):
        v.evaluate(g, D(2022, 1, 1))


def test_cancelled_rsus() -> None:
    rsu = v.Grant(
        "r",
        v.Kind.RSU,
        4000,
        D(2015, 3, 1),
        v.VestingTerms(length=v.Period.months(48), every=v.Period.months(12)),
        events=(v.Cancellation(D(2017, 6, 1), 2000),),
    )
    # 2 anniversaries vested (settled as they vest), the 2 unvested are cancelled
    s = v.evaluate(rsu, D(2020, 1, 1))
    assert (s.vested, s.settled, s.unvested, s.forfeited) == (2000, 2000, 0, 2000)
    with pytest.raises(EventError):  # settled units cannot be cancelled
        v.evaluate(rsu.with_events(v.Cancellation(D(2017, 7, 1), 1)), D(2020, 1, 1))


def test_good_reason_has_its_own_window() -> None:
    g = option(v.Termination(LEFT, v.Reason.GOOD_REASON))
    assert v.evaluate(g, LEFT).exercise_deadline == D(2021, 9, 20)  # 3 months by default
    windows = v.ExerciseWindows(good_reason=v.Period.months(12))
    h = v.Grant(
        "o",
        v.Kind.NSO,
        4800,
        D(2020, 1, 15),
        v.VestingTerms.standard(exercise_windows=windows),
        events=(g.events[0],),
    )
    assert v.evaluate(h, LEFT).exercise_deadline == D(2022, 6, 20)
    assert v.Reason.parse("good_reason") is v.Reason.GOOD_REASON


# Found by test_ocf_export.py::test_round_trip once its random grants carried a double-trigger
# acceleration after a cancellation: the acceleration was computed on the unvested balance
# before the cancellation.


def test_a_percent_acceleration_after_a_cancellation_takes_a_share_of_what_is_left() -> None:
    # 100 of the 3,100 unvested shares cancelled on 2021-06-20 (the last tranche, 2024-01-15):
    # 3,000 left unvested. A third of them, 1,000, accelerated on 2021-07-01 (no tranche
    # between): 1,700 + 1,000 = 2,700 vested, 2,000 unvested.
    g = option(v.Cancellation(LEFT, 100), v.Acceleration(D(2021, 7, 1), percent=Fraction(1, 3)))
    s = v.evaluate(g, D(2021, 7, 1))
    assert (s.vested, s.unvested, s.forfeited) == (2700, 2000, 100)


def test_a_one_share_acceleration_after_a_cancellation_pulls_one_share() -> None:
    # 201 RSUs, graded 5/15/40/40% a year from 2000-01-01: tranches 10, 30, 80, 81 (cumulative
    # round-down of 10.05, 40.2, 120.6, 201). One unvested share cancelled on the grant date
    # (from the last tranche); on 2000-01-02 one share accelerated — the 200 left unvested can
    # give it — then everything still unvested is forfeited by the termination that day.
    m = v.Period.months
    terms = v.VestingTerms(
        graded=tuple(
            v.GradedStep(m(12 * (i + 1)), Fraction(p, 100)) for i, p in enumerate((5, 15, 40, 40))
        )
    )
    events = (
        v.Cancellation(D(2000, 1, 1), 1),
        v.Acceleration(D(2000, 1, 2), shares=1),
        v.Termination(D(2000, 1, 2)),
    )
    g = v.Grant("r", v.Kind.RSU, 201, D(2000, 1, 1), terms, events=events)
    s = v.evaluate(g, D(2000, 1, 2))
    assert (s.vested, s.forfeited) == (1, 200)
