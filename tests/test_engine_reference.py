"""The schedule compiler on hand-checked grants (vesting.schedule, vesting.engine).

Tests the pure engine: ``vesting.schedule`` and ``vesting.engine.vested_by`` / ``unvested_by``
/ ``next_vest_after`` (no life events). Every table was worked out by hand; where a table is
long its rule is written inline as an independent formula (e.g. ``2_000_000 * k // 48``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from helpers import month_day

import vesting
from vesting import (
    Allocation,
    DayOfMonth,
    EventCondition,
    GradedStep,
    Grant,
    Kind,
    Period,
    Tranche,
    VestingTerms,
)
from vesting.engine import end_date, next_vest_after, time_shares, unvested_by, vested_by

D = dt.date
F = Fraction
M = Period.months
DAY = dt.timedelta(days=1)


def rsu(shares: int, start: dt.date, terms: VestingTerms, gid: str = "g") -> Grant:
    return Grant(id=gid, kind=Kind.RSU, shares=shares, grant_date=start, terms=terms)


def plan(grant: Grant) -> list[tuple[dt.date, int | Fraction]]:
    return [(t.date, t.shares) for t in vesting.schedule(grant)]


# --------------------------------------------------------------- the reference grants (2006)

GRANT_DATE = D(2006, 12, 18)
OPTION = Grant(
    id="ceo-2006-option",
    kind=Kind.NSO,
    shares=2_000_000,
    grant_date=GRANT_DATE,
    exercise_price=Decimal("30.00"),
    terms=VestingTerms(length=M(48), every=M(1), cliff=M(12)),
)
RSU = Grant(
    id="ceo-2006-rsu",
    kind=Kind.RSU,
    shares=500_000,
    grant_date=GRANT_DATE,
    terms=VestingTerms(length=M(48), every=M(12)),
)


def test_option_schedule_shape() -> None:
    s = vesting.schedule(OPTION)
    assert len(s) == 37
    assert s[0] == Tranche(D(2007, 12, 18), 500_000, 500_000)
    monthly = s[1:]
    assert [t.date for t in monthly] == [month_day(GRANT_DATE, k) for k in range(13, 49)]
    assert monthly[0].date == D(2008, 1, 18)
    assert monthly[-1].date == D(2010, 12, 18)
    assert all(t.date.day == 18 for t in s)
    assert [t.shares for t in monthly[:4]] == [41_666, 41_667, 41_667, 41_666]
    assert sum(t.shares for t in s) == 2_000_000
    assert s[-1].cumulative == 2_000_000


def test_option_cumulative_is_floor_of_pro_rata() -> None:
    s = vesting.schedule(OPTION)
    for k, t in zip(range(12, 49), s, strict=True):
        assert t.cumulative == 2_000_000 * k // 48
        assert vested_by(OPTION, t.date) == 2_000_000 * k // 48
        day_before = 2_000_000 * (k - 1) // 48 if k > 12 else 0
        assert vested_by(OPTION, t.date - DAY) == day_before


def test_option_as_of_mid_2008() -> None:
    on = D(2008, 6, 30)
    assert vested_by(OPTION, on) == 750_000  # k = 18: 2,000,000 × 18 / 48
    assert unvested_by(OPTION, on) == 1_250_000
    assert next_vest_after(OPTION, on) == Tranche(D(2008, 7, 18), 41_666, 791_666)


def test_option_around_the_cliff() -> None:
    assert vested_by(OPTION, D(2006, 12, 17)) == 0
    assert vested_by(OPTION, GRANT_DATE) == 0
    assert vested_by(OPTION, D(2007, 12, 17)) == 0  # 11 months, 30 days: nothing yet
    assert vested_by(OPTION, D(2007, 12, 18)) == 500_000
    assert next_vest_after(OPTION, GRANT_DATE) == Tranche(D(2007, 12, 18), 500_000, 500_000)
    assert next_vest_after(OPTION, D(2007, 12, 18)) == Tranche(D(2008, 1, 18), 41_666, 541_666)
    assert next_vest_after(OPTION, D(2010, 12, 17)) == Tranche(
        D(2010, 12, 18), 2_000_000 - 1_958_333, 2_000_000
    )
    assert next_vest_after(OPTION, D(2010, 12, 18)) is None
    assert vested_by(OPTION, D(2030, 1, 1)) == 2_000_000
    assert unvested_by(OPTION, D(2030, 1, 1)) == 0
    assert end_date(OPTION) == D(2010, 12, 18)


def test_rsu_annual() -> None:
    assert plan(RSU) == [
        (D(2007, 12, 18), 125_000),
        (D(2008, 12, 18), 125_000),
        (D(2009, 12, 18), 125_000),
        (D(2010, 12, 18), 125_000),
    ]
    assert vested_by(RSU, D(2008, 6, 30)) == 125_000
    assert vested_by(RSU, D(2008, 12, 18)) == 250_000
    assert vested_by(RSU, D(2008, 12, 17)) == 125_000
    assert next_vest_after(RSU, D(2008, 6, 30)) == Tranche(D(2008, 12, 18), 125_000, 250_000)


def test_package_level_schedule_is_the_engine() -> None:
    assert vesting.schedule is vesting.engine.schedule


# ------------------------------------------------------------------ explicit cliff portion


def test_explicit_cliff_portion() -> None:
    start = D(2020, 1, 15)
    g = rsu(
        1000,
        start,
        VestingTerms(length=M(48), every=M(1), cliff=M(12), cliff_portion=F(3, 10)),
    )
    s = vesting.schedule(g)
    assert s[0] == Tranche(D(2021, 1, 15), 300, 300)
    # then 700 over 36 months, cumulative round-down of 300 + 700·j/36
    assert [t.cumulative for t in s[1:]] == [300 + 700 * j // 36 for j in range(1, 37)]
    assert [t.date for t in s[1:]] == [month_day(start, 12 + j) for j in range(1, 37)]
    assert [t.shares for t in s[1:4]] == [19, 19, 20]  # 319.4, 338.9, 358.3 floored
    assert sum(t.shares for t in s) == 1000
    assert vested_by(g, D(2021, 1, 14)) == 0
    assert vested_by(g, D(2021, 1, 15)) == 300
    assert vested_by(g, D(2021, 3, 15)) == 338
    assert next_vest_after(g, D(2020, 6, 1)) == Tranche(D(2021, 1, 15), 300, 300)
    assert next_vest_after(g, D(2021, 1, 15)) == Tranche(D(2021, 2, 15), 19, 319)


def test_cliff_portion_whole_grant_at_cliff_same_unit() -> None:
    g = rsu(100, D(2020, 1, 1), VestingTerms(length=M(12), cliff=M(12), cliff_portion=F(1)))
    assert plan(g) == [(D(2021, 1, 1), 100)]


# ---------------------------------------------------------------------------- immediate


def test_immediate_portion_then_monthly() -> None:
    start = D(2021, 3, 10)
    g = rsu(1200, start, VestingTerms(length=M(12), every=M(1), immediate=F(1, 10)))
    # 120 on the start date, then floor(1200 × (1/10 + 9/10 × k/12)) = 120 + 90k
    assert plan(g) == [(start, 120)] + [(month_day(start, k), 90) for k in range(1, 13)]
    assert vested_by(g, start - DAY) == 0
    assert vested_by(g, start) == 120
    assert vested_by(g, D(2021, 6, 10)) == 120 + 90 * 3


def test_immediate_with_cliff() -> None:
    start = D(2020, 2, 3)
    g = rsu(1000, start, VestingTerms(length=M(48), every=M(1), cliff=M(12), immediate=F(1, 4)))
    s = vesting.schedule(g)
    assert s[0] == Tranche(start, 250, 250)
    # cliff: floor(1000 × (1/4 + 3/4 × 12/48)) = floor(437.5) = 437
    assert s[1] == Tranche(D(2021, 2, 3), 187, 437)
    assert len(s) == 2 + 36
    # before the cliff only the immediate part has vested
    assert vested_by(g, start - DAY) == 0
    assert vested_by(g, D(2021, 2, 2)) == 250
    for k, t in zip(range(12, 49), s[1:], strict=True):
        assert t.cumulative == 250 + 750 * k // 48  # 1000/4 is whole, so floor splits


# ------------------------------------------------------------------------------------ graded


def graded(*percent: int) -> VestingTerms:
    return VestingTerms(
        graded=tuple(GradedStep(M(12 * i), F(p, 100)) for i, p in enumerate(percent, start=1))
    )


def test_graded_5_15_40_40() -> None:
    start = D(2019, 7, 1)
    g = rsu(10_000, start, graded(5, 15, 40, 40))
    assert plan(g) == [
        (D(2020, 7, 1), 500),
        (D(2021, 7, 1), 1500),
        (D(2022, 7, 1), 4000),
        (D(2023, 7, 1), 4000),
    ]
    # 1,001 shares: cumulative floor(50.05, 200.2, 600.6, 1001) = 50, 200, 600, 1001
    odd = rsu(1001, start, graded(5, 15, 40, 40))
    assert [t.shares for t in vesting.schedule(odd)] == [50, 150, 400, 401]
    assert vested_by(odd, D(2021, 6, 30)) == 50
    assert vested_by(odd, D(2021, 7, 1)) == 200


def test_graded_10_20_30_40() -> None:
    start = D(2022, 1, 31)
    g = rsu(1000, start, graded(10, 20, 30, 40))
    assert plan(g) == [
        (D(2023, 1, 31), 100),
        (D(2024, 1, 31), 200),
        (D(2025, 1, 31), 300),
        (D(2026, 1, 31), 400),
    ]
    assert next_vest_after(g, D(2024, 1, 31)) == Tranche(D(2025, 1, 31), 300, 600)
    assert end_date(g) == D(2026, 1, 31)


def test_graded_offset_zero_and_feb_29() -> None:
    start = D(2024, 2, 29)
    terms = VestingTerms(graded=(GradedStep(M(0), F(1, 2)), GradedStep(M(12), F(1, 2))))
    assert plan(rsu(10, start, terms)) == [(start, 5), (D(2025, 2, 28), 5)]


def test_graded_offset_zero_with_fixed_day_policy_vests_on_the_start() -> None:
    # the 1st of the start's month is before the vesting start: offset 0 must be the start
    start = D(2024, 1, 15)
    terms = VestingTerms(
        graded=(GradedStep(M(0), F(1, 4)), GradedStep(M(12), F(3, 4))),
        day_of_month=DayOfMonth.D01,
    )
    g = rsu(100, start, terms)
    assert plan(g) == [(start, 25), (D(2025, 1, 1), 75)]
    assert vested_by(g, D(2024, 1, 14)) == 0
    assert vested_by(g, start) == 25


# ------------------------------------------------------------------------------ day cadence


def test_every_365_days_with_365_day_cliff() -> None:
    start = D(2020, 1, 1)  # 2020 is leap: 365 days later is 2020-12-31
    terms = VestingTerms(length=Period.days(1460), every=Period.days(365), cliff=Period.days(365))
    g = rsu(1000, start, terms)
    assert plan(g) == [
        (D(2020, 12, 31), 250),
        (D(2021, 12, 31), 250),
        (D(2022, 12, 31), 250),
        (D(2023, 12, 31), 250),
    ]
    assert vested_by(g, D(2020, 12, 30)) == 0


def test_daily() -> None:
    start = D(2023, 2, 25)
    g = rsu(10, start, VestingTerms(length=Period.days(10), every=Period.days(1)))
    assert plan(g) == [(start + k * DAY, 1) for k in range(1, 11)]
    assert vested_by(g, D(2023, 3, 1)) == 4  # Feb 26, 27, 28, Mar 1


def test_day_cadence_with_month_cliff() -> None:
    # every 30 days over 360 days, cliff at 3 months (2023-04-01): the installments of
    # days 30, 60 and 90 (Jan 31, Mar 2, Apr 1) fold into the cliff tranche on Apr 1.
    start = D(2023, 1, 1)
    terms = VestingTerms(length=Period.days(360), every=Period.days(30), cliff=M(3))
    g = rsu(1200, start, terms)
    s = vesting.schedule(g)
    assert s[0] == Tranche(D(2023, 4, 1), 300, 300)
    assert [t.date for t in s[1:]] == [start + 30 * k * DAY for k in range(4, 13)]
    assert all(t.shares == 100 for t in s[1:])


# -------------------------------------------------------------------------------- quarterly


def test_quarterly_with_cliff_from_nov_30() -> None:
    start = D(2023, 11, 30)
    terms = VestingTerms(length=M(48), every=M(3), cliff=M(12))
    g = rsu(4000, start, terms)
    s = vesting.schedule(g)
    assert s[0] == Tranche(D(2024, 11, 30), 1000, 1000)
    assert [t.date for t in s[1:5]] == [
        D(2025, 2, 28),
        D(2025, 5, 30),
        D(2025, 8, 30),
        D(2025, 11, 30),
    ]
    assert len(s) == 13
    assert all(t.shares == 250 for t in s[1:])
    assert s[-1].date == D(2027, 11, 30)


def test_cliff_between_grid_dates() -> None:
    # quarterly, cliff at 4 months: the first quarter folds into the cliff on 2024-05-01
    start = D(2024, 1, 1)
    g = rsu(12, start, VestingTerms(length=M(12), every=M(3), cliff=M(4)))
    assert plan(g) == [
        (D(2024, 5, 1), 3),
        (D(2024, 7, 1), 3),
        (D(2024, 10, 1), 3),
        (D(2025, 1, 1), 3),
    ]
    assert vested_by(g, D(2024, 4, 30)) == 0
    assert next_vest_after(g, D(2024, 1, 1)) == Tranche(D(2024, 5, 1), 3, 3)


def test_fixed_day_policy() -> None:
    start = D(2024, 1, 20)
    g = rsu(3, start, VestingTerms(length=M(3), every=M(1), day_of_month=DayOfMonth.D01))
    assert plan(g) == [(D(2024, 2, 1), 1), (D(2024, 3, 1), 1), (D(2024, 4, 1), 1)]


# ---------------------------------------------------------------------- boundaries and zeros


def test_vested_before_start_is_zero_and_tranche_date_counts() -> None:
    for g in (OPTION, RSU):
        assert vested_by(g, g.start - DAY) == 0
        assert vested_by(g, D(1900, 1, 1)) == 0
        for t in vesting.schedule(g):
            assert vested_by(g, t.date) == t.cumulative
            assert vested_by(g, t.date - DAY) == t.cumulative - t.shares


@pytest.mark.parametrize(
    ("allocation", "months"),
    [
        # 3 shares over 12 months: where does each cumulative step up?
        (Allocation.CUMULATIVE_ROUND_DOWN, [4, 8, 12]),  # floor(k/4)
        (Allocation.CUMULATIVE_ROUNDING, [2, 6, 10]),  # k/4 half-up: 0.5 -> 1 at k = 2, ...
        (Allocation.FRONT_LOADED, [1, 2, 3]),  # floors all 0: one each to the first three
        (Allocation.BACK_LOADED, [10, 11, 12]),
    ],
)
def test_zero_share_installments_are_dropped(allocation: Allocation, months: list[int]) -> None:
    start = D(2022, 5, 9)
    g = rsu(3, start, VestingTerms(length=M(12), every=M(1), allocation=allocation))
    assert plan(g) == [(month_day(start, k), 1) for k in months]


def test_single_tranche_loading_with_tiny_grant() -> None:
    start = D(2022, 5, 9)
    front = rsu(
        3, start, VestingTerms(length=M(12), allocation=Allocation.FRONT_LOADED_TO_SINGLE_TRANCHE)
    )
    back = rsu(
        3, start, VestingTerms(length=M(12), allocation=Allocation.BACK_LOADED_TO_SINGLE_TRANCHE)
    )
    assert plan(front) == [(month_day(start, 1), 3)]
    assert plan(back) == [(month_day(start, 12), 3)]


def test_fractional_schedule() -> None:
    start = D(2022, 5, 9)
    g = rsu(3, start, VestingTerms(length=M(12), allocation=Allocation.FRACTIONAL))
    assert plan(g) == [(month_day(start, k), F(1, 4)) for k in range(1, 13)]
    assert vested_by(g, month_day(start, 5)) == F(5, 4)


# ------------------------------------------------------------------------------- milestones


def test_milestone_portion_comes_off_the_top() -> None:
    terms = VestingTerms(length=M(4), milestones=(EventCondition("ipo", F(1, 4)),))
    g = rsu(1001, D(2020, 1, 1), terms)
    # floor(1001 / 4) = 250 gated on the event; 751 on the time schedule
    assert time_shares(g) == 1001 - 1001 * 1 // 4 == 751
    s = vesting.schedule(g)
    assert sum(t.shares for t in s) == 751
    # 751 over 4: floor(187.75, 375.5, 563.25, 751) = 187, 375, 563, 751
    assert [t.shares for t in s] == [187, 188, 188, 188]
    assert vested_by(g, D(2030, 1, 1)) == 751
    assert unvested_by(g, D(2020, 2, 15)) == 751 - 187
    assert unvested_by(g, D(2020, 3, 1)) == 751 - 375


def test_two_milestones() -> None:
    terms = VestingTerms(
        length=M(12),
        milestones=(EventCondition("fda", F(1, 3)), EventCondition("ipo", F(1, 3))),
    )
    g = rsu(100, D(2020, 1, 1), terms)
    assert time_shares(g) == 100 - 2 * (100 // 3) == 34


def test_milestones_take_everything() -> None:
    terms = VestingTerms(
        length=M(12), milestones=(EventCondition("a", F(1, 2)), EventCondition("b", F(1, 2)))
    )
    g = rsu(5, D(2020, 1, 1), terms)
    # floor(2.5) = 2 each, and the last milestone takes the remainder: 2 + 3, none on time
    assert vesting.engine.milestone_shares(g) == (2, 3)
    assert time_shares(g) == 0
    assert vesting.schedule(g) == ()
    assert vested_by(g, D(2030, 1, 1)) == 0
    assert next_vest_after(g, D(2020, 1, 1)) is None
    assert end_date(g) is None


def test_fractional_milestone() -> None:
    terms = VestingTerms(
        length=M(4),
        allocation=Allocation.FRACTIONAL,
        milestones=(EventCondition("ipo", F(1, 3)),),
    )
    g = rsu(100, D(2020, 1, 1), terms)
    assert time_shares(g) == F(200, 3)
    assert [t.shares for t in vesting.schedule(g)] == [F(50, 3)] * 4
    assert vested_by(g, D(2020, 3, 1)) == F(100, 3)


@pytest.mark.parametrize("allocation", list(Allocation))
def test_cliff_portion_with_mixed_unit_cliff_at_the_end(allocation: Allocation) -> None:
    # 12 monthly installments from 2023-01-01; cliff 365 days = 2024-01-01, the last grid
    # date, so every installment folds into the cliff. The cliff tranche must be the whole
    # time-based grant (there is nothing after it for the rest of the portion to go to).
    terms = VestingTerms(
        length=M(12),
        cliff=Period.days(365),
        cliff_portion=F(3, 10),
        allocation=allocation,
        milestones=(EventCondition("ipo", F(1, 3)),),
    )
    g = rsu(100, D(2023, 1, 1), terms)
    expected = F(200, 3) if allocation is Allocation.FRACTIONAL else 100 - 33
    assert time_shares(g) == expected
    assert plan(g) == [(D(2024, 1, 1), expected)]
    assert vested_by(g, D(2024, 1, 1)) == expected
