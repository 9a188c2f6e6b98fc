"""One meaning per column name (issue 19.3): every column of every command says what it
counts, ``--columns help`` lists them, and docs/columns.md is written from the same table."""

from __future__ import annotations

import os

from helpers import ROOT, invoke

from vesting import commands
from vesting.report import columns_of
from vesting.report.glossary import MEANINGS, described

PAGE = ROOT / "docs" / "columns.md"


def listings() -> dict[str, type]:
    out = {}
    for name in commands.names():
        command = commands.get(name)
        row = getattr(command, "row", None)
        if row is not None:
            out[name] = row
    return out


def test_every_column_says_what_it_counts_and_every_meaning_is_used() -> None:
    used = set()
    for name, row in listings().items():
        for key, _, meaning in described(row):
            assert meaning, f"{name}.{key} has no meaning"
            used.add(key)
    assert set(MEANINGS) - used == set()


def test_one_name_one_meaning_across_commands() -> None:
    """A column name that appears in several commands is one quantity: the same meaning (its
    own help, if any, would make it another quantity — then it needs another name)."""
    for name, row in listings().items():
        for c in columns_of(row):
            assert not c.help or c.key not in MEANINGS, f"{name}.{c.key}: rename it"


def test_the_realizable_and_vested_quantities_have_different_names() -> None:
    """status's vested (every share that ever vested) and value's realizable_shares
    (exercisable options, vested RSUs) differ after a termination: 1,083,333 against 0."""
    status = {c.key for c in columns_of(listings()["status"])}
    value = {c.key for c in columns_of(listings()["value"])}
    assert "vested" in status and "vested" not in value and "vested_shares" not in value
    assert "realizable_shares" in value


def test_columns_help_lists_each_column_with_its_meaning_in_80_columns() -> None:
    for name, row in listings().items():
        if name == "validate":  # problems, not a table of columns: it has no --columns
            continue
        result = invoke(name, "--columns", "help", env={"COLUMNS": "80"})
        assert result.exit_code == 0, (name, result.stderr)
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines) <= 80, name
        keys = [line.split()[0] for line in lines[3:] if line and not line.startswith(" ")]
        assert keys == [c.key for c in columns_of(row)], name
    out = invoke("status", "--columns", "help").stdout
    assert "exercisable               Exercisable: vested option shares that can be" in out


def page() -> str:
    """docs/columns.md as the table makes it."""
    out = [
        "# Output columns",
        "",
        "What every column of every command counts. A name means the same thing in every",
        "command. `vesting COMMAND --columns help` lists a command's columns in the terminal.",
        "This page is written from `vesting/report/glossary.py` (regenerate:",
        "`VESTING_WRITE_DOCS=1 python -m pytest tests/test_glossary.py`).",
    ]
    for name, row in listings().items():
        out += ["", f"## {name}", "", "| Column | Title | What it counts |", "|---|---|---|"]
        for key, title, meaning in described(row):
            out.append(f"| `{key}` | {title} | {meaning} |")
    return "\n".join(out) + "\n"


def test_the_columns_page_is_current() -> None:
    if os.environ.get("VESTING_WRITE_DOCS"):
        PAGE.parent.mkdir(exist_ok=True)
        PAGE.write_text(page(), encoding="utf-8")
    assert PAGE.read_text(encoding="utf-8") == page(), "regenerate docs/columns.md (see page())"
