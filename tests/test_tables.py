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
from helpers import CSV, DATA, invoke
from helpers import TOML as EXAMPLE
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

# The reference grants without the [company] table (whose shares outstanding would add the
# dilution columns to every table here): these tests are about the layout of the columns.
TOML = str(DATA / "grants-no-company.toml")

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
    # what the grant says (kind, granted, its dates) goes before the answers
    assert note.startswith(
        "kind, exercise_price, granted, outstanding, fully_vested, expiration."
    )  # the exercise price in force on the date: what the grant says, shown with it
    assert "Nothing to say (zero, empty or as usual): forfeited, exercised, expired," in note
    assert note.split("as usual): ")[1].startswith(
        "forfeited, exercised, expired, unsettled, pending, subject_to_repurchase, repurchased, "
        "exercise_deadline."  # the deadline is the expiration: no termination moved it
    )
    assert note.endswith("--wide shows every column; --columns a,b,c picks them.")


def test_a_wider_terminal_shows_more_of_the_compact_set() -> None:
    out = table("status", TOML, "--as-of", "2008-06-30", columns=120)
    head = header_of(out)
    for title in ("Kind", "Granted", "Outstanding", "Next vest"):
        assert title in head
    option = next(line for line in out.splitlines() if line.startswith("ceo-2006-option"))
    assert option.split()[1:4] == ["NSO", "$30.00", "2,000,000"]  # the exercise price in force
    assert option.split()[-2:] == ["2008-07-18", "41,666"]
    # the same date on every row goes first among the grant's own columns: fully vested
    # (2010-12-18 for both) before the expiration (2016-12-18 and none)
    assert "Not shown: fully_vested, expiration." in " ".join(out.split())


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


def test_wide_is_for_tables_and_column_names_are_checked() -> None:
    def error(*args: str) -> str:
        result = invoke("status", TOML, *args)
        assert result.exit_code == 2 and result.stdout == ""
        return result.stderr

    # a name that is no column may be an attribute: no grant has one, so no table is written
    nope = error("--columns", "vested,nope")
    assert nope.startswith("error: --columns: got 'nope'; a column (as_of, grant_id, kind,")
    assert "or an attribute some grant has (no grant has 'nope'; the grants' attributes: none)" in (
        nope
    )
    assert error("--columns", "vested,row").startswith(  # not a table column
        "error: --columns: got 'row'; column names: as_of, grant_id, kind, exercise_price, granted,"
        " vested,"
    )
    assert error("--columns", " , ") == (
        "error: --columns: got ' , '; column names separated by commas (a,b,c)\n"
    )
    assert error("--wide", "--csv") == (
        "error: --format: got 'csv'; table, to use --wide (JSON, JSON lines and CSV carry "
        "every column)\n"
    )
    assert "--columns or --wide, not both" in error("--wide", "--columns", "vested")


# --------------------------------------------------- columns follow the rows and the flags


def test_what_happened_comes_before_what_the_grant_says() -> None:
    """As of long after the CEO option expired (2016-12-18), its 2,000,000 expired shares are
    the answer: the Expired column is there at 80 columns, ahead of kind and granted."""
    out = table("status", TOML, "--as-of", "2026-12-01")
    assert "Expired" in header_of(out)
    heads = header_of(out).replace("Exercise", "", 1).split()  # "Exercise price": two lines
    option = next(line for line in out.splitlines() if line.startswith("ceo-2006-option"))
    cells = dict(zip(heads, option.split(), strict=False))
    assert cells["Vested"] == cells["Expired"] == "2,000,000"  # all of it vested, then expired


def test_after_a_termination_the_forfeited_shares_and_the_deadline_are_shown() -> None:
    # terminated 2009-01-18 (25 months in): floor(2,000,000 × 25/48) = 1,041,666 vested, the
    # rest 958,334 forfeited; 3 months to exercise: the deadline 2009-04-18. The RSU: 2 of 4
    # annual installments vested (250,000), the other 250,000 forfeited.
    out = table("status", TOML, "--as-of", "2009-03-01", "--terminate", "2009-01-18:voluntary")
    head = header_of(out)
    assert "Forfeited" in head and "deadline" in head
    option = next(line for line in out.splitlines() if line.startswith("ceo-2006-option"))
    cells = option.split()
    assert "958,334" in cells and "2009-04-18" in cells
    rsu = next(line for line in out.splitlines() if line.startswith("ceo-2006-rsu"))
    assert rsu.split()[1:3] == ["250,000", "250,000"]


def test_the_columns_a_flag_asks_for_come_before_the_default_ones() -> None:
    """With state tax and FICA, the total withheld (no longer the federal amount alone) and
    the shares sold to cover it are shown at 80 columns. r1: 300 RSUs at $40 = $12,000:
    federal 22% $2,640 + state 5% $600 + Social Security 6.2% $744 + Medicare 1.45% $174 =
    $4,158, ceil(4,158 / 40) = 104 shares. r2: 1,200 at $40 = $48,000: 4 × $4,158 = $16,632,
    ceil(16,632 / 40) = 416."""
    rsus = str(DATA / "two_rsus.toml")
    base = ("tax", rsus, "--year", "2008", "--price", "40")
    flagged = table(*base, "--fica", "--wage-base", "102000", "--state-rate", "5%")
    assert widest(flagged) <= 80
    head = header_of(flagged)
    assert "Total withheld" in " ".join(head.split()) or ("Total" in head and "withheld" in head)
    assert "Sell to" in head
    r1 = next(line for line in flagged.splitlines() if line.startswith("r1 "))
    assert r1.split()[-2:] == ["$4,158.00", "104"]
    r2 = next(line for line in flagged.splitlines() if line.startswith("r2 "))
    assert r2.split()[-2:] == ["$16,632.00", "416"]
    # without the flags the total is the federal amount: that column says it, once
    plain = table(*base)
    assert "Federal" in header_of(plain) and "withheld" not in header_of(plain)
    r1 = next(line for line in plain.splitlines() if line.startswith("r1 "))
    assert "$2,640.00" in r1.split()


def test_one_taxable_event_is_a_card_with_every_figure_the_flags_asked_for() -> None:
    rsus = str(DATA / "two_rsus.toml")
    out = table("tax", rsus, "--year", "2008", "--price", "40", "-g", "r1", "--fica",
                "--wage-base", "102000", "--state-rate", "5%")  # fmt: skip
    card = dict(line.rsplit(None, 1) for line in out.splitlines()[1:] if "  " in line)
    card = {k.strip(): v for k, v in card.items()}
    assert card["State"] == "$600.00"
    assert card["Social Security"] == "$744.00"
    assert card["Medicare"] == "$174.00"
    assert card["Total withheld"] == "$4,158.00"
    assert card["Sell to cover"] == "104"
    assert "Cash to exercise" not in card  # empty for an RSU: nothing to say


def test_an_iso_limit_row_shows_its_split() -> None:
    # 500,000 ISOs at $2 granted 2007-01-01, monthly with a 12-month cliff: first exercisable
    # in 2008 are the installments of 2008-01-01 (the cliff) to 2008-12-01, 23 of 48 months:
    # floor(500,000 × 23/48) = 239,583; $100,000 / $2 = 50,000 ISO, 239,583 − 50,000 = 189,583.
    out = table(
        "tax", "--kind", "ISO", "--shares", "500000", "--grant-date", "2007-01-01",
        "--strike", "2", "--year", "2008", "--price", "10",
    )  # fmt: skip
    assert "50,000" in out.split() and "189,583" in out.split()


def test_the_html_report_shows_every_column_that_says_something(tmp_path: Path) -> None:
    import re

    page = tmp_path / "r.html"
    result = invoke("report", TOML, "--as-of", "2026-12-01", "-o", str(page))
    assert result.exit_code == 0, result.stderr
    first = re.search(r"<table.*?</table>", page.read_text(), re.S)
    assert first is not None
    heads = [" ".join(h.split()) for h in re.findall(r"<th [^>]*>(.*?)</th>", first.group(0), re.S)]
    # no width to fit: every column with something to say, the grant's own ones too
    assert heads == ["Grant", "Kind", "Exercise price", "Granted", "Vested", "Expired", "Settled",
                     "Fully vested", "Expires"]  # fmt: skip


# ---------------------------------------------------------------------------------- the card


def test_one_grant_on_one_date_is_a_card_with_every_quantity() -> None:
    out = table("status", TOML, "--as-of", "2008-06-30", "-g", "ceo-2006-option")
    lines = out.splitlines()
    assert lines[0] == "Status as of 2008-06-30"
    card = {line.rsplit(None, 1)[0].strip(): line.rsplit(None, 1)[1] for line in lines[1:]}
    assert card == {
        "Grant": "ceo-2006-option",
        "Kind": "NSO",
        "Exercise price": "$30.00",  # in force on the date: no split, no repricing
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
        "Expires": "2016-12-18",  # ten years after 2006-12-18
        "Exercise deadline": "2016-12-18",
    }
    value = table("value", TOML, "--as-of", "2008-06-30", "-g", "ceo-2006-rsu", "--price", "45")
    assert "Total value           $22,500,000.00" in value  # 500,000 × 45
    assert "Repurchase cash                $0.00" in value
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


def test_a_status_before_the_grant_date_says_so() -> None:
    """Asked before its grant date (2006-12-18), the CEO option has nothing vested: the table
    says the grant is not made yet instead of showing a bare zero (issue 19.12)."""
    out = table("status", TOML, "--as-of", "2005-01-01")
    said = " ".join(out.split())
    assert "Not granted yet on 2005-01-01" in said
    assert "ceo-2006-option, ceo-2006-rsu." in said
    after = " ".join(table("status", TOML, "--as-of", "2008-01-01").split())
    assert "Not granted yet" not in after
    both = " ".join(table("status", TOML, "--as-of", "2005-01-01", "--as-of", "2008-01-01").split())
    assert "Not granted yet on 2005-01-01" in both


def test_a_note_shared_by_many_grants_names_five_and_counts_the_rest() -> None:
    from vesting.commands.base import Gathered

    g = Gathered()
    for i in range(8):
        g.note_about("Late", f"g{i}")
    other = Gathered()
    other.note_about("Late", "g8")
    g.merge(other)
    assert g.all_notes() == ["Late: g0, g1, g2, g3, g4 and 4 more."]


def test_the_layout_copy_is_the_example_without_its_company_table() -> None:
    example = Path(EXAMPLE).read_text()
    start = example.index("# The company, from its filings")
    end = example.index('currency = "USD"\n', start) + len('currency = "USD"\n')
    assert Path(TOML).read_text() == example[:start] + example[end:].lstrip("\n")
