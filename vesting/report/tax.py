"""The ``tax`` report: one row per taxable event of each grant (and each ISO grant's split for
the year), then the year's total (sums of every amount, of the sell-to-cover shares and of the
ISO / NSO shares)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Final

from ..allocation import Shares
from ..money import ZERO, add
from ..tax.events import TaxEvent
from . import Report
from .rows import TaxRow

ESTIMATE: Final = "Estimates from the stated rates, not tax advice."
_MONEY: Final = (
    "income", "federal_withholding", "state_withholding", "social_security", "medicare",
    "total_withholding", "withholding_shortfall", "cash_to_exercise", "amt_preference",
)  # fmt: skip


def tax_row(e: TaxEvent) -> TaxRow:
    w = e.withheld
    return TaxRow(
        "event", e.grant_id, e.date, e.event, e.shares, e.price, e.exercise_price, e.income,
        None if w is None else w.federal, None if w is None else w.state,
        None if w is None else w.social_security, None if w is None else w.medicare,
        None if w is None else w.total, e.sell_to_cover_shares,
        None if w is None else w.shortfall, e.cash_to_exercise, e.amt_preference,
        None if e.year is None else str(e.year), e.iso_shares, e.nso_shares,
    )  # fmt: skip


class TaxTotal:
    """Running sums of tax rows."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.money: dict[str, Decimal | None] = dict.fromkeys(_MONEY)
        self.cover = 0
        self.iso: Shares = 0
        self.nso: Shares = 0

    def add(self, row: TaxRow) -> None:
        for key in _MONEY:
            value = getattr(row, key)
            if value is not None:
                self.money[key] = add(self.money[key] or ZERO, value)
        self.cover += row.sell_to_cover_shares or 0
        self.iso += row.iso_shares or 0
        self.nso += row.nso_shares or 0

    def merge(self, other: TaxTotal) -> None:
        for key in _MONEY:
            theirs = other.money[key]
            if theirs is not None:
                self.money[key] = add(self.money[key] or ZERO, theirs)
        self.cover += other.cover
        self.iso += other.iso
        self.nso += other.nso

    def row(self) -> TaxRow:
        m = self.money
        return TaxRow(
            "total", None, None, None, None, None, None, m["income"],
            m["federal_withholding"], m["state_withholding"], m["social_security"],
            m["medicare"], m["total_withholding"], self.cover, m["withholding_shortfall"],
            m["cash_to_exercise"], m["amt_preference"], str(self.year),
            self.iso if self.iso or self.nso else None,
            self.nso if self.iso or self.nso else None,
        )  # fmt: skip


def tax_rows(events: list[TaxEvent], total: TaxTotal) -> list[TaxRow]:
    rows = [tax_row(e) for e in events]
    for r in rows:
        total.add(r)
    return rows


def tax_frame(rows: Iterator[TaxRow], params: dict[str, object]) -> Report:
    return Report(
        "tax",
        TaxRow,
        rows,
        params,
        title=f"Tax estimates for {params.get('year')}",
        notes=[ESTIMATE],
    )
