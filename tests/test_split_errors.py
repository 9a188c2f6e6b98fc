"""Bad splits and modifications (issue 20.4): each a located one-line error, exit status 2,
nothing written — on the command line, in grant files, and from Python."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import TOML, invoke

import vesting as v
from vesting.errors import EventError, VestingError

D = dt.date
OPTION = ("--grant", "ceo-2006-option")
RATIO = "N-for-M or N:M, N new shares for every M old, each a whole number from 1 to 1,000,000"


def fails(*args: str, tmp: Path) -> str:
    """The command fails with exit status 2, writes nothing (stdout, -o file), and says one
    line per problem; the lines are returned."""
    out = tmp / "out.csv"
    result = invoke(*args, "--csv", "-o", str(out))
    assert result.exit_code == 2, (args, result.stdout, result.stderr)
    assert result.stdout == "" and not out.exists()
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.parametrize(
    "ratio", ["0-for-1", "1:0", "-1-for-20", "abc", "1.5-for-1", "1-for-1000001", "2000000:1", ""]
)
def test_a_bad_split_ratio_on_the_command_line(ratio: str, tmp_path: Path) -> None:
    text = f"2015-11-06:{ratio}"
    said = fails("status", TOML, *OPTION, "--split", text, tmp=tmp_path)
    if ratio:
        tail = " (1-for-20 is a reverse split, 2-for-1 a forward one)\n"
        assert said == f"error: command line: --split: ratio: got '{ratio}'; {RATIO}{tail}"
    else:
        assert said.startswith("error: --split: got '2015-11-06:'; DATE:RATIO")


def test_bad_ratios_in_a_file_are_located(tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    path.write_text(
        '[[split]]\ndate = 2015-11-06\nratio = "0-for-20"\n\n'
        '[[grant]]\nid = "a"\nkind = "NSO"\nshares = 100\ngrant_date = 2010-01-01\n'
        'events = [ { type = "split", date = 2012-01-01, ratio = "1-for-10000000" } ]\n'
    )
    result = invoke("validate", str(path))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"error: {path}: split #1: ratio: got '0-for-20'; {RATIO}")
    assert lines[1].startswith(f"error: {path}: grant 'a': events[1].ratio: got '1-for-10000000'")
    with pytest.raises(VestingError):
        v.StockSplit(D(2020, 1, 1), Fraction(0))
    with pytest.raises(EventError, match="from 1 to 1,000,000"):
        v.StockSplit(D(2020, 1, 1), Fraction(1, 10**6 + 1))


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--split", "2005-01-01:1-for-2", "split.date: got '2005-01-01'; a date on or after the "
         "grant date 2006-12-18"),
        ("--split", "2006-12-18:1-for-2", "split.date: got '2006-12-18'; a date after the grant "
         "date 2006-12-18 (a grant made on the split date is in post-split shares already)"),
        ("--split", "2017-01-01:1-for-2", "split.date: got '2017-01-01'; a date on or before the "
         "expiration 2016-12-18 (nothing of the grant is left to split)"),
        ("--reprice", "2005-01-02:1.00", "repricing.date: got '2005-01-02'; a date on or after "
         "the grant date 2006-12-18"),
        ("--reprice", "2017-01-02:1.00", "repricing.date: got '2017-01-02'; a date on or before "
         "2016-12-18, the last day of the options in force then (an expired award cannot be "
         "modified)"),
    ],
)  # fmt: skip
def test_a_split_or_modification_outside_the_grants_life(
    flag: str, value: str, message: str, tmp_path: Path
) -> None:
    said = fails("status", TOML, *OPTION, flag, value, tmp=tmp_path)
    # a what-if event's problem is the grant's (the file holds no such event)
    assert said == f"error: grant 'ceo-2006-option': {message}\n"


def test_a_repricing_of_an_rsu(tmp_path: Path) -> None:
    said = fails("status", TOML, "--grant", "ceo-2006-rsu", "--reprice", "2009-01-02:1.00",
                 tmp=tmp_path)  # fmt: skip
    assert said == (
        "error: grant 'ceo-2006-rsu': repricing.exercise_price: got '1.00'; no exercise "
        "price on an RSU (only options: a repricing or an exercise-window change is of an "
        "option)\n"
    )


def test_two_splits_on_one_day(tmp_path: Path) -> None:
    said = fails("status", TOML, *OPTION, "--split", "2015-11-06:1-for-2", "--split",
                 "2015-11-06:2-for-1", tmp=tmp_path)  # fmt: skip
    assert said == (
        "error: grant 'ceo-2006-option': split: got '1-for-2 and 2-for-1 on "
        "2015-11-06'; at most one split a day (one split of their product)\n"
    )
    # a company-wide split and the grant's own on the same day too
    path = tmp_path / "g.toml"
    path.write_text(
        '[[split]]\ndate = 2015-11-06\nratio = "1-for-20"\n\n[[grant]]\nid = "a"\n'
        'kind = "NSO"\nshares = 100\ngrant_date = 2010-01-01\n'
        'events = [ { type = "split", date = 2015-11-06, ratio = "2:1" } ]\n'
    )
    result = invoke("validate", str(path))
    assert result.exit_code == 2 and "at most one split a day" in result.stderr


def test_modification_inputs_missing_when_expense_needs_them(tmp_path: Path) -> None:
    said = fails("expense", TOML, *OPTION, "--from", "2007-01-01", "--to", "2010-12-31",
                 "--reprice", "2009-01-02:10.00", tmp=tmp_path)  # fmt: skip
    assert said == (
        f"error: {TOML}: grant 'ceo-2006-option': repricing.price: got nothing; the share price "
        "on the modification date: give price on the event (a what-if repricing: its third "
        "part, DATE:PRICE:SHARE_PRICE) (needed for the incremental cost of the repricing on "
        "2009-01-02; or give fair_value and fair_value_before)\n"
    )
    said = fails("fair-value", TOML, *OPTION, "--reprice", "2009-01-02:10.00", tmp=tmp_path)
    assert "repricing.price: got nothing" in said
    # without an expense, the repricing needs no inputs
    assert invoke("status", TOML, *OPTION, "--reprice", "2009-01-02:10.00").exit_code == 0


def test_other_bad_modifications() -> None:
    day = D(2009, 3, 1)
    with pytest.raises(EventError, match="at least one of exercise_price"):
        v.Modification(day)
    with pytest.raises(EventError, match="a date after the modification's date"):
        v.Modification(day, expiration=day)
    with pytest.raises(EventError, match="single-trigger acceleration dated 2009-03-01"):
        v.Modification(day, accelerate=v.Acceleration(D(2009, 3, 2), percent=Fraction(1)))
    g = v.Grant("g", v.Kind.NSO, 4800, D(2008, 1, 1), exercise_price=Decimal(1))
    late = g.with_events(
        v.Termination(day),
        v.Modification(D(2009, 4, 1), accelerate=v.Acceleration(D(2009, 4, 1), shares=10)),
    )
    with pytest.raises(EventError, match="a date on or before the termination 2009-03-01"):
        v.evaluate(late, D(2009, 5, 1))
    twice = g.with_events(
        v.Modification.repricing(day, Decimal(1)), v.Modification.repricing(day, Decimal(2))
    )
    with pytest.raises(EventError, match="at most one modification a day"):
        v.evaluate(twice, day)
    expired = g.with_events(
        v.Termination(day),  # voluntary: exercisable through 2009-06-01
        v.Modification(D(2009, 7, 1), exercise_windows={"voluntary": v.Period.months(12)}),
    )
    with pytest.raises(EventError, match="on or before 2009-06-01"):
        v.evaluate(expired, D(2009, 7, 1))


def test_a_what_if_repricing_with_the_share_price_costs_what_the_recorded_one_does(
    tmp_path: Path,
) -> None:
    """``--reprice DATE:PRICE:SHARE_PRICE``: the third part is the repricing's ``price`` input,
    the other inputs the grant's own — the same expense as the event recorded in the file."""
    recorded = tmp_path / "r.toml"
    text = Path(TOML).read_text().replace(
        'id = "ceo-2006-option"',
        'id = "ceo-2006-option"\nevents = [ { type = "repricing", date = 2009-03-02, '
        'exercise_price = "10.00", price = "9.50" } ]',
    )
    recorded.write_text(text)
    period = ("--from", "2009-01-01", "--to", "2010-03-31", "--period", "year", "--csv")
    what_if = invoke("expense", TOML, *OPTION, *period, "--reprice", "2009-03-02:10.00:9.50")
    in_file = invoke("expense", str(recorded), *OPTION, *period)
    assert what_if.exit_code == in_file.exit_code == 0, what_if.stderr + in_file.stderr
    assert what_if.stdout == in_file.stdout
    assert "," in what_if.stdout and "FY2010" in what_if.stdout
    bad = fails("expense", TOML, *OPTION, *period, "--reprice", "2009-03-02:10.00:x", tmp=tmp_path)
    assert bad.startswith("error: command line: --reprice: share_price: got 'x'; ")
