"""``fair-value``: each grant's grant-date fair value (:mod:`vesting.accounting.fairvalue`):
Black–Scholes for options, the price for RSUs — estimates from the stated inputs.

Rows: each grant's row (then, valued per tranche, one row per tranche; then one row per
modification, ``row`` ``modification``: the modified award's fair value per share and inputs,
the original's immediately before (``fair_value_before``), the options modified, the type — I,
probable to probable, or III, improbable to probable — and the ``incremental_cost``:
:mod:`vesting.accounting.modification`), then one total row (with the incremental cost of
every modification, when there is any).
Years (expected terms: 4 decimals as used) and rates (exact, as fractions: ``0.35`` is 35%) are
decimal strings.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Final, NamedTuple

from ..accounting.fairvalue import FairValue, fair_value
from ..accounting.modification import ModificationValue, values
from ..allocation import Shares
from ..inforce import modifications_of
from ..model import Grant, Pricing
from ..money import ZERO, add, to_cents
from ..report import Col, Report
from ..shares import as_shares
from .base import Gathered, Listing, Row

ESTIMATE: Final = "Estimates from the stated inputs, not accounting or tax advice."
Date = _dt.date | None


class FairValueRow(NamedTuple):
    """One grant's grant-date fair value, one of its tranches (``--per-tranche``), or the
    total (``fair-value``)."""

    row: Annotated[str, Col("", table=False)]
    grant_id: Annotated[str | None, Col("Grant", rank=0)]
    kind: Annotated[str | None, Col("Kind", rank=3)]
    vest_date: Annotated[Date, Col("Vest date", "date", rank=2)]
    shares: Annotated[Shares, Col("Shares", "shares", rank=0)]
    method: Annotated[str | None, Col("Method", rank=3)]
    grant_date_price: Annotated[Decimal | None, Col("Grant-date\nprice", "price", rank=2)]
    exercise_price: Annotated[Decimal | None, Col("Exercise\nprice", "price", rank=2)]
    volatility: Annotated[str | None, Col("Volatility", "number", rank=3)]
    risk_free_rate: Annotated[str | None, Col("Risk-free\nrate", "number", rank=3)]
    dividend_yield: Annotated[str | None, Col("Dividend\nyield", "number", rank=3)]
    expected_term: Annotated[str | None, Col("Expected\nterm (y)", "number", rank=2)]
    fair_value: Annotated[Decimal | None, Col("Fair value\nper share", "price", rank=0)]
    total_fair_value: Annotated[Decimal | None, Col("Total fair\nvalue", "money", rank=0)]
    modification_date: Annotated[Date, Col("Modified", "date", rank=1)]
    modification_type: Annotated[str | None, Col("Type", rank=2)]
    fair_value_before: Annotated[Decimal | None, Col("Fair value\nbefore", "price", rank=2)]
    incremental_cost: Annotated[Decimal | None, Col("Incremental\ncost", "money")]


def rate_text(rate: Decimal | str | None) -> str | None:
    """A rate or a number of years as an exact decimal string."""
    if rate is None or isinstance(rate, str):
        return rate
    return format(rate, "f")


class FairValueTotal:
    """Running total of fair values: shares and value (cents, exact), and the incremental cost
    of modifications (``None`` while there is none)."""

    def __init__(self) -> None:
        self.shares: Shares = 0
        self.value = ZERO
        self.incremental: Decimal | None = None

    def add(self, fv: FairValue) -> None:
        self.shares += fv.shares
        self.value = add(self.value, fv.total)

    def add_cost(self, cost: Decimal) -> None:
        self.incremental = add(self.incremental or ZERO, cost)

    def merge(self, other: FairValueTotal) -> None:
        self.shares += other.shares
        self.value = add(self.value, other.value)
        if other.incremental is not None:
            self.add_cost(other.incremental)

    def rows(self) -> list[Row]:
        row = FairValueRow(
            "total", None, None, None, as_shares(self.shares), None, None, None, None, None,
            None, None, None, self.value, None, None, None, self.incremental,
        )  # fmt: skip
        return [row]


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
            None,
            None,
            None,
            None,
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
                None,
                None,
                None,
                None,
            )
        )
    return out


def modification_rows(
    g: Grant, mods: tuple[ModificationValue, ...], total: FairValueTotal
) -> list[FairValueRow]:
    """A row of its own kind per modification: the modified award's inputs and fair value per
    share, the original's immediately before, and the incremental cost."""
    out = []
    for v in mods:
        total.add_cost(v.cost)
        p = v.inputs
        option = g.kind.is_option and v.method == "black-scholes"
        out.append(
            FairValueRow(
                "modification",
                g.id,
                g.kind.value,
                None,
                v.shares,
                v.method,
                None,
                v.exercise_price if g.kind.is_option else None,
                rate_text(p.volatility) if option else None,
                rate_text(p.risk_free_rate) if option else None,
                rate_text(p.dividend_yield) if v.method != "given" else None,
                rate_text(v.expected_term),
                v.after,
                None,
                v.date,
                v.type,
                v.before,
                v.cost,
            )
        )
    return out


def frame(rows: Iterator[Row], per_tranche: bool) -> Report:
    return Report(
        "fair-value",
        FairValueRow,
        rows,
        {"per_tranche": per_tranche},
        title="Grant-date fair value",
        notes=[ESTIMATE],
        card=True,
    )


class Result(NamedTuple):
    fair_value: FairValue
    modifications: tuple[ModificationValue, ...]


@dataclass(frozen=True)
class FairValueCommand(Listing[Result]):
    """Grant-date fair value of each grant (see the module doc). ``pricing``: inputs over each
    grant's own (a what-if); ``per_tranche``: value each tranche with its own expected term."""

    name = "fair-value"
    row = FairValueRow

    pricing: Pricing | None = None
    per_tranche: bool = False

    def compute(self, grant: Grant, state: Any) -> Result:
        mods = values(grant) if grant.events and modifications_of(grant) else ()
        return Result(fair_value(grant, self.pricing, self.per_tranche), mods)

    def totals(self) -> FairValueTotal:
        return FairValueTotal()

    def rows(self, grant: Grant, result: Result, totals: FairValueTotal) -> list[FairValueRow]:
        rows = fair_value_rows(grant, result.fair_value, totals)
        return rows + modification_rows(grant, result.modifications, totals)

    def frame(self, rows: Iterator[Row], gathered: Gathered) -> Report:
        return frame(rows, self.per_tranche)
