"""CSV: RFC 4180 (CRLF line ends), a header row of the row keys, one line per row, written as
the rows arrive.

A missing value is an empty cell. Text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading ``'`` so spreadsheets do not run it as a formula; no number this
program writes is negative, so no number is changed by this rule.
"""

from __future__ import annotations

import csv
from typing import Final, TextIO

from ..report import Report
from ..report.plain import PLAIN
from . import Options

_UNSAFE: Final = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A text cell, defused (see the module doc); ``None`` stays empty."""
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(_UNSAFE) else text


def render(report: Report, out: TextIO, options: Options) -> None:
    columns = report.columns
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.key for c in columns])
    # Per column, what to do with a value that is not None (ints pass through untouched).
    todo = [
        (i, csv_cell if c.kind == "text" else PLAIN[c.kind])
        for i, c in enumerate(columns)
        if c.kind != "shares"
    ]
    shares = [i for i, c in enumerate(columns) if c.kind == "shares"]
    plain_shares = PLAIN["shares"]
    writerow = writer.writerow
    for row in report.rows:
        cells = list(row)
        for i, convert in todo:
            v = cells[i]
            if v is not None:
                cells[i] = convert(v)
        for i in shares:
            v = cells[i]
            if v is not None and type(v) is not int:
                cells[i] = plain_shares(v)
        writerow(cells)
