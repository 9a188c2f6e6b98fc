"""Renderers: a :class:`~vesting.report.Report` → text, written to a stream as rows arrive.

Registered by name (``table``, ``json``, ``jsonl``, ``csv``); a renderer is a function
``render(report, out, options)``, named here as ``"module:function"`` and imported only when
used — so asking for CSV never imports the table library, and new renderers (HTML, calendar,
chart) register without touching the others::

    register("html", "vesting.render.html:render")

Every renderer but ``table`` streams: it writes each row as the report produces it, so memory
stays flat whatever the number of rows. ``table`` lays out whole tables and collects its rows
first (it is for reading in a terminal; use CSV or JSON lines for bulk output).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from ..errors import InputError, Problem
from ..report import Report


@dataclass(frozen=True)
class Options:
    """How to render: ``currency`` symbol and ``color`` (tables); ``width`` of the terminal
    (``None``: as wide as the table needs); ``columns`` to show (tables; empty: the compact
    set that fits, or all with ``wide``)."""

    currency: str = "$"
    color: bool = False
    width: int | None = None
    columns: tuple[str, ...] = ()
    wide: bool = False


Renderer = Callable[[Report, TextIO, Options], None]

_REGISTRY: dict[str, str | Renderer] = {
    "table": "vesting.render.table:render",
    "json": "vesting.render.jsonfmt:render_json",
    "jsonl": "vesting.render.jsonfmt:render_jsonl",
    "csv": "vesting.render.csvfmt:render",
}


def register(name: str, renderer: str | Renderer) -> None:
    """Make ``renderer`` (a function, or ``"module:function"`` to import on first use)
    available as format ``name``."""
    _REGISTRY[name] = renderer


def formats() -> tuple[str, ...]:
    """The registered format names."""
    return tuple(_REGISTRY)


def get(name: str, field: str = "format") -> Renderer:
    """The renderer registered as ``name`` (an :class:`InputError` for an unknown name)."""
    target = _REGISTRY.get(name)
    if target is None:
        raise InputError([Problem(field, name, ", ".join(_REGISTRY))])
    if isinstance(target, str):
        module, _, attr = target.partition(":")
        fn: Renderer = getattr(importlib.import_module(module), attr)
        _REGISTRY[name] = fn
        return fn
    return target


def render(
    report: Report, out: TextIO, format: str = "table", options: Options | None = None
) -> None:
    """Write ``report`` to ``out`` in ``format``."""
    get(format)(report, out, options or Options())
