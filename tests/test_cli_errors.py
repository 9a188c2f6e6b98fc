"""Bad input on the command line: one clear line per problem on stderr, exit 2, no traceback,
nothing on stdout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import EXAMPLES, PRICES, TOML, fail, invoke


def test_unknown_grant_id() -> None:
    assert fail("status", TOML, "--as-of", "2008-06-30", "--grant", "cfo") == [
        "error: --grant: got 'cfo'; a grant id in the file: ceo-2006-option, ceo-2006-rsu"
    ]


def test_malformed_dates_are_all_reported() -> None:
    lines = fail("status", TOML, "--as-of", "2008-02-30", "--as-of", "30/06/08")
    assert len(lines) == 2
    assert lines[0].startswith("error: --as-of: got '2008-02-30'; an ISO date YYYY-MM-DD")
    assert lines[1].startswith("error: --as-of: got '30/06/08'; an ISO date YYYY-MM-DD")
    assert lines[1].endswith("a four-digit year: 2008-06-30 was probably meant")
    assert "'today'" in lines[1] and "+6m" in lines[1]


def test_negative_shares_ad_hoc_and_in_a_file(tmp_path: Path) -> None:
    (line,) = fail("schedule", "--shares", "-5", "--grant-date", "2020-01-01")
    assert line.startswith("error: command line: --shares: got '-5'; a whole number of shares > 0")
    bad = tmp_path / "g.toml"
    bad.write_text('[[grant]]\nid = "x"\nkind = "RSU"\nshares = -5\ngrant_date = 2020-01-01\n')
    (line,) = fail("schedule", str(bad))
    assert line.startswith(f"error: {bad}: grant 'x': shares: got -5; a whole number of shares > 0")


def test_missing_field(tmp_path: Path) -> None:
    bad = tmp_path / "g.json"
    bad.write_text('{"grants": [{"id": "x", "kind": "ISO", "shares": 10}]}')
    assert fail("status", str(bad), "--as-of", "2020-01-01") == [
        f"error: {bad}: grant 'x': grant_date: got nothing; a value (required)"
    ]


def test_unreadable_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    assert fail("schedule", str(missing)) == [
        f"error: FILE: got '{missing}'; a readable file (No such file or directory)"
    ]
    assert fail("schedule") == [
        "error: FILE: got nothing; a grant file path, - for standard input, or ad-hoc terms "
        "(--shares and --grant-date, with --months, --cliff, --every, ...)"
    ]


def test_bad_csv_row(tmp_path: Path) -> None:
    bad = tmp_path / "g.csv"
    bad.write_text(
        "id,kind,shares,grant_date\n"
        "a,RSU,10,2020-01-01\n"
        "b,RSU,10,2020-01-01,surplus\n"
        "c,RSO,10,2020-01-01\n"
    )
    both = [
        f"error: {bad}: line 3: row: got '5 cells'; at most 4 cells (one per header column)",
        f"error: {bad}: line 4: grant 'c': kind: got 'RSO'; expected ISO, NSO or RSU",
    ]
    # --on-error stop (the default): the first bad row ends the run
    assert fail("status", str(bad), "--as-of", "2021-01-01") == both[:1]
    # validate lists them all
    assert fail("validate", str(bad)) == [*both, f"{bad}: 2 problem(s)"]
    # --on-error skip: each bad row on stderr, the good ones written, exit status 1
    result = invoke("status", str(bad), "--as-of", "2021-01-01", "--csv", "--on-error", "skip")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [*both, "2 grant(s) skipped"]
    assert [line.split(",")[2] for line in result.stdout.splitlines()[1:]] == ["a", ""]


def test_price_file_gaps_and_bad_prices(tmp_path: Path) -> None:
    prices = PRICES
    assert fail("value", TOML, "--prices", prices, "--as-of", "2006-12-17") == [
        f"error: --as-of: got '2006-12-17'; a date on or after the first price in {prices} "
        "(2006-12-18)"
    ]
    bad = tmp_path / "p.csv"
    bad.write_text("date,price\n2008-01-01,ten\n")
    (line,) = fail("value", TOML, "--prices", str(bad), "--as-of", "2008-06-30")
    assert line.startswith(f"error: {bad}: line 2: price: got 'ten'; an amount >= 0")
    (line,) = fail("value", TOML, "--price", "-3", "--as-of", "2008-06-30")
    assert line.startswith("error: --price: got '-3'; an amount >= 0")
    (line,) = fail("value", TOML, "--as-of", "2008-06-30")
    assert line.startswith("error: --price: got nothing; a share price")
    (line,) = fail("value", TOML, "--price", "5", "--prices", prices)
    assert line.startswith(f"error: --prices: got '{prices}'; either prices or a price file")


@pytest.mark.parametrize("command", ["value", "chart", "report"])
def test_a_price_file_name_with_a_nul_byte(command: str) -> None:
    (line,) = fail(command, TOML, "--as-of", "2008-06-30", "--prices", "p\x00.csv")
    assert line.startswith("error: --prices: got ")


def test_option_without_exercise_price_cannot_be_valued() -> None:
    assert fail(
        "value", "--shares", "100", "--grant-date", "2020-01-01", "--price", "5",
        "--as-of", "2021-01-01",
    ) == [
        "error: command line: --strike: got nothing; an exercise price, to value an option"
    ]  # fmt: skip


def test_impossible_what_if_events() -> None:
    lines = fail("status", TOML, "--terminate", "2005-01-01", "--as-of", "2008-06-30")
    assert lines == [  # the first grant it makes impossible stops the run
        "error: grant 'ceo-2006-option': termination.date: got '2005-01-01'; a date on or after "
        "the grant date 2006-12-18",
    ]
    (line,) = fail(
        "status", TOML, "-g", "ceo-2006-option", "--exercise", "2008-01-01:600000",
        "--as-of", "2008-06-30",
    )  # fmt: skip
    assert "exercise.shares: got 600000; at most 500,000" in line
    lines = fail("schedule", TOML, "--leave", "2008-03-01:2008-01-01", "--event", "ipo")
    assert [line.split(":")[1].strip() for line in lines] == ["--leave", "--event"]


def test_acceleration_after_termination_needs_a_double_trigger() -> None:
    base = ("status", TOML, "-g", "ceo-2006-option", "--terminate", "2009-03-01:involuntary")
    (line,) = fail(*base, "--accelerate", "2009-06-01:50%", "--as-of", "2009-07-01")
    assert line == (
        "error: grant 'ceo-2006-option': acceleration.date: got '2009-06-01'; a date on or before "
        "the termination 2009-03-01 (a single-trigger acceleration after termination has nothing "
        "left to accelerate)"
    )
    (line,) = fail(*base, "--exercise", "2006-12-01:10", "--as-of", "2009-07-01")
    assert "exercise.date: got '2006-12-01'; a date on or after the grant date 2006-12-18" in line
    # A change of control after the termination is not an error: it just never takes effect.
    result = invoke(
        *base, "--accelerate", "2009-06-01:50%:double", "--as-of", "2009-07-01", "--json"
    )
    assert result.exit_code == 0, result.stderr
    (row,) = [r for r in json.loads(result.stdout)["rows"] if r["row"] == "grant"]
    assert (row["vested"], row["forfeited"]) == (1_083_333, 916_667)


def test_conflicting_options() -> None:
    (line,) = fail("status", TOML, "--json", "--csv")
    assert line.startswith("error: --format: got 'csv, json'; one output format")
    (line,) = fail("status", TOML, "--shares", "10")
    assert "not both" in line
    (line,) = fail("status", TOML, "--reason", "cause")
    assert line == "error: --reason: got 'cause'; only together with a termination"


def test_debug_shows_the_traceback() -> None:
    result = invoke("status", TOML, "--as-of", "nope", "--debug")
    assert result.exit_code == 2
    assert "Traceback" in result.stderr and "error: --as-of: got 'nope'" in result.stderr


def test_unknown_option_is_a_usage_error() -> None:
    result = invoke("status", TOML, "--as-off", "2008-06-30")
    assert result.exit_code == 2 and "Traceback" not in result.output


# -------------------------------------------------------------------------------- validate


BAD = """
[[grant]]
id = "a"
kind = "NSO"
shares = 0
grant_date = 2020-01-01
cliff = "12 fortnights"

[[grant]]
id = "b"
kind = "RSU"
shares = 100
grant_date = 2020-01-01
exercise_price = "5.00"
"""


def test_validate_lists_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD)
    lines = fail("validate", str(bad))
    assert lines[:3] == [
        f"error: {bad}: grant 'a': shares: got 0; a whole number of shares > 0 "
        "(2000000, 2,000,000 or 2_000_000; at most 18 digits)",
        f"error: {bad}: grant 'a': cliff: got '12 fortnights'; a period such as 12 (months), "
        "'12m', '1y' or '365d' (>= 0)",
        f"error: {bad}: grant 'b': exercise_price: got 5.00; no exercise price on an RSU (omit it)",
    ]
    assert lines[3] == f"{bad}: 3 problem(s)"


def test_validate_json_and_csv_outputs(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD)
    result = invoke("validate", str(bad), "--json")
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 1 and doc["valid"] is False and doc["grants"] == 2
    assert [(r["location"], r["field"]) for r in doc["rows"]] == [
        (f"{bad}: grant 'a'", "shares"),
        (f"{bad}: grant 'a'", "cliff"),
        (f"{bad}: grant 'b'", "exercise_price"),
    ]
    result = invoke("validate", str(bad), "--csv")
    assert result.exit_code == 2 and result.stdout_bytes.count(b"\r\n") == 4  # header + 3


@pytest.mark.parametrize("name", ["grants.toml", "grants.json", "grants.csv"])
def test_validate_the_examples(name: str) -> None:
    result = invoke("validate", str(EXAMPLES / name))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("no problems\n")


def test_validate_stdin_and_unreadable(tmp_path: Path) -> None:
    result = invoke("validate", "-", input=(EXAMPLES / "grants.csv").read_text())
    assert result.exit_code == 0 and result.stdout.startswith("<stdin>: 33 grant(s)")
    lines = fail("validate", str(tmp_path / "none.csv"))
    assert lines[0].startswith("error: FILE: got ")


def test_a_missing_fair_value_input_names_the_file_field_and_the_flag_once(tmp_path: Path) -> None:
    """``expense --volatility 60%`` on an option without a grant-date price or the other
    inputs: one line per missing input, each naming the file's field and this command's
    option that can supply it (issue 19.7)."""
    bad = tmp_path / "g.toml"
    bad.write_text(
        'schema_version = 1\n[[grant]]\nid = "a"\nholder = "h"\nkind = "NSO"\nshares = 1000\n'
        'grant_date = 2020-01-01\nexercise_price = "10"\nterms = "standard"\n'
    )
    lines = fail(
        "expense", str(bad), "--volatility", "60%", "--from", "2020-01-01", "--to", "2020-12-31"
    )
    head = f"error: {bad}: grant 'a': "
    assert lines == [
        head + "grant_date_price: got nothing; the share price on the grant date, needed for the "
        "fair value: set it in the file or give --grant-price",
        head + "risk_free_rate: got nothing; the risk-free rate, needed for the fair value: set "
        "it in the file or give --risk-free",
        head + "dividend_yield: got nothing; the expected dividend yield, needed for the fair "
        "value: set it in the file or give --dividend-yield",
        head + "expected_term: got nothing; the expected term (years, or sab107), needed for the "
        "fair value: set it in the file or give --expected-term",
    ]
    given = [
        "--grant-price",
        "10",
        "--risk-free",
        "4%",
        "--dividend-yield",
        "0",
        "--expected-term",
        "sab107",
    ]
    assert (
        invoke(
            "expense",
            str(bad),
            "--volatility",
            "60%",
            *given,
            "--from",
            "2020-01-01",
            "--to",
            "2020-12-31",
        ).exit_code
        == 0
    )


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("e.toml", ""),
        ("e.toml", "# nothing\nschema_version = 1\n"),
        ("e.json", "{}"),
        ("e.json", '{"grants": []}'),
        ("e.jsonl", "\n\n"),
        ("e.csv", ""),
        ("e.csv", "id,holder,kind,shares,grant_date,terms\n"),
    ],
)
def test_no_grants_is_one_clear_error_in_every_format_and_command(
    tmp_path: Path, name: str, text: str
) -> None:
    """Issue 19.9: an input with no grant is the same located error for every format and
    every command (exit 2, nothing on standard output — not even a CSV header); ``validate``
    says "no grants"."""
    path = tmp_path / name
    path.write_text(text)
    said = f"error: {path}: grants: got nothing; at least one grant"
    for args in (
        ["status", "--as-of", "2020-01-01"],
        ["status", "--as-of", "2020-01-01", "--csv"],
        ["schedule", "--json"],
        ["chart"],
        ["calendar"],
        ["export", "-o", str(tmp_path / "x.zip")],
    ):
        result = invoke(args[0], str(path), *args[1:])
        assert result.exit_code == 2, (args, result.stdout)
        assert result.stdout == "", args
        assert result.stderr.startswith(said), (args, result.stderr)
    assert not (tmp_path / "x.zip").exists()
    result = invoke("validate", str(path))
    assert result.exit_code == 2 and result.stderr.startswith(said)
    assert result.stderr.endswith(f"{path}: no grants\n")
