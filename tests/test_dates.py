"""Date stepping: periods, day-of-month policies and the vesting grid (vesting.dates).

Every expected date below was worked out by hand from a calendar; the property tests compare
against independent brute-force reasoning (walking month by month, counting grid dates).
"""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vesting.dates import (
    DayOfMonth,
    Period,
    Unit,
    add,
    add_months,
    check_date,
    step,
    steps_on_or_before,
)
from vesting.errors import TermsError, VestingError

D = dt.date
START = DayOfMonth.START


# ------------------------------------------------------------------ month-end starts (START)


def test_jan_31_monthly_does_not_drift() -> None:
    start = D(2024, 1, 31)
    monthly = Period.months(1)
    got = [step(start, monthly, k) for k in range(1, 7)]
    assert got == [
        D(2024, 2, 29),
        D(2024, 3, 31),
        D(2024, 4, 30),
        D(2024, 5, 31),
        D(2024, 6, 30),
        D(2024, 7, 31),
    ]


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # leap year 2024: February has 29 days
        (D(2024, 1, 29), [D(2024, 2, 29), D(2024, 3, 29), D(2024, 4, 29)]),
        (D(2024, 1, 30), [D(2024, 2, 29), D(2024, 3, 30), D(2024, 4, 30)]),
        (D(2024, 1, 31), [D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30)]),
        # non-leap year 2023: February has 28 days
        (D(2023, 1, 29), [D(2023, 2, 28), D(2023, 3, 29), D(2023, 4, 29)]),
        (D(2023, 1, 30), [D(2023, 2, 28), D(2023, 3, 30), D(2023, 4, 30)]),
        (D(2023, 1, 31), [D(2023, 2, 28), D(2023, 3, 31), D(2023, 4, 30)]),
    ],
)
def test_late_january_starts(start: dt.date, expected: list[dt.date]) -> None:
    assert [add_months(start, k) for k in (1, 2, 3)] == expected
    assert [step(start, Period.months(1), k) for k in (1, 2, 3)] == expected


def test_feb_29_start_annual() -> None:
    start = D(2024, 2, 29)
    yearly = Period.months(12)
    assert [step(start, yearly, k) for k in range(1, 5)] == [
        D(2025, 2, 28),
        D(2026, 2, 28),
        D(2027, 2, 28),
        D(2028, 2, 29),
    ]
    assert add(start, Period.months(48)) == D(2028, 2, 29)
    assert add(start, Period.parse("1y", "every")) == D(2025, 2, 28)


def test_feb_29_start_monthly() -> None:
    start = D(2024, 2, 29)
    monthly = Period.months(1)
    assert step(start, monthly, 1) == D(2024, 3, 29)
    assert step(start, monthly, 2) == D(2024, 4, 29)
    assert step(start, monthly, 11) == D(2025, 1, 29)
    assert step(start, monthly, 12) == D(2025, 2, 28)
    assert step(start, monthly, 13) == D(2025, 3, 29)


def test_quarterly_from_nov_30() -> None:
    start = D(2023, 11, 30)
    quarterly = Period.months(3)
    assert [step(start, quarterly, k) for k in range(1, 5)] == [
        D(2024, 2, 29),
        D(2024, 5, 30),
        D(2024, 8, 30),
        D(2024, 11, 30),
    ]


def test_ocf_fact_jan_30_start() -> None:
    # OCF: a 2021-01-30 monthly start vests 2022-02-28 (k=13) and then 2022-03-30 (k=14).
    start = D(2021, 1, 30)
    assert step(start, Period.months(1), 13) == D(2022, 2, 28)
    assert step(start, Period.months(1), 14) == D(2022, 3, 30)


def test_step_zero_is_start_and_negative_months_go_back() -> None:
    assert step(D(2024, 1, 31), Period.months(1), 0) == D(2024, 1, 31)
    assert add_months(D(2024, 3, 31), -1) == D(2024, 2, 29)
    assert add_months(D(2024, 1, 15), -13) == D(2022, 12, 15)


def test_month_arithmetic_crosses_years() -> None:
    assert add_months(D(2023, 12, 31), 1) == D(2024, 1, 31)
    assert add_months(D(2023, 11, 30), 14) == D(2025, 1, 30)
    assert add_months(D(2006, 12, 18), 48) == D(2010, 12, 18)


# --------------------------------------------------------------------- fixed-day policies


def test_parse_fixed_days() -> None:
    assert DayOfMonth.parse("15") is DayOfMonth.D15
    assert DayOfMonth.parse(15) is DayOfMonth.D15
    assert DayOfMonth.parse("1") is DayOfMonth.D01
    assert DayOfMonth.parse("01") is DayOfMonth.D01
    assert DayOfMonth.parse("28") is DayOfMonth.D28
    assert DayOfMonth.parse("29") is DayOfMonth.D29
    assert DayOfMonth.parse("30") is DayOfMonth.D30
    assert DayOfMonth.parse("31") is DayOfMonth.D31
    assert DayOfMonth.D31.value == "31_OR_LAST_DAY_OF_MONTH"
    assert DayOfMonth.parse("last") is DayOfMonth.D31
    assert DayOfMonth.parse("start") is DayOfMonth.START
    assert DayOfMonth.parse("VESTING_START_DAY_OR_LAST_DAY_OF_MONTH") is DayOfMonth.START
    assert DayOfMonth.parse("31_OR_LAST_DAY_OF_MONTH") is DayOfMonth.D31
    assert DayOfMonth.parse("29-or-last-day-of-month") is DayOfMonth.D29


@pytest.mark.parametrize("bad", ["0", "32", "abc", "", "-1", "first"])
def test_parse_bad_day_names_the_field(bad: str) -> None:
    with pytest.raises(VestingError) as info:
        DayOfMonth.parse(bad)
    message = str(info.value)
    assert message.startswith("day_of_month: got ")
    assert repr(bad) in message
    assert "1-28" in message
    with pytest.raises(VestingError, match=r"^terms\.day: "):
        DayOfMonth.parse(bad, "terms.day")


def test_labels() -> None:
    assert DayOfMonth.START.label == "start"
    assert DayOfMonth.D01.label == "1"
    assert DayOfMonth.D31.label == "31"


@pytest.mark.parametrize(
    ("start", "policy", "months", "expected"),
    [
        # a fixed day: the 15th of whatever month start + k months falls in
        (D(2024, 1, 31), DayOfMonth.D15, 1, D(2024, 2, 15)),
        (D(2024, 1, 10), DayOfMonth.D15, 1, D(2024, 2, 15)),
        (D(2024, 1, 31), DayOfMonth.D01, 1, D(2024, 2, 1)),
        (D(2024, 1, 5), DayOfMonth.D28, 1, D(2024, 2, 28)),
        # 29/30/31 or the month's last day
        (D(2023, 1, 1), DayOfMonth.D29, 1, D(2023, 2, 28)),
        (D(2024, 1, 1), DayOfMonth.D29, 1, D(2024, 2, 29)),
        (D(2024, 1, 1), DayOfMonth.D29, 2, D(2024, 3, 29)),
        (D(2024, 1, 1), DayOfMonth.D30, 1, D(2024, 2, 29)),
        (D(2024, 1, 1), DayOfMonth.D30, 2, D(2024, 3, 30)),
        (D(2024, 1, 5), DayOfMonth.D31, 1, D(2024, 2, 29)),
        (D(2024, 1, 5), DayOfMonth.D31, 2, D(2024, 3, 31)),
        (D(2024, 1, 5), DayOfMonth.D31, 3, D(2024, 4, 30)),
        (D(2023, 1, 5), DayOfMonth.D31, 1, D(2023, 2, 28)),
        (D(2023, 6, 30), DayOfMonth.D31, 1, D(2023, 7, 31)),
        # START: the start's day or the month's last day
        (D(2023, 6, 30), DayOfMonth.START, 1, D(2023, 7, 30)),
    ],
)
def test_fixed_day_table(
    start: dt.date, policy: DayOfMonth, months: int, expected: dt.date
) -> None:
    assert add_months(start, months, policy) == expected
    assert step(start, Period.months(1), months, policy) == expected
    assert add(start, Period.months(months), policy) == expected


def _month_after(year: int, month: int, n: int) -> tuple[int, int]:
    """Walk forward n months one at a time (an independent way of adding months)."""
    for _ in range(n):
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return year, month


@pytest.mark.parametrize("policy", list(DayOfMonth))
@settings(max_examples=50)
@given(
    start=st.dates(min_value=D(1950, 1, 1), max_value=D(2100, 12, 31)),
    months=st.integers(min_value=0, max_value=60),
)
def test_every_policy_lands_on_its_day(policy: DayOfMonth, start: dt.date, months: int) -> None:
    year, month = _month_after(start.year, start.month, months)
    last = calendar.monthrange(year, month)[1]
    wanted = start.day if policy is DayOfMonth.START else int(policy.value[:2])
    assert add_months(start, months, policy) == D(year, month, min(wanted, last))


# ------------------------------------------------------------------------------ day periods


def test_day_periods_are_plain_day_counts() -> None:
    start = D(2020, 1, 1)  # 2020 is a leap year
    assert step(start, Period.days(365), 1) == D(2020, 12, 31)
    assert step(start, Period.days(365), 2) == D(2021, 12, 31)
    assert step(start, Period.days(30), 2) == D(2020, 3, 1)
    # the day policy does not apply to day periods
    assert step(start, Period.days(30), 1, DayOfMonth.D15) == D(2020, 1, 31)


# ------------------------------------------------------------------------------------ parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", Period(12, Unit.MONTHS)),
        (12, Period(12, Unit.MONTHS)),
        (0, Period(0, Unit.MONTHS)),
        ("12m", Period(12, Unit.MONTHS)),
        ("12 months", Period(12, Unit.MONTHS)),
        ("1 month", Period(1, Unit.MONTHS)),
        ("3mo", Period(3, Unit.MONTHS)),
        ("1y", Period(12, Unit.MONTHS)),
        ("4 years", Period(48, Unit.MONTHS)),
        ("2yr", Period(24, Unit.MONTHS)),
        ("365d", Period(365, Unit.DAYS)),
        ("90 days", Period(90, Unit.DAYS)),
        ("1 day", Period(1, Unit.DAYS)),
        (" 12M ", Period(12, Unit.MONTHS)),
    ],
)
def test_period_parse(text: str | int, expected: Period) -> None:
    assert Period.parse(text, "every") == expected


@pytest.mark.parametrize("bad", ["abc", "-3", "12x", "1.5y", "", "m", "y1", -1, True])
def test_period_parse_rejects_and_names_the_field(bad: str | int) -> None:
    with pytest.raises(VestingError) as info:
        Period.parse(bad, "cliff")
    message = str(info.value)
    assert message.startswith("cliff: got ")
    assert "'12m'" in message  # says what is allowed
    assert info.value.problems[0].field == "cliff"


def test_period_constructors_and_str() -> None:
    assert Period.months(3) == Period(3, Unit.MONTHS)
    assert Period.days(3) == Period(3, Unit.DAYS)
    assert str(Period.months(48)) == "48m"
    assert str(Period.days(365)) == "365d"
    assert Period.months(3).times(4) == Period.months(12)
    assert Period.months(0).is_zero()
    with pytest.raises(VestingError, match="period"):
        Period(-1)
    with pytest.raises(VestingError):
        Period(True)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------- the range


def test_out_of_range_dates_raise() -> None:
    with pytest.raises(TermsError, match=r"^date: .*1900-01-01 to 2199-12-31"):
        add_months(D(2199, 6, 1), 12)
    with pytest.raises(TermsError, match=r"^date: "):
        add_months(D(1900, 6, 1), -12)
    with pytest.raises(TermsError, match=r"^date: "):
        add(D(2199, 12, 1), Period.days(31))
    assert add(D(2199, 12, 1), Period.days(30)) == D(2199, 12, 31)
    assert check_date("grant_date", D(1900, 1, 1)) == D(1900, 1, 1)
    with pytest.raises(TermsError, match=r"^grant_date: got '1899-12-31'"):
        check_date("grant_date", D(1899, 12, 31))


# ------------------------------------------------------------------------ steps_on_or_before


def test_steps_on_or_before_examples() -> None:
    start = D(2024, 1, 31)
    monthly = Period.months(1)
    assert steps_on_or_before(start, monthly, D(2024, 1, 31), 48) == 0
    assert steps_on_or_before(start, monthly, D(2024, 2, 28), 48) == 0
    assert steps_on_or_before(start, monthly, D(2024, 2, 29), 48) == 1
    assert steps_on_or_before(start, monthly, D(2024, 3, 30), 48) == 1
    assert steps_on_or_before(start, monthly, D(2024, 3, 31), 48) == 2
    assert steps_on_or_before(start, monthly, D(2030, 1, 1), 48) == 48
    assert steps_on_or_before(start, monthly, D(2023, 1, 1), 48) == 0
    assert steps_on_or_before(start, monthly, D(2030, 1, 1), 0) == 0
    assert steps_on_or_before(D(2020, 1, 1), Period.days(365), D(2020, 12, 31), 4) == 1
    assert steps_on_or_before(D(2020, 1, 1), Period.days(365), D(2020, 12, 30), 4) == 0
    with pytest.raises(VestingError, match=r"^every: "):
        steps_on_or_before(start, Period.months(0), D(2025, 1, 1), 4)


@st.composite
def grid_cases(draw: st.DrawFn) -> tuple[dt.date, Period, dt.date, int, DayOfMonth]:
    # at most 60 steps of at most 24 months: the grid stays inside 1900..2199
    start = draw(st.dates(min_value=D(1950, 1, 1), max_value=D(2070, 12, 31)))
    if draw(st.booleans()):
        period = Period.months(draw(st.sampled_from([1, 2, 3, 4, 6, 12, 24])))
    else:
        period = Period.days(draw(st.sampled_from([1, 7, 14, 30, 31, 90, 365])))
    limit = draw(st.integers(min_value=0, max_value=60))
    on = start + dt.timedelta(days=draw(st.integers(min_value=-400, max_value=25 * 366)))
    policy = draw(st.sampled_from(list(DayOfMonth)))
    return start, period, on, limit, policy


@given(grid_cases())
def test_steps_on_or_before_matches_brute_force(
    case: tuple[dt.date, Period, dt.date, int, DayOfMonth],
) -> None:
    start, period, on, limit, policy = case
    brute = sum(1 for k in range(1, limit + 1) if step(start, period, k, policy) <= on)
    assert steps_on_or_before(start, period, on, limit, policy) == brute


@given(grid_cases())
def test_grid_dates_strictly_increase_and_follow_start(
    case: tuple[dt.date, Period, dt.date, int, DayOfMonth],
) -> None:
    start, period, _, limit, policy = case
    dates = [step(start, period, k, policy) for k in range(1, limit + 1)]
    assert all(a < b for a, b in zip([start, *dates], dates, strict=False))
