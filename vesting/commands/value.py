"""``value``: each grant's market value on each date at each price
(:func:`vesting.valuation.value`): options at intrinsic value, RSUs at the price.

Rows: each grant's valuations (every date, and at each date every price, in the order given);
then a total row per (date, price) (null ``grant_id``, ``kind``, ``exercise_price``,
``spread``). With ``outstanding``, dilution percents as in ``status``; ISO grants' exercisable
shares split into ISO and NSO shares (exercises having taken ISO shares first), as run state.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, NamedTuple

from ..allocation import Shares
from ..errors import InputError, Problem
from ..model import Grant
from ..model.company import SharesOutstanding
from ..report import Col, Report
from ..report.plain import price_plain
from ..valuation import PricesByDate, PriceTable, Valuation, ValueTotal, prices_on, valuations
from .base import Gathered, Listing, Row, params_of
from .status import IsoSplit, check_dates, check_outstanding, dilution_cells, iso_split

MAX_GRID = 10_000
"""The most (date, price) values one question asks of each grant."""


class ValueRow(NamedTuple):
    """One grant, or the total, on one date at one price (``value``)."""

    row: Annotated[str, Col("", table=False)]
    as_of: Annotated[_dt.date, Col("As of", "date", rank=0)]
    price: Annotated[Decimal, Col("Price", "price")]
    grant_id: Annotated[str | None, Col("Grant", rank=0)]
    kind: Annotated[str | None, Col("Kind", rank=3)]
    exercise_price: Annotated[Decimal | None, Col("Exercise\nprice", "price", rank=3)]
    spread: Annotated[Decimal | None, Col("Value per\nshare", "price", rank=2)]
    realizable_shares: Annotated[Shares, Col("Realizable\nshares", "shares", rank=2)]
    unvested_outstanding: Annotated[Shares, Col("Unvested\noutstanding", "shares", rank=2)]
    realizable_value: Annotated[Decimal, Col("Realizable\nvalue", "money")]
    unvested_value: Annotated[Decimal, Col("Unvested\nvalue", "money")]
    total_value: Annotated[Decimal, Col("Total\nvalue", "money", rank=0)]
    repurchased_shares: Annotated[Shares, Col("Repurchased\nshares", "shares")]
    repurchase_cash: Annotated[Decimal, Col("Repurchase\ncash", "money")]
    percent_of_outstanding: Annotated[
        str | None, Col("% of\noutstanding", "percent", optional=True)
    ]
    fully_diluted_percent: Annotated[str | None, Col("Fully\ndiluted %", "percent", optional=True)]
    iso_shares: Annotated[Shares | None, Col("ISO\nshares", "shares", optional=True)]
    nso_shares: Annotated[Shares | None, Col("NSO\nshares", "shares", optional=True)]


def value_row(
    v: Valuation,
    total: bool = False,
    outstanding: int | SharesOutstanding | None = None,
    iso: tuple[Shares | None, Shares | None] = (None, None),
) -> ValueRow:
    return ValueRow(
        "total" if total else "grant",
        v.as_of,
        v.price,
        None if total else v.grant_id,
        None if total else v.kind.value,
        None if total else v.exercise_price,
        None if total else v.spread,
        v.realizable_shares,
        v.unvested_outstanding,
        v.realizable_value,
        v.unvested_value,
        v.total_value,
        v.repurchased_shares,
        v.repurchase_cash,
        *dilution_cells(v.granted, outstanding, v.as_of),
        *iso,
    )


class Result(NamedTuple):
    valuations: tuple[Valuation, ...]
    split: IsoSplit | None


class ValueTotals:
    """Running totals of valuations, by (date, price), in the order they first appear."""

    def __init__(self, outstanding: int | SharesOutstanding | None) -> None:
        self.by_key: dict[tuple[_dt.date, Decimal], ValueTotal] = {}
        self.outstanding = outstanding

    def add(self, v: Valuation) -> None:
        key = (v.as_of, v.price)
        total = self.by_key.get(key)
        if total is None:
            total = self.by_key[key] = ValueTotal(v.as_of, v.price)
        total.add(v)

    def merge(self, other: ValueTotals) -> None:
        for key, part in other.by_key.items():
            same = self.by_key.get(key)
            if same is None:
                self.by_key[key] = part
            else:
                same.merge(part)

    def rows(self) -> list[Row]:
        return [value_row(t.valuation(), True, self.outstanding) for t in self.by_key.values()]


def frame(
    rows: Iterator[Row], dates: Sequence[_dt.date], prices: Sequence[Decimal] | PriceTable
) -> Report:
    """The value report around ``rows``."""
    source: object = (
        prices.name if isinstance(prices, PriceTable) else [price_plain(p) for p in prices]
    )
    return Report(
        "value",
        ValueRow,
        rows,
        {**params_of(dates), "prices": source},
        title=f"Value as of {dates[0]}" if len(dates) == 1 else "Value",
        card=True,
        section_by=_by_date_and_price,
        hidden=frozenset({"as_of"}) if len(dates) == 1 else frozenset(),
    )


def _by_date_and_price(row: Row) -> object:
    return (row[1], row[2])


def report(
    pairs: Iterable[tuple[Grant, Sequence[Valuation]]],
    dates: Sequence[_dt.date],
    prices: Sequence[Decimal] | PriceTable,
) -> Report:
    """Every grant's valuations, then the totals (the HTML report's table)."""
    given = prices if isinstance(prices, PriceTable) else tuple(prices)
    command = ValueCommand(tuple(dates), given, iso=False)

    def rows() -> Iterator[Row]:
        totals = command.totals()
        for g, found in pairs:
            yield from command.rows(g, Result(tuple(found), None), totals)
        yield from totals.rows()

    return command.frame(rows(), Gathered())


@dataclass(frozen=True)
class ValueCommand(Listing[Result]):
    """Market value on each date at each price (see the module doc). ``prices``: what-if
    prices (every one on every date) or a table of prices by date."""

    name = "value"
    row = ValueRow

    dates: tuple[_dt.date, ...]
    prices: tuple[Decimal, ...] | PriceTable
    outstanding: int | SharesOutstanding | None = None
    iso: bool = True
    per_date: PricesByDate = field(init=False, repr=False, compare=False)
    """The prices of each date (a date with no price in the table is an error)."""

    def __post_init__(self) -> None:
        check_dates(self.dates)
        check_outstanding(self.outstanding, self.dates)
        if not isinstance(self.prices, PriceTable) and not self.prices:
            raise InputError([Problem("price", "no prices", "a share price, or prices by date")])
        per_date = prices_on(self.dates, self.prices)
        grid = sum(len(p) for _, p in per_date)
        if grid > MAX_GRID:
            allowed = f"at most {MAX_GRID:,} values a grant (dates × prices)"
            raise InputError([Problem("price", f"{grid:,} dates × prices", allowed)])
        object.__setattr__(self, "per_date", per_date)

    @property
    def in_order(self) -> bool:
        return self.iso

    def state(self) -> Any:
        if not self.iso:
            return None
        from ..tax.iso import IsoLedger

        return IsoLedger()

    def compute(self, grant: Grant, state: Any) -> Result:
        return Result(valuations(grant, self.per_date), iso_split(grant, state))

    def totals(self) -> ValueTotals:
        return ValueTotals(self.outstanding)

    def rows(self, grant: Grant, result: Result, totals: ValueTotals) -> list[ValueRow]:
        years = result.split.years if result.split is not None else None
        out = []
        for v in result.valuations:
            iso: tuple[Shares | None, Shares | None] = (None, None)
            if years is not None:
                from ..status import evaluate
                from ..tax.iso import iso_on

                st = evaluate(grant, v.as_of)
                left = max(0, min(st.vested, iso_on(grant, years, v.as_of)) - st.exercised)
                iso_now = min(v.realizable_shares, left)
                iso = (iso_now, v.realizable_shares - iso_now)
            totals.add(v)
            out.append(value_row(v, False, self.outstanding, iso))
        return out

    def gather(self, grant: Grant, result: Result, gathered: Gathered) -> None:
        if result.split is not None and result.split.why_not:
            gathered.notes.append(f"{grant.id}: no ISO/NSO split, {result.split.why_not}")

    def frame(self, rows: Iterator[Row], gathered: Gathered) -> Report:
        return frame(rows, self.dates, self.prices)
