"""The ``vesting`` command line: parse arguments, call the library, render.

Every computation lives in the library (:mod:`vesting.grantfile`, :mod:`vesting.parsing`,
:mod:`vesting.valuation`, :mod:`vesting.output`); this module only wires options to it. Any
:class:`~vesting.errors.VestingError` becomes one ``error: ...`` line per problem on standard
error and exit status 2 (``--debug`` also prints the traceback). Output is rendered completely
before anything is written, so a failing command writes nothing to standard output.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
import traceback
from collections.abc import Callable
from typing import Annotated, Any

import typer

from . import grantfile, output, parsing, valuation
from .errors import VestingError
from .model import Grant

app = typer.Typer(
    name="vesting",
    help="Exact vesting schedules, status and values of stock options and RSUs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# ------------------------------------------------------------------------------ options

_IN = "Input"
_ADHOC = "Ad-hoc terms (instead of a FILE)"
_WHATIF = "What-if events"
_OUT = "Output"

FileArg = Annotated[
    str | None,
    typer.Argument(
        help="Grant file (TOML, JSON or CSV), or - for standard input.",
        show_default=False,
        metavar="FILE",
    ),
]
InputFormat = Annotated[
    str | None,
    typer.Option(
        "--input-format",
        metavar="FORMAT",
        help="toml, json or csv (default: from the file suffix or content).",
        rich_help_panel=_IN,
    ),
]
GrantIds = Annotated[
    list[str] | None,
    typer.Option(
        "--grant", "-g", metavar="ID", help="Only this grant id (repeatable).", rich_help_panel=_IN
    ),
]
Format = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table (default), json, csv or jsonl.",
        rich_help_panel=_OUT,
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Same as --format json.", rich_help_panel=_OUT)]
Csv = Annotated[bool, typer.Option("--csv", help="Same as --format csv.", rich_help_panel=_OUT)]
Nl = Annotated[
    bool, typer.Option("--nl", help="Same as --format jsonl (JSON lines).", rich_help_panel=_OUT)
]
Currency = Annotated[
    str,
    typer.Option(
        "--currency", metavar="SYMBOL", help="Currency symbol in tables.", rich_help_panel=_OUT
    ),
]
Debug = Annotated[
    bool, typer.Option("--debug", help="Show a traceback with errors.", rich_help_panel=_OUT)
]

Shares = Annotated[
    str | None,
    typer.Option("--shares", metavar="N", help="Shares granted.", rich_help_panel=_ADHOC),
]
GrantDate = Annotated[
    str | None,
    typer.Option(
        "--grant-date",
        metavar="DATE",
        help="Grant date (YYYY-MM-DD, today, +6m...).",
        rich_help_panel=_ADHOC,
    ),
]
Months = Annotated[
    str | None,
    typer.Option(
        "--months",
        metavar="PERIOD",
        help="Vesting length: months (48) or a period (4y).",
        rich_help_panel=_ADHOC,
    ),
]
Cliff = Annotated[
    str | None,
    typer.Option(
        "--cliff", metavar="PERIOD", help="Cliff: months (12) or a period.", rich_help_panel=_ADHOC
    ),
]
Every = Annotated[
    str | None,
    typer.Option(
        "--every",
        metavar="PERIOD",
        help="Cadence: months (1) or a period (30d).",
        rich_help_panel=_ADHOC,
    ),
]
Kind = Annotated[
    str | None,
    typer.Option(
        "--kind", metavar="KIND", help="ISO, NSO (default) or RSU.", rich_help_panel=_ADHOC
    ),
]
Strike = Annotated[
    str | None,
    typer.Option("--strike", metavar="PRICE", help="Exercise price.", rich_help_panel=_ADHOC),
]
DayOfMonth = Annotated[
    str | None,
    typer.Option(
        "--day-of-month", metavar="DAY", help="start, 1-31 or last.", rich_help_panel=_ADHOC
    ),
]
Allocation = Annotated[
    str | None,
    typer.Option(
        "--allocation",
        metavar="TYPE",
        help="Rounding (default CUMULATIVE_ROUND_DOWN).",
        rich_help_panel=_ADHOC,
    ),
]
Start = Annotated[
    str | None,
    typer.Option(
        "--start",
        metavar="DATE",
        help="Vesting start (default: the grant date).",
        rich_help_panel=_ADHOC,
    ),
]
Terms = Annotated[
    str | None,
    typer.Option(
        "--terms",
        metavar="NAME",
        help="Built-in terms: standard, annual, quarterly, monthly.",
        rich_help_panel=_ADHOC,
    ),
]
Id = Annotated[
    str | None,
    typer.Option("--id", metavar="ID", help="Grant id (default adhoc).", rich_help_panel=_ADHOC),
]

Terminate = Annotated[
    list[str] | None,
    typer.Option(
        "--terminate",
        metavar="DATE[:REASON]",
        help="Termination: DATE or DATE:REASON.",
        rich_help_panel=_WHATIF,
    ),
]
ReasonOpt = Annotated[
    str | None,
    typer.Option(
        "--reason",
        metavar="REASON",
        help="voluntary (default), involuntary, cause, death, disability, retirement.",
        rich_help_panel=_WHATIF,
    ),
]
LeaveOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--leave",
        metavar="START:END",
        help="Leave: START:END (last day) or START:90d.",
        rich_help_panel=_WHATIF,
    ),
]
Accelerate = Annotated[
    list[str] | None,
    typer.Option(
        "--accelerate",
        metavar="DATE:AMOUNT",
        help="DATE:25% | DATE:1000 (shares) | DATE:6m (months) [:double][:soonest|latest]...",
        rich_help_panel=_WHATIF,
    ),
]
ExerciseOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--exercise", metavar="DATE:SHARES", help="Exercise: DATE:SHARES.", rich_help_panel=_WHATIF
    ),
]
EventOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--event",
        metavar="NAME=DATE",
        help="Named event: NAME=DATE (milestone, ipo).",
        rich_help_panel=_WHATIF,
    ),
]
AsOf = Annotated[
    list[str] | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Date (repeatable): YYYY-MM-DD, today, +6m, -30d... Default: today.",
    ),
]


# ------------------------------------------------------------------------------- running


def _color() -> bool:
    """Colour only for a terminal, and never with NO_COLOR set (https://no-color.org)."""
    return (
        sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    )


def _fail(error: VestingError, debug: bool) -> typer.Exit:
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    for problem in error.problems:
        sys.stderr.write(f"error: {problem.message()}\n")
    return typer.Exit(2)


def _run(
    compute: Callable[[], output.Report],
    fmt: str | None,
    json_: bool,
    csv_: bool,
    nl: bool,
    currency: str,
    debug: bool,
) -> None:
    """Compute, render completely, then write (so errors leave standard output empty)."""
    try:
        chosen = output.choose_format(fmt, json_, csv_, nl)
        report = compute()
        text = output.render(report, chosen, currency=currency, color=_color())
    except VestingError as e:
        raise _fail(e, debug) from None
    sys.stdout.write(text)


_ADHOC_FIELDS: dict[str, str] = {
    "id": "id",
    "kind": "kind",
    "shares": "shares",
    "grant_date": "grant_date",
    "vesting_start": "start",
    "exercise_price": "strike",
    "terms": "terms",
    "length": "months",
    "every": "every",
    "cliff": "cliff",
    "day_of_month": "day_of_month",
    "allocation": "allocation",
}
"""Grant-file field → the ad-hoc option (command parameter) that gives it."""


def _grants(opts: dict[str, Any], today: _dt.date) -> tuple[Grant, ...]:
    """The grants a listing command works on, from its parameters ``opts``: FILE or the ad-hoc
    options, narrowed by ``--grant``, with the what-if events added. Every command goes
    through here, so they read grants and events the same way."""
    events = parsing.what_if_events(
        terminate=opts["terminate"] or (),
        reason=opts["reason"],
        leave=opts["leave"] or (),
        accelerate=opts["accelerate"] or (),
        exercise=opts["exercise"] or (),
        event=opts["event"] or (),
        today=today,
    )
    return grantfile.grants_for(
        opts["file"],
        format=opts["input_format"],
        adhoc={field: opts[option] for field, option in _ADHOC_FIELDS.items()},
        ids=opts["grant"] or (),
        events=events,
        today=today,
    )


# ------------------------------------------------------------------------------ commands


@app.command()
def validate(
    file: Annotated[
        str, typer.Argument(help="Grant file, or - for standard input.", metavar="FILE")
    ],
    input_format: InputFormat = None,
    format: Format = None,
    json_: Json = False,
    csv_: Csv = False,
    nl: Nl = False,
    debug: Debug = False,
) -> None:
    """Check a grant file and list every problem with its location (exit 2 if any)."""
    try:
        chosen = output.choose_format(format, json_, csv_, nl)
        loaded = grantfile.check(file, input_format)
    except VestingError as e:
        raise _fail(e, debug) from None
    report = output.validate_report(loaded.name, loaded.count, loaded.problems)
    if chosen != "table":
        sys.stdout.write(output.render(report, chosen))
    elif not loaded.problems:
        sys.stdout.write(f"{loaded.name}: {loaded.count} grant(s), no problems\n")
    else:
        for problem in loaded.problems:
            sys.stderr.write(f"error: {problem.message()}\n")
        sys.stderr.write(f"{loaded.name}: {len(loaded.problems)} problem(s)\n")
    if loaded.problems:
        raise typer.Exit(2)


@app.command()
def schedule(
    file: FileArg = None,
    grant: GrantIds = None,
    input_format: InputFormat = None,
    shares: Shares = None,
    grant_date: GrantDate = None,
    months: Months = None,
    cliff: Cliff = None,
    every: Every = None,
    kind: Kind = None,
    strike: Strike = None,
    day_of_month: DayOfMonth = None,
    allocation: Allocation = None,
    start: Start = None,
    terms: Terms = None,
    id: Id = None,
    terminate: Terminate = None,
    reason: ReasonOpt = None,
    leave: LeaveOpt = None,
    accelerate: Accelerate = None,
    exercise: ExerciseOpt = None,
    event: EventOpt = None,
    format: Format = None,
    json_: Json = False,
    csv_: Csv = False,
    nl: Nl = False,
    currency: Currency = "$",
    debug: Debug = False,
) -> None:
    """Every vesting entry: date, shares, cumulative, percent, and what events did to it."""
    opts = dict(locals())  # the parameters, before anything else is bound

    def compute() -> output.Report:
        today = _dt.date.today()
        grants = _grants(opts, today)
        return output.schedule_report(grants)

    _run(compute, format, json_, csv_, nl, currency, debug)


@app.command()
def status(
    file: FileArg = None,
    as_of: AsOf = None,
    grant: GrantIds = None,
    input_format: InputFormat = None,
    shares: Shares = None,
    grant_date: GrantDate = None,
    months: Months = None,
    cliff: Cliff = None,
    every: Every = None,
    kind: Kind = None,
    strike: Strike = None,
    day_of_month: DayOfMonth = None,
    allocation: Allocation = None,
    start: Start = None,
    terms: Terms = None,
    id: Id = None,
    terminate: Terminate = None,
    reason: ReasonOpt = None,
    leave: LeaveOpt = None,
    accelerate: Accelerate = None,
    exercise: ExerciseOpt = None,
    event: EventOpt = None,
    format: Format = None,
    json_: Json = False,
    csv_: Csv = False,
    nl: Nl = False,
    currency: Currency = "$",
    debug: Debug = False,
) -> None:
    """What each grant and the total stand at on each --as-of date."""
    opts = dict(locals())  # the parameters, before anything else is bound

    def compute() -> output.Report:
        today = _dt.date.today()
        dates = parsing.parse_dates(as_of or ["today"], "--as-of", today=today)
        grants = _grants(opts, today)
        return output.status_report(grants, dates)

    _run(compute, format, json_, csv_, nl, currency, debug)


@app.command()
def value(
    file: FileArg = None,
    as_of: AsOf = None,
    price: Annotated[
        list[str] | None,
        typer.Option("--price", metavar="PRICE", help="Share price (repeat for a what-if grid)."),
    ] = None,
    prices: Annotated[
        str | None,
        typer.Option(
            "--prices",
            metavar="FILE",
            help="CSV of date,price: the last price on or before a date.",
        ),
    ] = None,
    grant: GrantIds = None,
    input_format: InputFormat = None,
    shares: Shares = None,
    grant_date: GrantDate = None,
    months: Months = None,
    cliff: Cliff = None,
    every: Every = None,
    kind: Kind = None,
    strike: Strike = None,
    day_of_month: DayOfMonth = None,
    allocation: Allocation = None,
    start: Start = None,
    terms: Terms = None,
    id: Id = None,
    terminate: Terminate = None,
    reason: ReasonOpt = None,
    leave: LeaveOpt = None,
    accelerate: Accelerate = None,
    exercise: ExerciseOpt = None,
    event: EventOpt = None,
    format: Format = None,
    json_: Json = False,
    csv_: Csv = False,
    nl: Nl = False,
    currency: Currency = "$",
    debug: Debug = False,
) -> None:
    """Market value on each --as-of date: options at intrinsic value, RSUs at the price."""
    opts = dict(locals())  # the parameters, before anything else is bound

    def compute() -> output.Report:
        today = _dt.date.today()
        dates = parsing.parse_dates(as_of or ["today"], "--as-of", today=today)
        source = valuation.price_source(price or (), prices)
        grants = _grants(opts, today)
        return output.value_report(grants, dates, source)

    _run(compute, format, json_, csv_, nl, currency, debug)


def main() -> None:
    """Run the command line (the ``vesting`` console script, ``python -m vesting``)."""
    try:
        app()
    except BrokenPipeError:
        # The reader went away (``vesting schedule big.csv | head``): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
