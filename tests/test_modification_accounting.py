"""Modification accounting (issue 20.3, ASC 718-20-35-3), on hand-checked cases.

The rule as a Big-4 guide states it — PwC, *Stock-based compensation*, SC 4.2 ("Overall
principle"), viewpoint.pwc.com: at the modification date a company should "1. Calculate any
incremental fair value based on the difference between the fair value of the modified award and
the fair value of the original award immediately before it was modified … 2. Immediately
recognize the incremental value as compensation cost for vested awards … 3. Recognize, on a
prospective basis over the remaining requisite service period, the sum of the incremental
compensation cost and any remaining unrecognized compensation cost for the original award".
And SC 4.3 on terminations: when "the employee would have forfeited the awards upon
termination according to the awards' original terms … and the company chooses to accelerate
vesting … the modification is a Type III modification (improbable to probable). Therefore,
incremental fair value is equal to the fair value of the modified awards on the modification
date."

No numeric worked example from the FASB's ASC 718-20-55 or a Big-4 guide was found in the
material available here. The issue's case is a published worked example: AcadiFi, "Share-based
payment modification accounting — repricing options" (acadifi.com/community/share-based-payment-
modification-accounting-repricing-options), "Horizon Software": "On January 1, 2024, Horizon
granted 100,000 options: Exercise price: $50; Grant-date fair value (Black-Scholes):
$12/option; 3-year cliff vesting"; repriced to $30 on June 30, 2025; "Fair value of original
option (exercise $50, stock at $30): $3/option; Fair value of modified option (exercise $30,
stock at $30): $9/option; Incremental fair value: $9 − $3 = $6/option"; original award
100,000 × $12 = $1,200,000 over the original 3 years, incremental 100,000 × $6 = $600,000
over the remaining 1.5 years. The other cases are worked out by hand in each test. Days
follow the library's convention (vesting.accounting.expense): a cost is spread evenly over the
days from its service start (day 1: the grant date, or the modification date for its
incremental cost) up to, not including, the vest date.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from helpers import csv_rows, ok

import vesting as v
from vesting.accounting.expense import Recognizer
from vesting.accounting.modification import recognizer, value_of
from vesting.accounting.years import Period
from vesting.errors import InputError

D = dt.date


def cents(x: Fraction) -> Decimal:
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def cumulative(g: v.Grant, fv: str, on: dt.date, attribution: str = "graded") -> Decimal:
    """Cumulative expense through ``on`` (cents), modifications included."""
    day = Period("d", on, on)
    return recognizer(g, Decimal(fv), attribution).by_period([day])[0].cumulative


def horizon(*events: v.Event) -> v.Grant:
    """The issue's case: 100,000 options at $50 granted 2024-01-01, grant-date fair value
    $12, vesting all at once after three years (2027-01-01)."""
    terms = v.VestingTerms(length=v.Period.months(36), every=v.Period.months(36))
    return v.Grant(
        "h", v.Kind.NSO, 100_000, D(2024, 1, 1), terms, exercise_price=Decimal("50.00"),
        pricing=v.Pricing(fair_value=Decimal("12.00")), events=events,
    )  # fmt: skip


REPRICED = v.Modification.repricing(
    D(2025, 6, 30),
    Decimal("30.00"),
    inputs=v.Pricing(fair_value=Decimal("9.00")),
    fair_value_before=Decimal("3.00"),
)


def test_the_issue_case_incremental_cost_over_the_remaining_service() -> None:
    g = horizon(REPRICED)
    m = value_of(g, REPRICED)
    # (9 − 3) × 100,000 = 600,000, all Type I (nothing is forfeited)
    assert (m.before, m.after, m.incremental, m.shares) == (
        Decimal("3.00"),
        Decimal("9.00"),
        Decimal("6.00"),
        100_000,
    )
    assert (m.cost, m.type, m.kind) == (Decimal("600000.00"), "I", "repricing")
    # the original cost, 1,200,000 over the 1,096 days 2024-01-01 … 2026-12-31; the
    # incremental 600,000 over the 550 days 2025-06-30 … 2026-12-31 (the remaining 1.5 years)
    on = D(2025, 12, 31)
    original = Fraction(1_200_000) * ((on - D(2024, 1, 1)).days + 1) / 1096
    extra = Fraction(600_000) * ((on - D(2025, 6, 30)).days + 1) / 550
    assert cumulative(g, "12.00", on) == cents(original + extra)
    # the day before: 2024-01-01 … 2025-06-29 is 546 days of the original cost alone
    assert cumulative(g, "12.00", D(2025, 6, 29)) == cents(Fraction(1_200_000) * 546 / 1096)
    # everything by the vest date: shares × (grant-date + incremental fair value)
    assert cumulative(g, "12.00", D(2027, 1, 1)) == Decimal("1800000.00")
    assert cumulative(g, "12.00", D(2027, 1, 1), "straight-line") == Decimal("1800000.00")


def test_the_issue_case_through_the_commands(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    path = tmp_path / "h.toml"
    path.write_text(
        '[[grant]]\nid = "h"\nkind = "NSO"\nshares = 100_000\ngrant_date = 2024-01-01\n'
        'exercise_price = "50.00"\nfair_value = "12.00"\nlength = "36m"\nevery = "36m"\n'
        'events = [ { type = "repricing", date = 2025-06-30, exercise_price = "30.00", '
        'fair_value = "9.00", fair_value_before = "3.00" } ]\n'
    )
    rows = csv_rows(ok("fair-value", str(path), "--csv").stdout)
    grant, mod, total = rows
    assert (grant["row"], grant["total_fair_value"]) == ("grant", "1200000.00")
    assert (mod["row"], mod["modification_date"], mod["modification_type"]) == (
        "modification",
        "2025-06-30",
        "I",
    )
    assert (mod["fair_value_before"], mod["fair_value"], mod["incremental_cost"]) == (
        "3.00",
        "9.00",
        "600000.00",
    )
    assert (mod["exercise_price"], mod["shares"]) == ("30.00", "100000")
    assert (total["total_fair_value"], total["incremental_cost"]) == ("1200000.00", "600000.00")
    years = csv_rows(
        ok("expense", str(path), "--from", "2024-01-01", "--to", "2026-12-31", "--period", "year",
           "--csv").stdout
    )  # fmt: skip
    by_year = {r["period"]: r["expense"] for r in years if r["row"] == "grant"}
    # 2024: 1,200,000 × 366/1096; 2025: 1,200,000 × 365/1096 + 600,000 × 185/550
    first = cents(Fraction(1_200_000) * 366 / 1096)
    second = cents(Fraction(1_200_000) * 731 / 1096 + Fraction(600_000) * 185 / 550) - first
    assert (by_year["2024"], by_year["2025"]) == (str(first), str(second))
    assert sum(Decimal(x) for x in by_year.values()) == Decimal("1800000.00")


def test_incremental_cost_of_vested_shares_is_recognized_at_once() -> None:
    """A grant fully vested on 2027-01-01 repriced on 2027-06-01: all 600,000 that day."""
    late = v.Modification.repricing(D(2027, 6, 1), Decimal("30.00"),
                                    inputs=v.Pricing(fair_value=Decimal("9.00")),
                                    fair_value_before=Decimal("3.00"))  # fmt: skip
    g = horizon(late)
    assert cumulative(g, "12.00", D(2027, 5, 31)) == Decimal("1200000.00")
    assert cumulative(g, "12.00", D(2027, 6, 1)) == Decimal("1800000.00")


def test_graded_tranches_each_carry_their_own_incremental_cost() -> None:
    """40,000 options, 10,000 a year on each anniversary of 2020-01-01, grant-date value $5;
    modified 2022-01-01 ($2 before, $3.50 after: $1.50 more a share). On that day 20,000 have
    vested: 30,000 of incremental cost at once; the 2023 tranche's 15,000 over 365 days, the
    2024 tranche's 15,000 over 730 days (graded)."""
    annual = v.VestingTerms(length=v.Period.months(48), every=v.Period.months(12))
    m = v.Modification(D(2022, 1, 1), expiration=D(2031, 1, 1),
                       inputs=v.Pricing(fair_value=Decimal("3.50")),
                       fair_value_before=Decimal("2.00"))  # fmt: skip
    g = v.Grant("g", v.Kind.NSO, 40_000, D(2020, 1, 1), annual, exercise_price=Decimal(10),
                events=(m,))  # fmt: skip
    assert value_of(g, m).cost == Decimal("60000.00")  # 1.50 × 40,000
    plain = v.Grant("p", v.Kind.NSO, 40_000, D(2020, 1, 1), annual, exercise_price=Decimal(10))
    on = D(2022, 12, 31)  # 365 days of the 2023 tranche's incremental, 365 of the 2024's
    base = Recognizer(plain, Decimal(5)).by_period([Period("d", on, on)])[0].cumulative
    extra = 30_000 + Fraction(15_000) * 365 / 365 + Fraction(15_000) * 365 / 730
    got = cumulative(g, "5", on)
    assert abs(got - base - cents(Fraction(extra))) <= Decimal("0.01")  # two roundings
    assert cumulative(g, "5", D(2024, 1, 1)) == Decimal("260000.00")  # 40,000 × (5 + 1.50)


def test_a_modification_that_lowers_fair_value_adds_nothing() -> None:
    lower = v.Modification(D(2025, 6, 30), expiration=D(2030, 1, 1),
                           inputs=v.Pricing(fair_value=Decimal("2.00")),
                           fair_value_before=Decimal("3.00"))  # fmt: skip
    g = horizon(lower)
    m = value_of(g, lower)
    assert (m.incremental, m.cost) == (Decimal(0), Decimal("0.00"))
    for on in (D(2024, 12, 31), D(2025, 12, 31), D(2027, 1, 1)):
        assert cumulative(g, "12.00", on) == cumulative(horizon(), "12.00", on)


def test_type_iii_acceleration_on_a_separation_swaps_the_original_cost() -> None:
    """4,800 options from 2020-01-15 (standard terms: the cliff 1,200 on 2021-01-15, then 100 a
    month), grant-date value $10. Terminated 2021-06-20: 1,700 vested, 3,100 would be
    forfeited. The separation agreement that day accelerates them all, when an option is worth
    $4 (and the 1,700 vested ones are worth $4 before and after: no incremental value).
    Type III: the 3,100 cost 3,100 × 4 = 12,400 instead of 3,100 × 10; in all 1,700 × 10 +
    12,400 = 29,400."""
    day = D(2021, 6, 20)
    agreed = v.Modification(
        day,
        accelerate=v.Acceleration(day, percent=Fraction(1)),
        inputs=v.Pricing(fair_value=Decimal(4)),
        fair_value_before=Decimal(4),
    )
    g = v.Grant("s", v.Kind.NSO, 4800, D(2020, 1, 15), exercise_price=Decimal(1),
                events=(v.Termination(day), agreed))  # fmt: skip
    m = value_of(g, agreed)
    assert (m.type, m.shares, m.improbable, m.cost) == ("I, III", 4800, 3100, Decimal("12400.00"))
    assert v.evaluate(g, day).vested == 4800
    assert cumulative(g, "10", day) == Decimal("29400.00")
    assert cumulative(g, "10", D(2030, 1, 1)) == Decimal("29400.00")
    # the day before, the original cost as service went on (nothing known of the agreement)
    plain = v.Grant("p", v.Kind.NSO, 4800, D(2020, 1, 15), exercise_price=Decimal(1))
    before = day - dt.timedelta(days=1)
    assert cumulative(g, "10", before) == cumulative(plain, "10", before)


def _bs(s: float, k: float, t: float, r: float, q: float, sigma: float) -> Decimal:
    """Black–Scholes–Merton, written out here (not the library's), to 4 places."""
    d1 = (math.log(s / k) + (r - q + sigma**2 / 2) * t) / (sigma * math.sqrt(t))
    d2 = d1 - sigma * math.sqrt(t)

    def n(x: float) -> float:
        return (1 + math.erf(x / math.sqrt(2))) / 2

    c = s * math.exp(-q * t) * n(d1) - k * math.exp(-r * t) * n(d2)
    return Decimal(repr(c)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def test_black_scholes_on_the_modification_date_and_sab107_terms() -> None:
    """The horizon grant repriced on 2025-06-30 from $50 to $30 when the share is $30, 45%
    volatility, 4% risk-free, no dividends. Expected term sab107, from the remaining terms:
    the 100,000 unvested options vest 2027-01-01, 18 months after (2026-12-30) and 2 days:
    1.5 + 2/365 years; the contract ends 2034-01-01 (the grant date + 10 years), 102 months
    after (2033-12-30) and 2 days: 8.5 + 2/365. Term = (1.5 + 8.5 + 4/365) / 2 = 5 + 2/365 =
    5.00548 → 5.0055."""
    m = v.Modification.repricing(
        D(2025, 6, 30),
        Decimal("30.00"),
        inputs=v.Pricing(
            price=Decimal(30),
            volatility=Decimal("0.45"),
            risk_free_rate=Decimal("0.04"),
            dividend_yield=Decimal(0),
            expected_term="sab107",
        ),
    )
    g = horizon(m)
    got = value_of(g, m)
    assert got.expected_term == got.expected_term_before == Decimal("5.0055")
    assert got.before == _bs(30, 50, 5.0055, 0.04, 0, 0.45)
    assert got.after == _bs(30, 30, 5.0055, 0.04, 0, 0.45)
    assert got.incremental == got.after - got.before > 0
    assert got.cost == (got.incremental * 100_000).quantize(Decimal("0.01"))
    # an extension too: the modified award's own, longer contractual term
    longer = v.Modification(D(2025, 6, 30), exercise_price=Decimal(30), expiration=D(2035, 6, 30),
                            inputs=m.inputs)  # fmt: skip
    both = value_of(horizon(longer), longer)
    # to 2035-06-30 exactly 10 years: (1.5 + 2/365 + 10) / 2 = 5.75 + 1/365 = 5.75274 → 5.7527
    assert (both.expected_term_before, both.expected_term) == (
        Decimal("5.0055"),
        Decimal("5.7527"),
    )


def test_modification_inputs_default_to_the_grants_but_never_its_price() -> None:
    m = v.Modification.repricing(D(2025, 6, 30), Decimal("30.00"))
    g = v.Grant(
        "h", v.Kind.NSO, 100_000, D(2024, 1, 1), exercise_price=Decimal("50.00"),
        pricing=v.Pricing(price=Decimal(50), volatility=Decimal("0.45"),
                          risk_free_rate=Decimal("0.04"), dividend_yield=Decimal(0),
                          expected_term=Decimal(5)),
        events=(m,),
    )  # fmt: skip
    with pytest.raises(InputError) as e:
        value_of(g, m)
    (problem,) = e.value.problems
    assert problem.field == "repricing.price" and "modification date" in problem.allowed


def test_sab107_runs_to_the_last_day_of_exercise_so_a_window_extension_costs_something() -> None:
    """A departing holder's exercise window extended from 3 to 12 months (a separation
    agreement, PwC SC 4.3: an extension of the post-termination exercise period is a
    modification). 4,800 options at $8 from 2020-01-15 (standard terms), grant-date value $3;
    resigned 2021-06-20, when 1,700 have vested (the cliff's 1,200 on 2021-01-15, then 100 on
    the 15th of February to June) and the rest is forfeited. Share $10, 40% volatility, no
    rate, no dividends, sab107: with nothing left to vest the term is half the time left to
    exercise — before, to 2021-09-20 (3 months: 0.25 years) → 0.125; after, to 2022-06-20 (1
    year) → 0.5. Measured to the contractual expiration (2030-01-15) both terms would be the
    same and the extension would cost nothing."""
    day = D(2021, 6, 20)
    inputs = v.Pricing(
        price=Decimal(10),
        volatility=Decimal("0.40"),
        risk_free_rate=Decimal(0),
        dividend_yield=Decimal(0),
        expected_term="sab107",
    )
    longer = v.Modification(day, exercise_windows={"voluntary": v.Period.months(12)},
                            inputs=inputs)  # fmt: skip
    g = v.Grant("x", v.Kind.NSO, 4800, D(2020, 1, 15), exercise_price=Decimal(8),
                pricing=v.Pricing(fair_value=Decimal(3)),
                events=(v.Termination(day), longer))  # fmt: skip
    got = value_of(g, longer)
    assert (got.expected_term_before, got.expected_term) == (Decimal("0.1250"), Decimal("0.5000"))
    assert got.before == _bs(10, 8, 0.125, 0, 0, 0.40)
    assert got.after == _bs(10, 8, 0.5, 0, 0, 0.40)
    assert (got.shares, got.type) == (1_700, "I")  # all vested: Type I, nothing accelerated
    assert got.cost == ((got.after - got.before) * 1_700).quantize(Decimal("0.01"))
    assert got.cost > 0
    # vested options: the incremental cost is recognized on the modification date, on top of
    # the original cost of the 1,700 vested (the 3,100 forfeited reversed)
    assert cumulative(g, "3", day) == Decimal(1_700 * 3) + got.cost
