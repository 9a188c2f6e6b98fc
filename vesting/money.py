"""Money: exact ``Decimal`` arithmetic that cannot round silently.

Amounts are ``Decimal``. Every operation on money goes through :data:`EXACT`, a decimal context
with 80 digits of precision that *traps* rounding: if a result ever needed rounding, the
operation raises instead of losing a digit. Inputs are bounded where they are read (prices at
most 15 digits before the point and 10 after, shares at most 18 digits: see
:mod:`vesting.io.values`), so no product or sum the program forms comes near 80 digits.

The one place money is rounded on purpose is :func:`to_cents`: an exact amount (a
``Fraction``, ``Decimal`` or ``int``) to cents, half up (``0.005 → 0.01``), computed in
integers.
"""

from __future__ import annotations

from decimal import (
    ROUND_HALF_UP,
    Clamped,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    Rounded,
    Underflow,
)
from fractions import Fraction
from typing import Final

EXACT: Final = Context(
    prec=80,
    rounding=ROUND_HALF_UP,
    Emax=999,
    Emin=-999,
    traps=[InvalidOperation, DivisionByZero, Overflow, Underflow, Inexact, Rounded, Clamped],
)
"""The money context: any result that would need rounding raises ``decimal.Inexact``."""

MAX_DIGITS: Final = (15, 10)
"""The most digits an amount read as money may have before and after the decimal point."""
AMOUNT: Final = (
    f"an amount >= 0 with at most {MAX_DIGITS[0]} digits before the decimal point and "
    f"{MAX_DIGITS[1]} after (a Decimal such as Decimal('30.25'))"
)

CENT: Final = Decimal("0.01")
ZERO: Final = Decimal("0.00")


def is_amount(value: object) -> bool:
    """``value`` is a money amount this program takes: a finite ``Decimal`` >= 0 within
    ``MAX_DIGITS`` (so every product and sum formed with it stays exact)."""
    if type(value) is not Decimal or not value.is_finite() or value < 0:
        return False
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    return len(digits) + exponent <= MAX_DIGITS[0] and -exponent <= MAX_DIGITS[1]


def add(a: Decimal, b: Decimal) -> Decimal:
    """``a + b``, exactly."""
    return EXACT.add(a, b)


def subtract(a: Decimal, b: Decimal) -> Decimal:
    """``a − b``, exactly."""
    return EXACT.subtract(a, b)


def total(amounts: list[Decimal]) -> Decimal:
    """The exact sum of ``amounts`` (0.00 for none)."""
    out = ZERO
    for amount in amounts:
        out = EXACT.add(out, amount)
    return out


def to_cents(amount: Fraction | Decimal | int) -> Decimal:
    """``amount`` rounded to cents, half up, exactly (integers only: no context, no limit)."""
    if type(amount) is int:
        num, den = amount, 1
    elif type(amount) is Fraction:
        num, den = amount.numerator, amount.denominator
    else:
        exact = Fraction(amount)
        num, den = exact.numerator, exact.denominator
    cents = (200 * abs(num) + den) // (2 * den)  # half away from zero, like ROUND_HALF_UP
    sign = "-" if num < 0 and cents else ""
    return Decimal(f"{sign}{cents // 100}.{cents % 100:02d}")


def in_cents(amount: Decimal) -> Decimal:
    """An amount already in whole cents, written with exactly two decimals (``12.5`` →
    ``12.50``); raises if it is not a whole number of cents."""
    return EXACT.quantize(amount, CENT)
