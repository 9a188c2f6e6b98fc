"""One chunk of a listing run: grant entries → each entry's rows encoded to text (or kept as
rows, for formats laid out whole), the chunk's running totals, the ids it selected and what a
table gathers besides the rows. The same function runs in this process and in worker
processes (:mod:`vesting.run.workers`), so the text is the same either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from ..commands.base import Gathered, Listing, Row, Totals
from ..errors import Location, Problem, VestingError
from ..io import Read
from ..render import Encoder
from .select import Picker, Selection


class Record(NamedTuple):
    """One grant entry's outcome in a chunk: its ``text`` (encoded rows; ``rows`` for formats
    that are not streamed), or its ``problems``."""

    where: Location
    grant_id: str | None
    text: str
    rows: tuple[Row, ...]
    problems: tuple[Problem, ...]
    entry: bool

    @property
    def line(self) -> int | None:
        return self.where.line


class Chunk(NamedTuple):
    """A processed chunk: its records in input order, the running totals of its good records,
    the ids it selected (and some it saw), and what a table gathers of its grants."""

    records: list[Record]
    totals: Totals
    picker: Picker
    gathered: Gathered


def process(
    command: Listing[Any],
    selection: Selection,
    entries: Iterable[Read],
    encoder: Encoder | None,
    state: Any = None,
    skip: frozenset[int | None] = frozenset(),
) -> Chunk:
    """Compute and encode every entry. Entries on the lines in ``skip`` are left out (repeated
    ids the caller has found). What a table gathers is kept only for tables (``encoder`` is
    ``None``): nothing kept grows with the input otherwise."""
    totals = command.totals()
    picker = selection.picker()
    gathered = Gathered()
    records: list[Record] = []
    table = encoder is None
    for entry in entries:
        if not picker.take(entry) or (skip and entry.line in skip):
            continue
        entry = selection.apply(entry)
        grant = entry.grant
        if grant is None or entry.problems:
            records.append(Record(entry.where, entry.id, "", (), entry.problems, entry.entry))
            continue
        try:
            value = command.compute(grant, state)
        except VestingError as e:
            located = tuple(p.located(entry.where) for p in e.problems)
            records.append(Record(entry.where, grant.id, "", (), located, True))
            continue
        rows: Sequence[Row] = command.rows(grant, value, totals)
        if table:
            command.gather(grant, value, gathered)
            records.append(Record(entry.where, grant.id, "", tuple(rows), (), True))
        else:
            assert encoder is not None
            records.append(Record(entry.where, grant.id, encoder.rows(rows), (), (), True))
    return Chunk(records, totals, picker, gathered)
