"""Time in years between dates, and fiscal periods.

Year fractions (expected terms, remaining recognition periods) are exact: whole calendar
months count 1/12 of a year each (a month added to the 31st lands on the month's last day, as
everywhere in this library), and the days left over count 1/365 each. So anniversaries are
whole years (2021-07-01 → 2025-07-01 is exactly 4) and 2021-01-15 → 2021-03-01 is
1/12 + 14/365.

Fiscal periods: ``fiscal_year_end`` is the month a fiscal year ends in (12: calendar years).
A fiscal year is named by the calendar year it ends in — with a March year end, fiscal 2007
runs 1 April 2006 to 31 March 2007, and its Q2 is July–September 2006. Labels: ``FY2007``,
``FY2007 Q2`` and, for months, ``2006-07`` (calendar years: ``2021``, ``2021 Q3``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from fractions import Fraction
from typing import Final, NamedTuple

from ..dates import MAX_DATE, MIN_DATE, add_months, month_index
from ..errors import InputError, Problem

PERIODS: Final = ("month", "quarter", "year")
MAX_PERIODS: Final = 2400
"""The most periods one question asks about (200 years of months)."""


def years_between(a: _dt.date, b: _dt.date) -> Fraction:
    """Years from ``a`` to ``b`` (``b`` >= ``a``; else 0) by the rule in the module doc."""
    if b <= a:
        return Fraction(0)
    months = month_index(b) - month_index(a)
    at = add_months(a, months)
    if at > b:
        months -= 1
        at = add_months(a, months)
    return Fraction(months, 12) + Fraction((b - at).days, 365)


class Period(NamedTuple):
    """One reporting period: its label and its first and last day (inclusive)."""

    label: str
    start: _dt.date
    end: _dt.date


def _index(d: _dt.date) -> int:
    return d.year * 12 + d.month - 1


def _month_start(index: int) -> _dt.date:
    return _dt.date(index // 12, index % 12 + 1, 1)


def periods(
    start: _dt.date, end: _dt.date, kind: str, fiscal_year_end: int = 12
) -> tuple[Period, ...]:
    """The periods of ``kind`` (month, quarter, year) that meet ``start`` … ``end``, each cut
    to that range: the first starts on ``start``, the last ends on ``end``."""
    found: list[Problem] = []
    if kind not in PERIODS:
        found.append(Problem("period", kind, "month, quarter or year"))
    if type(fiscal_year_end) is not int or not 1 <= fiscal_year_end <= 12:
        found.append(Problem("fiscal_year_end", fiscal_year_end, "a month number from 1 to 12"))
    if end < start:
        found.append(Problem("to", end.isoformat(), f"a date on or after the first day {start}"))
    if found:
        raise InputError(found)
    size = {"month": 1, "quarter": 3, "year": 12}[kind]
    # fiscal months are counted from the first month of a fiscal year (month index offset)
    offset = fiscal_year_end % 12
    first = _index(start) - (_index(start) - offset) % size
    last = _index(end)
    count = (last - first) // size + 1
    if count > MAX_PERIODS:
        raise InputError(
            [
                Problem(
                    "period",
                    f"{count:,} {kind}s from {start} to {end}",
                    f"at most {MAX_PERIODS:,} periods (a longer period, or a shorter range)",
                )
            ]
        )
    return tuple(_cut(p, start, end) for p in _walk(first, count, size, kind, fiscal_year_end))


def _walk(first: int, count: int, size: int, kind: str, fye: int) -> Iterator[Period]:
    for i in range(count):
        lo = first + i * size
        begin = _month_start(lo)
        finish = _month_start(lo + size) - _dt.timedelta(days=1)
        yield Period(label(begin, kind, fye), begin, finish)


def label(begin: _dt.date, kind: str, fiscal_year_end: int = 12) -> str:
    """The label of the period of ``kind`` that starts on ``begin`` (module doc)."""
    if kind == "month":
        return f"{begin.year}-{begin.month:02d}"
    # the fiscal year a month belongs to: the calendar year its fiscal year ends in
    year = begin.year + (1 if begin.month > fiscal_year_end else 0)
    name = f"FY{year}" if fiscal_year_end != 12 else str(year)
    if kind == "year":
        return name
    quarter = ((begin.month - fiscal_year_end - 1) % 12) // 3 + 1
    return f"{name} Q{quarter}"


def fiscal_year(year: object, fiscal_year_end: int = 12) -> Period:
    """Fiscal year ``year``, named by the calendar year it ends in (module doc): with a March
    year end FY2008 runs 2007-04-01 to 2008-03-31. It must lie within the supported dates."""
    if type(fiscal_year_end) is not int or not 1 <= fiscal_year_end <= 12:
        raise InputError(
            [Problem("fiscal_year_end", fiscal_year_end, "a month number from 1 to 12")]
        )
    first = MIN_DATE.year + (1 if fiscal_year_end != 12 else 0)
    if type(year) is not int or not first <= year <= MAX_DATE.year:
        allowed = (
            f"a fiscal year from {first} to {MAX_DATE.year} (named by the calendar year it "
            f"ends in; its days within {MIN_DATE} to {MAX_DATE})"
        )
        raise InputError([Problem("fiscal_year", year, allowed)])
    end = _month_start(year * 12 + fiscal_year_end) - _dt.timedelta(days=1)
    begin = _month_start(year * 12 + fiscal_year_end - 12)
    return Period(label(begin, "year", fiscal_year_end), begin, end)


def _cut(p: Period, start: _dt.date, end: _dt.date) -> Period:
    return Period(p.label, max(p.start, start), min(p.end, end))
