"""``disclose``: the disclosure tables of ASC 718-10-50-2 for a period
(:mod:`vesting.accounting.disclosure`) — the options rollforward, the nonvested shares and the
period's figures, added up over the grants.

Rows: one per line of each table, after every grant (the tables are totals): ``table``
(``options``, ``nonvested``, ``period``) and ``row`` (the line). A table shows them as three
tables. Each figure is added up exactly and rounded once: weighted-average prices and fair
values to cents, terms and years to two decimals, money to cents (the compensation cost and
the unrecognized cost are ``expense``'s, in cents per grant), the shares vested and expected
to vest to whole shares — all half up. The command checks the identity ``start + granted −
exercised − forfeited − expired = end`` on the totals too (an internal error if it fails).
The nonvested table counts RSUs, and options' unvested shares when ``nonvested_options``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import floor
from typing import Annotated, Any, NamedTuple

from ..accounting.disclosure import (
    TABLES,
    Disclosure,
    IdentityError,
    Line,
    check_period,
    check_price,
    disclose,
    plus,
    price_at,
)
from ..accounting.expense import check
from ..allocation import Shares
from ..model import Grant, Pricing
from ..money import to_cents
from ..report import Col, Note, Report
from ..shares import as_shares
from ..valuation import PriceTable
from .base import Gathered, Listing, Row
from .expense import years_text
from .fair_value import ESTIMATE

END_ROWS = frozenset({"outstanding_end", "vested_and_expected_end", "exercisable_end"})
PRICED = frozenset({"options_granted"})
"""The period row with a weighted-average grant-date fair value."""


class DiscloseRow(NamedTuple):
    """One line of one of the disclosure tables (``disclose``)."""

    table: Annotated[str, Col("", table=False)]
    row: Annotated[str, Col("", rank=0)]
    shares: Annotated[Shares | None, Col("Shares", "shares", rank=0)]
    weighted_average_exercise_price: Annotated[
        Decimal | None, Col("Wtd. avg.\nexercise\nprice", "price")
    ]
    weighted_average_remaining_term: Annotated[
        str | None, Col("Wtd. avg.\nremaining\nterm (y)", "number")
    ]
    aggregate_intrinsic_value: Annotated[
        Decimal | None, Col("Aggregate\nintrinsic\nvalue", "money")
    ]
    weighted_average_grant_date_fair_value: Annotated[
        Decimal | None, Col("Wtd. avg.\ngrant-date\nfair value", "price")
    ]
    amount: Annotated[Decimal | None, Col("Amount", "money")]
    remaining_years: Annotated[str | None, Col("Remaining\nyears", "number")]


def _average(total: Fraction, shares: Fraction) -> Fraction | None:
    return total / shares if shares else None


class DiscloseTotals:
    """Every line's figures summed over grants (exact), by table and row."""

    def __init__(self, nonvested_options: bool = False) -> None:
        self.nonvested_options = nonvested_options
        self.lines: dict[tuple[str, str], Line] = {}

    def add(self, grant: Grant, d: Disclosure) -> None:
        options = grant.kind.is_option
        for table, row, line in d.lines:
            if table == "nonvested" and options and not self.nonvested_options:
                continue
            key = (table, row)
            self.lines[key] = plus(self.lines[key], line) if key in self.lines else line

    def merge(self, other: DiscloseTotals) -> None:
        for key, line in other.lines.items():
            self.lines[key] = plus(self.lines[key], line) if key in self.lines else line

    def line(self, table: str, row: str) -> Line:
        return self.lines.get((table, row), Line())

    def check(self) -> None:
        """The identity on the totals (module doc)."""
        for table, names in (
            ("options", ("outstanding_start", "granted", "exercised", "forfeited", "expired")),
            ("nonvested", ("nonvested_start", "granted", "vested", "forfeited")),
        ):
            opening, granted, *out = (self.line(table, n).shares for n in names)
            end = self.line(table, f"{names[0].rsplit('_', 1)[0]}_end").shares
            if opening + granted - sum(out) != end:
                raise IdentityError(f"internal error: the {table} table does not add up")

    def rows(self) -> list[Row]:
        self.check()
        return [self._row(table, row) for table, names in TABLES for row in names]

    def _row(self, table: str, row: str) -> DiscloseRow:
        n = self.line(table, row)
        shares: Shares | None = None
        price = term = intrinsic = fair = amount = years = None
        if table != "period" or row in PRICED:
            if row == "vested_and_expected_end":
                shares = floor(n.shares + Fraction(1, 2))  # whole shares, half up
            else:
                shares = as_shares(n.shares)
        if table == "options":
            price = _average(n.price, n.shares)
            if row in END_ROWS:
                term = years_text(_average(n.term, n.shares))
                intrinsic = to_cents(n.intrinsic)
        elif table == "nonvested" or row in PRICED:
            fair = _average(n.fair, n.shares)
        elif n.known:
            amount = to_cents(n.amount)
            if n.timed:
                years = years_text(n.years / n.timed)
        return DiscloseRow(
            table,
            row,
            shares,
            None if price is None else to_cents(price),
            term,
            intrinsic,
            None if fair is None else to_cents(fair),
            amount,
            years,
        )


@dataclass(frozen=True)
class DiscloseCommand(Listing[Disclosure]):
    """The disclosure tables of ``start``..``end`` (see the module doc): intrinsic values at
    ``price`` (a price, or a :class:`PriceTable` giving the end's price and each exercise
    date's); ``pricing``, ``attribution`` and ``forfeiture_rate`` as for ``expense`` (the rate
    also weighs the options expected to vest); ``nonvested_options``: options' unvested shares
    in the nonvested table; ``label``: the period's name (``FY2008``), for the title."""

    name = "disclose"
    row = DiscloseRow

    start: _dt.date
    end: _dt.date
    price: Decimal | PriceTable
    pricing: Pricing | None = None
    attribution: str = "graded"
    forfeiture_rate: Decimal | None = None
    nonvested_options: bool = False
    label: str | None = None

    def __post_init__(self) -> None:
        check_period(self.start, self.end)
        check(self.attribution, self.forfeiture_rate)
        self.end_price()

    def end_price(self) -> Decimal:
        """The price at the end of the period (a table's: the last on or before it)."""
        if isinstance(self.price, PriceTable):
            return price_at(self.price, self.end, "the end of the period")
        check_price(self.price, self.end, "the end of the period")
        return self.price

    def compute(self, grant: Grant, state: Any) -> Disclosure:
        table = self.price if isinstance(self.price, PriceTable) else None
        return disclose(
            grant,
            self.start,
            self.end,
            self.end_price(),
            table,
            pricing=self.pricing,
            attribution=self.attribution,
            forfeiture_rate=self.forfeiture_rate,
        )

    def totals(self) -> DiscloseTotals:
        return DiscloseTotals(self.nonvested_options)

    def rows(self, grant: Grant, result: Disclosure, totals: DiscloseTotals) -> list[Row]:
        totals.add(grant, result)
        return []

    def gather(self, grant: Grant, result: Disclosure, gathered: Gathered) -> None:
        if result.restated:
            gathered.note_about(
                f"A stock split in the period: the start restated in the shares of {self.end}",
                grant.id,
            )

    def period_text(self) -> str:
        named = f"{self.label} " if self.label else ""
        return f"{named}({self.start} to {self.end})"

    def frame(self, rows: Iterator[Row], gathered: Gathered) -> Report:
        table = self.price if isinstance(self.price, PriceTable) else None
        end_price = self.end_price()
        where = f" ({table.name})" if table is not None else ""
        notes: list[str | Note] = [
            ESTIMATE,
            Note(("Intrinsic values at ", end_price, f" a share on {self.end}{where}.")),
        ]
        period = self.period_text()
        nonvested = "RSUs and unvested options" if self.nonvested_options else "RSUs"
        return Report(
            "disclose",
            DiscloseRow,
            rows,
            {
                "from": self.start.isoformat(),
                "to": self.end.isoformat(),
                "fiscal_year": self.label,
                "price": format(end_price, "f"),
                "prices": None if table is None else table.name,
                "attribution": self.attribution,
                "forfeiture_rate": None
                if self.forfeiture_rate is None
                else str(self.forfeiture_rate),
                "nonvested_options": self.nonvested_options,
            },
            title=f"Stock compensation disclosure {period}",
            split_by="table",
            titles={
                "options": f"Stock options {period}",
                "nonvested": f"Nonvested shares ({nonvested}) {period}",
                "period": f"The period's figures {period}",
            },
            notes=notes,
        )

    def finish(self, report: Report, totals: Any) -> None:
        if not totals.line("period", "intrinsic_value_exercised").known:
            report.notes.append(
                "The intrinsic value of the options exercised needs the price on each "
                "exercise date: a price file, not one price."
            )
