"""Columns derived from one definition: a row type is a ``NamedTuple`` whose fields are
annotated with a :class:`Col` (title and kind), so the key, the order, the table title and the
way a value is written can never drift apart.

Kinds (how renderers write a value): ``text``, ``shares`` (``int``, or a ``Fraction`` under
fractional allocation), ``money`` (``Decimal`` in cents), ``price`` (an exact ``Decimal``),
``percent`` (already a string rounded half up to two decimals), ``number`` (a decimal number
already written as a string: years, rates), ``date``.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Final, NamedTuple

KINDS: Final = ("text", "shares", "money", "price", "percent", "number", "date")


class Col(NamedTuple):
    """Column metadata for a row field: ``Annotated[int, Col("Vested", "shares")]``.

    ``table``: shown in tables (``False``: the value is in the table's title instead, or it is
    the row type marker). ``rank``: a table too wide for the terminal leaves out columns of
    higher rank first (0: never; 1: answers; 2: secondary figures; 3: what the grant itself
    says, such as its kind and shares granted). ``blank``: a value that, like ``None``, ``""``
    and ``0``, says nothing (e.g. the mark ``scheduled`` of an entry no event touched).
    ``usual``: another column of the row; this one says nothing on a row where it has the
    same value (an exercise deadline that is the expiration date: no termination moved it).
    ``optional``: a column that only some questions fill (dilution without
    ``--shares-outstanding``); a one-grant card leaves it out when it is empty. ``help``: what
    the column counts, in a sentence (``--columns help`` and ``docs/columns.md`` show it).
    ``aside``: another column of the row whose value tables and cards write after this one's, in
    parentheses, when it has one (the exercise deadline's window: ``2009-06-13 (90d)``); CSV
    and JSON keep the two apart.
    """

    title: str
    kind: str = "text"
    table: bool = True
    rank: int = 1
    blank: object = None
    optional: bool = False
    usual: str = ""
    help: str = ""
    aside: str = ""


class Column(NamedTuple):
    """One output column: the row ``key`` and its :class:`Col` metadata, flattened."""

    key: str
    title: str
    kind: str
    table: bool
    rank: int = 1
    blank: object = None
    optional: bool = False
    usual: str = ""
    help: str = ""
    aside: str = ""


@cache
def columns_of(row_type: type) -> tuple[Column, ...]:
    """The columns of a row type, in field order, from its annotations."""
    hints = typing.get_type_hints(row_type, include_extras=True)
    out: list[Column] = []
    for name in hints:  # a NamedTuple's annotations are its fields, in order
        meta = [m for m in getattr(hints[name], "__metadata__", ()) if isinstance(m, Col)]
        if len(meta) != 1:
            raise TypeError(f"{row_type.__name__}.{name}: annotate it with exactly one Col")
        col = meta[0]
        if col.kind not in KINDS:
            raise TypeError(f"{row_type.__name__}.{name}: unknown column kind {col.kind!r}")
        out.append(Column(name, *col))
    return tuple(out)


def says_nothing(value: object, column: Column, row: Mapping[str, object] | None = None) -> bool:
    """``None``, empty, zero, the column's own blank value, or (given the ``row``, by key) the
    value of the column it is ``usual`` to equal."""
    if value is None or value == "" or value == 0 or value == column.blank:
        return True
    return bool(column.usual) and row is not None and row.get(column.usual) == value


def informative(columns: Sequence[Column], rows: Sequence[Mapping[str, object]]) -> list[Column]:
    """The columns that say something on at least one row (rank 0 ones always), in order.

    This is the rule every view that chooses its columns applies (the terminal table before it
    fits them to the width; the HTML report, whole): a column that is zero or empty on every
    row shown is left out, whatever its rank."""
    return [
        c for c in columns if c.rank == 0 or any(not says_nothing(r.get(c.key), c, r) for r in rows)
    ]


def first_to_go(columns: Sequence[Column], rows: Sequence[Mapping[str, object]]) -> int | None:
    """The index in ``columns`` of the one to leave out first when a table is too wide, or
    ``None`` when only rank 0 columns are left.

    The highest rank goes first; among equal ranks, a column with the same value on every row
    (it tells the rows apart by nothing) before one that varies; then the rightmost."""
    best: tuple[int, bool, int] | None = None
    for i, c in enumerate(columns):
        if c.rank <= 0:
            continue
        values = {repr(r.get(c.key)) for r in rows}
        key = (c.rank, len(values) <= 1, i)
        if best is None or key > best:
            best = key
    return None if best is None else best[2]
