"""The commands as the command line declares them: each takes exactly the options it uses
(declared once, in :mod:`vesting.cli.options`), turns their text into the library command's
parameters, and hands the rest to the run (:mod:`vesting.cli.listing`,
:mod:`vesting.cli.documents`). Library modules are imported inside the commands, so
``vesting --help`` loads none of them."""

from __future__ import annotations

import datetime as _dt
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ..errors import MISSING, InputError, Problem, VestingError, one_line
from . import common, labels
from .app import HelpCommand, app
from .listing import Build, listing
from .options import (
    ADHOC,
    AS_OF,
    BY,
    CURRENCY,
    DEBUG,
    EXPENSE_OPTIONS,
    EXPORT_OPTIONS,
    FILE,
    FORMATS,
    FROM,
    INPUT_FORMAT,
    JOBS,
    OUTPUT_FILE,
    PER_TRANCHE,
    PRICE,
    PRICES,
    PRICING,
    QUIET,
    SHARES_OUTSTANDING,
    SOURCE,
    STRICT,
    TABLES,
    TAX_OPTIONS,
    TAX_RATES,
    TOTALS,
    WHAT_IF,
    retired,
)
from .params import Args, Declared, declare

if TYPE_CHECKING:
    from ..io.source import Text
    from ..model import Pricing

OUT = (OUTPUT_FILE, QUIET, DEBUG)
LISTED = (SOURCE, ADHOC, WHAT_IF, FORMATS, TABLES, *OUT)
"""What every listing command takes."""


def command(name: str, *items: Declared) -> Callable[[Callable[[Args], None]], None]:
    """Declare command ``name`` with these options (its help: the function's docstring)."""

    def decorate(fn: Callable[[Args], None]) -> None:
        app.command(name, cls=HelpCommand, help=fn.__doc__)(declare(items, fn))

    return decorate


def listed(
    name: str, *items: Declared, before: Callable[[Args], None] | None = None
) -> Callable[[Build], None]:
    """Declare listing command ``name``: ``build`` makes its library command (``before``
    adjusts the options first)."""

    def decorate(build: Build) -> None:
        def run(args: Args) -> None:
            if args.get("columns") == "help":
                columns_help(name)
                return
            if before is not None:
                try:
                    before(args)
                except VestingError as e:
                    raise common.fail(e, args) from None
            listing(args, build)

        run.__doc__ = build.__doc__
        command(name, *LISTED, *items)(run)

    return decorate


def columns_help(name: str) -> None:
    """``--columns help``: the command's columns, each with its title and what it counts."""
    import textwrap

    from ..commands import get
    from ..report.glossary import listing as described

    row = get(name).row
    width = common.terminal_width()
    head = (
        f"The columns of {name}, in order: JSON, JSON lines and CSV carry every one; a table "
        "shows those that fit (--wide: all; --columns a,b,c picks them)."
    )
    sys.stdout.write("\n".join(textwrap.wrap(head, width)) + "\n\n")
    sys.stdout.write(described(row, width))


def dates(args: Args, today: _dt.date) -> tuple[_dt.date, ...]:
    from ..io.values import parse_dates

    return parse_dates(args.get("as_of") or ["today"], "as_of", today=today)


def iso_split(args: Args) -> bool:
    """The ISO/NSO split counts a holder's grants in input order, in one process: with
    ``--jobs`` it is left out, and a note says so."""
    if common.jobs(args) != 1:
        sys.stderr.write(
            "note: with --jobs the ISO/NSO split of ISO grants is left out (the $100,000 limit "
            "counts a holder's grants in input order, in one process)\n"
        )
        return False
    return True


@listed("schedule", JOBS)
def schedule(args: Args, today: _dt.date) -> Any:
    """Every vesting entry: date, shares, cumulative, percent, and what events did to it."""
    from ..commands.schedule import ScheduleCommand

    return ScheduleCommand()


@listed("status", JOBS, CURRENCY, AS_OF, SHARES_OUTSTANDING, BY, TOTALS)
def status(args: Args, today: _dt.date) -> Any:
    """What each grant and the total stand at on each --as-of date."""
    from ..commands.status import StatusCommand

    found: list[Problem] = []
    on = common.attempt(found, lambda: dates(args, today))
    count = common.shares_outstanding(args, found)
    common.check(found)
    assert on is not None
    return StatusCommand(on, count, iso_split(args))


@listed("value", JOBS, CURRENCY, AS_OF, PRICE, PRICES, SHARES_OUTSTANDING, BY, TOTALS)
def value(args: Args, today: _dt.date) -> Any:
    """Market value on each --as-of date: options at intrinsic value, RSUs at the price."""
    from ..commands.value import ValueCommand
    from ..io.prices import price_source

    found: list[Problem] = []
    on = common.attempt(found, lambda: dates(args, today))
    count = common.shares_outstanding(args, found)
    source = common.attempt(
        found, lambda: price_source(args.get("price") or (), args.get("prices"))
    )
    common.check(found)
    assert on is not None and source is not None
    return ValueCommand(on, source, count, iso_split(args))


def pricing(args: Args) -> Pricing | None:
    """The fair-value inputs given, as a record (``None``: none given)."""
    from ..io.fields import FIELDS
    from ..model import Pricing

    found: list[Problem] = []
    values: dict[str, Any] = {}
    for opt in PRICING.opts:
        text = args.get(opt.dest)
        if text is None:
            continue
        spec = FIELDS[opt.target]
        try:
            assert spec.convert is not None
            values[spec.attribute] = spec.convert(text, opt.target)
        except VestingError as e:
            found.extend(e.problems)
    common.check(found)
    if not values:
        return None
    names = {FIELDS[o.target].attribute: o.target for o in PRICING.opts}
    try:
        return Pricing(**values)
    except VestingError as e:
        raise type(e)(
            [p.renamed((names.get(str(p.head), str(p.head)), *p.path[1:])) for p in e.problems]
        ) from None


def contractual_term(args: Args) -> None:
    """``--term`` is an ad-hoc grant's contractual term everywhere; in ``fair-value`` and
    ``expense`` it used to be the expected term: a value that can only be one (``sab107``, or
    years with a decimal point such as ``0.5``) is an error naming ``--expected-term``."""
    text = args.get("term")
    if text is None:
        return
    value = text.strip().lower()
    if value in ("sab107", "sab 107", "simplified") or "." in value:
        allowed = (
            "the option's contractual term, a period such as 10y (the expected term of the "
            "valuation is --expected-term now)"
        )
        raise InputError([Problem("term", text, allowed)])


def one_share(args: Args) -> None:
    """The formula alone (``fair-value --grant-price 42 --strike 40 ...``): with no file and no
    shares or grant date, one share granted today."""
    if args.get("file") is None and args.get("shares") is None and args.get("grant_date") is None:
        args.values.update(shares="1", grant_date="today")


GRANT_PRICE = retired("--price", "--grant-price", "the grant-date price")


def _fair_value_options(args: Args) -> None:
    contractual_term(args)
    one_share(args)


@listed("fair-value", JOBS, CURRENCY, PRICING, PER_TRANCHE, GRANT_PRICE, before=_fair_value_options)
def fair_value(args: Args, today: _dt.date) -> Any:
    """Grant-date fair value: Black–Scholes for options, the price for RSUs (estimates)."""
    from ..commands.fair_value import FairValueCommand

    return FairValueCommand(pricing(args), bool(args.get("per_tranche")))


@listed(
    "expense",
    JOBS,
    CURRENCY,
    PRICING,
    EXPENSE_OPTIONS,
    GRANT_PRICE,
    BY,
    TOTALS,
    before=contractual_term,
)
def expense(args: Args, today: _dt.date) -> Any:
    """ASC 718 compensation expense by period, with the unrecognized cost (estimates)."""
    from ..accounting.years import periods
    from ..commands.expense import ExpenseCommand

    found: list[Problem] = []
    start, end, rate = common.period_options(args, today, found)
    month = common.fiscal_year_end(args, found)
    inputs = common.attempt(found, lambda: pricing(args))
    chosen = None
    if start is not None and end is not None and month is not None:
        kind = str(args.get("period")).strip().lower()
        chosen = common.attempt(found, lambda: periods(start, end, kind, month))
    attribution = str(args.get("attribution")).strip().lower()
    made = None
    if chosen is not None:
        made = common.attempt(
            found,
            lambda: ExpenseCommand(chosen, inputs, attribution, rate),
        )
    common.check(found)
    return made


@listed(
    "tax",
    CURRENCY,
    TAX_OPTIONS,
    PRICE.but(help="Share price on every date (or --prices FILE)."),
    PRICES,
)
def tax(args: Args, today: _dt.date) -> Any:
    """Tax at settlement and exercise, and the ISO $100,000 limit, for one year (estimates)."""
    from ..commands.tax import TaxCommand
    from ..io.prices import price_source
    from ..io.values import parse_money, parse_rate
    from ..tax.rates import TaxRates

    found: list[Problem] = []
    year: Any = None
    text = args.get("year")
    if text is None:
        found.append(Problem("year", MISSING, "a calendar year such as 2024 (required)"))
    else:
        digits = text.strip()
        year = int(digits) if digits.isascii() and digits.isdigit() and len(digits) < 6 else text
    money = ("other_supplemental", "threshold", "wage_base", "other_wages", "iso_limit")
    rates: dict[str, Any] = {}
    for opt in TAX_RATES:
        given = args.get(opt.dest)
        if given is not None:
            parse = parse_money if opt.target in money else parse_rate
            try:
                rates[opt.target] = parse(given, opt.target)
            except VestingError as e:
                found.extend(e.problems)
    prices: Any = ()
    if args.get("price") or args.get("prices"):
        prices = common.attempt(
            found, lambda: price_source(args.get("price") or (), args.get("prices"))
        )
    common.check(found)
    fica = bool(args.get("fica"))
    return TaxCommand(year, prices, TaxRates(fica=fica, **rates))


@command(
    "export",
    SOURCE,
    ADHOC,
    WHAT_IF,
    OUTPUT_FILE.but(
        metavar="PATH",
        help="The package to write: a folder, or a file ending in .zip (required). Replaced "
        "only when every grant is written.",
    ),
    EXPORT_OPTIONS,
    QUIET,
    DEBUG,
    retired("--as-of", "--package-date", "the package's as-of date"),
)
def export(args: Args) -> None:
    """Write the grants as an Open Cap Table Format package (a folder or a .zip)."""
    from .documents import export as run

    run(args)


PICTURE_AS_OF = AS_OF.but(
    help="The date marked and summed up: YYYY-MM-DD, today, +6m, -30d... Default: today."
)
ONE_PRICE = PRICE.but(help="Share price: adds realizable value (options: intrinsic).")


@command(
    "chart",
    SOURCE,
    ADHOC,
    WHAT_IF,
    OUTPUT_FILE.but(
        help="Write the chart to FILE: .svg or .png (needs matplotlib, the 'charts' extra: "
        "the error says how to add it). Default: draw it in the terminal."
    ),
    CURRENCY,
    QUIET,
    DEBUG,
    PICTURE_AS_OF,
    ONE_PRICE,
    PRICES,
)
def chart(args: Args) -> None:
    """Vested shares over time as a chart (and realizable value, with a price): in the terminal,
    or -o FILE.svg / FILE.png."""
    from .documents import chart as run

    run(args)


@command(
    "report",
    SOURCE,
    ADHOC,
    WHAT_IF,
    OUTPUT_FILE.but(
        help="Write the page to FILE (.html; replaced only when the run succeeds). Default: "
        "standard output."
    ),
    CURRENCY,
    QUIET,
    DEBUG,
    PICTURE_AS_OF,
    ONE_PRICE,
    PRICES,
)
def report(args: Args) -> None:
    """One self-contained HTML page: summary, status, value, charts, schedules and events."""
    from .documents import report as run

    run(args)


@command(
    "calendar",
    SOURCE,
    ADHOC,
    WHAT_IF,
    OUTPUT_FILE.but(
        help="Write the calendar to FILE (.ics; replaced only when the run succeeds). Default: "
        "standard output."
    ),
    QUIET,
    DEBUG,
    FROM.but(help="Only events on or after DATE (YYYY-MM-DD, today, -1y...). Default: today."),
)
def calendar(args: Args) -> None:
    """Vest dates, exercise deadlines and expiries as an iCalendar (.ics) file."""
    from .documents import calendar as run

    run(args)


@command(
    "validate",
    FILE.but(help="Grant file, or - for standard input."),
    INPUT_FORMAT,
    STRICT,
    FORMATS,
    QUIET,
    DEBUG,
)
def validate(args: Args) -> None:
    """Check a grant file and list every problem with its location (exit 2 if any)."""
    import typer

    from .. import io, render
    from ..commands.validate import Tally, ValidateCommand

    file = args.get("file")
    try:
        if file is None:
            raise InputError([Problem("file", MISSING, "a grant file path, or -")])
        chosen = common.choose_format(args)
    except VestingError as e:
        raise common.fail(e, args) from None
    tally = Tally("<stdin>" if file == "-" else file)
    progress = common.Progress(args)

    def opened(text: Text) -> None:
        tally.name = text.name
        progress.opened(text)

    check = ValidateCommand(tally)

    def problems() -> Iterator[Problem]:
        for i, p in enumerate(
            check.problems(
                io.read(
                    file, args.get("input_format"), opened=opened, strict=bool(args.get("strict"))
                )
            )
        ):
            if i % 2048 == 0:
                progress.advance()
            yield p

    try:
        if chosen != "table":
            render.get(chosen)(check.report(problems()), sys.stdout, render.Options(format=chosen))
        else:
            flags = args.flags()
            common.show(q for p in problems() for q in labels.as_options((p,), flags))
    finally:
        progress.stop()
    if chosen == "table":
        if not tally.grants:
            sys.stderr.write(f"{one_line(tally.name)}: no grants\n")
        elif tally.problems:
            sys.stderr.write(f"{one_line(tally.name)}: {tally.problems} problem(s)\n")
        else:
            sys.stdout.write(f"{one_line(tally.name)}: {tally.grants} grant(s), no problems\n")
    if tally.problems:
        raise typer.Exit(2)
