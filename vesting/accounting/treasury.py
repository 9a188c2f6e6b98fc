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
* **Assumed proceeds**: what the holders would pay (shares × exercise price; nothing for an
  RSU) plus the compensation cost not yet recognized (ASC 260-10-45-29), averaged over the
  period as the mean of its value at the start (the end of the day before) and at the end
  (the end of the last day). The shares bought back are the proceeds ÷ the period's average
  price.
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
from ..model import Grant
from ..status import evaluate

_DAY = _dt.timedelta(days=1)


class Dilution(NamedTuple):
    """One grant's effect on the diluted share count of a period (module doc)."""

    grant_id: str
    average_shares: Fraction
    """Shares outstanding, averaged over every day of the period."""
    proceeds: Fraction
    """Assumed proceeds: exercise price × average shares + average unrecognized cost."""
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
    """The grant's outstanding shares averaged over the days ``start``..``end`` (module doc)."""
    changes = {grant.grant_date}
    changes.update(e.date for e in timeline(grant) if e.date is not None)
    changes.update(event_date(e) for e in grant.events)
    for last in (grant.expiration, evaluate(grant, end).exercise_deadline):
        if last is not None and last < _dt.date.max:
            changes.add(last + _DAY)
    days = sorted(d for d in changes if start < d <= end)
    total: int | Fraction = 0
    at, held = start, _held(grant, start)
    for d in days:
        total += held * (d - at).days
        at, held = d, _held(grant, d)
    total += held * ((end - at).days + 1)
    return Fraction(total) / ((end - start).days + 1)


def _held(grant: Grant, on: _dt.date) -> int | Fraction:
    """Shares outstanding at the end of ``on``: none before the grant date (a status then
    shows the grant to come)."""
    return 0 if on < grant.grant_date else evaluate(grant, on).outstanding


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
    shares = average_outstanding(grant, start, end)
    strike = Fraction(grant.exercise_price) if grant.kind.is_option and grant.exercise_price else 0
    proceeds = shares * strike + (unrecognized[0] + unrecognized[1]) / 2
    added = shares - proceeds / Fraction(average_price)
    if net_loss or added <= 0:
        return Dilution(grant.id, shares, proceeds, Fraction(0), shares)
    return Dilution(grant.id, shares, proceeds, added, Fraction(0))
