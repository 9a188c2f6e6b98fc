"""Option groups, declared once: each group is a frozen dataclass whose fields carry their
typer declaration, and :func:`grouped` turns a command that takes groups into the flat
signature typer reads (every field becomes an option), then rebuilds the groups for the call.

This is the only place that names command-line flags (with :mod:`vesting.cli.labels`, which
maps library field names back to them in messages).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Final, TypeVar, get_type_hints

import typer

from ..errors import InputError, Problem, VestingError

if TYPE_CHECKING:
    from ..model import Pricing
    from ..tax.rates import TaxRates

F = TypeVar("F", bound=Callable[..., Any])

_IN = "Input"
_ADHOC = "Ad-hoc terms (instead of a FILE)"
_WHATIF = "What-if events"
_OUT = "Output"
_EXPORT = "Export"
_FV = "Fair-value inputs (for every grant, over its own)"
_EXPENSE = "Expense"
_TAX = "Tax (rates as 0.22 or 22%; amounts in dollars)"
_PICTURE = "Output"


def grouped(fn: F) -> F:
    """Expand the option-group parameters of ``fn`` (see the module doc) for typer."""
    hints = get_type_hints(fn, include_extras=True)
    params: list[inspect.Parameter] = []
    groups: dict[str, tuple[type, list[str]]] = {}
    for p in inspect.signature(fn).parameters.values():
        hint = hints[p.name]
        if isinstance(hint, type) and is_dataclass(hint):
            group_hints = get_type_hints(hint, include_extras=True)
            names = []
            for f in fields(hint):
                params.append(
                    inspect.Parameter(
                        f.name,
                        inspect.Parameter.POSITIONAL_OR_KEYWORD,
                        default=f.default,
                        annotation=group_hints[f.name],
                    )
                )
                names.append(f.name)
            groups[p.name] = (hint, names)
        else:
            params.append(p.replace(annotation=hint))
    params.sort(key=lambda p: _is_option(p.annotation))  # arguments first, in order

    @functools.wraps(fn)
    def wrapper(**kwargs: Any) -> Any:
        call = {
            name: cls(**{n: kwargs.pop(n) for n in names}) for name, (cls, names) in groups.items()
        }
        call.update(kwargs)
        return fn(**call)

    wrapper.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    return wrapper  # type: ignore[return-value]


def _is_option(annotation: object) -> bool:
    return not any(
        isinstance(m, typer.models.ArgumentInfo) for m in getattr(annotation, "__metadata__", ())
    )


# --------------------------------------------------------------------------------- groups


@dataclass(frozen=True)
class Source:
    """Where grants come from: a grant file (or ``-``), narrowed to some ids."""

    file: Annotated[
        str | None,
        typer.Argument(
            help="Grant file (TOML, JSON, JSON lines, CSV), OCF package (folder, .zip), or -.",
            show_default=False,
            metavar="FILE",
        ),
    ] = None
    grant: Annotated[
        list[str] | None,
        typer.Option(
            "--grant",
            "-g",
            metavar="ID",
            help="Only this grant id (repeatable).",
            rich_help_panel=_IN,
        ),
    ] = None
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format",
            metavar="FORMAT",
            help="toml, json, jsonl, csv or ocf (default: from the file suffix or content).",
            rich_help_panel=_IN,
        ),
    ] = None
    on_error: Annotated[
        str,
        typer.Option(
            "--on-error",
            metavar="stop|skip",
            help="stop (default): the first bad grant ends the run (exit 2). skip: report each "
            "bad grant on stderr, write the rest, exit 1 at the end.",
            rich_help_panel=_IN,
        ),
    ] = "stop"
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            help="Worker processes for a large CSV or JSON-lines file (default 1: none; 0: one "
            "per CPU). Faster on several cores; each worker adds about 25 MB.",
            rich_help_panel=_IN,
        ),
    ] = None


@dataclass(frozen=True)
class AdHocShape:
    """One grant described by options instead of a file (:class:`AdHoc` without ``--term``,
    for commands where ``--term`` is the expected term of a valuation)."""

    shares: Annotated[
        str | None,
        typer.Option("--shares", metavar="N", help="Shares granted.", rich_help_panel=_ADHOC),
    ] = None
    grant_date: Annotated[
        str | None,
        typer.Option(
            "--grant-date",
            metavar="DATE",
            help="Grant date (YYYY-MM-DD, today, +6m...).",
            rich_help_panel=_ADHOC,
        ),
    ] = None
    months: Annotated[
        str | None,
        typer.Option(
            "--months",
            metavar="PERIOD",
            help="Vesting length: months (48) or a period (4y).",
            rich_help_panel=_ADHOC,
        ),
    ] = None
    cliff: Annotated[
        str | None,
        typer.Option(
            "--cliff",
            metavar="PERIOD",
            help="Cliff: months (12) or a period.",
            rich_help_panel=_ADHOC,
        ),
    ] = None
    every: Annotated[
        str | None,
        typer.Option(
            "--every",
            metavar="PERIOD",
            help="Cadence: months (1) or a period (30d).",
            rich_help_panel=_ADHOC,
        ),
    ] = None
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", metavar="KIND", help="ISO, NSO (default) or RSU.", rich_help_panel=_ADHOC
        ),
    ] = None
    strike: Annotated[
        str | None,
        typer.Option("--strike", metavar="PRICE", help="Exercise price.", rich_help_panel=_ADHOC),
    ] = None
    day_of_month: Annotated[
        str | None,
        typer.Option(
            "--day-of-month", metavar="DAY", help="start, 1-31 or last.", rich_help_panel=_ADHOC
        ),
    ] = None
    allocation: Annotated[
        str | None,
        typer.Option(
            "--allocation",
            metavar="TYPE",
            help="Rounding (default CUMULATIVE_ROUND_DOWN).",
            rich_help_panel=_ADHOC,
        ),
    ] = None
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="DATE",
            help="Vesting start (default: the grant date).",
            rich_help_panel=_ADHOC,
        ),
    ] = None
    terms: Annotated[
        str | None,
        typer.Option(
            "--terms",
            metavar="NAME",
            help="Built-in terms: standard, annual, quarterly, monthly.",
            rich_help_panel=_ADHOC,
        ),
    ] = None
    settle_on: Annotated[
        str | None,
        typer.Option(
            "--settle-on",
            metavar="EVENT",
            help="RSUs: settle on this named event (double trigger), e.g. ipo.",
            rich_help_panel=_ADHOC,
        ),
    ] = None
    early_exercise: Annotated[
        bool | None,
        typer.Option(
            "--early-exercise",
            help="Options: unvested shares may be exercised (repurchased if the holder leaves).",
            rich_help_panel=_ADHOC,
            show_default=False,
        ),
    ] = None
    id: Annotated[
        str | None,
        typer.Option(
            "--id", metavar="ID", help="Grant id (default adhoc).", rich_help_panel=_ADHOC
        ),
    ] = None

    FIELDS: ClassVar[dict[str, str]] = {
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
        "term": "term",
        "settle_on": "settle_on",
        "early_exercise": "early_exercise",
    }
    """Grant field → the ad-hoc option (attribute) that gives it."""

    def given(self) -> dict[str, str]:
        """The grant fields the options give (field name → text)."""
        out = {}
        for f, a in self.FIELDS.items():
            value = getattr(self, a, None)
            if value is not None:
                out[f] = ("true" if value else "false") if isinstance(value, bool) else value
        return out


@dataclass(frozen=True)
class AdHoc(AdHocShape):
    """One grant described by options instead of a file."""

    term: Annotated[
        str | None,
        typer.Option(
            "--term",
            metavar="PERIOD",
            help="Expiration after the grant date (options: 10y by default; RSUs: none, or 7y "
            "with --settle-on).",
            rich_help_panel=_ADHOC,
        ),
    ] = None

    @classmethod
    def of(cls, shape: AdHocShape, term: str | None) -> AdHoc:
        """The ad-hoc options of ``shape`` with the expiration ``term``."""
        return cls(**{f.name: getattr(shape, f.name) for f in fields(shape)}, term=term)


@dataclass(frozen=True)
class WhatIf:
    """Events added to every selected grant, for the question at hand."""

    terminate: Annotated[
        list[str] | None,
        typer.Option(
            "--terminate",
            metavar="DATE[:REASON]",
            help="Termination: DATE or DATE:REASON.",
            rich_help_panel=_WHATIF,
        ),
    ] = None
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            metavar="REASON",
            help="voluntary (default), involuntary, cause, death, disability, retirement, "
            "good-reason.",
            rich_help_panel=_WHATIF,
        ),
    ] = None
    leave: Annotated[
        list[str] | None,
        typer.Option(
            "--leave",
            metavar="START:END",
            help="Leave: START:END (last day) or START:90d.",
            rich_help_panel=_WHATIF,
        ),
    ] = None
    accelerate: Annotated[
        list[str] | None,
        typer.Option(
            "--accelerate",
            metavar="DATE:AMOUNT",
            help="DATE:25% | DATE:1000 (shares) | DATE:6m (months) [:double][:soonest|latest]...",
            rich_help_panel=_WHATIF,
        ),
    ] = None
    exercise: Annotated[
        list[str] | None,
        typer.Option(
            "--exercise",
            metavar="DATE:SHARES",
            help="Exercise: DATE:SHARES.",
            rich_help_panel=_WHATIF,
        ),
    ] = None
    cancel: Annotated[
        list[str] | None,
        typer.Option(
            "--cancel",
            metavar="DATE:SHARES",
            help="Cancellation: DATE:SHARES (unvested shares first, then vested ones).",
            rich_help_panel=_WHATIF,
        ),
    ] = None
    toll: Annotated[
        str | None,
        typer.Option(
            "--toll",
            metavar="POLICY",
            help="Leave policy to try: none, periods or days (default: each grant's terms).",
            rich_help_panel=_WHATIF,
        ),
    ] = None
    event: Annotated[
        list[str] | None,
        typer.Option(
            "--event",
            metavar="NAME=DATE",
            help="Named event: NAME=DATE (milestone, ipo).",
            rich_help_panel=_WHATIF,
        ),
    ] = None


@dataclass(frozen=True)
class Output:
    """How and where the result is written."""

    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table (default), json, csv or jsonl.",
            rich_help_panel=_OUT,
        ),
    ] = None
    json_: Annotated[
        bool, typer.Option("--json", help="Same as --format json.", rich_help_panel=_OUT)
    ] = False
    csv_: Annotated[
        bool, typer.Option("--csv", help="Same as --format csv.", rich_help_panel=_OUT)
    ] = False
    nl: Annotated[
        bool,
        typer.Option("--nl", help="Same as --format jsonl (JSON lines).", rich_help_panel=_OUT),
    ] = False
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (replaced only when the run succeeds) instead of standard output.",
            rich_help_panel=_OUT,
        ),
    ] = None
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            metavar="A,B,C",
            help="Table columns to show, by name (as in the JSON and CSV output), in order.",
            rich_help_panel=_OUT,
        ),
    ] = None
    wide: Annotated[
        bool,
        typer.Option(
            "--wide",
            help="Every column in the table, however wide (default: the columns that fit).",
            rich_help_panel=_OUT,
        ),
    ] = False
    currency: Annotated[
        str,
        typer.Option(
            "--currency", metavar="SYMBOL", help="Currency symbol in tables.", rich_help_panel=_OUT
        ),
    ] = "$"
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar.", rich_help_panel=_OUT)
    ] = False
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback with errors.", rich_help_panel=_OUT)
    ] = False


@dataclass(frozen=True)
class Export:
    """Where and how ``export`` writes the grants."""

    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="The package to write: a folder, or a file ending in .zip (required). "
            "Replaced only when every grant is written.",
            rich_help_panel=_EXPORT,
        ),
    ] = None
    format: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="ocf (the only one).", rich_help_panel=_EXPORT
        ),
    ] = "ocf"
    issuer: Annotated[
        str,
        typer.Option(
            "--issuer", metavar="NAME", help="The company's legal name.", rich_help_panel=_EXPORT
        ),
    ] = "Issuer"
    country: Annotated[
        str,
        typer.Option(
            "--country",
            metavar="CC",
            help="Country of formation (ISO 3166 code, default US).",
            rich_help_panel=_EXPORT,
        ),
    ] = "US"
    formed: Annotated[
        str | None,
        typer.Option(
            "--formed",
            metavar="DATE",
            help="Formation date (default: the earliest grant date).",
            rich_help_panel=_EXPORT,
        ),
    ] = None
    currency_code: Annotated[
        str,
        typer.Option(
            "--currency-code",
            metavar="CODE",
            help="Currency of exercise prices (ISO 4217, default USD).",
            rich_help_panel=_EXPORT,
        ),
    ] = "USD"
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="The package's as-of date (default: today).",
            rich_help_panel=_EXPORT,
        ),
    ] = None
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No summary line.", rich_help_panel=_EXPORT)
    ] = False
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show a traceback with errors.", rich_help_panel=_EXPORT),
    ] = False


@dataclass(frozen=True)
class Document:
    """How a chart, report or calendar is written (each command adds its ``--output``)."""

    currency: Annotated[
        str,
        typer.Option(
            "--currency",
            metavar="SYMBOL",
            help="Currency symbol for money.",
            rich_help_panel=_PICTURE,
        ),
    ] = "$"
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="No summary line on stderr.", rich_help_panel=_PICTURE),
    ] = False
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show a traceback with errors.", rich_help_panel=_PICTURE),
    ] = False

    SUFFIXES: ClassVar[tuple[str, ...]] = ()
    """The file suffixes ``--output`` takes."""
    output: str | None = None


@dataclass(frozen=True)
class ChartOutput(Document):
    """``chart``: the terminal, or a picture file."""

    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the chart to FILE: .svg or .png (needs matplotlib: pip install "
            "'vesting[charts]'). Default: draw it in the terminal.",
            rich_help_panel=_PICTURE,
        ),
    ] = None
    SUFFIXES: ClassVar[tuple[str, ...]] = (".svg", ".png")


@dataclass(frozen=True)
class ReportOutput(Document):
    """``report``: an HTML page."""

    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the page to FILE (.html; replaced only when the run succeeds). "
            "Default: standard output.",
            rich_help_panel=_PICTURE,
        ),
    ] = None
    SUFFIXES: ClassVar[tuple[str, ...]] = (".html", ".htm")


@dataclass(frozen=True)
class CalendarOutput(Document):
    """``calendar``: an iCalendar file."""

    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the calendar to FILE (.ics; replaced only when the run succeeds). "
            "Default: standard output.",
            rich_help_panel=_PICTURE,
        ),
    ] = None
    SUFFIXES: ClassVar[tuple[str, ...]] = (".ics",)


AsOf = Annotated[
    list[str] | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Date (repeatable): YYYY-MM-DD, today, +6m, -30d... Default: today.",
    ),
]
Price = Annotated[
    list[str] | None,
    typer.Option("--price", metavar="PRICE", help="Share price (repeat for a what-if grid)."),
]
Prices = Annotated[
    str | None,
    typer.Option(
        "--prices", metavar="FILE", help="CSV of date,price: the last price on or before a date."
    ),
]


@dataclass(frozen=True)
class FairValueInputs:
    """Inputs of the grant-date fair value (:mod:`vesting.accounting.fairvalue`)."""

    price: Annotated[
        str | None,
        typer.Option(
            "--price", metavar="PRICE", help="Share price on the grant date.", rich_help_panel=_FV
        ),
    ] = None
    volatility: Annotated[
        str | None,
        typer.Option(
            "--volatility",
            metavar="RATE",
            help="Expected volatility: 0.35 or 35%.",
            rich_help_panel=_FV,
        ),
    ] = None
    risk_free: Annotated[
        str | None,
        typer.Option(
            "--risk-free", metavar="RATE", help="Risk-free rate: 0.03 or 3%.", rich_help_panel=_FV
        ),
    ] = None
    dividend_yield: Annotated[
        str | None,
        typer.Option(
            "--dividend-yield",
            metavar="RATE",
            help="Dividend yield: 0, 0.02 or 2%.",
            rich_help_panel=_FV,
        ),
    ] = None
    expected_term: Annotated[
        str | None,
        typer.Option(
            "--term",
            metavar="YEARS|sab107",
            help="Expected term in years, or sab107 (the simplified method, from the schedule).",
            rich_help_panel=_FV,
        ),
    ] = None
    fair_value: Annotated[
        str | None,
        typer.Option(
            "--fair-value",
            metavar="PRICE",
            help="Fair value per share, given (no model).",
            rich_help_panel=_FV,
        ),
    ] = None
    contractual_term: Annotated[
        str | None,
        typer.Option(
            "--contractual-term",
            metavar="PERIOD",
            help="Ad-hoc grants: the option's term (expiration after grant; default 10y).",
            rich_help_panel=_FV,
        ),
    ] = None

    def pricing(self) -> Pricing | None:
        """The inputs given, as a record (``None``: none given). Problems name the options."""
        from ..io.values import parse_expected_term, parse_money, parse_rate
        from ..model import Pricing

        values = _parsed(
            (
                ("fair_value", self.fair_value, parse_money),
                ("price", self.price, parse_money),
                ("volatility", self.volatility, parse_rate),
                ("risk_free_rate", self.risk_free, parse_rate),
                ("dividend_yield", self.dividend_yield, parse_rate),
                ("expected_term", self.expected_term, parse_expected_term),
            ),
            FV_FLAGS,
        )
        if not values:
            return None
        return _built(lambda: Pricing(**values), FV_FLAGS)  # type: ignore[arg-type]


R = TypeVar("R")


def _parsed(
    given: tuple[tuple[str, str | None, Callable[[object, str], object]], ...],
    flags: dict[str, str],
) -> dict[str, object]:
    """Each option given, parsed by its converter (problems named by its flag); every problem
    is reported at once."""
    found: list[Problem] = []
    values: dict[str, object] = {}
    for name, text, parse in given:
        if text is None:
            continue
        try:
            values[name] = parse(text, flags[name])
        except VestingError as e:
            found.extend(e.problems)
    if found:
        raise InputError(found)
    return values


def _built(build: Callable[[], R], flags: dict[str, str]) -> R:
    """The record ``build`` makes from parsed options; its problems named by the flags."""
    try:
        return build()
    except VestingError as e:
        raise InputError(
            [Problem(flags.get(p.field, p.field), p.value, p.allowed) for p in e.problems]
        ) from None


FV_FLAGS: Final = {
    "fair_value": "--fair-value",
    "price": "--price",
    "volatility": "--volatility",
    "risk_free_rate": "--risk-free",
    "dividend_yield": "--dividend-yield",
    "expected_term": "--term",
}


@dataclass(frozen=True)
class ExpenseOptions:
    """The periods and policies of ``expense`` (:mod:`vesting.accounting.expense`)."""

    from_date: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DATE",
            help="First day reported (required).",
            rich_help_panel=_EXPENSE,
        ),
    ] = None
    to_date: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="DATE", help="Last day reported (required).", rich_help_panel=_EXPENSE
        ),
    ] = None
    period: Annotated[
        str,
        typer.Option(
            "--period",
            metavar="month|quarter|year",
            help="Reporting period (default quarter).",
            rich_help_panel=_EXPENSE,
        ),
    ] = "quarter"
    fiscal_year_end: Annotated[
        str,
        typer.Option(
            "--fiscal-year-end",
            metavar="MONTH",
            help="Month the fiscal year ends (1-12; default 12: calendar years).",
            rich_help_panel=_EXPENSE,
        ),
    ] = "12"
    attribution: Annotated[
        str,
        typer.Option(
            "--attribution",
            metavar="graded|straight-line",
            help="graded (default: each tranche over its own service period) or straight-line.",
            rich_help_panel=_EXPENSE,
        ),
    ] = "graded"
    forfeiture_rate: Annotated[
        str | None,
        typer.Option(
            "--forfeiture-rate",
            metavar="RATE",
            help="Estimated annual forfeiture rate (default: forfeitures as they occur).",
            rich_help_panel=_EXPENSE,
        ),
    ] = None


SharesOutstanding = Annotated[
    str | None,
    typer.Option(
        "--shares-outstanding",
        metavar="N",
        help="The company's shares outstanding: adds percent of outstanding and fully diluted.",
    ),
]
PerTranche = Annotated[
    bool,
    typer.Option(
        "--per-tranche", help="Value each tranche with its own expected term (with --term sab107)."
    ),
]
Day = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="The date marked and summed up: YYYY-MM-DD, today, +6m, -30d... Default: today.",
    ),
]
OnePrice = Annotated[
    str | None,
    typer.Option(
        "--price", metavar="PRICE", help="Share price: adds vested value (options: intrinsic)."
    ),
]
Since = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="DATE",
        help="Only events on or after DATE (YYYY-MM-DD, today, -1y...). Default: today.",
    ),
]


@dataclass(frozen=True)
class TaxOptions:
    """The year and the rates of ``tax`` (:mod:`vesting.tax`)."""

    year: Annotated[
        str | None,
        typer.Option(
            "--year", metavar="YEAR", help="Calendar year (required).", rich_help_panel=_TAX
        ),
    ] = None
    other_supplemental: Annotated[
        str | None,
        typer.Option(
            "--other-supplemental",
            metavar="AMOUNT",
            help="Supplemental wages already paid this year (toward the $1M threshold).",
            rich_help_panel=_TAX,
        ),
    ] = None
    supplemental_rate: Annotated[
        str | None,
        typer.Option(
            "--supplemental-rate", metavar="RATE", help="Default 22%.", rich_help_panel=_TAX
        ),
    ] = None
    high_rate: Annotated[
        str | None,
        typer.Option(
            "--high-rate",
            metavar="RATE",
            help="Above the threshold; default 37%.",
            rich_help_panel=_TAX,
        ),
    ] = None
    threshold: Annotated[
        str | None,
        typer.Option(
            "--threshold", metavar="AMOUNT", help="Default 1000000.", rich_help_panel=_TAX
        ),
    ] = None
    state_rate: Annotated[
        str | None,
        typer.Option("--state-rate", metavar="RATE", help="Flat state rate.", rich_help_panel=_TAX),
    ] = None
    fica: Annotated[
        bool,
        typer.Option(
            "--fica",
            help="Add Social Security and Medicare (needs --wage-base).",
            rich_help_panel=_TAX,
        ),
    ] = False
    wage_base: Annotated[
        str | None,
        typer.Option(
            "--wage-base",
            metavar="AMOUNT",
            help="The year's Social Security wage base.",
            rich_help_panel=_TAX,
        ),
    ] = None
    other_wages: Annotated[
        str | None,
        typer.Option(
            "--other-wages",
            metavar="AMOUNT",
            help="Wages already paid this year (FICA).",
            rich_help_panel=_TAX,
        ),
    ] = None
    marginal_rate: Annotated[
        str | None,
        typer.Option(
            "--marginal-rate",
            metavar="RATE",
            help="Your marginal rate: shows what 22% withholding falls short of.",
            rich_help_panel=_TAX,
        ),
    ] = None
    iso_limit: Annotated[
        str | None,
        typer.Option(
            "--iso-limit",
            metavar="AMOUNT",
            help="ISO limit a year (default 100000).",
            rich_help_panel=_TAX,
        ),
    ] = None

    def rates(self) -> TaxRates:
        """The rates given over the defaults; problems name the options."""
        from ..io.values import parse_money, parse_rate
        from ..tax.rates import TaxRates

        values = _parsed(
            (
                ("other_supplemental", self.other_supplemental, parse_money),
                ("supplemental", self.supplemental_rate, parse_rate),
                ("high", self.high_rate, parse_rate),
                ("threshold", self.threshold, parse_money),
                ("state", self.state_rate, parse_rate),
                ("wage_base", self.wage_base, parse_money),
                ("other_wages", self.other_wages, parse_money),
                ("marginal", self.marginal_rate, parse_rate),
                ("iso_limit", self.iso_limit, parse_money),
            ),
            TAX_FLAGS,
        )
        return _built(lambda: TaxRates(fica=self.fica, **values).check(), TAX_FLAGS)  # type: ignore[arg-type]


TAX_FLAGS: Final = {
    "other_supplemental": "--other-supplemental",
    "supplemental": "--supplemental-rate",
    "high": "--high-rate",
    "threshold": "--threshold",
    "state": "--state-rate",
    "wage_base": "--wage-base",
    "other_wages": "--other-wages",
    "marginal": "--marginal-rate",
    "iso_limit": "--iso-limit",
    "social_security": "--fica",
    "medicare": "--fica",
    "additional_medicare": "--fica",
    "medicare_threshold": "--fica",
}
