"""The input edge (vesting.io.values, vesting.io.eventtext): dates, portions, money, shares and
what-if event text; and how the command line names their fields (vesting.cli.labels).

Expected values are worked out by hand (calendar arithmetic noted inline).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from vesting import (
    Acceleration,
    Exercise,
    Leave,
    Method,
    NamedEvent,
    Period,
    Reason,
    Termination,
    Trigger,
)
from vesting.cli.labels import as_options
from vesting.errors import InputError, Problem
from vesting.io.eventtext import (
    parse_acceleration,
    parse_event_item,
    parse_exercise,
    parse_leave,
    parse_named_event,
    parse_termination,
    what_if_events,
)
from vesting.io.values import (
    parse_bool,
    parse_date,
    parse_dates,
    parse_money,
    parse_period,
    parse_portion,
    parse_shares,
)

D = dt.date
TODAY = D(2024, 1, 31)


def named_by_option(problem: Problem, flag: str) -> bool:
    """``problem`` is about ``flag``'s value: the whole of it (``--leave: got ...``) or a part
    of it, located in the option (``command line: --leave: start: got ...``) — never the flag
    joined to a field name (``--leave.start``)."""
    text = problem.message()
    return text.startswith((f"{flag}: got ", f"command line: {flag}: ")) and f"{flag}." not in text


def problem_of(exc: pytest.ExceptionInfo[InputError]) -> tuple[str, object, str]:
    (p,) = exc.value.problems
    return p.field, p.value, p.allowed


# ----------------------------------------------------------------------------------- dates


def test_iso_date() -> None:
    assert parse_date("2008-06-30", "--as-of") == D(2008, 6, 30)
    assert parse_date(" 2008-06-30 ", "--as-of") == D(2008, 6, 30)
    assert parse_date(D(2008, 6, 30), "x") == D(2008, 6, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("TODAY", TODAY),
        ("+1m", D(2024, 2, 29)),  # 31 Jan + 1 month: February's last day (leap year)
        ("+6m", D(2024, 7, 31)),
        ("+1y", D(2025, 1, 31)),
        ("-30d", D(2024, 1, 1)),  # 31 Jan - 30 days
        ("+2w", D(2024, 2, 14)),
        ("+ 10 days", D(2024, 2, 10)),
        ("-1y", D(2023, 1, 31)),
    ],
)
def test_relative_dates(text: str, expected: dt.date) -> None:
    assert parse_date(text, "--as-of", today=TODAY) == expected


@pytest.mark.parametrize("text", ["2008-02-30", "2008-13-01"])
def test_impossible_day_names_the_option(text: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_date(text, "--as-of")
    field, value, allowed = problem_of(exc)
    assert (field, value) == ("--as-of", text)
    assert "YYYY-MM-DD" in allowed and "no such day" in allowed


@pytest.mark.parametrize(
    "text", ["30/06/08", "20080630", "tomorrow", "+6", "6m", "", "June 2008", "2008/13/13"]
)
def test_malformed_dates_list_the_allowed_forms(text: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_date(text, "--as-of", today=TODAY)
    field, value, allowed = problem_of(exc)
    assert field == "--as-of" and value == text
    assert "YYYY-MM-DD" in allowed and "today" in allowed and "+6m" in allowed


def test_files_take_iso_dates_only() -> None:
    for text in ("today", "+6m"):
        with pytest.raises(InputError) as exc:
            parse_date(text, "grant_date", today=TODAY, relative=False)
        allowed = problem_of(exc)[2]
        assert allowed.startswith("an ISO date YYYY-MM-DD") and "today" not in allowed


def test_datetime_and_out_of_range_rejected() -> None:
    with pytest.raises(InputError):
        parse_date(dt.datetime(2008, 6, 30, 12, 0), "grant_date")
    with pytest.raises(InputError) as exc:
        parse_date("1850-01-01", "grant_date")
    assert "1900-01-01" in problem_of(exc)[2]


def test_parse_dates_reports_every_bad_one() -> None:
    with pytest.raises(InputError) as exc:
        parse_dates(["2008-06-30", "nope", "2008-02-31"], "--as-of")
    assert [p.value for p in exc.value.problems] == ["nope", "2008-02-31"]
    assert parse_dates(["2008-06-30", "today"], "--as-of", today=TODAY) == (D(2008, 6, 30), TODAY)


# --------------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("25%", Fraction(1, 4)),
        ("12.5%", Fraction(1, 8)),
        ("1/4", Fraction(1, 4)),
        ("2 / 3", Fraction(2, 3)),
        ("0.25", Fraction(1, 4)),
        (".3", Fraction(3, 10)),
        (Decimal("0.3"), Fraction(3, 10)),
        (0.1, Fraction(1, 10)),  # a float is read through its repr, so exactly 1/10
        (1, Fraction(1)),
        (0, Fraction(0)),
        ("100%", Fraction(1)),
        (Fraction(5, 7), Fraction(5, 7)),
    ],
)
def test_portions_are_exact(value: object, expected: Fraction) -> None:
    assert parse_portion(value, "cliff_portion") == expected


@pytest.mark.parametrize("value", ["125%", "5/4", "1/0", "-10%", "abc", 2, True, "0.25.1", None])
def test_bad_portions(value: object) -> None:
    with pytest.raises(InputError) as exc:
        parse_portion(value, "immediate")
    field, _, allowed = problem_of(exc)
    assert field == "immediate" and "'25%'" in allowed and "'1/4'" in allowed


def test_money() -> None:
    assert parse_money("30.00", "exercise_price") == Decimal("30.00")
    assert str(parse_money("30.00", "exercise_price")) == "30.00"
    assert parse_money(45, "--price") == Decimal(45)
    assert parse_money(0.1, "--price") == Decimal("0.1")
    assert parse_money(Decimal("12.125"), "--price") == Decimal("12.125")
    # thousands separators and a dollar sign, as shares take them (issue 19.10)
    assert parse_money("$30", "--price") == Decimal(30)
    assert parse_money("1,000.50", "exercise_price") == Decimal("1000.50")
    bad_amounts = ("-1", "$-1", "-$1", "30$", "1,00.5", "1000,50", "1,0000", "$", "NaN", "")
    for bad in (*bad_amounts, True, Decimal("-0.01"), Decimal("Infinity")):
        with pytest.raises(InputError) as exc:
            parse_money(bad, "--price")
        assert problem_of(exc)[0] == "--price"


def test_shares() -> None:
    assert parse_shares("2,000,000", "shares") == 2_000_000
    assert parse_shares("2_000_000", "shares") == 2_000_000
    assert parse_shares(48, "shares") == 48
    assert parse_shares(Decimal("10.0"), "shares") == 10
    for bad in (0, -5, "-5", "1,00", "10.5", 10.5, True, "ten", "1,000,00"):
        with pytest.raises(InputError) as exc:
            parse_shares(bad, "shares")
        field, value, allowed = problem_of(exc)
        assert (field, value) == ("shares", bad) and "> 0" in allowed


def test_bool_and_period() -> None:
    assert parse_bool("true", "x") is True and parse_bool("No", "x") is False
    assert parse_bool(False, "x") is False
    with pytest.raises(InputError):
        parse_bool("maybe", "toll_leaves")
    assert parse_period("4y", "length") == Period.months(48)
    assert parse_period(Decimal("12"), "cliff") == Period.months(12)
    with pytest.raises(InputError) as exc:
        parse_period("12 fortnights", "cliff")
    assert problem_of(exc)[0] == "cliff"
    with pytest.raises(InputError):
        parse_period(Decimal("1.5"), "cliff")


# ------------------------------------------------------------------------- what-if events


def test_termination() -> None:
    assert parse_termination("2009-03-01") == Termination(D(2009, 3, 1), Reason.VOLUNTARY)
    assert parse_termination("2009-03-01:cause") == Termination(D(2009, 3, 1), Reason.CAUSE)
    assert parse_termination("2009-03-01", "death") == Termination(D(2009, 3, 1), Reason.DEATH)
    # a reason in the value wins over --reason
    assert parse_termination("2009-03-01:cause", "death").reason is Reason.CAUSE
    assert parse_termination("+1m", today=TODAY).date == D(2024, 2, 29)
    with pytest.raises(InputError) as exc:
        parse_termination("2009-03-01:fired")
    assert problem_of(exc)[1] == "fired"


def test_leave_end_and_length() -> None:
    assert parse_leave("2008-01-01:2008-03-30") == Leave(D(2008, 1, 1), D(2008, 3, 30))
    # 90 days from 1 Jan 2008: 31 (Jan) + 29 (Feb, leap) + 30 (Mar) -> last day 30 March
    ninety = parse_leave("2008-01-01:90d")
    assert ninety == Leave(D(2008, 1, 1), D(2008, 3, 30)) and ninety.days == 90
    assert parse_leave("2008-01-01:2w") == Leave(D(2008, 1, 1), D(2008, 1, 14))
    assert parse_leave("2008-01-15:3m") == Leave(D(2008, 1, 15), D(2008, 4, 14))
    assert parse_leave("2008-01-01:2008-01-01").days == 1
    for bad in ("2008-03-01:2008-01-01", "2008-01-01", "2008-01-01:0d", "2008-01-01:x"):
        with pytest.raises(InputError) as exc:
            parse_leave(bad)
        assert exc.value.problems[0].field.startswith("leave")
        assert named_by_option(as_options(exc.value.problems)[0], "--leave")


def test_acceleration_amounts() -> None:
    when = D(2008, 6, 30)
    assert parse_acceleration("2008-06-30:25%") == Acceleration(when, percent=Fraction(1, 4))
    assert parse_acceleration("2008-06-30:1/2") == Acceleration(when, percent=Fraction(1, 2))
    assert parse_acceleration("2008-06-30:1000") == Acceleration(when, shares=1000)
    assert parse_acceleration("2008-06-30:1,000 shares") == Acceleration(when, shares=1000)
    assert parse_acceleration("2008-06-30:6m") == Acceleration(when, months=6)
    full = parse_acceleration(
        "2008-06-30:50%:double:soonest:window=6m:qualifying=involuntary,death"
    )
    assert full == Acceleration(
        when,
        percent=Fraction(1, 2),
        trigger=Trigger.DOUBLE,
        window=Period.months(6),
        method=Method.SOONEST,
        qualifying=(Reason.INVOLUNTARY, Reason.DEATH),
    )


@pytest.mark.parametrize(
    "text",
    ["2008-06-30", "2008-06-30:", "2008-06-30:0%", "2008-06-30:150%", "2008-06-30:0", "x:25%",
     "2008-06-30:25%:sideways", "2008-06-30:0m"],
)  # fmt: skip
def test_bad_accelerations(text: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_acceleration(text)
    assert exc.value.problems[0].field.startswith("accelerate")
    assert named_by_option(as_options(exc.value.problems)[0], "--accelerate")


def test_exercise_and_named_event() -> None:
    assert parse_exercise("2009-01-05:10,000") == Exercise(D(2009, 1, 5), 10_000)
    assert parse_named_event("ipo=2010-05-01") == NamedEvent("ipo", D(2010, 5, 1))
    assert parse_named_event(" change of control = 2010-05-01") == NamedEvent(
        "change of control", D(2010, 5, 1)
    )
    for bad in ("2009-01-05", "2009-01-05:0", "2009-01-05:-3"):
        with pytest.raises(InputError):
            parse_exercise(bad)
    for bad in ("ipo", "=2010-05-01", "ipo=", "ipo=soon"):
        with pytest.raises(InputError):
            parse_named_event(bad)


def test_event_items_use_the_flag_syntax() -> None:
    assert parse_event_item("terminate=2009-03-01:cause") == Termination(
        D(2009, 3, 1), Reason.CAUSE
    )
    assert parse_event_item("leave=2008-01-01:90d") == Leave(D(2008, 1, 1), D(2008, 3, 30))
    assert parse_event_item("accelerate=2008-06-30:6m") == Acceleration(D(2008, 6, 30), months=6)
    assert parse_event_item("exercise=2009-01-05:5") == Exercise(D(2009, 1, 5), 5)
    assert parse_event_item("event=ipo=2010-05-01") == NamedEvent("ipo", D(2010, 5, 1))
    with pytest.raises(InputError):
        parse_event_item("quit=2009-03-01")
    with pytest.raises(InputError):  # files: ISO dates only
        parse_event_item("terminate=today", relative=False)


def test_what_if_events_reports_every_problem() -> None:
    events = what_if_events(
        terminate=["2009-03-01"],
        reason="involuntary",
        leave=["2008-01-01:2008-03-30"],
        accelerate=["2008-06-30:50%"],
        exercise=["2008-07-01:100"],
        event=["ipo=2010-05-01"],
    )
    assert events == (
        Termination(D(2009, 3, 1), Reason.INVOLUNTARY),
        Leave(D(2008, 1, 1), D(2008, 3, 30)),
        Acceleration(D(2008, 6, 30), percent=Fraction(1, 2)),
        Exercise(D(2008, 7, 1), 100),
        NamedEvent("ipo", D(2010, 5, 1)),
    )
    with pytest.raises(InputError) as exc:
        what_if_events(terminate=["2009-02-30"], leave=["x"], event=["ipo"], reason="bored")
    assert [p.field for p in exc.value.problems] == ["reason", "terminate", "leave", "event"]
    # the command line shows each with the option that gave it
    assert [p.field for p in as_options(exc.value.problems)] == [
        "--reason",
        "--terminate",
        "--leave",
        "--event",
    ]
    with pytest.raises(InputError) as exc:
        what_if_events(reason="cause")
    assert problem_of(exc)[0] == "reason"
