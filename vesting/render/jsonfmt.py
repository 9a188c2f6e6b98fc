"""JSON and JSON lines, written as the rows arrive.

JSON is one document: ``{"schema_version": 1, "command": ..., <parameters>, "rows": [...],
<what is known once every row is out>}`` — the parameters of the question come first and the
rows stream; keys known only at the end (``grants``: the ids reported; ``valid``) follow the
rows. JSON lines is one row object per line. Values are plain (see
:mod:`vesting.report.plain`).
"""

from __future__ import annotations

import json
from typing import TextIO

from ..report import SCHEMA_VERSION, Report, plain_row
from . import Options


def render_json(report: Report, out: TextIO, options: Options) -> None:
    head = {"schema_version": SCHEMA_VERSION, "command": report.command, **report.params}
    text = json.dumps(head, indent=2, ensure_ascii=False)
    out.write(text[:-2] + ',\n  "rows": [')
    columns = report.columns
    first = True
    for row in report.rows:
        item = json.dumps(plain_row(row, columns), ensure_ascii=False)
        out.write(("\n    " if first else ",\n    ") + item)
        first = False
    out.write("\n  ]" if not first else "]")
    for key, value in report.trailer().items():
        out.write(f",\n  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    out.write("\n}\n")


def render_jsonl(report: Report, out: TextIO, options: Options) -> None:
    columns = report.columns
    dumps = json.dumps
    write = out.write
    for row in report.rows:
        write(dumps(plain_row(row, columns), ensure_ascii=False) + "\n")
