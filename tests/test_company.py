"""Company settings (issue 22.1) and subtotals by a field (issue 22.2): the ``[company]``
table's forms, dated shares outstanding, the flags that override it, ``--by`` and ``--totals``,
and the bad input of issue 22.6. Every figure is worked out in the test."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import invoke
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import vesting as v
from vesting.errors import InputError, VestingError
from vesting.io.company import parse_fiscal_year_end
from vesting.io.documents import company_of

D = dt.date

HEAD = """
[company]
name = "Example Corp"
fiscal_year_end = "March 31"
shares_outstanding = "104,214,049"
currency = "eur"
"""

GRANTS = """
[[grant]]
id = "a"
kind = "NSO"
shares = 1000
grant_date = 2006-12-18
exercise_price = "30.00"
line = "R&D"
department = "eng"

[[grant]]
id = "b"
kind = "RSU"
shares = 400
grant_date = 2006-12-18
line = "SG&A"

[[grant]]
id = "c"
kind = "NSO"
shares = 2000
grant_date = 2007-01-18
exercise_price = "30.00"
line = "R&D"

[[grant]]
id = "d"
kind = "RSU"
shares = 100
grant_date = 2007-01-18
"""


def write(tmp_path: Path, text: str, name: str = "g.toml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def rows(*args: str) -> list[dict[str, str]]:
    result = invoke(*args, "--csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def error(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    return result.stderr


# ------------------------------------------------------------------------ the company table


def test_the_company_table_in_toml_and_json(tmp_path: Path) -> None:
    found = company_of(write(tmp_path, HEAD + GRANTS))
    assert found == v.Company("Example Corp", 3, v.SharesOutstanding.of(104_214_049), "EUR")
    assert found is not None and found.symbol() == "€"
    doc = {
        "company": {
            "fiscal_year_end": 6,
            "shares_outstanding": [
                {"date": "2008-01-01", "shares": 1000},
                {"date": "2008-07-01", "shares": 3000},
            ],
        },
        "grants": [],
    }
    found = company_of(write(tmp_path, json.dumps(doc), "g.json"))
    assert found is not None and found.fiscal_year_end == 6 and found.symbol() is None
    assert found.shares_outstanding is not None
    assert found.shares_outstanding.on(D(2008, 6, 30)) == 1000
    assert found.shares_outstanding.on(D(2008, 7, 1)) == 3000
    # the grants of the file read as before (the document is parsed once: kept for the read)
    assert [g.id for g in v.io.read(write(tmp_path, HEAD + GRANTS))] == ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    ("text", "month"),
    [(3, 3), ("3", 3), ("March", 3), ("mar", 3), ("03-31", 3), ("--03-31", 3),
     ("March 31", 3), ("31 March", 3), ("December", 12), ("Feb 28", 2), ("02-29", 2),
     ("Sept", 9), ("June 30", 6)],
)  # fmt: skip
def test_fiscal_year_end_forms(text: object, month: int) -> None:
    assert parse_fiscal_year_end(text) == month


@pytest.mark.parametrize("text", [0, 13, "13", "March 30", "06-15", "Marchember", True, "2-30"])
def test_a_fiscal_year_end_that_is_no_month_end_is_refused(text: object) -> None:
    with pytest.raises(InputError) as e:
        parse_fiscal_year_end(text)
    assert "fiscal years end on a month's last day" in str(e.value)


def test_shares_outstanding_averaged_over_a_period_by_days() -> None:
    # 1,000 from 2008-01-01, 3,000 from 2008-01-21: in January (31 days) 20 days of 1,000
    # and 11 of 3,000 → (20,000 + 33,000) / 31
    dated = v.SharesOutstanding(((D(2008, 1, 1), 1000), (D(2008, 1, 21), 3000)))
    assert dated.average(D(2008, 1, 1), D(2008, 1, 31)) == Fraction(53_000, 31)
    assert dated.average(D(2008, 2, 1), D(2008, 2, 29)) == 3000
    with pytest.raises(InputError, match="a date on or after 2008-01-01"):
        dated.on(D(2007, 12, 31))


def test_company_settings_are_the_defaults_of_every_command(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + GRANTS)
    # status: % of outstanding from the company's 104,214,049 shares; 1,000 / 104,214,049
    # = 0.00096%: written to two places, 0.00
    got = rows("status", path, "--as-of", "2008-06-30", "--grant", "a")
    assert got[0]["percent_of_outstanding"] == "0.00"
    # the flag overrides it: 1,000 of 4,000 outstanding = 25.00%; fully diluted 1,000 of
    # 5,000 = 20.00%
    got = rows("status", path, "--as-of", "2008-06-30", "--grant", "a",
               "--shares-outstanding", "4000")  # fmt: skip
    assert (got[0]["percent_of_outstanding"], got[0]["fully_diluted_percent"]) == ("25.00", "20.00")
    # expense: fiscal years ending in March (FY2008 = 2007-04-01 .. 2008-03-31)
    got = rows("expense", path, "--from", "2007-04-01", "--to", "2008-03-31", "--period",
               "year", "--fair-value", "10", "--grant", "a")  # fmt: skip
    assert got[0]["period"] == "FY2008"
    got = rows("expense", path, "--from", "2007-04-01", "--to", "2008-03-31", "--period",
               "year", "--fair-value", "10", "--grant", "a", "--fiscal-year-end", "12")  # fmt: skip
    assert [r["period"] for r in got if r["row"] == "grant"] == ["2007", "2008"]
    # money written with the company's currency in tables; --currency overrides it
    table = invoke("value", path, "--as-of", "2008-06-30", "--price", "40", "--grant", "a")
    assert "€3,750.00" in table.stdout  # 375 exercisable × (40 − 30)
    table = invoke("value", path, "--as-of", "2008-06-30", "--price", "40", "--grant", "a",
                   "--currency", "£")  # fmt: skip
    assert "£3,750.00" in table.stdout


def test_dated_shares_outstanding_are_used_as_of_each_date(tmp_path: Path) -> None:
    head = """
[company]
shares_outstanding = [ { date = 2007-01-01, shares = 4000 }, { date = 2008-01-01, shares = 9000 } ]
"""
    path = write(tmp_path, head + GRANTS)
    got = rows("status", path, "--as-of", "2007-06-30", "--as-of", "2008-06-30", "--grant", "a")
    # 1,000 / 4,000 = 25.00% in 2007; 1,000 / 9,000 = 11.11% in 2008
    assert [r["percent_of_outstanding"] for r in got if r["row"] == "grant"] == ["25.00", "11.11"]
    # a date before the first value has none
    said = error("status", path, "--as-of", "2006-12-31", "--grant", "a")
    assert "a date on or after 2007-01-01" in said
    # diluted-shares: basic = the average over the period by days; 2007-12-01..2008-01-31:
    # 31 days of 4,000 and 31 of 9,000 → 6,500
    got = rows("diluted-shares", path, "--from", "2007-12-01", "--to", "2008-01-31",
               "--average-price", "60", "--grant", "a", "--fair-value", "0")  # fmt: skip
    total = next(r for r in got if r["row"] == "total")
    assert total["basic_shares"] == "6500"


def test_export_names_the_company(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + GRANTS)
    out = tmp_path / "pkg"
    result = invoke("export", path, "-o", str(out), "--package-date", "2008-01-01")
    assert result.exit_code == 0, result.stderr
    issuer = json.loads((out / "Manifest.ocf.json").read_text())["issuer"]
    assert issuer["legal_name"] == "Example Corp"


@pytest.mark.parametrize(
    ("table", "said"),
    [
        (
            "shares_outstanding = [ { date = 2008-01-01, shares = 1 }, { date = 2008-01-01, "
            "shares = 2 } ]",
            "company.shares_outstanding[2].date: got '2008-01-01'; one value a "
            "date (2008-01-01 is given twice)",
        ),
        (
            "shares_outstanding = [ { date = 2008-02-01, shares = 1 }, { date = 2008-01-01, "
            "shares = 2 } ]",
            "a date after 2008-02-01 (the values in date order)",
        ),
        ("shares_outstanding = 0", "company.shares_outstanding: got 0; a whole number"),
        ('currency = "dollars"', "company.currency: got 'dollars'; an ISO 4217 code (USD)"),
        ('fiscal_year_end = "March 30"', "company.fiscal_year_end: got 'March 30'; a month"),
        ('nmae = "x"', "company.nmae: got 'x'; not a company setting — did you mean 'name'?"),
    ],
)
def test_bad_company_settings_are_one_located_line(tmp_path: Path, table: str, said: str) -> None:
    path = write(tmp_path, "[company]\n" + table + "\n" + GRANTS)
    line = error("status", path, "--as-of", "2008-06-30")
    assert line.startswith(f"error: {path}: ") and said in line
    with pytest.raises(VestingError):  # the library's reader says the same
        for entry in v.io.read(path):
            if entry.problems:
                raise InputError(list(entry.problems))


# ------------------------------------------------------------------------------- --by


def test_by_line_adds_a_subtotal_per_line_that_adds_up_to_the_total(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + GRANTS)
    got = rows("status", path, "--as-of", "2008-06-30", "--by", "line")
    subtotals = [r for r in got if r["row"] == "subtotal"]
    # lines in order, grants without one last: R&D (a, c), SG&A (b), none (d)
    assert [r["line"] for r in subtotals] == ["R&D", "SG&A", ""]
    # vested by hand on 2008-06-30, every grant on the default (standard) terms: 25% after a
    # year, then 1/48 a month, rounded down cumulatively. a: 1,000 × 18/48 = 375;
    # c (from 2007-01-18, 17 months): floor(2,000 × 17/48) = 708; b: 400 × 18/48 = 150;
    # d (from 2007-01-18): floor(100 × 17/48) = 35
    assert [int(r["vested"]) for r in subtotals] == [375 + 708, 150, 35]
    total = next(r for r in got if r["row"] == "total")
    assert int(total["vested"]) == 375 + 708 + 150 + 35
    only = rows("status", path, "--as-of", "2008-06-30", "--by", "line", "--totals")
    assert [r["row"] for r in only] == ["subtotal", "subtotal", "subtotal", "total"]
    assert only == [r for r in got if r["row"] != "grant"]
    # by one of the rows' own columns: kind
    got = rows("status", path, "--as-of", "2008-06-30", "--by", "kind", "--totals")
    assert [(r["kind"], r["granted"]) for r in got] == [
        ("NSO", "3000"),
        ("RSU", "500"),
        ("", "3500"),
    ]


def test_expense_by_line_is_the_table_a_10q_prints(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + GRANTS)
    got = rows("expense", path, "--from", "2007-04-01", "--to", "2008-03-31", "--period",
               "year", "--fair-value", "10", "--by", "line", "--totals")  # fmt: skip
    by_line = {r["line"]: Decimal(r["expense"]) for r in got if r["row"] == "subtotal"}
    total = [Decimal(r["expense"]) for r in got if r["row"] == "total"]
    assert set(by_line) == {"R&D", "SG&A", ""}
    assert total == [sum(by_line.values())]


@settings(max_examples=25, deadline=None)
@given(
    groups=st.lists(st.sampled_from(["R&D", "SG&A", "COGS", None]), min_size=1, max_size=8),
    shares=st.lists(st.integers(1, 10**9), min_size=8, max_size=8),
)
def test_groups_always_add_up_to_the_total(groups: list[str | None], shares: list[int]) -> None:
    assume(any(groups))  # (a field no grant has is an error: the next test)
    parts = []
    for i, (line, n) in enumerate(zip(groups, shares, strict=False)):
        kind = "NSO" if i % 2 else "RSU"
        price = 'exercise_price = "1.25"\n' if kind == "NSO" else ""
        tag = f'line = "{line}"\n' if line else ""
        parts.append(f'[[grant]]\nid = "g{i}"\nkind = "{kind}"\nshares = {n}\n'
                     f"grant_date = 2020-0{1 + i % 9}-15\n{price}{tag}")  # fmt: skip
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = write(Path(tmp), "\n".join(parts))
        for command in (["status", path], ["value", path, "--price", "3.10"]):
            got = rows(*command, "--as-of", "2022-02-28", "--as-of", "2023-06-30", "--by",
                       "line", "--totals")  # fmt: skip
            for day in ("2022-02-28", "2023-06-30"):
                subs = [r for r in got if r["row"] == "subtotal" and r["as_of"] == day]
                (total,) = [r for r in got if r["row"] == "total" and r["as_of"] == day]
                assert len(subs) == len(set(groups))
                for key, cell in total.items():
                    if key in ("granted", "vested", "unvested", "realizable_shares"):
                        assert int(cell) == sum(int(r[key]) for r in subs)
                    if key in ("realizable_value", "total_value"):
                        assert Decimal(cell) == sum(Decimal(r[key]) for r in subs)


def test_bad_by_fields_are_one_located_line(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + GRANTS)
    said = error("status", path, "--as-of", "2008-06-30", "--by", "cost_centre")
    assert "no grant has 'cost_centre'" in said
    assert said.startswith("error: --by: got 'cost_centre'; ")
    said = error("status", path, "--as-of", "2008-06-30", "--by", " ")
    assert said.startswith("error: --by: got ''; a grant field (id, holder,")


def test_grouped_json_rows_follow_the_output_schema(tmp_path: Path) -> None:
    from jsonschema import Draft202012Validator

    path = write(tmp_path, HEAD + GRANTS)
    schemas = Path(__file__).parents[1] / "vesting" / "schemas"
    for command, extra in (("status", []), ("value", ["--price", "40"])):
        result = invoke(command, path, "--as-of", "2008-06-30", *extra, "--by", "line", "--json")
        assert result.exit_code == 0, result.stderr
        doc = json.loads(result.stdout)
        schema = json.loads((schemas / f"{command}.schema.json").read_text())
        Draft202012Validator(schema).validate(doc)
        assert [r["row"] for r in doc["rows"]][-4:] == ["subtotal"] * 3 + ["total"]
        assert doc["rows"][-2]["line"] is None  # the group of grants without a line
