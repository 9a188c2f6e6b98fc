"""``expense``: ASC 718 compensation expense by period (:mod:`vesting.accounting.expense`) —
estimates from the stated inputs. A modified grant's expense adds each modification's cost
(:mod:`vesting.accounting.modification`: Type I incremental cost, Type III swap).

Rows: each grant's rows, one a period, then a total row per period. A total row follows the
grant rows' rules: its money is the sum of theirs, and its remaining recognition period (2
decimals, half up) is the average of the grant rows' that show one, weighted by their
unrecognized cost — so, like them, it is on the last period's rows only (``-`` elsewhere, and
when no grant has cost left to recognize). After the rows, as of the last period's end, the
unrecognized cost (money, with the currency in a table) and its weighted-average remaining
period (a note under the table; in JSON ``as_of``, ``unrecognized``, ``remaining_years``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, NamedTuple

from ..accounting.expense import PeriodExpense, check
from ..accounting.fairvalue import FairValue, fair_value
from ..accounting.modification import recognizer
from ..accounting.years import Period
from ..errors import InputError, Problem
from ..model import Grant, Pricing
from ..money import ZERO, add
from ..report import Col, Note, Report
from ..report.plain import percent_plain
from .base import Gathered, Listing, Row
from .fair_value import ESTIMATE


class ExpenseRow(NamedTuple):
    """One grant's, or the total's, compensation expense in one period (``expense``)."""

    row: Annotated[str, Col("", table=False)]
    grant_id: Annotated[str | None, Col("Grant", rank=0)]
    kind: Annotated[str | None, Col("Kind", rank=3)]
    fair_value: Annotated[Decimal | None, Col("Fair value\nper share", "price", rank=3)]
    period: Annotated[str, Col("Period", rank=0)]
    period_start: Annotated[_dt.date, Col("From", "date", rank=3)]
    period_end: Annotated[_dt.date, Col("To", "date", rank=3)]
    expense: Annotated[Decimal, Col("Expense", "money", rank=0)]
    cumulative_expense: Annotated[Decimal, Col("Cumulative", "money")]
    unrecognized: Annotated[Decimal, Col("Unrecognized", "money")]
    remaining_years: Annotated[str | None, Col("Remaining\nyears", "number", rank=2)]


def years_text(years: Fraction | None) -> str | None:
    """Years rounded half up to two decimals (``2.5`` → ``"2.50"``)."""
    return None if years is None else percent_plain(years, 100)  # the same rounding


class ExpenseTotal:
    """Running totals of one period over grants: money in cents, and, over the grants whose
    row has a remaining recognition period, their unrecognized cost (``timed``) and that cost
    weighted by the period (exact), for the weighted average (see the module doc)."""

    def __init__(self, period: Period) -> None:
        self.period = period
        self.expense = ZERO
        self.cumulative = ZERO
        self.unrecognized = ZERO
        self.timed = Fraction(0)
        self.weighted = Fraction(0)

    def add(self, e: PeriodExpense) -> None:
        self.expense = add(self.expense, e.expense)
        self.cumulative = add(self.cumulative, e.cumulative)
        self.unrecognized = add(self.unrecognized, e.unrecognized)
        if e.remaining_years is not None and e.unrecognized:
            self.timed += Fraction(e.unrecognized)
            self.weighted += Fraction(e.unrecognized) * e.remaining_years

    def merge(self, other: ExpenseTotal) -> None:
        self.expense = add(self.expense, other.expense)
        self.cumulative = add(self.cumulative, other.cumulative)
        self.unrecognized = add(self.unrecognized, other.unrecognized)
        self.timed += other.timed
        self.weighted += other.weighted

    def remaining_years(self) -> Fraction | None:
        """The weighted average of the grant rows' remaining periods; ``None`` (as on theirs)
        when no grant row has one."""
        if not self.timed:
            return None
        return self.weighted / self.timed


class ExpenseTotals:
    """An expense total per period."""

    def __init__(self, periods: Sequence[Period]) -> None:
        self.by_period = [ExpenseTotal(p) for p in periods]

    def merge(self, other: ExpenseTotals) -> None:
        for mine, theirs in zip(self.by_period, other.by_period, strict=True):
            mine.merge(theirs)

    def rows(self) -> list[Row]:
        return [
            ExpenseRow(
                "total",
                None,
                None,
                None,
                t.period.label,
                t.period.start,
                t.period.end,
                t.expense,
                t.cumulative,
                t.unrecognized,
                years_text(t.remaining_years()),
            )
            for t in self.by_period
        ]

    def summary(self) -> dict[str, object]:
        """The two figures a filing discloses, as of the last period's end: the unrecognized
        compensation cost and its weighted-average remaining recognition period (years)."""
        if not self.by_period:
            return {}
        last = self.by_period[-1]
        return {
            "as_of": last.period.end.isoformat(),
            "unrecognized": format(last.unrecognized, "f"),
            "remaining_years": years_text(last.remaining_years()),
        }


def expense_note(summary: Mapping[str, object]) -> Note:
    """The summary as a table's note line; the renderer writes the cost as money, with the
    currency (``As of 2011-03-31: unrecognized compensation cost $0.00.``)."""
    if not summary:
        return Note(())
    years = summary["remaining_years"]
    over = f", to be recognized over a weighted-average {years} years" if years else ""
    amount = Decimal(str(summary["unrecognized"]))
    return Note((f"As of {summary['as_of']}: unrecognized compensation cost ", amount, f"{over}."))


def expense_rows(
    g: Grant, result: tuple[FairValue, Sequence[PeriodExpense]], totals: ExpenseTotals
) -> list[ExpenseRow]:
    """A grant's rows, one a period; each added to that period's total."""
    fv, periods = result
    out = []
    for total, e in zip(totals.by_period, periods, strict=True):
        total.add(e)
        out.append(
            ExpenseRow(
                "grant",
                g.id,
                g.kind.value,
                fv.per_share,
                e.period.label,
                e.period.start,
                e.period.end,
                e.expense,
                e.cumulative,
                e.unrecognized,
                years_text(e.remaining_years),
            )
        )
    return out


def _by_period(row: Row) -> object:
    return row[4]


def frame(rows: Iterator[Row], params: Mapping[str, object]) -> Report:
    return Report(
        "expense",
        ExpenseRow,
        rows,
        params,
        title=f"Stock compensation expense ({params.get('attribution', 'graded')})",
        section_by=_by_period,
        notes=[ESTIMATE],
    )


@dataclass(frozen=True)
class ExpenseCommand(Listing[tuple[FairValue, list[PeriodExpense]]]):
    """ASC 718 expense of each grant in each period (see the module doc): ``periods``
    contiguous and in order (:func:`vesting.accounting.years.periods`), ``attribution``
    ``graded`` or ``straight-line``, ``forfeiture_rate`` an estimated annual rate (``None``:
    forfeitures as they occur), ``pricing`` inputs over each grant's own."""

    name = "expense"
    row = ExpenseRow

    periods: tuple[Period, ...]
    pricing: Pricing | None = None
    attribution: str = "graded"
    forfeiture_rate: Decimal | None = None

    def __post_init__(self) -> None:
        check(self.attribution, self.forfeiture_rate)
        if not self.periods:
            raise InputError([Problem("period", "no periods", "at least one period")])

    def compute(self, grant: Grant, state: Any) -> tuple[FairValue, list[PeriodExpense]]:
        fv = fair_value(grant, self.pricing)
        each = fv.per_share
        assert each is not None  # one value a share: expense does not value per tranche
        recognizing = recognizer(grant, each, self.attribution, self.forfeiture_rate)
        return fv, recognizing.by_period(self.periods)

    def totals(self) -> ExpenseTotals:
        return ExpenseTotals(self.periods)

    def rows(
        self, grant: Grant, result: tuple[FairValue, list[PeriodExpense]], totals: ExpenseTotals
    ) -> list[ExpenseRow]:
        return expense_rows(grant, result, totals)

    def params(self) -> dict[str, object]:
        return {
            "from": self.periods[0].start.isoformat(),
            "to": self.periods[-1].end.isoformat(),
            "attribution": self.attribution,
            "forfeiture_rate": None if self.forfeiture_rate is None else str(self.forfeiture_rate),
        }

    def frame(self, rows: Iterator[Row], gathered: Gathered) -> Report:
        return frame(rows, self.params())

    def finish(self, report: Report, totals: Any) -> None:
        summary = totals.summary()
        if summary:
            report.trailer = lambda: summary
            report.notes.append(expense_note(summary))
