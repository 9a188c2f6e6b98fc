"""The ISO $100,000 limit (IRC §422(d)).

Rules:

* the options of a holder's ISO grants that first become exercisable in a calendar year count,
  in grant order, at their grant-date fair market value — ``grant_date_price`` when the grant
  carries it, else the exercise price — per share; the part of a year's options beyond
  ``iso_limit`` ($100,000) is treated as NSOs. Shares are whole: a grant's ISO part in a year
  is the most whole shares that fit;
* shares first become exercisable when they vest (an acceleration: the day it takes effect);
  an early-exercisable grant's shares all count in the year of grant; forfeited shares never;
* within a grant and year, the earliest shares to become exercisable are the ISOs;
* "grant order" is the order of the input: a holder's ISO grants must be listed in grant
  order (a later one dated earlier is an error, naming both), since the limit counts them so;
* a holder is the grant's ``holder``; grants without one are the same (unnamed) holder;
* a **repricing** of an ISO counts as a new grant on its date (Treas. Reg. §1.424-1(e): a
  change of the exercise price is a modification, and a modified option is a new option): the
  grant counted before it ends there, and the new one holds the options still outstanding on
  that date — the vested, unexercised ones first exercisable on the repricing date, the
  unvested ones as they vest — at the fair market value on the repricing date (the
  repricing's ``price`` input, else its new exercise price). Options first exercisable before
  it stay counted under the original grant. Each grant counted is its own row per year;
* shares are counted as granted (before any stock split: the fair market value is per share
  as granted, so the dollars are the same); :mod:`vesting.tax.events` reports them in the
  shares of the year's end.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import floor
from typing import NamedTuple

from ..allocation import Shares
from ..errors import InputError, Problem
from ..events import base_timeline
from ..inforce import factor_on, modifications_of, whole
from ..model import Grant, Kind, Modification


class IsoYear(NamedTuple):
    """A grant's options first exercisable in ``year``, split into ISO and NSO shares."""

    year: int
    shares: Shares
    iso: Shares
    nso: Shares
    fmv: Decimal
    """Fair market value of one share on the date of the grant counted (what the limit
    counts)."""
    granted: _dt.date | None = None
    """The date of the grant counted: the grant date, or a repricing's date (a repriced ISO
    counts as a new grant on that date)."""


class Counted(NamedTuple):
    """Options first exercisable on ``date``: ``shares`` as granted (before any split), of the
    grant made on ``granted`` (the grant date, or a repricing's), worth ``value`` each (the
    fair market value on that date, per share as granted)."""

    date: _dt.date
    shares: Shares
    granted: _dt.date
    value: Fraction


def fmv(grant: Grant) -> Decimal:
    """The grant-date fair market value of one share (module doc)."""
    if grant.pricing is not None and grant.pricing.price is not None:
        return grant.pricing.price
    if grant.exercise_price is None:
        raise InputError(
            [Problem("exercise_price", None, "an exercise price or grant_date_price (ISO limit)")]
        )
    return grant.exercise_price


def repricings(grant: Grant) -> list[tuple[Modification, Decimal]]:
    """The grant's repricings with the fair market value on each one's date (its ``price``
    input, else the new exercise price), in date order."""
    out = []
    for m in modifications_of(grant):
        if m.exercise_price is not None:
            price = m.inputs.price if m.inputs is not None else None
            out.append((m, price if price is not None else m.exercise_price))
    return out


def first_exercisable(grant: Grant) -> list[tuple[_dt.date, Shares]]:
    """When the grant's shares first become exercisable, in date order (module doc; shares as
    granted)."""
    if grant.terms.early_exercise:
        return [(grant.grant_date, grant.shares)]
    if not grant.events and not grant.terms.milestones and not grant.terms.conditions:
        from ..engine import schedule  # no events: the terms' own tranches (cached, fast)

        return [(t.date, t.shares) for t in schedule(grant)]
    return sorted(
        (e.date, e.shares)
        for e in base_timeline(grant)
        if e.vests and e.date is not None and e.shares
    )


def counted(grant: Grant) -> list[Counted]:
    """What the limit counts of the grant, in date order: each tranche when it first becomes
    exercisable, of the grant in force then; a repricing ends the grant counted before it and
    makes a new one on its date (Treas. Reg. §1.424-1(e)), whose options are those still
    outstanding then — the vested ones first exercisable on the repricing date, the others as
    they vest."""
    original = Fraction(fmv(grant))
    parts = first_exercisable(grant)
    regrants = repricings(grant)
    if not regrants:
        return [Counted(d, n, grant.grant_date, original) for d, n in parts]
    from ..status import evaluate

    out: list[Counted] = []
    bounds = [(grant.grant_date, original)]
    for m, price in regrants:
        bounds.append((m.date, Fraction(price) * factor_on(grant, m.date)))
    for i, (start, value) in enumerate(bounds):
        end = bounds[i + 1][0] if i + 1 < len(bounds) else None
        if i:  # a new grant: what is outstanding the day before it, exercisable now
            before = evaluate(grant, start - _dt.timedelta(days=1))
            kept = before.outstanding if grant.terms.early_exercise else before.exercisable
            if kept:
                f = factor_on(grant, start - _dt.timedelta(days=1))
                out.append(Counted(start, whole(Fraction(kept) / f), start, value))
        if grant.terms.early_exercise:
            if not i:
                out.append(Counted(grant.grant_date, grant.shares, start, value))
            continue
        out.extend(
            Counted(d, n, start, value) for d, n in parts if d >= start and (end is None or d < end)
        )
    return out


@dataclass
class IsoLedger:
    """Each holder's ISO value used per year, and the last ISO grant date seen."""

    limit: Decimal = Decimal(100_000)
    used: dict[tuple[str, int], Fraction] = field(default_factory=dict)
    last: dict[str, tuple[_dt.date, str]] = field(default_factory=dict)

    def split(self, grant: Grant) -> tuple[IsoYear, ...]:
        """The grant's ISO / NSO split by year, counted against its holder's earlier ISO
        grants (call it once per grant, in input order)."""
        if grant.kind is not Kind.ISO:
            return ()
        holder = grant.holder or ""
        before = self.last.get(holder)
        if before is not None and grant.grant_date < before[0]:
            raise InputError(
                [
                    Problem(
                        "grant_date",
                        grant.grant_date.isoformat(),
                        f"a date on or after {before[0]} (the holder's ISO grant '{before[1]}' "
                        "listed before it: the $100,000 limit counts ISO grants in grant order)",
                    )
                ]
            )
        self.last[holder] = (grant.grant_date, grant.id)
        shown = {grant.grant_date: fmv(grant), **{m.date: p for m, p in repricings(grant)}}
        by_year: dict[tuple[int, _dt.date], tuple[Shares, Fraction]] = {}
        for c in counted(grant):
            key = (c.date.year, c.granted)
            by_year[key] = (by_year.get(key, (0, c.value))[0] + c.shares, c.value)
        out = []
        for (year, granted), (shares, each) in sorted(by_year.items()):
            used = self.used.get((holder, year), Fraction(0))
            room = Fraction(self.limit) - used
            iso: Shares = shares if not each else min(shares, max(0, floor(room / each)))
            self.used[(holder, year)] = used + each * iso
            out.append(IsoYear(year, shares, iso, shares - iso, shown[granted], granted))
        return tuple(out)


def iso_by(grant: Grant, years: Sequence[IsoYear], on: _dt.date) -> Shares:
    """ISO shares among those first exercisable on or before ``on`` (the earliest of each year
    are the ISOs), in shares as granted; of a repriced grant, those of the grant in force on
    ``on`` (the new grant's)."""
    iso_of = {(y.year, y.granted or grant.grant_date): y.iso for y in years}
    so_far: dict[tuple[int, _dt.date], Shares] = {}
    current = grant.grant_date
    for c in counted(grant):
        if c.date > on:
            break
        current = c.granted
        key = (c.date.year, c.granted)
        so_far[key] = so_far.get(key, 0) + c.shares
    return sum((min(n, iso_of.get(k, 0)) for k, n in so_far.items() if k[1] == current), 0)


def iso_on(grant: Grant, years: Sequence[IsoYear], on: _dt.date) -> Shares:
    """:func:`iso_by` in the shares of ``on`` (after its splits: rounded down)."""
    base = iso_by(grant, years, on)
    f = factor_on(grant, on)
    return base if f == 1 else floor(Fraction(base) * f)
