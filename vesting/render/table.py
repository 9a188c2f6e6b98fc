"""Tables for a terminal (rich): thousands separators, money with two decimals and the currency
symbol, ISO dates, totals in a ``TOTAL`` row (bold in colour). Colours only when asked for.

Rows are collected first (a table is laid out whole); rows of one section (a date, a date and
a price) are kept together in the order sections first appear, totals last in theirs.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from math import floor
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table

from ..errors import one_line
from ..report import Column, Report
from . import Options


def cell(value: object, kind: str, currency: str) -> str:
    """One table cell as text."""
    if value is None or value == "":
        return "-" if kind != "text" else ""
    if kind == "shares":
        if type(value) is int:
            return f"{value:,}"
        assert isinstance(value, Fraction)
        fraction = value
        integer = floor(fraction)
        part = fraction - integer
        return f"{integer:,} {part.numerator}/{part.denominator}" if part else f"{integer:,}"
    if kind in ("money", "price"):
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        exponent = amount.as_tuple().exponent
        places = max(2, -exponent) if isinstance(exponent, int) else 2
        return f"{currency}{amount:,.{places}f}"
    if kind == "percent":
        return f"{value}%"
    if kind == "date":
        return value.isoformat()  # type: ignore[attr-defined,no-any-return]
    return one_line(str(value))  # text from a file reaches a terminal: no escape sequences


def _grouped(
    report: Report, rows: Iterable[tuple[object, ...]]
) -> list[tuple[str, list[tuple[object, ...]]]]:
    """Rows split into tables (``split_by``), each in section order (``section_by``)."""
    keys = [c.key for c in report.columns]
    groups: dict[str, list[tuple[object, ...]]] = {}
    if report.split_by:
        at = keys.index(report.split_by)
        for row in rows:
            groups.setdefault(str(row[at]), []).append(row)
    else:
        groups[""] = list(rows)
    if report.section_by is not None:
        by = report.section_by
        for key, members in groups.items():
            sections: dict[object, list[tuple[object, ...]]] = {}
            for row in members:
                sections.setdefault(by(row), []).append(row)
            groups[key] = [row for section in sections.values() for row in section]
    return list(groups.items())


def shown_columns(report: Report) -> list[Column]:
    return [c for c in report.columns if c.table and c.key not in report.hidden]


def render(report: Report, out: TextIO, options: Options) -> None:
    rows = list(report.rows)
    columns = shown_columns(report)
    keys = [c.key for c in report.columns]
    index = {c.key: keys.index(c.key) for c in columns}
    row_at = keys.index("row") if "row" in keys else None
    mark_at = keys.index("mark") if "mark" in keys else None
    color = options.color
    tables: list[Table] = []
    for key, members in _grouped(report, rows):
        title = one_line(report.titles.get(key, report.title) if report.split_by else report.title)
        table = Table(
            title=title,
            title_justify="left",
            box=box.SIMPLE_HEAD,
            collapse_padding=True,
            pad_edge=False,
            header_style="bold" if color else "",
            title_style="bold" if color else "",
        )
        for c in columns:
            right = c.kind in ("shares", "money", "price", "percent")
            table.add_column(c.title, justify="right" if right else "left", no_wrap=True)
        previous: object = None
        for i, row in enumerate(members):
            section = report.section_by(row) if report.section_by else None
            if i and section != previous:
                table.add_section()
            previous = section
            cells = [cell(row[index[c.key]], c.kind, options.currency) for c in columns]
            if row_at is not None and row[row_at] == "total":
                if "grant_id" in index:
                    cells[[c.key for c in columns].index("grant_id")] = "TOTAL"
                table.add_row(*cells, style="bold" if color else None)
            else:
                forfeited = color and mark_at is not None and row[mark_at] == "forfeited"
                table.add_row(*cells, style="red" if forfeited else None)
        if not members:
            table.caption = "(nothing)"
        tables.append(table)
    if not tables:
        table = Table(title=report.title, title_justify="left", box=box.SIMPLE_HEAD)
        table.caption = "(nothing)"
        tables.append(table)
    out.write(_text(tables, report.notes, color, options.width))


def _text(tables: list[Table], notes: list[str], color: bool, width: int | None) -> str:
    measure = Console(width=10_000, file=io.StringIO())
    natural = max(
        [80, *(measure.measure(t).maximum for t in tables), *(len(t.title or "") for t in tables)]
    )
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=natural if width is None else width,
        force_terminal=color,
        no_color=not color,
        color_system="auto" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    for t in tables:
        console.print(t)
    for note in notes:
        console.print(note)
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"


def titles_of(report: Report) -> Mapping[str, str]:
    return report.titles
