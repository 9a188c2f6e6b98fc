"""CSV grant files: one grant per row, read and built a row at a time.

The header row names the columns (any grant or terms field; ``terms`` must be a name; any
other column is an attribute of each grant, unless it is close to a field or the reader is
strict: :mod:`vesting.io.attributes`); empty cells are "not given"; blank rows and rows whose
first cell starts with ``#`` are skipped; a UTF-8 byte-order mark is ignored. There are no
``defaults`` or named tables. List fields use compact text (see :mod:`vesting.io.fields`).
Problems are located by line (``grants.csv: line 7: grant 'E006-RSU': cliff: ...``); a row's
line is the line it starts on.

Memory stays flat however long the file: rows are read lazily and identical terms are built
once (see :class:`vesting.io.build.Builder`). Repeated ids are caught over the whole input by
:mod:`vesting.io.seen`, which every reader's entries pass through.

Speed: the header is compiled once into a row reader that takes the common case — every cell
converts, the terms are valid — with the same converters (remembering the results for cells
that repeat, like kinds, terms and prices) and the same assembly
(:meth:`~vesting.io.build.Builder.assemble`) as any grant. A row with any problem goes through
the general path (:meth:`~vesting.io.build.Builder.grant`), which finds and reports all of them.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from typing import Final

from ..errors import (
    MISSING,
    Field,
    Location,
    Problem,
    VestingError,
    closest,
    grant_label,
    in_file,
    word,
)
from .attributes import FIELD as ATTRIBUTES
from .attributes import PREFIX, header_name, typo
from .build import TERMS_KEYS, Builder, Read
from .fields import ALL_FIELDS, REQUIRED, Converter, converters
from .source import Text, no_grants


def read_csv(text: Text, builder: Builder | None = None, *, strict: bool = False) -> Iterator[Read]:
    """The grants of a CSV file, one :class:`Read` per data row (``strict``: see
    :class:`~vesting.io.build.Builder`)."""
    return _read(text.name, text.lines, builder or Builder(strict=strict), 1, None)


def read_csv_rows(
    name: str,
    header: list[str],
    lines: Iterable[str],
    first_line: int,
    builder: Builder | None = None,
) -> Iterator[Read]:
    """The data rows of part of a CSV file (``lines``, the first of them line ``first_line`` of
    the file) whose ``header`` row was read already — what a worker process reads."""
    return _read(name, lines, builder, first_line, header)


_SPACE_OR_HASH: Final = frozenset(" \t#")


def skippable(row: list[str]) -> bool:
    """A blank row, or a comment (first cell starting with ``#``): not data, not a header."""
    return not row or not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#")


def _read(
    name: str,
    lines: Iterable[str],
    builder: Builder | None,
    first_line: int,
    header: list[str] | None,
) -> Iterator[Read]:
    build = (builder or Builder()).grant
    reader = csv.reader(lines, strict=True)
    columns: list[str | None] | None = None
    fast: _Compiled | None = None
    if header is not None:
        columns, _ = _header(header, in_file(name), (builder or Builder()).strict)
        fast = _Compiled(columns, builder or Builder())
    last = first_line - 1
    try:
        for row in reader:
            line, last = last + 1, first_line - 1 + reader.line_num
            first = row[0] if row else ""
            if (not first or first[0] in _SPACE_OR_HASH) and skippable(row):
                continue
            source = Location(name, line)
            if columns is None:
                columns, problems = _header(row, source, (builder or Builder()).strict)
                for p in problems:
                    yield Read(None, (p,), p.location, False)
                if any(r not in columns for r in REQUIRED):
                    return  # no row can be read without them
                fast = _Compiled(columns, builder or Builder())
                continue
            if len(row) > len(columns) and any(c.strip() for c in row[len(columns) :]):
                problem = Problem(
                    "row",
                    f"{len(row)} cells",
                    f"at most {len(columns)} cells (one per header column)",
                    source,
                )
                yield Read(None, (problem,), source)
                continue
            assert fast is not None
            quick = fast(row, source)
            if quick is not None:
                yield quick
                continue
            raw = {}
            for col, cell in zip(columns, row, strict=False):
                if col is not None:
                    cell = cell.strip()
                    if cell:
                        raw[col] = cell
            gid = raw.get("id")
            where = Location(name, line, grant_label(gid)) if gid else source
            terms = raw.get("terms")
            if terms is not None and terms.startswith("{"):
                problem = Problem("terms", terms, "the name of terms in CSV", where)
                yield Read(None, (problem,), where, True, gid)
                continue
            grant, problems = build(raw, where, source)
            yield Read(grant, tuple(problems), where, True, gid)
    except csv.Error as e:
        where = Location(name, last + 1)
        if "unexpected end of data" in str(e):
            e = csv.Error(f"a quoted field opened on line {last + 1} is never closed")
        yield Read(None, (Problem("csv", str(e), "valid CSV (RFC 4180)", where),), where, False)
        return
    if columns is None:  # no line at all: no grants, the same problem as any empty input
        where = in_file(name)
        yield Read(None, (no_grants(name),), where, False)


_MEMO_SIZE: Final = 4096
_MEMO: Final = frozenset(("kind", "term", "exercise_price", "expiration", "vesting_start"))
"""Columns whose cells repeat across rows: their conversions are remembered (bounded)."""


def _memo(convert: Converter) -> Converter:
    """``convert`` remembering its results (values are immutable; errors are not kept)."""
    memo: dict[object, object] = {}

    def cached(cell: object, field: Field) -> object:
        value = memo.get(cell, memo)
        if value is memo:
            value = convert(cell, field)
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            memo[cell] = value
        return value

    return cached


class _Compiled:
    """A header's columns, compiled for rows whose every cell converts (see the module doc).

    Cells are taken out of a row with :func:`operator.itemgetter`; text fields (``id``,
    ``holder``, ``notes``) are the stripped cell itself, which is what their converter returns
    for a non-empty cell; the terms are found by the row's raw terms cells before anything is
    built (equal cells, equal terms)."""

    def __init__(self, columns: list[str | None], builder: Builder) -> None:
        self.builder = builder
        self.width = len(columns)
        fields = [
            (i, col)
            for i, col in enumerate(columns)
            if col and col not in TERMS_KEYS and not col.startswith(PREFIX)
        ]
        self.names = [col for _, col in fields]
        self.converters: list[Converter | None] = [
            None if col in _TEXT else _memo(_CONVERTERS[col]) if col in _MEMO else _CONVERTERS[col]
            for _, col in fields
        ]
        self.cells = _getter([i for i, _ in fields])
        terms = [(i, col) for i, col in enumerate(columns) if col in TERMS_KEYS]
        self.terms_names = [col for _, col in terms]
        self.terms_cells = _getter([i for i, _ in terms])
        self.terms_at = self.terms_names.index("terms") if "terms" in self.terms_names else None
        given = [
            (i, col[len(PREFIX) :])
            for i, col in enumerate(columns)
            if col and col.startswith(PREFIX)
        ]
        self.attribute_names = [name for _, name in given]
        self.attribute_cells = _getter([i for i, _ in given])

    def __call__(self, row: list[str], source: Location) -> Read | None:
        """The row's entry, or ``None`` when anything is off (then the general path reports)."""
        if len(row) != self.width:
            return None
        conv: dict[str, object] = {}
        try:
            for name, convert, cell in zip(
                self.names, self.converters, self.cells(row), strict=True
            ):
                cell = cell.strip()
                if cell:
                    conv[name] = cell if convert is None else convert(cell, name)
        except VestingError:
            return None
        for required in REQUIRED:
            if required not in conv:
                return None
        if self.attribute_names:
            attributes = {}
            for name, cell in zip(self.attribute_names, self.attribute_cells(row), strict=True):
                cell = cell.strip()
                if cell:
                    attributes[name] = cell
            if attributes:
                conv[ATTRIBUTES] = attributes  # the record checks them
        cells = self.terms_cells(row)
        kind = conv["kind"]
        key = (kind, cells)
        hit = self.builder._cache.get(key)
        if hit is None:
            if self.terms_at is not None and cells[self.terms_at].lstrip().startswith("{"):
                return None
            own = {}
            for name, cell in zip(self.terms_names, cells, strict=True):
                cell = cell.strip()
                if cell:
                    own[name] = cell
            terms, found, failed = self.builder._terms(own, kind, source, key)
        else:
            terms, cached = hit
            found, failed = list(cached), terms is None
        if found or failed:
            return None
        gid = conv["id"]
        where = Location(source.file, source.line, grant_label(gid))
        grant, problems = self.builder.assemble(conv, conv, terms, where, source)
        return None if problems or grant is None else Read(grant, (), where, True, grant.id)


_CONVERTERS: Final = converters()
_TEXT: Final = frozenset(("id", "holder", "notes"))


def _getter(indexes: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """The cells at ``indexes`` of a row, as a tuple (an ``itemgetter`` always giving one)."""
    if not indexes:
        return lambda row: ()
    if len(indexes) == 1:
        at = indexes[0]
        return lambda row: (row[at],)
    return itemgetter(*indexes)


def header_problems(row: list[str], where: Location, strict: bool = False) -> list[Problem]:
    """The problems of a header row (unknown names, repeats, required columns missing)."""
    return _header(row, where, strict)[1]


def _header(
    row: list[str], where: Location, strict: bool = False
) -> tuple[list[str | None], list[Problem]]:
    """The field of each column (``None``: not read), and the header's problems.

    A column's name is a word (:func:`vesting.errors.word`, parts joined by ``_``): ``Grant
    Date``, ``grant-date`` and ``GRANT_DATE`` are all ``grant_date``. A column that names no
    field names an attribute, ``attributes.NAME`` (:mod:`vesting.io.attributes`), unless it is
    close to a field or ``strict``. One cause gives one problem: a name close to a required
    field that is missing (``grant_dat``) is reported as that misspelling only, not also as
    the required column missing."""
    columns: list[str | None] = []
    found: list[Problem] = []
    meant: set[str] = set()
    for cell in row:
        col = word(cell, "_")
        if col not in ALL_FIELDS:
            name, why = header_name(cell, ALL_FIELDS, strict)
            if name is None:
                found.append(
                    typo(col, cell.strip(), ALL_FIELDS, "a column name", where, strict)
                    if not why
                    else Problem(cell.strip(), cell.strip(), why, where)
                )
                close = closest(col, ALL_FIELDS)
                if close is not None:
                    meant.add(close)
                columns.append(None)
                continue
            col = PREFIX + name
        if col in columns:
            found.append(Problem(col, cell.strip(), "each column once", where))
            columns.append(None)
        else:
            columns.append(col)
    found.extend(
        Problem(r, MISSING, "a required column", where)
        for r in REQUIRED
        if r not in columns and r not in meant
    )
    return columns, found
