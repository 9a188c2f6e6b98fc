"""``expense`` total rows follow the grant rows' rules, and money in its notes carries the
currency (issue 19.6).

Two RSUs granted 2020-01-01 at a grant-date price of $10.00, 100 shares each, each vesting
in one tranche: A on 2022-01-01 (service 2020-01-01 … 2021-12-31: 366 + 365 = 731 days), B on
2023-01-01 (1,096 days). Graded attribution, each $1,000 spread evenly over its days; the
grant date is day 1, so at the end of 2020 366 days have passed, at the end of 2021 731.

* end of 2020: A 1000 × 366/731 = 500.6839… → $500.68 (left $499.32, 1 year to
  2021-12-31); B 1000 × 366/1096 = 333.9416… → $333.94 (left $666.06, 2 years to
  2022-12-31). Total left $1,165.38 over (499.32 × 1 + 666.06 × 2) / 1165.38 = 1831.44 /
  1165.38 = 1.5715… → 1.57 years.
* end of 2021: A all $1,000.00 (nothing left: no period); B 1000 × 731/1096 = 666.9708… →
  $666.97 (left $333.03, 1 year). 2021 expense: A 1000 − 500.68 = 499.32, B 666.97 − 333.94
  = 333.03, total 832.35. Total left $333.03 over 1.00 year.

The remaining period is disclosed as of the end of the range, so the grant rows carry it on
the last period only — and so do the totals (``-``, an empty CSV cell, elsewhere).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import TOML, csv_rows, ok

GRANTS = """\
schema_version = 1

[defaults]
grant_date = 2020-01-01
grant_date_price = "10.00"
kind = "RSU"
shares = 100

[[grant]]
id = "a"
terms = { length = "24m", every = "24m" }

[[grant]]
id = "b"
terms = { length = "36m", every = "36m" }
"""

COLUMNS = "grant_id,period,expense,cumulative_expense,unrecognized,remaining_years"


@pytest.fixture
def grants(tmp_path: Path) -> str:
    path = tmp_path / "two.toml"
    path.write_text(GRANTS)
    return str(path)


def two_years(grants: str, *more: str) -> list[str]:
    return [
        "expense", grants, "--from", "2020-01-01", "--to", "2021-12-31", "--period", "year",
        *more,
    ]  # fmt: skip


def test_csv_total_rows_follow_the_grant_rows(grants: str) -> None:
    rows = csv_rows(ok(*two_years(grants, "--csv")).stdout)
    got = [
        (r["row"], r["grant_id"], r["period"], r["expense"], r["cumulative_expense"],
         r["unrecognized"], r["remaining_years"])
        for r in rows
    ]  # fmt: skip
    assert got == [
        ("grant", "a", "2020", "500.68", "500.68", "499.32", ""),
        ("grant", "a", "2021", "499.32", "1000.00", "0.00", ""),
        ("grant", "b", "2020", "333.94", "333.94", "666.06", ""),
        ("grant", "b", "2021", "333.03", "666.97", "333.03", "1.00"),
        ("total", "", "2020", "834.62", "834.62", "1165.38", ""),  # was "0.00"
        ("total", "", "2021", "832.35", "1666.97", "333.03", "1.00"),
    ]


def test_table_total_rows_and_the_note_with_its_currency(grants: str) -> None:
    text = ok(*two_years(grants, "--columns", COLUMNS)).stdout
    lines = [line.split() for line in text.splitlines()]
    assert ["a", "2020", "$500.68", "$500.68", "$499.32", "-"] in lines
    assert ["TOTAL", "2020", "$834.62", "$834.62", "$1,165.38", "-"] in lines  # not 0.00
    assert ["b", "2021", "$333.03", "$666.97", "$333.03", "1.00"] in lines
    assert ["TOTAL", "2021", "$832.35", "$1,666.97", "$333.03", "1.00"] in lines
    flat = " ".join(text.split())
    assert (
        "As of 2021-12-31: unrecognized compensation cost $333.03, to be recognized over a "
        "weighted-average 1.00 years." in flat
    )
    euros = " ".join(ok(*two_years(grants, "--currency", "€")).stdout.split())
    assert "unrecognized compensation cost €333.03," in euros


def test_one_period_total_is_the_weighted_average(grants: str) -> None:
    args = ["expense", grants, "--from", "2020-01-01", "--to", "2020-12-31", "--period", "year"]
    rows = csv_rows(ok(*args, "--csv").stdout)
    assert [(r["grant_id"], r["unrecognized"], r["remaining_years"]) for r in rows] == [
        ("a", "499.32", "1.00"),
        ("b", "666.06", "2.00"),
        ("", "1165.38", "1.57"),  # 1831.44 / 1165.38 = 1.5715…
    ]
    flat = " ".join(ok(*args, "--currency", "CHF ").stdout.split())
    assert "unrecognized compensation cost CHF 1,165.38, to be recognized over a" in flat
    assert "weighted-average 1.57 years." in flat


def test_the_example_fiscal_years() -> None:
    """The issue's command: FY2007 … FY2011 on the reference grants. Every grant row has
    cost left before FY2011 but no remaining period (it is disclosed for the last period
    only), so no total row has one either; both grants' last tranches vest on 2010-12-18, so
    at the end of FY2011 (2011-03-31) nothing is left: $0.00, and no period."""
    args = ["expense", TOML, "--from", "2006-04-01", "--to", "2011-03-31",
            "--period", "year", "--fiscal-year-end", "3"]  # fmt: skip
    rows = csv_rows(ok(*args, "--csv").stdout)
    assert [r["remaining_years"] for r in rows] == [""] * len(rows)
    text = " ".join(ok(*args).stdout.split())
    assert "As of 2011-03-31: unrecognized compensation cost $0.00." in text
    assert " 0.00 " not in text.split("Estimates")[0]  # no bare remaining years on a total


def test_a_grant_without_a_period_does_not_pull_the_average_down(tmp_path: Path) -> None:
    """A double-trigger RSU before its liquidity event: its whole $1,000 is unrecognized but
    on no schedule, so its row has no remaining period; the total's average is over the grant
    rows that have one — A's 1.00, not 499.32 × 1 / (499.32 + 1000.00) = 0.33."""
    path = tmp_path / "double.toml"
    path.write_text(
        GRANTS.split('[[grant]]\nid = "b"')[0]
        + '[[grant]]\nid = "c"\nterms = { length = "24m", every = "24m", settle_on = "ipo" }\n'
    )
    args = ["expense", str(path), "--from", "2020-01-01", "--to", "2020-12-31", "--period", "year"]
    rows = csv_rows(ok(*args, "--csv").stdout)
    assert [(r["grant_id"], r["unrecognized"], r["remaining_years"]) for r in rows] == [
        ("a", "499.32", "1.00"),
        ("c", "1000.00", ""),
        ("", "1499.32", "1.00"),
    ]
