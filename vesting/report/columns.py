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
from functools import cache
from typing import Final, NamedTuple

KINDS: Final = ("text", "shares", "money", "price", "percent", "number", "date")


class Col(NamedTuple):
    """Column metadata for a row field: ``Annotated[int, Col("Vested", "shares")]``.

    ``table``: shown in tables (``False``: the value is in the table's title instead, or it is
    the row type marker). ``compact``: one of the columns a terminal-width table shows first.
    ``rank``: when the compact table is still too wide, columns of higher rank are left out
    first (0: never). ``blank``: a value that, like ``None``, ``""`` and ``0``, says nothing
    (e.g. the mark ``scheduled`` of an entry no event touched). ``optional``: a column that
    only some questions fill (dilution without ``--shares-outstanding``); a one-grant card
    leaves it out when it is empty.
    """

    title: str
    kind: str = "text"
    table: bool = True
    compact: bool = True
    rank: int = 1
    blank: object = None
    optional: bool = False


class Column(NamedTuple):
    """One output column: the row ``key`` and its :class:`Col` metadata, flattened."""

    key: str
    title: str
    kind: str
    table: bool
    compact: bool
    rank: int = 1
    blank: object = None
    optional: bool = False


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
