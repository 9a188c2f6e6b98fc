"""Market value of grants as of a date, at a share price: exact money, rounded once, to cents.

Rules:

* **Options** (ISO, NSO) are worth their *intrinsic* value: ``max(0, price − exercise price)``
  per share. An underwater option is worth 0, never a negative amount. *Vested* value counts
  the exercisable shares (vested, not exercised, not expired); *unvested* value the options
  still outstanding that are not exercisable (``outstanding − exercisable``: unvested shares not
  exercised early, pending event-gated shares included). Exercised options are stock, no longer
  part of the grant's option value; expired and forfeited ones are worth nothing. An option
  without an exercise price cannot be valued: that is an :class:`~vesting.errors.InputError`.
* **RSUs** are worth ``price × shares``: *vested* value counts every vested RSU (settled or
  not — they are the holder's), *unvested* value the unvested ones (pending included).
* Money is :class:`~decimal.Decimal`. Each value is computed exactly (shares may be fractions
  under ``FRACTIONAL`` allocation) and rounded once to cents, half up (``ROUND_HALF_UP``:
  0.005 → 0.01). ``total = vested + unvested`` of the rounded amounts, so columns add up. Prices
  and the per-share ``spread`` are kept exact.
* **Price files**: CSV ``date,price`` (a header row is optional; blank lines and ``#`` comments
  are skipped). The price on a date is the last price on or before it; a date before the first
  price is an error, as are duplicate dates and negative or malformed prices.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from math import floor
from typing import TypeVar

from .allocation import Shares
from .errors import InputError, Problem, VestingError
from .grantfile import MISSING, read_source
from .model import Grant, Kind
from .parsing import parse_date, parse_money
from .status import Status, evaluate

__all__ = [
    "CENT",
    "PriceTable",
    "Valuation",
    "ValuationTotal",
    "each",
    "evaluate_all",
    "load_prices",
    "parse_prices",
    "price_source",
    "to_cents",
    "total",
    "value",
    "value_grants",
]

CENT = Decimal("0.01")


def to_cents(amount: Fraction | Decimal | int) -> Decimal:
    """``amount`` rounded to cents, half up, exactly (no float, no context precision limit)."""
    exact = Fraction(amount)
    cents = floor(abs(exact) * 100 + Fraction(1, 2))  # half away from zero, like ROUND_HALF_UP
    digits = tuple(int(c) for c in str(cents).zfill(3))
    return Decimal((1 if exact < 0 and cents else 0, digits, -2))


@dataclass(frozen=True)
class Valuation:
    """One grant's value as of ``as_of`` at share ``price``."""

    grant_id: str
    kind: Kind
    as_of: _dt.date
    price: Decimal
    exercise_price: Decimal | None
    spread: Decimal
    """Value of one share: ``max(0, price − exercise price)`` for options, ``price`` for RSUs."""
    vested_shares: Shares
    unvested_shares: Shares
    vested_value: Decimal
    unvested_value: Decimal
    total_value: Decimal


@dataclass(frozen=True)
class ValuationTotal:
    """The sum of several grants' valuations on one date at one price (or price source)."""

    as_of: _dt.date
    price: Decimal
    vested_shares: Shares
    unvested_shares: Shares
    vested_value: Decimal
    unvested_value: Decimal
    total_value: Decimal


def _missing_price(grant: Grant) -> Problem:
    return Problem(
        "exercise_price",
        MISSING,
        "an exercise price to value an option (exercise_price in the file, --strike on the "
        "command line)",
        f"grant '{grant.id}'",
    )


def value(grant: Grant, on: _dt.date, price: Decimal, status: Status | None = None) -> Valuation:
    """``grant``'s value on ``on`` at share ``price`` (see the module rules).

    ``status`` may pass an already computed ``evaluate(grant, on)``.
    """
    if not isinstance(price, Decimal) or not price.is_finite() or price < 0:
        raise InputError([Problem("price", price, "an amount >= 0 (a Decimal)")])
    st = status if status is not None else evaluate(grant, on)
    vested: Shares
    unvested: Shares
    if grant.kind.is_option:
        if grant.exercise_price is None:
            raise InputError([_missing_price(grant)])
        spread = max(Decimal(0), price - grant.exercise_price)
        vested = st.exercisable
        unvested = st.outstanding - st.exercisable
    else:
        spread = price
        vested = st.vested
        unvested = st.unvested
    vested_value = to_cents(Fraction(spread) * vested)
    unvested_value = to_cents(Fraction(spread) * unvested)
    return Valuation(
        grant_id=grant.id,
        kind=grant.kind,
        as_of=on,
        price=price,
        exercise_price=grant.exercise_price,
        spread=spread,
        vested_shares=vested,
        unvested_shares=unvested,
        vested_value=vested_value,
        unvested_value=unvested_value,
        total_value=vested_value + unvested_value,
    )


def total(valuations: Sequence[Valuation]) -> ValuationTotal:
    """The sum of ``valuations`` (all on the same date and at the same price)."""
    if not valuations:
        raise ValueError("total() of no valuations")
    first = valuations[0]
    return ValuationTotal(
        as_of=first.as_of,
        price=first.price,
        vested_shares=sum((v.vested_shares for v in valuations), 0),
        unvested_shares=sum((v.unvested_shares for v in valuations), 0),
        vested_value=sum((v.vested_value for v in valuations), Decimal("0.00")),
        unvested_value=sum((v.unvested_value for v in valuations), Decimal("0.00")),
        total_value=sum((v.total_value for v in valuations), Decimal("0.00")),
    )


# ----------------------------------------------------------------------------------- prices


@dataclass(frozen=True)
class PriceTable:
    """Share prices by date (strictly increasing dates), read from a ``date,price`` file."""

    points: tuple[tuple[_dt.date, Decimal], ...]
    name: str = "prices"

    def __post_init__(self) -> None:
        if not self.points:
            raise InputError([Problem("prices", "no prices", "at least one date,price row")])
        dates = [d for d, _ in self.points]
        if any(b <= a for a, b in pairwise(dates)):
            raise ValueError("PriceTable points must have strictly increasing dates")

    def price_on(self, on: _dt.date) -> Decimal:
        """The last price on or before ``on``; a date before the first price is an error."""
        i = bisect_right([d for d, _ in self.points], on)
        if i == 0:
            first = self.points[0][0]
            raise InputError(
                [
                    Problem(
                        "--as-of",
                        on.isoformat(),
                        f"a date on or after the first price in {self.name} ({first})",
                    )
                ]
            )
        return self.points[i - 1][1]


def parse_prices(text: str, name: str = "prices") -> PriceTable:
    """A :class:`PriceTable` from CSV text ``date,price``; every bad row is reported."""
    found: list[Problem] = []
    rows: dict[_dt.date, tuple[Decimal, int]] = {}
    reader = csv.reader(io.StringIO(text, newline=""))
    last = 0
    first_row = True
    try:
        for row in reader:
            line, last = last + 1, reader.line_num
            cells = [c.strip() for c in row]
            if not any(cells) or cells[0].startswith("#"):
                continue
            where = f"{name}: line {line}"
            if first_row:
                first_row = False
                if [c.lower() for c in cells] == ["date", "price"]:
                    continue
            if len(cells) != 2:
                found.append(Problem("row", ",".join(row), "two cells: date,price", where))
                continue
            try:
                when = parse_date(cells[0], "date", relative=False)
            except VestingError as e:
                found.extend(p.at(where) for p in e.problems)
                continue
            try:
                price = parse_money(cells[1], "price")
            except VestingError as e:
                found.extend(p.at(where) for p in e.problems)
                continue
            if when in rows:
                found.append(
                    Problem(
                        "date",
                        when.isoformat(),
                        f"one price per date (also on line {rows[when][1]})",
                        where,
                    )
                )
                continue
            rows[when] = (price, line)
    except csv.Error as e:
        found.append(Problem("csv", str(e), "valid CSV (RFC 4180)", f"{name}: line {last + 1}"))
    if not rows and not found:
        found.append(Problem("prices", "no prices", "at least one date,price row", name))
    if found:
        raise InputError(found)
    return PriceTable(tuple((d, rows[d][0]) for d in sorted(rows)), name)


def load_prices(source: str | os.PathLike[str]) -> PriceTable:
    """The price table in the file at ``source`` (``"-"``: standard input)."""
    name, text = read_source(source, "--prices")
    return parse_prices(text, name)


T = TypeVar("T")


def each(grants: Sequence[Grant], fn: Callable[[Grant], T]) -> list[T]:
    """``fn`` of every grant; every grant's errors are reported together (one error)."""
    out: list[T] = []
    problems: list[Problem] = []
    first: VestingError | None = None
    for g in grants:
        try:
            out.append(fn(g))
        except VestingError as e:
            first = first or e
            problems.extend(p for p in e.problems if p not in problems)
    if first is not None:
        raise type(first)(problems)
    return out


def evaluate_all(grants: Sequence[Grant], on: _dt.date) -> list[Status]:
    """:func:`vesting.evaluate` of every grant on ``on``, every grant's problems reported."""
    return each(grants, lambda g: evaluate(g, on))


def price_source(
    prices: Sequence[str] = (), prices_file: str | None = None
) -> tuple[Decimal, ...] | PriceTable:
    """What-if prices (``--price``, repeatable) or a price file (``--prices``): exactly one."""
    if prices and prices_file is not None:
        raise InputError([Problem("--prices", prices_file, "either --price or --prices, not both")])
    if prices_file is not None:
        return load_prices(prices_file)
    if not prices:
        raise InputError(
            [Problem("--price", MISSING, "a share price (--price 45, repeatable) or --prices FILE")]
        )
    out: list[Decimal] = []
    found: list[Problem] = []
    for text in prices:
        try:
            out.append(parse_money(text, "--price"))
        except VestingError as e:
            found.extend(e.problems)
    if found:
        raise InputError(found)
    return tuple(out)


def value_grants(
    grants: Sequence[Grant],
    dates: Iterable[_dt.date],
    prices: Sequence[Decimal] | PriceTable,
) -> tuple[tuple[Valuation, ...], tuple[ValuationTotal, ...]]:
    """Every grant valued on every date at every price, and a total per (date, price).

    ``prices`` is a list of what-if prices (each applies to every date) or a
    :class:`PriceTable` (the price on each date). Everything is checked before anything is
    computed: every option without an exercise price and every date without a price are
    reported together.
    """
    days = list(dates)
    found = [_missing_price(g) for g in grants if g.kind.is_option and g.exercise_price is None]
    per_day: list[tuple[_dt.date, list[Decimal]]] = []
    for d in days:
        if isinstance(prices, PriceTable):
            try:
                per_day.append((d, [prices.price_on(d)]))
            except VestingError as e:
                found.extend(e.problems)
        else:
            per_day.append((d, list(prices)))
    if found:
        raise InputError(found)
    rows: list[Valuation] = []
    totals: list[ValuationTotal] = []
    for d, day_prices in per_day:
        statuses = evaluate_all(grants, d)
        for p in day_prices:
            group = [value(g, d, p, st) for g, st in zip(grants, statuses, strict=True)]
            rows.extend(group)
            if group:
                totals.append(total(group))
    return tuple(rows), tuple(totals)
