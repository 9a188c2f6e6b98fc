"""Reports: typed rows from results, with what a renderer needs to write them.

A :class:`Report` is a command's output before it is written: the ``rows`` (an iterator of a
row type from :mod:`vesting.report.rows`, produced lazily as results arrive), the parameters of
the question (``params``, known up front), and what is only known once every row has been
produced (``trailer``: e.g. the grant ids, for JSON). The builders in
:mod:`vesting.report.builders` make one per command; :mod:`vesting.render` writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from .columns import Col, Column, columns_of
from .plain import SCHEMA_VERSION, plain_row, to_plain

__all__ = [
    "SCHEMA_VERSION",
    "Col",
    "Column",
    "Note",
    "Report",
    "columns_of",
    "plain_row",
    "to_plain",
]


class Note(NamedTuple):
    """A note with money in it: text and money amounts (``Decimal``, in cents), in order. The
    renderer writes each amount as it writes money in a table, with the currency
    (:func:`vesting.render.table.note_text`): money in a note is never bare digits."""

    parts: tuple[str | Decimal, ...]


@dataclass
class Report:
    """A command's output, rows produced lazily (see the module doc).

    Table layout hints: rows are split into separate tables by ``split_by`` (titled by
    ``titles``, filled in as rows are produced) or into sections of one table by
    ``section_by`` (a function of the row). ``hidden`` columns are left out of tables (e.g. the
    date when there is only one, named in the title instead).
    """

    command: str
    row_type: type
    rows: Iterable[tuple[object, ...]]
    """The rows, produced lazily as results arrive (or held, to be written once)."""
    params: Mapping[str, object] = field(default_factory=dict)
    trailer: Callable[[], Mapping[str, object]] = dict
    title: str = ""
    split_by: str | None = None
    titles: Mapping[str, str] = field(default_factory=dict)
    section_by: Callable[[tuple[object, ...]], object] | None = None
    hidden: frozenset[str] = frozenset()
    notes: list[str | Note] = field(default_factory=list)
    """Lines a table shows under itself (what was left out, how to see it; a :class:`Note`
    when they hold money)."""
    card: bool = False
    """A single grant row may be shown as a card (label: value) instead of a table."""
    extra: tuple[Column, ...] = ()
    """Columns the rows carry after the row type's own (:mod:`vesting.report.extra`)."""

    @property
    def columns(self) -> tuple[Column, ...]:
        own = columns_of(self.row_type)
        return own + self.extra if self.extra else own
