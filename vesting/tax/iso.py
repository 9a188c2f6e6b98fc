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
* a holder is the grant's ``holder``; grants without one are the same (unnamed) holder.
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
from ..model import Grant, Kind


class IsoYear(NamedTuple):
    """A grant's options first exercisable in ``year``, split into ISO and NSO shares."""

    year: int
    shares: Shares
    iso: Shares
    nso: Shares
    fmv: Decimal
    """Grant-date fair market value of one share (what the limit counts)."""


def fmv(grant: Grant) -> Decimal:
    """The grant-date fair market value of one share (module doc)."""
    if grant.pricing is not None and grant.pricing.price is not None:
        return grant.pricing.price
    if grant.exercise_price is None:
        raise InputError(
            [Problem("exercise_price", None, "an exercise price or grant_date_price (ISO limit)")]
        )
    return grant.exercise_price


def first_exercisable(grant: Grant) -> list[tuple[_dt.date, Shares]]:
    """When the grant's shares first become exercisable, in date order (module doc)."""
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
        each = fmv(grant)
        by_year: dict[int, Shares] = {}
        for when, n in first_exercisable(grant):
            by_year[when.year] = by_year.get(when.year, 0) + n
        out = []
        for year, shares in sorted(by_year.items()):
            used = self.used.get((holder, year), Fraction(0))
            room = Fraction(self.limit) - used
            iso: Shares = shares if not each else min(shares, max(0, floor(room / Fraction(each))))
            self.used[(holder, year)] = used + Fraction(each) * iso
            out.append(IsoYear(year, shares, iso, shares - iso, each))
        return tuple(out)


def iso_by(grant: Grant, years: Sequence[IsoYear], on: _dt.date) -> Shares:
    """ISO shares among those first exercisable on or before ``on`` (the earliest of each year
    are the ISOs)."""
    iso_of = {y.year: y.iso for y in years}
    so_far: dict[int, Shares] = {}
    for when, n in first_exercisable(grant):
        if when > on:
            break
        so_far[when.year] = so_far.get(when.year, 0) + n
    return sum((min(n, iso_of.get(y, 0)) for y, n in so_far.items()), 0)
