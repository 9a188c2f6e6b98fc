"""Speed and memory figures for the targets of issue 7, printed with their target and ratio.

Nothing here asserts: a benchmark reports, the test suite runs it at a tiny size only to check
that it still runs (tests/test_benchmark_smoke.py).

    python benchmarks/bench.py                 # the full run: 1,000,000-row bulk file
    python benchmarks/bench.py --rows 100000   # a quicker bulk run
    python benchmarks/bench.py --quick         # tiny sizes (what the smoke test runs)

Figures:

* ``schedule()`` of the standard grant (48 months, monthly, 12-month cliff), cold (every call
  a new start date and share count, so no cache can answer) and warm (the same grant again);
* ``vested(grant, on)``, warm (the same grant) and cold (a new grant each call);
* ``vesting status --as-of D --format csv`` over a generated grant CSV of mixed shapes (a few
  percent with events), against a plain loop that reads the same CSV with the ``csv`` module
  and writes one row per input, measured in the same run; peak memory of the whole process
  tree (main process and any workers), sampled from /proc;
* ``vesting --help`` and a one-grant ``vesting status``, best of several runs.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import data

import vesting
from vesting import Grant, Kind, VestingTerms

ON = dt.date(2024, 6, 30)
STANDARD = VestingTerms.standard()
_rows: list[tuple[str, str, str, str]] = []


def report(name: str, value: float, unit: str, target: float, better: str) -> None:
    """One figure: ``better`` is ``"lower"`` or ``"higher"``."""
    ratio = value / target if better == "lower" else target / value if value else float("inf")
    ok = "meets" if ratio <= 1 else "MISSES"
    line = (
        f"{name:<52} {value:>12,.2f} {unit:<10} target {'<=' if better == 'lower' else '>='}"
        f" {target:,.2f}  ({ok}, {ratio:.2f}x of target)"
    )
    print(line, flush=True)
    _rows.append(
        (name, f"{value:,.2f} {unit}", f"{'≤' if better == 'lower' else '≥'} {target:,} {unit}", ok)
    )


def best(fn: Callable[[], float], runs: int) -> float:
    return min(fn() for _ in range(runs))


def grants(n: int, seed: int) -> list[Grant]:
    rng = random.Random(seed)
    first = dt.date(1910, 1, 1).toordinal()
    return [
        Grant.make(
            id=f"g{i}",
            kind=Kind.RSU,
            shares=1000 + i * 7 + rng.randrange(7),
            grant_date=dt.date.fromordinal(first + i % 60_000),
            terms=STANDARD,
        )
        for i in range(n)
    ]


def engine(n: int, runs: int) -> None:
    def cold_schedule() -> float:
        gs = grants(n, 1)
        gc.collect()
        t = time.perf_counter()
        for g in gs:
            vesting.schedule(g)
        return (time.perf_counter() - t) / n * 1e6

    report("schedule() standard grant, cold", best(cold_schedule, runs), "µs/call", 30, "lower")

    def warm_schedule() -> float:
        g = grants(1, 2)[0]
        vesting.schedule(g)
        t = time.perf_counter()
        for _ in range(n):
            vesting.schedule(g)
        return n / (time.perf_counter() - t)

    report(
        "schedule() standard grant, warm", best(warm_schedule, runs), "calls/s", 250_000, "higher"
    )

    def warm_vested() -> float:
        g = grants(1, 3)[0]
        vesting.vested(g, ON)
        t = time.perf_counter()
        for _ in range(n):
            vesting.vested(g, ON)
        return n / (time.perf_counter() - t)

    report("vested(grant, on), warm", best(warm_vested, runs), "calls/s", 500_000, "higher")

    def cold_vested() -> float:
        gs = grants(n, 4)
        t = time.perf_counter()
        for g in gs:
            vesting.vested(g, ON)
        return n / (time.perf_counter() - t)

    report(
        "vested(grant, on), cold (a new grant each call)",
        best(cold_vested, runs),
        "calls/s",
        150_000,
        "higher",
    )


class PeakMemory:
    """Peak memory of a process and all its descendants (the sum of their proportional set
    sizes), sampled from /proc every 20 ms."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                except OSError:
                    continue
                children.setdefault(ppid, []).append(int(entry))
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo.extend(children.get(pid, []))
        return out

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in self._tree():
                # PSS: each page counted once, split between the processes that share it
                # (forked workers share the parent's pages; a sum of RSS would count them twice)
                try:
                    with open(f"/proc/{pid}/smaps_rollup") as f:
                        for line in f:
                            if line.startswith("Pss:"):
                                total += int(line.split()[1]) * 1024
                                break
                except OSError:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.02)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run(args: Sequence[str]) -> tuple[float, int]:
    """Wall time and peak memory (bytes, whole process tree) of a command."""
    t = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    memory = PeakMemory(proc.pid) if sys.platform == "linux" else None
    _, err = proc.communicate()
    elapsed = time.perf_counter() - t
    peak = memory.stop() if memory else 0
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return elapsed, peak


FLOOR = """
import csv, sys
with open(sys.argv[1], newline="") as f, open(sys.argv[2], "w", newline="") as out:
    writer = csv.writer(out)
    for row in csv.reader(f):
        writer.writerow(row)
"""


def bulk(rows: int, runs: int, folder: Path) -> None:
    source = folder / f"grants-{rows}.csv"
    t = time.perf_counter()
    data.write_csv(source, rows)
    print(
        f"generated {rows:,} mixed-shape grants ({source.stat().st_size / 1e6:.0f} MB) in "
        f"{time.perf_counter() - t:.1f} s"
    )
    out = folder / "out.csv"
    floor_script = folder / "floor.py"
    floor_script.write_text(FLOOR)
    floor = min(
        run([sys.executable, str(floor_script), str(source), str(out)])[0] for _ in range(runs)
    )
    print(f"floor: a plain csv.reader -> csv.writer loop over the same file: {floor:.2f} s")
    base = [sys.executable, "-m", "vesting", "status", str(source), "--as-of", ON.isoformat()]
    base += ["--format", "csv", "-o", str(out), "--quiet"]
    for label, extra in (
        ("default: one process", []),
        ("--jobs 0: one worker per CPU", ["-j", "0"]),
    ):
        results = [run([*base, *extra]) for _ in range(runs)]
        elapsed = min(r[0] for r in results)
        peak = max(r[1] for r in results)
        with open(out, newline="") as f:
            written = sum(1 for _ in csv.reader(f))
        print(
            f"vesting status ({label}): {elapsed:.2f} s ({elapsed / rows * 1e6:.1f} µs a grant), "
            f"{written:,} rows written, peak {peak / 2**20:.0f} MiB"
        )
        name = f"status, {rows:,} rows, {label}"
        report(f"{name}: time / floor", elapsed / floor, "x floor", 3, "lower")
        report(f"{name}: peak memory", peak / 2**20, "MiB", 100, "lower")


def startup(runs: int, folder: Path) -> None:
    one = folder / "one.toml"
    one.write_text((Path(__file__).parents[1] / "examples" / "grants.toml").read_text())
    vesting_cmd = [sys.executable, "-m", "vesting"]
    help_time = min(run([*vesting_cmd, "--help"])[0] for _ in range(runs))
    report("vesting --help", help_time * 1000, "ms", 150, "lower")
    status = [
        *vesting_cmd,
        "status",
        "--shares",
        "1000",
        "--grant-date",
        "2020-01-01",
        "--as-of",
        "2024-06-30",
    ]
    report(
        "one-grant vesting status (table)",
        min(run(status)[0] for _ in range(runs)) * 1000,
        "ms",
        250,
        "lower",
    )


def accounting(n: int, runs: int) -> None:
    """Fair value and a five-year quarterly expense per grant (graded), in the library."""
    from decimal import Decimal

    from vesting.accounting.expense import Recognizer
    from vesting.accounting.fairvalue import black_scholes
    from vesting.accounting.years import periods

    def bs() -> float:
        t = time.perf_counter()
        for i in range(n):
            black_scholes(
                Decimal(30), Decimal(20 + i % 20), Decimal("6.25"), Decimal("0.03"), Decimal(0),
                Decimal("0.3"),
            )  # fmt: skip
        return n / (time.perf_counter() - t)

    report("Black-Scholes value", best(bs, runs), "calls/s", 100_000, "higher")
    quarters = periods(dt.date(2020, 1, 1), dt.date(2024, 12, 31), "quarter")

    def expense() -> float:
        gs = grants(max(n // 20, 1), 5)
        t = time.perf_counter()
        for g in gs:
            Recognizer(g, Decimal("1.5")).by_period(quarters)
        return (time.perf_counter() - t) / len(gs) * 1e6

    report("expense: 20 quarters of a grant, cold", best(expense, runs), "µs/grant", 300, "lower")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the bulk file")
    parser.add_argument("--calls", type=int, default=100_000, help="calls per engine figure")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the best counts)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes (the smoke test)")
    parser.add_argument(
        "--only", choices=["engine", "accounting", "bulk", "startup"], help="one part only"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.rows, args.calls, args.runs = 300, 300, 1
    print(
        f"Python {sys.version.split()[0]} on {os.cpu_count()} CPU(s); vesting {vesting.__version__}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.only in (None, "engine"):
            engine(args.calls, args.runs)
        if args.only in (None, "accounting"):
            accounting(args.calls, args.runs)
        if args.only in (None, "startup"):
            startup(max(args.runs, 5) if not args.quick else 1, folder)
        if args.only in (None, "bulk"):
            bulk(args.rows, args.runs, folder)
    print()
    print("| figure | measured | target | |")
    print("|---|---|---|---|")
    for name, value, target, ok in _rows:
        print(f"| {name} | {value} | {target} | {ok} |")


if __name__ == "__main__":
    main()
