"""Valuation (vesting.valuation): intrinsic values, rounding, price tables.

The reference option: 2,000,000 NSO from 2006-12-18, standard terms, ILLUSTRATIVE exercise
price 30.00. On 2008-06-30 it has floor(2,000,000 × 18/48) = 750,000 vested (18 monthly steps
by 2008-06-18), so 1,250,000 unvested. The RSU grant: 500,000, 25% a year → 125,000 vested.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import PRICES as EXAMPLE_PRICES
from helpers import TOML

import vesting.io as gf
from vesting import Allocation, Grant, Kind, Period, Termination, VestingTerms, batch
from vesting.cli.labels import as_options
from vesting.errors import InputError
from vesting.io.prices import load_prices, parse_prices, price_source
from vesting.valuation import PriceTable, ValueTotal, prices_on, to_cents, valuations, value

D = dt.date
ON = D(2008, 6, 30)
OPTION, RSU = gf.load(TOML)


def test_to_cents_rounds_half_up_exactly() -> None:
    assert to_cents(Fraction(1, 200)) == Decimal("0.01")  # 0.005 -> 0.01 (half up)
    assert to_cents(Fraction(49, 10000)) == Decimal("0.00")  # 0.0049
    assert to_cents(Fraction(1, 3)) == Decimal("0.33")
    assert to_cents(Fraction(2, 3)) == Decimal("0.67")
    assert to_cents(Decimal("2.675")) == Decimal("2.68")  # a float would give 2.67
    assert str(to_cents(11_250_000)) == "11250000.00"


def test_option_in_the_money() -> None:
    v = value(OPTION, ON, Decimal("45.00"))
    assert v.spread == Decimal("15.00")
    assert (v.realizable_shares, v.unvested_outstanding) == (750_000, 1_250_000)
    assert v.realizable_value == Decimal("11250000.00")  # 750,000 × 15
    assert v.unvested_value == Decimal("18750000.00")  # 1,250,000 × 15
    assert v.total_value == Decimal("30000000.00")


def test_underwater_option_is_worth_zero_not_negative() -> None:
    v = value(OPTION, ON, Decimal("20"))
    assert v.spread == 0 and v.realizable_value == 0 and v.unvested_value == 0
    at_the_money = value(OPTION, ON, Decimal("30.00"))
    assert at_the_money.total_value == 0


def test_rsu_at_price_times_shares() -> None:
    v = value(RSU, ON, Decimal("45.00"))
    assert (v.realizable_shares, v.unvested_outstanding) == (125_000, 375_000)
    assert v.realizable_value == Decimal("5625000.00")  # 125,000 × 45
    assert v.unvested_value == Decimal("16875000.00")  # 375,000 × 45
    assert v.exercise_price is None and v.spread == Decimal("45.00")


def test_option_without_exercise_price() -> None:
    bare = Grant("no-price", Kind.ISO, 100, D(2020, 1, 1))
    with pytest.raises(InputError) as exc:
        value(bare, D(2022, 1, 1), Decimal(5))
    (p,) = exc.value.problems
    assert (p.location.text(), p.field) == ("grant 'no-price'", "exercise_price")
    assert "an exercise price" in p.allowed
    # in a batch, each such grant is a result with that problem; the others are valued
    per_date = prices_on([ON], [Decimal(5)])
    got = list(batch.results([bare, OPTION, bare.with_events()], lambda g: valuations(g, per_date)))
    assert [bool(r.problems) for r in got] == [True, False, True]


def test_after_termination_only_exercisable_options_count() -> None:
    # Terminated 2009-03-01: vested floor(2e6 × 26/48) = 1,083,333 (2009-02-18 is the 26th
    # monthly date); the rest is forfeited; window 3 months -> deadline 2009-06-01.
    left = OPTION.with_events(Termination(D(2009, 3, 1)))
    v = value(left, D(2009, 4, 1), Decimal("45"))
    assert (v.realizable_shares, v.unvested_outstanding) == (1_083_333, 0)
    assert v.realizable_value == Decimal("16249995.00")  # 1,083,333 × 15
    expired = value(left, D(2009, 6, 2), Decimal("45"))
    assert expired.realizable_shares == 0 and expired.total_value == 0


def test_fractional_shares_are_valued_exactly_then_rounded() -> None:
    g = Grant(
        "frac",
        Kind.RSU,
        1001,
        D(2020, 1, 1),
        VestingTerms(every=Period.months(12), allocation=Allocation.FRACTIONAL),
    )
    v = value(g, D(2021, 1, 1), Decimal("0.02"))
    assert v.realizable_shares == Fraction(1001, 4)  # 250 1/4 shares
    assert v.realizable_value == Decimal("5.01")  # 250.25 × 0.02 = 5.005 -> 5.01
    assert v.unvested_value == Decimal("15.02")  # 750.75 × 0.02 = 15.015 -> 15.02


def test_grid_of_prices_with_totals() -> None:
    per_date = prices_on([ON], [Decimal(45), Decimal(20)])
    rows = [v for g in (OPTION, RSU) for v in valuations(g, per_date)]
    assert [(r.grant_id, r.price) for r in rows] == [
        ("ceo-2006-option", 45),
        ("ceo-2006-option", 20),
        ("ceo-2006-rsu", 45),
        ("ceo-2006-rsu", 20),
    ]
    totals = {p: ValueTotal(ON, p) for p in (Decimal(45), Decimal(20))}
    for r in rows:
        totals[r.price].add(r)
    at45, at20 = (t.valuation() for t in totals.values())
    assert at45.realizable_value == Decimal("16875000.00")  # 11,250,000 + 5,625,000
    assert at20.total_value == Decimal("10000000.00")  # option 0 + RSU 500,000 × 20


# ----------------------------------------------------------------------------- price table


PRICES = "date,price\n2008-01-02,10.00\n2008-03-31,12.50\n2008-06-30,45\n"


def test_last_price_on_or_before() -> None:
    table = parse_prices(PRICES, "p.csv")
    assert table.price_on(D(2008, 1, 2)) == Decimal("10.00")
    assert table.price_on(D(2008, 3, 30)) == Decimal("10.00")
    assert table.price_on(D(2008, 3, 31)) == Decimal("12.50")
    assert table.price_on(D(2030, 1, 1)) == Decimal(45)
    with pytest.raises(InputError) as exc:
        table.price_on(D(2008, 1, 1))
    (p,) = exc.value.problems
    assert p.message() == (
        "as_of: got '2008-01-01'; a date on or after the first price in p.csv (2008-01-02)"
    )
    assert as_options([p])[0].field == "--as-of"  # the command line names its option


def test_price_file_rules() -> None:
    unsorted = parse_prices("# comment\n2008-06-30,45\n\n2008-01-02, 10\n")  # no header
    assert unsorted.points == ((D(2008, 1, 2), Decimal(10)), (D(2008, 6, 30), Decimal(45)))
    bad = "date,price\n2008-01-02,10\n2008-02-30,11\n2008-03-01,-1\n2008-01-02,12\n2008-04-01\n"
    with pytest.raises(InputError) as exc:
        parse_prices(bad, "p.csv")
    assert [(p.location.text(), p.field) for p in exc.value.problems] == [
        ("p.csv: line 3", "date"),
        ("p.csv: line 4", "price"),
        ("p.csv: line 5", "date"),  # a second price for 2008-01-02
        ("p.csv: line 6", "row"),
    ]
    with pytest.raises(InputError):
        parse_prices("date,price\n")
    with pytest.raises(InputError):
        PriceTable(())


def test_example_prices_and_price_sources(tmp_path: Path) -> None:
    table = load_prices(EXAMPLE_PRICES)
    assert table.price_on(D(2008, 7, 15)) == Decimal("45.00")  # last on or before: 2008-06-30
    assert price_source(["45", "20.5"]) == (Decimal(45), Decimal("20.5"))
    assert isinstance(price_source((), EXAMPLE_PRICES), PriceTable)
    for prices, file in (((), None), (("45",), EXAMPLE_PRICES), (("x",), None)):
        with pytest.raises(InputError):
            price_source(prices, file)
    with pytest.raises(InputError) as exc:
        load_prices(tmp_path / "none.csv")
    assert exc.value.problems[0].field == "prices"
    with pytest.raises(InputError) as exc:  # dates before the first price are all reported
        prices_on([D(2006, 1, 1), D(2006, 2, 1), ON], table)
    assert len(exc.value.problems) == 2
