"""Bulk runs (vesting.run): the streamed report is what the library computes grant by
grant, in one process or in several; bad rows, repeated ids and the output file behave as the
README says; every command's JSON output validates against its JSON Schema."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import CSV, JSON, ROOT, TOML, csv_rows, generated_csv, invoke
from jsonschema import Draft202012Validator

import vesting
import vesting.io as vio
from vesting import run
from vesting.commands.status import StatusCommand
from vesting.errors import InputError

ON = dt.date(2024, 6, 30)
SCHEMAS = ROOT / "vesting" / "schemas"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # the benchmark's generator: every shape, a few percent with events
    return generated_csv(tmp_path_factory.mktemp("bulk") / "grants.csv", 5000, seed=7)


def printed(cell: str, exact: int | Fraction) -> bool:
    """A CSV share cell is ``exact``: its integer when whole, else 4 decimals within half a
    unit of the last (FRACTIONAL allocation; the exact value is in JSON)."""
    if Fraction(exact).denominator == 1:
        return cell == str(int(exact))
    places = cell.partition(".")[2]
    return len(places) == 4 and abs(Fraction(cell) - exact) <= Fraction(1, 20_000)


def run_status(
    source: Path, jobs: int, on_error: str = "stop", on_skip: object = None
) -> tuple[str, run.Outcome]:
    out = io.StringIO()
    command = StatusCommand((ON,), iso=False)
    policy = run.Policy.named(on_error, on_skip)  # type: ignore[arg-type]
    outcome = run.run(command, str(source), out, jobs=jobs, parallel_bytes=0, policy=policy)
    return out.getvalue(), outcome


@pytest.mark.slow  # 5,000 generated grants
def test_streamed_rows_are_the_library_status_of_every_grant(generated: Path) -> None:
    text, outcome = run_status(generated, jobs=1)
    rows = csv_rows(text)
    grants = vio.load(generated)
    assert outcome == (len(grants), 0) and len(rows) == len(grants) + 1
    shapes = Counter()
    for grant, row in zip(grants, rows, strict=False):
        s = vesting.evaluate(grant, ON)
        assert row["grant_id"] == grant.id and row["kind"] == grant.kind.value
        for name in ("granted", "vested", "unvested", "forfeited", "exercisable", "outstanding"):
            assert printed(row[name], getattr(s, name)), (grant.id, name, row[name])
        assert row["next_vest_date"] == (s.next_vest.date.isoformat() if s.next_vest else "")
        shapes[(grant.kind, grant.terms.allocation, bool(grant.events))] += 1
    assert len(shapes) > 10  # the generated file holds every shape
    total = rows[-1]
    assert total["row"] == "total" and total["grant_id"] == ""
    for name in ("granted", "vested", "unvested", "forfeited", "expired"):
        expected = sum((getattr(vesting.evaluate(g, ON), name) for g in grants), 0)
        assert printed(total[name], expected), (name, total[name])


@pytest.mark.slow  # worker processes, 5,000 grants
def test_worker_processes_write_the_same_bytes(generated: Path) -> None:
    serial, _ = run_status(generated, jobs=1)
    parallel, outcome = run_status(generated, jobs=2)
    assert parallel == serial and outcome.written == 5000


@pytest.mark.slow  # worker processes, 5,000 grants
def test_repeated_ids_and_bad_rows_in_workers(tmp_path: Path, generated: Path) -> None:
    lines = generated.read_text().splitlines(keepends=True)
    lines[3000] = lines[10]  # line 3001 repeats line 11 (another chunk)
    lines[4000] = (
        lines[4000].replace(",RSU,", ",RSO,").replace(",NSO,", ",NSO,x").replace(",ISO,", ",XSO,")
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("".join(lines))
    skipped: list[str] = []
    results = {}
    for jobs in (1, 2):
        skipped.clear()
        text, outcome = run_status(
            bad, jobs, on_error="skip", on_skip=lambda ps: skipped.extend(p.message() for p in ps)
        )
        results[jobs] = text
        assert outcome.skipped == 2 and outcome.written == 4998
        assert any(
            "line 3001" in m and "an id not used by another grant (line 11)" in m for m in skipped
        )
        assert any("line 4001" in m for m in skipped)
    assert results[1] == results[2]  # totals count every grant once, in both
    with pytest.raises(InputError) as stop:
        run_status(bad, jobs=2)
    assert "line 3001" in stop.value.problems[0].location.text()


def test_output_file_is_not_left_behind_when_a_run_fails(tmp_path: Path) -> None:
    source = tmp_path / "g.csv"
    source.write_text("id,kind,shares,grant_date\na,RSU,10,2020-01-01\nb,RSU,ten,2020-01-01\n")
    out = tmp_path / "out.csv"
    result = invoke("status", str(source), "--as-of", "2021-01-01", "--csv", "-o", str(out))
    assert result.exit_code == 2 and "line 3" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.csv"]  # no out.csv, no temporary
    out.write_text("previous")
    invoke("status", str(source), "--as-of", "2021-01-01", "--csv", "-o", str(out))
    assert out.read_text() == "previous"  # a failed run leaves an existing file alone
    ok = invoke(
        "status",
        str(source),
        "--as-of",
        "2021-01-01",
        "--csv",
        "-o",
        str(out),
        "--on-error",
        "skip",
    )
    assert ok.exit_code == 1 and out.read_bytes().count(b"\r\n") == 3  # header, a, total


def validator(command: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{command}.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


COMMANDS = {
    "schedule": ["schedule", JSON],
    "status": [
        "status",
        CSV,
        "--as-of",
        "2021-06-30",
        "--as-of",
        "2030-01-01",
    ],
    "value": [
        "value",
        JSON,
        "--as-of",
        "2022-01-01",
        "--price",
        "3",
        "--price",
        "0.05",
    ],
    "fair-value": ["fair-value", TOML, "--per-tranche"],
    "tax": ["tax", JSON, "--year", "2021", "--price", "3"],
    "expense": [
        "expense",
        TOML,
        "--from",
        "2007-01-01",
        "--to",
        "2008-12-31",
        "--attribution",
        "straight-line",
    ],
    "disclose": ["disclose", TOML, "--from", "2007-01-01", "--to", "2008-12-31", "--price", "40"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_json_output_validates_against_its_schema(command: str) -> None:
    result = invoke(*COMMANDS[command], "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    validator(command).validate(doc)
    assert doc["rows"]
    row_schema = validator(command).schema["$defs"]["row"]
    lines = invoke(*COMMANDS[command], "--nl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == doc["rows"]
    head = invoke(*COMMANDS[command], "--csv").stdout_bytes.split(b"\r\n", 1)[0]
    assert head.decode().split(",") == list(row_schema["properties"]) == row_schema["required"]


def test_validate_output_validates_against_its_schema(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[grant]]\nid = "x"\nkind = "NSO"\nshares = 0\ngrant_date = 2020-01-01\n')
    for path, valid, grants in ((bad, False, 1), (Path(TOML), True, 2)):
        doc = json.loads(invoke("validate", str(path), "--json").stdout)
        validator("validate").validate(doc)
        assert (doc["valid"], doc["grants"], bool(doc["rows"])) == (valid, grants, not valid)


def test_schemas_describe_the_row_types() -> None:
    """The schema files are written down once; they must keep naming every column, in order,
    and allowing null exactly where the row type does."""
    import typing

    from vesting.commands.disclose import DiscloseRow
    from vesting.commands.expense import ExpenseRow
    from vesting.commands.fair_value import FairValueRow
    from vesting.commands.schedule import ScheduleRow
    from vesting.commands.status import StatusRow
    from vesting.commands.tax import TaxRow
    from vesting.commands.validate import ProblemRow
    from vesting.commands.value import ValueRow
    from vesting.report import columns_of

    for command, row in (
        ("schedule", ScheduleRow),
        ("status", StatusRow),
        ("value", ValueRow),
        ("validate", ProblemRow),
        ("fair-value", FairValueRow),
        ("expense", ExpenseRow),
        ("tax", TaxRow),
        ("disclose", DiscloseRow),
    ):
        props = validator(command).schema["$defs"]["row"]["properties"]
        assert list(props) == [c.key for c in columns_of(row)]
        hints = typing.get_type_hints(row)
        for key, prop in props.items():
            nullable = {"type": "null"} in prop.get("anyOf", [])
            assert nullable == (type(None) in typing.get_args(hints[key])), (command, key)


def test_money_in_outputs_is_exact_at_large_values(tmp_path: Path) -> None:
    g = tmp_path / "g.toml"
    g.write_text(
        '[[grant]]\nid = "big"\nkind = "NSO"\nshares = 999_999_999_999_999\n'
        'grant_date = 2000-01-01\nexercise_price = "0.01"\nterms = "monthly"\n'
    )
    doc = json.loads(
        invoke("value", str(g), "--as-of", "2010-01-01", "--price", "123456789.99", "--json").stdout
    )
    (grant_row, _) = doc["rows"]
    spread = Decimal("123456789.98")
    assert Decimal(grant_row["realizable_value"]) == spread * 999_999_999_999_999  # exact, in cents
