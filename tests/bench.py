"""Benchmark: closed-form ``vested_by`` against building every schedule.

Not collected by pytest (the name does not start with ``test_``); prints figures only.

Run: .venv/bin/python tests/bench.py [number of grants, default 100000]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from fractions import Fraction

import vesting
from vesting import Allocation, DayOfMonth, GradedStep, Grant, Kind, Period, VestingTerms
from vesting.engine import _layout, _schedule, vested_by

M = Period.months
F = Fraction

TERMS: list[VestingTerms] = [
    VestingTerms.standard(),  # 48 months, monthly, 12-month cliff
    VestingTerms(length=M(48), every=M(12)),
    VestingTerms(length=M(48), every=M(3), cliff=M(12)),
    VestingTerms(length=M(36), every=M(1), allocation=Allocation.CUMULATIVE_ROUNDING),
    VestingTerms(length=M(48), cliff=M(12), cliff_portion=F(3, 10)),
    VestingTerms(length=M(48), cliff=M(12), immediate=F(1, 10)),
    VestingTerms(length=Period.days(1460), every=Period.days(365)),
    VestingTerms(length=Period.days(728), every=Period.days(7), cliff=Period.days(180)),
    VestingTerms(length=M(60), day_of_month=DayOfMonth.D31, allocation=Allocation.FRONT_LOADED),
    VestingTerms(
        graded=tuple(GradedStep(M(12 * i), F(p, 100)) for i, p in enumerate((5, 15, 40, 40), 1))
    ),
    VestingTerms(length=M(48), allocation=Allocation.BACK_LOADED_TO_SINGLE_TRANCHE),
    VestingTerms(length=M(48), allocation=Allocation.FRACTIONAL),
]


def make_grants(n: int, seed: int = 2006) -> list[tuple[Grant, dt.date]]:
    rng = random.Random(seed)
    first = dt.date(2000, 1, 1).toordinal()
    out = []
    for i in range(n):
        start = dt.date.fromordinal(first + rng.randrange(30 * 365))
        g = Grant(
            id=f"g{i}",
            kind=Kind.RSU,
            shares=rng.randint(1, 1_000_000),
            grant_date=start,
            terms=rng.choice(TERMS),
        )
        out.append((g, start + dt.timedelta(days=rng.randrange(-30, 6 * 366))))
    return out


def by_schedule(g: Grant, on: dt.date) -> int | Fraction:
    return sum((t.shares for t in vesting.schedule(g) if t.date <= on), 0)


def run(label: str, fn: Callable[[Grant, dt.date], object], cases: list) -> list[object]:
    _layout.cache_clear()
    _schedule.cache_clear()
    t0 = time.perf_counter()
    results = [fn(g, on) for g, on in cases]
    elapsed = time.perf_counter() - t0
    print(f"{label:<34} {elapsed:8.3f} s  {len(cases) / elapsed:12,.0f} grants/s")
    return results


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    t0 = time.perf_counter()
    cases = make_grants(n)
    print(f"built {n:,} grants ({len(TERMS)} term shapes) in {time.perf_counter() - t0:.2f} s")
    closed = run("vested_by (closed form)", vested_by, cases)
    built = run("schedule, then sum tranches <= date", by_schedule, cases)
    print(f"the two agree on every grant: {closed == built}")


if __name__ == "__main__":
    main()
