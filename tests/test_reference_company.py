"""The reference company end to end (issue 22.5): examples/company/grants.toml — its company
settings, the CEO's two grants and four others with income-statement lines — through the
10-Q table of expense by line and the diluted share count, every figure worked out here by an
independent statement of the rules (docs/expense.md), not read from the program."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import floor
from pathlib import Path

from dateutil.relativedelta import relativedelta
from helpers import invoke

ROOT = Path(__file__).parents[1]
FILE = str(ROOT / "examples" / "company" / "grants.toml")
PRICES = str(ROOT / "examples" / "company" / "prices.csv")
D = dt.date

# (id, line, shares, grant date, fair value, schedule) as the example file states them
GRANTS = [
    ("ceo-2006-option", "SG&A", 2_000_000, D(2006, 12, 18), "11.70", "standard"),
    ("ceo-2006-rsu", "SG&A", 500_000, D(2006, 12, 18), "30.00", "annual"),
    ("eng-2007-option", "R&D", 240_000, D(2007, 5, 15), "12.50", "standard"),
    ("eng-2007-rsu", "R&D", 60_000, D(2007, 8, 1), "33.00", "annual"),
    ("ops-2007-rsu", "COGS", 24_000, D(2007, 6, 15), "31.00", "cliff"),
    ("sales-2007-option", "SG&A", 100_000, D(2007, 10, 1), "13.10", "standard"),
]


def tranches(shares: int, granted: dt.date, shape: str) -> list[tuple[dt.date, int]]:
    """The vest dates and shares: standard = 25% after 12 months then 1/48 a month, annual =
    25% a year, cliff = all after 36 months; cumulative amounts rounded down."""
    if shape == "cliff":
        return [(granted + relativedelta(months=36), shares)]
    months = range(12, 49) if shape == "standard" else range(12, 49, 12)
    out, before = [], 0
    for m in months:
        upto = floor(Fraction(shares * m, 48))
        out.append((granted + relativedelta(months=m), upto - before))
        before = upto
    return out


def cumulative(grant: tuple[str, str, int, dt.date, str, str], on: dt.date) -> Decimal:
    """Graded attribution: each tranche's cost spread evenly over the days from the grant date
    (day 1) up to, not including, its vest date; rounded to cents, half up."""
    _, _, shares, granted, fv, shape = grant
    earned = Fraction(0)
    for vests, n in tranches(shares, granted, shape):
        served = Fraction((on - granted).days + 1, (vests - granted).days)
        earned += Fraction(Decimal(fv)) * n * min(Fraction(1), served)
    cents = Decimal(earned.numerator) / Decimal(earned.denominator)
    return cents.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_the_10q_table_of_expense_by_line() -> None:
    # FY2008 Q4 (the fiscal year ends 31 March: the file's company settings)
    start, end = D(2008, 1, 1), D(2008, 3, 31)
    result = invoke("expense", FILE, "--from", str(start), "--to", str(end), "--by", "line",
                    "--totals", "--csv")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["period"] for r in rows} == {"FY2008 Q4"}
    expected: dict[str, Decimal] = {}
    for g in GRANTS:
        spent = cumulative(g, end) - cumulative(g, start - dt.timedelta(days=1))
        expected[g[1]] = expected.get(g[1], Decimal(0)) + spent
    got = {r["line"]: Decimal(r["expense"]) for r in rows if r["row"] == "subtotal"}
    assert got == expected
    (total,) = [Decimal(r["expense"]) for r in rows if r["row"] == "total"]
    assert total == sum(expected.values())
    cum = {r["line"]: Decimal(r["cumulative_expense"]) for r in rows if r["row"] == "subtotal"}
    assert cum["COGS"] == cumulative(GRANTS[4], end)


def test_the_diluted_share_count() -> None:
    # the average price of FY2008 Q4: the mean of the file's three month-end prices in it
    average = (Fraction("33.80") + Fraction("32.60") + Fraction("31.90")) / 3
    result = invoke("diluted-shares", FILE, "--from", "2008-01-01", "--to", "2008-03-31",
                    "--prices", PRICES, "--csv")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = {r["grant_id"] or r["row"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    # ops-2007-rsu: 24,000 units outstanding all quarter; assumed proceeds = its unrecognized
    # cost, the mean of the quarter's start (end of 2007-12-31) and end (2008-03-31) values
    g = GRANTS[4]
    cost = Decimal(24_000) * Decimal("31.00")
    left = [cost - cumulative(g, D(2007, 12, 31)), cost - cumulative(g, D(2008, 3, 31))]
    proceeds = (Fraction(left[0]) + Fraction(left[1])) / 2
    incremental = 24_000 - proceeds / Fraction(floor(average * 10**10 + Fraction(1, 2)), 10**10)
    assert int(rows["ops-2007-rsu"]["incremental_shares"]) == floor(incremental + Fraction(1, 2))
    # the CEO option at $30.00 with $11.70 a share of cost mostly left: proceeds per share
    # above the $32.77 average price, so anti-dilutive
    assert rows["ceo-2006-option"]["antidilutive_shares"] == "2000000"
    # basic shares from the company settings: 104,214,049 every day
    assert rows["total"]["basic_shares"] == "104214049"
    net = invoke("diluted-shares", FILE, "--from", "2008-01-01", "--to", "2008-03-31",
                 "--prices", PRICES, "--net-loss", "--csv")  # fmt: skip
    total = list(csv.DictReader(io.StringIO(net.stdout)))[-1]
    assert total["diluted_shares"] == total["basic_shares"] == "104214049"


def test_the_fiscal_year_disclosure_tables() -> None:
    # FY2008 (2007-04-01 .. 2008-03-31: the file's fiscal year end), prices from the file:
    # the period's end price is 2008-03-31's $31.90
    result = invoke("disclose", FILE, "--fiscal-year", "2008", "--prices", PRICES, "--csv")
    assert result.exit_code == 0, result.stderr
    rows = {(r["table"], r["row"]): r for r in csv.DictReader(io.StringIO(result.stdout))}
    opt = {k[1]: v for k, v in rows.items() if k[0] == "options"}
    # at the start only the CEO option (2,000,000 at $30.00); granted in the year: 240,000 at
    # $32.00 and 100,000 at $35.00 — weighted (7,680,000 + 3,500,000) / 340,000 = 32.88
    assert (opt["outstanding_start"]["shares"], opt["granted"]["shares"]) == ("2000000", "340000")
    assert opt["granted"]["weighted_average_exercise_price"] == "32.88"
    assert opt["outstanding_end"]["shares"] == str(2_000_000 + 240_000 + 100_000)
    # exercisable at the end: the CEO option's 25% + 3/48 = 15/48 of 2,000,000 = 625,000; the
    # others are not a year old. Intrinsic value: only the CEO option is in the money,
    # (31.90 − 30.00) × 2,000,000 = 3,800,000.00 (the end row) and × 625,000 = 1,187,500.00
    assert opt["exercisable_end"]["shares"] == "625000"
    assert opt["outstanding_end"]["aggregate_intrinsic_value"] == "3800000.00"
    assert opt["exercisable_end"]["aggregate_intrinsic_value"] == "1187500.00"
    rsu = {k[1]: v for k, v in rows.items() if k[0] == "nonvested"}
    # RSUs: 500,000 at the start; 60,000 + 24,000 granted; the CEO's first 25% (125,000)
    # vested on 2007-12-18; 500,000 + 84,000 − 125,000 = 459,000 at the end
    lines = ("nonvested_start", "granted", "vested", "nonvested_end")
    assert [rsu[k]["shares"] for k in lines] == ["500000", "84000", "125000", "459000"]
    # granted RSUs' weighted grant-date fair value: (60,000 × 33 + 24,000 × 31) / 84,000
    assert rsu["granted"]["weighted_average_grant_date_fair_value"] == "32.43"
