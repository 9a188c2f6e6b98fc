"""Tables for a terminal (rich): thousands separators, money with two decimals and the currency
symbol (in the notes under a table too: :class:`~vesting.report.Note`), share counts with a
fraction to 4 decimals (:func:`vesting.shares.shares_text`, and a note saying so), ISO dates,
totals in a ``TOTAL`` row (bold in colour). Colours only when asked for.

Rows are collected first (a table is laid out whole); rows of one section (a date, a date and
a price) are kept together in the order sections first appear, totals last in theirs.

Which columns, and in what shape (:class:`~vesting.render.Options`):

* ``columns`` named: those columns, in that order, each as wide as its widest cell;
* ``wide``: every column, each as wide as its widest cell (lines may be longer than the
  terminal: use it with a pager, or a wide window);
* otherwise, a report that allows it (``status``, ``value``, ``tax``, ``fair-value``) holding a
  single grant row — one grant, one date, one price, one taxable event — is a *card*: one line
  per column, ``label  value``, every quantity included, zeros too (the total, the same
  numbers, is left out; so is a column that is empty on the row, unless it is of rank 0). A
  card always fits;
* otherwise the *fitted* table: every column that says something on some row of that table
  (:func:`~vesting.report.columns.informative`: not ``None``, empty, zero, the column's
  ``blank`` such as the mark ``scheduled``, or the value of its ``usual`` column), so an
  expired, forfeited or exercised count, or a figure a flag asked for, is there when it is not
  zero; then, while the table is wider than ``width``, the column
  :func:`~vesting.report.columns.first_to_go` names leaves: the highest ``rank`` first (what
  the grant itself says, such as its kind and shares granted, before the answers), among
  equal ranks one with the same value on every grant row before one that varies, then the
  rightmost. Columns of rank 0 always stay; if they alone are wider than ``width``, text cells
  are cut short with ``…``. ``width`` ``None``: no limit. When a column with something to say
  is not shown, a note under the tables names it (and those that say nothing) and says how to
  see them (``Options.more``).
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple, TextIO, cast

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from ..errors import one_line
from ..report import Column, Note, Report
from ..report.columns import first_to_go, informative
from ..shares import ROUNDED_NOTE, as_shares, shares_text
from . import Options

GAP = 2
"""Spaces between two columns of a table (rich's padding, edges off)."""

NUMERIC = frozenset({"shares", "money", "price", "percent", "number"})
STYLES = {"total": "bold", "forfeited": "red"}


def cell(value: object, kind: str, currency: str) -> str:
    """One table cell as text."""
    if value is None or value == "":
        return "-" if kind != "text" else ""
    if kind == "shares":
        if type(value) is int:
            return f"{value:,}"
        assert isinstance(value, Fraction)
        return shares_text(as_shares(value))
    if kind in ("money", "price"):
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        exponent = amount.as_tuple().exponent
        places = max(2, -exponent) if isinstance(exponent, int) else 2
        sign = "-" if amount < 0 else ""
        return f"{sign}{currency}{abs(amount):,.{places}f}"
    if kind == "percent":
        return f"{value}%"
    if kind == "date":
        return cast(_dt.date, value).isoformat()
    return one_line(str(value))  # text from a file reaches a terminal: no escape sequences


def cell_of(row: Sequence[object], column: Column, index: dict[str, int], currency: str) -> str:
    """A row's cell of ``column`` as text, the value of its ``aside`` column after it in
    parentheses when there is one (``2009-06-13 (90d)``)."""
    value = row[index[column.key]]
    text = cell(value, column.kind, currency)
    if column.aside and value is not None:
        aside = row[index[column.aside]]
        if aside is not None and aside != "":
            text += f" ({one_line(str(aside))})"
    return text


def note_text(note: str | Note, currency: str) -> str:
    """A note's text, its money written as :func:`cell` writes money (with the currency)."""
    if isinstance(note, str):
        return note
    return "".join(p if isinstance(p, str) else cell(p, "money", currency) for p in note.parts)


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
    """Every column a table can show: table columns that are not hidden (``--wide``)."""
    return [c for c in report.columns if c.table and c.key not in report.hidden]


def title_of(column: Column) -> str:
    """A column title on one line (cards, notes)."""
    return column.title.replace("\n", " ")


class Layout(NamedTuple):
    """One table's columns and cell texts; ``left_out``: the columns not shown and why."""

    title: str
    columns: list[Column]
    cells: list[list[str]]
    styles: list[str]
    """Each row's style: ``total``, ``forfeited`` (a forfeiture entry) or ``""``."""
    sections: list[object]
    silent: list[str]
    """Compact columns that say nothing on any row of the table."""
    dropped: list[str]
    """Columns with something to say, left out to fit the width."""


def render(report: Report, out: TextIO, options: Options) -> None:
    rows = list(report.rows)
    keys = [c.key for c in report.columns]
    row_at = keys.index("row") if "row" in keys else None
    grants = [r for r in rows if row_at is None or r[row_at] != "total"]
    if report.card and len(grants) == 1 and not options.columns and not options.wide:
        out.write(_card(report, grants[0], options))
        return
    layouts = [_layout(report, key, members, options) for key, members in _grouped(report, rows)]
    notes = [note_text(n, options.currency) for n in report.notes]
    if shows_fraction(report.columns, rows, [c for layout in layouts for c in layout.columns]):
        notes.append(ROUNDED_NOTE)
    notes.extend(_left_out(report, layouts, options))
    out.write(_text(report, layouts, notes, options))


def shows_fraction(
    columns: Sequence[Column], rows: Sequence[tuple[object, ...]], shown: Sequence[Column]
) -> bool:
    """Whether a share count with a fraction is in a ``shown`` column of ``rows`` (of these
    ``columns``): it is printed rounded, and the table says so in a note (``ROUNDED_NOTE``)."""
    keys = {c.key for c in shown if c.kind == "shares"}
    at = [i for i, c in enumerate(columns) if c.key in keys]
    return any(
        isinstance(r[i], Fraction) and cast(Fraction, r[i]).denominator != 1
        for r in rows
        for i in at
    )


def _chosen(report: Report, options: Options) -> list[Column]:
    if options.columns:
        by_key = {c.key: c for c in report.columns}
        return [by_key[k] for k in options.columns if k in by_key and by_key[k].table]
    return shown_columns(report)


def _layout(
    report: Report, key: str, members: list[tuple[object, ...]], options: Options
) -> Layout:
    keys = [c.key for c in report.columns]
    index = {c.key: i for i, c in enumerate(report.columns)}
    row_at = keys.index("row") if "row" in keys else None
    title = one_line(report.titles.get(key, report.title) if report.split_by else report.title)
    columns = _chosen(report, options)
    fitting = not options.columns and not options.wide
    silent: list[str] = []
    dropped: list[str] = []
    named: list[dict[str, object]] = []
    if fitting:
        named = [dict(zip(keys, r, strict=True)) for r in members]
        if members:
            unasked = {  # optional columns this question did not fill: not mentioned
                c.key for c in columns if c.optional and all(r.get(c.key) is None for r in named)
            }
            kept = informative(columns, named)
            silent = [c.key for c in columns if c not in kept and c.key not in unasked]
            columns = kept
    cells = [[cell_of(r, c, index, options.currency) for c in columns] for r in members]
    mark_at = keys.index("mark") if "mark" in keys else None
    styles = [
        "total"
        if row_at is not None and r[row_at] in ("total", "subtotal")
        else "forfeited"
        if mark_at is not None and r[mark_at] == "forfeited"
        else ""
        for r in members
    ]
    if "grant_id" in [c.key for c in columns]:
        at = [c.key for c in columns].index("grant_id")
        for texts, style, r in zip(cells, styles, members, strict=True):
            if style == "total":  # a group's subtotal (--by), or the total
                sub = row_at is not None and r[row_at] == "subtotal"
                texts[at] = "Subtotal" if sub else "TOTAL"
    sections = [report.section_by(r) if report.section_by else None for r in members]
    if fitting and options.width is not None:
        grants = [r for r, style in zip(named, styles, strict=True) if style != "total"]
        widths = [_width(c, [texts[i] for texts in cells]) for i, c in enumerate(columns)]
        while sum(widths) + GAP * (len(widths) - 1) > options.width:
            i = first_to_go(columns, grants or named)
            if i is None:
                break
            dropped.append(columns[i].key)
            del columns[i], widths[i]
            for texts in cells:
                del texts[i]
    return Layout(title, columns, cells, styles, sections, silent, dropped)


def _width(column: Column, texts: Sequence[str]) -> int:
    title = max(cell_len(line) for line in column.title.split("\n"))
    return max([title, *(cell_len(t) for t in texts)])


def _left_out(report: Report, layouts: Sequence[Layout], options: Options) -> list[str]:
    """The note on the columns not shown (in column order)."""
    order = [c.key for c in report.columns]
    shown = {c.key for layout in layouts for c in layout.columns}
    dropped = {k for layout in layouts for k in layout.dropped} - shown
    silent = {k for layout in layouts for k in layout.silent} - shown - dropped
    if not dropped:  # only columns that say nothing are left out: nothing is missed
        return []
    parts = ["Not shown: " + ", ".join(k for k in order if k in dropped) + "."]
    if silent:
        parts.append(
            "Nothing to say (zero, empty or as usual): "
            + ", ".join(k for k in order if k in silent)
            + "."
        )
    if options.more:
        parts.append(options.more)
    return [" ".join(parts)]


def _new_table(color: bool) -> Table:
    return Table(
        box=box.SIMPLE_HEAD,
        collapse_padding=True,
        pad_edge=False,
        show_edge=False,
        header_style="bold" if color else "",
    )


Titled = tuple[str, Table]
"""A table and the title printed above it (not by rich, which would wrap it to the table's
width)."""


def _text(report: Report, layouts: list[Layout], notes: list[str], options: Options) -> str:
    color = options.color
    tables: list[Titled] = []
    for layout in layouts:
        table = _new_table(color)
        for c in layout.columns:
            right = c.kind in NUMERIC
            table.add_column(
                c.title,
                justify="right" if right else "left",
                no_wrap=True,
                overflow="ellipsis",
            )
        previous: object = None
        for i, (texts, style, section) in enumerate(
            zip(layout.cells, layout.styles, layout.sections, strict=True)
        ):
            if i and section != previous:
                table.add_section()
            previous = section
            table.add_row(*texts, style=STYLES.get(style) if color else None)
        if not layout.cells:
            table.caption = "(nothing)"
        tables.append((layout.title, table))
    if not tables:
        table = _new_table(color)
        table.caption = "(nothing)"
        tables.append((one_line(report.title), table))
    fitting = not options.columns and not options.wide
    if fitting and options.width is not None:
        width = options.width
    else:
        measure = Console(width=10_000, file=io.StringIO())
        width = max(
            [80, *(measure.measure(t).maximum for _, t in tables)]
            + [cell_len(title) for title, _ in tables]
        )
    return _print(tables, notes, color, width)


def _card(report: Report, row: tuple[object, ...], options: Options) -> str:
    """One grant row as ``label  value`` lines (see the module doc)."""
    index = {c.key: i for i, c in enumerate(report.columns)}
    grid = Table(box=None, show_header=False, show_edge=False, pad_edge=False)
    grid.add_column(style="bold" if options.color else None, no_wrap=True)
    grid.add_column(justify="right", overflow="fold")
    for c in shown_columns(report):
        if c.rank > 0 and row[index[c.key]] is None:  # empty, not zero: nothing to say
            continue
        grid.add_row(title_of(c), cell_of(row, c, index, options.currency))
    titled = [(one_line(report.title), grid)]
    notes = [note_text(n, options.currency) for n in report.notes]
    if shows_fraction(report.columns, [row], shown_columns(report)):
        notes.append(ROUNDED_NOTE)
    return _print(titled, notes, options.color, options.width or 80)


def _print(tables: Sequence[Titled], notes: Sequence[str], color: bool, width: int) -> str:
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="auto" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    for i, (title, table) in enumerate(tables):
        if i:
            console.print()
        if title:
            console.print(title, style="bold" if color else None)
        console.print(table)
    if notes:
        console.print()
    for note in notes:
        console.print(note)
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"
