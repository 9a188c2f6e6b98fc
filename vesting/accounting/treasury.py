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
* **Stock splits** restate every period (ASC 260-10-55-12). Within the period every day's
  shares are counted in the shares of the period's end, and the average price is taken as
  quoted in those shares (with a split inside the period, an average of prices quoted before
  it must be restated to them); the exercise price in force each day enters as an aggregate
  (shares × price), which a split does not change; a repricing counts from its date. Then
  the counts are restated to the shares after every later split the grant records: a split
  after the period multiplies its average, incremental and anti-dilutive shares by its ratio.
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
from ..inforce import factor_on, has_splits
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
    after every split it records (module doc)."""
    shares = _averages(grant, start, end)[0]
    return shares * _later(grant, end)


def _later(grant: Grant, end: _dt.date) -> Fraction:
    """The splits after ``end``: new shares per share of that day (1 without any)."""
    return factor_on(grant, None) / factor_on(grant, end) if has_splits(grant) else Fraction(1)


def _averages(grant: Grant, start: _dt.date, end: _dt.date) -> tuple[Fraction, Fraction]:
    """(outstanding shares, their aggregate exercise price), each averaged over the days of
    the period: the shares restated to the shares of the period's end, the exercise price as in
    force each day (an aggregate, which a split does not change)."""
    changes = {grant.grant_date}
    changes.update(e.date for e in timeline(grant) if e.date is not None)
    changes.update(event_date(e) for e in grant.events)
    for last in (grant.expiration, evaluate(grant, end).exercise_deadline):
        if last is not None and last < _dt.date.max:
            changes.add(last + _DAY)
    days = sorted(d for d in changes if start < d <= end)
    final = factor_on(grant, end) if has_splits(grant) else Fraction(1)
    shares: Fraction = Fraction(0)
    paid: Fraction = Fraction(0)
    at = start
    held, owed = _held(grant, start, final)
    for d in [*days, end + _DAY]:
        shares += held * (d - at).days
        paid += owed * (d - at).days
        if d <= end:
            at = d
            held, owed = _held(grant, d, final)
    count = (end - start).days + 1
    return shares / count, paid / count


def _held(grant: Grant, on: _dt.date, final: Fraction) -> tuple[Fraction, Fraction]:
    """Shares outstanding at the end of ``on`` in the shares of the split factor ``final``,
    and what exercising them would cost; none before the grant date."""
    if on < grant.grant_date:
        return Fraction(0), Fraction(0)
    st = evaluate(grant, on)
    strike = st.exercise_price if grant.kind.is_option else None
    owed = Fraction(st.outstanding) * Fraction(strike) if strike is not None else Fraction(0)
    if final == 1 and not has_splits(grant):
        return Fraction(st.outstanding), owed
    return Fraction(st.outstanding) * final / factor_on(grant, on), owed


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
    r = _later(grant, end)  # restated to the shares after every split (ASC 260-10-55-12)
    if net_loss or added <= 0:
        return Dilution(grant.id, shares * r, proceeds, Fraction(0), shares * r)
    return Dilution(grant.id, shares * r, proceeds, added * r, Fraction(0))
