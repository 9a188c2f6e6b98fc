"""The field table: every grant and terms field, declared once.

Each :class:`Spec` says, for one field: its name, the converter that turns a raw value (a TOML
or JSON value, a CSV cell, an option's text) into what the record takes, a one-line doc, its
JSON Schema fragment, the command-line option that gives it for an ad-hoc grant (when there is
one), and where the Open Cap Table Format keeps it (or why it has no place there). Everything
else is derived from this table: the readers of every format (:mod:`vesting.io.build`), the
command line's ad-hoc options (:mod:`vesting.cli`), the OCF mapping (:mod:`vesting.io.ocf`),
the published JSON Schema of grant files (:mod:`vesting.io.schema`,
``vesting/schemas/grants.schema.json``), docs/input.md's field tables and the test suite's lists
of fields to fuzz. Adding a field is one entry here (and its record attribute).

Parts: ``grant`` fields belong to the :class:`~vesting.Grant`, ``terms`` fields to its
:class:`~vesting.VestingTerms` (usable in a grant, in ``defaults``, in an inline ``terms``
table and in ``[terms.NAME]``), ``pricing`` fields to its :class:`~vesting.Pricing`
(accounting inputs).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from functools import cache
from typing import Final, NamedTuple

from ..errors import Field
from . import schema_parts as js

Converter = Callable[[object, Field], object]


class Lazy:
    """A converter named by its module and function, imported when first called.

    The table names its converters this way so that reading it (the command line's ``--help``
    does, to declare the ad-hoc options) does not import the data model the converters build;
    :func:`converters` resolves them all at once for the readers.
    """

    __slots__ = ("_fn", "module", "name")

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name
        self._fn: Converter | None = None

    def resolve(self) -> Converter:
        fn = self._fn
        if fn is None:
            fn = getattr(importlib.import_module(f"vesting.io.{self.module}"), self.name)
            assert callable(fn), self
            self._fn = fn
        return fn

    def __call__(self, value: object, field: Field) -> object:
        return self.resolve()(value, field)

    def __repr__(self) -> str:
        return f"vesting.io.{self.module}.{self.name}"


def _values(name: str) -> Lazy:
    return Lazy("values", name)


def _lists(name: str) -> Lazy:
    return Lazy("lists", name)


class Spec(NamedTuple):
    """One field (see the module doc)."""

    name: str
    part: str
    """``grant``, ``terms`` or ``pricing``."""
    convert: Lazy | None
    """``None``: ``terms`` itself (a name or an inline table, :mod:`vesting.io.build`)."""
    doc: str
    schema: Mapping[str, object]
    flags: tuple[str, ...] = ()
    """The command-line option(s) that give this field to an ad-hoc grant (the first is its
    name in messages)."""
    metavar: str = ""
    help: str = ""
    """What the option says in ``--help`` (default: ``doc``)."""
    ocf: str = ""
    """The key of an OCF equity compensation issuance that holds it, when one does."""
    ocf_how: str = ""
    """How OCF holds it otherwise (in vesting terms, transactions, another object)."""
    not_ocf: str = ""
    """Why OCF has no place for it."""
    required: bool = False
    shape: bool = False
    """A field of the schedule's shape (a grant giving one starts from the library defaults
    instead of the ``standard`` terms)."""
    date: bool = False
    """A date (relative forms allowed on the command line)."""
    only: str = ""
    """``option`` or ``rsu``: a default of the other kind does not apply."""
    record: str = ""
    """The record's attribute when it differs from ``name`` (``grant_date_price`` →
    ``Pricing.price``)."""
    switch: bool = False
    """On the command line, a flag without a value (true when given)."""

    @property
    def attribute(self) -> str:
        return self.record or self.name


_ACCOUNTING: Final = "accounting input: OCF has no field for it (left out, with a note)"

TABLE: Final[tuple[Spec, ...]] = (
    # ------------------------------------------------------------------------------ grant
    Spec("id", "grant", _values("parse_text"), "text, unique in the file (required)", js.TEXT,
         ("--id",), "ID", "Grant id (default adhoc).", ocf="security_id", required=True),
    Spec("holder", "grant", _values("parse_text"), "text: the person the grant is to", js.TEXT,
         ocf_how="stakeholder_id → the stakeholder's legal name"),
    Spec("kind", "grant", _values("parse_kind"), "`ISO`, `NSO` or `RSU` (required)", js.KIND,
         ("--kind",), "KIND", "ISO, NSO (default) or RSU.",
         ocf="compensation_type", required=True),
    Spec("shares", "grant", _values("parse_shares"),
         'whole number > 0: `2000000`, `"2,000,000"`, `"2_000_000"` (required)', js.SHARES,
         ("--shares",), "N", "Shares granted.", ocf="quantity", required=True),
    Spec("grant_date", "grant", _lists("file_date"), "date (required)", js.DATE,
         ("--grant-date",), "DATE", "Grant date (YYYY-MM-DD, today, +6m...).", ocf="date",
         required=True, date=True),
    Spec("vesting_start", "grant", _lists("file_date"), "date (default: the grant date)", js.DATE,
         ("--start",), "DATE", "Vesting start (default: the grant date).",
         ocf_how="TX_VESTING_START.date", date=True),
    Spec("exercise_price", "grant", _values("parse_money"),
         'options only: `"30.00"`, `"$1,000.50"` or a number, exact', js.MONEY,
         ("--strike",), "PRICE", "Exercise price.", ocf="exercise_price",
         only="option"),
    Spec("expiration", "grant", _lists("file_date"),
         "date. Options: default grant date + 10 years. RSUs: the lapse date, default grant "
         "date + 7 years for double-trigger RSUs (`settle_on`), none for others",
         js.DATE, ocf="expiration_date", date=True, only="option"),
    Spec("term", "grant", _values("parse_period"),
         'period after the grant date, instead of `expiration` (`"10y"`)', js.PERIOD,
         ("--term", "--contractual-term"), "PERIOD",
         "Expiration after the grant date (options: 10y by default; RSUs: none, or 7y with "
         "--settle-on).", ocf_how="expiration_date (the grant date + the term)", only="option"),
    Spec("terms", "grant", None,
         "the name of terms (a `[terms.NAME]` table or a built-in), or an inline table of "
         "terms fields", js.TERMS_REF, ("--terms",), "NAME",
         "Built-in terms: standard, annual, quarterly, monthly.",
         ocf_how="vesting_terms_id (the terms as vesting conditions)"),
    Spec("events", "grant", _lists("events"), "list of events (below)", js.EVENTS,
         ocf_how="transactions of the security (see the OCF section)"),
    Spec("notes", "grant", _values("parse_text"), "free text, not used in any calculation", js.TEXT,
         not_ocf="free text of this file's own"),
    Spec("attributes", "grant", Lazy("attributes", "parse_attributes"),
         'table of name = text, facts of the grant\'s own no calculation uses: '
         '`{ department = "eng" }` (any other key or CSV column that is not close to a field '
         "is one too; see vesting/io/attributes.py)", js.ATTRIBUTES,
         not_ocf="OCF has no field for a grant's own facts (left out, with a note)"),
    # ---------------------------------------------------------------------------- pricing
    Spec("fair_value", "pricing", _values("parse_money"),
         'grant-date fair value per share, given (accounting): `"11.7658"`', js.MONEY,
         ("--fair-value",), "PRICE", "Fair value per share, given (no model).",
         not_ocf=_ACCOUNTING),
    Spec("grant_date_price", "pricing", _values("parse_money"),
         "the share price on the grant date (fair value inputs)", js.MONEY,
         ("--grant-price",), "PRICE", "Share price on the grant date (fair-value input).",
         not_ocf=_ACCOUNTING, record="price"),
    Spec("volatility", "pricing", _values("parse_rate"),
         'rate: `"30%"` or `0.30` (fair value input)', js.RATE,
         ("--volatility",), "RATE", "Expected volatility: 0.35 or 35%.", not_ocf=_ACCOUNTING),
    Spec("risk_free_rate", "pricing", _values("parse_rate"),
         'rate: `"4.6%"` or `0.046` (fair value input)', js.RATE,
         ("--risk-free",), "RATE", "Risk-free rate: 0.03 or 3%.", not_ocf=_ACCOUNTING),
    Spec("dividend_yield", "pricing", _values("parse_rate"),
         'rate: `"0%"` or `0` (fair value input)', js.RATE,
         ("--dividend-yield",), "RATE", "Dividend yield: 0, 0.02 or 2%.", not_ocf=_ACCOUNTING),
    Spec("expected_term", "pricing", _values("parse_expected_term"),
         'years (`6.25`) or `"sab107"` (fair value input)', js.EXPECTED_TERM,
         ("--expected-term",), "YEARS|sab107",
         "Expected term in years, or sab107 (the simplified method, from the schedule).",
         not_ocf=_ACCOUNTING),
    # ------------------------------------------------------------------------------ terms
    Spec("length", "terms", _values("parse_period"),
         'period: `48` (months), `"48m"`, `"4y"`, `"1461d"`', js.PERIOD,
         ("--months",), "PERIOD", "Vesting length: months (48) or a period (4y).",
         ocf_how="vesting conditions", shape=True),
    Spec("every", "terms", _values("parse_period"),
         'period between installments: `1`, `"3m"`, `"30d"`', js.PERIOD,
         ("--every",), "PERIOD", "Cadence: months (1) or a period (30d).",
         ocf_how="vesting conditions", shape=True),
    Spec("cliff", "terms", _lists("cliff"), 'period; `0` or `"none"` for no cliff', js.PERIOD,
         ("--cliff",), "PERIOD", "Cliff: months (12) or a period.",
         ocf_how="vesting conditions (cliff_installment)", shape=True),
    Spec("cliff_portion", "terms", _values("parse_portion"),
         "portion vesting at the cliff (the rest spread evenly after it)", js.PORTION,
         ocf_how="vesting conditions", shape=True),
    Spec("immediate", "terms", _values("parse_portion"), "portion vesting on the start date",
         js.PORTION,
         ocf_how="vesting conditions (the start condition's portion)", shape=True),
    Spec("graded", "terms", _lists("graded"),
         'list of `[offset, portion]` pairs summing to 1: `[["12m", "5%"], ["24m", "15%"], '
         "...]`", js.GRADED, ocf_how="vesting conditions (one relative condition each)",
         shape=True),
    Spec("day_of_month", "terms", _values("parse_day_of_month"),
         "`start` (default), `1`–`31`, `last`, or an OCF `VestingDayOfMonth` value",
         js.DAY_OF_MONTH, ("--day-of-month",), "DAY", "start, 1-31 or last.",
         ocf_how="period.day_of_month of each relative condition"),
    Spec("calendar", "terms", _values("parse_calendar"),
         "`quarter`, `half` or `year`: grid dates in the last month of each calendar quarter, "
         "half or year (March, June, September, December; June, December; December), on the "
         "`day_of_month` day; the first on or after the vesting start (`every` a multiple of "
         "3, 6 or 12 months). Default `none`",
         js.CALENDAR, ("--calendar",), "quarter|half|year",
         "Align the grid to calendar quarter, half or year ends (with --every 3m, 6m, 12m...).",
         ocf_how="vesting conditions (an absolute condition on the first aligned date, the "
         "grid relative to it)", shape=True),
    Spec("allocation", "terms", _values("parse_allocation"),
         "OCF allocation type, any case, `-` or `_` (default `CUMULATIVE_ROUND_DOWN`)",
         js.ALLOCATION, ("--allocation",), "TYPE", "Rounding (default CUMULATIVE_ROUND_DOWN).",
         ocf_how="allocation_type of the vesting terms"),
    Spec("vest_on_termination_date", "terms", _values("parse_bool"),
         "`true` (default): a tranche dated on the termination day vests", js.BOOL,
         not_ocf="OCF cannot say otherwise than true (false is refused by export)"),
    Spec("exercise_windows", "terms", _lists("windows"),
         'table by reason: `{ voluntary = "3m", cause = 0, death = "12m" }` (reasons not '
         "given keep their default)", js.WINDOWS, ocf="termination_exercise_windows"),
    Spec("leave_tolling", "terms", _values("parse_leave_tolling"),
         "`none` (default: a leave changes nothing), `periods` (installments inside the leave "
         "and after it move out by whole periods) or `days` (later vest dates move out by the "
         "leave's length)", js.LEAVE_TOLLING, not_ocf="OCF has no leave tolling"),
    Spec("leave_min_days", "terms", _values("parse_days"),
         "whole number of days: shorter leaves never toll (default 0)", js.DAYS,
         not_ocf="OCF has no leave tolling"),
    Spec("early_exercise", "terms", _values("parse_bool"),
         "options only: `true` allows exercising unvested shares", js.BOOL,
         ("--early-exercise",), "",
         "Options: unvested shares may be exercised (repurchased if the holder leaves).",
         ocf="early_exercisable", only="option", switch=True),
    Spec("repurchase_window", "terms", _values("parse_period"),
         "period after employment ends when the company buys back exercised, unvested shares "
         "at the exercise price (default 0: on the termination date)", js.PERIOD,
         not_ocf="OCF has no repurchase window"),
    Spec("settle_on", "terms", _values("parse_text"),
         'RSUs only: the named event that settles double-trigger RSUs (`"ipo"`)', js.TEXT,
         ("--settle-on",), "EVENT", "RSUs: settle on this named event (double trigger), e.g. ipo.",
         not_ocf="OCF has no double-trigger settlement", only="rsu"),
    Spec("accelerate_on", "terms", Lazy("provisions", "accelerate_on"),
         'table by reason of what a termination for it accelerates on its date: `{ death = '
         '"100%", disability = "100%", involuntary = "12m" }` (a percent of the unvested '
         "shares, months of tranches, or shares; reasons not given accelerate nothing)",
         js.ACCELERATE_ON, not_ocf="OCF has no acceleration by reason (refused by export)"),
    Spec("change_of_control", "terms", Lazy("provisions", "change_of_control"),
         'the double trigger: `{ amount = "100%", window = "12m", window_before = "3m", '
         'qualifying = ["involuntary", "good-reason"], event = "change-of-control" }` — a '
         "qualifying termination within `window` after the named event accelerates the amount "
         "on its date; one within `window_before` before it holds the amount pending through "
         "that tail, vesting on the event if it comes by the tail's end (only `amount` required)",
         js.CHANGE_OF_CONTROL,
         not_ocf="OCF has no change-of-control provision (refused by export)"),
    Spec("split_rounding", "terms", _values("parse_split_rounding"),
         "`down` (default: a split rounds the grant's shares down, once), `nearest` (half up) "
         "or `tranche` (each tranche still to vest rounded down on its own)",
         js.SPLIT_ROUNDING,
         not_ocf="OCF has no split rounding (export refuses other than down on a split grant)"),
    Spec("milestones", "terms", _lists("milestones"),
         "list of `{ name, portion, deadline, fallback }`; deadline a date or a period after the "
         "vesting start; fallback (the same forms): the portion vests then at the latest, if "
         "still in service", js.MILESTONES,
         ocf_how="VESTING_EVENT conditions (one milestone for the grant; no fallback)"),
    Spec("accelerate_milestones", "terms", _values("parse_bool"),
         "`true`: accelerations (recorded, `accelerate_on`, `change_of_control`) also take the "
         "milestone shares still pending (default `false`: only time-based shares)", js.BOOL,
         not_ocf="OCF has no acceleration of event-gated shares (refused by export)"),
)  # fmt: skip
"""Every field, in the order docs/input.md lists them."""

FIELDS: Final[Mapping[str, Spec]] = {s.name: s for s in TABLE}
GRANT_FIELDS: Final = tuple(s.name for s in TABLE if s.part != "terms")
TERMS_FIELDS: Final = tuple(s.name for s in TABLE if s.part == "terms")
PRICING_FIELDS: Final = tuple(s.name for s in TABLE if s.part == "pricing")
ALL_FIELDS: Final = (*GRANT_FIELDS, *TERMS_FIELDS)
REQUIRED: Final = tuple(s.name for s in TABLE if s.required)
SHAPE_FIELDS: Final = tuple(s.name for s in TABLE if s.shape)
DATE_FIELDS: Final = tuple(s.name for s in TABLE if s.date)
OPTION_ONLY: Final = tuple(s.name for s in TABLE if s.only == "option")
RSU_ONLY: Final = tuple(s.name for s in TABLE if s.only == "rsu")


@cache
def converters() -> Mapping[str, Converter]:
    """The converter of every field except ``terms`` (a name or an inline table: see
    :mod:`vesting.io.build`), imported."""
    return {s.name: s.convert.resolve() for s in TABLE if s.convert is not None}


ADHOC: Final = tuple(s for s in TABLE if s.flags)
"""The fields an ad-hoc grant takes from command-line options."""
OCF_KEYS: Final[Mapping[str, str]] = {s.name: s.ocf for s in TABLE if s.ocf}
"""Field → the key of an OCF equity compensation issuance that holds it (the OCF reader and
writer use these keys)."""
