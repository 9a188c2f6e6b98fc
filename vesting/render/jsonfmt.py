"""JSON and JSON lines, written as the rows arrive.

JSON is one document: ``{"schema_version": 1, "command": ..., <parameters>, "rows": [...],
<what is known once every row is out>}`` — the parameters of the question come first and the
rows stream; keys known only at the end (for ``validate``: ``grants``, ``valid``) follow the
rows. JSON lines is one row object per line. Values are plain (see
:mod:`vesting.report.plain`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from ..report import SCHEMA_VERSION, Column, Report, plain_row
from . import Options


def _plain(row: Sequence[object], columns: tuple[Column, ...]) -> dict[str, object]:
    return plain_row(tuple(row), columns)


class JsonEncoder:
    """The rows of a JSON document (see :class:`vesting.render.Encoder`)."""

    separator = ",\n    "

    def __init__(self, columns: tuple[Column, ...], options: Options) -> None:
        self._columns = columns

    def head(self, report: Report) -> str:
        head = {"schema_version": SCHEMA_VERSION, "command": report.command, **report.params}
        text = json.dumps(head, indent=2, ensure_ascii=False)
        return text[:-2] + ',\n  "rows": [\n    '

    def rows(self, rows: Iterable[Sequence[object]]) -> str:
        columns = self._columns
        return self.separator.join(
            json.dumps(_plain(row, columns), ensure_ascii=False) for row in rows
        )

    def tail(self, report: Report) -> str:
        parts = ["\n  ]"]
        for key, value in report.trailer().items():
            parts.append(f",\n  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
        parts.append("\n}\n")
        return "".join(parts)


class JsonLinesEncoder:
    """One JSON object per row, one per line (see :class:`vesting.render.Encoder`)."""

    separator = ""

    def __init__(self, columns: tuple[Column, ...], options: Options) -> None:
        self._columns = columns

    def head(self, report: Report) -> str:
        return ""

    def rows(self, rows: Iterable[Sequence[object]]) -> str:
        columns = self._columns
        return "".join(json.dumps(_plain(row, columns), ensure_ascii=False) + "\n" for row in rows)

    def tail(self, report: Report) -> str:
        return ""
