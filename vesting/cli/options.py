"""Every command-line option, declared once (see :mod:`vesting.cli.params`); the commands take
them by reference (:mod:`vesting.cli.commands`). The ad-hoc grant's options and the fair-value
inputs come from the field table (:mod:`vesting.io.fields`): one entry there is one option here.

Each flag has one meaning in every command that takes it: ``--price`` is the market price
(``value``, ``tax``, ``chart``, ``report``) and ``--grant-price`` the grant-date price
(fair-value inputs); ``--as-of`` the date a question is asked on and ``--package-date`` the
as-of date of an exported package; ``--term`` an ad-hoc grant's contractual term and
``--expected-term`` the expected term of a valuation. Old spellings that meant something else
in one command are retired there: giving one is an error that names the new flag.
"""

from __future__ import annotations

from typing import Final

from ..io.fields import ADHOC as ADHOC_FIELDS
from ..render import formats
from .params import Group, Opt

INPUT = "Input"
ADHOC_PANEL = "Ad-hoc terms (instead of a FILE)"
WHATIF = "What-if events"
OUTPUT = "Output"
FAIR_VALUE = "Fair-value inputs (for every grant, over its own)"
EXPENSE = "Expense"
TAX = "Tax (rates as 0.22 or 22%; amounts in dollars)"
EXPORT = "Export"


def _dest(flag: str) -> str:
    return flag.lstrip("-").replace("-", "_")


# ------------------------------------------------------------------------------------ input

FILE = Opt(
    "file", (), "FILE",
    "Grant file (TOML, JSON, JSON lines, CSV), OCF package (folder, .zip), or -.", argument=True,
)  # fmt: skip
GRANT = Opt(
    "grant", ("--grant", "-g"), "ID", "Only this grant id (repeatable).", many=True, panel=INPUT
)
INPUT_FORMAT = Opt(
    "input_format", ("--input-format",), "FORMAT",
    "toml, json, jsonl, csv or ocf (default: from the file suffix or content).", panel=INPUT,
)  # fmt: skip
ON_ERROR = Opt(
    "on_error", ("--on-error",), "stop|skip",
    "stop (default): the first bad grant ends the run (exit 2). skip: report each bad grant on "
    "stderr, write the rest, exit 1 at the end.", panel=INPUT,
)  # fmt: skip
JOBS = Opt(
    "jobs", ("--jobs", "-j"), "N",
    "Worker processes for a large CSV or JSON-lines file (default 1: none; 0: one per CPU). "
    "Faster on several cores; each worker adds about 25 MB.", panel=INPUT,
)  # fmt: skip
STRICT = Opt(
    "strict", ("--strict",),
    help="Refuse every column or key that is not a field (default: such columns and keys are "
    "each grant's attributes, but one close to a field name is a typo, an error).",
    switch=True, panel=INPUT,
)  # fmt: skip
SOURCE: Final = Group((FILE, GRANT, INPUT_FORMAT, ON_ERROR, STRICT))
"""Where grants come from, and which: every command but ``validate``."""

# ---------------------------------------------------------------------------- ad-hoc terms

ADHOC: Final = Group(
    tuple(
        Opt(
            _dest(s.flags[0]),
            s.flags,
            s.metavar,
            s.help or s.doc,
            s.name,
            switch=s.switch,
            panel=ADHOC_PANEL,
        )
        for s in ADHOC_FIELDS
        if s.part != "pricing"
    )
)
"""One grant described by options instead of a file: every field of the table that has an
option."""
PRICING: Final = Group(
    tuple(
        Opt(_dest(s.flags[0]), s.flags, s.metavar, s.help or s.doc, s.name, panel=FAIR_VALUE)
        for s in ADHOC_FIELDS
        if s.part == "pricing"
    )
)
"""Fair-value inputs: for every grant, over its own (for an ad-hoc grant, its own)."""

# ---------------------------------------------------------------------------------- what-if

WHAT_IF: Final = Group(
    (
        Opt("terminate", ("--terminate",), "DATE[:REASON]", "Termination: DATE or DATE:REASON.",
            many=True, panel=WHATIF),
        Opt("reason", ("--reason",), "REASON",
            "voluntary (default), involuntary, cause, death, disability, retirement, "
            "good-reason.", panel=WHATIF),
        Opt("leave", ("--leave",), "START:END", "Leave: START:END (last day) or START:90d.",
            many=True, panel=WHATIF),
        Opt("accelerate", ("--accelerate",), "DATE:AMOUNT",
            "DATE:25% | DATE:1000 (shares) | DATE:6m (months) [:double][:soonest|latest]...",
            many=True, panel=WHATIF),
        Opt("exercise", ("--exercise",), "DATE:SHARES", "Exercise: DATE:SHARES.", many=True,
            panel=WHATIF),
        Opt("cancel", ("--cancel",), "DATE:SHARES",
            "Cancellation: DATE:SHARES (unvested shares first, then vested ones).", many=True,
            panel=WHATIF),
        Opt("toll", ("--toll",), "POLICY",
            "Leave policy to try: none, periods or days (default: each grant's terms).",
            panel=WHATIF),
        Opt("event", ("--event",), "NAME=DATE", "Named event: NAME=DATE (milestone, ipo).",
            many=True, panel=WHATIF),
        Opt("split", ("--split",), "DATE:RATIO",
            "Stock split: DATE:1-for-20 (reverse) or DATE:2-for-1; N:M also (new for old).",
            many=True, panel=WHATIF),
        Opt("reprice", ("--reprice",), "DATE:PRICE[:SHARE_PRICE]",
            "Repricing: the new exercise price per share from DATE (and the share price that "
            "day, for expense and fair-value).", many=True, panel=WHATIF),
    )
)  # fmt: skip
"""Events added to every selected grant, for the question at hand."""

# ----------------------------------------------------------------------------------- output

FORMAT = Opt(
    "format", ("--format", "-f"), "FORMAT",
    "table (default), " + ", ".join(f for f in formats() if f != "table") + ".", panel=OUTPUT,
)  # fmt: skip
FORMATS: Final = Group(
    (
        FORMAT,
        Opt("json", ("--json",), help="Same as --format json.", switch=True, panel=OUTPUT),
        Opt("csv", ("--csv",), help="Same as --format csv.", switch=True, panel=OUTPUT),
        Opt("nl", ("--nl",), help="Same as --format jsonl (JSON lines).", switch=True,
            panel=OUTPUT),
    )
)  # fmt: skip
OUTPUT_FILE = Opt(
    "output", ("--output", "-o"), "FILE",
    "Write to FILE (replaced only when the run succeeds) instead of standard output.",
    panel=OUTPUT,
)  # fmt: skip
COLUMNS = Opt(
    "columns", ("--columns",), "A,B,C",
    "Columns to write, in order, in every format: names as in the JSON and CSV output, or "
    "the grants' attributes and fields (department, holder); 'help' lists the columns with "
    "what each counts.", panel=OUTPUT,
)  # fmt: skip
WIDE = Opt(
    "wide", ("--wide",), help="Every column in the table, however wide (default: the columns "
    "that fit).", switch=True, panel=OUTPUT,
)  # fmt: skip
CURRENCY = Opt(
    "currency", ("--currency",), "SYMBOL",
    "Currency symbol shown with money (default: the file's [company] currency, else $).",
    panel=OUTPUT,
)  # fmt: skip
QUIET = Opt("quiet", ("--quiet", "-q"), help="No progress bar or summary line on stderr.",
            switch=True, panel=OUTPUT)  # fmt: skip
DEBUG = Opt("debug", ("--debug",), help="Show a traceback with errors.", switch=True,
            panel=OUTPUT)  # fmt: skip
TABLES: Final = Group((COLUMNS, WIDE))
"""How a table is laid out. (``--currency`` is declared by the commands that show money.)"""

# ---------------------------------------------------------------------------------- questions

AS_OF = Opt(
    "as_of", ("--as-of",), "DATE",
    "Date (repeatable): YYYY-MM-DD, today, +6m, -30d... Default: today.", many=True,
)  # fmt: skip
PRICE = Opt("price", ("--price",), "PRICE", "Share price (repeat for a what-if grid).", many=True)
PRICES = Opt(
    "prices", ("--prices",), "FILE", "CSV of date,price: the last price on or before a date."
)
BY = Opt(
    "by", ("--by",), "FIELD",
    "Subtotals by a grant field or attribute (line, department, holder, kind...): a subtotal "
    "row per group, then the grand total.", panel=OUTPUT,
)  # fmt: skip
TOTALS = Opt(
    "totals", ("--totals",), help="Only the total rows (with --by: each group's subtotal and "
    "the total), no row per grant.", switch=True, panel=OUTPUT,
)  # fmt: skip
SHARES_OUTSTANDING = Opt(
    "shares_outstanding", ("--shares-outstanding",), "N",
    "The company's shares outstanding (default: the file's [company] value as of each date): "
    "adds percent of outstanding and fully diluted.",
)  # fmt: skip
PER_TRANCHE = Opt(
    "per_tranche", ("--per-tranche",),
    help="Value each tranche with its own expected term (with --expected-term sab107).",
    switch=True,
)  # fmt: skip
FROM = Opt("from_date", ("--from",), "DATE", "The first day covered (YYYY-MM-DD, today, -1y...).",
           field="from")  # fmt: skip
TO = Opt("to_date", ("--to",), "DATE", "Last day reported (required).", field="to",
         panel=EXPENSE)  # fmt: skip
ATTRIBUTION = Opt(
    "attribution", ("--attribution",), "graded|straight-line",
    "graded (default: each tranche over its own service period) or straight-line.",
    default="graded", panel=EXPENSE,
)  # fmt: skip
FORFEITURE_RATE = Opt(
    "forfeiture_rate", ("--forfeiture-rate",), "RATE",
    "Estimated annual forfeiture rate (default: forfeitures as they occur).", panel=EXPENSE,
)  # fmt: skip
FISCAL_YEAR_END = Opt(
    "fiscal_year_end", ("--fiscal-year-end",), "MONTH",
    "Month the fiscal year ends (3, March, 03-31; default: the file's [company] setting, "
    "else 12: calendar years).", panel=EXPENSE,
)  # fmt: skip
EXPENSE_OPTIONS: Final = Group(
    (
        FROM.but(panel=EXPENSE, help="First day reported (required)."),
        TO,
        Opt("period", ("--period",), "month|quarter|year", "Reporting period (default quarter).",
            default="quarter", panel=EXPENSE),
        FISCAL_YEAR_END,
        ATTRIBUTION,
        FORFEITURE_RATE,
    )
)  # fmt: skip
DILUTED_OPTIONS: Final = Group(
    (
        FROM.but(panel=EXPENSE, help="First day of the period (required)."),
        TO.but(help="Last day of the period (required)."),
        Opt("average_price", ("--average-price",), "PRICE",
            "The period's average share price (or --prices FILE: the mean of its prices in "
            "the period).", panel=EXPENSE),
        Opt("basic_shares", ("--basic-shares",), "N",
            "Basic weighted-average shares: adds basic and diluted counts to the total "
            "(default: the file's [company] shares_outstanding averaged over the period).",
            panel=EXPENSE),
        Opt("net_loss", ("--net-loss",), help="A net loss: every grant is anti-dilutive.",
            switch=True, panel=EXPENSE),
        ATTRIBUTION,
        FORFEITURE_RATE,
    )
)  # fmt: skip
DISCLOSE_OPTIONS: Final = Group(
    (
        FROM.but(panel=EXPENSE, help="First day of the period (or --fiscal-year)."),
        TO.but(help="Last day of the period (or --fiscal-year)."),
        Opt("fiscal_year", ("--fiscal-year",), "FY",
            "The period: fiscal year FY (FY2008 or 2008, named by the calendar year it ends "
            "in), instead of --from and --to.", panel=EXPENSE),
        FISCAL_YEAR_END,
        Opt("nonvested_options", ("--nonvested-options",),
            help="Count options' unvested shares in the nonvested table too (default: RSUs).",
            switch=True, panel=EXPENSE),
        ATTRIBUTION,
        FORFEITURE_RATE,
    )
)  # fmt: skip
TAX_OPTIONS: Final = Group(
    (
        Opt("year", ("--year",), "YEAR", "Calendar year (required).", panel=TAX),
        Opt("other_supplemental", ("--other-supplemental",), "AMOUNT",
            "Supplemental wages already paid this year (toward the $1M threshold).", panel=TAX),
        Opt("supplemental_rate", ("--supplemental-rate",), "RATE", "Default 22%.",
            field="supplemental", panel=TAX),
        Opt("high_rate", ("--high-rate",), "RATE", "Above the threshold; default 37%.",
            field="high", panel=TAX),
        Opt("threshold", ("--threshold",), "AMOUNT", "Default 1000000.", panel=TAX),
        Opt("state_rate", ("--state-rate",), "RATE", "Flat state rate.", field="state",
            panel=TAX),
        Opt("fica", ("--fica",), help="Add Social Security and Medicare (needs --wage-base).",
            switch=True, panel=TAX),
        Opt("wage_base", ("--wage-base",), "AMOUNT", "The year's Social Security wage base.",
            panel=TAX),
        Opt("other_wages", ("--other-wages",), "AMOUNT", "Wages already paid this year (FICA).",
            panel=TAX),
        Opt("marginal_rate", ("--marginal-rate",), "RATE",
            "Your marginal rate: shows what 22% withholding falls short of.", field="marginal",
            panel=TAX),
        Opt("iso_limit", ("--iso-limit",), "AMOUNT", "ISO limit a year (default 100000).",
            panel=TAX),
    )
)  # fmt: skip
TAX_RATES: Final = tuple(o for o in TAX_OPTIONS.opts if o.dest not in ("year", "fica"))
"""The tax options that are rates or amounts of :class:`~vesting.tax.rates.TaxRates`."""
EXPORT_OPTIONS: Final = Group(
    (
        Opt("issuer", ("--issuer",), "NAME",
            "The company's legal name (default: the file's [company] name, else Issuer).",
            panel=EXPORT),
        Opt("country", ("--country",), "CC", "Country of formation (ISO 3166 code, default US).",
            default="US", panel=EXPORT),
        Opt("formed", ("--formed",), "DATE",
            "Formation date (default: the earliest grant date).", panel=EXPORT),
        Opt("currency_code", ("--currency-code",), "CODE",
            "Currency of exercise prices (ISO 4217; default: the file's [company] currency, "
            "else USD).", panel=EXPORT),
        Opt("package_date", ("--package-date",), "DATE",
            "The package's as-of date (default: today).", panel=EXPORT),
    )
)  # fmt: skip


def retired(flag: str, now: str, what: str) -> Opt:
    """A spelling retired in one command: giving it is an error naming ``now``."""
    return Opt(f"retired_{_dest(flag)}", (flag,), "VALUE", field=what, retired=now)
