"""Where a TOML or JSON document goes wrong in ways its parser cannot say where: values nested
too deeply for the parser (it runs out of recursion), or a number with more digits than Python
converts. A scan of the text outside strings and comments finds the line, column and grant,
so the problem is located like any other (:mod:`vesting.io.documents`).
"""

from __future__ import annotations

import re
from typing import Final

from ..errors import Location

DEEP: Final = 200
"""A nesting depth no grant file needs (its deepest value is a few levels down); the scan
reports the first place the text goes deeper."""
_GRANT_HEADER = re.compile(r"\s*\[\[\s*grants?\s*\]\]")
_DIGITS = re.compile(r"[0-9_]{1000,}")


class _Scan:
    """Positions in a text, with the grant each falls in."""

    def __init__(self, text: str, name: str, toml: bool) -> None:
        self.text, self.name, self.toml = text, name, toml
        self.starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.starts.append(i + 1)

    def where(self, at: int, grant: int | None) -> Location:
        line = _line_of(self.starts, at)
        record = f"grant #{grant}" if grant else ""
        return Location(self.name, line, record, at - self.starts[line - 1] + 1)


def _line_of(starts: list[int], at: int) -> int:
    lo, hi = 0, len(starts)
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= at:
            lo = mid
        else:
            hi = mid
    return lo + 1


def too_deep(text: str, name: str, toml: bool) -> tuple[Location, int]:
    """Where the nesting first goes deeper than :data:`DEEP` (or, when it never does, its
    deepest point), and how deep the text goes."""
    scan = _Scan(text, name, toml)
    depth = deepest = 0
    deepest_at = 0
    first: Location | None = None
    grant = 0
    in_grants = False
    key = ""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if toml and ch == "#":
            while i < n and text[i] != "\n":
                i += 1
            continue
        if toml and ch == "[" and depth == 0 and _GRANT_HEADER.match(text, i):
            grant += 1
            i = text.index("]]", i) + 2
            continue
        if ch in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if (text[j] == "\\" and quote[0] == '"') else 1
            if not toml and depth == 1:
                key = text[i + 1 : j]
            i = j + len(quote)
            continue
        if ch in "[{":
            depth += 1
            if not toml and depth == 2 and key in ("grants", "grant") and ch == "[":
                in_grants = True
            elif not toml and depth == 3 and in_grants and ch == "{":
                grant += 1
            if depth > deepest:
                deepest, deepest_at = depth, i
            if depth > DEEP and first is None:
                first = scan.where(i, grant or None)
        elif ch in "]}":
            depth = max(depth - 1, 0)
            if not toml and depth == 1:
                in_grants = False
        i += 1
    return first or scan.where(deepest_at, grant or None), deepest


def long_number(text: str, name: str, toml: bool) -> tuple[Location, int] | None:
    """The first number of a thousand digits or more (outside strings), and its digits."""
    for m in _DIGITS.finditer(text):
        start = m.start()
        before = text.rfind("\n", 0, start) + 1
        segment = text[before:start]
        if segment.count('"') % 2 or segment.count("'") % 2:
            continue  # inside a string on this line
        scan = _Scan(text, name, toml)
        grant = _grant_before(text, start, toml)
        return scan.where(start, grant), len(m.group().replace("_", ""))
    return None


def _grant_before(text: str, at: int, toml: bool) -> int | None:
    if toml:
        count = sum(1 for line in text[:at].splitlines() if _GRANT_HEADER.match(line))
        return count or None
    return None
