"""The commands: each parses its own few options, names the computation per grant, and hands
the rest to :func:`vesting.cli.run.run`. Library modules are imported inside the commands, so
``vesting --help`` loads none of them."""

from __future__ import annotations

import datetime as _dt
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from ..errors import InputError, Problem, VestingError, one_line
from .options import (
    AdHoc,
    AdHocShape,
    AsOf,
    CalendarOutput,
    ChartOutput,
    Day,
    ExpenseOptions,
    Export,
    FairValueInputs,
    OnePrice,
    Output,
    PerTranche,
    Price,
    Prices,
    ReportOutput,
    SharesOutstanding,
    Since,
    Source,
    TaxOptions,
    WhatIf,
    grouped,
)
from .run import Progress, choose_format, fail, run, show

T = TypeVar("T")

if TYPE_CHECKING:
    from ..io.source import Text
    from ..pipeline import Question
    from ..valuation import PriceTable


class Command(typer.core.TyperCommand):
    """Plain help (no rich formatting: ``--help`` stays fast and pipes cleanly), with options
    in their groups (Input, Ad-hoc terms, What-if events, Output) as declared."""

    def format_options(self, ctx: Any, formatter: Any) -> None:
        sections: dict[str, list[tuple[str, str]]] = {}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                title = "Arguments"
            else:
                title = getattr(param, "rich_help_panel", None) or "Options"
            sections.setdefault(title, []).append(record)
        for title, records in sections.items():
            with formatter.section(title):
                formatter.write_dl(records)


app = typer.Typer(
    name="vesting",
    help="Exact vesting schedules, status and values of stock options and RSUs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


@app.command(cls=Command)
@grouped
def schedule(src: Source, adhoc: AdHoc, whatif: WhatIf, out: Output) -> None:
    """Every vesting entry: date, shares, cumulative, percent, and what events did to it."""

    def ask(today: _dt.date) -> Question:
        from ..pipeline import Question

        return Question("schedule")

    run(out, src, adhoc, whatif, ask)


@app.command(cls=Command)
@grouped
def status(
    src: Source,
    adhoc: AdHoc,
    whatif: WhatIf,
    out: Output,
    as_of: AsOf = None,
    shares_outstanding: SharesOutstanding = None,
) -> None:
    """What each grant and the total stand at on each --as-of date."""

    def ask(today: _dt.date) -> Question:
        from ..io.values import parse_dates
        from ..pipeline import Question

        return Question(
            "status",
            parse_dates(as_of or ["today"], "as_of", today=today),
            outstanding=outstanding(shares_outstanding),
            iso=iso_ledger(src),
        )

    run(out, src, adhoc, whatif, ask)


@app.command(cls=Command)
@grouped
def value(
    src: Source,
    adhoc: AdHoc,
    whatif: WhatIf,
    out: Output,
    as_of: AsOf = None,
    price: Price = None,
    prices: Prices = None,
    shares_outstanding: SharesOutstanding = None,
) -> None:
    """Market value on each --as-of date: options at intrinsic value, RSUs at the price."""

    def ask(today: _dt.date) -> Question:
        from ..io.prices import price_source
        from ..io.values import parse_dates
        from ..pipeline import Question
        from ..valuation import prices_on

        dates = parse_dates(as_of or ["today"], "as_of", today=today)
        source = price_source(price or (), prices)
        return Question(
            "value",
            dates,
            source,
            prices_on(dates, source),
            outstanding=outstanding(shares_outstanding),
            iso=iso_ledger(src),
        )

    run(out, src, adhoc, whatif, ask)


def iso_ledger(src: Source) -> Any:
    """The ISO $100,000 limit's ledger for ``status`` and ``value`` (ISO and NSO shares of ISO
    grants). It counts a holder's grants in input order, in one process: with ``--jobs`` the
    split is left out, and a note says so."""
    if src.jobs is not None and src.jobs != 1:
        sys.stderr.write(
            "note: with --jobs the ISO/NSO split of ISO grants is left out (the $100,000 limit "
            "counts a holder's grants in input order, in one process)\n"
        )
        return None
    from ..tax.iso import IsoLedger

    return IsoLedger()


def outstanding(text: str | None) -> int | None:
    """``--shares-outstanding``, checked."""
    if text is None:
        return None
    from ..accounting.dilution import check_outstanding
    from ..io.values import parse_shares

    return check_outstanding(parse_shares(text, "shares_outstanding"))


@app.command("fair-value", cls=Command)
@grouped
def fair_value(
    src: Source,
    adhoc: AdHocShape,
    whatif: WhatIf,
    out: Output,
    inputs: FairValueInputs,
    per_tranche: PerTranche = False,
) -> None:
    """Grant-date fair value: Black–Scholes for options, the price for RSUs (estimates)."""

    def ask(today: _dt.date) -> Question:
        from ..pipeline import Question

        return Question("fair-value", pricing=inputs.pricing(), per_tranche=per_tranche)

    grant = AdHoc.of(adhoc, inputs.contractual_term)
    if src.file is None and adhoc.shares is None and adhoc.grant_date is None:
        # the formula alone (e.g. --price 42 --strike 40 ...): one share granted today
        from dataclasses import replace

        grant = replace(grant, shares="1", grant_date="today")
    run(out, src, grant, whatif, ask)


@app.command(cls=Command)
@grouped
def expense(
    src: Source,
    adhoc: AdHocShape,
    whatif: WhatIf,
    out: Output,
    inputs: FairValueInputs,
    options: ExpenseOptions,
) -> None:
    """ASC 718 compensation expense by period, with the unrecognized cost (estimates)."""

    def ask(today: _dt.date) -> Question:
        from ..accounting.expense import check
        from ..accounting.years import periods
        from ..errors import MISSING
        from ..io.values import parse_date, parse_rate
        from ..pipeline import Question

        found: list[Problem] = []

        def attempt(fn: Callable[[], T]) -> T | None:
            try:
                return fn()
            except VestingError as e:
                found.extend(e.problems)
                return None

        def date(name: str, given: str | None) -> _dt.date | None:
            if given is None:
                found.append(Problem(name, MISSING, "a date (required)"))
                return None
            return attempt(lambda: parse_date(given, name, today=today))

        start, end = date("from", options.from_date), date("to", options.to_date)
        month = options.fiscal_year_end.strip()
        month_ok = month.isascii() and month.isdigit() and 1 <= int(month) <= 12
        if not month_ok:
            found.append(
                Problem("fiscal_year_end", options.fiscal_year_end, "a month number, 1 to 12")
            )
        rate = None
        if options.forfeiture_rate is not None:
            rate = attempt(lambda: parse_rate(options.forfeiture_rate, "forfeiture_rate"))
        attribution = options.attribution.strip().lower()
        attempt(lambda: check(attribution, rate))
        pricing = attempt(inputs.pricing)
        chosen = None
        if start is not None and end is not None and month_ok:
            chosen = attempt(
                lambda: periods(start, end, options.period.strip().lower(), int(month))
            )
        if found:
            raise InputError(found)
        assert chosen is not None
        return Question(
            "expense",
            pricing=pricing,
            periods=chosen,
            attribution=attribution,
            forfeiture_rate=rate,
        )

    run(out, src, AdHoc.of(adhoc, inputs.contractual_term), whatif, ask)


@app.command(cls=Command)
@grouped
def tax(
    src: Source,
    adhoc: AdHoc,
    whatif: WhatIf,
    out: Output,
    options: TaxOptions,
    price: Price = None,
    prices: Prices = None,
) -> None:
    """Tax at settlement and exercise, and the ISO $100,000 limit, for one year (estimates)."""

    def ask(today: _dt.date) -> Question:
        from ..errors import MISSING
        from ..io.prices import price_source
        from ..pipeline import Question, TaxLedgers

        found: list[Problem] = []
        year = None
        if options.year is None:
            found.append(Problem("year", MISSING, "a calendar year such as 2024 (required)"))
        else:
            text = options.year.strip()
            if text.isascii() and text.isdigit() and 1900 <= int(text) <= 2199:
                year = int(text)
            else:
                found.append(Problem("year", options.year, "a calendar year from 1900 to 2199"))
        rates = None
        source: tuple[Decimal, ...] | PriceTable = ()  # no price: asked for when needed
        try:
            rates = options.rates()
        except VestingError as e:
            found.extend(e.problems)
        if len(price or ()) > 1:
            found.append(Problem("price", ", ".join(price or ()), "one --price (or --prices)"))
        elif price or prices:
            try:
                source = price_source(price or (), prices)
            except VestingError as e:
                found.extend(e.problems)
        if found:
            raise InputError(found)
        assert rates is not None and year is not None
        return Question("tax", prices=source, year=year, rates=rates, ledgers=TaxLedgers.new(rates))

    run(out, src, adhoc, whatif, ask)


@app.command(cls=Command)
@grouped
def export(src: Source, adhoc: AdHoc, whatif: WhatIf, out: Export) -> None:
    """Write the grants as an Open Cap Table Format package (a folder or a .zip)."""
    from .run import export as run_export

    run_export(out, src, adhoc, whatif)


@app.command(cls=Command)
@grouped
def chart(
    src: Source,
    adhoc: AdHoc,
    whatif: WhatIf,
    out: ChartOutput,
    as_of: Day = None,
    price: OnePrice = None,
    prices: Prices = None,
) -> None:
    """Vested shares over time as a chart (and vested value, with a price): in the terminal,
    or -o FILE.svg / FILE.png."""
    from .documents import chart as run_chart

    run_chart(out, src, adhoc, whatif, as_of, price, prices)


@app.command(cls=Command)
@grouped
def report(
    src: Source,
    adhoc: AdHoc,
    whatif: WhatIf,
    out: ReportOutput,
    as_of: Day = None,
    price: OnePrice = None,
    prices: Prices = None,
) -> None:
    """One self-contained HTML page: summary, status, value, charts, schedules and events."""
    from .documents import report as run_report

    run_report(out, src, adhoc, whatif, as_of, price, prices)


@app.command(cls=Command)
@grouped
def calendar(
    src: Source,
    adhoc: AdHoc,
    whatif: WhatIf,
    out: CalendarOutput,
    since: Since = None,
) -> None:
    """Vest dates, exercise deadlines and expiries as an iCalendar (.ics) file."""
    from .documents import calendar as run_calendar

    run_calendar(out, src, adhoc, whatif, since)


@app.command(cls=Command)
def validate(
    file: Annotated[
        str, typer.Argument(help="Grant file, or - for standard input.", metavar="FILE")
    ],
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format",
            metavar="FORMAT",
            help="toml, json, jsonl, csv or ocf (default: from the file).",
        ),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="table (default), json, csv or jsonl."
        ),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    csv_: Annotated[bool, typer.Option("--csv", help="Same as --format csv.")] = False,
    nl: Annotated[bool, typer.Option("--nl", help="Same as --format jsonl.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback with errors.")] = False,
) -> None:
    """Check a grant file and list every problem with its location (exit 2 if any)."""
    from .. import io, render
    from ..report.builders import validate_report

    out = Output(format=format, json_=json_, csv_=csv_, nl=nl, quiet=quiet, debug=debug)
    try:
        chosen = choose_format(out)
    except VestingError as e:
        raise fail(e, debug) from None
    tally = Tally("<stdin>" if file == "-" else file)
    progress = Progress(out)

    def opened(text: Text) -> None:
        tally.name = text.name
        progress.opened(text)

    def problems() -> Iterator[Problem]:
        for entry in io.read(file, input_format, opened=opened):
            if entry.entry:
                tally.grants += 1
                if tally.grants % 2048 == 0:
                    progress.advance()
            for p in entry.problems:
                tally.problems += 1
                yield p

    try:
        if chosen != "table":
            report = validate_report(tally.name, problems(), tally.trailer)
            render.get(chosen)(report, sys.stdout, render.Options(format=chosen))
        else:
            show(problems())
    finally:
        progress.stop()
    if chosen == "table":
        if tally.problems:
            sys.stderr.write(f"{one_line(tally.name)}: {tally.problems} problem(s)\n")
        else:
            sys.stdout.write(f"{one_line(tally.name)}: {tally.grants} grant(s), no problems\n")
    if tally.problems:
        raise typer.Exit(2)


class Tally:
    """What ``validate`` has read so far."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.grants = 0
        self.problems = 0

    def trailer(self) -> dict[str, object]:
        return {"grants": self.grants, "valid": not self.problems}
