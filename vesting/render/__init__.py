"""Renderers: a :class:`~vesting.report.Report` → text, written to a stream as rows arrive.

Registered by name (``table``, ``json``, ``jsonl``, ``csv``); a renderer is a function
``render(report, out, options)``, named here as ``"module:function"`` and imported only when
used — so asking for CSV never imports the table library, and a new format of a report's
rows registers without touching the others::

    register("xml", "mypackage.xml:render")

Documents are not formats of a report's rows: the chart (:mod:`vesting.render.chart`), the
HTML report (:mod:`vesting.render.html`) and the calendar (:mod:`vesting.render.ics`) each
take their own data (:mod:`vesting.report.charts`, :mod:`~vesting.report.page`,
:mod:`~vesting.report.calendar`) and are called by their commands.

Every renderer but ``table`` streams: it writes each row as the report produces it, so memory
stays flat whatever the number of rows. ``table`` lays out whole tables and collects its rows
first (it is for reading in a terminal; use CSV or JSON lines for bulk output).

A streaming format is an :class:`Encoder` (registered with :func:`register_encoder`): text for
the head, for any run of rows, for the tail, and the separator between runs. The renderer of
such a format is :func:`stream` with it; the bulk pipeline (:mod:`vesting.pipeline`) uses the
encoder directly, so text made in worker processes is the same text.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TextIO, cast

from ..errors import Field, InputError, Problem
from ..report import Column, Report


@dataclass(frozen=True)
class Options:
    """How to render. ``columns``: the columns to write, by key, in that order, in every
    format (empty: JSON, JSON lines and CSV carry every column; a table those with something
    to say that fit, every one with ``wide``). Tables only: the ``currency`` symbol,
    ``color``, the ``width`` to fit (``None``: no limit), ``wide``, and ``more``, the hint a
    table's note gives on how to see the columns it leaves out. See
    :mod:`vesting.render.table` for the layout rules."""

    format: str = "table"
    currency: str = "$"
    color: bool = False
    width: int | None = None
    columns: tuple[str, ...] = ()
    wide: bool = False
    more: str = "Options(wide=True) shows every column; Options(columns=(...)) picks them."


def check_columns(
    columns: Sequence[Column], names: Sequence[str], field: Field = "columns", table: bool = True
) -> None:
    """Every name in ``names`` is a column of ``columns`` — a table column, for a ``table``
    (else an InputError naming them)."""
    known = [c.key for c in columns if c.table or not table]
    bad = [n for n in names if n not in known]
    if bad:
        raise InputError([Problem(field, ",".join(bad), "column names: " + ", ".join(known))])


Renderer = Callable[[Report, TextIO, Options], None]


class Encoder(Protocol):
    """Text for a streaming format: ``head``, then ``rows`` for each run of rows (joined by
    ``separator`` when both runs have text), then ``tail``."""

    separator: str

    def head(self, report: Report) -> str: ...

    def rows(self, rows: Iterable[Sequence[object]]) -> str: ...

    def tail(self, report: Report) -> str: ...


EncoderType = Callable[[tuple[Column, ...], Options], Encoder]

_REGISTRY: dict[str, str | Renderer] = {"table": "vesting.render.table:render"}
_ENCODERS: dict[str, str | EncoderType] = {
    "csv": "vesting.render.csvfmt:Encoder",
    "json": "vesting.render.jsonfmt:JsonEncoder",
    "jsonl": "vesting.render.jsonfmt:JsonLinesEncoder",
}


def register(name: str, renderer: str | Renderer) -> None:
    """Make ``renderer`` (a function, or ``"module:function"`` to import on first use)
    available as format ``name``."""
    _REGISTRY[name] = renderer


def register_encoder(name: str, encoder: str | EncoderType) -> None:
    """Make a streaming format available as ``name`` (its renderer is :func:`stream`)."""
    _ENCODERS[name] = encoder


def formats() -> tuple[str, ...]:
    """The registered format names."""
    return (*_REGISTRY, *_ENCODERS)


def _load(target: str) -> object:
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


class Projected:
    """An encoder writing only some columns of each row, in a chosen order (``Options.columns``):
    each row is cut to them before the format's own encoder sees it."""

    def __init__(self, inner: Encoder, at: Sequence[int]) -> None:
        self.inner = inner
        self.separator = inner.separator
        self._at = tuple(at)

    def head(self, report: Report) -> str:
        return self.inner.head(report)

    def rows(self, rows: Iterable[Sequence[object]]) -> str:
        at = self._at
        return self.inner.rows([tuple(row[i] for i in at) for row in rows])

    def tail(self, report: Report) -> str:
        return self.inner.tail(report)


def make_encoder(name: str, columns: tuple[Column, ...], options: Options) -> Encoder | None:
    """The encoder of streaming format ``name`` for rows of ``columns``, writing
    ``options.columns`` only when given (keys of ``columns``: an InputError otherwise);
    ``None`` when ``name`` is not a streaming format."""
    make = encoder(name)
    if make is None:
        return None
    if not options.columns:
        return make(columns, options)
    check_columns(columns, options.columns, table=False)
    keys = [c.key for c in columns]
    at = [keys.index(k) for k in options.columns]
    return Projected(make(tuple(columns[i] for i in at), options), at)


def encoder(name: str) -> EncoderType | None:
    """The encoder of streaming format ``name``, or ``None`` (not a streaming format)."""
    target = _ENCODERS.get(name)
    if isinstance(target, str):
        loaded = cast(EncoderType, _load(target))
        _ENCODERS[name] = loaded
        return loaded
    return target


def get(name: str, field: Field = "format") -> Renderer:
    """The renderer registered as ``name`` (an :class:`InputError` for an unknown name)."""
    if name in _ENCODERS:
        return stream
    target = _REGISTRY.get(name)
    if target is None:
        raise InputError([Problem(field, name, ", ".join(formats()))])
    if isinstance(target, str):
        fn = cast(Renderer, _load(target))
        _REGISTRY[name] = fn
        return fn
    return target


def stream(report: Report, out: TextIO, options: Options, format: str | None = None) -> None:
    """Write ``report`` with a streaming format's encoder, each row as it comes."""
    enc = make_encoder(format or options.format, report.columns, options)
    assert enc is not None, format
    out.write(enc.head(report))
    first = True
    for row in report.rows:
        text = enc.rows((row,))
        out.write(text if first else enc.separator + text)
        first = False
    out.write(enc.tail(report))


def render(
    report: Report, out: TextIO, format: str = "table", options: Options | None = None
) -> None:
    """Write ``report`` to ``out`` in ``format``."""
    from dataclasses import replace

    chosen = replace(options or Options(), format=format)
    get(format)(report, out, chosen)
