"""TOML's own dates that name no day (``grant_date = 2008-02-30``, unquoted): read as the text
they are, so that the grant's date converter reports them as it reports any date — located at
the grant and field, naming the value and what is allowed — rather than the whole document
failing with the parser's ``Invalid date or datetime (at line 5, column 14)``.

:func:`loads` parses; when the parser stops at a bare date-shaped value that is no valid TOML
date (a day or month out of range), that value is quoted and the document parsed again. Any
other error is the parser's, with its column as the original text has it. The re-parsing is
bounded: at most ``MAX_FIXES`` values, and no more than ``REPARSE`` characters parsed again in
all, so a large document full of bad dates costs at most a few seconds more before its first
remaining bad date is reported as the parser says it.
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from typing import Any, Final

MAX_FIXES: Final = 100
REPARSE: Final = 16 * 1024 * 1024
"""Characters parsed again, at most, over all the fixes of one document (tomllib reads a few
MB a second)."""
_AT = re.compile(r"\(at line ([0-9]+), column ([0-9]+)\)")
_BARE_DATE = re.compile(
    r"(?<![\w\"'.:+-])[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"(?:[Tt ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})?)?"
    r"(?![\w.:+-])"
)


class TomlSyntax(Exception):
    """The document is no TOML: the parser's message (its line and column as in the text)."""


def loads(content: str) -> dict[str, Any]:
    """The document (numbers with a decimal point as ``Decimal``), its invalid bare dates read
    as text (see the module doc). Raises :class:`TomlSyntax` when it is no TOML otherwise."""
    budget = max(1, min(MAX_FIXES, REPARSE // max(len(content), 1)))
    fixes: list[tuple[int, int]] = []
    text = content
    while True:
        try:
            return tomllib.loads(text, parse_float=Decimal)
        except tomllib.TOMLDecodeError as e:
            at = _AT.search(str(e))
            line = int(at.group(1)) if at is not None else 0
            fixed = None
            if at is not None and len(fixes) < budget:
                fixed = _quoted(text, line, int(at.group(2)))
            if fixed is None:
                raise TomlSyntax(_as_given(str(e), fixes)) from None
            text, column = fixed
            fixes.append((line, column))


def _quoted(text: str, line: int, column: int) -> tuple[str, int] | None:
    """``text`` with the invalid bare date at (or around) ``line``, ``column`` quoted, and the
    column it starts at; ``None`` when there is none there."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    end = text.find("\n", start)
    row = text[start : end if end >= 0 else len(text)]
    index = column - 1
    for m in _BARE_DATE.finditer(row):
        if m.start() <= index <= m.end() and not _valid(m.group()):
            a, b = start + m.start(), start + m.end()
            return f'{text[:a]}"{m.group()}"{text[b:]}', m.start() + 1
    return None


def _valid(token: str) -> bool:
    """``token`` is a date (or date-time) TOML reads."""
    try:
        tomllib.loads(f"v = {token}")
    except tomllib.TOMLDecodeError:
        return False
    return True


def _as_given(message: str, fixes: list[tuple[int, int]]) -> str:
    """The parser's ``message`` with its column as in the original text (each quoted value
    before it on its line moved it 2 to the right)."""
    at = _AT.search(message)
    if at is None or not fixes:
        return message
    line, column = int(at.group(1)), int(at.group(2))
    for fixed_line, fixed_column in reversed(fixes):  # each in the text of its time
        if fixed_line == line and fixed_column < column:
            column -= 2
    return message[: at.start()] + f"(at line {line}, column {column})" + message[at.end() :]
