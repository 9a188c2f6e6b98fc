"""Tables that fit the terminal (issue 9 §6): the compact set, columns that say nothing left
out, ``--columns``, ``--wide``, the one-grant card, the schedule's event columns — checked
through a real terminal (tmux at 80 columns), through ``COLUMNS`` on a pipe, and at random
widths. JSON, JSON lines and CSV keep every column."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from helpers import CSV, TOML, invoke
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

import vesting.io as gf
from vesting.commands import status as status_command
from vesting.commands.status import StatusRow
from vesting.commands.value import ValueRow
from vesting.render import Options, render
from vesting.report import columns_of
from vesting.status import statuses

COMMANDS = [
    ["status", TOML, "--as-of", "2008-06-30"],
    ["status", CSV, "--as-of", "2024-01-01", "--as-of", "2021-06-30"],
    ["value", TOML, "--as-of", "2008-06-30", "--price", "45", "--price", "20"],
    ["value", CSV, "--as-of", "2024-01-01", "--price", "12.5"],
    ["schedule", TOML, "--leave", "2008-01-01:90d", "--toll", "days", "--terminate", "2009-03-01"],
    ["schedule", CSV],
]


def table(*args: str, columns: int = 80) -> str:
    result = invoke(*args, env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


def header_of(text: str) -> str:
    """The header lines of the first table (above its rule), joined."""
    lines = text.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("─"))
    return " ".join(lines[1:rule])


# ------------------------------------------------------------------------- fitting the width


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:1] + a[2:4]))
@pytest.mark.parametrize("columns", [80, 100, 60])
def test_no_line_is_wider_than_columns_on_a_pipe(args: list[str], columns: int) -> None:
    assert widest(table(*args, columns=columns)) <= columns


def test_the_issue_command_fits_80_columns_with_the_compact_set() -> None:
    out = table("status", TOML, "--as-of", "2008-06-30")
    assert widest(out) <= 80
    rows = [line.split() for line in out.splitlines() if line.startswith(("ceo-", "TOTAL"))]
    # one line per row, the compact columns people read first (figures: see test_cli.py)
    assert rows == [
        ["ceo-2006-option", "750,000", "1,250,000", "750,000", "0", "2008-07-18", "41,666"],
        ["ceo-2006-rsu", "125,000", "375,000", "0", "125,000", "2008-12-18", "125,000"],
        ["TOTAL", "875,000", "1,625,000", "750,000", "125,000", "2008-07-18", "41,666"],
    ]
    head = header_of(out)
    assert "Forfeited" not in head and "Repurchased" not in head  # zero on every row
    note = " ".join(out.split("Not shown: ")[1].split())
    assert note.startswith("kind, granted, outstanding, fully_vested, exercise_deadline.")
    assert "Zero or empty: forfeited, exercised, expired," in note
    assert note.endswith("--wide shows every column; --columns a,b,c picks them.")


def test_a_wider_terminal_shows_more_of_the_compact_set() -> None:
    out = table("status", TOML, "--as-of", "2008-06-30", columns=120)
    head = header_of(out)
    for title in ("Kind", "Granted", "Next vest", "Fully"):
        assert title in head
    option = next(line for line in out.splitlines() if line.startswith("ceo-2006-option"))
    assert option.split()[1:3] == ["NSO", "2,000,000"]
    assert option.split()[-2:] == ["41,666", "2010-12-18"]


def test_wide_shows_every_column_and_columns_picks() -> None:
    wide = table("status", TOML, "--as-of", "2008-06-30", "--wide")
    head = header_of(wide)
    for title in ("Forfeited", "Expired", "Outstanding", "repurchase", "Repurchased", "deadline"):
        assert title in head
    assert "Not shown" not in wide
    picked = table("status", TOML, "--as-of", "2008-06-30", "--columns", "vested,grant-id,Expired")
    lines = picked.splitlines()
    assert lines[1].split() == ["Vested", "Grant", "Expired"]  # the order asked for
    assert lines[3].split() == ["750,000", "ceo-2006-option", "0"]  # zero kept: it was asked for
    assert "Not shown" not in picked


def test_columns_and_wide_are_for_tables_and_names_are_checked() -> None:
    def error(*args: str) -> str:
        result = invoke("status", TOML, *args)
        assert result.exit_code == 2 and result.stdout == ""
        return result.stderr

    assert error("--columns", "vested,nope").startswith(
        "error: --columns: got 'nope'; column names: as_of, grant_id, kind, granted, vested,"
    )
    assert error("--columns", " , ") == (
        "error: --columns: got ' , '; column names separated by commas (a,b,c)\n"
    )
    assert error("--wide", "--csv") == (
        "error: --format: got 'csv'; table, to use --wide (JSON, JSON lines and CSV carry "
        "every column)\n"
    )
    assert "--columns or --wide, not both" in error("--wide", "--columns", "vested")


# ---------------------------------------------------------------------------------- the card


def test_one_grant_on_one_date_is_a_card_with_every_quantity() -> None:
    out = table("status", TOML, "--as-of", "2008-06-30", "-g", "ceo-2006-option")
    lines = out.splitlines()
    assert lines[0] == "Status as of 2008-06-30"
    card = {line.rsplit(None, 1)[0].strip(): line.rsplit(None, 1)[1] for line in lines[1:]}
    assert card == {
        "Grant": "ceo-2006-option",
        "Kind": "NSO",
        "Granted": "2,000,000",
        "Vested": "750,000",  # k = 18 months: 2,000,000 × 18/48
        "Unvested": "1,250,000",
        "Forfeited": "0",
        "Exercised": "0",
        "Exercisable": "750,000",
        "Expired": "0",
        "Outstanding": "2,000,000",
        "Settled": "0",
        "Unsettled": "0",
        "Pending": "0",
        "Subject to repurchase": "0",
        "Repurchased": "0",
        "Next vest date": "2008-07-18",
        "Next vest shares": "41,666",  # floor(2e6 × 19/48) − 750,000
        "Fully vested": "2010-12-18",
        "Exercise deadline": "2016-12-18",
    }
    value = table("value", TOML, "--as-of", "2008-06-30", "-g", "ceo-2006-rsu", "--price", "45")
    assert "Total value         $22,500,000.00" in value  # 500,000 × 45
    assert "Repurchase cash              $0.00" in value
    # several dates, or --wide: a table again
    assert "Grant" in header_of(
        table(
            "status", TOML, "-g", "ceo-2006-rsu", "--as-of", "2008-06-30", "--as-of", "2009-06-30"
        )
    )


def test_a_card_fits_a_narrow_terminal() -> None:
    out = table("status", TOML, "--as-of", "2008-06-30", "-g", "ceo-2006-option", columns=40)
    assert widest(out) <= 40


# ---------------------------------------------------------------------------------- schedule


def test_schedule_shows_event_columns_only_when_they_say_something() -> None:
    plain = table("schedule", TOML, "-g", "ceo-2006-rsu")
    head = header_of(plain)
    assert "Mark" not in head and "Original" not in head and "Note" not in head
    assert "Not shown" not in plain  # nothing was left out that said anything
    assert "2010-12-18  125,000     500,000" in plain
    moved = table(
        "schedule", TOML, "-g", "ceo-2006-rsu", "--leave", "2008-01-01:90d", "--toll", "days",
        columns=120,
    )  # fmt: skip
    head = header_of(moved)
    assert "Original" in head and "Note" in head
    assert "Mark" not in head  # every entry is still "scheduled": the mark says nothing
    # 2008-12-18 + 90 days = 2009-03-18 (13 + 31 + 28 + 18)
    row = next(line for line in moved.splitlines() if line.startswith("2009-03-18"))
    assert row.split() == [
        "2009-03-18", "125,000", "250,000", "25.00%", "50.00%", "2008-12-18",
        "moved", "90", "days", "by", "leave",
    ]  # fmt: skip
    left = table("schedule", TOML, "-g", "ceo-2006-rsu", "--terminate", "2009-01-01")
    assert "Mark" in header_of(left) and "forfeited" in left


# ------------------------------------------------------------------- other formats unchanged


def test_json_jsonl_and_csv_carry_every_column_whatever_the_width() -> None:
    keys = [c.key for c in columns_of(StatusRow)]
    doc = json.loads(table("status", TOML, "--as-of", "2008-06-30", "--json", columns=40))
    assert all(list(r) == keys for r in doc["rows"])
    lines = table("status", TOML, "--as-of", "2008-06-30", "--nl", columns=40).splitlines()
    assert all(list(json.loads(line)) == keys for line in lines)
    text = table("value", TOML, "--as-of", "2008-06-30", "--price", "1", "--csv", columns=40)
    header = next(csv.reader(io.StringIO(text)))
    assert header == [c.key for c in columns_of(ValueRow)]


# ---------------------------------------------------------------------- any width, library


GRANTS = [e.grant for e in gf.read(CSV) if e.grant is not None]


@pytest.mark.slow  # 200 tables of the 33 example grants
@given(st.integers(min_value=40, max_value=300), st.booleans())
def test_any_width_is_respected(width: int, one_date: bool) -> None:
    import datetime as dt

    dates = [dt.date(2024, 1, 1)] if one_date else [dt.date(2021, 6, 30), dt.date(2024, 1, 1)]
    report = status_command.report([(g, statuses(g, dates)) for g in GRANTS], dates)
    out = io.StringIO()
    render(report, out, "table", Options(width=width))
    text = out.getvalue()
    assert widest(text) <= width
    # every grant still has its own single line with its id and vested figure
    ids = {g.id for g in GRANTS} | {"TOTAL"}
    assert sum(bool(ids & set(line.split())) for line in text.splitlines()) == (
        (len(GRANTS) + 1) * len(dates)
    )


# ------------------------------------------------------------------- through a real terminal


@pytest.mark.slow  # a tmux server and two processes in its terminal
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_a_real_80_column_terminal() -> None:
    """tmux at 80 columns (COLUMNS unset: the terminal's own width), the pane captured with
    wrapped lines joined: no line is longer than 80, every row is on one line."""
    socket, session = f"vesting-{uuid.uuid4().hex[:8]}", "t"
    done = Path(os.environ.get("TMPDIR", "/tmp")) / f"{socket}.done"
    command = (
        f"{sys.executable} -m vesting status {TOML} --as-of 2008-06-30; "
        f"{sys.executable} -m vesting schedule {TOML} -g ceo-2006-option --leave 2008-01-01:90d "
        f"--toll days --terminate 2009-03-01 | tail -5; touch {done}; sleep 30"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
    tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
    try:
        subprocess.run(
            [*tmux, "new-session", "-d", "-s", session, "-x", "80", "-y", "60", command],
            env=env,
            check=True,
        )
        for _ in range(300):
            if done.exists():
                break
            time.sleep(0.05)
        assert done.exists(), "the commands did not finish"
        pane = subprocess.run(
            [*tmux, "capture-pane", "-p", "-J", "-t", session],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
        done.unlink(missing_ok=True)
    lines = pane.rstrip("\n").splitlines()
    assert widest(pane) <= 80, pane
    option = [line for line in lines if line.startswith("ceo-2006-option")]
    assert len(option) == 1 and option[0].split()[1:] == [
        "750,000", "1,250,000", "750,000", "0", "2008-07-18", "41,666"
    ]  # fmt: skip
    assert any(line.startswith("TOTAL ") for line in lines)
    assert any("forfeited" in line and line.startswith("2009-03-01") for line in lines)
