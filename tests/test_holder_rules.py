"""The holder rules of issue 9, each on a hand-checked example: nothing vests after an option
expires; leaves under each tolling policy; termination for cause; double-trigger RSUs lapse;
early exercise is repurchased on termination. Expected dates and share counts are worked out
by hand in the comments (or with plain calendar arithmetic written here)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from helpers import CSV, as_json, invoke

import vesting as v
from vesting.errors import EventError
from vesting.valuation import value

D = dt.date
M = v.Period.months
STANDARD = v.VestingTerms.standard()  # 48 months, monthly, 12-month cliff


def option(terms: v.VestingTerms = STANDARD, *events: v.Event, **kw: object) -> v.Grant:
    base: dict[str, object] = {"exercise_price": Decimal(1)}
    base.update(kw)
    return v.Grant("o", v.Kind.NSO, 4800, D(2020, 1, 15), terms, events=events, **base)  # type: ignore[arg-type]


def vest_dates(g: v.Grant) -> list[tuple[dt.date, int]]:
    return [(e.date, e.shares) for e in v.timeline(g) if e.vests]  # type: ignore[misc]


# ------------------------------------------------------------- 1. nothing vests after expiry


def test_the_issue_reproduction_a_tolled_leave_past_the_expiration() -> None:
    # 4,800 NSO from 2010-01-01, 48 months, 12-month cliff, monthly; a 3,000-day leave from
    # 2010-06-01 tolled by days; the option expires 2020-01-01 (10 years).
    terms = v.VestingTerms.standard(leave_tolling=v.LeaveTolling.DAYS)
    leave = v.Leave(D(2010, 6, 1), D(2010, 6, 1) + dt.timedelta(days=2999))
    g = v.Grant("o", v.Kind.NSO, 4800, D(2010, 1, 1), terms, exercise_price=Decimal(1),
                events=(leave,))  # fmt: skip
    assert g.expiration == D(2020, 1, 1)
    # every vest date moves 3,000 days: the cliff 2011-01-01 → 2019-03-20, then month k of
    # the grid (k = 13 … 48) → its date + 3,000 days; only those on or before 2020-01-01 vest.
    shift = dt.timedelta(days=3000)
    assert D(2011, 1, 1) + shift == D(2019, 3, 20)
    grid = [D(2010 + k // 12, k % 12 + 1, 1) for k in range(13, 49)]  # start + k months
    assert (grid[0], grid[-1]) == (D(2011, 2, 1), D(2014, 1, 1))
    monthly = [d + shift for d in grid if d + shift <= D(2020, 1, 1)]
    # 2020-01-01 - 3,000 days = 2011-10-15, so 2011-02-01 … 2011-10-01 fit: nine months
    assert len(monthly) == 9 and monthly[-1] == D(2011, 10, 1) + shift
    vested = 1200 + 100 * len(monthly)  # 25% at the cliff, then 4,800 / 48 = 100 a month
    s = v.evaluate(g, D(2021, 6, 1))
    assert (s.vested, s.unvested, s.forfeited, s.expired) == (vested, 0, 4800 - vested, vested)
    assert (s.outstanding, s.exercisable, s.next_vest) == (0, 0, None)
    lost = [e for e in v.timeline(g) if e.mark is v.Mark.FORFEITED]
    assert {e.date for e in lost} == {D(2020, 1, 1)} and {e.note for e in lost} == {"expiration"}
    assert value(g, D(2021, 6, 1), Decimal(50)).total_value == 0


def test_a_term_shorter_than_the_schedule() -> None:
    g = option(STANDARD, expiration=D(2022, 6, 30))
    # vested by 2022-06-30: the cliff 2021-01-15 (1,200) + 2021-02-15 … 2022-06-15 (17 × 100)
    s = v.evaluate(g, D(2023, 1, 1))
    assert (s.vested, s.forfeited, s.unvested, s.outstanding) == (2900, 1900, 0, 0)
    on_expiry = v.evaluate(g, D(2022, 6, 30))
    assert (on_expiry.exercisable, on_expiry.unvested, on_expiry.next_vest) == (2900, 0, None)


# ------------------------------------------------------------------------------------ 2. leaves

LEAVE = v.Leave(D(2021, 2, 1), D(2021, 4, 1))  # 28 + 31 + 1 = 60 days


def test_periods_the_issue_example() -> None:
    terms = v.VestingTerms.standard(leave_tolling=v.LeaveTolling.PERIODS)
    dates = vest_dates(option(terms, LEAVE))
    # 2021-02-15 and 2021-03-15 fall inside the leave: every later installment moves 2 months
    assert dates[0] == (D(2021, 1, 15), 1200)
    assert dates[1] == (D(2021, 4, 15), 100)  # was 2021-02-15: 1,300 vested that day
    assert D(2021, 2, 15) not in [d for d, _ in dates] and D(2021, 3, 15) not in [
        d for d, _ in dates
    ]
    assert dates[-2:] == [(D(2024, 2, 15), 100), (D(2024, 3, 15), 100)]
    assert v.evaluate(option(terms, LEAVE), D(2021, 4, 15)).vested == 1300


def test_periods_keep_the_day_of_month_policy() -> None:
    # a 31st start: months of 30 days clamp, every date is still start + k months
    terms = v.VestingTerms(length=M(12), leave_tolling=v.LeaveTolling.PERIODS)
    g = v.Grant("o", v.Kind.RSU, 1200, D(2021, 1, 31), terms,
                events=(v.Leave(D(2021, 3, 1), D(2021, 3, 31)),))  # fmt: skip
    dates = [d for d, _ in vest_dates(g)]
    # 2021-03-31 is inside: it and every later one move one month
    assert dates[:4] == [D(2021, 2, 28), D(2021, 4, 30), D(2021, 5, 31), D(2021, 6, 30)]
    assert dates[-1] == D(2022, 2, 28)  # was 2022-01-31


def test_days_move_by_the_leave_length() -> None:
    terms = v.VestingTerms.standard(leave_tolling=v.LeaveTolling.DAYS)
    dates = vest_dates(option(terms, LEAVE))
    assert dates[0] == (D(2021, 1, 15), 1200)  # before the leave: unmoved
    assert dates[1][0] == D(2021, 2, 15) + dt.timedelta(days=60) == D(2021, 4, 16)
    assert dates[-1][0] == D(2024, 1, 15) + dt.timedelta(days=60) == D(2024, 3, 15)


def test_the_cliff_moves_with_its_installment() -> None:
    early = v.Leave(D(2020, 5, 1), D(2020, 7, 31))  # 05-15, 06-15, 07-15 inside: 3 periods
    periods = v.VestingTerms.standard(leave_tolling=v.LeaveTolling.PERIODS)
    assert vest_dates(option(periods, early))[0] == (D(2021, 4, 15), 1200)
    days = v.VestingTerms.standard(leave_tolling=v.LeaveTolling.DAYS)  # 31 + 30 + 31 = 92
    assert vest_dates(option(days, early))[0] == (D(2021, 1, 15) + dt.timedelta(days=92), 1200)


def test_no_tolling_by_default_and_short_leaves_never_toll() -> None:
    plain = vest_dates(option())
    assert vest_dates(option(STANDARD, LEAVE)) == plain
    entries = v.timeline(option(STANDARD, LEAVE))
    inside = [e for e in entries if LEAVE.start <= e.date <= LEAVE.end]  # type: ignore[operator]
    assert [e.note for e in inside] == ["during a leave: not tolled"] * 2
    terms = v.VestingTerms.standard(leave_tolling=v.LeaveTolling.DAYS, leave_min_days=61)
    assert vest_dates(option(terms, LEAVE)) == plain  # 60 days < 61


# ---------------------------------------------------------------------------- 3. cause


def test_cause_ends_everything_on_the_termination_date() -> None:
    fired = v.Termination(D(2022, 3, 1), v.Reason.CAUSE)
    g = option(STANDARD, fired)
    # vested by 2022-03-01: 1,200 + 2021-02-15 … 2022-02-15 (13 × 100) = 2,500
    before = v.evaluate(g, D(2022, 2, 28))  # the deadline is known once the termination is
    assert (before.exercisable, before.exercise_deadline) == (2500, D(2030, 1, 15))
    on = v.evaluate(g, D(2022, 3, 1))
    assert (on.vested, on.exercisable, on.expired, on.forfeited) == (2500, 0, 2500, 2300)
    assert on.exercise_deadline == D(2022, 2, 28)  # the day before: nothing exercisable on it
    with pytest.raises(EventError) as err:
        v.evaluate(option(STANDARD, fired, v.Exercise(D(2022, 3, 1), 100)), D(2022, 3, 1))
    assert "exercise deadline 2022-02-28" in str(err.value)
    # overridable like every window
    windows = v.ExerciseWindows(cause=M(1))
    g2 = option(v.VestingTerms.standard(exercise_windows=windows), fired)
    assert v.evaluate(g2, D(2022, 4, 1)).exercisable == 2500


# ---------------------------------------------------------------------- 4. double-trigger lapse

DOUBLE = v.VestingTerms(length=M(48), every=M(12), settle_on="ipo")


def rsu(*events: v.Event, **kw: object) -> v.Grant:
    return v.Grant("r", v.Kind.RSU, 4000, D(2015, 3, 1), DOUBLE, events=events, **kw)  # type: ignore[arg-type]


def test_double_trigger_rsus_lapse_seven_years_after_grant() -> None:
    g = rsu()
    assert g.expiration == D(2022, 3, 1)
    before = v.evaluate(g, D(2022, 2, 28))  # all four anniversaries vested, nothing settled
    assert (before.vested, before.unsettled, before.outstanding) == (4000, 4000, 4000)
    after = v.evaluate(g, D(2022, 3, 1))
    assert (after.vested, after.unsettled, after.forfeited, after.outstanding) == (0, 0, 4000, 0)
    (lapse,) = [e for e in v.timeline(g) if e.mark is v.Mark.LAPSED]
    assert (lapse.date, lapse.shares, lapse.cumulative) == (D(2022, 3, 1), 4000, 0)
    assert value(g, D(2022, 3, 1), Decimal(10)).total_value == 0


def test_an_ipo_before_the_lapse_settles_everything() -> None:
    g = rsu(v.NamedEvent("ipo", D(2020, 6, 1)))
    s = v.evaluate(g, D(2023, 1, 1))
    assert (s.vested, s.settled, s.forfeited) == (4000, 4000, 0)
    assert not [e for e in v.timeline(g) if e.mark is v.Mark.LAPSED]


def test_an_rsu_expiration_forfeits_the_unvested_units() -> None:
    g = rsu(expiration=D(2017, 6, 1))  # two anniversaries vested by then, no ipo
    s = v.evaluate(g, D(2017, 6, 1))
    assert (s.vested, s.unvested, s.forfeited) == (0, 0, 4000)  # 2,000 lapsed + 2,000 forfeited


# ------------------------------------------------------------------- 5. early exercise, then gone


def test_early_exercise_is_repurchased_at_the_exercise_price_on_termination() -> None:
    terms = v.VestingTerms.standard(early_exercise=True)
    left = v.Termination(D(2021, 6, 20))
    g = option(terms, v.Exercise(D(2020, 1, 15), 4800), left)
    # vested by 2021-06-20: 1,200 + 2021-02-15 … 2021-06-15 (5 × 100) = 1,700
    before = v.evaluate(g, D(2021, 6, 19))
    assert (before.subject_to_repurchase, before.repurchased) == (4800 - 1700, 0)
    s = v.evaluate(g, D(2021, 6, 20))
    assert (s.vested, s.exercised, s.repurchased, s.subject_to_repurchase) == (1700, 4800, 3100, 0)
    assert (s.forfeited, s.unvested, s.outstanding) == (0, 0, 0)
    money = value(g, D(2021, 6, 20), Decimal(5))
    assert (money.repurchased_shares, money.repurchase_cash) == (3100, Decimal("3100.00"))


def test_partial_early_exercise_forfeits_the_rest() -> None:
    terms = v.VestingTerms.standard(early_exercise=True, repurchase_window=M(1))
    g = option(terms, v.Exercise(D(2020, 1, 15), 2000), v.Termination(D(2021, 6, 20)))
    # 1,700 vested; of the 2,000 exercised, 300 are unvested; 4,800 − 2,000 unexercised
    # unvested (2,800) are forfeited. The buy-back comes a month later, on 2021-07-20.
    waiting = v.evaluate(g, D(2021, 7, 19))
    assert (waiting.subject_to_repurchase, waiting.forfeited, waiting.repurchased) == (300, 3100, 0)
    bought = v.evaluate(g, D(2021, 7, 20))
    assert (bought.subject_to_repurchase, bought.forfeited, bought.repurchased) == (0, 2800, 300)


# ------------------------------------------------------------ the same rules from flags and files


def first(doc: dict[str, object]) -> dict[str, object]:
    rows = doc["rows"]
    assert isinstance(rows, list)
    row: dict[str, object] = rows[0]
    return row


ADHOC = ["--shares", "4800", "--grant-date", "2020-01-15", "--months", "48", "--cliff", "12"]


def test_the_issue_command_from_flags() -> None:
    row = first(
        as_json(
            "status", "--shares", "4800", "--grant-date", "2010-01-01", "--months", "48",
            "--cliff", "12", "--every", "1", "--kind", "NSO", "--strike", "1",
            "--leave", "2010-06-01:3000d", "--toll", "days", "--as-of", "2021-06-01",
        )
    )  # fmt: skip
    # 1,200 + 9 × 100 vested by the expiration (see the first test); the rest forfeited
    assert (row["vested"], row["unvested"], row["outstanding"]) == (2100, 0, 0)
    assert (row["forfeited"], row["expired"], row["next_vest_date"]) == (2700, 2100, None)


def test_toll_from_flags_and_leave_tolling_from_a_file() -> None:
    rows = as_json("schedule", *ADHOC, "--leave", "2021-02-01:2021-04-01", "--toll", "periods")[
        "rows"
    ]
    assert isinstance(rows, list)
    assert [(r["date"], r["cumulative"]) for r in rows[:2]] == [
        ("2021-01-15", 1200),
        ("2021-04-15", 1300),
    ]
    assert rows[-1]["date"] == "2024-03-15" and rows[1]["note"] == "moved 2 periods by leave"
    # examples/grants.csv E027-ISO: 48,000 from 2020-02-03, standard terms, leave_tolling =
    # periods, leave 2021-03-01 … 2021-05-29: the 3rd of March, April and May fall inside it, so
    # every installment from 2021-03-03 on moves 3 months; the cliff (2021-02-03) stays.
    e027 = as_json("schedule", CSV, "-g", "E027-ISO")["rows"]
    assert isinstance(e027, list)
    assert [(r["date"], r["shares"]) for r in e027[:2]] == [
        ("2021-02-03", 12000),
        ("2021-06-03", 1000),
    ]
    assert e027[1]["original_date"] == "2021-03-03" and e027[-1]["date"] == "2024-05-03"


def test_cause_from_flags() -> None:
    args = ["status", *ADHOC, "--strike", "1", "--terminate", "2022-03-01:cause"]
    row = first(as_json(*args, "--as-of", "2022-03-01"))
    assert (row["exercisable"], row["expired"], row["exercise_deadline"]) == (
        0,
        2500,
        "2022-02-28",
    )
    result = invoke(*args, "--exercise", "2022-03-01:1", "--as-of", "2022-03-01")
    assert result.exit_code == 2 and "leaves nothing exercisable from that day" in result.stderr


def test_rsu_lapse_and_repurchase_from_flags() -> None:
    rsu_args = ["--kind", "RSU", "--shares", "4000", "--grant-date", "2015-03-01"]
    rsu_args += ["--months", "48", "--every", "12", "--settle-on", "ipo"]
    row = first(as_json("status", *rsu_args, "--as-of", "2022-03-01"))
    assert (row["vested"], row["forfeited"], row["outstanding"]) == (0, 4000, 0)
    settled = first(
        as_json("status", *rsu_args, "--event", "ipo=2020-06-01", "--as-of", "2023-01-01")
    )
    assert (settled["vested"], settled["settled"], settled["forfeited"]) == (4000, 4000, 0)
    opt = [*ADHOC, "--strike", "1", "--early-exercise", "--exercise", "2020-01-15:4800"]
    opt += ["--terminate", "2021-06-20", "--as-of", "2021-06-20"]
    money = first(as_json("value", *opt, "--price", "5"))
    assert (money["repurchased_shares"], money["repurchase_cash"]) == (3100, "3100.00")
