"""The row types of each command's output: one ``NamedTuple`` per command, each field
annotated with its column (see :mod:`vesting.report.columns`). Values are typed — dates,
exact shares, ``Decimal`` money — and renderers write them (:mod:`vesting.render`).

The README's "Output schema" lists these fields, and ``schemas/*.schema.json`` describe the
plain JSON rows; a test checks all three agree.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Annotated, NamedTuple

from ..allocation import Shares
from .columns import Col

Date = _dt.date | None


class ScheduleRow(NamedTuple):
    """One timeline entry of a grant (``schedule``)."""

    grant_id: Annotated[str, Col("Grant", table=False)]
    date: Annotated[Date, Col("Date", "date", rank=0)]
    shares: Annotated[Shares, Col("Shares", "shares", rank=0)]
    cumulative: Annotated[Shares, Col("Cumulative", "shares")]
    percent: Annotated[str, Col("% of\ngrant", "percent", rank=3)]
    cumulative_percent: Annotated[str, Col("Cumulative\n%", "percent", rank=2)]
    mark: Annotated[str, Col("Mark", blank="scheduled")]
    original_date: Annotated[Date, Col("Original\ndate", "date", rank=2)]
    note: Annotated[str, Col("Note")]


class StatusRow(NamedTuple):
    """One grant, or the total, on one date (``status``)."""

    row: Annotated[str, Col("", table=False)]
    as_of: Annotated[_dt.date, Col("As of", "date", rank=0)]
    grant_id: Annotated[str | None, Col("Grant", rank=0)]
    kind: Annotated[str | None, Col("Kind", rank=3)]
    granted: Annotated[int, Col("Granted", "shares", rank=3)]
    vested: Annotated[Shares, Col("Vested", "shares", rank=0)]
    unvested: Annotated[Shares, Col("Unvested", "shares")]
    forfeited: Annotated[Shares, Col("Forfeited", "shares", compact=False)]
    exercised: Annotated[int, Col("Exercised", "shares", compact=False)]
    exercisable: Annotated[Shares, Col("Exercisable", "shares")]
    expired: Annotated[Shares, Col("Expired", "shares", compact=False)]
    outstanding: Annotated[Shares, Col("Outstanding", "shares", compact=False)]
    settled: Annotated[Shares, Col("Settled", "shares")]
    unsettled: Annotated[Shares, Col("Unsettled", "shares", compact=False)]
    pending: Annotated[Shares, Col("Pending", "shares", compact=False)]
    subject_to_repurchase: Annotated[Shares, Col("Subject to\nrepurchase", "shares", compact=False)]
    repurchased: Annotated[Shares, Col("Repurchased", "shares", compact=False)]
    next_vest_date: Annotated[Date, Col("Next vest\ndate", "date", rank=2)]
    next_vest_shares: Annotated[Shares | None, Col("Next vest\nshares", "shares", rank=2)]
    fully_vested: Annotated[Date, Col("Fully\nvested", "date", rank=4)]
    exercise_deadline: Annotated[Date, Col("Exercise\ndeadline", "date", compact=False)]
    percent_of_outstanding: Annotated[
        str | None, Col("% of\noutstanding", "percent", optional=True)
    ]
    fully_diluted_percent: Annotated[str | None, Col("Fully\ndiluted %", "percent", optional=True)]
    iso_shares: Annotated[Shares | None, Col("ISO\nshares", "shares", rank=2, optional=True)]
    nso_shares: Annotated[Shares | None, Col("NSO\nshares", "shares", rank=2, optional=True)]


class ValueRow(NamedTuple):
    """One grant, or the total, on one date at one price (``value``)."""

    row: Annotated[str, Col("", table=False)]
    as_of: Annotated[_dt.date, Col("As of", "date", rank=0)]
    price: Annotated[Decimal, Col("Price", "price")]
    grant_id: Annotated[str | None, Col("Grant", rank=0)]
    kind: Annotated[str | None, Col("Kind", rank=3)]
    exercise_price: Annotated[Decimal | None, Col("Exercise\nprice", "price", compact=False)]
    spread: Annotated[Decimal | None, Col("Value per\nshare", "price", compact=False)]
    vested_shares: Annotated[Shares, Col("Vested\nshares", "shares", rank=2)]
    unvested_shares: Annotated[Shares, Col("Unvested\nshares", "shares", rank=2)]
    vested_value: Annotated[Decimal, Col("Vested\nvalue", "money")]
    unvested_value: Annotated[Decimal, Col("Unvested\nvalue", "money")]
    total_value: Annotated[Decimal, Col("Total\nvalue", "money", rank=0)]
    repurchased_shares: Annotated[Shares, Col("Repurchased\nshares", "shares", compact=False)]
    repurchase_cash: Annotated[Decimal, Col("Repurchase\ncash", "money", compact=False)]
    percent_of_outstanding: Annotated[
        str | None, Col("% of\noutstanding", "percent", optional=True)
    ]
    fully_diluted_percent: Annotated[str | None, Col("Fully\ndiluted %", "percent", optional=True)]
    iso_shares: Annotated[Shares | None, Col("ISO\nshares", "shares", rank=2, optional=True)]
    nso_shares: Annotated[Shares | None, Col("NSO\nshares", "shares", rank=2, optional=True)]


class FairValueRow(NamedTuple):
    """One grant's grant-date fair value, one of its tranches (``--per-tranche``), or the
    total (``fair-value``)."""

    row: Annotated[str, Col("", table=False)]
    grant_id: Annotated[str | None, Col("Grant", rank=0)]
    kind: Annotated[str | None, Col("Kind", rank=3)]
    vest_date: Annotated[Date, Col("Vest date", "date", rank=2)]
    shares: Annotated[Shares, Col("Shares", "shares", rank=0)]
    method: Annotated[str | None, Col("Method", rank=3)]
    price: Annotated[Decimal | None, Col("Grant-date\nprice", "price", rank=2)]
    exercise_price: Annotated[Decimal | None, Col("Exercise\nprice", "price", rank=2)]
    volatility: Annotated[str | None, Col("Volatility", "number", compact=False)]
    risk_free_rate: Annotated[str | None, Col("Risk-free\nrate", "number", compact=False)]
    dividend_yield: Annotated[str | None, Col("Dividend\nyield", "number", compact=False)]
    expected_term: Annotated[str | None, Col("Expected\nterm (y)", "number", rank=2)]
    fair_value: Annotated[Decimal | None, Col("Fair value\nper share", "price", rank=0)]
    total_value: Annotated[Decimal, Col("Total fair\nvalue", "money", rank=0)]


class ExpenseRow(NamedTuple):
    """One grant's, or the total's, compensation expense in one period (``expense``)."""

    row: Annotated[str, Col("", table=False)]
    grant_id: Annotated[str | None, Col("Grant", rank=0)]
    kind: Annotated[str | None, Col("Kind", compact=False)]
    fair_value: Annotated[Decimal | None, Col("Fair value\nper share", "price", compact=False)]
    period: Annotated[str, Col("Period", rank=0)]
    period_start: Annotated[_dt.date, Col("From", "date", rank=3)]
    period_end: Annotated[_dt.date, Col("To", "date", rank=3)]
    expense: Annotated[Decimal, Col("Expense", "money", rank=0)]
    cumulative_expense: Annotated[Decimal, Col("Cumulative", "money")]
    unrecognized: Annotated[Decimal, Col("Unrecognized", "money")]
    remaining_years: Annotated[str | None, Col("Remaining\nyears", "number", rank=2)]


class ProblemRow(NamedTuple):
    """One problem of the input (``validate``)."""

    location: Annotated[str, Col("Location")]
    field: Annotated[str, Col("Field")]
    value: Annotated[str, Col("Value")]
    allowed: Annotated[str, Col("Allowed")]
    message: Annotated[str, Col("Message", table=False)]


class TaxRow(NamedTuple):
    """One taxable event of a grant (or its ISO split for the year), or the year's total
    (``tax``)."""

    row: Annotated[str, Col("", table=False)]
    grant_id: Annotated[str | None, Col("Grant", rank=0)]
    date: Annotated[Date, Col("Date", "date", rank=0)]
    event: Annotated[str | None, Col("Event", rank=0)]
    shares: Annotated[Shares | None, Col("Shares", "shares", rank=0)]
    price: Annotated[Decimal | None, Col("Price", "price", rank=2)]
    exercise_price: Annotated[Decimal | None, Col("Exercise\nprice", "price", compact=False)]
    income: Annotated[Decimal | None, Col("Income", "money", rank=0)]
    federal_withholding: Annotated[Decimal | None, Col("Federal\nwithholding", "money")]
    state_withholding: Annotated[Decimal | None, Col("State", "money", compact=False)]
    social_security: Annotated[Decimal | None, Col("Social\nSecurity", "money", compact=False)]
    medicare: Annotated[Decimal | None, Col("Medicare", "money", compact=False)]
    total_withholding: Annotated[Decimal | None, Col("Total\nwithheld", "money", rank=3)]
    sell_to_cover_shares: Annotated[int | None, Col("Sell to\ncover", "shares", rank=2)]
    withholding_shortfall: Annotated[
        Decimal | None, Col("Shortfall vs\nmarginal", "money", rank=2, optional=True)
    ]
    cash_to_exercise: Annotated[Decimal | None, Col("Cash to\nexercise", "money", rank=3)]
    amt_preference: Annotated[Decimal | None, Col("AMT\npreference", "money", rank=2)]
    year: Annotated[str | None, Col("Year", "number", compact=False)]
    iso_shares: Annotated[Shares | None, Col("ISO\nshares", "shares", rank=2)]
    nso_shares: Annotated[Shares | None, Col("NSO\nshares", "shares", rank=2)]
