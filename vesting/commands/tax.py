"""``tax``: each grant's taxable events in one calendar year (:mod:`vesting.tax.events`), and
ISO grants' split under the $100,000 limit — estimates from the stated rates.

Rows: one per taxable event of each grant (and each ISO grant's split for the year), then the
year's total (sums of every amount, of the sell-to-cover shares and of the ISO / NSO shares).
A holder's running totals (withholding thresholds, the ISO limit) carry from grant to grant in
input order: they are the run's state, so a tax run is always one process.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Final, NamedTuple

from ..allocation import Shares
from ..errors import MISSING, InputError, Problem
from ..model import Grant
from ..money import ZERO, add
from ..report import Col, Report
from ..shares import as_shares
from ..tax.events import TaxEvent, tax_events
from ..tax.rates import TaxRates
from ..valuation import PriceTable
from .base import Gathered, Listing, Row

ESTIMATE: Final = "Estimates from the stated rates, not tax advice."
REPRICED: Final = "iso-limit-repriced"
REGRANT: Final = (
    "A repricing of an ISO counts as a new grant on its date for the $100,000 limit (Treas. "
    "Reg. §1.424-1(e)): its rows (iso-limit-repriced) count the options outstanding then, at "
    "the fair market value on the repricing date"
)
FIRST_YEAR: Final = 1900
LAST_YEAR: Final = 2199
Date = _dt.date | None
_MONEY: Final = (
    "income", "federal_withholding", "state_withholding", "social_security", "medicare",
    "total_withholding", "withholding_shortfall", "cash_to_exercise", "amt_preference",
)  # fmt: skip


class TaxRow(NamedTuple):
    """One taxable event of a grant (or its ISO split for the year), or the year's total
    (``tax``)."""

    row: Annotated[str, Col("", table=False)]
    grant_id: Annotated[str | None, Col("Grant", rank=0)]
    date: Annotated[Date, Col("Date", "date", rank=0)]
    event: Annotated[str | None, Col("Event", rank=0)]
    shares: Annotated[Shares | None, Col("Shares", "shares", rank=0)]
    price: Annotated[Decimal | None, Col("Price", "price", rank=2)]
    exercise_price: Annotated[Decimal | None, Col("Exercise\nprice", "price", rank=3)]
    income: Annotated[Decimal | None, Col("Income", "money", rank=0)]
    federal_withholding: Annotated[Decimal | None, Col("Federal\nwithholding", "money", rank=2)]
    state_withholding: Annotated[Decimal | None, Col("State", "money", rank=2)]
    social_security: Annotated[Decimal | None, Col("Social\nSecurity", "money", rank=2)]
    medicare: Annotated[Decimal | None, Col("Medicare", "money", rank=2)]
    total_withholding: Annotated[
        Decimal | None, Col("Total\nwithheld", "money", usual="federal_withholding")
    ]
    sell_to_cover_shares: Annotated[int | None, Col("Sell to\ncover", "shares")]
    withholding_shortfall: Annotated[
        Decimal | None, Col("Shortfall vs\nmarginal", "money", optional=True)
    ]
    cash_to_exercise: Annotated[Decimal | None, Col("Cash to\nexercise", "money", rank=2)]
    amt_preference: Annotated[Decimal | None, Col("AMT\npreference", "money", rank=2)]
    year: Annotated[str | None, Col("Year", "number", rank=3)]
    iso_shares: Annotated[Shares | None, Col("ISO\nshares", "shares")]
    nso_shares: Annotated[Shares | None, Col("NSO\nshares", "shares")]


def tax_row(e: TaxEvent) -> TaxRow:
    w = e.withheld
    return TaxRow(
        "event", e.grant_id, e.date, e.event, e.shares, e.price, e.exercise_price, e.income,
        None if w is None else w.federal, None if w is None else w.state,
        None if w is None else w.social_security, None if w is None else w.medicare,
        None if w is None else w.total, e.sell_to_cover_shares,
        None if w is None else w.shortfall, e.cash_to_exercise, e.amt_preference,
        None if e.year is None else str(e.year), e.iso_shares, e.nso_shares,
    )  # fmt: skip


class TaxTotal:
    """Running sums of tax rows."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.money: dict[str, Decimal | None] = dict.fromkeys(_MONEY)
        self.cover = 0
        self.iso: Shares = 0
        self.nso: Shares = 0

    def add(self, row: TaxRow) -> None:
        for key in _MONEY:
            value = getattr(row, key)
            if value is not None:
                self.money[key] = add(self.money[key] or ZERO, value)
        self.cover += row.sell_to_cover_shares or 0
        self.iso += row.iso_shares or 0
        self.nso += row.nso_shares or 0

    def merge(self, other: TaxTotal) -> None:
        for key in _MONEY:
            theirs = other.money[key]
            if theirs is not None:
                self.money[key] = add(self.money[key] or ZERO, theirs)
        self.cover += other.cover
        self.iso += other.iso
        self.nso += other.nso

    def rows(self) -> list[Row]:
        m = self.money
        return [
            TaxRow(
                "total",
                None,
                None,
                None,
                None,
                None,
                None,
                m["income"],
                m["federal_withholding"],
                m["state_withholding"],
                m["social_security"],
                m["medicare"],
                m["total_withholding"],
                self.cover,
                m["withholding_shortfall"],
                m["cash_to_exercise"],
                m["amt_preference"],
                str(self.year),
                as_shares(self.iso) if self.iso or self.nso else None,
                as_shares(self.nso) if self.iso or self.nso else None,
            )
        ]


class Ledgers(NamedTuple):
    """A tax run's state: withholding per holder and the ISO limit per holder."""

    withholding: Any
    iso: Any


def check_year(year: object) -> int:
    """A calendar year the library computes (``FIRST_YEAR`` to ``LAST_YEAR``)."""
    if type(year) is not int or not FIRST_YEAR <= year <= LAST_YEAR:
        allowed = f"a calendar year from {FIRST_YEAR} to {LAST_YEAR}"
        raise InputError([Problem("year", year, allowed)])
    return year


@dataclass(frozen=True)
class TaxCommand(Listing[list[TaxEvent]]):
    """Tax at settlement and exercise, and the ISO limit, in ``year`` (see the module doc).
    ``prices``: one price for every date, or a table by date (empty: asked for when a taxable
    event needs one)."""

    name = "tax"
    row = TaxRow
    ordered = True

    year: int
    prices: tuple[Decimal, ...] | PriceTable = ()
    rates: TaxRates = field(default_factory=TaxRates)

    def __post_init__(self) -> None:
        check_year(self.year)
        self.rates.check()
        if not isinstance(self.prices, PriceTable) and len(self.prices) > 1:
            shown = ", ".join(str(p) for p in self.prices)
            raise InputError([Problem("price", shown, "one price (or prices by date)")])

    def price_on(self, on: _dt.date) -> Decimal:
        """The price on a date: the price table's, or the one price given."""
        if isinstance(self.prices, PriceTable):
            return self.prices.price_on(on)
        if not self.prices:
            allowed = f"the share price on {on} (one price, or prices by date)"
            raise InputError([Problem("price", MISSING, allowed)])
        return self.prices[0]

    def state(self) -> Ledgers:
        from ..tax.iso import IsoLedger
        from ..tax.withholding import Ledger

        return Ledgers(Ledger(self.rates), IsoLedger(self.rates.iso_limit))

    def compute(self, grant: Grant, state: Ledgers) -> list[TaxEvent]:
        return tax_events(grant, self.year, self.price_on, state.withholding, state.iso)

    def totals(self) -> TaxTotal:
        return TaxTotal(self.year)

    def rows(self, grant: Grant, result: list[TaxEvent], totals: TaxTotal) -> list[TaxRow]:
        rows = [tax_row(e) for e in result]
        for r in rows:
            totals.add(r)
        return rows

    def gather(self, grant: Grant, result: list[TaxEvent], gathered: Gathered) -> None:
        if any(e.event == REPRICED for e in result):
            gathered.note_about(REGRANT, grant.id)

    def frame(self, rows: Iterator[Row], gathered: Gathered) -> Report:
        source: object = (
            self.prices.name
            if isinstance(self.prices, PriceTable)
            else [str(p) for p in self.prices]
        )
        return Report(
            "tax",
            TaxRow,
            rows,
            {"year": self.year, "prices": source},
            title=f"Tax estimates for {self.year}",
            notes=[ESTIMATE],
            card=True,
        )
