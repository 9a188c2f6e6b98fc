"""Grant-date fair value of options and RSUs (ASC 718), from stated inputs.

Rules:

* Options: Black–Scholes–Merton with a continuous dividend yield,
  C = S·e^(−qT)·N(d1) − K·e^(−rT)·N(d2), d1 = [ln(S/K) + (r − q + σ²/2)T] / (σ√T),
  d2 = d1 − σ√T — S the grant-date price, K the exercise price, σ the volatility, r the
  risk-free rate, q the dividend yield, T the expected term in years. Floats live inside the
  formula only; the result is a ``Decimal`` per share quantized to 4 places, half up. With
  T = 0 or σ = 0 the value is the discounted intrinsic value max(S·e^(−qT) − K·e^(−rT), 0).
* Every input is required (a dividend yield of 0 must be said); a missing one is an error
  naming it. Rates are never guessed.
* Expected term: given in years, or :data:`~vesting.model.SAB107` — the simplified method,
  (weighted-average vesting term + contractual term) / 2, where a tranche's vesting term runs
  from the grant date to its vest date (as the terms alone give it: no events) and the
  weights are its shares. Per tranche (``per_tranche``): each tranche gets its own expected
  term, (its vesting term + contractual term) / 2, and its own value. Years between dates are
  counted as in :mod:`vesting.accounting.years`; the expected term is rounded to 4 decimals
  (half up) before it enters the formula, and reported so.
* RSUs: the grant-date price, less the present value of the dividends expected before vesting
  when a dividend yield is given: S·e^(−qT), T the weighted-average vesting term (per
  tranche: the tranche's own), quantized to 4 places. Without a yield: S exactly.
* A grant that carries ``fair_value`` uses it as given (method ``given``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from typing import Final, NamedTuple

from ..allocation import Shares
from ..errors import MISSING, InputError, Problem
from ..model import SAB107, Grant, Kind, Pricing, Tranche
from ..money import to_cents
from .years import years_between

PLACES: Final = Decimal("0.0001")
_ROUND: Final = Context(prec=60, rounding=ROUND_HALF_UP)
"""Rounding on purpose, at the formula's edge: results to 4 places, half up."""


def _quantize(x: float | Decimal | Fraction) -> Decimal:
    if isinstance(x, Fraction):
        x = _ROUND.divide(Decimal(x.numerator), Decimal(x.denominator))
    value = Decimal(repr(x)) if isinstance(x, float) else x
    return _ROUND.quantize(value, PLACES)


def _n(x: float) -> float:
    """The standard normal distribution function."""
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def _call_put(
    price: Decimal,
    strike: Decimal,
    term: Decimal | Fraction,
    rate: Decimal,
    dividend_yield: Decimal,
    volatility: Decimal,
) -> tuple[float, float]:
    s, k, t = float(price), float(strike), float(term)
    r, q, sigma = float(rate), float(dividend_yield), float(volatility)
    fs = s * math.exp(-q * t)  # the discounted forward of the share
    fk = k * math.exp(-r * t)  # the discounted exercise price
    if k == 0:
        return fs, 0.0
    if t == 0 or sigma == 0 or s == 0:
        return max(fs - fk, 0.0), max(fk - fs, 0.0)
    spread = sigma * math.sqrt(t)
    d1 = (math.log(s / k) + (r - q + sigma * sigma / 2) * t) / spread
    d2 = d1 - spread
    call = fs * _n(d1) - fk * _n(d2)
    put = fk * _n(-d2) - fs * _n(-d1)
    return max(call, 0.0), max(put, 0.0)


def black_scholes(
    price: Decimal,
    strike: Decimal,
    term: Decimal | Fraction,
    rate: Decimal,
    dividend_yield: Decimal,
    volatility: Decimal,
) -> Decimal:
    """The Black–Scholes–Merton value of a European call, per share (module doc)."""
    return _quantize(_call_put(price, strike, term, rate, dividend_yield, volatility)[0])


def black_scholes_put(
    price: Decimal,
    strike: Decimal,
    term: Decimal | Fraction,
    rate: Decimal,
    dividend_yield: Decimal,
    volatility: Decimal,
) -> Decimal:
    """The Black–Scholes–Merton value of a European put, per share (put–call parity's other
    side: C − P = S·e^(−qT) − K·e^(−rT))."""
    return _quantize(_call_put(price, strike, term, rate, dividend_yield, volatility)[1])


def discounted_price(price: Decimal, dividend_yield: Decimal, term: Decimal | Fraction) -> Decimal:
    """S·e^(−qT) to 4 places (an RSU's value less the dividends it does not earn)."""
    if not dividend_yield or not term:
        return price
    return _quantize(float(price) * math.exp(-float(dividend_yield) * float(term)))


# ------------------------------------------------------------------------- expected term


def tranches(grant: Grant) -> tuple[Tranche, ...]:
    """The grant's tranches as its terms give them, or an error when some shares have no date
    the terms give (milestones, event-gated conditions)."""
    from ..engine import schedule

    out = schedule(grant)
    if sum(t.shares for t in out) != grant.shares:
        raise InputError(
            [
                Problem(
                    "expected_term",
                    SAB107,
                    "a number of years: the simplified method needs every share to vest on a "
                    "date the terms give (this grant has event-gated shares)",
                )
            ]
        )
    return out


def vesting_term(grant: Grant, these: Sequence[Tranche] | None = None) -> Fraction:
    """The weighted-average vesting term in years: each tranche's years from the grant date to
    its vest date, weighted by its shares."""
    parts = tranches(grant) if these is None else these
    total: Shares = sum((t.shares for t in parts), 0)
    if not total:
        return Fraction(0)
    weighted = sum(
        (Fraction(t.shares) * years_between(grant.grant_date, t.date) for t in parts), Fraction(0)
    )
    return weighted / Fraction(total)


def contractual_term(grant: Grant) -> Fraction:
    """Years from the grant date to the expiration (an option's contractual term)."""
    if grant.expiration is None:
        raise InputError(
            [Problem("expiration", None, "an expiration date (the contractual term of SAB 107)")]
        )
    return years_between(grant.grant_date, grant.expiration)


def sab107(grant: Grant) -> Fraction:
    """The simplified method's expected term for the whole award (exact)."""
    return (vesting_term(grant) + contractual_term(grant)) / 2


def round_term(term: Fraction | Decimal) -> Decimal:
    """An expected term as used and reported: 4 decimals, half up."""
    return _quantize(term)


# ---------------------------------------------------------------------------- fair value


class TrancheValue(NamedTuple):
    """One tranche's value: its date and shares, expected term (years) and value per share."""

    date: object
    shares: Shares
    expected_term: Decimal | None
    per_share: Decimal


class FairValue(NamedTuple):
    """A grant's grant-date fair value.

    ``method``: ``given`` (the grant's ``fair_value``), ``black-scholes`` or ``price`` (RSUs).
    ``per_share`` is the award's value of one share (``None`` when valued per tranche, and
    tranches differ); ``tranches`` the values per tranche (empty unless ``per_tranche``);
    ``total`` is the value of every share granted, in cents (half up).
    """

    grant_id: str
    kind: Kind
    shares: Shares
    method: str
    inputs: Pricing
    exercise_price: Decimal | None
    expected_term: Decimal | None
    per_share: Decimal | None
    tranches: tuple[TrancheValue, ...]
    total: Decimal


NEEDED: Final = {
    "price": "the share price on the grant date",
    "volatility": "the expected volatility",
    "risk_free_rate": "the risk-free rate",
    "dividend_yield": "the expected dividend yield",
    "expected_term": "the expected term (years, or sab107)",
    "exercise_price": "the exercise price",
}
"""What each fair-value input is, for the message when one is missing."""


def _need(grant: Grant, p: Pricing, names: Sequence[str]) -> None:
    """Each input the formula needs and neither the grant nor the caller gave: one problem
    per missing input, named by the grant file's field and saying what it is."""
    shown = {"price": "grant_date_price"}
    missing = [
        n
        for n in names
        if (grant.exercise_price if n == "exercise_price" else getattr(p, n)) is None
    ]
    if missing:
        raise InputError(
            [
                Problem(shown.get(n, n), MISSING, f"{NEEDED[n]}, needed for the fair value")
                for n in missing
            ]
        )


def fair_value(grant: Grant, inputs: Pricing | None = None, per_tranche: bool = False) -> FairValue:
    """The grant-date fair value of ``grant`` (module doc). ``inputs`` (command-line values)
    replace the grant's own where given."""
    p = inputs.over(grant.pricing) if inputs is not None else (grant.pricing or Pricing())
    if p.fair_value is not None:
        total = to_cents(Fraction(p.fair_value) * grant.shares)
        return FairValue(
            grant.id, grant.kind, grant.shares, "given", p, grant.exercise_price, None,
            p.fair_value, (), total,
        )  # fmt: skip
    if grant.kind is Kind.RSU:
        return _rsu(grant, p, per_tranche)
    _need(
        grant,
        p,
        (
            "price",
            "exercise_price",
            "volatility",
            "risk_free_rate",
            "dividend_yield",
            "expected_term",
        ),
    )
    assert p.price is not None and p.volatility is not None and p.risk_free_rate is not None
    assert p.dividend_yield is not None and grant.exercise_price is not None

    def value(term: Decimal) -> Decimal:
        assert p.price is not None and p.volatility is not None and p.risk_free_rate is not None
        assert p.dividend_yield is not None and grant.exercise_price is not None
        return black_scholes(
            p.price, grant.exercise_price, term, p.risk_free_rate, p.dividend_yield, p.volatility
        )

    if p.expected_term == SAB107:
        if per_tranche:
            contract = contractual_term(grant)
            parts = tuple(
                TrancheValue(
                    t.date,
                    t.shares,
                    term := round_term((years_between(grant.grant_date, t.date) + contract) / 2),
                    value(term),
                )
                for t in tranches(grant)
            )
            return _per_tranche(grant, "black-scholes", p, parts)
        term = round_term(sab107(grant))
    else:
        assert isinstance(p.expected_term, Decimal)
        term = p.expected_term
    each = value(term)
    return FairValue(
        grant.id, grant.kind, grant.shares, "black-scholes", p, grant.exercise_price, term,
        each, (), to_cents(Fraction(each) * grant.shares),
    )  # fmt: skip


def _rsu(grant: Grant, p: Pricing, per_tranche: bool) -> FairValue:
    _need(grant, p, ("price",))
    assert p.price is not None
    q = p.dividend_yield or Decimal(0)
    if per_tranche and q:
        parts = tuple(
            TrancheValue(
                t.date,
                t.shares,
                term := round_term(years_between(grant.grant_date, t.date)),
                discounted_price(p.price, q, term),
            )
            for t in tranches(grant)
        )
        return _per_tranche(grant, "price", p, parts)
    rsu_term = round_term(vesting_term(grant)) if q else None
    each = discounted_price(p.price, q, rsu_term) if rsu_term is not None else p.price
    return FairValue(
        grant.id, grant.kind, grant.shares, "price", p, None, rsu_term, each, (),
        to_cents(Fraction(each) * grant.shares),
    )  # fmt: skip


def _per_tranche(
    grant: Grant, method: str, p: Pricing, parts: tuple[TrancheValue, ...]
) -> FairValue:
    values = {t.per_share for t in parts}
    total = to_cents(sum((Fraction(t.per_share) * Fraction(t.shares) for t in parts), Fraction(0)))
    each = values.pop() if len(values) == 1 else None
    return FairValue(
        grant.id, grant.kind, grant.shares, method, p, grant.exercise_price, None, each, parts,
        total,
    )  # fmt: skip
