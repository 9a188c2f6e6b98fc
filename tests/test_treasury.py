"""Diluted shares by the treasury stock method (issue 22.4): the known answers of the issue
and cases worked by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import vesting as v
from vesting.accounting.treasury import average_outstanding, dilution
from vesting.errors import InputError

D = dt.date
Q1 = (D(2024, 1, 1), D(2024, 3, 31))  # 31 + 29 + 31 = 91 days


def option(shares: int, strike: int, **kw: object) -> v.Grant:
    return v.Grant("o", v.Kind.NSO, shares, D(2020, 1, 1), exercise_price=Decimal(strike), **kw)  # type: ignore[arg-type]


def test_ten_thousand_options_at_fifty_add_five_thousand_at_an_average_of_one_hundred() -> None:
    # the known answer: 10,000 − 10,000 × 50 ÷ 100 = 5,000
    d = dilution(option(10_000, 50), *Q1, Decimal(100))
    assert (d.incremental, d.antidilutive) == (5_000, 0)


def test_unrecognized_cost_can_make_an_option_in_the_money_antidilutive() -> None:
    # the issue's: an option at $10 with $4 of average unrecognized cost a share, price $12:
    # proceeds 14 a share buy back 14/12 > 1 share each — anti-dilutive
    cost = Fraction(4 * 1_000)
    d = dilution(option(1_000, 10), *Q1, Decimal(12), (cost, cost))
    assert (d.incremental, d.antidilutive) == (0, 1_000)
    # without the cost it adds 1,000 − 10,000/12 = 166 2/3
    assert dilution(option(1_000, 10), *Q1, Decimal(12)).incremental == Fraction(500, 3)


def test_out_of_the_money_and_net_loss_are_antidilutive() -> None:
    assert dilution(option(1_000, 50), *Q1, Decimal(40)).antidilutive == 1_000
    d = dilution(option(10_000, 50), *Q1, Decimal(100), net_loss=True)
    assert (d.incremental, d.antidilutive) == (0, 10_000)


def test_a_grant_made_in_the_period_counts_the_days_it_was_outstanding() -> None:
    # 910 RSUs granted 2024-02-15: outstanding 15 February (15 days) + 31 March = 46 of 91 days:
    # 910 × 46 / 91 = 460; an RSU has no exercise price, so all of them add (no cost left)
    rsu = v.Grant("r", v.Kind.RSU, 910, D(2024, 2, 15))
    assert average_outstanding(rsu, *Q1) == 460
    assert dilution(rsu, *Q1, Decimal(10)).incremental == 460


def test_an_exercise_in_the_period_lowers_the_average() -> None:
    # 4,800 options fully vested; 1,200 exercised on 2024-03-01: 4,800 for the 60 days of
    # January and February, 3,600 for the 31 of March: (4,800 × 60 + 3,600 × 31) / 91
    g = option(4_800, 10, events=(v.Exercise(D(2024, 3, 1), 1_200),))
    assert average_outstanding(g, *Q1) == Fraction(4_800 * 60 + 3_600 * 31, 91)


def test_an_option_that_expires_in_the_period_counts_until_its_last_day() -> None:
    # granted 2014-01-15 with a 10-year term: expires 2024-01-15, exercisable through that day:
    # 15 of 91 days
    g = v.Grant("e", v.Kind.NSO, 910, D(2014, 1, 15), exercise_price=Decimal(1))
    assert average_outstanding(g, *Q1) == Fraction(910 * 15, 91)


def test_bad_periods_and_prices_are_refused() -> None:
    with pytest.raises(InputError, match="a price above zero"):
        dilution(option(10, 1), *Q1, Decimal(0))
    with pytest.raises(InputError, match="a date on or after"):
        dilution(option(10, 1), Q1[1], Q1[0], Decimal(1))


@given(
    shares=st.integers(1, 10**9),
    strike=st.integers(1, 1_000),
    price=st.integers(1, 2_000),
    cost=st.integers(0, 10**6),
)
def test_incremental_shares_follow_the_formula_and_never_go_below_zero(
    shares: int, strike: int, price: int, cost: int
) -> None:
    d = dilution(option(shares, strike), *Q1, Decimal(price), (Fraction(cost), Fraction(cost)))
    expected = shares - (Fraction(shares * strike) + cost) / price
    assert d.incremental == max(expected, 0)
    assert (d.incremental == 0) == (d.antidilutive == shares)


def test_a_split_in_the_period_counts_every_day_in_the_shares_of_its_end() -> None:
    """ASC 260-10-55-12: a stock split is applied retroactively. 2,000 options at $30, fully
    vested, split 1-for-20 on 2024-02-15: 100 post-split options at $600 from that day. Every
    day counts 2,000 / 20 = 100 (not 2,000 for the 45 days before the split); the proceeds are
    2,000 × 30 = 100 × 600 = 60,000 on every day. At an average $700 (a post-split price):
    100 − 60,000 / 700 = 100 − 600/7 = 100/7 shares."""
    g = option(2_000, 30, events=(v.StockSplit(D(2024, 2, 15), Fraction(1, 20)),))
    assert average_outstanding(g, *Q1) == 100
    d = dilution(g, *Q1, Decimal(700))
    assert (d.proceeds, d.incremental) == (60_000, Fraction(100, 7))


def test_a_repricing_in_the_period_changes_the_proceeds_from_its_date() -> None:
    """10,000 options at $50 repriced to $20 on 2024-02-15: $50 for the 45 days of January and
    1-14 February, $20 for the 46 days after: proceeds 10,000 × (50 × 45 + 20 × 46) / 91; at
    $100, 10,000 − that / 100 (the original $50 throughout would give 5,000)."""
    g = option(10_000, 50, events=(v.Modification.repricing(D(2024, 2, 15), Decimal(20)),))
    d = dilution(g, *Q1, Decimal(100))
    paid = Fraction(10_000 * (50 * 45 + 20 * 46), 91)
    assert (d.proceeds, d.incremental) == (paid, 10_000 - paid / 100)


# ------------------------------------------------------------------ the diluted-shares command

GRANTS = """schema_version = 1
[defaults]
holder = "h"
grant_date = 2020-01-01
terms = "standard"
fair_value = "20"
[[grant]]
id = "in"
kind = "NSO"
shares = 10000
exercise_price = "50"
[[grant]]
id = "out"
kind = "NSO"
shares = 1000
exercise_price = "150"
"""


def run_json(tmp_path: object, *args: str) -> dict[str, object]:
    import json
    from pathlib import Path

    from helpers import ROOT, invoke
    from jsonschema import Draft202012Validator

    path = Path(str(tmp_path)) / "g.toml"
    path.write_text(GRANTS)
    result = invoke("diluted-shares", str(path), "--from", "2024-01-01", "--to", "2024-03-31",
                    *args, "--json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    schema = json.loads((ROOT / "vesting/schemas/diluted-shares.schema.json").read_text())
    Draft202012Validator(schema).validate(doc)
    return doc


def test_the_command_adds_in_the_money_grants_and_lists_the_others(tmp_path: object) -> None:
    # fully vested by 2024 (standard: 4 years from 2020-01-01), so no cost is left:
    # "in" adds 10,000 − 500,000/100 = 5,000; "out" at $150 is anti-dilutive (1,000 shares)
    doc = run_json(tmp_path, "--average-price", "100", "--basic-shares", "1,000,000")
    rows = {r["grant_id"]: r for r in doc["rows"]}  # type: ignore[index, union-attr]
    assert (rows["in"]["incremental_shares"], rows["in"]["antidilutive_shares"]) == (5000, 0)
    assert (rows["out"]["incremental_shares"], rows["out"]["antidilutive_shares"]) == (0, 1000)
    total = rows[None]
    assert (total["incremental_shares"], total["basic_shares"], total["diluted_shares"]) == (
        5000, 1_000_000, 1_005_000,
    )  # fmt: skip


def test_a_net_loss_makes_diluted_equal_basic(tmp_path: object) -> None:
    doc = run_json(tmp_path, "--average-price", "100", "--basic-shares", "100", "--net-loss")
    total = doc["rows"][-1]  # type: ignore[index]
    assert (total["incremental_shares"], total["diluted_shares"]) == (0, 100)


def test_the_average_price_from_a_price_file_is_the_mean_of_the_period(tmp_path: object) -> None:
    # prices in the period 90, 100, 110: the mean is 100 (the 2023 price does not count)
    from pathlib import Path

    prices = Path(str(tmp_path)) / "p.csv"
    prices.write_text("2023-12-29,500\n2024-01-02,90\n2024-02-01,100\n2024-03-01,110\n")
    doc = run_json(tmp_path, "--prices", str(prices))
    assert doc["average_price"] == "100"
    assert doc["rows"][0]["incremental_shares"] == 5000  # type: ignore[index]


def test_bad_input_is_a_located_error(tmp_path: object) -> None:
    from pathlib import Path

    from helpers import fail

    path = Path(str(tmp_path)) / "g.toml"
    path.write_text(GRANTS)
    base = ["diluted-shares", str(path), "--from", "2024-01-01", "--to", "2024-03-31"]
    (line,) = fail(*base, "--average-price", "0")
    assert "--average-price: got " in line and "a price above zero" in line
    (line,) = fail(*base)
    assert "--average-price" in line and "--prices" in line
    prices = Path(str(tmp_path)) / "p.csv"
    prices.write_text("2023-12-29,500\n")
    (line,) = fail(*base, "--prices", str(prices))
    assert "at least one price dated 2024-01-01 to 2024-03-31" in line


def test_a_split_restates_the_period_before_it_and_the_one_it_falls_in() -> None:
    """ASC 260-10-55-12: a split restates every period presented, also those before it."""
    # 2-for-1 on 2024-06-01, after Q1: 10,000 options at $50 were 20,000 at $25 all along.
    # In Q1's own shares (average $100): 10,000 − 500,000 ÷ 100 = 5,000; restated ×2: 10,000.
    after = option(10_000, 50, events=(v.StockSplit(D(2024, 6, 1), Fraction(2)),))
    d = dilution(after, *Q1, Decimal(100))
    assert (d.average_shares, d.incremental) == (20_000, 10_000)
    # 1-for-20 on 2024-03-01, inside Q1: 10,000 at $50 become 500 at $1,000. Counted in the
    # shares of the period's end (500 every day), average price quoted in those shares
    # ($2,000 = $100 × 20): 500 − 500 × 1,000 ÷ 2,000 = 250 (= 5,000 ÷ 20).
    inside = option(10_000, 50, events=(v.StockSplit(D(2024, 3, 1), Fraction(1, 20)),))
    d = dilution(inside, *Q1, Decimal(2000))
    assert (d.average_shares, d.incremental) == (500, 250)
    # a repricing inside the period counts from its date: $50 for the 60 days to 2024-02-29,
    # $20 for the 31 days from 2024-03-01; proceeds per share (60 × 50 + 31 × 20) ÷ 91
    repriced = option(10_000, 50, events=(v.Modification.repricing(D(2024, 3, 1), Decimal(20)),))
    d = dilution(repriced, *Q1, Decimal(100))
    per_share = Fraction(60 * 50 + 31 * 20, 91)
    assert d.incremental == 10_000 - 10_000 * per_share / 100
