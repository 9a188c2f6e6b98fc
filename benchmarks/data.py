"""Generated grant files for the benchmark (and its smoke test): mixed shapes, a few percent
with recorded events, deterministic for a seed."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path
from typing import Final

COLUMNS: Final = [
    "id",
    "holder",
    "kind",
    "shares",
    "grant_date",
    "exercise_price",
    "terms",
    "length",
    "every",
    "cliff",
    "cliff_portion",
    "immediate",
    "graded",
    "allocation",
    "day_of_month",
    "events",
]

# (weight, columns) — the shapes an HR export holds, most of them the standard grant
SHAPES: Final[list[tuple[int, dict[str, str]]]] = [
    (40, {"terms": "standard"}),
    (10, {"terms": "quarterly"}),
    (10, {"terms": "annual"}),
    (6, {"terms": "monthly"}),
    (6, {"length": "36m", "every": "1m", "cliff": "6m"}),
    (4, {"length": "48m", "every": "1m", "cliff": "12m", "cliff_portion": "30%"}),
    (4, {"length": "48m", "every": "3m", "immediate": "10%"}),
    (4, {"graded": "12m:5%;24m:15%;36m:40%;48m:40%"}),
    (3, {"length": "1460d", "every": "365d"}),
    (3, {"length": "60m", "every": "1m", "allocation": "FRONT_LOADED", "day_of_month": "31"}),
    (3, {"length": "48m", "every": "1m", "allocation": "CUMULATIVE_ROUNDING", "day_of_month": "1"}),
    (2, {"length": "48m", "every": "12m", "allocation": "BACK_LOADED_TO_SINGLE_TRANCHE"}),
    (2, {"terms": "standard", "allocation": "FRACTIONAL"}),
]
EVENTS: Final = (
    "terminate={d}:voluntary",
    "terminate={d}:involuntary",
    "leave={d}:90d",
    "accelerate={d}:25%",
)
EVENT_RATE: Final = 0.03


def rows(n: int, seed: int = 2006) -> list[list[str]]:
    rng = random.Random(seed)
    weights = [w for w, _ in SHAPES]
    first = dt.date(2005, 1, 1).toordinal()
    out = []
    for i in range(n):
        (shape,) = rng.choices([s for _, s in SHAPES], weights)
        granted = dt.date.fromordinal(first + rng.randrange(18 * 365))
        kind = rng.choice(("ISO", "NSO", "NSO", "RSU", "RSU"))
        cells = dict.fromkeys(COLUMNS, "")
        cells.update(shape)
        cells["id"] = f"E{i:07d}"
        cells["holder"] = f"Employee {i}"
        cells["kind"] = kind
        cells["shares"] = str(rng.choice((100, 1000, 4800, 10_000, 48_000)) + rng.randrange(1000))
        cells["grant_date"] = granted.isoformat()
        if kind != "RSU":
            cells["exercise_price"] = f"{rng.randrange(10, 5000) / 100:.2f}"
        if rng.random() < EVENT_RATE:
            when = granted + dt.timedelta(days=rng.randrange(30, 4 * 365))
            cells["events"] = rng.choice(EVENTS).format(d=when.isoformat())
        out.append([cells[c] for c in COLUMNS])
    return out


def write_csv(path: Path, n: int, seed: int = 2006, chunk: int = 50_000) -> Path:
    """Write ``n`` generated grants to ``path`` (in chunks: memory stays small)."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        done = 0
        while done < n:
            batch = rows(min(chunk, n - done), seed + done)
            for row in batch:
                row[0] = f"E{done:07d}"
                done += 1
                writer.writerow(row)
    return path
