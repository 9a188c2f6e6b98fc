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
