"""What a modification costs (ASC 718-20-35-3): its incremental fair value, and how ``expense``
books it.

Rules:

* **Incremental fair value** = the fair value of the modified award − the fair value of the
  original award immediately before, both measured on the modification date with that date's
  inputs (the modification's ``price``, ``volatility``, ``risk_free_rate``, ``dividend_yield``,
  ``expected_term``; the volatility, rate, yield and term default to the grant's own inputs, the
  file's defaults included — never the grant-date price). Options: Black–Scholes
  (:mod:`vesting.accounting.fairvalue`) at the exercise price and expiration in force before
  and after the modification; RSUs: the price (less the dividends expected before the remaining
  vesting). ``expected_term`` ``sab107``: (the remaining weighted vesting term of the options
  outstanding, vested ones 0 + the remaining contractual term) / 2, each award with its own
  last day of exercise on the modification date — its expiration, or after a termination the
  end of its post-termination window (so extending a departing holder's window lengthens the
  modified award's term: ``(0 + 1 year) / 2`` for a 12-month window against ``(0 + 3
  months) / 2``); ``expected_term_before`` when the original's differs. Values may be given
  instead: the modification's ``fair_value`` (after) and ``fair_value_before``. Never below
  zero: a modification that lowers the fair value adds nothing.
* **Which options**: those outstanding on the modification date — vested and exercisable the
  day before, and those still to vest.
* **Probable-to-probable (Type I)**: the original grant-date cost goes on as before; the
  incremental cost of the options vested on the modification date is recognized that day, that
  of the unvested ones over their remaining service from the modification date (day 1) to
  each tranche's vest date (graded), or to the last vest date (straight-line) — with
  forfeitures as they occur, like the original cost.
* **Improbable-to-probable (Type III)**: options the modification accelerates that the
  termination would otherwise forfeit. Their original cost is reversed and their fair value on
  the modification date (the modified award's) is recognized instead, that day.
* Share counts are in the shares of the modification date; the cost is split-invariant (per
  share as granted inside :mod:`vesting.accounting.expense`). Money: fair values per share to 4
  places, costs to cents.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from ..allocation import Shares
from ..errors import MISSING, InputError, Problem
from ..events import base_timeline, exercise_deadline
from ..exercises import sums
from ..inforce import factor_on, in_force, modifications_of, whole
from ..model import SAB107, Grant, Kind, Modification, Pricing, Termination
from ..money import to_cents
from ..status import evaluate
from .expense import PeriodExpense, Recognizer, Standing, by_period
from .fairvalue import black_scholes, discounted_price, round_term
from .years import Period, years_between

_DAY = _dt.timedelta(days=1)


class ModificationValue(NamedTuple):
    """One modification's fair values and cost (module doc)."""

    grant_id: str
    date: _dt.date
    kind: str
    """``repricing`` or ``modification``."""
    type: str
    """``I`` (probable to probable), ``III`` (improbable to probable) or ``I, III``."""
    method: str
    """``black-scholes``, ``price`` (RSUs) or ``given``."""
    inputs: Pricing
    exercise_price_before: Decimal | None
    exercise_price: Decimal | None
    expected_term_before: Decimal | None
    expected_term: Decimal | None
    shares: Shares
    """Options outstanding on the modification date (in its shares)."""
    improbable: Shares
    """Of them, those accelerated from forfeiture (Type III)."""
    before: Decimal
    """Fair value of one share of the original award immediately before."""
    after: Decimal
    """Fair value of one share of the modified award."""
    incremental: Decimal
    """``max(0, after − before)`` per share."""
    cost: Decimal
    """Incremental cost in cents: incremental × the Type I shares + after × the Type III
    shares."""


class _Outstanding(NamedTuple):
    """Options outstanding on a date, in shares as granted: vested ones, and the tranches
    still to vest (date, shares)."""

    vested: Shares | Fraction
    tranches: tuple[tuple[_dt.date, Shares], ...]

    @property
    def total(self) -> Shares | Fraction:
        return self.vested + sum((n for _, n in self.tranches), 0)


def _without(grant: Grant, m: Modification) -> Grant:
    return replace(grant, events=tuple(e for e in grant.events if e is not m))


def _outstanding(grant: Grant, on: _dt.date) -> _Outstanding:
    """What is outstanding on ``on``: exercisable (or, RSUs, vested) the day before, and the
    tranches vesting on or after it (shares as granted)."""
    day_before = on - _DAY
    if day_before < grant.grant_date:  # on the grant date: what vested before it (a vesting
        # start earlier than the grant), nothing exercised yet
        vested: Shares | Fraction = sum(
            (e.shares for e in base_timeline(grant) if e.vests and e.date and e.date < on), 0
        )
    else:
        s = evaluate(grant, day_before)
        held = s.exercisable if grant.kind.is_option else s.unsettled
        vested = whole(Fraction(held) / factor_on(grant, day_before))
    later = tuple(
        (e.date, e.shares)
        for e in base_timeline(grant)
        if e.vests and e.date is not None and e.date >= on and e.shares
    )
    return _Outstanding(vested, later)


def _sab107(grant: Grant, on: _dt.date, out: _Outstanding, last: _dt.date | None) -> Decimal:
    """SAB 107's simplified term on ``on`` (module doc); ``last`` the award's last day of
    exercise then (a window of 0 ends the day before a termination: no term left)."""
    total = Fraction(out.total)
    weighted = sum((Fraction(n) * years_between(on, d) for d, n in out.tranches), Fraction(0))
    vesting = weighted / total if total else Fraction(0)
    if last is None:
        raise InputError([Problem("expiration", MISSING, "an expiration (SAB 107)")])
    return round_term((vesting + years_between(on, max(on, last))) / 2)


def _need(m: Modification, p: Pricing, names: tuple[str, ...]) -> None:
    """Each input the valuation needs and neither the modification nor the grant gives: one
    problem each, named by the event's field and saying where it may be given."""
    missing = [n for n in names if getattr(p, n) is None]
    if not missing:
        return
    found = []
    for n in missing:
        if n == "price":
            what = (
                "the share price on the modification date: give price on the event (a "
                "what-if repricing: its third part, DATE:PRICE:SHARE_PRICE)"
            )
        else:
            what = f"the {n.replace('_', ' ')}: give {n} on the event, or the grant's own"
        found.append(
            Problem(
                (m.kind, n),
                MISSING,
                f"{what} (needed for the incremental cost of the {m.kind} on {m.date}; or give "
                "fair_value and fair_value_before)",
            )
        )
    raise InputError(found)


def _inputs(grant: Grant, m: Modification) -> Pricing:
    """The modification's inputs over the grant's own (its volatility, rate, yield and term;
    never the grant-date price or fair value)."""
    base = grant.pricing
    own = m.inputs or Pricing()
    if base is None:
        return own
    return own.over(replace(base, price=None, fair_value=None))


def value_of(grant: Grant, m: Modification) -> ModificationValue:
    """One modification's fair values and cost (module doc)."""
    p = _inputs(grant, m)
    original = _without(grant, m)
    was, now = in_force(original, m.date), in_force(grant, m.date)
    before_out, after_out = _outstanding(original, m.date), _outstanding(grant, m.date)
    f = factor_on(grant, m.date)
    improbable = _improbable(grant, original, m)
    shares = whole(after_out.total * f)

    def value(strike: Decimal | None, term: Decimal) -> Decimal:
        assert p.price is not None and p.risk_free_rate is not None
        assert p.dividend_yield is not None and p.volatility is not None
        if grant.kind is Kind.RSU:
            return (
                discounted_price(p.price, p.dividend_yield, term) if p.dividend_yield else p.price
            )
        assert strike is not None
        return black_scholes(
            p.price, strike, term, p.risk_free_rate, p.dividend_yield, p.volatility
        )

    def term_of(given: Decimal | str | None, out: _Outstanding, award: Grant) -> Decimal:
        if grant.kind is Kind.RSU:
            total = Fraction(out.total)
            weighted = sum((Fraction(n) * years_between(m.date, d) for d, n in out.tranches), 0)
            return round_term(Fraction(weighted) / total if total else Fraction(0))
        if given == SAB107:  # to the award's last day of exercise (module doc)
            return _sab107(grant, m.date, out, exercise_deadline(award, m.date))
        assert isinstance(given, Decimal)
        return given

    needed: tuple[str, ...] = (
        ("price",)
        if grant.kind is Kind.RSU
        else ("price", "volatility", "risk_free_rate", "dividend_yield", "expected_term")
    )
    given_after = m.inputs.fair_value if m.inputs is not None else None
    given_before = m.fair_value_before
    term_before = term_after = None
    if given_after is None or given_before is None:
        if grant.kind is Kind.RSU:
            needed = ("price", "dividend_yield") if p.dividend_yield else ("price",)
        _need(m, p, needed)
    if given_after is not None:
        after = given_after
    else:
        term_after = term_of(p.expected_term, after_out, grant)
        after = value(now.exercise_price, term_after)
    if given_before is not None:
        before = given_before
    else:
        term_before = term_of(
            m.expected_term_before if m.expected_term_before is not None else p.expected_term,
            before_out,
            original,
        )
        before = value(was.exercise_price, term_before)
    incremental = max(Decimal(0), after - before)
    probable = Fraction(after_out.total) - improbable
    cost = to_cents(
        Fraction(incremental) * probable * f + Fraction(after) * Fraction(improbable) * f
    )
    kind = "I" if not improbable else ("III" if not probable else "I, III")
    method = "given" if given_after is not None else (
        "price" if grant.kind is Kind.RSU else "black-scholes"
    )  # fmt: skip
    return ModificationValue(
        grant.id, m.date, m.kind, kind, method, p, was.exercise_price, now.exercise_price,
        term_before, term_after, shares, whole(Fraction(improbable) * f), before, after,
        incremental, cost,
    )  # fmt: skip


def _improbable(grant: Grant, original: Grant, m: Modification) -> Shares | Fraction:
    """Shares as granted that ``m`` accelerates and the termination would otherwise forfeit:
    what the grant without ``m`` forfeits beyond what the grant forfeits (Type III)."""
    if m.accelerate is None or not any(isinstance(e, Termination) for e in grant.events):
        return 0
    end = _dt.date.max
    lost = sums(base_timeline(original), end)[1] - sums(base_timeline(grant), end)[1]
    return max(lost, 0)


def values(grant: Grant) -> tuple[ModificationValue, ...]:
    """Every modification of the grant, valued (in date order)."""
    return tuple(value_of(grant, m) for m in modifications_of(grant))


class Modified:
    """A grant's expense with its modifications: the original cost (a
    :class:`~vesting.accounting.expense.Recognizer` at the grant-date fair value), each
    modification's incremental cost recognized from its date (a recognizer starting then,
    over the options outstanding on it), and each Type III swap of original cost for the
    modified fair value on its date (module doc)."""

    def __init__(
        self,
        grant: Grant,
        fair_value: Decimal,
        attribution: str = "graded",
        forfeiture_rate: Decimal | None = None,
    ) -> None:
        self.original = Recognizer(grant, fair_value, attribution, forfeiture_rate)
        self.parts: list[Recognizer] = []
        self.swaps: list[tuple[_dt.date, Fraction]] = []
        each = Fraction(fair_value)
        for m in modifications_of(grant):
            v = value_of(grant, m)
            f = factor_on(grant, m.date)
            out = _outstanding(grant, m.date)
            improbable = Fraction(v.improbable) / f
            if v.incremental:
                per = Fraction(v.incremental) * f  # per share as granted
                lump = Fraction(out.vested) - improbable
                self.parts.append(
                    Recognizer(grant, per, attribution, forfeiture_rate, start=m.date, lump=lump)
                )
            if improbable:
                self.swaps.append((m.date, improbable * (Fraction(v.after) * f - each)))

    def standing(self, on: _dt.date, remaining: bool = True) -> Standing:
        parts = [self.original.standing(on, remaining)]
        parts.extend(r.standing(on, remaining) for r in self.parts)
        recognized = sum((s.recognized for s in parts), Fraction(0))
        expected = sum((s.expected for s in parts), Fraction(0))
        for day, amount in self.swaps:
            if on >= day:
                recognized += amount
                expected += amount
        weight = weighted = Fraction(0)
        for s in parts:
            if s.remaining_years is not None:
                left = s.expected - s.recognized
                weight += left
                weighted += left * s.remaining_years
        years = weighted / weight if remaining and weight else None
        return Standing(recognized, expected, years)

    def by_period(self, periods: Sequence[Period]) -> list[PeriodExpense]:
        return by_period(self.standing, periods)


def recognizer(
    grant: Grant,
    fair_value: Decimal,
    attribution: str = "graded",
    forfeiture_rate: Decimal | None = None,
) -> Recognizer | Modified:
    """The grant's expense recognizer: with its modifications when it has any."""
    if grant.events and modifications_of(grant):
        return Modified(grant, fair_value, attribution, forfeiture_rate)
    return Recognizer(grant, fair_value, attribution, forfeiture_rate)
