"""Hand-checked tables for the life-events layer (vesting.events and vesting.status).

The reference option: 2,000,000 NSO granted and starting 2006-12-18, four years monthly with a
one-year cliff, cumulative round-down. The tranche ``k`` months after the start (k >= 12) brings
the cumulative total to ``floor(2,000,000 × k / 48)``; see :func:`cum` and :func:`month`.
Every expected value below is worked out by hand in a comment, or computed inline from that
independent formula, never copied from the code's output. :func:`helpers.status` checks the
reconciliation identities on every status it returns.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from helpers import month_day, status

import vesting as v
from vesting import Mark
from vesting.errors import EventError

START = date(2006, 12, 18)
TOTAL = 2_000_000
TERM_DAY = date(2009, 3, 1)
COC = date(2008, 6, 30)  # change of control


def ref(terms: v.VestingTerms | None = None, *events: v.Event) -> v.Grant:
    return v.Grant(
        "ceo-opt",
        v.Kind.NSO,
        TOTAL,
        START,
        terms if terms is not None else v.VestingTerms.standard(),
        events=tuple(events),
    )


def month(k: int) -> date:
    """The reference grid date k months after 2006-12-18 (the 18th always exists)."""
    return month_day(START, k)


def cum(k: int) -> int:
    """Cumulative vested after the k-th monthly tranche (k >= 12): floor(2e6 × k / 48)."""
    return TOTAL * k // 48


def tranche(k: int) -> int:
    return cum(k) - cum(k - 1)


# ------------------------------------------------------------------------- the formula itself


def test_reference_helpers_match_hand_values() -> None:
    # Guards the helpers the tables rely on: k=12 cliff 2007-12-18 → 500,000;
    # k=18 (2008-06-18) → 750,000; k=26 (2009-02-18) → 3,250,000/3 = 1,083,333.33 → 1,083,333.
    assert (month(12), cum(12)) == (date(2007, 12, 18), 500_000)
    assert (month(18), cum(18)) == (date(2008, 6, 18), 750_000)
    assert (month(26), cum(26)) == (date(2009, 2, 18), 1_083_333)
    assert (month(48), cum(48)) == (date(2010, 12, 18), 2_000_000)


# -------------------------------------------------------------------------------- termination


def test_voluntary_termination_table() -> None:
    g = ref(None, v.Termination(TERM_DAY, v.Reason.VOLUNTARY))
    # 2009-03-01 falls between the 2009-02-18 (k=26) and 2009-03-18 (k=27) tranches.
    on_term = status(g, TERM_DAY)
    assert on_term.vested == 1_083_333
    assert on_term.forfeited == 2_000_000 - 1_083_333 == 916_667
    assert on_term.unvested == 0
    assert on_term.exercise_deadline == date(2009, 6, 1)  # + 3 calendar months
    assert on_term.next_vest is None

    last_day = status(g, date(2009, 6, 1))
    assert (last_day.exercisable, last_day.expired) == (1_083_333, 0)
    assert last_day.outstanding == 1_083_333

    after = status(g, date(2009, 6, 2))
    assert (after.exercisable, after.expired, after.outstanding) == (0, 1_083_333, 0)
    assert after.vested == 1_083_333 and after.forfeited == 916_667


def test_before_termination_numbers_are_untouched() -> None:
    g = ref(None, v.Termination(TERM_DAY))
    s = status(g, date(2008, 6, 30))
    # 2008-06-18 is k=18: 2e6 × 18/48 = 750,000 exactly.
    assert (s.vested, s.unvested, s.forfeited) == (750_000, 1_250_000, 0)
    assert s.exercisable == 750_000
    assert s.exercise_deadline == date(2016, 12, 18)  # contractual: grant date + 10 years
    assert s.next_vest == v.Tranche(date(2008, 7, 18), tranche(19), cum(19))
    # The day before the termination the window is not yet known either.
    assert status(g, date(2009, 2, 28)).exercise_deadline == date(2016, 12, 18)


def test_timeline_marks_forfeited_tranches_on_the_termination_date() -> None:
    entries = v.timeline(ref(None, v.Termination(TERM_DAY)))
    scheduled = [e for e in entries if e.mark is Mark.SCHEDULED]
    forfeited = [e for e in entries if e.mark is Mark.FORFEITED]
    # cliff (k=12) then k=13..26 vest: 15 entries; k=27..48 are forfeited: 22 entries.
    assert [e.date for e in scheduled] == [month(k) for k in range(12, 27)]
    assert scheduled[-1].cumulative == 1_083_333
    assert len(forfeited) == 22
    assert all(e.date == TERM_DAY for e in forfeited)
    assert [e.original_date for e in forfeited] == [month(k) for k in range(27, 49)]
    assert [e.shares for e in forfeited] == [tranche(k) for k in range(27, 49)]
    assert all(e.cumulative == 1_083_333 and not e.vests for e in forfeited)
    assert sum(e.shares for e in entries) == TOTAL


@pytest.mark.parametrize(
    ("reason", "deadline"),
    [
        (v.Reason.VOLUNTARY, date(2009, 6, 1)),  # 3 months
        (v.Reason.INVOLUNTARY, date(2009, 6, 1)),  # 3 months
        (v.Reason.RETIREMENT, date(2009, 6, 1)),  # 3 months
        (v.Reason.CAUSE, date(2009, 2, 28)),  # none: nothing exercisable from the 1st on
        (v.Reason.DEATH, date(2010, 3, 1)),  # 12 months
        (v.Reason.DISABILITY, date(2010, 3, 1)),  # 12 months
    ],
)
def test_exercise_window_by_reason(reason: v.Reason, deadline: date) -> None:
    g = ref(None, v.Termination(TERM_DAY, reason))
    assert status(g, TERM_DAY).exercise_deadline == deadline
    on_deadline = status(g, deadline)
    assert (on_deadline.exercisable, on_deadline.expired) == (1_083_333, 0)
    day_after = status(g, deadline + timedelta(days=1))
    assert (day_after.exercisable, day_after.expired) == (0, 1_083_333)


def test_exercise_window_overridable_in_days() -> None:
    terms = v.VestingTerms(
        cliff=v.Period.months(12),
        exercise_windows=v.ExerciseWindows(voluntary=v.Period.days(90)),
    )
    g = ref(terms, v.Termination(TERM_DAY))
    # 2009-03-01 + 90 days: 30 to 03-31, 60 to 04-30, 90 to 05-30.
    assert status(g, TERM_DAY).exercise_deadline == date(2009, 5, 30)
    assert status(g, date(2009, 5, 31)).expired == 1_083_333
    # Only the voluntary window was overridden.
    g2 = ref(terms, v.Termination(TERM_DAY, v.Reason.DEATH))
    assert status(g2, TERM_DAY).exercise_deadline == date(2010, 3, 1)


def test_contractual_expiration_caps_the_window() -> None:
    g = ref(None, v.Termination(date(2016, 11, 1)))
    # 2016-11-01 + 3 months = 2017-02-01, after the 2016-12-18 expiration.
    s = status(g, date(2016, 11, 1))
    assert s.exercise_deadline == date(2016, 12, 18)
    assert (s.vested, s.forfeited) == (TOTAL, 0)  # fully vested 2010-12-18
    assert status(g, date(2016, 12, 19)).expired == TOTAL


def test_untouched_grant_expires_at_contractual_expiration() -> None:
    g = ref(None, v.NamedEvent("unrelated", date(2007, 1, 1)))
    assert status(g, date(2016, 12, 18)).exercisable == TOTAL
    s = status(g, date(2016, 12, 19))
    assert (s.exercisable, s.expired) == (0, TOTAL)


def test_tranche_on_termination_date_vests_by_default() -> None:
    g = ref(None, v.Termination(month(26)))  # 2009-02-18, a tranche date
    assert status(g, month(26)).vested == cum(26) == 1_083_333


def test_tranche_on_termination_date_excluded_by_setting() -> None:
    terms = v.VestingTerms.standard(vest_on_termination_date=False)
    g = ref(terms, v.Termination(month(26)))
    s = status(g, month(26))
    # Only k=25 counts: 3,125,000/3 = 1,041,666.67 → 1,041,666.
    assert s.vested == 1_041_666
    assert s.forfeited == 2_000_000 - 1_041_666 == 958_334
    forfeited = [e for e in v.timeline(g) if e.mark is Mark.FORFEITED]
    assert forfeited[0].original_date == month(26)
    assert forfeited[0].date == month(26)


# -------------------------------------------------------------------------------------- leave

LEAVE = v.Leave(date(2008, 1, 1), date(2008, 3, 30))
DAYS = v.VestingTerms.standard(leave_tolling=v.LeaveTolling.DAYS)
"""The standard terms with leaves tolled day for day (the tests of that rule)."""


def test_leave_length_is_inclusive() -> None:
    # January 31 + February 29 (2008 is a leap year) + March 1..30 = 90 days.
    assert LEAVE.days == 31 + 29 + 30 == 90


def test_leave_shifts_every_later_tranche_by_its_length() -> None:
    entries = v.timeline(ref(DAYS, LEAVE))
    assert all(e.mark is Mark.SCHEDULED for e in entries)
    cliff = entries[0]
    assert (cliff.date, cliff.shares, cliff.original_date) == (date(2007, 12, 18), 500_000, None)
    shifted = entries[1:]
    assert [e.original_date for e in shifted] == [month(k) for k in range(13, 49)]
    assert [e.date for e in shifted] == [month(k) + timedelta(days=90) for k in range(13, 49)]
    assert [e.shares for e in shifted] == [tranche(k) for k in range(13, 49)]
    # Hand-checked: 01-18 + 90 = 04-17 (13 to 01-31, 42 to 02-29, 73 to 03-31, 90 → 04-17);
    # 2010-12-18 + 90 = 2011-03-18 (13 + 31 + 28 + 18).
    assert shifted[0].date == date(2008, 4, 17)
    assert shifted[-1].date == date(2011, 3, 18)
    assert shifted[0].note  # says why it moved
    assert status(ref(DAYS, LEAVE), date(2011, 3, 17)).vested == cum(47)
    assert status(ref(DAYS, LEAVE), date(2011, 3, 18)).fully_vested == date(2011, 3, 18)


def test_leave_starting_on_a_tranche_date_moves_it() -> None:
    g = ref(DAYS, v.Leave(month(13), month(13) + timedelta(days=9)))  # 10 days from 2008-01-18
    entries = v.timeline(g)
    assert [(e.date, e.original_date) for e in entries[:2]] == [
        (date(2007, 12, 18), None),
        (date(2008, 1, 28), date(2008, 1, 18)),
    ]
    assert status(g, month(13)).vested == 500_000


def test_leave_with_termination() -> None:
    g = ref(DAYS, LEAVE, v.Termination(TERM_DAY))
    # 2008-11-18 (k=23) + 90 days = 2009-02-16 (12 + 31 + 31 + 16) ≤ 2009-03-01: vests;
    # 2008-12-18 (k=24) + 90 days = 2009-03-18: forfeited.
    s = status(g, TERM_DAY)
    assert s.vested == 958_333  # 2,875,000/3 = 958,333.33
    assert s.forfeited == 2_000_000 - 958_333 == 1_041_667
    last = [e for e in v.timeline(g) if e.vests][-1]
    assert (last.date, last.original_date) == (date(2009, 2, 16), date(2008, 11, 18))
    # A forfeited tranche keeps the date it would have vested on: after the leave shift.
    first_lost = next(e for e in v.timeline(g) if e.mark is Mark.FORFEITED)
    assert (first_lost.date, first_lost.original_date) == (TERM_DAY, date(2009, 3, 18))


def test_leave_without_tolling_changes_nothing() -> None:
    terms = v.VestingTerms.standard()  # leave_tolling none: the default
    assert terms.leave_tolling is v.LeaveTolling.NONE
    g = ref(terms, LEAVE)
    assert [(e.date, e.shares) for e in v.timeline(g)] == [
        (t.date, t.shares) for t in v.schedule(ref(terms))
    ]
    assert status(g, date(2008, 6, 30)).vested == 750_000
    assert status(ref(terms, LEAVE, v.Termination(TERM_DAY)), TERM_DAY).vested == 1_083_333


# ------------------------------------------------------------------------------- acceleration


def test_half_pro_rata_acceleration_on_change_of_control() -> None:
    g = ref(None, v.Acceleration(COC, percent=Fraction(1, 2)))
    assert status(g, date(2008, 6, 29)).vested == 750_000
    s = status(g, COC)
    # unvested 1,250,000 × 50% = 625,000 pulled forward onto 2008-06-30.
    assert s.vested == 750_000 + 625_000 == 1_375_000
    assert s.unvested == 625_000
    entries = v.timeline(g)
    acc = [e for e in entries if e.mark is Mark.ACCELERATED]
    assert [(e.date, e.shares) for e in acc] == [(COC, 625_000)]
    later = [e for e in entries if e.mark is Mark.SCHEDULED and e.date > COC]
    assert [e.date for e in later] == [month(k) for k in range(19, 49)]  # 30 tranches kept
    assert sum(e.shares for e in later) == 625_000
    # Cumulative round-down shrinkage: after the j-th later tranche, U_j = cum(18+j) − 750,000
    # shares were due and floor(U_j / 2) of them have been taken.
    for j, e in enumerate(later, start=1):
        u = cum(18 + j) - 750_000
        taken_before = (cum(17 + j) - 750_000) // 2
        assert e.shares == tranche(18 + j) - (u // 2 - taken_before)
        assert abs(2 * e.shares - tranche(18 + j)) <= 2  # roughly halved
    # First two by hand: 41,666 - 20,833 = 20,833; 41,667 - (41,666 - 20,833) = 20,834.
    assert [e.shares for e in later[:2]] == [20_833, 20_834]
    assert sum(e.shares for e in entries) == TOTAL
    assert status(g, date(2010, 12, 17)).vested < TOTAL
    assert status(g, date(2010, 12, 18)).vested == TOTAL


def test_pro_rata_shares_acceleration_rounds_cumulatively_down() -> None:
    g = ref(None, v.Acceleration(COC, shares=100_000))
    later = [e for e in v.timeline(g) if e.mark is Mark.SCHEDULED and e.date > COC]
    # 100,000 of the 1,250,000 balance = 2/25 of every later tranche, cumulative round-down:
    # taken after 1, 2, 3 tranches = floor(2/25 × 41,666 = 3,333.28) = 3,333,
    # floor(2/25 × 83,333 = 6,666.64) = 6,666, floor(2/25 × 125,000) = 10,000.
    assert [e.shares for e in later[:3]] == [41_666 - 3_333, 41_667 - 3_333, 41_667 - 3_334]
    assert sum(e.shares for e in later) == 1_250_000 - 100_000
    assert status(g, COC).vested == 850_000


def test_soonest_acceleration_takes_the_next_tranches() -> None:
    g = ref(None, v.Acceleration(COC, shares=100_000, method=v.Method.SOONEST))
    entries = v.timeline(g)
    by_date = {e.date: e.shares for e in entries if e.mark is Mark.SCHEDULED}
    # 07-18: 41,666 and 08-18: 41,667 gone (83,333); 16,667 of 09-18's 41,667 → 25,000 left.
    assert date(2008, 7, 18) not in by_date and date(2008, 8, 18) not in by_date
    assert by_date[date(2008, 9, 18)] == 25_000
    assert by_date[date(2008, 10, 18)] == tranche(22)  # untouched
    assert status(g, COC).vested == 850_000
    assert status(g, date(2008, 9, 17)).vested == 850_000  # nothing new until 09-18
    assert status(g, date(2008, 9, 18)).vested == 875_000 == cum(21)


def test_latest_acceleration_takes_from_the_end() -> None:
    g = ref(None, v.Acceleration(COC, shares=100_000, method=v.Method.LATEST))
    sched = [e for e in v.timeline(g) if e.mark is Mark.SCHEDULED]
    # 2010-12-18: 41,667 and 2010-11-18: 41,667 gone (83,334); 16,666 of 2010-10-18's
    # 41,666 → 25,000 left, which is now the last tranche.
    assert (sched[-1].date, sched[-1].shares) == (date(2010, 10, 18), 25_000)
    assert sched[-2].shares == tranche(45)
    assert status(g, COC).vested == 850_000
    s = status(g, date(2010, 10, 18))
    assert (s.vested, s.fully_vested) == (TOTAL, date(2010, 10, 18))


def test_months_acceleration_pulls_the_tranches_due() -> None:
    g = ref(None, v.Acceleration(COC, months=3))
    # Due by 2008-09-30: 07-18, 08-18, 09-18 = 41,666 + 41,667 + 41,667.
    acc = [e for e in v.timeline(g) if e.mark is Mark.ACCELERATED]
    assert [e.shares for e in acc] == [41_666 + 41_667 + 41_667] == [125_000]
    assert status(g, COC).vested == 875_000
    assert status(g, date(2008, 10, 18)).vested == cum(22)  # back on schedule


def test_months_acceleration_includes_the_tranche_exactly_at_the_horizon() -> None:
    # On the 2008-06-18 tranche date: that tranche vests on schedule; 3 months out is
    # 2008-09-18, itself due, so 07-18, 08-18 and 09-18 are pulled: 125,000.
    g = ref(None, v.Acceleration(month(18), months=3))
    acc = [e for e in v.timeline(g) if e.mark is Mark.ACCELERATED]
    assert [(e.date, e.shares) for e in acc] == [(month(18), 125_000)]
    assert status(g, month(18)).vested == 750_000 + 125_000
    assert status(g, date(2008, 10, 17)).vested == 875_000


def test_acceleration_shares_capped_at_unvested_balance() -> None:
    g = ref(None, v.Acceleration(COC, shares=5_000_000))
    acc = [e for e in v.timeline(g) if e.mark is Mark.ACCELERATED]
    assert [e.shares for e in acc] == [1_250_000]
    s = status(g, COC)
    assert (s.vested, s.unvested, s.fully_vested) == (TOTAL, 0, COC)


def test_next_vest_adds_up_everything_vesting_on_that_date() -> None:
    # An acceleration on a tranche date: the 2008-07-18 tranche (41,666) still vests then,
    # and 100,000 more is pulled forward the same day.
    g = ref(None, v.Acceleration(date(2008, 7, 18), shares=100_000, method=v.Method.SOONEST))
    nxt = v.next_vest(g, date(2008, 7, 1))
    assert nxt == v.Tranche(date(2008, 7, 18), 141_666, 750_000 + 141_666)
    assert status(g, date(2008, 7, 18)).vested == 891_666


# -------------------------------------------------------------------------- double trigger


def double(**kw: object) -> v.Acceleration:
    return v.Acceleration(
        COC, percent=Fraction(1), trigger=v.Trigger.DOUBLE, window=v.Period.months(12), **kw
    )


def test_double_trigger_with_qualifying_termination() -> None:
    g = ref(None, double(), v.Termination(TERM_DAY, v.Reason.INVOLUNTARY))
    s = status(g, TERM_DAY)
    assert (s.vested, s.forfeited, s.unvested) == (TOTAL, 0, 0)
    # the change of control alone changes nothing
    assert status(g, COC).vested == 750_000
    assert status(g, date(2009, 2, 28)).vested == 1_083_333
    acc = [e for e in v.timeline(g) if e.mark is Mark.ACCELERATED]
    assert [(e.date, e.shares) for e in acc] == [(TERM_DAY, 2_000_000 - 1_083_333)]


def test_double_trigger_voluntary_termination_does_not_qualify() -> None:
    g = ref(None, double(), v.Termination(TERM_DAY, v.Reason.VOLUNTARY))
    s = status(g, TERM_DAY)
    assert (s.vested, s.forfeited) == (1_083_333, 916_667)


def test_double_trigger_termination_after_window() -> None:
    # The window ends 2008-06-30 + 12 months = 2009-06-30.
    g = ref(None, double(), v.Termination(date(2009, 7, 1), v.Reason.INVOLUNTARY))
    s = status(g, date(2009, 7, 1))
    assert (s.vested, s.forfeited) == (cum(30), TOTAL - cum(30)) == (1_250_000, 750_000)
    inside = ref(None, double(), v.Termination(date(2009, 6, 30), v.Reason.INVOLUNTARY))
    assert status(inside, date(2009, 6, 30)).vested == TOTAL


def test_full_double_trigger_covers_an_exclusive_termination_day_tranche() -> None:
    # Terminated on the 2009-02-18 tranche date with that day exclusive: the k=26 tranche
    # (41,667) is unvested at termination, so a 100% acceleration must include it.
    terms = v.VestingTerms.standard(vest_on_termination_date=False)
    g = ref(terms, double(), v.Termination(month(26), v.Reason.INVOLUNTARY))
    s = status(g, month(26))
    assert (s.vested, s.forfeited) == (TOTAL, 0)
    acc = [e for e in v.timeline(g) if e.mark is Mark.ACCELERATED]
    assert [e.shares for e in acc] == [TOTAL - cum(25)] == [958_334]
    # Inclusive (default): the tranche vests on schedule and the rest is accelerated.
    g2 = ref(None, double(), v.Termination(month(26), v.Reason.INVOLUNTARY))
    acc2 = [e for e in v.timeline(g2) if e.mark is Mark.ACCELERATED]
    assert [e.shares for e in acc2] == [TOTAL - cum(26)] == [916_667]
    assert status(g2, month(26)).vested == TOTAL


# ---------------------------------------------------------------------------------- exercises


def test_partial_exercise_then_expiry() -> None:
    g = ref(None, v.Termination(TERM_DAY), v.Exercise(date(2009, 4, 1), 500_000))
    during = status(g, date(2009, 4, 1))
    assert (during.exercised, during.exercisable) == (500_000, 583_333)
    s = status(g, date(2009, 6, 2))
    # 1,083,333 vested − 500,000 exercised = 583,333 left to expire.
    assert (s.exercised, s.expired, s.exercisable, s.outstanding) == (500_000, 583_333, 0, 0)
    assert s.vested + s.subject_to_repurchase == s.exercised + s.exercisable + s.expired


def test_exercising_more_than_vested_is_an_error() -> None:
    g = ref(None, v.Termination(TERM_DAY), v.Exercise(date(2009, 4, 1), 1_100_000))
    with pytest.raises(EventError) as err:
        v.evaluate(g, date(2009, 6, 2))
    assert "exercise.shares" in str(err.value)
    assert "2009-04-01" in str(err.value)
    assert "1,083,333" in str(err.value)  # what is allowed


def test_two_exercises_may_not_exceed_vested_together() -> None:
    g = ref(
        None,
        v.Exercise(date(2008, 1, 1), 400_000),
        v.Exercise(date(2008, 2, 1), 200_000),  # 500,000 + 41,667 vested by 2008-01-18
    )
    with pytest.raises(EventError, match=r"exercise\.shares"):
        v.evaluate(g, date(2008, 2, 1))
    ok = ref(None, v.Exercise(date(2008, 1, 1), 400_000), v.Exercise(date(2008, 2, 1), 141_666))
    s = status(ok, date(2008, 2, 1))
    # vested by 2008-01-18 is cum(13) = 541,666 = 400,000 + 141,666
    assert (s.exercised, s.exercisable) == (541_666, 0)


def test_exercise_after_the_window_is_an_error() -> None:
    g = ref(None, v.Termination(TERM_DAY), v.Exercise(date(2009, 6, 2), 1))
    with pytest.raises(EventError) as err:
        v.evaluate(g, date(2009, 6, 2))
    assert "exercise.date" in str(err.value) and "2009-06-02" in str(err.value)
    # the last day of the window is fine
    last = ref(None, v.Termination(TERM_DAY), v.Exercise(date(2009, 6, 1), 1_083_333))
    s = status(last, date(2010, 1, 1))
    assert (s.exercised, s.expired, s.exercisable) == (1_083_333, 0, 0)


def test_early_exercise() -> None:
    terms = v.VestingTerms.standard(early_exercise=True)
    g = ref(terms, v.Exercise(date(2007, 1, 15), 2_000_000))
    s = status(g, date(2008, 6, 30))
    # 750,000 vested; the other 1,250,000 exercised shares are unvested, subject to repurchase.
    assert (s.vested, s.exercised, s.subject_to_repurchase) == (750_000, 2_000_000, 1_250_000)
    assert (s.exercisable, s.expired) == (0, 0)
    assert status(g, date(2010, 12, 18)).subject_to_repurchase == 0
    with pytest.raises(EventError, match=r"exercise\.shares"):
        v.evaluate(ref(None, v.Exercise(date(2007, 1, 15), 2_000_000)), date(2008, 6, 30))


def test_early_exercise_then_termination() -> None:
    terms = v.VestingTerms.standard(early_exercise=True)
    g = ref(terms, v.Exercise(date(2007, 1, 15), 1_000_000), v.Termination(TERM_DAY))
    s = status(g, date(2009, 6, 2))
    # All 1,000,000 exercised shares are vested by then; 83,333 vested ones never exercised.
    assert (s.exercised, s.subject_to_repurchase, s.expired) == (1_000_000, 0, 83_333)


# ------------------------------------------------------------------------------ RSU settlement

RSU_TERMS = v.VestingTerms(length=v.Period.months(48), every=v.Period.months(12))


def rsu(terms: v.VestingTerms = RSU_TERMS, *events: v.Event) -> v.Grant:
    return v.Grant("rsu", v.Kind.RSU, 500_000, START, terms, events=tuple(events))


def test_single_trigger_rsu_settles_as_it_vests() -> None:
    g = rsu()
    for on, expected in [
        (date(2007, 12, 17), 0),
        (date(2007, 12, 18), 125_000),
        (date(2009, 5, 31), 250_000),
        (date(2010, 12, 18), 500_000),
    ]:
        s = status(g, on)
        assert (s.vested, s.settled, s.unsettled) == (expected, expected, 0)
        assert s.exercise_deadline is None


def test_double_trigger_rsu_settles_on_the_liquidity_event() -> None:
    terms = v.VestingTerms(length=v.Period.months(48), every=v.Period.months(12), settle_on="ipo")
    g = rsu(terms, v.NamedEvent("ipo", date(2009, 6, 1)))
    before = status(g, date(2009, 5, 31))
    assert (before.vested, before.settled, before.unsettled) == (250_000, 0, 250_000)
    assert before.outstanding == 250_000 + 250_000  # unvested + unsettled
    on = status(g, date(2009, 6, 1))
    assert (on.vested, on.settled, on.unsettled) == (250_000, 250_000, 0)
    end = status(g, date(2010, 12, 18))
    assert (end.settled, end.unsettled) == (500_000, 0)
    never = status(rsu(terms), date(2010, 12, 18))
    assert (never.vested, never.settled, never.unsettled) == (500_000, 0, 500_000)


# --------------------------------------------------------------------------------- milestones

FDA_TERMS = v.VestingTerms(
    length=v.Period.months(48),
    every=v.Period.months(12),
    milestones=(v.EventCondition("fda", Fraction(1, 4), deadline=date(2009, 12, 31)),),
)


def fda(*events: v.Event) -> v.Grant:
    return v.Grant("perf", v.Kind.RSU, 1_000, START, FDA_TERMS, events=tuple(events))


# 1,000 × 1/4 = 250 event-gated; 750 time-based over 4 years: cumulative floor(750 × k / 4)
# = 187, 375, 562, 750.


def test_milestone_pending_before_the_event() -> None:
    s = status(fda(), date(2008, 1, 1))
    assert (s.vested, s.pending, s.unvested) == (187, 250, 1_000 - 187)
    # The timeline is not "as of": with no event recorded the deadline decides.
    gated = [e for e in v.timeline(fda()) if e.milestone]
    assert [(e.date, e.mark, e.shares) for e in gated] == [(date(2010, 1, 1), Mark.FORFEITED, 250)]
    assert gated[0].original_date == date(2009, 12, 31)
    assert status(fda(), date(2011, 1, 1)).fully_vested is None


def test_milestone_without_deadline_stays_pending() -> None:
    terms = v.VestingTerms(
        length=v.Period.months(48),
        every=v.Period.months(12),
        milestones=(v.EventCondition("fda", Fraction(1, 4)),),
    )
    g = v.Grant("perf", v.Kind.RSU, 1_000, START, terms, events=())
    gated = [e for e in v.timeline(g) if e.milestone]
    assert [(e.date, e.mark, e.shares, e.original_date) for e in gated] == [
        (None, Mark.PENDING, 250, None)
    ]
    s = status(g, date(2030, 1, 1))
    assert (s.vested, s.pending, s.unvested, s.forfeited) == (750, 250, 250, 0)
    assert s.fully_vested is None


def test_milestone_vests_on_its_event() -> None:
    g = fda(v.NamedEvent("fda", date(2008, 5, 1)))
    assert status(g, date(2008, 4, 30)).pending == 250
    s = status(g, date(2008, 5, 1))
    assert (s.vested, s.pending) == (187 + 250, 0)
    ev = [e for e in v.timeline(g) if e.milestone]
    assert [(e.date, e.mark, e.shares) for e in ev] == [(date(2008, 5, 1), Mark.EVENT, 250)]
    assert ev[0].note == "fda"
    assert status(g, date(2010, 12, 18)).vested == 1_000


def test_next_vest_includes_a_milestone_vesting_with_a_tranche() -> None:
    g = fda(v.NamedEvent("fda", date(2007, 12, 18)))  # the day of the first annual tranche
    assert v.next_vest(g, date(2007, 12, 1)) == v.Tranche(date(2007, 12, 18), 437, 437)
    assert status(g, date(2007, 12, 18)).vested == 187 + 250


def test_milestone_forfeited_the_day_after_its_deadline() -> None:
    g = fda(v.NamedEvent("other", date(2008, 5, 1)))
    s = status(g, date(2009, 12, 31))
    assert (s.pending, s.forfeited) == (250, 0)
    s = status(g, date(2010, 1, 1))
    assert (s.pending, s.forfeited, s.vested) == (0, 250, 562)
    late = fda(v.NamedEvent("fda", date(2010, 1, 1)))  # too late
    assert status(late, date(2010, 12, 18)).vested == 750


def test_termination_forfeits_pending_milestone() -> None:
    g = fda(v.Termination(date(2008, 3, 1)), v.NamedEvent("fda", date(2008, 5, 1)))
    s = status(g, date(2008, 3, 1))
    # 187 vested; 250 gated + (750 − 187 = 563) time-based forfeited.
    assert (s.vested, s.forfeited, s.pending, s.unvested) == (187, 813, 0, 0)
    gated = [e for e in v.timeline(g) if e.milestone]
    assert [(e.date, e.mark) for e in gated] == [(date(2008, 3, 1), Mark.FORFEITED)]
    assert status(g, date(2008, 5, 1)).vested == 187


# ----------------------------------------------------------------------------------- errors


def test_double_trigger_change_of_control_after_termination_has_no_effect() -> None:
    # The termination came first, so it cannot be the second trigger: accepted, changes nothing.
    late = v.Acceleration(date(2009, 6, 1), percent=Fraction(1), trigger=v.Trigger.DOUBLE)
    fired = v.Termination(TERM_DAY, v.Reason.INVOLUNTARY)  # a qualifying reason
    alone = status(ref(None, fired), date(2009, 7, 1))
    with_late = status(ref(None, fired, late), date(2009, 7, 1))
    assert (with_late.vested, with_late.forfeited) == (alone.vested, alone.forfeited)
    assert with_late.vested == 1_083_333


def test_a_leave_that_ends_before_it_starts_is_refused_by_the_record() -> None:
    # The record validates itself once; readers relabel its problem with their location.
    with pytest.raises(EventError) as err:
        v.Leave(date(2008, 3, 1), date(2008, 2, 1))
    (p,) = err.value.problems
    assert (p.field, p.value) == ("leave", "2008-03-01:2008-02-01")
    assert "on or after the start" in p.allowed


@pytest.mark.parametrize(
    ("events", "field", "when"),
    [
        ((v.Exercise(date(2006, 12, 1), 10),), "exercise.date", "2006-12-01"),
        ((v.Termination(date(2006, 12, 17)),), "termination.date", "2006-12-17"),
        (
            (
                v.Leave(date(2008, 1, 1), date(2008, 3, 30)),
                v.Leave(date(2008, 3, 30), date(2008, 4, 5)),
            ),
            "leave",
            "2008-03-30",
        ),
        (
            (v.Termination(TERM_DAY), v.Acceleration(date(2009, 3, 2), percent=Fraction(1, 2))),
            "acceleration.date",
            "2009-03-02",
        ),
        (
            (v.Termination(TERM_DAY), v.Termination(date(2009, 4, 1))),
            "termination",
            "2009-04-01",
        ),
        (
            (v.Leave(date(2009, 4, 1), date(2009, 4, 10)), v.Termination(TERM_DAY)),
            "leave",
            "2009-04-01",
        ),
        ((v.Acceleration(date(2006, 1, 1), shares=5),), "acceleration.date", "2006-01-01"),
    ],
)
def test_impossible_events_are_errors(events: tuple[v.Event, ...], field: str, when: str) -> None:
    g = ref(None, *events)
    with pytest.raises(EventError) as err:
        v.timeline(g)
    assert field in str(err.value) and when in str(err.value)
    assert "ceo-opt" in str(err.value)
    with pytest.raises(EventError):
        v.evaluate(g, date(2012, 1, 1))


def test_exercise_on_an_rsu_is_an_error() -> None:
    g = rsu(RSU_TERMS, v.Exercise(date(2008, 1, 1), 10))
    with pytest.raises(EventError) as err:
        v.evaluate(g, date(2008, 1, 1))
    assert "exercise" in str(err.value) and "2008-01-01" in str(err.value)


def test_single_trigger_acceleration_on_termination_day_is_allowed() -> None:
    g = ref(None, v.Termination(TERM_DAY), v.Acceleration(TERM_DAY, percent=Fraction(1)))
    assert status(g, TERM_DAY).vested == TOTAL


# --------------------------------------------------------------------------- reconciliation


def test_reconciliation_shown_explicitly() -> None:
    opt = ref(
        DAYS,
        LEAVE,
        v.Exercise(date(2008, 6, 1), 300_000),
        v.Termination(TERM_DAY),
    )
    s = v.evaluate(opt, date(2009, 6, 2))
    # vested 958,333 (leave table above); 300,000 exercised; the rest expired.
    assert (s.granted, s.vested, s.unvested, s.forfeited) == (TOTAL, 958_333, 0, 1_041_667)
    assert s.granted == s.vested + s.unvested + s.forfeited
    assert (s.exercised, s.exercisable, s.expired) == (300_000, 0, 658_333)
    assert s.vested + s.subject_to_repurchase == s.exercised + s.exercisable + s.expired

    mid = v.evaluate(opt, date(2008, 6, 30))
    # 2008-06-30: cliff + the 01-18, 02-18, 03-18 tranches shifted to 04-17, 05-18, 06-16
    # (03-18 + 90: 13 to 03-31, 43 to 04-30, 74 to 05-31, 90 → 06-16) = cum(15) = 625,000.
    assert (mid.vested, mid.unvested, mid.forfeited) == (625_000, TOTAL - 625_000, 0)
    assert (mid.exercised, mid.exercisable, mid.expired) == (300_000, 325_000, 0)
    assert mid.granted == mid.vested + mid.unvested + mid.forfeited
    assert mid.vested + mid.subject_to_repurchase == mid.exercised + mid.exercisable + mid.expired

    terms = v.VestingTerms(length=v.Period.months(48), every=v.Period.months(12), settle_on="ipo")
    r = v.evaluate(rsu(terms, v.NamedEvent("ipo", date(2009, 6, 1))), date(2009, 5, 31))
    assert (r.granted, r.vested, r.unvested, r.forfeited) == (500_000, 250_000, 250_000, 0)
    assert r.granted == r.vested + r.unvested + r.forfeited
    assert r.vested == r.settled + r.unsettled == 0 + 250_000


def test_module_functions_agree_with_evaluate() -> None:
    g = ref(DAYS, LEAVE, v.Acceleration(COC, percent=Fraction(1, 2)), v.Termination(TERM_DAY))
    for on in (date(2007, 12, 18), COC, date(2008, 12, 1), TERM_DAY, date(2012, 1, 1)):
        s = v.evaluate(g, on)
        assert v.vested(g, on) == s.vested
        assert v.unvested(g, on) == s.unvested
        assert v.next_vest(g, on) == s.next_vest
