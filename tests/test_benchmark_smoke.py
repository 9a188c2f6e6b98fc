"""The benchmark still runs (benchmarks/bench.py at tiny sizes). It prints figures and asserts
nothing about them: speed is reported, never tested."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import ROOT

pytestmark = pytest.mark.slow  # the benchmark, in a process of its own


def test_benchmark_runs_at_a_tiny_size() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    figures = [
        line for line in proc.stdout.splitlines() if "target <=" in line or "target >=" in line
    ]
    assert len(figures) == 12, proc.stdout  # every figure printed, each with its target
