"""Price files: CSV ``date,price`` rows → a :class:`~vesting.valuation.PriceTable`.

A header row (``date,price``, any case) is optional; dates and prices take the forms of grant
files (``Dec 18, 2006``, ``$1,000.50``: :mod:`vesting.io.values`); blank lines and ``#``
comments are skipped; rows may come in any order, with one price per date. Every bad row is
reported (one error listing all of them).
"""

from __future__ import annotations

import csv
import datetime as _dt
from collections.abc import Sequence
from decimal import Decimal

from ..errors import MISSING, InputError, Location, Problem, VestingError, in_file, word
from ..valuation import PriceTable
from .source import Source, read_text
from .values import parse_date, parse_money


def parse_prices(text: str, name: str = "prices") -> PriceTable:
    """A :class:`PriceTable` from CSV text ``date,price``; every bad row is reported."""
    found: list[Problem] = []
    rows: dict[_dt.date, tuple[Decimal, int]] = {}
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    last = 0
    first_row = True
    try:
        for row in reader:
            line, last = last + 1, reader.line_num
            cells = [c.strip() for c in row]
            if not any(cells) or cells[0].startswith("#"):
                continue
            where = Location(name, line)
            if first_row:
                first_row = False
                if [word(c) for c in cells] == ["date", "price"]:
                    continue
            if len(cells) != 2:
                found.append(Problem("row", ",".join(row), "two cells: date,price", where))
                continue
            try:
                when = parse_date(cells[0], "date", relative=False)
                price = parse_money(cells[1], "price")
            except VestingError as e:
                found.extend(p.at(where) for p in e.problems)
                continue
            if when in rows:
                also = f"one price per date (also on line {rows[when][1]})"
                found.append(Problem("date", when.isoformat(), also, where))
                continue
            rows[when] = (price, line)
    except csv.Error as e:
        found.append(Problem("csv", str(e), "valid CSV (RFC 4180)", Location(name, last + 1)))
    if not rows and not found:
        found.append(Problem("prices", "no prices", "at least one date,price row", in_file(name)))
    if found:
        raise InputError(found)
    return PriceTable(tuple((d, rows[d][0]) for d in sorted(rows)), name)


def load_prices(source: Source) -> PriceTable:
    """The price table in the file at ``source`` (``"-"``: standard input)."""
    name, text = read_text(source, "prices")
    return parse_prices(text, name)


def price_source(
    prices: Sequence[str] = (), prices_file: Source | None = None
) -> tuple[Decimal, ...] | PriceTable:
    """What-if prices (each a text, applied to every date) or a price file — exactly one.

    Every malformed price is reported (fields ``price`` and ``prices``)."""
    if prices and prices_file is not None:
        raise InputError(
            [Problem("prices", str(prices_file), "either prices or a price file, not both")]
        )
    if prices_file is not None:
        return load_prices(prices_file)
    if not prices:
        raise InputError(
            [Problem("price", MISSING, "a share price (repeatable), or a file of prices by date")]
        )
    out: list[Decimal] = []
    found: list[Problem] = []
    for text in prices:
        try:
            out.append(parse_money(text, "price"))
        except VestingError as e:
            found.extend(e.problems)
    if found:
        raise InputError(found)
    return tuple(out)
