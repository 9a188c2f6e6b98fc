"""JSON-lines grant files: one grant object per line, with the fields of a JSON grant.

Read and built a line at a time (memory stays flat); blank lines are skipped. There are no
``defaults`` or named terms tables (a ``terms`` value is a built-in name or an inline table).
Problems are located by line (``grants.jsonl: line 7: grant 'E1': ...``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Final

from ..errors import Problem, grant_label
from .build import Builder, Read
from .documents import NESTING, load_json
from .fields import brief
from .seen import SeenIds, repeated
from .source import Text

MAX_LINE: Final = 1024 * 1024
"""The longest line read (1 MiB): one grant is a few hundred characters."""
LINE_FORMS: Final = "one JSON object of grant fields per line, at most 1 MiB long"


def read_jsonl(text: Text, builder: Builder | None = None) -> Iterator[Read]:
    """The grants of a JSON-lines file, one :class:`Read` per non-blank line."""
    return read_jsonl_lines(text.name, text.lines, 1, builder, SeenIds())


def read_jsonl_lines(
    name: str,
    lines: Iterable[str],
    first_line: int,
    builder: Builder | None = None,
    seen: SeenIds | None = None,
) -> Iterator[Read]:
    """The grants of part of a JSON-lines file (``lines``, the first of them line
    ``first_line``); repeated ids are checked only with ``seen`` (a worker process reads a part
    and the caller checks ids over every part)."""
    build = (builder or Builder()).grant
    for line, content in enumerate(lines, start=first_line):
        if not content.strip():
            continue
        where = f"{name}: line {line}"
        if len(content) > MAX_LINE:
            problem = Problem("line", f"{len(content):,} characters", LINE_FORMS, where)
            yield Read(None, (problem,), where, line)
            continue
        try:
            obj = load_json(content)
        except json.JSONDecodeError as e:
            problem = Problem("json", e.msg, f"one JSON object per line (column {e.colno})", where)
            yield Read(None, (problem,), where, line)
            continue
        except RecursionError:
            problem = Problem("json", "values nested too deeply", NESTING, where)
            yield Read(None, (problem,), where, line)
            continue
        if not isinstance(obj, dict):
            problem = Problem("line", brief(obj), "one JSON object of grant fields per line", where)
            yield Read(None, (problem,), where, line)
            continue
        gid = obj.get("id")
        key = str(gid).strip() if isinstance(gid, str | int) and not isinstance(gid, bool) else ""
        if key:
            where = f"{where}: {grant_label(key)}"
        grant, problems = build(obj, where, f"{name}: line {line}")
        if key and seen is not None:
            before = seen.add(key, line)
            if before is not None:
                problems, grant = [*problems, repeated(key, before, "line", where)], None
        yield Read(grant, tuple(problems), where, line)
