"""The terms in force on a date: the one place that says what a grant's exercise price,
expiration, exercise windows and share units are on a given day, after the stock splits
(:class:`~vesting.model.StockSplit`) and modifications (:class:`~vesting.model.Modification`)
recorded up to then. Status, value, tax, expense and the OCF export all ask here; none
re-derives it.

Modifications — the rules: from its date a modification's exercise price (a repricing, in the
shares of that date; later splits adjust it), expiration (an extension) and exercise windows
(reasons it names; the others keep theirs) are in force; before it, the grant's own. Nothing
vests after the expiration in force at the end (the last modification's). An acceleration
agreed in a modification vests its shares on the modification's date, like any single-trigger
acceleration (:mod:`vesting.events`). The exercise deadline on a date uses the expiration and
windows in force that day (:func:`vesting.eventrules.exercise_deadline`).

Stock splits — the rules:

* **Dates.** A split takes effect at the start of its date: before it nothing changes; on and
  after it every quantity of the grant is in post-split shares — its vesting, and the share
  counts of events dated on or after it (an exercise, a cancellation, an acceleration of so many
  shares). Several splits compound: the *factor* on a date is the product of the ratios of the
  splits dated on or before it.
* **Rounding** (the terms' ``split_rounding``):

  - ``down`` (the default) rounds *once per grant*: every quantity on a date is the
    corresponding pre-split quantity times the factor, rounded down, measured as a position on
    one line of the grant's shares (below). With no other events the grant becomes
    ``floor(N × factor)`` shares and the cumulative vested on every later date is
    ``floor(factor × pre-split cumulative)``: no tranche goes negative and the last date vests
    the whole post-split grant;
  - ``nearest``: the same, rounded half up (300,000 options in a 1-for-11 reverse split become
    27,273);
  - ``tranche``: each time-based tranche dated on or after the split is multiplied and rounded
    down on its own (its lost fraction cancelled then); what vested before the split, and
    event-gated shares, are rounded down as one, as with ``down``.

* **How each quantity is carried** (so that every identity of :mod:`vesting.status` holds
  after a split). Lay the grant's shares on one line: vested shares from the left (the
  exercised ones first, then the rest, vested options a cancellation took last), forfeited
  shares from the right, pending event-gated shares just left of the forfeited ones. A
  quantity after the split is the difference of two rounded positions: vested =
  ``R(f·V)``, exercised = ``R(f·X)``, forfeited = ``R(f·G) − R(f·(G − F))``, pending =
  ``R(f·(G − F)) − R(f·(G − F − P))``, vested options cancelled = ``R(f·V) − R(f·(V − C))``,
  granted = ``R(f·G)`` (``R`` the rounding, ``f`` the factor). Every one is whole, none is
  negative, each only grows with the date, and granted = vested + unvested + forfeited.
  Event share counts dated after a split are whole post-split shares, so they come through the
  rounding exactly. The rules that apply events (:mod:`vesting.events`) work in the grant's
  original shares, the shares of later events converted back exactly; an acceleration by a
  percentage rounds down to whole shares of its own date.
* **Exercise price**: each split divides it by its ratio, **rounded up to the cent** (the
  aggregate exercise price never falls: the Section 409A / 424 convention), split after split.
* **Lost to rounding**: ``split_fraction_cancelled`` = ``granted × factor − granted after the
  split`` — the part of a share (under ``tranche``: the shares) the rounding dropped. Under
  ``nearest`` a fraction of one half or more is rounded up and nothing is cancelled (0).
* **Prices** given for dates are as quoted on their date: a date on or after a split is valued
  at the post-split price with the post-split shares.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from math import floor
from typing import NamedTuple

from .allocation import Shares
from .memo import kept
from .model import ExerciseWindows, Grant, Modification, SplitRounding, StockSplit
from .shares import as_shares

ONE = Fraction(1)


Change = StockSplit | Modification


def _changes(grant: Grant) -> tuple[tuple[StockSplit, ...], tuple[Change, ...]]:
    """The grant's splits, and its splits and modifications, in date order (a split before a
    modification of the same day: a price given that day is in post-split shares). Kept per
    grant (:mod:`vesting.memo`)."""
    if not grant.events:
        return (), ()
    record = kept(grant)
    hit: tuple[tuple[StockSplit, ...], tuple[Change, ...]] | None = record.splits
    if hit is None:
        changes = sorted(
            (e for e in grant.events if type(e) is StockSplit or type(e) is Modification),
            key=_order,
        )
        splits = tuple(e for e in changes if type(e) is StockSplit)
        hit = record.splits = (splits, tuple(changes))
    return hit


def splits_of(grant: Grant) -> tuple[StockSplit, ...]:
    """The grant's stock splits, in date order."""
    return _changes(grant)[0]


def modifications_of(grant: Grant) -> tuple[Modification, ...]:
    """The grant's modifications, in date order."""
    return tuple(e for e in _changes(grant)[1] if type(e) is Modification)


def has_splits(grant: Grant) -> bool:
    return bool(grant.events) and bool(splits_of(grant))


def event_shares(grant: Grant, when: _dt.date, shares: Shares) -> Shares:
    """An event's share count (in the shares of its date ``when``) in shares as granted."""
    splits = splits_of(grant)
    if not splits or splits[0].date > when:
        return shares
    return to_base(shares, factor_of(splits, when))


def factor_on(grant: Grant, on: _dt.date | None) -> Fraction:
    """The product of the ratios of the splits dated on or before ``on`` (``None``: all of
    them) — post-split shares per share granted."""
    return factor_of(splits_of(grant), on)


def factor_of(splits: tuple[StockSplit, ...], on: _dt.date | None) -> Fraction:
    f = ONE
    for s in splits:
        if on is not None and s.date > on:
            break
        f *= s.ratio
    return f


def whole(x: Shares | Fraction) -> Shares:
    """``x`` as a share count: an ``int`` when whole (what the rest of the library expects),
    else :class:`~vesting.shares.FractionalShares`."""
    return x if type(x) is int else as_shares(x)


def to_base(shares: Shares, factor: Fraction) -> Shares:
    """A share count of a date whose factor is ``factor``, in shares as granted (exact)."""
    if factor == 1:
        return shares
    return whole(Fraction(shares) / factor)


def floor_in(x: Shares | Fraction, factor: Fraction) -> Shares:
    """``x`` (shares as granted) rounded down to whole shares of a date whose factor is
    ``factor``, still in shares as granted."""
    if factor == 1:
        return floor(x)
    return whole(Fraction(floor(Fraction(x) * factor)) / factor)


def rounded(x: Shares | Fraction, rounding: SplitRounding) -> int:
    """``x`` to a whole number of shares: down (``down``, ``tranche``) or half up
    (``nearest``)."""
    if type(x) is int:
        return x
    q = Fraction(x)
    if rounding is SplitRounding.NEAREST:
        return (2 * q.numerator + q.denominator) // (2 * q.denominator)
    return q.numerator // q.denominator


class Tally(NamedTuple):
    """A grant's quantities on a date, as positions on the line of the module doc: granted
    ``G`` (after any tranche rounding), vested ``V``, forfeited ``F``, pending ``P``, vested
    options a cancellation took ``C`` and exercised ``X``."""

    granted: Shares
    vested: Shares
    forfeited: Shares
    pending: Shares
    cancelled: Shares
    exercised: Shares


def restate(t: Tally, factor: Fraction, rounding: SplitRounding) -> Tally:
    """The tally in post-split shares at ``factor`` (module doc: the line of the grant's
    shares, each position rounded once)."""
    # splits multiplying to 1: nothing to round, unless the shares exercised between them
    # (counted in their post-split shares) come to a fraction of a share as granted
    if factor == 1 and type(t.granted) is int and type(t.exercised) is int:
        return t
    f = factor
    g, v, fo, p, c, x = (Fraction(n) for n in t)

    def r(q: Fraction) -> int:
        return rounded(f * q, rounding)

    granted = r(g)
    kept = r(g - fo)  # the left end of the forfeited shares
    vested = r(v)
    return Tally(
        granted,
        vested,
        granted - kept,
        kept - r(g - fo - p),
        vested - r(v - c),
        r(x),
    )


def split_price(price: Decimal, ratio: Fraction) -> Decimal:
    """An exercise price after a split of ``ratio``: ``price ÷ ratio`` rounded up to the cent
    (module doc)."""
    hundredths = Fraction(price) * 100 / ratio
    cents = -(-hundredths.numerator // hundredths.denominator)  # the ceiling, in integers
    return Decimal(cents).scaleb(-2)


class InForce(NamedTuple):
    """A grant's terms in force on a date (module doc)."""

    exercise_price: Decimal | None
    """Per share, in the shares of the date."""
    expiration: _dt.date | None
    exercise_windows: ExerciseWindows
    factor: Fraction
    """Post-split shares per share granted."""


def in_force(grant: Grant, on: _dt.date) -> InForce:
    """The grant's terms in force on ``on`` (module doc): the exercise price after the splits
    and repricings dated on or before it, the expiration and exercise windows the last
    modification so far gave (the grant's own before any)."""
    price = grant.exercise_price
    expires = grant.expiration
    windows = grant.terms.exercise_windows
    factor = ONE
    for e in _changes(grant)[1]:
        if e.date > on:
            break
        if type(e) is StockSplit:
            factor *= e.ratio
            if price is not None:
                price = split_price(price, e.ratio)
            continue
        assert type(e) is Modification
        if e.exercise_price is not None:
            price = e.exercise_price
        if e.expiration is not None:
            expires = e.expiration
        if e.exercise_windows:
            windows = replace(
                windows, **{r.value.replace("-", "_"): p for r, p in e.exercise_windows}
            )
    return InForce(price, expires, windows, factor)


def restated_price(grant: Grant, price: Decimal, on: _dt.date, unit: _dt.date) -> Decimal:
    """``price`` (per share of date ``on``) in the shares of the later date ``unit``: divided
    by the ratio of each split dated after ``on`` up to ``unit``, rounded up to the cent each
    time, as the split itself does (:func:`split_price`)."""
    for s in splits_of(grant):
        if on < s.date <= unit:
            price = split_price(price, s.ratio)
    return price


def expiration_of(grant: Grant) -> _dt.date | None:
    """The grant's expiration after every modification (what the timeline ends vesting at)."""
    if not grant.events:
        return grant.expiration
    return in_force(grant, _dt.date.max).expiration


def exercise_price_on(grant: Grant, on: _dt.date) -> Decimal | None:
    """The exercise price per share in force on ``on`` (in the shares of that date)."""
    if not grant.events:
        return grant.exercise_price
    return in_force(grant, on).exercise_price


def _order(change: Change) -> tuple[_dt.date, int]:
    return (change.date, 0 if type(change) is StockSplit else 1)
