"""Withholding on supplemental wages (RSU settlements, NSO exercises), per holder and year.

Rules:

* federal: ``supplemental`` (22%) on the year's supplemental wages up to ``threshold``
  ($1,000,000) and ``high`` (37%) on the part above; the holder's running total starts at
  ``other_supplemental``. An event that crosses the threshold is split at it;
* state (optional): a flat rate on the income;
* FICA (optional): Social Security on wages up to the wage base, Medicare on all of them plus
  the additional Medicare rate on wages above its threshold; the running wages start at
  ``other_wages``;
* each amount is rounded to cents, half up, per event;
* events are counted in the order they are given: for one holder, each grant's events in date
  order and grants in the order of the input (the year's totals do not depend on the order;
  only which event crosses a threshold does);
* a holder is a grant's ``holder``; grants without one are the same (unnamed) holder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from ..money import ZERO, add, subtract, to_cents
from .rates import TaxRates


class Withheld(NamedTuple):
    federal: Decimal
    state: Decimal | None
    social_security: Decimal | None
    medicare: Decimal | None
    total: Decimal
    shortfall: Decimal | None
    """Income × the marginal rate, less the federal withholding (``None``: no marginal rate)."""


@dataclass
class _Running:
    supplemental: Fraction
    wages: Fraction


@dataclass
class Ledger:
    """Each holder's supplemental wages and wages so far in the year."""

    rates: TaxRates
    holders: dict[str, _Running] = field(default_factory=dict)

    def withhold(self, holder: str | None, income: Decimal) -> Withheld:
        """What is withheld on ``income`` (cents) paid to ``holder`` now (module doc)."""
        r = self.rates
        running = self.holders.get(holder or "")
        if running is None:
            running = _Running(Fraction(r.other_supplemental), Fraction(r.other_wages))
            self.holders[holder or ""] = running
        pay = Fraction(income)
        below = max(Fraction(0), min(pay, Fraction(r.threshold) - running.supplemental))
        federal = to_cents(below * Fraction(r.supplemental) + (pay - below) * Fraction(r.high))
        running.supplemental += pay
        state = None if r.state is None else to_cents(pay * Fraction(r.state))
        ss = medicare = None
        if r.fica:
            assert r.wage_base is not None
            room = max(Fraction(0), Fraction(r.wage_base) - running.wages)
            ss = to_cents(min(pay, room) * Fraction(r.social_security))
            over = max(
                Fraction(0),
                running.wages + pay - max(running.wages, Fraction(r.medicare_threshold)),
            )
            medicare = to_cents(pay * Fraction(r.medicare) + over * Fraction(r.additional_medicare))
            running.wages += pay
        total = federal
        for part in (state, ss, medicare):
            if part is not None:
                total = add(total, part)
        shortfall = None
        if r.marginal is not None:
            shortfall = subtract(to_cents(pay * Fraction(r.marginal)), federal)
        return Withheld(federal, state, ss, medicare, total, shortfall)


NOTHING = Withheld(ZERO, None, None, None, ZERO, None)
