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
    date: Annotated[Date, Col("Date", "date")]
    shares: Annotated[Shares, Col("Shares", "shares")]
    cumulative: Annotated[Shares, Col("Cumulative", "shares")]
    percent: Annotated[str, Col("% of grant", "percent")]
    cumulative_percent: Annotated[str, Col("Cumulative %", "percent")]
    mark: Annotated[str, Col("Mark")]
    original_date: Annotated[Date, Col("Original date", "date")]
    note: Annotated[str, Col("Note")]


class StatusRow(NamedTuple):
    """One grant, or the total, on one date (``status``)."""

    row: Annotated[str, Col("", table=False)]
    as_of: Annotated[_dt.date, Col("As of", "date")]
    grant_id: Annotated[str | None, Col("Grant")]
    kind: Annotated[str | None, Col("Kind")]
    granted: Annotated[int, Col("Granted", "shares")]
    vested: Annotated[Shares, Col("Vested", "shares")]
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
    next_vest_date: Annotated[Date, Col("Next vest\ndate", "date")]
    next_vest_shares: Annotated[Shares | None, Col("Next vest\nshares", "shares")]
    fully_vested: Annotated[Date, Col("Fully\nvested", "date")]
    exercise_deadline: Annotated[Date, Col("Exercise\ndeadline", "date", compact=False)]


class ValueRow(NamedTuple):
    """One grant, or the total, on one date at one price (``value``)."""

    row: Annotated[str, Col("", table=False)]
    as_of: Annotated[_dt.date, Col("As of", "date")]
    price: Annotated[Decimal, Col("Price", "price")]
    grant_id: Annotated[str | None, Col("Grant")]
    kind: Annotated[str | None, Col("Kind")]
    exercise_price: Annotated[Decimal | None, Col("Exercise\nprice", "price", compact=False)]
    spread: Annotated[Decimal | None, Col("Value per\nshare", "price", compact=False)]
    vested_shares: Annotated[Shares, Col("Vested\nshares", "shares")]
    unvested_shares: Annotated[Shares, Col("Unvested\nshares", "shares")]
    vested_value: Annotated[Decimal, Col("Vested\nvalue", "money")]
    unvested_value: Annotated[Decimal, Col("Unvested\nvalue", "money")]
    total_value: Annotated[Decimal, Col("Total\nvalue", "money")]


class ProblemRow(NamedTuple):
    """One problem of the input (``validate``)."""

    location: Annotated[str, Col("Location")]
    field: Annotated[str, Col("Field")]
    value: Annotated[str, Col("Value")]
    allowed: Annotated[str, Col("Allowed")]
    message: Annotated[str, Col("Message", table=False)]
