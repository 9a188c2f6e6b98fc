"""Reports of the accounting layer: ``fair-value`` and ``expense`` rows from per-grant results
(:mod:`vesting.accounting`), with running totals written after the last grant.

Row order: ``fair-value`` — each grant's row (then, valued per tranche, one row per tranche),
then one total row; ``expense`` — each grant's rows, one a period, then a total row per period.
Years (expected terms: 4 decimals as used; remaining recognition periods: 2 decimals, half up)
and rates (exact, as fractions: ``0.35`` is 35%) are decimal strings.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final

from ..accounting.expense import PeriodExpense
from ..accounting.fairvalue import FairValue
from ..accounting.years import Period
from ..allocation import Shares
from ..model import Grant
from ..money import ZERO, add, to_cents
from . import Report
from .plain import percent_plain
from .rows import ExpenseRow, FairValueRow

ESTIMATE: Final = "Estimates from the stated inputs, not accounting or tax advice."


def rate_text(rate: Decimal | str | None) -> str | None:
    """A rate or a number of years as an exact decimal string."""
    if rate is None or isinstance(rate, str):
        return rate
    return format(rate, "f")


def years_text(years: Fraction | None) -> str | None:
    """Years rounded half up to two decimals (``2.5`` → ``"2.50"``)."""
    return None if years is None else percent_plain(years, 100)  # the same rounding


# ------------------------------------------------------------------------------ fair value


class FairValueTotal:
    """Running total of fair values: shares and value (cents, exact)."""

    def __init__(self) -> None:
        self.shares: Shares = 0
        self.value = ZERO

    def add(self, fv: FairValue) -> None:
        self.shares += fv.shares
        self.value = add(self.value, fv.total)

    def merge(self, other: FairValueTotal) -> None:
        self.shares += other.shares
        self.value = add(self.value, other.value)


def fair_value_rows(g: Grant, fv: FairValue, total: FairValueTotal) -> list[FairValueRow]:
    """A grant's row, then its tranches' (when valued per tranche); added to ``total``."""
    total.add(fv)
    p = fv.inputs
    option = g.kind.is_option and fv.method != "given"
    out = [
        FairValueRow(
            "grant",
            g.id,
            g.kind.value,
            None,
            fv.shares,
            fv.method,
            p.price if fv.method != "given" else None,
            g.exercise_price if g.kind.is_option else None,
            rate_text(p.volatility) if option else None,
            rate_text(p.risk_free_rate) if option else None,
            rate_text(p.dividend_yield) if fv.method != "given" else None,
            rate_text(fv.expected_term if not fv.tranches else p.expected_term),
            fv.per_share,
            fv.total,
        )
    ]
    for t in fv.tranches:
        assert isinstance(t.date, _dt.date)
        out.append(
            FairValueRow(
                "tranche",
                g.id,
                g.kind.value,
                t.date,
                t.shares,
                fv.method,
                None,
                None,
                None,
                None,
                None,
                rate_text(t.expected_term),
                t.per_share,
                to_cents(Fraction(t.per_share) * t.shares),
            )
        )
    return out


def fair_value_total_rows(total: FairValueTotal) -> list[FairValueRow]:
    row = FairValueRow(
        "total", None, None, None, total.shares, None, None, None, None, None, None, None, None,
        total.value,
    )  # fmt: skip
    return [row]


def fair_value_frame(rows: Iterator[FairValueRow], per_tranche: bool) -> Report:
    return Report(
        "fair-value",
        FairValueRow,
        rows,
        {"per_tranche": per_tranche},
        title="Grant-date fair value",
        notes=[ESTIMATE],
    )


# --------------------------------------------------------------------------------- expense


class ExpenseTotal:
    """Running totals of one period over grants: money in cents, and the unrecognized cost
    weighted by its remaining years (exact) for the weighted-average period."""

    def __init__(self, period: Period) -> None:
        self.period = period
        self.expense = ZERO
        self.cumulative = ZERO
        self.unrecognized = ZERO
        self.weighted = Fraction(0)

    def add(self, e: PeriodExpense) -> None:
        self.expense = add(self.expense, e.expense)
        self.cumulative = add(self.cumulative, e.cumulative)
        self.unrecognized = add(self.unrecognized, e.unrecognized)
        if e.remaining_years is not None:
            self.weighted += Fraction(e.unrecognized) * e.remaining_years

    def merge(self, other: ExpenseTotal) -> None:
        self.expense = add(self.expense, other.expense)
        self.cumulative = add(self.cumulative, other.cumulative)
        self.unrecognized = add(self.unrecognized, other.unrecognized)
        self.weighted += other.weighted

    def remaining_years(self) -> Fraction | None:
        if not self.unrecognized:
            return None
        return self.weighted / Fraction(self.unrecognized)


def expense_totals(periods: Sequence[Period]) -> list[ExpenseTotal]:
    return [ExpenseTotal(p) for p in periods]


def expense_rows(
    g: Grant,
    result: tuple[FairValue, Sequence[PeriodExpense]],
    totals: Sequence[ExpenseTotal],
) -> list[ExpenseRow]:
    """A grant's rows, one a period; each added to that period's total."""
    fv, periods = result
    out = []
    for total, e in zip(totals, periods, strict=True):
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


def expense_total_rows(totals: Sequence[ExpenseTotal]) -> list[ExpenseRow]:
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
        for t in totals
    ]


def expense_summary(totals: Sequence[ExpenseTotal]) -> dict[str, object]:
    """The two figures a filing discloses, as of the last period's end: the unrecognized
    compensation cost and its weighted-average remaining recognition period (years)."""
    if not totals:
        return {}
    last = totals[-1]
    return {
        "as_of": last.period.end.isoformat(),
        "unrecognized": format(last.unrecognized, "f"),
        "remaining_years": years_text(last.remaining_years()),
    }


def expense_note(summary: dict[str, object]) -> str:
    """The summary as a table's note line."""
    if not summary:
        return ""
    years = summary["remaining_years"]
    over = f", to be recognized over a weighted-average {years} years" if years else ""
    amount = Decimal(str(summary["unrecognized"]))
    return f"As of {summary['as_of']}: unrecognized compensation cost {amount:,.2f}{over}."


def _by_period(row: tuple[object, ...]) -> object:
    return row[4]


def expense_frame(rows: Iterator[ExpenseRow], params: dict[str, object]) -> Report:
    return Report(
        "expense",
        ExpenseRow,
        rows,
        params,
        title=f"Stock compensation expense ({params.get('attribution', 'graded')})",
        section_by=_by_period,
        notes=[ESTIMATE],
    )
