"""JSON-lines grant files: one grant object per line, with the fields of a JSON grant.

Read and built a line at a time (memory stays flat); blank lines are skipped. There are no
``defaults`` or named terms tables (a ``terms`` value is a built-in name or an inline table).
Problems are located by line (``grants.jsonl: line 7: grant 'E1': ...``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Final

from ..errors import Location, Problem, grant_label
from .build import Builder, Read
from .documents import NESTING, load_json
from .source import Text
from .values import brief

MAX_LINE: Final = 1024 * 1024
"""The longest line read (1 MiB): one grant is a few hundred characters."""
LINE_FORMS: Final = "one JSON object of grant fields per line, at most 1 MiB long"


def read_jsonl(
    text: Text, builder: Builder | None = None, *, strict: bool = False
) -> Iterator[Read]:
    """The grants of a JSON-lines file, one :class:`Read` per non-blank line (``strict``: see
    :class:`~vesting.io.build.Builder`)."""
    return read_jsonl_lines(text.name, text.lines, 1, builder or Builder(strict=strict))


def read_jsonl_lines(
    name: str,
    lines: Iterable[str],
    first_line: int,
    builder: Builder | None = None,
) -> Iterator[Read]:
    """The grants of part of a JSON-lines file (``lines``, the first of them line
    ``first_line``): what a worker process reads, or the whole file."""
    build = (builder or Builder()).grant
    for line, content in enumerate(lines, start=first_line):
        if not content.strip():
            continue
        source = Location(name, line)
        if len(content) > MAX_LINE:
            problem = Problem("line", f"{len(content):,} characters", LINE_FORMS, source)
            yield Read(None, (problem,), source)
            continue
        try:
            obj = load_json(content)
        except json.JSONDecodeError as e:
            allowed = f"one JSON object per line (column {e.colno})"
            yield Read(None, (Problem("json", e.msg, allowed, source),), source)
            continue
        except RecursionError:
            problem = Problem("json", "values nested too deeply", NESTING, source)
            yield Read(None, (problem,), source)
            continue
        if not isinstance(obj, dict):
            allowed = "one JSON object of grant fields per line"
            yield Read(None, (Problem("line", brief(obj), allowed, source),), source)
            continue
        gid = obj.get("id")
        key = str(gid).strip() if isinstance(gid, str | int) and not isinstance(gid, bool) else ""
        where = Location(name, line, grant_label(key)) if key else source
        grant, problems = build(obj, where, source)
        yield Read(grant, tuple(problems), where, True, key or None)
