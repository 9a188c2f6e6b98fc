"""Accounting: fair value, ASC 718 expense, fiscal periods and dilution.

Every expected figure is worked out by hand in the comments (or by an independent formula
written here), never copied from the program's output.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal
from fractions import Fraction

import pytest
from helpers import DATA, TOML, invoke
from hypothesis import given
from hypothesis import strategies as st

from vesting import (
    Acceleration,
    Grant,
    InputError,
    Kind,
    Period,
    Pricing,
    Termination,
    VestingError,
    VestingTerms,
)
from vesting.accounting.dilution import dilution
from vesting.accounting.expense import Recognizer, expense
from vesting.accounting.fairvalue import (
    black_scholes,
    black_scholes_put,
    fair_value,
    sab107,
)
from vesting.accounting.years import periods, years_between

D = dt.date
M = Period.months


# ------------------------------------------------------------------------------ fair value


def test_hull_black_scholes_example() -> None:
    # Hull, Options, Futures and Other Derivatives: S=42, K=40, r=10%, σ=20%, T=0.5 → c = 4.76
    # (d1 = 0.7693, d2 = 0.6278; 4.7594 to four places)
    c = black_scholes(
        Decimal(42), Decimal(40), Decimal("0.5"), Decimal("0.1"), Decimal(0), Decimal("0.2")
    )
    assert c == Decimal("4.7594")
    # … and the put of the same example is 0.81 (Hull: p = 0.8086 to four places)
    assert black_scholes_put(
        Decimal(42), Decimal(40), Decimal("0.5"), Decimal("0.1"), Decimal(0), Decimal("0.2")
    ) == Decimal("0.8086")


def _money(low: str, high: str) -> st.SearchStrategy[Decimal]:
    return st.decimals(Decimal(low), Decimal(high), places=2, allow_nan=False, allow_infinity=False)


@given(
    s=_money("1", "500"),
    k=_money("1", "500"),
    t=st.decimals(Decimal("0.1"), Decimal("10"), places=2),
    r=st.decimals(Decimal("0"), Decimal("0.1"), places=3),
    q=st.decimals(Decimal("0"), Decimal("0.05"), places=3),
    sigma=st.decimals(Decimal("0.05"), Decimal("1.5"), places=2),
)
def test_put_call_parity(
    s: Decimal, k: Decimal, t: Decimal, r: Decimal, q: Decimal, sigma: Decimal
) -> None:
    c = black_scholes(s, k, t, r, q, sigma)
    p = black_scholes_put(s, k, t, r, q, sigma)
    forward = float(s) * math.exp(-float(q) * float(t)) - float(k) * math.exp(-float(r) * float(t))
    # each side is rounded to 4 places; the formula is evaluated in floats
    assert abs(float(c - p) - forward) <= 0.0002 + 1e-9 * float(s + k)
    assert c >= 0 and p >= 0


def test_sab107_simplified_term_for_25_percent_a_year_and_ten_years() -> None:
    # vesting terms 1, 2, 3, 4 years (a quarter each) → 2.5 on average; (2.5 + 10) / 2 = 6.25
    g = Grant("a", Kind.NSO, 10_000, D(2021, 7, 1), VestingTerms(length=M(48), every=M(12)))
    assert sab107(g) == Fraction(25, 4)


def test_sab107_per_tranche_terms() -> None:
    g = Grant(
        "a", Kind.NSO, 10_000, D(2021, 7, 1), VestingTerms(length=M(48), every=M(12)),
        exercise_price=Decimal(10),
        pricing=Pricing(price=Decimal(10), volatility=Decimal("0.3"), risk_free_rate=Decimal(0),
                        dividend_yield=Decimal(0), expected_term="sab107"),
    )  # fmt: skip
    fv = fair_value(g, per_tranche=True)
    # each tranche: (its years + 10) / 2 = 5.5, 6, 6.5, 7
    assert [t.expected_term for t in fv.tranches] == [Decimal(x) for x in ("5.5", "6", "6.5", "7")]
    # at-the-money with r = q = 0: C = S(2N(σ√T/2) − 1), an independent formula
    for t in fv.tranches:
        half = 0.3 * math.sqrt(float(t.expected_term)) / 2
        expected = 10 * (2 * 0.5 * math.erfc(-half / math.sqrt(2)) - 1)
        assert abs(float(t.per_share) - expected) < 0.00006
    whole = fair_value(g)
    assert whole.expected_term == Decimal("6.25")


def test_rsu_fair_value_is_the_price_less_dividends() -> None:
    terms = VestingTerms(length=M(24), every=M(24))  # one tranche, two years after the grant
    rsu = Grant("r", Kind.RSU, 500, D(2020, 1, 1), terms, pricing=Pricing(price=Decimal(100)))
    assert fair_value(rsu).per_share == Decimal(100)
    with_yield = Grant(
        "r", Kind.RSU, 500, D(2020, 1, 1), terms,
        pricing=Pricing(price=Decimal(100), dividend_yield=Decimal("0.02")),
    )  # fmt: skip
    # 100 × e^(−0.02 × 2) = 100 × 0.9607894… = 96.0789
    assert fair_value(with_yield).per_share == Decimal("96.0789")


def test_given_fair_value_is_used_as_is_and_missing_inputs_are_named() -> None:
    g = Grant("g", Kind.NSO, 3, D(2020, 1, 1), exercise_price=Decimal(1),
              pricing=Pricing(fair_value=Decimal("1.005")))  # fmt: skip
    fv = fair_value(g)
    assert fv.method == "given" and fv.per_share == Decimal("1.005")
    assert fv.total == Decimal("3.02")  # 3.015 → half up
    bare = Grant("b", Kind.NSO, 3, D(2020, 1, 1), exercise_price=Decimal(1),
                 pricing=Pricing(price=Decimal(1), volatility=Decimal("0.2")))  # fmt: skip
    with pytest.raises(InputError) as e:
        fair_value(bare)
    assert [p.field for p in e.value.problems] == [
        "risk_free_rate",
        "dividend_yield",
        "expected_term",
    ]


def test_rates_are_bounded_and_never_guessed() -> None:
    with pytest.raises(VestingError, match="volatility"):
        Pricing(volatility=Decimal(20))  # 2000%: surely meant 20%, but not guessed
    result = invoke(
        "fair-value", "--grant-price", "42", "--strike", "40", "--volatility", "20",
        "--risk-free", "10%", "--dividend-yield", "0", "--expected-term", "0.5",
    )  # fmt: skip
    assert result.exit_code == 2 and "--volatility" in result.stderr
    assert "Traceback" not in result.stderr


def test_fair_value_command_ad_hoc() -> None:
    result = invoke(
        "fair-value", "--grant-price", "42", "--strike", "40", "--volatility", "20%",
        "--risk-free", "10%", "--dividend-yield", "0", "--expected-term", "0.5", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    grant = json.loads(result.stdout)["rows"][0]
    assert grant["fair_value"] == "4.7594" and grant["expected_term"] == "0.5"
    missing = invoke("fair-value", "--grant-price", "42", "--strike", "40", "--volatility", "20%")
    assert missing.exit_code == 2
    assert "risk_free_rate" in missing.stderr or "--risk-free" in missing.stderr


def test_old_spellings_of_valuation_inputs_name_the_new_flags() -> None:
    """--price is the market price in every command and --term an ad-hoc grant's contractual
    term: in fair-value the old spellings are errors that name --grant-price and
    --expected-term."""
    old_price = invoke("fair-value", "--price", "42", "--strike", "40")
    assert old_price.exit_code == 2 and "--grant-price" in old_price.stderr
    old_term = invoke("fair-value", "--grant-price", "42", "--term", "0.5")
    assert old_term.exit_code == 2 and "--expected-term" in old_term.stderr
    sab = invoke(
        "expense", "--shares", "1", "--grant-date", "2020-01-01", "--term", "sab107",
        "--from", "2020-01-01", "--to", "2020-12-31",
    )  # fmt: skip
    assert sab.exit_code == 2 and "--expected-term" in sab.stderr


# -------------------------------------------------------------------------------- periods


def test_fiscal_periods_with_a_march_year_end() -> None:
    year = periods(D(2006, 4, 1), D(2007, 3, 31), "quarter", 3)
    assert [(p.label, p.start, p.end) for p in year] == [
        ("FY2007 Q1", D(2006, 4, 1), D(2006, 6, 30)),
        ("FY2007 Q2", D(2006, 7, 1), D(2006, 9, 30)),
        ("FY2007 Q3", D(2006, 10, 1), D(2006, 12, 31)),
        ("FY2007 Q4", D(2007, 1, 1), D(2007, 3, 31)),
    ]
    # the boundary: 31 March 2007 closes fiscal 2007, 1 April opens fiscal 2008
    (p1, p2) = periods(D(2007, 3, 31), D(2007, 4, 1), "year", 3)
    assert (p1.label, p1.start, p1.end) == ("FY2007", D(2007, 3, 31), D(2007, 3, 31))
    assert (p2.label, p2.start, p2.end) == ("FY2008", D(2007, 4, 1), D(2007, 4, 1))
    # calendar years by default
    assert [p.label for p in periods(D(2021, 2, 3), D(2022, 1, 1), "year")] == ["2021", "2022"]
    assert [p.label for p in periods(D(2021, 12, 31), D(2022, 1, 1), "month")] == [
        "2021-12",
        "2022-01",
    ]


def test_years_between_counts_whole_months_then_days() -> None:
    assert years_between(D(2021, 7, 1), D(2025, 7, 1)) == 4
    assert years_between(D(2021, 1, 15), D(2021, 3, 1)) == Fraction(1, 12) + Fraction(14, 365)
    assert years_between(D(2020, 1, 31), D(2020, 2, 29)) == Fraction(1, 12)  # month-end


# -------------------------------------------------------------------------------- expense


def test_first_tranche_known_answer() -> None:
    # 10,000 options at $1 granted 2021-07-01, 2,500 on each of the next four anniversaries:
    # the first tranche earns 184/365 of $2,500 = $1,260.27 in calendar 2021
    g = Grant("a", Kind.NSO, 10_000, D(2021, 7, 1), VestingTerms(length=M(48), every=M(12)))
    r = Recognizer(g, Decimal(1))
    # graded attribution spreads each tranche over its own service, so the first tranche earns
    # what a grant of its 2,500 shares alone, vesting on 2022-07-01, earns: 184 of 365 days
    first = Fraction(2500) * Fraction(184, 365)  # 1,260.274 → 1,260.27
    alone = Grant("t", Kind.NSO, 2_500, D(2021, 7, 1), VestingTerms(length=M(12), every=M(12)))
    assert Recognizer(alone, Decimal(1)).standing(D(2021, 12, 31)).recognized == first
    (year_alone,) = expense(alone, Decimal(1), periods(D(2021, 1, 1), D(2021, 12, 31), "year"))
    assert year_alone.expense == Decimal("1260.27")
    # the whole 2021 graded figure: 2,500 × 184 × (1/365 + 1/730 + 1/1096 + 1/1461)
    days = (365, 730, 1096, 1461)
    total = 2500 * 184 * sum((Fraction(1, n) for n in days), Fraction(0))
    assert r.standing(D(2021, 12, 31)).recognized == total
    (year,) = expense(g, Decimal(1), periods(D(2021, 1, 1), D(2021, 12, 31), "year"))
    assert year.expense == Decimal("2624.97")  # 1260.27 + 630.14 + 419.71 + 314.85 (exact sum)


THREE = VestingTerms(length=M(36), every=M(12))
"""1,200 shares granted 2021-01-01: 400 on 2022-01-01, 2023-01-01 and 2024-01-01 (service
spans 365, 730 and 1,095 days)."""


def _quarters(g: Grant, attribution: str) -> dict[str, tuple[str, str]]:
    rows = expense(g, Decimal(1), periods(D(2021, 1, 1), D(2024, 3, 31), "quarter"), attribution)
    return {p.period.label: (str(p.expense), str(p.cumulative)) for p in rows}


def test_expense_table_graded_and_straight_line() -> None:
    g = Grant("g", Kind.NSO, 1_200, D(2021, 1, 1), THREE)
    graded = _quarters(g, "graded")
    # 2021-12-31 (365 days): 400 + 400·365/730 + 400·365/1095 = 400 + 200 + 133.33 = 733.33
    assert graded["2021 Q4"][1] == "733.33"
    # 2022-06-30 (546 days): 400 + 400·546/730 + 400·546/1095 = 400 + 299.18 + 199.45
    assert graded["2022 Q2"][1] == "898.63"
    # 2022-12-31 (730 days): 800 + 400·730/1095 = 1066.67; then all 1,200 on 2024-01-01
    assert graded["2022 Q4"][1] == "1066.67"
    assert graded["2023 Q4"][1] == "1200.00" and graded["2024 Q1"] == ("0.00", "1200.00")
    # Q1 2021 (90 days): 400·90/365 + 400·90/730 + 400·90/1095 = 98.63 + 49.32 + 32.88
    assert graded["2021 Q1"] == ("180.82", "180.82")
    straight = _quarters(g, "straight-line")
    # 1,200 over 1,095 days: 2021-03-31 → 1200·90/1095 = 98.63; 2021-12-31 → 400.00
    assert straight["2021 Q1"] == ("98.63", "98.63")
    assert straight["2021 Q4"][1] == "400.00"
    # 2022-06-30 → 1200·546/1095 = 598.36 (above the 400 vested)
    assert straight["2022 Q2"][1] == "598.36"
    assert straight["2023 Q4"][1] == "1200.00"


def test_termination_reverses_unvested_cost_in_its_period() -> None:
    g = Grant("g", Kind.NSO, 1_200, D(2021, 1, 1), THREE,
              events=(Termination(D(2022, 7, 1)),))  # fmt: skip
    graded = _quarters(g, "graded")
    # up to Q2 2022 as without the termination (898.63); from 2022-07-01 only the 400 vested
    # shares count: Q3 expense = 400 − 898.63 = −498.63, nothing after
    assert graded["2022 Q2"][1] == "898.63"
    assert graded["2022 Q3"] == ("-498.63", "400.00")
    assert graded["2023 Q4"] == ("0.00", "400.00")
    straight = _quarters(g, "straight-line")
    assert straight["2022 Q3"] == ("-198.36", "400.00")  # 400 − 598.36


def test_acceleration_recognises_the_rest_on_its_date() -> None:
    g = Grant("g", Kind.NSO, 1_200, D(2021, 1, 1), THREE,
              events=(Acceleration(D(2022, 7, 1), percent=Fraction(1)),))  # fmt: skip
    graded = _quarters(g, "graded")
    assert graded["2022 Q3"] == ("301.37", "1200.00")  # 1200 − 898.63
    straight = _quarters(g, "straight-line")
    assert straight["2022 Q3"] == ("601.64", "1200.00")  # 1200 − 598.36


def test_estimated_forfeiture_rate_with_true_up_at_vesting() -> None:
    one = VestingTerms(length=M(12), every=M(12))  # 1,000 shares vest on 2022-01-01
    g = Grant("f", Kind.NSO, 1_000, D(2021, 1, 1), one)
    r = Recognizer(g, Decimal(1), forfeiture_rate=Decimal("0.1"))
    # a year to vest at 10% a year: 90% expected; half-way (2021-07-02, day 183 of 365)
    s = r.standing(D(2021, 7, 2))
    assert s.expected == 900
    assert s.recognized == Fraction(900) * Fraction(183, 365)
    # vested: the true-up to the full 1,000
    assert r.standing(D(2022, 1, 1)).recognized == 1000


def test_unrecognized_cost_and_remaining_period() -> None:
    g = Grant("g", Kind.NSO, 1_200, D(2021, 1, 1), THREE)
    rows = expense(g, Decimal(1), periods(D(2021, 1, 1), D(2021, 12, 31), "year"))
    (year,) = rows
    # 1,200 − 733.33 = 466.67 left: 200 of tranche 2 (1 year to go), 266.67 of tranche 3 (2)
    assert year.unrecognized == Decimal("466.67")
    weighted = (200 * 1 + Fraction(800, 3) * 2) / (200 + Fraction(800, 3))
    assert year.remaining_years == weighted  # = 1.571…


EVERY = st.sampled_from([
    VestingTerms(length=M(48), every=M(1), cliff=M(12)),
    VestingTerms(length=M(48), every=M(12)),
    VestingTerms(length=M(36), every=M(3)),
    VestingTerms(length=M(12), every=M(1)),
    VestingTerms(length=M(24), every=M(6), cliff=M(6)),
])  # fmt: skip


@given(
    terms=EVERY,
    shares=st.integers(1, 100_000),
    fv=_money("0.01", "50"),
    day=st.integers(0, 3000),
    attribution=st.sampled_from(["graded", "straight-line"]),
)
def test_expense_properties(
    terms: VestingTerms, shares: int, fv: Decimal, day: int, attribution: str
) -> None:
    from vesting import vested

    g = Grant("p", Kind.NSO, shares, D(2020, 3, 17), terms)
    on = D(2020, 3, 17) + dt.timedelta(days=day)
    graded = Recognizer(g, fv, "graded").standing(on).recognized
    straight = Recognizer(g, fv, "straight-line").standing(on).recognized
    vested_cost = Fraction(fv) * vested(g, on)
    assert graded >= straight >= vested_cost
    # over the grant's life both total fair value × vested shares
    end = D(2020, 3, 17) + dt.timedelta(days=3000)
    assert Recognizer(g, fv, attribution).standing(end).recognized == Fraction(fv) * shares
    # period expenses add up to the cumulative exactly
    rows = expense(g, fv, periods(D(2020, 1, 1), on, "quarter"), attribution)
    assert sum((r.expense for r in rows), Decimal(0)) == rows[-1].cumulative


# ------------------------------------------------------------------------------- dilution


def test_dilution_of_the_reference_grants() -> None:
    # 2,500,000 against 104,214,049: 2.3989…% of outstanding, 2.3427…% fully diluted
    d = dilution(2_500_000, 104_214_049)
    assert d.of_outstanding == Fraction(2_500_000, 104_214_049)
    assert d.fully_diluted == Fraction(2_500_000, 106_714_049)
    result = invoke(
        "status", TOML, "--as-of", "2008-06-30", "--shares-outstanding", "104,214,049", "--json"
    )
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["rows"]
    total = rows[-1]
    assert (total["percent_of_outstanding"], total["fully_diluted_percent"]) == ("2.40", "2.34")
    # the option alone: 2,000,000 / 104,214,049 = 1.919…%; / 106,214,049 = 1.883…%
    assert (rows[0]["percent_of_outstanding"], rows[0]["fully_diluted_percent"]) == (
        "1.92",
        "1.88",
    )
    bad = invoke("status", TOML, "--shares-outstanding", "0")
    assert bad.exit_code == 2 and "--shares-outstanding" in bad.stderr


def test_value_dilution_columns_and_none_without_the_option() -> None:
    # without the option (and a file without company settings) there are no dilution figures
    plain_file = str(DATA / "grants-no-company.toml")
    none = ["value", plain_file, "--as-of", "2008-06-30", "--price", "45", "--json"]
    plain = json.loads(invoke(*none).stdout)["rows"]
    assert all(r["percent_of_outstanding"] is None for r in plain)
    # the example file's company table gives 104,214,049: 500,000 RSUs → 0.4797…% = 0.48
    args = ["value", TOML, "--as-of", "2008-06-30", "--price", "45", "--json"]
    company = json.loads(invoke(*args).stdout)["rows"]
    assert company[1]["percent_of_outstanding"] == "0.48"
    rows = json.loads(invoke(*args, "--shares-outstanding", "1000000").stdout)["rows"]
    # 500,000 RSUs against 1,000,000: 50.00%; fully diluted 500,000 / 1,500,000 = 33.33%
    assert (rows[1]["percent_of_outstanding"], rows[1]["fully_diluted_percent"]) == (
        "50.00",
        "33.33",
    )


# ------------------------------------------------------------------------------ commands


def test_expense_command_on_the_example_fiscal_years() -> None:
    args = ["expense", TOML, "--from", "2006-04-01", "--to", "2011-03-31", "--period", "year",
            "--fiscal-year-end", "3"]  # fmt: skip
    doc = json.loads(invoke(*args, "--json").stdout)
    totals = [r for r in doc["rows"] if r["row"] == "total"]
    assert [r["period"] for r in totals] == ["FY2007", "FY2008", "FY2009", "FY2010", "FY2011"]
    # the RSU: 500,000 × $30 (the illustrative grant-date price) = $15,000,000 in all
    rsu = [r for r in doc["rows"] if r["grant_id"] == "ceo-2006-rsu"]
    assert rsu[-1]["cumulative_expense"] == "15000000.00"
    # FY2007 (2006-12-18 … 2007-03-31 is 104 days): 125,000 × 30 × 104 × (1/365 + 1/731 +
    # 1/1096 + 1/1461) — anniversaries 2007-12-18 (365 days), 2008 (731: a leap day), …
    first = Fraction(125_000 * 30 * 104) * (
        Fraction(1, 365) + Fraction(1, 731) + Fraction(1, 1096) + Fraction(1, 1461)
    )
    assert Decimal(rsu[0]["expense"]) == Decimal(round(first * 100)) / 100
    assert doc["unrecognized"] == "0.00" and doc["remaining_years"] is None
    table = invoke(*args)
    assert table.exit_code == 0 and "Estimates" in table.stdout
    missing = invoke("expense", TOML)
    assert missing.exit_code == 2 and "--from" in missing.stderr and "--to" in missing.stderr


def test_double_trigger_rsus_cost_nothing_before_the_liquidity_event() -> None:
    from vesting import NamedEvent

    annual = VestingTerms(length=M(48), every=M(12), settle_on="ipo")
    g = Grant("d", Kind.RSU, 400, D(2020, 1, 1), annual, events=(NamedEvent("ipo", D(2022, 1, 1)),))
    r = Recognizer(g, Decimal(10))
    assert r.standing(D(2021, 12, 31)).recognized == 0
    # on the IPO (day 732 of service): 2020-2021 tranches vested (100 + 100 shares, $2,000)
    # and the rest earned so far: 100·10·732/1096 + 100·10·732/1461
    on_ipo = r.standing(D(2022, 1, 1)).recognized
    assert on_ipo == 2000 + Fraction(1000 * 732, 1096) + Fraction(1000 * 732, 1461)
