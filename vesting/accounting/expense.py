"""Stock-based compensation expense (ASC 718) by reporting period.

Conventions:

* Service starts on the grant date. A day earns cost: a tranche's cost (fair value × its
  shares) is spread evenly over the days from the grant date up to, not including, its vest
  date; the grant date is day 1. (A tranche that vests on the grant date costs everything
  that day.)
* Attribution ``graded`` (each tranche over its own service period, FIN 28) or
  ``straight-line`` (the whole award evenly over the days from the grant date up to its last
  vest date; the cumulative cost on any date is at least the fair value of the shares vested
  by then).
* Money: the cumulative cost at each period end is rounded to cents (half up) and a period's
  expense is the difference of two rounded cumulatives, so periods always add up to the total.
* What is known when: the cumulative cost on a day is computed from the grant's events dated
  on or before that day (a leave from its start). So:

  - forfeitures as they occur (the default policy): on a termination (or a cancellation, or
    the expiration), cost already recognised for shares that are forfeited is reversed in
    that day's period; vested shares are never reversed;
  - acceleration recognises the remaining cost of the accelerated shares on its date;
  - a leave that moves vest dates (terms that toll) stretches those tranches' service from
    the leave's start: the cumulative is recomputed over the new dates (a catch-up, which may
    be negative, in that period);
  - shares whose vesting waits on an event (milestones, event conditions) cost nothing until
    they vest, and everything on the day they do: the condition is not treated as probable
    before it happens;
  - double-trigger RSUs (``settle_on``): the liquidity event is such a condition too —
    nothing is recognized before it happens; on its day, the cost earned by service so far is
    recognized at once (a catch-up), and the rest as service goes on.
* An estimated forfeiture rate (``forfeiture_rate``, annual): a tranche not yet vested is
  expected to vest with probability (1 − rate)^years, its years from the grant date to its
  vest date (years as in :mod:`vesting.accounting.years`; the power is computed to 34
  significant digits, the only rounding besides cents). The true-up is automatic: a tranche
  that vests counts in full, one that is forfeited counts nothing, from that day.
* Modifications (:mod:`vesting.accounting.modification`): each one's incremental cost is
  recognized from its date (day 1) as this module recognizes a grant's, over the options
  outstanding then; a Type III swap of cost on its date.
* Unrecognized cost on a day: the cost of every share expected to vest (vested or not, as
  known that day) less the cumulative recognized, both in cents. Its weighted-average
  remaining recognition period: each not-yet-vested tranche's unrecognized cost weighted by
  the years from the end of that day to the end of its last day of service, the day before
  it vests (straight-line: before the award's last vest date).
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from decimal import Context, Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Final, NamedTuple, Protocol

from ..allocation import Shares
from ..errors import InputError, Problem
from ..events import Entry, base_timeline, event_date
from ..model import Grant, NamedEvent
from ..money import subtract, to_cents
from ..shares import as_shares
from .years import Period, years_between

ATTRIBUTIONS: Final = ("graded", "straight-line")
_POWER: Final = Context(prec=34)
_DAY: Final = _dt.timedelta(days=1)


class PeriodExpense(NamedTuple):
    """One grant's expense in one period; money in cents. ``remaining_years``: the
    weighted-average remaining recognition period at the period's end, exact — computed for
    the last period of a run only (``None`` elsewhere, and when nothing is left)."""

    period: Period
    expense: Decimal
    cumulative: Decimal
    unrecognized: Decimal
    remaining_years: Fraction | None


class Standing(NamedTuple):
    """The exact cost recognized through a day, the cost expected in all, and the remaining
    recognition period of the difference."""

    recognized: Fraction
    expected: Fraction
    remaining_years: Fraction | None


def check(attribution: str, forfeiture_rate: Decimal | None) -> None:
    found = []
    if attribution not in ATTRIBUTIONS:
        found.append(Problem("attribution", attribution, "graded or straight-line"))
    if forfeiture_rate is not None and not (0 <= forfeiture_rate < 1):
        found.append(Problem("forfeiture_rate", forfeiture_rate, "a rate from 0 up to 100%"))
    if found:
        raise InputError(found)


@lru_cache(maxsize=4096)
def _survival(rate: Decimal, years: Fraction) -> Fraction:
    """(1 − rate)^years, to 34 significant digits."""
    if not rate or not years:
        return Fraction(1)
    base = _POWER.subtract(Decimal(1), rate)
    exponent = _POWER.divide(Decimal(years.numerator), Decimal(years.denominator))
    return Fraction(_POWER.power(base, exponent))


class _Known(NamedTuple):
    """A timeline's vesting entries laid out for quick questions: their dates in order, the
    shares vested through each (prefix sums), and over the entries from each on, their
    expected shares and expected shares per day of service (suffix sums)."""

    dates: list[_dt.date]
    vested: list[Shares]
    expected: list[Shares | Fraction]
    per_day: list[Fraction]


class Recognizer:
    """A grant's expense as known on any day (module doc), with the timelines it needs kept
    per set of known events, each laid out once (:class:`_Known`), so a day costs a binary
    search and a few exact operations."""

    def __init__(
        self,
        grant: Grant,
        fair_value: Decimal | Fraction,
        attribution: str = "graded",
        forfeiture_rate: Decimal | None = None,
        *,
        start: _dt.date | None = None,
        lump: Shares | Fraction = 0,
    ) -> None:
        """``start``: the first day of service (default the grant date; a modification's
        incremental cost: its date, counting only the tranches vesting on or after it);
        ``lump``: shares (as granted) counted as vesting on ``start`` besides the timeline's
        (the options already vested then)."""
        check(attribution, forfeiture_rate)
        self.grant = grant
        self.start = grant.grant_date if start is None else start
        self.since = start
        self.lump = lump
        self.each = Fraction(fair_value)
        self.attribution = attribution
        self.rate = forfeiture_rate
        self.dates = [event_date(e) for e in grant.events]
        self.settle_on = grant.terms.settle_on
        self._known: dict[tuple[int, ...], _Known] = {}

    def _known_by(self, on: _dt.date) -> tuple[int, ...]:
        """The indexes of the grant's events dated on or before ``on``."""
        return tuple(i for i, d in enumerate(self.dates) if d <= on)

    def entries(self, on: _dt.date, known: tuple[int, ...] | None = None) -> tuple[Entry, ...]:
        """The grant's timeline from the events dated on or before ``on`` (``known``: their
        indexes, when already worked out)."""
        if known is None:
            known = self._known_by(on)
        if len(known) == len(self.dates):
            return base_timeline(self.grant)
        events = tuple(self.grant.events[i] for i in known)
        return base_timeline(replace(self.grant, events=events))

    def _layout(self, on: _dt.date) -> _Known:
        key = self._known_by(on)
        hit = self._known.get(key)
        if hit is None:
            g = self.start
            since = self.since
            vests: list[tuple[_dt.date, Shares | Fraction]] = sorted(
                (e.date, e.shares)
                for e in self.entries(on, key)
                if e.vests and e.date is not None and (since is None or e.date >= since)
            )
            if self.lump:
                vests.insert(0, (g, self.lump))
            dates = [d for d, _ in vests]
            vested: list[Shares] = [0]
            for _, n in vests:
                vested.append(as_shares(vested[-1] + n))
            expected: list[Shares | Fraction] = [0] * (len(vests) + 1)
            per_day = [Fraction(0)] * (len(vests) + 1)
            for i in range(len(vests) - 1, -1, -1):
                when, n = vests[i]
                weight: Shares | Fraction = n
                if self.rate:
                    weight = n * _survival(self.rate, years_between(g, when))
                expected[i] = expected[i + 1] + weight
                span = (when - g).days
                per_day[i] = per_day[i + 1] + (Fraction(weight) / span if span > 0 else 0)
            hit = _Known(dates, vested, expected, per_day)
            self._known[key] = hit
        return hit

    def standing(self, on: _dt.date, remaining: bool = True) -> Standing:
        """Cost recognized through the end of ``on`` (exact), and in all (module doc); with
        ``remaining``, the weighted-average remaining recognition period too."""
        g = self.start
        if on < g:
            return Standing(Fraction(0), Fraction(0), None)
        k = self._layout(on)
        at = bisect_right(k.dates, on)  # entries before ``at`` have vested by ``on``
        vested = k.vested[at]
        expected = vested + k.expected[at]
        each = self.each
        if self.settle_on is not None and not any(
            isinstance(e, NamedEvent) and e.name == self.settle_on and e.date <= on
            for e in self.grant.events
        ):
            return Standing(Fraction(0), each * expected, None)  # the liquidity event: not yet
        if at == len(k.dates):
            return Standing(each * vested, each * expected, None)
        elapsed = (on - g).days + 1  # below every future tranche's span: no cap needed
        recognized: Shares | Fraction
        if self.attribution == "graded":
            recognized = vested + elapsed * k.per_day[at]
        else:
            span = (k.dates[-1] - g).days
            recognized = max(expected * Fraction(min(elapsed, span), span), vested)
        years = self._remaining(k, at, on, elapsed) if remaining else None
        return Standing(each * recognized, each * expected, years)

    def _remaining(self, k: _Known, at: int, on: _dt.date, elapsed: int) -> Fraction | None:
        """The weighted-average remaining recognition period (module doc)."""
        g = self.start
        if self.attribution != "graded":
            return years_between(on, k.dates[-1] - _DAY)
        weight = weighted = Fraction(0)
        for i in range(at, len(k.dates)):
            when = k.dates[i]
            share = k.expected[i] - k.expected[i + 1]
            left = share * (1 - Fraction(elapsed, (when - g).days))
            weight += left
            weighted += left * years_between(on, when - _DAY)
        return weighted / weight if weight else None

    def by_period(self, periods: Sequence[Period]) -> list[PeriodExpense]:
        """The expense of each period (:func:`by_period`)."""
        return by_period(self.standing, periods)


class Standings(Protocol):
    """What :func:`by_period` asks: the standing on a day."""

    def __call__(self, on: _dt.date, remaining: bool = True) -> Standing: ...


def by_period(standing: Standings, periods: Sequence[Period]) -> list[PeriodExpense]:
    """The expense of each period (contiguous, in order) from the standing on each period's
    last day; the remaining recognition period on the last one only (the figure disclosed as
    of the end of the range)."""
    out: list[PeriodExpense] = []
    if not periods:
        return out
    before = to_cents(standing(periods[0].start - _DAY, remaining=False).recognized)
    last = len(periods) - 1
    for i, p in enumerate(periods):
        s = standing(p.end, remaining=i == last)
        cumulative = to_cents(s.recognized)
        unrecognized = subtract(to_cents(s.expected), cumulative)
        out.append(
            PeriodExpense(
                p,
                subtract(cumulative, before),
                cumulative,
                unrecognized,
                s.remaining_years if unrecognized else None,
            )
        )
        before = cumulative
    return out


def expense(
    grant: Grant,
    fair_value: Decimal,
    periods: Sequence[Period],
    attribution: str = "graded",
    forfeiture_rate: Decimal | None = None,
) -> list[PeriodExpense]:
    """``grant``'s expense in each of ``periods`` at ``fair_value`` a share (module doc)."""
    return Recognizer(grant, fair_value, attribution, forfeiture_rate).by_period(periods)
