"""What the tests share: where things are, how to run the command line in this process, how to
read what it prints, and the checks every status must pass.

Import it as ``from helpers import ...`` — from ``tests/`` and from ``tests/fuzz/`` alike
(``pyproject.toml`` puts ``tests`` on ``sys.path`` for pytest: ``pythonpath``). Nothing here
computes an expected figure from the library: expected values stay in the tests, worked out by
hand or by an independent formula written next to them.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import importlib.util
import io
import json
from collections.abc import Mapping
from fractions import Fraction
from math import floor
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

import vesting
from vesting.cli import app

# ----------------------------------------------------------------------------------- places

ROOT = Path(__file__).resolve().parents[1]
"""The checkout: README.md, examples/, benchmarks/, cli.py."""
README = ROOT / "README.md"
DOCS = ROOT / "docs"
"""The documentation pages, one per topic, each linked from the README."""
PAGES = (README, *sorted(DOCS.glob("*.md")))
"""The README and every docs page: where commands, examples and stated figures live."""
EXAMPLES = ROOT / "examples"
TOML = str(EXAMPLES / "grants.toml")
"""The reference grants: the CEO's 2006 option (2,000,000 NSO) and RSUs (500,000)."""
CSV = str(EXAMPLES / "grants.csv")
JSON = str(EXAMPLES / "grants.json")
PRICES = str(EXAMPLES / "prices.csv")

DATA = Path(__file__).resolve().parent / "data"
"""Reference material the tests read, copied into the checkout (each folder says whence)."""
OCF = DATA / "ocf"
"""The Open Cap Table Format's files (samples, schemas, a sample package): see its README."""
OCF_SAMPLES = OCF / "samples"
OCF_SCHEMA = OCF / "schema"
ACME = OCF / "packages" / "acme_holdings_limited"
"""OCF-Tools' sample company package: three ISO grants of Emily Employee, from 2019."""

# --------------------------------------------------------------------- the command line

runner = CliRunner()


def invoke(
    *args: str, input: str | bytes | None = None, env: Mapping[str, str] | None = None
) -> Result:
    """``vesting ARGS`` run in this process (typer's test runner), whatever its exit status.

    ``NO_COLOR=1`` is set for the run (and only for it), with ``env`` on top; the runner's
    standard output is no terminal, so tables come without colour either way."""
    return runner.invoke(app, list(args), input=input, env={"NO_COLOR": "1", **(env or {})})


def ok(*args: str, input: str | bytes | None = None) -> Result:
    """``vesting ARGS`` that must succeed: exit status 0 and nothing on standard error."""
    result = invoke(*args, input=input)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    assert result.stderr == "", (args, result.stderr)
    return result


def as_json(*args: str, input: str | bytes | None = None) -> Any:
    """The JSON document of ``vesting ARGS --json``, which must succeed (see :func:`ok`)."""
    return json.loads(ok(*args, "--json", input=input).stdout)


def rows_by_id(doc: dict[str, Any]) -> dict[str | None, dict[str, Any]]:
    """A JSON document's rows by grant id (``None``: the total row)."""
    return {r["grant_id"]: r for r in doc["rows"]}


def fail(*args: str, input: str | bytes | None = None) -> list[str]:
    """``vesting ARGS`` that must fail as bad input does: exit status 2, nothing on standard
    output, no traceback. Its standard error, line by line."""
    result = invoke(*args, input=input)
    assert result.exit_code == 2, (args, result.stdout, result.stderr)
    assert result.stdout == "", (args, result.stdout)
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()


def one_error(result: Result, *needles: str) -> None:
    """``result`` is exit status 2 with exactly one ``error:`` line, holding every needle."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def csv_rows(text: str) -> list[dict[str, str]]:
    """The rows of CSV output (RFC 4180, a header row), as dicts of text cells."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


# --------------------------------------------------------------------------- statuses


def assert_reconciles(s: vesting.Status, grant: vesting.Grant) -> None:
    """The identities every status keeps (docs/events.md, "Reconciliation"; vesting.status)."""
    factor = Fraction(1)  # post-split shares per share granted, worked out here
    for e in grant.events:
        if isinstance(e, vesting.StockSplit) and e.date <= s.as_of:
            factor *= e.ratio
    exact = factor * grant.shares
    rounding = grant.terms.split_rounding
    if rounding is vesting.SplitRounding.DOWN:
        assert s.granted == floor(exact)
    elif rounding is vesting.SplitRounding.NEAREST:
        assert s.granted == floor(exact + Fraction(1, 2))
    else:  # each tranche rounded down on its own: at most the grant's own rounding
        assert s.granted <= floor(exact)
    assert s.split_fraction_cancelled == max(exact - s.granted, 0)
    assert s.granted == s.vested + s.unvested + s.forfeited + s.repurchased
    assert 0 <= s.pending <= s.unvested
    if grant.kind.is_option:
        assert (
            s.vested + s.subject_to_repurchase + s.repurchased
            == s.exercised + s.exercisable + s.expired
        )
        assert min(s.exercisable, s.expired, s.exercised, s.subject_to_repurchase) >= 0
    else:
        assert s.vested == s.settled + s.unsettled
        assert min(s.settled, s.unsettled) >= 0


def status(grant: vesting.Grant, on: dt.date) -> vesting.Status:
    """``vesting.evaluate(grant, on)``, checked by :func:`assert_reconciles` first."""
    s = vesting.evaluate(grant, on)
    assert_reconciles(s, grant)
    return s


# ------------------------------------------------------------------ independent formulas


def month_day(start: dt.date, months: int, day: int | None = None) -> dt.date:
    """``start`` + ``months`` calendar months, on ``day`` (default: the start's day), clamped to
    the landing month's last day — calendar arithmetic written independently of vesting.dates."""
    years, month0 = divmod(start.month - 1 + months, 12)
    year, month = start.year + years, month0 + 1
    want = start.day if day is None else day
    return dt.date(year, month, min(want, calendar.monthrange(year, month)[1]))


# ------------------------------------------------------------------------ generated data


def generated_csv(path: Path, rows: int, seed: int) -> Path:
    """A CSV grant file of ``rows`` generated grants of every shape, a few percent with events
    (the benchmark's generator, ``benchmarks/data.py``; deterministic for a seed)."""
    spec = importlib.util.spec_from_file_location("benchmark_data", ROOT / "benchmarks" / "data.py")
    assert spec is not None and spec.loader is not None
    data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(data)
    written: Path = data.write_csv(path, rows, seed=seed)
    return written
