"""Running the commands that make one document of all the grants — ``chart``, ``report``,
``calendar`` — and ``export`` from the command line.

* Grants are read, selected and given their what-if events as for every listing command, and
  follow ``--on-error`` the same way (:func:`vesting.run.collect`); a chart, a page or a
  calendar holds at most 1,000 grants (``--grant`` picks some).
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
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import run
from ..errors import MISSING, InputError, Problem, VestingError, one_line
from ..run.output import binary_output, text_output
from . import common
from .params import Args

if TYPE_CHECKING:
    from ..valuation import PriceTable


def _suffix(output: str, allowed: tuple[str, ...]) -> str:
    """The output file's suffix, checked against the command's (lower case, with the dot)."""
    suffix = Path(output).suffix.lower()
    if suffix not in allowed:
        raise InputError(
            [Problem("output", output, f"a file name ending in {' or '.join(allowed)}")]
        )
    return suffix


def one_date(args: Args, today: _dt.date) -> _dt.date:
    """The one ``--as-of`` date of a document (default today)."""
    from ..io.values import parse_date

    given = args.get("as_of") or []
    if len(given) > 1:
        raise InputError([Problem("as_of", ", ".join(given), "one date for one document")])
    return parse_date(given[0] if given else "today", "as_of", today=today)


def one_price(args: Args) -> tuple[Decimal, ...] | PriceTable | None:
    """One ``--price`` or a ``--prices`` file (or none)."""
    given, file = args.get("price") or [], args.get("prices")
    if not given and file is None:
        return None
    if len(given) > 1:
        raise InputError([Problem("price", ", ".join(given), "one price (or --prices FILE)")])
    from ..io.prices import price_source

    return price_source(given, file)


def source_name(args: Args) -> str:
    file = args.get("file")
    if file is None:
        return "command line"
    return "standard input" if file == "-" else str(file)


def _height() -> int:
    """The terminal's height: ``LINES`` when set, else the terminal's, else 24."""
    with contextlib.suppress(ValueError):
        lines = int(os.environ.get("LINES", "").strip() or "0")
        if lines > 0:
            return lines
    with contextlib.suppress(OSError, ValueError, AttributeError):
        return os.get_terminal_size(sys.stdout.fileno()).lines
    return 24


def _collect(args: Args, document: Any, today: _dt.date) -> tuple[Any, int, int]:
    """The document's builder with every good grant added; (builder, added, skipped)."""
    policy = common.policy(args)
    builder = document.start(today)
    added = run.collect(
        document,
        builder,
        common.source(args, today),
        common.selection(args, today),
        policy,
        args.get("input_format"),
        strict=bool(args.get("strict")),
    )
    return builder, added, policy.skipped


def _finish(args: Args, skipped: int, line: str) -> None:
    if not args.get("quiet") and line:
        sys.stderr.write(line + "\n")
    common.done(skipped)


def chart(args: Args) -> None:
    """``vesting chart``: in the terminal (a summary when it is not one, or is too narrow), or
    to an SVG or PNG file."""
    from ..commands.chart import ChartCommand
    from ..render import chart as draw
    from ..render import picture

    output = args.get("output")
    try:
        currency = common.currency(args)
        common.retired(args)
        today = _dt.date.today()
        suffix = _suffix(output, (".svg", ".png")) if output is not None else ""
        if suffix:
            picture.require_matplotlib(output)
        command = ChartCommand(one_date(args, today), one_price(args))
        builder, added, skipped = _collect(args, command, today)
        pictures = builder.build()
        line = ""
        if output is None:
            width = common.terminal_width(True)
            if sys.stdout.isatty() and draw.fits(width):
                text = draw.terminal(pictures, width, _height(), common.color(), currency)
            else:
                text = draw.summary(pictures, currency)
                if sys.stdout.isatty():
                    line = (
                        f"(a chart needs {draw.MIN_WIDTH} columns; this terminal has {width}: "
                        "the summary instead)"
                    )
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            with binary_output(output) as stream:
                picture.write(pictures, stream, suffix[1:], currency, output)
            line = f"{one_line(output)}: chart of {added} grant(s) as of {command.as_of}"
    except VestingError as e:
        raise common.fail(e, args) from None
    _finish(args, skipped, line)


def report(args: Args) -> None:
    """``vesting report``: one self-contained HTML page."""
    from ..commands.report import ReportCommand
    from ..render import html

    output = args.get("output")
    try:
        common.retired(args)
        today = _dt.date.today()
        if output not in (None, "-"):
            _suffix(output, (".html", ".htm"))
        command = ReportCommand(source_name(args), one_date(args, today), one_price(args))
        builder, added, skipped = _collect(args, command, today)
        page, extra = builder.finish()
        with text_output(output) as stream:
            html.render(page, stream, common.currency(args), extra)
        line = ""
        if output not in (None, "-"):
            line = f"{one_line(output)}: report of {added} grant(s) as of {command.as_of}"
    except VestingError as e:
        raise common.fail(e, args) from None
    _finish(args, skipped, line)


def calendar(args: Args) -> None:
    """``vesting calendar``: every vest, deadline and expiry on or after ``--from``."""
    from ..commands.calendar import CalendarCommand
    from ..io.values import parse_date
    from ..render import ics

    output = args.get("output")
    try:
        common.retired(args)
        today = _dt.date.today()
        if output not in (None, "-"):
            _suffix(output, (".ics",))
        since = parse_date(args.get("from_date") or "today", "from", today=today)
        builder, added, skipped = _collect(args, CalendarCommand(since), today)
        ordered = builder.finish()
        with binary_output(output) as stream:
            ics.write(ordered, stream)
        line = ""
        if output not in (None, "-"):
            line = (
                f"{one_line(output)}: {len(ordered)} event(s) of {added} grant(s) "
                f"on or after {since}"
            )
    except VestingError as e:
        raise common.fail(e, args) from None
    _finish(args, skipped, line)


def export(args: Args) -> None:
    """``vesting export``: the grants, read and given their what-if events like every command,
    written as an OCF package. Problems follow ``--on-error`` (stop: exit 2, nothing written;
    skip: each bad grant reported, the rest written, exit 1)."""
    from ..commands.export import ExportCommand
    from ..io.values import parse_date

    output = args.get("output")
    try:
        common.retired(args)
        today = _dt.date.today()
        found: list[Problem] = []
        if output is None:
            found.append(
                Problem("output", MISSING, "the package to write: a folder or a .zip file")
            )
        formed = args.get("formed")
        day = common.attempt(
            found, lambda: None if formed is None else parse_date(formed, "formed", today=today)
        )
        given = args.get("package_date")
        package_date = common.attempt(
            found, lambda: parse_date(given or "today", "package_date", today=today)
        )
        settings = common.attempt(found, lambda: common.company(args))
        command = common.attempt(
            found,
            lambda: ExportCommand(
                output or "",
                args.get("issuer") or (settings and settings.name) or "Issuer",
                args.get("country"),
                day,
                args.get("currency_code") or (settings and settings.currency) or "USD",
                package_date or today,
            ),
        )
        common.check(found)
        assert command is not None
        policy = common.policy(args)
        entries = run.grants(
            common.source(args, today),
            common.selection(args, today),
            policy,
            args.get("input_format"),
            strict=bool(args.get("strict")),
        )

        def refused(problems: Any) -> None:
            policy.handle(problems[0].location, problems)

        outcome = command.write(
            (e.grant for e in entries if e.grant is not None),
            refused if policy.skip else None,
        )
    except VestingError as e:
        raise common.fail(e, args) from None
    if not args.get("quiet"):
        sys.stderr.write(f"{output}: {outcome.written} grant(s) written as OCF\n")
        if outcome.too_big:
            sys.stderr.write(
                f"note: {outcome.too_big} is larger than this program reads back (64 MiB a "
                "file): export fewer grants at a time (--grant, or split the file)\n"
            )
        if outcome.priced:
            sys.stderr.write(
                f"note: fair-value inputs of {outcome.priced} grant(s) left out "
                "(OCF has no field for them)\n"
            )
        if outcome.attributed:
            sys.stderr.write(
                f"note: attributes of {outcome.attributed} grant(s) left out "
                "(OCF has no field for them)\n"
            )
    common.done(policy.skipped)
