"""Running the commands that make one document of all the grants: ``chart``, ``report`` and
``calendar``.

* Grants are read and given their what-if events as for every listing command
  (:func:`vesting.cli.run.source_and_question`), at most :data:`MAX_GRANTS` of them (a chart,
  a page or a calendar of more is no use to anyone: ``--grant`` picks some).
* Each grant's figures are computed as it is read; a grant with a problem follows
  ``--on-error``: ``stop`` (default) ends the run with exit status 2 and writes nothing;
  ``skip`` reports it on standard error, leaves it out, and the run ends with exit status 1.
* ``--output`` must end in a suffix the command writes (``.svg``/``.png``, ``.html``,
  ``.ics``); the file is written to a temporary name beside it and renamed into place only
  when everything is written. ``report`` and ``calendar`` write to standard output without
  it; ``chart`` draws in the terminal.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Final

import typer

from ..errors import InputError, Problem, VestingError, one_line
from . import labels
from .options import AdHoc, CalendarOutput, ChartOutput, Document, ReportOutput, Source, WhatIf
from .run import (
    ADHOC,
    binary_destination,
    color,
    destination,
    fail,
    show,
    source_and_question,
    terminal_width,
)

if TYPE_CHECKING:
    from ..model import Grant
    from ..report.page import Section
    from ..valuation import PriceTable

MAX_GRANTS: Final = 1000
"""The most grants one chart, report or calendar holds."""


def _suffix(out: Document) -> str:
    """The output file's suffix, checked against the command's (lower case, with the dot)."""
    assert out.output is not None
    suffix = Path(out.output).suffix.lower()
    if suffix not in out.SUFFIXES:
        allowed = " or ".join(out.SUFFIXES)
        raise InputError([Problem("output", out.output, f"a file name ending in {allowed}")])
    return suffix


def _prices(price: str | None, prices: str | None) -> tuple[Decimal, ...] | PriceTable | None:
    if price is None and prices is None:
        return None
    from ..io.prices import price_source

    return price_source([price] if price is not None else [], prices)


def _source_name(src: Source) -> str:
    if src.file is None:
        return ADHOC.text()
    return "standard input" if src.file == "-" else src.file


def collect(
    src: Source,
    adhoc: AdHoc,
    whatif: WhatIf,
    today: _dt.date,
    add: Callable[[Grant], None],
    what: str,
) -> tuple[int, int]:
    """Read the grants and ``add`` each (see the module doc); (grants added, skipped)."""
    from .. import pipeline
    from ..pipeline import Question

    source, question = source_and_question(src, adhoc, whatif, Question("schedule"), today)
    skip = src.on_error == "skip"
    added = skipped = 0
    for entry in pipeline.entries(question, source, src.input_format):
        problems = entry.problems
        if entry.grant is not None and not problems:
            if added >= MAX_GRANTS:
                raise InputError(
                    [
                        Problem(
                            "grant",
                            f"more than {MAX_GRANTS:,} grants",
                            f"at most {MAX_GRANTS:,} grants in one {what} (--grant ID picks some)",
                        )
                    ]
                )
            try:
                add(entry.grant)
            except VestingError as e:
                problems = tuple(p.located(entry.where) for p in e.problems)
            else:
                added += 1
                continue
        shown = labels.of_adhoc_grant(problems) if entry.where == ADHOC else problems
        if not skip or not entry.entry:
            raise InputError(list(shown))
        show(shown)
        skipped += 1
    if not added and not skipped:
        raise InputError(
            [Problem("file", _source_name(src), f"grants to put in a {what} (it has none)")]
        )
    return added, skipped


def _done(out: Document, skipped: int, line: str) -> None:
    if not out.quiet and line:
        sys.stderr.write(line + "\n")
    if skipped:
        sys.stderr.write(f"{skipped} grant(s) skipped\n")
        raise typer.Exit(1)


def _height() -> int:
    """The terminal's height: ``LINES`` when set, else the terminal's, else 24."""
    with contextlib.suppress(ValueError):
        lines = int(os.environ.get("LINES", "").strip() or "0")
        if lines > 0:
            return lines
    with contextlib.suppress(OSError, ValueError, AttributeError):
        return os.get_terminal_size(sys.stdout.fileno()).lines
    return 24


def chart(
    out: ChartOutput,
    src: Source,
    adhoc: AdHoc,
    whatif: WhatIf,
    as_of: str | None,
    price: str | None,
    prices: str | None,
) -> None:
    """``vesting chart``: in the terminal (a summary when it is not one, or is too narrow),
    or to an SVG or PNG file."""
    from ..io.values import parse_date
    from ..render import chart as draw
    from ..report.charts import PicturesBuilder

    try:
        today = _dt.date.today()
        suffix = _suffix(out) if out.output is not None else ""
        if suffix:
            draw.require_matplotlib(out.output or "")
        day = parse_date(as_of or "today", "as_of", today=today)
        builder = PicturesBuilder(day, _prices(price, prices))
        added, skipped = collect(src, adhoc, whatif, today, builder.add, "chart")
        pictures = builder.build()
        line = ""
        if out.output is None:
            width = terminal_width(True)
            if sys.stdout.isatty() and draw.fits(width):
                text = draw.terminal(pictures, width, _height(), color(), out.currency)
            else:
                text = draw.summary(pictures, out.currency)
                if sys.stdout.isatty():
                    line = (
                        f"(a chart needs {draw.MIN_WIDTH} columns; this terminal has {width}: "
                        "the summary instead)"
                    )
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            with binary_destination(out.output) as stream:
                draw.write(pictures, stream, suffix[1:], out.currency, out.output)
            line = f"{one_line(out.output)}: chart of {added} grant(s) as of {day}"
    except VestingError as e:
        raise fail(e, out.debug) from None
    _done(out, skipped, line)


def accounting_sections(grants: list[Grant], as_of: _dt.date) -> tuple[Section, ...]:
    """The HTML report's accounting section, for the grants that carry fair-value inputs: the
    grant-date fair value of each, and the graded expense by calendar year from the first of
    their grant years through the report's as-of date (:mod:`vesting.accounting`). A grant
    whose fair value cannot be estimated (an input missing) is named, not valued."""
    from ..accounting.expense import Recognizer
    from ..accounting.fairvalue import FairValue, fair_value
    from ..accounting.years import periods
    from ..errors import VestingError
    from ..report import accounting as ra
    from ..report.page import Section

    priced = [g for g in grants if g.pricing is not None and g.grant_date <= as_of]
    if not priced:
        return ()
    values: list[tuple[Grant, FairValue]] = []
    notes: list[str] = [ra.ESTIMATE]
    for g in priced:
        try:
            values.append((g, fair_value(g)))
        except VestingError as e:
            fields = ", ".join(p.field for p in e.problems)
            notes.append(f"{g.id}: no fair value ({fields} not given).")
    if not values:
        return (Section("Fair value and expense", tuple(notes)),)
    fv_total = ra.FairValueTotal()
    fv_rows = [row for g, fv in values for row in ra.fair_value_rows(g, fv, fv_total)]
    fv_rows.extend(ra.fair_value_total_rows(fv_total))
    start = _dt.date(min(g.grant_date for g, _ in values).year, 1, 1)
    years = periods(start, as_of, "year")
    totals = ra.expense_totals(years)
    ex_rows = []
    for g, fv in values:
        assert fv.per_share is not None
        by_year = Recognizer(g, fv.per_share).by_period(years)
        ex_rows.extend(ra.expense_rows(g, (fv, by_year), totals))
    ex_rows.extend(ra.expense_total_rows(totals))
    notes.append(ra.expense_note(ra.expense_summary(totals)))
    fair = ra.fair_value_frame(iter(fv_rows), False)
    spent = ra.expense_frame(iter(ex_rows), {"attribution": "graded"})
    return (Section("Fair value and expense (ASC 718)", tuple(notes), (fair, spent)),)


def report(
    out: ReportOutput,
    src: Source,
    adhoc: AdHoc,
    whatif: WhatIf,
    as_of: str | None,
    price: str | None,
    prices: str | None,
) -> None:
    """``vesting report``: one self-contained HTML page."""
    from ..io.values import parse_date
    from ..render import html
    from ..report.page import PageBuilder

    try:
        today = _dt.date.today()
        if out.output not in (None, "-"):
            _suffix(out)
        day = parse_date(as_of or "today", "as_of", today=today)
        builder = PageBuilder(_source_name(src), day, _prices(price, prices))
        added, skipped = collect(src, adhoc, whatif, today, builder.add, "report")
        page = builder.build()
        extra = accounting_sections([g.grant for g in page.grants], day)
        with destination(out.output) as stream:
            html.render(page, stream, out.currency, extra)
        line = ""
        if out.output not in (None, "-"):
            line = f"{one_line(out.output)}: report of {added} grant(s) as of {day}"
    except VestingError as e:
        raise fail(e, out.debug) from None
    _done(out, skipped, line)


def calendar(
    out: CalendarOutput,
    src: Source,
    adhoc: AdHoc,
    whatif: WhatIf,
    since: str | None,
) -> None:
    """``vesting calendar``: every vest, deadline and expiry on or after ``--from``."""
    from ..io.values import parse_date
    from ..render import ics
    from ..report.calendar import CalendarEvent, by_date, grant_events

    try:
        today = _dt.date.today()
        if out.output not in (None, "-"):
            _suffix(out)
        start = parse_date(since or "today", "from", today=today)
        events: list[CalendarEvent] = []

        def add(grant: Grant) -> None:
            events.extend(grant_events(grant, start))

        added, skipped = collect(src, adhoc, whatif, today, add, "calendar")
        ordered = by_date(events)
        with binary_destination(out.output) as stream:
            ics.write(ordered, stream)
        line = ""
        if out.output not in (None, "-"):
            line = (
                f"{one_line(out.output)}: {len(ordered)} event(s) of {added} grant(s) "
                f"on or after {start}"
            )
    except VestingError as e:
        raise fail(e, out.debug) from None
    _done(out, skipped, line)
