"""``diluted-shares``: each grant's incremental shares in a period by the treasury stock method
(:mod:`vesting.accounting.treasury`), and the diluted share count.

Rows: each grant's row, then one total row. Shares are rounded once, to whole shares, half up,
per grant (``average_shares``, ``incremental_shares``, ``antidilutive_shares``); the total row
adds the rounded figures, so the column adds up, and with ``basic_shares`` it carries
``basic_shares`` and ``diluted_shares`` = basic + incremental. The unrecognized cost in the
assumed proceeds comes from the same computation as ``expense`` (its fair value and
attribution, modifications' incremental cost included), at the end of the day before the period
and at its end. The exercise price shown is the one in force on the period's last day, per
share of that day (after splits and repricings), the shares those of that day too.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import floor
from typing import Annotated, Any, NamedTuple

from ..accounting.expense import check
from ..accounting.fairvalue import fair_value
from ..accounting.modification import recognizer
from ..accounting.treasury import Dilution, check_period, dilution
from ..errors import InputError, Problem
from ..inforce import exercise_price_on
from ..model import Grant, Pricing
from ..report import Col, Note, Report
from .base import Gathered, Listing, Row
from .fair_value import ESTIMATE

_DAY = _dt.timedelta(days=1)


class DilutedRow(NamedTuple):
    """One grant's incremental shares in the period, or the total (``diluted-shares``)."""

    row: Annotated[str, Col("", table=False)]
    grant_id: Annotated[str | None, Col("Grant", rank=0)]
    kind: Annotated[str | None, Col("Kind", rank=3)]
    exercise_price: Annotated[Decimal | None, Col("Exercise\nprice", "price", rank=3)]
    average_shares: Annotated[int, Col("Average\nshares", "shares", rank=2)]
    incremental_shares: Annotated[int, Col("Incremental\nshares", "shares", rank=0)]
    antidilutive_shares: Annotated[int, Col("Anti-\ndilutive", "shares")]
    basic_shares: Annotated[int | None, Col("Basic\nshares", "shares", optional=True)]
    diluted_shares: Annotated[int | None, Col("Diluted\nshares", "shares", optional=True)]


def whole(x: Fraction) -> int:
    """``x`` to whole shares, half up."""
    return floor(x + Fraction(1, 2))


class DilutedTotal:
    """The sums of the grants' rounded figures."""

    def __init__(self, basic: int | None) -> None:
        self.basic = basic
        self.average = self.incremental = self.antidilutive = 0

    def add(self, row: DilutedRow) -> None:
        self.average += row.average_shares
        self.incremental += row.incremental_shares
        self.antidilutive += row.antidilutive_shares

    def merge(self, other: DilutedTotal) -> None:
        self.average += other.average
        self.incremental += other.incremental
        self.antidilutive += other.antidilutive

    def rows(self) -> list[Row]:
        diluted = None if self.basic is None else self.basic + self.incremental
        return [
            DilutedRow(
                "total",
                None,
                None,
                None,
                self.average,
                self.incremental,
                self.antidilutive,
                self.basic,
                diluted,
            )
        ]


@dataclass(frozen=True)
class DilutedCommand(Listing[Dilution]):
    """The treasury stock method over ``start``..``end`` at ``average_price`` (module doc);
    ``pricing``, ``attribution`` and ``forfeiture_rate`` as for ``expense``; ``basic_shares``
    the basic weighted-average share count; ``net_loss``: every grant is anti-dilutive."""

    name = "diluted-shares"
    row = DilutedRow

    start: _dt.date
    end: _dt.date
    average_price: Decimal
    pricing: Pricing | None = None
    attribution: str = "graded"
    forfeiture_rate: Decimal | None = None
    basic_shares: int | None = None
    net_loss: bool = False

    def __post_init__(self) -> None:
        check_period(self.start, self.end, self.average_price)
        check(self.attribution, self.forfeiture_rate)
        if self.basic_shares is not None and self.basic_shares < 0:
            raise InputError([Problem("basic_shares", self.basic_shares, "a share count >= 0")])

    def compute(self, grant: Grant, state: Any) -> Dilution:
        each = fair_value(grant, self.pricing).per_share
        assert each is not None  # one value a share (no per-tranche valuation here)
        cost = recognizer(grant, each, self.attribution, self.forfeiture_rate)

        def left(on: _dt.date) -> Fraction:
            s = cost.standing(on, remaining=False)
            return s.expected - s.recognized

        unrecognized = (left(self.start - _DAY), left(self.end))
        return dilution(
            grant, self.start, self.end, self.average_price, unrecognized, self.net_loss
        )

    def totals(self) -> DilutedTotal:
        return DilutedTotal(self.basic_shares)

    def rows(self, grant: Grant, result: Dilution, totals: DilutedTotal) -> list[DilutedRow]:
        row = DilutedRow(
            "grant",
            grant.id,
            grant.kind.value,
            exercise_price_on(grant, self.end) if grant.kind.is_option else None,
            whole(result.average_shares),
            whole(result.incremental),
            whole(result.antidilutive),
            None,
            None,
        )
        totals.add(row)
        return [row]

    def frame(self, rows: Iterator[Row], gathered: Gathered) -> Report:
        notes: list[str | Note] = [ESTIMATE]
        if self.net_loss:
            notes.insert(0, "A net loss: every grant is anti-dilutive, diluted = basic.")
        return Report(
            "diluted-shares",
            DilutedRow,
            rows,
            {
                "from": self.start.isoformat(),
                "to": self.end.isoformat(),
                "average_price": format(self.average_price, "f"),
                "net_loss": self.net_loss,
            },
            title=(
                f"Diluted shares {self.start} to {self.end} "
                f"(average price {_shown(self.average_price)})"
            ),
            notes=notes,
        )


def _shown(price: Decimal) -> str:
    """A price for a title: to cents (half up) when it has more places (a mean of prices),
    marked as rounded; the computation uses it exactly."""
    cents = price.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return str(price) if cents == price else f"≈{cents}"
