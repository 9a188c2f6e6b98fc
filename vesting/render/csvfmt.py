"""CSV: RFC 4180 (CRLF line ends), a header row of the row keys, one line per row, written as
the rows arrive.

A missing value is an empty cell. Text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading ``'`` so spreadsheets do not run it as a formula. Only text
cells: numbers (an expense reversal is negative) are written as they are; a share count with
a fraction (``FRACTIONAL`` allocation) is its printed figure, 4 decimals rounded half up with
no separators (``83.3333``, :func:`vesting.shares.shares_text`) — JSON carries it exactly.

Speed: the conversion of a row to its cells is compiled once per row type (one generated
function, one expression per column, see :func:`cells_function`), so a million rows cost a
million calls, not twenty million.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from functools import cache
from typing import Final, cast

from ..report import Column, Report
from ..report.plain import PLAIN, shares_cell
from . import Options

_UNSAFE: Final = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A text cell, defused (see the module doc); ``None`` stays empty."""
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(_UNSAFE) else text


def _text(value: str) -> str:
    return "'" + value if value.startswith(_UNSAFE) else value


def _shares(value: object) -> object:
    return value if type(value) is int else shares_cell(cast(Fraction, value))


@cache
def cells_function(columns: Sequence[Column]) -> Callable[[tuple[object, ...]], list[object]]:
    """A function from a row to its CSV cells, generated for these columns: each value is
    converted by its kind (``None`` stays ``None``, written as an empty cell)."""
    parts = []
    for i, c in enumerate(columns):
        v = f"r[{i}]"
        if c.kind == "date":
            parts.append(f"(None if {v} is None else {v}.isoformat())")
        elif c.kind == "shares":
            parts.append(f"({v} if type({v}) is int or {v} is None else _shares({v}))")
        elif c.kind in ("percent", "number"):
            parts.append(v)
        else:
            parts.append(f"(None if {v} is None else _{c.kind}({v}))")
    source = "def cells(r):\n    return [" + ", ".join(parts) + "]\n"
    scope: dict[str, object] = {
        "_text": _text,
        "_shares": _shares,
        "_money": PLAIN["money"],
        "_price": PLAIN["price"],
    }
    exec(compile(source, "<csv cells>", "exec"), scope)
    fn = cast(Callable[[tuple[object, ...]], list[object]], scope["cells"])
    return fn


class Encoder:
    """CSV text for a report's rows, any number at a time (see :class:`vesting.render.Encoder`)."""

    separator = ""

    def __init__(self, columns: tuple[Column, ...], options: Options) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")
        self._cells = cells_function(columns)
        self._columns = columns

    def head(self, report: Report) -> str:
        return self.rows([[c.key for c in self._columns]], raw=True)

    def rows(self, rows: Iterable[Sequence[object]], raw: bool = False) -> str:
        buffer = self._buffer
        buffer.seek(0)
        buffer.truncate()
        cells = rows if raw else map(self._cells, cast(Iterable[tuple[object, ...]], rows))
        self._writer.writerows(cells)
        return buffer.getvalue()

    def tail(self, report: Report) -> str:
        return ""
