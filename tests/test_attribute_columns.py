"""Attributes in the output (issue 19.4): ``--columns`` names the row type's columns and the
grants' attributes and fields, in every format; a name found nowhere is an error at the end;
``--strict`` on every command that reads grants."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from helpers import csv_rows, fail, invoke, ok

from vesting import render, run
from vesting.commands.status import StatusCommand
from vesting.errors import InputError

# a: 100 NSO on the standard terms (25% at the 12-month cliff, monthly after) from 2020-01-01;
# b: 50 RSU, the same terms, no department. On 2021-01-01, a year in: a has 100 * 12/48 = 25
# vested, b 50 * 12/48 = 12.5, rounded down to 12; the total 37.
GRANTS = (
    "id,holder,kind,shares,grant_date,terms,department\n"
    "a,Ann,NSO,100,2020-01-01,standard,eng\n"
    "b,Bob,RSU,50,2020-01-01,standard,\n"
)
ASKED = ("--as-of", "2021-01-01", "--columns", "grant_id,department,vested")


@pytest.fixture
def grants(tmp_path: Path) -> str:
    path = tmp_path / "g.csv"
    path.write_text(GRANTS)
    return str(path)


def test_csv_carries_the_attribute_where_asked(grants: str) -> None:
    out = ok("status", grants, *ASKED, "--csv").stdout
    assert out.splitlines()[0] == "grant_id,department,vested"
    assert csv_rows(out) == [
        {"grant_id": "a", "department": "eng", "vested": "25"},
        {"grant_id": "b", "department": "", "vested": "12"},  # b has no department
        {"grant_id": "", "department": "", "vested": "37"},  # the total: empty
    ]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_and_json_lines_carry_it_as_null_when_missing(grants: str, fmt: str) -> None:
    out = ok("status", grants, *ASKED, "--format", fmt).stdout
    rows = json.loads(out)["rows"] if fmt == "json" else [json.loads(x) for x in out.splitlines()]
    assert rows == [
        {"grant_id": "a", "department": "eng", "vested": 25},
        {"grant_id": "b", "department": None, "vested": 12},
        {"grant_id": None, "department": None, "vested": 37},
    ]
    assert [list(r) for r in rows] == [["grant_id", "department", "vested"]] * 3  # the order


def test_the_table_shows_it_in_its_place(grants: str) -> None:
    lines = ok("status", grants, *ASKED).stdout.splitlines()
    assert lines[1].split() == ["Grant", "department", "Vested"]
    assert [line.split() for line in lines[3:]] == [
        ["a", "eng", "25"],
        ["b", "12"],
        ["TOTAL", "37"],
    ]


def test_grant_fields_and_any_case_of_column_names(grants: str) -> None:
    out = ok("status", grants, "--as-of", "2021-01-01", "--columns", "Grant-ID,holder,Vested,kind",
             "--csv").stdout  # fmt: skip
    assert csv_rows(out)[:2] == [
        {"grant_id": "a", "holder": "Ann", "vested": "25", "kind": "NSO"},
        {"grant_id": "b", "holder": "Bob", "vested": "12", "kind": "RSU"},
    ]


def test_every_row_of_a_grant_carries_it(grants: str) -> None:
    rows = csv_rows(ok("schedule", grants, "--columns", "department,grant_id,date", "--csv").stdout)
    assert {r["department"] for r in rows if r["grant_id"] == "a"} == {"eng"}
    assert {r["department"] for r in rows if r["grant_id"] == "b"} == {""}
    # the cliff and then 36 monthly installments, for each grant
    assert sum(r["grant_id"] == "a" for r in rows) == 37


def test_a_name_no_grant_has_is_an_error_at_the_end(grants: str, tmp_path: Path) -> None:
    # a table is laid out whole: nothing is written
    (line,) = fail("status", grants, "--as-of", "2021-01-01", "--columns", "grant_id,departmnt")
    assert line.startswith("error: --columns: got 'departmnt'; did you mean 'department'? a column")
    assert line.endswith("(no grant has 'departmnt'; the grants' attributes: department)")
    # a stream has written its rows when the run ends; the error follows, exit 2
    result = invoke("status", grants, "--as-of", "2021-01-01", "--columns", "grant_id,dept",
                    "--csv")  # fmt: skip
    assert result.exit_code == 2 and "no grant has 'dept'" in result.stderr
    assert result.stdout.splitlines() == ["grant_id,dept", "a,", "b,"]
    out = tmp_path / "out.csv"  # with an output file, none is put in place
    result = invoke("status", grants, "--as-of", "2021-01-01", "--columns", "dept", "--csv",
                    "-o", str(out))  # fmt: skip
    assert result.exit_code == 2 and not out.exists()


def test_names_refused_before_any_row(grants: str) -> None:
    (line,) = fail("status", grants, "--columns", "grant_id,row")  # not a table column
    assert line.startswith("error: --columns: got 'row'; column names: as_of, grant_id,")
    (line,) = fail("status", grants, "--columns", "a\tb", "--csv")  # no attribute has this name
    assert line.startswith("error: --columns: got 'a\\tb'; column names (row, as_of,")
    assert ok("status", grants, "--columns", "row,vested", "--csv").stdout.startswith("row,vested")


def test_wide_is_still_for_tables_only(grants: str) -> None:
    (line,) = fail("status", grants, "--wide", "--csv")
    assert line.startswith("error: --format: got 'csv'; table, to use --wide")


def test_worker_processes_carry_the_same_columns(tmp_path: Path) -> None:
    # 4,500 grants: three chunks of 2,000 records, the department only in the last one
    lines = ["id,kind,shares,grant_date,department"]
    lines += [f"g{i},RSU,48,2020-01-01,{'ops' if i >= 4400 else ''}" for i in range(4500)]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(lines) + "\n")
    command = StatusCommand((dt.date(2021, 1, 1),), iso=False)

    def status(jobs: int, columns: tuple[str, ...]) -> str:
        out = io.StringIO()
        options = render.Options(format="csv", columns=columns)
        run.run(command, str(path), out, format="csv", options=options, jobs=jobs,
                parallel_bytes=0)  # fmt: skip
        return out.getvalue()

    serial = status(1, ("grant_id", "department", "vested"))
    assert status(2, ("grant_id", "department", "vested")) == serial
    rows = csv_rows(serial)
    # 48 RSUs, a year in: 48 * 12/48 = 12 vested each; the total 4,500 * 12 = 54,000
    assert rows[4400] == {"grant_id": "g4400", "department": "ops", "vested": "12"}
    assert rows[0]["department"] == "" and rows[-1]["vested"] == "54000"
    with pytest.raises(InputError, match="no grant has 'team_name'"):
        status(2, ("grant_id", "team_name"))


def test_render_writes_the_columns_asked_in_every_streaming_format() -> None:
    from vesting.commands.status import report
    from vesting.io import loads
    from vesting.status import statuses

    (g,) = loads(GRANTS.splitlines()[0] + "\n" + GRANTS.splitlines()[1] + "\n", "csv")
    on = (dt.date(2021, 1, 1),)
    out = io.StringIO()
    options = render.Options(columns=("vested", "grant_id"))
    render.render(report([(g, statuses(g, on))], on), out, "csv", options)
    assert out.getvalue() == "vested,grant_id\r\n25,a\r\n25,\r\n"
    with pytest.raises(InputError, match="column names: row, as_of"):
        render.render(report([(g, statuses(g, on))], on), io.StringIO(), "jsonl",
                      render.Options(columns=("department",)))  # fmt: skip


# ------------------------------------------------------------------------------ --strict


def test_strict_refuses_the_column_in_every_command_that_reads_grants(
    grants: str, tmp_path: Path
) -> None:
    for args in (
        ("status", grants, "--as-of", "2021-01-01"),
        ("schedule", grants),
        ("value", grants, "--as-of", "2021-01-01", "--price", "3"),
        ("fair-value", grants, "--fair-value", "1"),
        ("expense", grants, "--from", "2020-01-01", "--to", "2020-12-31", "--fair-value", "1"),
        ("tax", grants, "--year", "2021", "--price", "3"),
        ("chart", grants, "-o", str(tmp_path / "c.svg")),
        ("calendar", grants),
        ("report", grants),
        ("export", grants, "-o", str(tmp_path / "x.zip")),
        ("validate", grants),
    ):
        result = invoke(*args, "--strict")
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert "line 1: department: got 'department'; not a column name" in result.stderr, args
    assert ok("validate", grants).stdout.endswith("2 grant(s), no problems\n")


def test_export_says_attributes_are_left_out(grants: str, tmp_path: Path) -> None:
    result = invoke("export", grants, "-o", str(tmp_path / "x.zip"))
    assert result.exit_code == 0, result.stderr
    assert "note: attributes of 1 grant(s) left out (OCF has no field for them)" in result.stderr
