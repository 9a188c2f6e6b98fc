"""What a program embedding the library relies on: the public API, a light ``import vesting``
(no command line, no table library, no threads, no I/O), and thread-safe calls."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from helpers import EXAMPLES, ROOT

import vesting


def imported(code: str) -> set[str]:
    """The modules a fresh interpreter imports to run ``code`` (python -X importtime)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if "|" in line}


def test_import_vesting_loads_no_command_line_and_no_table_library() -> None:
    names = imported(
        "import vesting; vesting.evaluate; vesting.io.read_grants; vesting.evaluate_many"
    )
    heavy = {n for n in names if n.split(".")[0] in ("typer", "rich", "click", "pydantic")}
    assert not heavy
    assert "vesting.engine" in names  # the names asked for were loaded, on first use
    assert "vesting.cli" not in names and "vesting.render.table" not in names


HELP = """
import sys
sys.argv = ["vesting", "--help"]
from vesting.cli import main
try:
    main()
except SystemExit:
    pass
"""


def test_help_loads_no_engine() -> None:
    """The command line declares its ad-hoc options from the field table (vesting.io.fields),
    so --help reads that table; it loads no engine, reader, run path or table library."""
    names = imported(HELP)
    assert "vesting.io.fields" in names
    heavy = {"vesting.engine", "vesting.status", "vesting.io.reading", "vesting.io.build",
             "vesting.run", "vesting.commands.base", "rich.console", "rich.table"}  # fmt: skip
    assert not heavy & names


def test_import_starts_no_thread() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "import threading, vesting, vesting.io, vesting.batch\n"
         "print(threading.active_count())"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert proc.stdout.strip() == "1"


def test_public_api_is_listed() -> None:
    for name in ("schedule", "vested", "evaluate", "evaluate_many", "timeline", "Grant", "Status"):
        assert name in vesting.__all__ and getattr(vesting, name) is not None
    grants = vesting.io.read_grants(EXAMPLES / "grants.toml")
    statuses = vesting.evaluate_many(grants, dt.date(2008, 6, 30))
    assert [s.vested for s in statuses] == [750_000, 125_000]  # floor(2e6 × 18/48); 25%


def test_calls_from_many_threads_agree_with_one_thread() -> None:
    """Every cache holds immutable values computed from immutable inputs: threads racing to
    fill them compute the same values, and the calls leave no thread of their own behind."""
    before = set(threading.enumerate())
    grants = list(vesting.io.read_grants(EXAMPLES / "grants.csv"))
    days = [dt.date(2019, 1, 1) + dt.timedelta(days=37 * i) for i in range(60)]

    def work(i: int) -> list[object]:
        table = {"kind": "RSU", "grant_date": "2020-01-15"}
        mine = [{**table, "id": f"t{i}-{j}", "shares": 4800 + j} for j in range(20)]
        fresh = list(vesting.io.from_data({"grants": mine}))
        return [vesting.evaluate(g, d) for g in grants + fresh for d in days[i % 7 :: 7]]

    expected = [work(i) for i in range(16)]
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(work, range(16))) == expected
    # the pool's workers are joined on leaving the block: any thread still alive was started
    # by the library (test_import_starts_no_thread checks the import alone)
    assert set(threading.enumerate()) - before == set()
