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
from ..report.extra import NONE, SAMPLE, Extra
from .groups import GroupTotals
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
    the ids it selected (and some it saw), and what a table gathers of its grants. With extra
    columns that may be attributes: ``found``, those some grant of the chunk had, and
    ``sample``, some of the attribute names its grants had (for the message when one is
    found nowhere: :func:`vesting.report.extra.unseen`)."""

    records: list[Record]
    totals: Totals
    picker: Picker
    gathered: Gathered
    found: frozenset[str] = frozenset()
    sample: frozenset[str] = frozenset()


def process(
    command: Listing[Any],
    selection: Selection,
    entries: Iterable[Read],
    encoder: Encoder | None,
    state: Any = None,
    skip: frozenset[int | None] = frozenset(),
    extra: Extra = NONE,
) -> Chunk:
    """Compute and encode every entry. Entries on the lines in ``skip`` are left out (repeated
    ids the caller has found). What a table gathers is kept only for tables (``encoder`` is
    ``None``): nothing kept grows with the input otherwise. Each grant's rows carry the
    ``extra`` columns after their own."""
    grouped = GroupTotals(command, extra.by) if extra.by else None
    totals: Any = grouped if grouped is not None else command.totals()
    picker = selection.picker()
    gathered = Gathered()
    records: list[Record] = []
    table = encoder is None
    wanted = extra.attributes
    found: set[str] = set()
    sample: set[str] = set()
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
        into = grouped.of(grant) if grouped is not None else totals
        rows: Sequence[Row] = command.rows(grant, value, into)
        if extra.names:
            cells = extra.cells(grant)
            rows = [(*row, *cells) for row in rows]
            if wanted and grant.attributes:
                found.update(n for n in wanted if n in grant.attributes)
                if len(sample) < SAMPLE:
                    sample.update(list(grant.attributes)[:SAMPLE])
        if table:
            command.gather(grant, value, gathered)
            records.append(Record(entry.where, grant.id, "", tuple(rows), (), True))
        else:
            assert encoder is not None
            records.append(Record(entry.where, grant.id, encoder.rows(rows), (), (), True))
    return Chunk(records, totals, picker, gathered, frozenset(found), frozenset(sample))
