"""Market value of grants as of a date, at a share price: exact money, rounded once, to cents.

Rules:

* **Names.** ``realizable_shares`` are the shares the holder can turn into stock or cash now
  — an option's *exercisable* shares (vested, not exercised, not expired or forfeited), an
  RSU's *vested* units (settled or not: they are the holder's) — and ``realizable_value``
  their value. ``unvested_outstanding`` are the unvested shares still in the grant (pending
  event-gated ones included) and ``unvested_value`` theirs. They are not :mod:`vesting.status`'s
  ``vested`` (every share that ever vested, exercised or expired ones too): after a
  termination whose exercise window has passed, an option has ``vested`` 1,083,333 and
  ``realizable_shares`` 0.
* **Options** (ISO, NSO) are worth their *intrinsic* value: ``max(0, price − exercise price)``
  per share, the exercise price in force on the date (after splits and repricings:
  :mod:`vesting.inforce`); the shares are those of the date too, and a price given for a date
  is as quoted that day. An underwater option is worth 0, never a negative amount.
  Realizable value counts the exercisable shares; unvested value the options still
  outstanding that are not exercisable (``outstanding − exercisable``: unvested shares not
  exercised early, pending event-gated shares included). Exercised options are stock, no
  longer part of the grant's option value; expired and forfeited ones are worth nothing. An
  option without an exercise price cannot be valued: that is an :class:`~vesting.errors.InputError`.
* **Repurchase** (early exercise, :mod:`vesting.status`): exercised, unvested shares the company
  bought back are ``repurchased_shares``; ``repurchase_cash`` is what the company paid the holder
  for them, ``repurchased × exercise price`` in cents. That cash is not part of the grant's
  value (``total_value``): the shares are gone, the cash is the holder's.
* **RSUs** are worth ``price × shares``: realizable value counts every vested RSU (settled or
  not — they are the holder's), unvested value the unvested ones (pending included).
* Money is :class:`~decimal.Decimal`, computed in a context that cannot round silently
  (:mod:`vesting.money`). Each value is computed exactly (shares may be fractions under
  ``FRACTIONAL`` allocation) and rounded once to cents, half up (``ROUND_HALF_UP``:
  0.005 → 0.01). ``total = vested + unvested`` of the rounded amounts, so columns add up. Prices
  and the per-share ``spread`` are kept exact.
* **Prices by date** (:class:`PriceTable`): the price on a date is the last price on or before
  it; a date before the first price is an error. Reading price files is
  :mod:`vesting.io.prices`' job; this module never reads files.
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from math import floor
from typing import NamedTuple

from . import money
from .allocation import Allocation, Shares
from .errors import MISSING, InputError, Problem, at_grant
from .model import Grant, Kind, checks, require_grant
from .money import ZERO, to_cents
from .shares import whole_counts
from .status import Status, evaluate

__all__ = [
    "PriceTable",
    "Valuation",
    "ValueTotal",
    "missing_price",
    "prices_on",
    "to_cents",
    "valuations",
    "value",
]


class Valuation(NamedTuple):
    """One grant's value as of ``as_of`` at share ``price``."""

    grant_id: str
    kind: Kind
    as_of: _dt.date
    price: Decimal
    exercise_price: Decimal | None
    spread: Decimal
    """Value of one share: ``max(0, price − exercise price)`` for options, ``price`` for RSUs."""
    realizable_shares: Shares
    """Options: the exercisable shares; RSUs: the vested units, settled or not."""
    unvested_outstanding: Shares
    """The unvested shares still in the grant (pending event-gated shares included)."""
    realizable_value: Decimal
    """``realizable_shares × spread``, in cents."""
    unvested_value: Decimal
    """``unvested_outstanding × spread``, in cents."""
    total_value: Decimal
    """``realizable_value + unvested_value``."""
    repurchased_shares: Shares = 0
    """Early-exercised, unvested shares the company bought back (options only)."""
    repurchase_cash: Decimal = ZERO
    """What the company paid for them: ``repurchased_shares × exercise price``, in cents."""
    granted: int = 0
    """Shares granted (the grant's; a total's: the sum)."""


class ValueTotal:
    """A running total of valuations on one date at one price: :meth:`add` each, then
    :meth:`valuation` (money adds up exactly: every amount is already in cents)."""

    def __init__(self, as_of: _dt.date, price: Decimal) -> None:
        self.as_of = as_of
        self.price = price
        self.realizable_shares: Shares = 0
        self.unvested_outstanding: Shares = 0
        self.realizable_value = ZERO
        self.unvested_value = ZERO
        self.repurchased_shares: Shares = 0
        self.repurchase_cash = ZERO
        self.granted = 0

    def add(self, v: Valuation) -> None:
        self.granted += v.granted
        self.realizable_shares += v.realizable_shares
        self.unvested_outstanding += v.unvested_outstanding
        self.realizable_value = money.add(self.realizable_value, v.realizable_value)
        self.unvested_value = money.add(self.unvested_value, v.unvested_value)
        if v.repurchased_shares:
            self.repurchased_shares += v.repurchased_shares
            self.repurchase_cash = money.add(self.repurchase_cash, v.repurchase_cash)

    def merge(self, other: ValueTotal) -> None:
        """Add another running total of the same date and price (from another worker)."""
        self.granted += other.granted
        self.realizable_shares += other.realizable_shares
        self.unvested_outstanding += other.unvested_outstanding
        self.realizable_value = money.add(self.realizable_value, other.realizable_value)
        self.unvested_value = money.add(self.unvested_value, other.unvested_value)
        self.repurchased_shares += other.repurchased_shares
        self.repurchase_cash = money.add(self.repurchase_cash, other.repurchase_cash)

    def valuation(self) -> Valuation:
        """The total as a :class:`Valuation` with ``grant_id`` ``""`` and no kind-specific
        figures (``kind``, ``exercise_price`` and ``spread`` are not meaningful for a sum);
        share counts that come to whole shares are ``int`` (:mod:`vesting.shares`)."""
        return whole_counts(
            Valuation(
                grant_id="",
                kind=Kind.NSO,
                as_of=self.as_of,
                price=self.price,
                exercise_price=None,
                spread=ZERO,
                realizable_shares=self.realizable_shares,
                unvested_outstanding=self.unvested_outstanding,
                realizable_value=self.realizable_value,
                unvested_value=self.unvested_value,
                total_value=money.add(self.realizable_value, self.unvested_value),
                repurchased_shares=self.repurchased_shares,
                repurchase_cash=self.repurchase_cash,
                granted=self.granted,
            )
        )


def missing_price(grant: Grant) -> Problem:
    """The problem of an option valued without an exercise price."""
    return Problem(
        "exercise_price",
        MISSING,
        "an exercise price, to value an option",
        at_grant(grant.id),
    )


def value(grant: Grant, on: _dt.date, price: Decimal, status: Status | None = None) -> Valuation:
    """``grant``'s value on ``on`` at share ``price`` (see the module rules).

    ``status`` may pass an already computed ``evaluate(grant, on)``.
    """
    require_grant(grant, "value")
    checks.date_argument(on, "value")
    if not money.is_amount(price):
        raise InputError([Problem("price", price, money.AMOUNT)])
    st = status if status is not None else evaluate(grant, on)
    vested: Shares
    unvested: Shares
    strike = st.exercise_price if grant.kind.is_option else None  # in force on the date
    if grant.kind.is_option:
        if strike is None:
            raise InputError([missing_price(grant)])
        spread = max(ZERO, money.subtract(price, strike))
        vested = st.exercisable
        unvested = st.outstanding - st.exercisable
    else:
        spread = price
        vested = st.vested
        unvested = st.unvested
    realizable_value = to_cents(Fraction(spread) * vested)
    unvested_value = to_cents(Fraction(spread) * unvested)
    repurchased = st.repurchased
    cash = ZERO
    if repurchased and strike is not None:
        cash = to_cents(Fraction(strike) * repurchased)
    out = Valuation(
        grant_id=grant.id,
        kind=grant.kind,
        as_of=on,
        price=price,
        exercise_price=strike,
        spread=spread,
        realizable_shares=vested,
        unvested_outstanding=unvested,
        realizable_value=realizable_value,
        unvested_value=unvested_value,
        total_value=money.add(realizable_value, unvested_value),
        repurchased_shares=repurchased,
        repurchase_cash=cash,
        granted=grant.shares,
    )
    return whole_counts(out) if grant.terms.allocation is Allocation.FRACTIONAL else out


PricesByDate = tuple[tuple[_dt.date, tuple[Decimal, ...]], ...]
"""The prices to value at on each date: ``((date, (price, ...)), ...)``."""


def prices_on(dates: Sequence[_dt.date], prices: Sequence[Decimal] | PriceTable) -> PricesByDate:
    """The prices for each date: every what-if price on every date, or each date's price from a
    table. Every date without a price is reported (one error listing them all)."""
    if not isinstance(prices, PriceTable):
        return tuple((d, tuple(prices)) for d in dates)
    out: list[tuple[_dt.date, tuple[Decimal, ...]]] = []
    found: list[Problem] = []
    for d in dates:
        try:
            out.append((d, (prices.price_on(d),)))
        except InputError as e:
            found.extend(e.problems)
    if found:
        raise InputError(found)
    return tuple(out)


def valuations(grant: Grant, per_date: PricesByDate) -> tuple[Valuation, ...]:
    """``grant`` valued on each date at each of its prices (the status computed once a date)."""
    out: list[Valuation] = []
    for d, day_prices in per_date:
        st = evaluate(grant, d)
        out.extend(value(grant, d, p, st) for p in day_prices)
    return tuple(out)


@dataclass(frozen=True)
class PriceTable:
    """Share prices by date (strictly increasing dates); ``name`` says where they came from."""

    points: tuple[tuple[_dt.date, Decimal], ...]
    name: str = "prices"

    def __post_init__(self) -> None:
        if not self.points:
            raise InputError([Problem("prices", "no prices", "at least one date,price row")])
        dates = [d for d, _ in self.points]
        if any(b <= a for a, b in pairwise(dates)):
            raise InputError(
                [Problem("prices", self.name, "one price per date, dates in increasing order")]
            )
        object.__setattr__(self, "_dates", dates)

    def price_on(self, on: _dt.date) -> Decimal:
        """The last price on or before ``on``; a date before the first price is an error."""
        dates: list[_dt.date] = self.__dict__["_dates"]
        i = bisect_right(dates, on)
        if i == 0:
            first = self.points[0][0]
            raise InputError(
                [
                    Problem(
                        "as_of",
                        on.isoformat(),
                        f"a date on or after the first price in {self.name} ({first})",
                    )
                ]
            )
        return self.points[i - 1][1]


def mean_price(table: PriceTable, start: _dt.date, end: _dt.date) -> Decimal:
    """The mean of the prices ``table`` gives for dates ``start``..``end`` (each price dated in
    the period counts once: a daily closing-price file gives the period's average price),
    rounded half up to 10 decimal places (the most a price has). No price dated in the period
    is an error."""
    inside = [p for d, p in table.points if start <= d <= end]
    if not inside:
        raise InputError(
            [Problem("prices", table.name, f"at least one price dated {start} to {end}")]
        )
    mean = sum((Fraction(p) for p in inside), Fraction(0)) / len(inside)
    return money.EXACT.divide(Decimal(floor(mean * 10**10 + Fraction(1, 2))), Decimal(10**10))
