"""The disclosure tables of ASC 718-10-50-2 for a period: the options rollforward, the
nonvested shares and the period's figures — one grant's part of each (:func:`disclose`); the
``disclose`` command adds them up.

Rules:

* **Start and end.** The start is the end of the day before the period's first day, the end
  the end of its last day. A grant granted in the period starts at nothing and is *granted*
  in full; one granted after the period is left out.
* **The shares of the period's end.** Every quantity is in the shares of the last day: when a
  stock split falls in the period, the start is restated in post-split shares (each position
  of :mod:`vesting.inforce` rounded once at the end's split factor:
  ``vesting.evaluate(grant, on, shares_of=end)``), with its exercise prices (divided by the
  ratio of each such split, rounded up to the cent, as the split does) and grant-date fair
  values per share (divided by the factor, exactly) — a split restates the periods before it.
  Shares a split's ``tranche`` rounding cancels in the period count as forfeited.
* **Options** (ISO, NSO), from their :class:`~vesting.status.Status` at the start and at the
  end: ``exercised``, ``forfeited`` (unvested options that can no longer vest: a termination,
  a cancellation, the expiration) and ``expired`` (vested options that lapsed unexercised:
  past the exercise deadline, or taken by a cancellation) are the changes of the status
  quantities over the period; ``outstanding`` is the status's (exercisable + unvested not
  exercised early). Options exercised early are exercised when bought; after a termination,
  while the company's repurchase is pending and once it is made, those shares are stock, not
  options, so they are never forfeited options too.
* **The identity** ``start + granted − exercised − forfeited − expired = end`` (shares) holds
  for each grant on both tables (nonvested: ``vested`` in place of exercised, nothing
  expires); :func:`disclose` checks it, and an :class:`IdentityError` is a bug, never bad
  input.
* **Exercise prices** (weighted by shares): the start row's is the price in force at the
  start; the granted row's, on the grant date; the exercised row's, on each exercise date
  (cash received ÷ shares exercised); every other row's, at the end (a repricing in the period
  is not shown as a cancellation and a new grant). **Remaining contractual term**: years
  (:func:`~vesting.accounting.years.years_between`) from the end to the exercise deadline in
  force then (the expiration, or the end of a post-termination window). **Aggregate intrinsic
  value**: max(0, P − K) × shares at the end's price P.
* **Vested and expected to vest**: the exercisable options, plus the unvested options
  outstanding that vest by time, each tranche counted (1 − rate)^t at the annual forfeiture
  rate, t the years from the end to its vest date (no rate: all of them); shares waiting on an
  event are not expected to vest (as ``expense``, which does not treat the condition as
  probable before it happens). The tranches are those of the grant's events known at the end.
* **Nonvested shares**: the RSUs' unvested units (and, when asked, the options' unvested
  shares); ``vested``: units that vested in the period (a double-trigger unit that later
  lapsed unsettled had vested); ``forfeited``: unvested units forfeited (an option's unvested,
  early-exercised shares bought back count too); each at the grant's grant-date fair value per
  share (:func:`~vesting.accounting.fairvalue.fair_value`, the original award's).
* **The period's figures**: options granted with their weighted-average grant-date fair
  value; the intrinsic value of the options exercised, max(0, P − K) × shares at each exercise
  date's price and exercise price (unknown without a price for each date); the cash received
  from exercises (shares × exercise price); the total fair value of the shares that vested
  (options and RSUs: vested × grant-date fair value); the compensation cost recognized in the
  period and the cost not yet recognized at its end, with its remaining period — the figures
  of ``expense`` (:mod:`vesting.accounting.expense`), in cents per grant.
* Exact: every figure here is an exact ``Fraction`` (money in cents where ``expense`` gives
  it); the command rounds once for display.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace
from decimal import Context, Decimal
from fractions import Fraction
from typing import Final, NamedTuple

from ..allocation import Shares
from ..errors import InputError, Problem
from ..eventrules import event_date
from ..events import Mark, base_timeline
from ..inforce import exercise_price_on, factor_on, rounded, splits_of, whole
from ..model import Exercise, Grant, Pricing
from ..status import Status, evaluate
from ..valuation import PriceTable, missing_price
from .expense import check
from .fairvalue import fair_value
from .modification import recognizer
from .years import Period, years_between

_DAY: Final = _dt.timedelta(days=1)
_POWER: Final = Context(prec=34)

OPTION_ROWS: Final = (
    "outstanding_start",
    "granted",
    "exercised",
    "forfeited",
    "expired",
    "outstanding_end",
    "vested_and_expected_end",
    "exercisable_end",
)
NONVESTED_ROWS: Final = ("nonvested_start", "granted", "vested", "forfeited", "nonvested_end")
PERIOD_ROWS: Final = (
    "options_granted",
    "intrinsic_value_exercised",
    "cash_received",
    "fair_value_vested",
    "compensation_cost",
    "unrecognized_cost",
)
TABLES: Final = (("options", OPTION_ROWS), ("nonvested", NONVESTED_ROWS), ("period", PERIOD_ROWS))
"""Every table and its rows, in order."""


class IdentityError(AssertionError):
    """A rollforward that does not add up: an internal error (a bug), never bad input."""


class Line(NamedTuple):
    """One row's figures, exact, summed over grants: ``shares``, and the sums its averages
    and values come from — shares × exercise price (``price``), × remaining contractual years
    (``term``), × intrinsic value a share (``intrinsic``), × grant-date fair value
    (``fair``); a money ``amount`` (period rows; ``known`` False when it cannot be known);
    and, for the unrecognized cost, the part with a remaining period (``timed``) and that
    cost × its years (``years``)."""

    shares: Fraction = Fraction(0)
    price: Fraction = Fraction(0)
    term: Fraction = Fraction(0)
    intrinsic: Fraction = Fraction(0)
    fair: Fraction = Fraction(0)
    amount: Fraction = Fraction(0)
    known: bool = True
    timed: Fraction = Fraction(0)
    years: Fraction = Fraction(0)


def _sum(x: Fraction, y: Fraction) -> Fraction:
    return x + y if y else x  # most figures of most lines are zero: not added


def plus(a: Line, b: Line) -> Line:
    """The sum of two lines."""
    return Line(
        _sum(a.shares, b.shares),
        _sum(a.price, b.price),
        _sum(a.term, b.term),
        _sum(a.intrinsic, b.intrinsic),
        _sum(a.fair, b.fair),
        _sum(a.amount, b.amount),
        a.known and b.known,
        _sum(a.timed, b.timed),
        _sum(a.years, b.years),
    )


class Disclosure(NamedTuple):
    """One grant's part of the tables: ``(table, row, Line)`` for each row it adds to;
    ``restated``: a split in the period restated its start; ``unpriced``: it was exercised in
    the period and no price was given for the exercise dates."""

    grant_id: str
    lines: tuple[tuple[str, str, Line], ...]
    restated: bool = False
    unpriced: bool = False


class _At(NamedTuple):
    """What the tables read of a grant's status on one day (module doc)."""

    granted: Shares
    outstanding: Shares
    exercised: Shares
    expired: Shares
    forfeited: Shares
    """Options forfeited: never early-exercised shares (they were bought)."""
    exercisable: Shares
    unvested: Shares
    vested: Shares
    """Every share that vested, RSU units that lapsed or were cancelled after vesting too."""
    lost: Shares
    """Unvested shares forfeited (an option's early-exercised ones bought back too)."""
    price: Decimal | None
    deadline: _dt.date | None
    early: Shares
    """Exercised early, not yet vested (nor bought back)."""
    pending: Shares


def check_period(start: _dt.date, end: _dt.date) -> None:
    if end < start:
        raise InputError([Problem("to", end.isoformat(), f"a date on or after {start}")])


def check_price(price: Decimal, on: _dt.date, what: str) -> None:
    """A share price an intrinsic value is measured at must be above zero."""
    if not price > 0:
        allowed = f"a share price above zero, for {what} ({on})"
        raise InputError([Problem("price", format(price, "f"), allowed)])


def price_at(prices: PriceTable, on: _dt.date, what: str) -> Decimal:
    """The price ``prices`` gives for ``on`` (the last on or before it), which must exist and
    be above zero; ``what`` says why it is needed."""
    first = prices.points[0][0]
    if first > on:
        allowed = f"a price on or before {on}, {what} (the first is on {first})"
        raise InputError([Problem("prices", prices.name, allowed)])
    price = prices.price_on(on)
    if not price > 0:
        allowed = f"a share price above zero for {on}, {what} (it gives {price})"
        raise InputError([Problem("prices", prices.name, allowed)])
    return price


def _at(grant: Grant, s: Status, on: _dt.date, unit: _dt.date) -> _At:
    early = s.subject_to_repurchase
    gone = 0 if grant.kind.is_option else _gone(grant, s, on, unit)
    return _At(
        s.granted,
        s.outstanding,
        s.exercised,
        s.expired,
        s.forfeited - max(0, early - s.unvested),
        s.exercisable,
        s.unvested,
        s.vested + gone,
        s.forfeited + s.repurchased - gone,
        s.exercise_price,
        s.exercise_deadline,
        early,
        s.pending,
    )


def _gone(grant: Grant, s: Status, on: _dt.date, unit: _dt.date) -> Shares:
    """Vested RSU units that lapsed unsettled or were cancelled by ``on`` (in the status they
    are forfeited, no longer vested), in the shares of ``unit``."""
    if not grant.events and grant.terms.settle_on is None:
        return 0
    gone: Shares | Fraction = sum(
        (
            e.shares
            for e in base_timeline(grant)
            if e.date is not None and e.date <= on and e.mark in (Mark.LAPSED, Mark.CANCELLED)
        ),
        0,
    )
    if not gone:
        return 0
    factor = factor_on(grant, unit)
    if factor != 1:
        gone = rounded(factor * Fraction(gone), grant.terms.split_rounding)
    return whole(min(Fraction(gone), Fraction(s.forfeited)))


def _survival(rate: Decimal, years: Fraction) -> Fraction:
    """(1 − rate)^years, to 34 significant digits (as :mod:`vesting.accounting.expense`)."""
    if not rate or not years:
        return Fraction(1)
    base = _POWER.subtract(Decimal(1), rate)
    exponent = _POWER.divide(Decimal(years.numerator), Decimal(years.denominator))
    return Fraction(_POWER.power(base, exponent))


def expected_share(grant: Grant, end: _dt.date, rate: Decimal | None, early: Shares) -> Fraction:
    """The part of a grant's unvested, time-vesting options outstanding at ``end`` expected
    to vest: the tranches after ``end`` (the grant's events known at ``end``; the first
    ``early`` shares, exercised early, left out), each weighted by its shares and
    (1 − rate)^years to its vest date (module doc)."""
    if not rate:
        return Fraction(1)
    known = grant
    if any(event_date(e) > end for e in grant.events):
        known = replace(grant, events=tuple(e for e in grant.events if event_date(e) <= end))
    skip = Fraction(early) / factor_on(grant, end)  # in shares as granted
    weight = weighted = Fraction(0)
    for e in base_timeline(known):
        if not (e.vests and e.date is not None and e.date > end and not e.milestone):
            continue
        n = Fraction(e.shares)
        taken = min(n, skip)
        skip -= taken
        n -= taken
        if n:
            weight += n
            weighted += n * _survival(rate, years_between(end, e.date))
    return weighted / weight if weight else Fraction(1)


def _line(
    shares: Shares | Fraction,
    price: Decimal | None = None,
    term: Fraction = Fraction(0),
    spread: Fraction = Fraction(0),
    fair: Fraction = Fraction(0),
) -> Line:
    """A line of ``shares`` at exercise ``price``, remaining ``term`` (years), intrinsic
    ``spread`` and grant-date ``fair`` value, each a share."""
    n = Fraction(shares)
    k = n * Fraction(price) if price is not None else Fraction(0)
    return Line(n, k, n * term, n * spread, n * fair)


def _identity(
    grant: Grant, table: str, opening: Shares, flows: tuple[Shares, ...], end: Shares
) -> None:
    """``opening + granted − the other flows = end``, or an :class:`IdentityError`."""
    granted, *out = flows
    if opening + granted - sum(out) != end:
        raise IdentityError(
            f"internal error: grant {grant.id!r}, {table}: {opening} + {granted} − "
            f"{' − '.join(str(n) for n in out)} ≠ {end}"
        )


def _options(
    grant: Grant,
    period: tuple[_dt.date, _dt.date],
    price: Decimal,
    prices: PriceTable | None,
    rate: Decimal | None,
    first: _At,
    last: _At,
    new: bool,
    dropped: Shares,
) -> tuple[list[tuple[str, str, Line]], bool]:
    """An option grant's rows of the options table and its exercises' period figures;
    whether it was exercised in the period without a price for the date."""
    start, end = period
    opening = 0 if new else first.outstanding
    granted = first.granted if new else 0
    exercised = last.exercised - first.exercised
    forfeited = last.forfeited - first.forfeited + dropped
    expired = last.expired - first.expired
    flows = (granted, exercised, forfeited, expired)
    _identity(grant, "options", opening, flows, last.outstanding)
    cash = intrinsic = Fraction(0)
    unpriced = False
    for e in grant.events:
        if type(e) is Exercise and start <= e.date <= end:
            k = exercise_price_on(grant, e.date)
            assert k is not None  # an option's, checked above
            cash += e.shares * Fraction(k)
            if prices is None:
                unpriced = True
                continue
            p = price_at(prices, e.date, "the date of an exercise")
            intrinsic += e.shares * max(Fraction(0), Fraction(p) - Fraction(k))
    k_end = last.price
    assert k_end is not None
    term = years_between(end, last.deadline) if last.deadline is not None else Fraction(0)
    spread = max(Fraction(0), Fraction(price) - Fraction(k_end))
    unvested = max(last.unvested - last.early - last.pending, 0)
    expected = last.exercisable + unvested * expected_share(grant, end, rate, last.early)
    out = [
        ("options", "outstanding_start", _line(opening, first.price)),
        ("options", "granted", _line(granted, first.price)),
        ("options", "exercised", Line(Fraction(exercised), cash)),
        ("options", "forfeited", _line(forfeited, k_end)),
        ("options", "expired", _line(expired, k_end)),
        *(
            ("options", row, _line(n, k_end, term, spread))
            for row, n in (
                ("outstanding_end", last.outstanding),
                ("vested_and_expected_end", expected),
                ("exercisable_end", last.exercisable),
            )
        ),
        ("period", "intrinsic_value_exercised", Line(amount=intrinsic, known=not unpriced)),
        ("period", "cash_received", Line(amount=cash)),
    ]
    return out, unpriced


def disclose(
    grant: Grant,
    start: _dt.date,
    end: _dt.date,
    price: Decimal,
    prices: PriceTable | None = None,
    *,
    pricing: Pricing | None = None,
    attribution: str = "graded",
    forfeiture_rate: Decimal | None = None,
) -> Disclosure:
    """``grant``'s part of the disclosure tables of the period ``start``..``end`` (module
    doc), intrinsic values at ``price`` at the end; ``prices`` (a table): the price on each
    exercise date too; ``pricing``, ``attribution``, ``forfeiture_rate`` as for ``expense``."""
    check_period(start, end)
    check(attribution, forfeiture_rate)
    check_price(price, end, "the end of the period")
    if grant.grant_date > end:
        return Disclosure(grant.id, ())
    option = grant.kind.is_option
    if option and grant.exercise_price is None:
        raise InputError([missing_price(grant)])
    each = fair_value(grant, pricing).per_share
    assert each is not None  # one value a share (no per-tranche valuation here)
    fv = Fraction(each) / factor_on(grant, end)  # a share of the end
    new = grant.grant_date >= start
    last = _at(grant, evaluate(grant, end), end, end)
    if new:
        at_grant_date = evaluate(grant, grant.grant_date, end)
        g0 = at_grant_date.granted
        k0 = at_grant_date.exercise_price
        first = _At(g0, g0 if option else 0, 0, 0, 0, 0, g0, 0, 0, k0, None, 0, 0)
    else:
        first = _at(grant, evaluate(grant, start - _DAY, end), start - _DAY, end)
    granted = first.granted if new else 0
    dropped = first.granted - last.granted  # cancelled by a split's tranche rounding
    lines: list[tuple[str, str, Line]] = []
    add = lines.append
    # nonvested shares: checked for every grant, listed for RSUs (options when asked: the
    # command chooses)
    opening = 0 if new else first.unvested
    vested = last.vested - first.vested
    lost = last.lost - first.lost + dropped
    _identity(grant, "nonvested", opening, (granted, vested, lost), last.unvested)
    nonvested = (opening, granted, vested, lost, last.unvested)
    for row, n in zip(NONVESTED_ROWS, nonvested, strict=True):
        add(("nonvested", row, _line(n, fair=fv)))
    unpriced = False
    if option:
        rows, unpriced = _options(
            grant, (start, end), price, prices, forfeiture_rate, first, last, new, dropped
        )
        lines.extend(rows)
    if option and new:
        add(("period", "options_granted", _line(granted, fair=fv)))
    add(("period", "fair_value_vested", Line(amount=vested * fv)))
    (cost,) = recognizer(grant, each, attribution, forfeiture_rate).by_period(
        (Period("", start, end),)
    )
    add(("period", "compensation_cost", Line(amount=Fraction(cost.expense))))
    left = Fraction(cost.unrecognized)
    years = cost.remaining_years
    if years is not None and left:
        add(("period", "unrecognized_cost", Line(amount=left, timed=left, years=left * years)))
    else:
        add(("period", "unrecognized_cost", Line(amount=left)))
    restated = any(start <= s.date <= end for s in splits_of(grant)) and not new
    return Disclosure(grant.id, tuple(lines), restated, unpriced)
