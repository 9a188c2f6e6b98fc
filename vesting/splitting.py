"""Stock splits on a grant's timeline: the ``tranche`` rounding of the tranches still to vest,
and the timeline as it happened — each entry in the shares of its own date, with an entry for
each split (the rules: :mod:`vesting.inforce`). :mod:`vesting.events` builds the timeline in
shares as granted and calls these; :mod:`vesting.status` restates its sums to the shares of a
date the same way.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from fractions import Fraction
from math import floor

from .allocation import Shares
from .entries import Entry, Mark
from .inforce import factor_of, in_force, rounded, splits_of, whole
from .model import Grant, SplitRounding, StockSplit
from .tolling import Piece

Drops = tuple[tuple[_dt.date, Shares], ...]
"""What ``tranche`` rounding took off the tranches at each split: (split date, shares as
granted)."""


def tranche_rounding(grant: Grant, pieces: list[Piece]) -> Drops:
    """Under ``tranche`` rounding, each time-based tranche dated on or after a split becomes
    ``floor(factor × shares)`` post-split shares on its own (kept in shares as granted, in
    place); what that drops leaves the grant at the split of the tranche's date."""
    splits = splits_of(grant)
    if not splits or grant.terms.split_rounding is not SplitRounding.TRANCHE:
        return ()
    dropped: dict[_dt.date, Shares] = {}
    for p in pieces:
        epoch = _epoch(splits, p.date)
        if epoch is None or not p.shares:
            continue
        f = factor_of(splits, p.date)
        kept = whole(Fraction(floor(f * Fraction(p.shares))) / f)
        dropped[epoch.date] = dropped.get(epoch.date, 0) + (p.shares - kept)
        p.shares = kept
    return tuple(sorted(dropped.items()))


def granted_as_of(grant: Grant, drops: Drops, on: _dt.date | None) -> Shares:
    """The grant's shares as granted, less what ``tranche`` rounding dropped at the splits
    dated on or before ``on`` (``None``: all)."""
    return grant.shares - sum((n for d, n in drops if on is None or d <= on), 0)


def granted_on(grant: Grant, drops: Drops, on: _dt.date | None) -> Shares:
    """The grant's shares on ``on``, in the shares of that date (``None``: after every
    split)."""
    f = factor_of(splits_of(grant), on)
    size = granted_as_of(grant, drops, on)
    if f == 1 and type(size) is int:
        return size
    return rounded(f * Fraction(size), grant.terms.split_rounding)


def fraction_cancelled(grant: Grant, drops: Drops, on: _dt.date | None) -> Shares:
    """``split_fraction_cancelled`` on ``on``: the granted shares times the factor, exactly,
    less the shares the grant has after rounding (never below 0: see :mod:`vesting.inforce`)."""
    f = factor_of(splits_of(grant), on)
    if f == 1 and not drops:
        return 0
    lost = f * grant.shares - granted_on(grant, drops, on)
    return whole(max(Fraction(0), lost))


def as_happened(grant: Grant, entries: tuple[Entry, ...], drops: Drops) -> tuple[Entry, ...]:
    """The timeline in the shares of each entry's date (pending entries: after the last
    split), with a ``split`` entry first on each split's date. Each entry's shares are the
    difference of two rounded positions on the line of :mod:`vesting.inforce`, so they add up
    to the quantities status gives; entries that round to nothing are left out."""
    splits = splits_of(grant)
    rounding = grant.terms.split_rounding
    option = grant.kind.is_option
    todo = list(splits)
    vested = forfeited = cancelled = pending = Fraction(0)
    out: list[Entry] = []

    def r(f: Fraction, q: Fraction) -> Shares:
        if f == 1:  # nothing split (or splits multiplying to 1): exact, as granted
            return whole(q)
        return rounded(f * q, rounding)

    for e in entries:
        while todo and (e.date is None or todo[0].date <= e.date):
            out.append(_split_entry(grant, drops, todo.pop(0), vested))
        f = factor_of(splits, e.date)
        size = granted_as_of(grant, drops, e.date)
        g = Fraction(size)
        s = Fraction(e.shares)
        if e.vests:
            before = r(f, vested)
            vested += s
            shares = r(f, vested) - before
        elif e.mark is Mark.LAPSED or (e.mark is Mark.CANCELLED and not option):
            before = r(f, g - forfeited)
            forfeited += s
            vested -= s
            shares = before - r(f, g - forfeited)
        elif e.mark is Mark.CANCELLED:
            before = r(f, vested - cancelled)
            cancelled += s
            shares = before - r(f, vested - cancelled)
        elif e.date is None:
            before = r(f, g - forfeited - pending)
            pending += s
            shares = before - r(f, g - forfeited - pending)
        else:
            before = r(f, g - forfeited)
            forfeited += s
            shares = before - r(f, g - forfeited)
        if shares:
            out.append(e._replace(shares=shares, cumulative=r(f, vested)))
    for split in todo:
        out.append(_split_entry(grant, drops, split, vested))
    return tuple(out)


def _split_entry(grant: Grant, drops: Drops, split: StockSplit, vested: Fraction) -> Entry:
    """The entry of a split: no shares of its own; the vested total in post-split shares; a
    note of what changed."""
    before = split.date - _dt.timedelta(days=1)
    f = factor_of(splits_of(grant), split.date)
    old, new = granted_on(grant, drops, before), granted_on(grant, drops, split.date)
    note = f"{split.text} split: {old:,} shares become {new:,}"
    if grant.kind.is_option and grant.exercise_price is not None:
        was, now = (
            in_force(grant, before).exercise_price,
            in_force(grant, split.date).exercise_price,
        )
        note += f"; exercise price {_price(was)} becomes {_price(now)}"
    lost = fraction_cancelled(grant, drops, split.date)
    if lost:
        note += f"; {_count(lost)} cancelled for fractions"
    cumulative = rounded(f * vested, grant.terms.split_rounding)
    return Entry(split.date, 0, cumulative, Mark.SPLIT, None, note)


def _price(x: Decimal | None) -> str:
    """A price as notes write it: at least two decimals (``10`` → ``10.00``), else as given."""
    if x is None:
        return "-"
    places = x.as_tuple().exponent
    return f"{x:.2f}" if isinstance(places, int) and places > -2 else str(x)


def _count(x: Shares) -> str:
    if type(x) is int:
        return f"{x:,} shares" if x != 1 else "1 share"
    q = Fraction(x)
    whole_part, part = divmod(q.numerator, q.denominator)
    shown = f"{whole_part:,} {part}/{q.denominator}" if whole_part else f"{part}/{q.denominator}"
    return f"{shown} of a share" if not whole_part else f"{shown} shares"


def _epoch(splits: tuple[StockSplit, ...], on: _dt.date) -> StockSplit | None:
    """The last split dated on or before ``on``."""
    last = None
    for s in splits:
        if s.date > on:
            break
        last = s
    return last
