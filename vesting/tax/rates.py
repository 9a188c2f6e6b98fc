"""The rates and thresholds of the tax estimates: every one a parameter, with the defaults below
(US federal supplemental withholding; Social Security and Medicare)."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from ..errors import MISSING, InputError, Problem


class TaxRates(NamedTuple):
    """Rates are fractions (``0.22`` is 22%); amounts are dollars.

    ``supplemental`` applies to the year's supplemental wages up to ``threshold``, ``high`` to
    the part above; ``other_supplemental`` is what the holder was already paid in the year
    (it counts toward the threshold). ``state``: a flat state rate (``None``: none). ``fica``:
    Social Security (``social_security`` up to ``wage_base``, required with FICA) and Medicare
    (``medicare``, plus ``additional_medicare`` on wages above ``medicare_threshold``);
    ``other_wages``: the year's wages already paid (toward the wage base and the Medicare
    threshold). ``marginal``: the holder's marginal rate, to show what withholding falls short
    of (``None``: not shown). ``iso_limit``: the ISO limit a year, at grant-date fair market value.
    """

    supplemental: Decimal = Decimal("0.22")
    high: Decimal = Decimal("0.37")
    threshold: Decimal = Decimal(1_000_000)
    other_supplemental: Decimal = Decimal(0)
    state: Decimal | None = None
    fica: bool = False
    wage_base: Decimal | None = None
    other_wages: Decimal = Decimal(0)
    social_security: Decimal = Decimal("0.062")
    medicare: Decimal = Decimal("0.0145")
    additional_medicare: Decimal = Decimal("0.009")
    medicare_threshold: Decimal = Decimal(200_000)
    marginal: Decimal | None = None
    iso_limit: Decimal = Decimal(100_000)

    def check(self) -> TaxRates:
        """These rates, or an error naming each that is out of range."""
        found = []
        for name in (
            "supplemental", "high", "state", "social_security", "medicare",
            "additional_medicare", "marginal",
        ):  # fmt: skip
            rate = getattr(self, name)
            if rate is not None and not 0 <= rate <= 1:
                found.append(Problem(name, rate, "a rate from 0 to 100% (0.22 or 22%)"))
        if self.fica and self.wage_base is None:
            found.append(
                Problem("wage_base", MISSING, "the year's Social Security wage base (with FICA)")
            )
        for name in ("threshold", "iso_limit", "medicare_threshold"):
            if getattr(self, name) <= 0:
                found.append(Problem(name, getattr(self, name), "an amount > 0"))
        if found:
            raise InputError(found)
        return self
