"""Diluted shares by the treasury stock method (ASC 260-10-45-23): how many shares a grant adds
to the diluted share count of a period.

Rules:

* **Shares outstanding over the period.** A grant counts the shares it had outstanding
  (:attr:`vesting.Status.outstanding`: exercisable and unvested options, unvested and
  unsettled RSUs) on each day of the period, averaged over the period's days — a day before
  the grant date, or after every share was exercised, forfeited, expired or settled, counts
  zero. The count only changes on the grant's own dates (its grant date, its timeline's dates,
  its events, the day after its expiration or exercise deadline), so it is found exactly from
  the grant's status on those days.
* **Stock splits** are applied retroactively (ASC 260-10-55-12): every day's shares are counted
  in the shares of the period's last day (a day before a split in the period, times the
  split's ratio), so the average, the incremental shares and the average price (per share of
  the period's end) are all in one kind of share.
* **Assumed proceeds**: what the holders would pay (each day's outstanding options × the
  exercise price in force that day, after splits and repricings, averaged over the period;
  nothing for an RSU) plus the compensation cost not yet recognized (ASC 260-10-45-29),
  averaged over the period as the mean of its value at the start (the end of the day before)
  and at the end (the end of the last day). The shares bought back are the proceeds ÷ the
  period's average price.
* **Incremental shares** = shares − proceeds ÷ average price, when that is positive. A grant
  whose proceeds would buy back at least its shares — an option out of the money, or one whose
  unrecognized cost per share makes up the difference — adds nothing: it is *anti-dilutive*,
  and its shares are listed as such. With a net loss every grant is anti-dilutive (diluted =
  basic; ASC 260-10-45-20).
* Exact: shares and the average are ``Fraction``; money ``Decimal``; nothing is rounded here
  (the command rounds each grant's figure once for display, to whole shares, half up).

Known answers: 10,000 options at $50, no cost left, average price $100: 10,000 − 500,000 ÷ 100
= 5,000 shares. An option at $10 with $4 a share of cost left is anti-dilutive at $12
(proceeds of $14 a share buy back more than one share).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from ..errors import InputError, Problem
from ..eventrules import event_date
from ..events import timeline
from ..inforce import exercise_price_on, factor_on
from ..model import Grant
from ..status import evaluate

_DAY = _dt.timedelta(days=1)


class Dilution(NamedTuple):
    """One grant's effect on the diluted share count of a period (module doc)."""

    grant_id: str
    average_shares: Fraction
    """Shares outstanding, averaged over every day of the period."""
    proceeds: Fraction
    """Assumed proceeds: the average aggregate exercise price + average unrecognized cost."""
    incremental: Fraction
    """Shares the grant adds to the diluted count (0 when anti-dilutive)."""
    antidilutive: Fraction
    """The average shares of an anti-dilutive grant (0 otherwise)."""


def check_period(start: _dt.date, end: _dt.date, average_price: Decimal) -> None:
    found = []
    if end < start:
        found.append(Problem("to", end.isoformat(), f"a date on or after {start}"))
    if not average_price > 0:
        found.append(Problem("average_price", average_price, "a price above zero"))
    if found:
        raise InputError(found)


def average_outstanding(grant: Grant, start: _dt.date, end: _dt.date) -> Fraction:
    """The grant's outstanding shares averaged over the days ``start``..``end``, in the shares
    of ``end`` (module doc)."""
    return _averages(grant, start, end)[0]


def _averages(grant: Grant, start: _dt.date, end: _dt.date) -> tuple[Fraction, Fraction]:
    """The outstanding shares (in the shares of ``end``) and their aggregate exercise price
    (in force on each day), each averaged over the days ``start``..``end`` (module doc)."""
    changes = {grant.grant_date}
    changes.update(e.date for e in timeline(grant) if e.date is not None)
    changes.update(event_date(e) for e in grant.events)
    for last in (grant.expiration, evaluate(grant, end).exercise_deadline):
        if last is not None and last < _dt.date.max:
            changes.add(last + _DAY)
    days = sorted(d for d in changes if start < d <= end)
    f = factor_on(grant, end)
    total = paid = Fraction(0)
    at, (held, price) = start, _held(grant, start, f)
    for d in days:
        total += held * (d - at).days
        paid += price * (d - at).days
        at, (held, price) = d, _held(grant, d, f)
    total += held * ((end - at).days + 1)
    paid += price * ((end - at).days + 1)
    count = (end - start).days + 1
    return total / count, paid / count


def _held(grant: Grant, on: _dt.date, last: Fraction) -> tuple[Fraction, Fraction]:
    """Shares outstanding at the end of ``on`` in the shares of a date whose split factor is
    ``last``, and what exercising them would cost (options; 0 for RSUs): none before the grant
    date (a status then shows the grant to come)."""
    if on < grant.grant_date:
        return Fraction(0), Fraction(0)
    held = Fraction(evaluate(grant, on).outstanding)
    strike = exercise_price_on(grant, on) if grant.kind.is_option else None
    paid = held * Fraction(strike) if strike else Fraction(0)
    return held * last / factor_on(grant, on), paid


def dilution(
    grant: Grant,
    start: _dt.date,
    end: _dt.date,
    average_price: Decimal,
    unrecognized: tuple[Fraction, Fraction] = (Fraction(0), Fraction(0)),
    net_loss: bool = False,
) -> Dilution:
    """``grant``'s incremental shares in the period ``start``..``end`` at ``average_price``;
    ``unrecognized``: its unrecognized compensation cost at the period's start and end
    (:class:`vesting.accounting.expense.Recognizer` gives them)."""
    check_period(start, end, average_price)
    shares, paid = _averages(grant, start, end)
    proceeds = paid + (unrecognized[0] + unrecognized[1]) / 2
    added = shares - proceeds / Fraction(average_price)
    if net_loss or added <= 0:
        return Dilution(grant.id, shares, proceeds, Fraction(0), shares)
    return Dilution(grant.id, shares, proceeds, added, Fraction(0))
