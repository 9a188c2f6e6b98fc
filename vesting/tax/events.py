"""A grant's taxable events in a year, with the figures that follow from a price.

Rules:

* RSUs: ordinary income at each settlement = the price on the settlement date × the shares
  settled that day (a double-trigger RSU settles on its liquidity event); withholding as
  :mod:`vesting.tax.withholding` says; sell-to-cover shares = ceil(withholding ÷ price);
* NSOs: ordinary income at exercise = (price − exercise price) × shares (never below 0), the
  same withholding and sell-to-cover; the cash to exercise = exercise price × shares;
* ISOs: no regular income at exercise; the AMT preference item = (price − exercise price) ×
  shares (never below 0). Shares over the $100,000 limit (:mod:`vesting.tax.iso`) are NSOs:
  an exercise takes the ISO shares exercisable by then first, the rest is taxed as an NSO
  exercise (a separate event row);
* ``iso-limit``: for an ISO grant, one row per year asked with the options first exercisable
  that year and their ISO / NSO split; ``iso-limit-repriced``: the same for the new grant a
  repricing of an ISO makes on its date (Treas. Reg. §1.424-1(e): the row's date is the
  repricing's, its price the fair market value then; :mod:`vesting.tax.iso`);
* the exercise price is the one in force on the exercise date (after splits and repricings),
  and shares are in the shares of the event's date (ISO-limit rows: of the year's end, and
  their fair market value and exercise price per share of the year's end too — each split
  after the grant counted divides them as it divides an exercise price, rounded up to the
  cent);
* money is rounded to cents, half up, per amount; the price of a date is the last on or before
  it (a price file) or the one price given.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from math import ceil, floor
from typing import NamedTuple

from ..allocation import Shares
from ..events import timeline
from ..inforce import event_shares, exercise_price_on, factor_on, split_price, splits_of
from ..model import Exercise, Grant, Kind, NamedEvent
from ..money import ZERO, subtract, to_cents
from ..status import evaluate
from .iso import IsoLedger, IsoYear, first_exercisable, iso_by, repricings
from .withholding import Ledger, Withheld


class TaxEvent(NamedTuple):
    """One taxable event (or an ISO-limit line) of a grant."""

    grant_id: str
    date: _dt.date | None
    event: str
    """``settlement``, ``exercise`` (NSO, or an ISO grant's NSO part), ``iso-exercise``,
    ``iso-limit`` or ``iso-limit-repriced`` (the new grant a repricing makes)."""
    shares: Shares
    price: Decimal | None
    exercise_price: Decimal | None
    income: Decimal | None
    withheld: Withheld | None
    sell_to_cover_shares: int | None
    cash_to_exercise: Decimal | None
    amt_preference: Decimal | None
    year: int | None = None
    iso_shares: Shares | None = None
    nso_shares: Shares | None = None


def _spread(price: Decimal, strike: Decimal) -> Decimal:
    return max(ZERO, subtract(price, strike))


def _cover(total: Decimal, price: Decimal) -> int:
    return ceil(Fraction(total) / Fraction(price)) if price else 0


def settlements(grant: Grant, year: int) -> list[tuple[_dt.date, Shares]]:
    """The RSU settlements dated in ``year``: (date, shares settled that day)."""
    candidates = {
        e.date for e in timeline(grant) if e.vests and e.date is not None and e.date.year == year
    }
    candidates |= {
        e.date for e in grant.events if isinstance(e, NamedEvent) and e.date.year == year
    }
    out = []
    for day in sorted(candidates):
        before = (
            evaluate(grant, day - _dt.timedelta(days=1)).settled if day > grant.grant_date else 0
        )
        settled = evaluate(grant, day).settled - before
        if settled:
            out.append((day, settled))
    return out


def tax_events(
    grant: Grant,
    year: int,
    price_on: Callable[[_dt.date], Decimal],
    ledger: Ledger,
    isos: IsoLedger,
) -> list[TaxEvent]:
    """The grant's taxable events in ``year``, in date order (module doc). The ledgers carry
    each holder's running totals from one grant to the next."""
    out: list[TaxEvent] = []
    if grant.kind is Kind.RSU:
        for day, n in settlements(grant, year):
            price = price_on(day)
            income = to_cents(Fraction(price) * n)
            w = ledger.withhold(grant.holder, income)
            out.append(
                TaxEvent(
                    grant.id,
                    day,
                    "settlement",
                    n,
                    price,
                    None,
                    income,
                    w,
                    _cover(w.total, price),
                    None,
                    None,
                )
            )
        return out
    split: tuple[IsoYear, ...] = isos.split(grant) if grant.kind is Kind.ISO else ()
    iso_used: Shares = 0  # in shares as granted, of the grant counted (a repricing: anew)
    regrants = [m.date for m, _ in repricings(grant)] if split else []
    counted_as = grant.grant_date
    for e in sorted((e for e in grant.events if isinstance(e, Exercise)), key=lambda e: e.date):
        iso_part: Shares = 0
        now = max((d for d in regrants if d <= e.date), default=grant.grant_date)
        if now != counted_as:
            counted_as, iso_used = now, 0
        if grant.kind is Kind.ISO:
            f = factor_on(grant, e.date)
            asked = event_shares(grant, e.date, e.shares)
            base = max(0, min(asked, iso_by(grant, split, e.date) - iso_used))
            iso_used += base
            iso_part = min(e.shares, floor(Fraction(base) * f)) if f != 1 else base
        nso_part = e.shares - iso_part
        if e.date.year != year:
            continue
        price = price_on(e.date)
        strike = exercise_price_on(grant, e.date) or ZERO  # in force on the exercise date
        if iso_part:
            out.append(
                TaxEvent(
                    grant.id,
                    e.date,
                    "iso-exercise",
                    iso_part,
                    price,
                    strike,
                    None,
                    None,
                    None,
                    to_cents(Fraction(strike) * iso_part),
                    to_cents(Fraction(_spread(price, strike)) * iso_part),
                )
            )
        if nso_part:
            income = to_cents(Fraction(_spread(price, strike)) * nso_part)
            w = ledger.withhold(grant.holder, income)
            out.append(
                TaxEvent(
                    grant.id,
                    e.date,
                    "exercise",
                    nso_part,
                    price,
                    strike,
                    income,
                    w,
                    _cover(w.total, price),
                    to_cents(Fraction(strike) * nso_part),
                    None,
                )
            )
    for y in split:
        if y.year == year:
            regrant = y.granted is not None and y.granted != grant.grant_date
            when = y.granted if regrant else None
            end = _dt.date(year, 12, 31)
            f = factor_on(grant, end)  # in the shares of the year's end
            shares, iso = (y.shares, y.iso) if f == 1 else (floor(f * y.shares), floor(f * y.iso))
            counted = y.granted or grant.grant_date
            was = exercise_price_on(grant, counted)
            out.append(
                TaxEvent(
                    grant.id,
                    when,
                    "iso-limit-repriced" if regrant else "iso-limit",
                    shares,
                    _year_end(grant, y.fmv, counted, end),
                    None if was is None else _year_end(grant, was, counted, end),
                    None,
                    None,
                    None,
                    None,
                    None,
                    y.year,
                    iso,
                    shares - iso,
                )
            )
    return out


def _year_end(grant: Grant, price: Decimal, since: _dt.date, end: _dt.date) -> Decimal:
    """A price per share of ``since`` in the shares of ``end``: each split after ``since`` and
    on or before ``end`` divides it, rounded up to the cent (``inforce.split_price``)."""
    for s in splits_of(grant):
        if since < s.date <= end:
            price = split_price(price, s.ratio)
    return price


__all__ = ["TaxEvent", "first_exercisable", "settlements", "tax_events"]
