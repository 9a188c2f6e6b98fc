"""CSV grant files: one grant per row, read and built a row at a time.

The header row names the columns (any grant or terms field; ``terms`` must be a name); empty
cells are "not given"; blank rows and rows whose first cell starts with ``#`` are skipped; a
UTF-8 byte-order mark is ignored. There are no ``defaults`` or named tables. List fields use
compact text (see :mod:`vesting.io.fields`). Problems are located by line
(``grants.csv: line 7: grant 'E006-RSU': cliff: ...``); a row's line is the line it starts on.

Memory stays flat however long the file: rows are read lazily, identical terms are built once
(see :class:`vesting.io.build.Builder`), and repeated ids are caught by a compact fingerprint
set (:class:`vesting.io.seen.SeenIds`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from ..errors import MISSING, Problem
from .build import Builder, Read
from .fields import ALL_FIELDS, REQUIRED, unknown
from .seen import SeenIds
from .source import Text


def read_csv(text: Text, builder: Builder | None = None) -> Iterator[Read]:
    """The grants of a CSV file, one :class:`Read` per data row."""
    name = text.name
    build = (builder or Builder()).grant
    reader = csv.reader(text.lines)
    columns: list[str | None] | None = None
    seen = SeenIds()
    last = 0
    try:
        for row in reader:
            line, last = last + 1, reader.line_num
            if not row or not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if columns is None:
                columns, problems = _header(row, f"{name}: line {line}")
                for p in problems:
                    yield Read(None, (p,), p.location, line, False)
                if any(r not in columns for r in REQUIRED):
                    return  # no row can be read without them
                continue
            where = f"{name}: line {line}"
            if len(row) > len(columns) and any(c.strip() for c in row[len(columns) :]):
                problem = Problem(
                    "row",
                    f"{len(row)} cells",
                    f"at most {len(columns)} cells (one per header column)",
                    where,
                )
                yield Read(None, (problem,), where, line)
                continue
            raw = {}
            for col, cell in zip(columns, row, strict=False):
                if col is not None:
                    cell = cell.strip()
                    if cell:
                        raw[col] = cell
            gid = raw.get("id")
            if gid:
                where = f"{where}: grant '{gid}'"
            terms = raw.get("terms")
            if terms is not None and terms.startswith("{"):
                problem = Problem("terms", terms, "the name of terms in CSV", where)
                yield Read(None, (problem,), where, line)
                continue
            grant, problems = build(raw, where, f"{name}: line {line}")
            if gid:
                before = seen.add(gid, line)
                if before is not None:
                    problems = [
                        *problems,
                        Problem("id", gid, f"an id not used by another row (line {before})", where),
                    ]
                    grant = None
            yield Read(grant, tuple(problems), where, line)
    except csv.Error as e:
        where = f"{name}: line {last + 1}"
        yield Read(
            None, (Problem("csv", str(e), "valid CSV (RFC 4180)", where),), where, last + 1, False
        )
        return
    if columns is None:
        yield Read(
            None,
            (Problem("header", MISSING, "a header row naming the columns", name),),
            name,
            None,
            False,
        )


def _header(row: list[str], where: str) -> tuple[list[str | None], list[Problem]]:
    columns: list[str | None] = []
    found: list[Problem] = []
    for cell in row:
        col = cell.strip().lower()
        if col not in ALL_FIELDS:
            found.append(unknown(col, col, ALL_FIELDS, "a column name", where))
            columns.append(None)
        elif col in columns:
            found.append(Problem(col, col, "each column once", where))
            columns.append(None)
        else:
            columns.append(col)
    found.extend(
        Problem(r, MISSING, "a required column", where) for r in REQUIRED if r not in columns
    )
    return columns, found
