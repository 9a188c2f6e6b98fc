"""Reading grant files (TOML, JSON, JSON lines, CSV, OCF) and price files → records: the
functions :mod:`vesting.io` offers.

One reader per format, each yielding grants lazily (see :mod:`vesting.io.documents`,
:mod:`vesting.io.csv_file`, :mod:`vesting.io.jsonl_file`, :mod:`vesting.io.ocf`); sources and
format detection in :mod:`vesting.io.source`; text → values in :mod:`vesting.io.values`; fields
and grant building in :mod:`vesting.io.fields` and :mod:`vesting.io.build`; price files in
:mod:`vesting.io.prices`.

From Python::

    for grant in vesting.io.read_grants("grants.csv"):     # lazily, one grant at a time
        ...
    grants = vesting.io.load("grants.toml")               # all, or one error listing all

:func:`read_grants` raises :class:`~vesting.errors.InputError` at the first bad grant;
:func:`read` yields every entry with its problems instead (what ``validate`` and the
``--on-error skip`` command-line mode use).
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final, Protocol

from ..errors import NOWHERE, InputError, Problem, VestingError
from ..model import Grant
from .build import BUILTIN_TERMS, Builder, Read
from .csv_file import read_csv
from .documents import read_json, read_mapping, read_toml
from .jsonl_file import read_jsonl
from .prices import load_prices, parse_prices
from .seen import unique
from .source import FORMATS, Source, Text, check_format, detect_format, is_ocf_path, open_text

__all__ = [
    "BUILTIN_TERMS",
    "FORMATS",
    "Read",
    "Source",
    "build_grant",
    "detect_format",
    "from_data",
    "is_ocf",
    "load",
    "load_prices",
    "loads",
    "parse_prices",
    "problems",
    "read",
    "read_grants",
]


class Reader(Protocol):
    """A format's reader: every entry of ``text``; ``strict``: a key or column that is not a
    field is an error, never an attribute (:mod:`vesting.io.attributes`)."""

    def __call__(self, text: Text, *, strict: bool = False) -> Iterator[Read]: ...


def _read_ocf(text: Text, *, strict: bool = False) -> Iterator[Read]:
    """An OCF file (its objects are OCF's: ``strict`` changes nothing)."""
    found: Iterator[Read] = _ocf().read_ocf_text(text)
    return found


READERS: Final[Mapping[str, Reader]] = {
    "toml": read_toml,
    "json": read_json,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "ocf": _read_ocf,
}


def _ocf() -> Any:
    from . import ocf

    return ocf


def is_ocf(source: Source, format: str | None = None) -> bool:
    """An OCF package or file given by path (a folder, a ``.zip``, a ``*.ocf.json``, or any
    file path when ``format`` is ``ocf``)."""
    if not isinstance(source, str | os.PathLike) or str(source) == "-":
        return False
    return is_ocf_path(source) or (format is not None and format.strip().lower() == "ocf")


def read(
    source: Source,
    format: str | None = None,
    *,
    opened: Callable[[Text], None] | None = None,
    strict: bool = False,
) -> Iterator[Read]:
    """Every grant entry of ``source`` (a path, ``"-"`` or an open text stream), lazily, each
    with its problems; a source that cannot be opened or read is one entry with that problem.
    A grant id used by an earlier entry is a problem of the later one (:mod:`vesting.io.seen`).

    ``format`` is ``toml``, ``json``, ``jsonl`` or ``csv``; by default it is detected (see
    :func:`detect_format`). ``opened`` is called with the opened source before the first
    entry (its size and read position serve a progress display).

    Keys and columns that are not fields are the grants' attributes
    (:mod:`vesting.io.attributes`), but a close match to a field is an error (a typo); with
    ``strict`` every one is an error, as before attributes existed (an ``attributes`` table and
    ``attributes.NAME`` keys still give attributes).
    """
    try:
        fmt = check_format(format)
        if is_ocf(source, fmt):
            yield from unique(_ocf().read_ocf(source))
            return
        with open_text(source, fmt) as text:
            if opened is not None:
                opened(text)
            yield from unique(READERS[text.format](text, strict=strict))
    except VestingError as e:
        for p in e.problems:
            yield Read(None, (p,), p.location, False)


def read_grants(
    source: Source, format: str | None = None, *, strict: bool = False
) -> Iterator[Grant]:
    """The grants of ``source``, lazily; :class:`InputError` at the first bad one (``strict``:
    see :func:`read`)."""
    for entry in read(source, format, strict=strict):
        if entry.problems:
            raise InputError(entry.problems)
        if entry.grant is not None:
            yield entry.grant


def load(source: Source, format: str | None = None, *, strict: bool = False) -> tuple[Grant, ...]:
    """Every grant of ``source``, or one :class:`InputError` listing every problem."""
    return _all(read(source, format, strict=strict))


def _all(entries: Iterable[Read]) -> tuple[Grant, ...]:
    """Every grant of ``entries``, or one :class:`InputError` listing every problem."""
    grants: list[Grant] = []
    found: list[Problem] = []
    for entry in entries:
        found.extend(entry.problems)
        if entry.grant is not None:
            grants.append(entry.grant)
    if found:
        raise InputError(found)
    return tuple(grants)


def loads(
    text: str, format: str | None = None, name: str = "<string>", *, strict: bool = False
) -> tuple[Grant, ...]:
    """The grants in ``text`` (``name`` is used in messages and to detect the format)."""
    import io as _io

    stream = _io.StringIO(text)
    stream.name = name
    return load(stream, format, strict=strict)


def problems(source: Source, format: str | None = None, *, strict: bool = False) -> list[Problem]:
    """Every problem of the grant file at ``source`` (empty when it is valid)."""
    return [p for entry in read(source, format, strict=strict) for p in entry.problems]


def from_data(
    data: Mapping[str, object], name: str = "<data>", *, strict: bool = False
) -> tuple[Grant, ...]:
    """The grants of an already parsed TOML/JSON document (a dict)."""
    return _all(read_mapping(dict(data), name, strict=strict))


def build_grant(
    fields: Mapping[str, object], *, today: _dt.date | None = None, strict: bool = False
) -> Grant:
    """One grant from field values given one by one (the same conversions and rules as a file
    row; with ``today``, dates may also be ``today`` or relative). Raises :class:`InputError`
    listing every problem, unlocated (the caller knows where the values came from)."""
    grant, found = Builder(today=today, strict=strict).grant(fields, NOWHERE, NOWHERE)
    if grant is None:
        raise InputError(found or [Problem("grant", "", "a valid grant")])
    return grant
