"""What a grant carries for accounting: its grant-date fair value, or the inputs to estimate
it (see :mod:`vesting.accounting.fairvalue`).

Rates are exact ``Decimal`` fractions (``0.03`` is 3%); prices are money amounts; the expected
term is a number of years, or ``"sab107"`` for the SEC's simplified method. The record checks
every field once, when built; which inputs a computation *needs* is that computation's
business (a missing one is reported there, by name).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from ..errors import Problem, TermsError
from ..money import AMOUNT, is_amount

SAB107: Final = "sab107"
"""The expected term by the SEC's simplified method (SAB 107): (weighted-average vesting term +
contractual term) / 2."""

LIMITS: Final = {
    "volatility": (Decimal(0), Decimal(10), False, "a volatility > 0, at most 1000% (0.35, 35%)"),
    "risk_free_rate": (Decimal(-1), Decimal(1), True, "a rate from -100% to 100% (0.03, 3%)"),
    "dividend_yield": (Decimal(0), Decimal(1), True, "a yield from 0 to 100% (0.02, 2%)"),
    "expected_term": (
        Decimal(0),
        Decimal(100),
        False,
        f"a number of years > 0 and at most 100 (6.25), or {SAB107}",
    ),
}
"""Per rate field: (lowest, highest, lowest allowed itself, what is allowed)."""


@dataclass(frozen=True)
class Pricing:
    """A grant's accounting inputs; every field may be missing (``None``).

    ``fair_value``: the grant-date fair value of one share, given (used as is).
    ``price``: the share price on the grant date (the underlying price of Black–Scholes, the
    fair value of an RSU, the fair market value the ISO limit counts).
    ``volatility``, ``risk_free_rate``, ``dividend_yield``: annual, as fractions.
    ``expected_term``: years, or :data:`SAB107`.
    """

    fair_value: Decimal | None = None
    price: Decimal | None = None
    volatility: Decimal | None = None
    risk_free_rate: Decimal | None = None
    dividend_yield: Decimal | None = None
    expected_term: Decimal | str | None = None

    def __post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise TermsError(problems)

    def problems(self) -> list[Problem]:
        out: list[Problem] = []
        for name in ("fair_value", "price"):
            value = getattr(self, name)
            if value is not None and not is_amount(value):
                out.append(Problem(name, value, AMOUNT))
        for name, (low, high, low_ok, allowed) in LIMITS.items():
            value = getattr(self, name)
            if value is None or (name == "expected_term" and value == SAB107):
                continue
            if (
                type(value) is not Decimal
                or not value.is_finite()
                or not (low <= value if low_ok else low < value)
                or value > high
            ):
                out.append(Problem(name, value, allowed))
        return out

    def over(self, base: Pricing | None) -> Pricing:
        """These inputs where given, ``base``'s elsewhere (command-line inputs over a grant's)."""
        if base is None:
            return self
        return Pricing(
            self.fair_value if self.fair_value is not None else base.fair_value,
            self.price if self.price is not None else base.price,
            self.volatility if self.volatility is not None else base.volatility,
            self.risk_free_rate if self.risk_free_rate is not None else base.risk_free_rate,
            self.dividend_yield if self.dividend_yield is not None else base.dividend_yield,
            self.expected_term if self.expected_term is not None else base.expected_term,
        )


PRICING_FIELDS: Final = (
    "fair_value",
    "grant_date_price",
    "volatility",
    "risk_free_rate",
    "dividend_yield",
    "expected_term",
)
"""The grant-file fields that make up a :class:`Pricing` (``grant_date_price`` is its
``price``)."""
