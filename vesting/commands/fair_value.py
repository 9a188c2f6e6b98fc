"""``fair-value``: each grant's grant-date fair value (:mod:`vesting.accounting.fairvalue`):
Black–Scholes for options, the price for RSUs — estimates from the stated inputs.

Rows: each grant's row (then, valued per tranche, one row per tranche), then one total row.
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
from ..allocation import Shares
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
    total_fair_value: Annotated[Decimal, Col("Total fair\nvalue", "money", rank=0)]


def rate_text(rate: Decimal | str | None) -> str | None:
    """A rate or a number of years as an exact decimal string."""
    if rate is None or isinstance(rate, str):
        return rate
    return format(rate, "f")


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

    def rows(self) -> list[Row]:
        row = FairValueRow(
            "total", None, None, None, as_shares(self.shares), None, None, None, None, None, None,
            None, None, self.value,
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


@dataclass(frozen=True)
class FairValueCommand(Listing[FairValue]):
    """Grant-date fair value of each grant (see the module doc). ``pricing``: inputs over each
    grant's own (a what-if); ``per_tranche``: value each tranche with its own expected term."""

    name = "fair-value"
    row = FairValueRow

    pricing: Pricing | None = None
    per_tranche: bool = False

    def compute(self, grant: Grant, state: Any) -> FairValue:
        return fair_value(grant, self.pricing, self.per_tranche)

    def totals(self) -> FairValueTotal:
        return FairValueTotal()

    def rows(self, grant: Grant, result: FairValue, totals: FairValueTotal) -> list[FairValueRow]:
        return fair_value_rows(grant, result, totals)

    def frame(self, rows: Iterator[Row], gathered: Gathered) -> Report:
        return frame(rows, self.per_tranche)
