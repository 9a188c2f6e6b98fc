"""The command line as a user runs it: real processes (python -m vesting, python cli.py)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import ROOT, TOML


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, timeout=60, check=False)


def test_python_dash_m_vesting_status_json() -> None:
    proc = run(sys.executable, "-m", "vesting", "status", TOML, "--as-of", "2008-06-30", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = {r["grant_id"]: r for r in json.loads(proc.stdout)["rows"]}
    assert rows["ceo-2006-option"]["vested"] == 750_000  # floor(2,000,000 × 18/48)
    assert rows["ceo-2006-option"]["next_vest_date"] == "2008-07-18"
    assert rows["ceo-2006-rsu"]["vested"] == 125_000


def test_cli_py_csv_bytes_and_an_error() -> None:
    proc = run(sys.executable, "cli.py", "schedule", TOML, "-g", "ceo-2006-rsu", "--csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count(b"\r\n") == 5  # RFC 4180 line ends: header + 4 tranches
    rows = list(csv.reader(io.StringIO(proc.stdout.decode(), newline="")))
    assert [r[2] for r in rows[1:]] == ["125000"] * 4
    bad = run(sys.executable, "cli.py", "status", TOML, "--as-of", "2008-02-30")
    assert bad.returncode == 2 and bad.stdout == b""
    assert bad.stderr.decode().startswith("error: --as-of: got '2008-02-30'")
    assert b"Traceback" not in bad.stderr


def test_installed_console_script() -> None:
    script = Path(sys.executable).parent / "vesting"
    if not script.exists():  # not installed into this interpreter's environment
        import pytest

        pytest.skip("the vesting console script is not installed next to this python")
    proc = run(str(script), "schedule", TOML, "-g", "ceo-2006-rsu", "--json")
    assert proc.returncode == 0, proc.stderr
    dates = [r["date"] for r in json.loads(proc.stdout)["rows"]]
    assert dates == ["2007-12-18", "2008-12-18", "2009-12-18", "2010-12-18"]


def test_library_example_script_runs() -> None:
    proc = run(sys.executable, "examples/reference_grants.py")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert "2010-12-18" in out and "2,000,000" in out and "ILLUSTRATIVE" in out.upper()
