"""How shares are rounded: the seven Open Cap Table Format allocation types.

A schedule is a sequence of *installments*, each an exact portion (a :class:`Fraction`) of the
grant; the portions sum to exactly 1. This module turns a share count and those portions into
whole shares per installment (or exact fractions, for ``FRACTIONAL``). The total allocated is
always exactly the grant.

With ``T`` shares, installment portions ``p_1 … p_n`` and ``P_k = p_1 + … + p_k``:

``CUMULATIVE_ROUND_DOWN`` (the default)
    vested after k installments = ``floor(T × P_k)``.
``CUMULATIVE_ROUNDING``
    vested after k installments = ``T × P_k`` rounded half *up* (not banker's rounding).
``FRONT_LOADED`` / ``BACK_LOADED``
    each installment gets ``floor(T × p_i)``; the remainder ``R = T − Σ floor(T × p_i)`` (fewer
    than n shares) is handed out one share each to the first (last) R installments.
``FRONT_LOADED_TO_SINGLE_TRANCHE`` / ``BACK_LOADED_TO_SINGLE_TRANCHE``
    the same floors; the whole remainder goes to the first (last) installment.
``FRACTIONAL``
    exactly ``T × p_i`` each: an ``int`` when it is whole, else a
    :class:`~vesting.shares.FractionalShares` (an exact ``Fraction``; see :mod:`vesting.shares`
    for how one adds up and prints).

For 18 shares over 4 equal installments these give 4-5-4-5, 5-4-5-4, 5-5-4-4, 4-4-5-5, 6-4-4-4,
4-4-4-6 and 4.5 × 4.

Installments are given run-length encoded (``Runs``: ``((count, portion), …)``) so a 48-month
grid is one run, and the cumulative amount after any k installments is computed in
O(number of runs) — the closed form the engine uses for ``vested()`` without building the
schedule.

Two implementations of the same rules: :func:`cumulative` works on ``Fraction`` portions (the
general path, written straight from the definitions), and :class:`Plan` — what the engine
uses — puts every portion over one common denominator once, so each cumulative amount is
integer arithmetic only (``total × N_k // D`` for the default rounding; for one run of equal
installments ``N_k = k`` and ``D = n``). The tests check that the two agree on every
allocation type and share count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache
from math import floor, lcm

from .errors import Field, invalid, word
from .shares import FractionalShares as FractionalShares
from .shares import Shares as Shares
from .shares import as_shares

Runs = tuple[tuple[int, Fraction], ...]
"""Installment portions, run-length encoded: ``((count, portion per installment), …)``."""


class Allocation(StrEnum):
    """OCF ``AllocationType``."""

    CUMULATIVE_ROUND_DOWN = "CUMULATIVE_ROUND_DOWN"
    CUMULATIVE_ROUNDING = "CUMULATIVE_ROUNDING"
    FRONT_LOADED = "FRONT_LOADED"
    BACK_LOADED = "BACK_LOADED"
    FRONT_LOADED_TO_SINGLE_TRANCHE = "FRONT_LOADED_TO_SINGLE_TRANCHE"
    BACK_LOADED_TO_SINGLE_TRANCHE = "BACK_LOADED_TO_SINGLE_TRANCHE"
    FRACTIONAL = "FRACTIONAL"

    @classmethod
    def parse(cls, text: str, field: Field = "allocation") -> Allocation:
        """Accept the OCF name by the word rule (:func:`vesting.errors.word`: any case, ``-``,
        ``_`` or spaces between its parts)."""
        key = word(text, "_").upper()
        try:
            return cls(key)
        except ValueError:
            allowed = ", ".join(a.value for a in cls)
            raise invalid(field, text, f"expected one of {allowed}") from None


def _n(runs: Runs) -> int:
    return sum(c for c, _ in runs)


def _floors_before(total: int, runs: Runs, k: int) -> int:
    """Σ floor(total × p_i) over the first k installments."""
    acc = 0
    left = k
    for count, portion in runs:
        if left <= 0:
            break
        take = min(count, left)
        acc += take * floor(total * portion)
        left -= take
    return acc


def _portion_before(runs: Runs, k: int) -> Fraction:
    """P_k: the exact portion of the first k installments."""
    acc = Fraction(0)
    left = k
    for count, portion in runs:
        if left <= 0:
            break
        take = min(count, left)
        acc += take * portion
        left -= take
    return acc


def cumulative(total: int, runs: Runs, k: int, allocation: Allocation) -> Shares:
    """Shares allocated to the first ``k`` installments (0 <= k <= n) — the closed form."""
    n = _n(runs)
    if k <= 0:
        return 0
    if k >= n:
        return total
    if allocation is Allocation.FRACTIONAL:
        return as_shares(total * _portion_before(runs, k))
    if allocation is Allocation.CUMULATIVE_ROUND_DOWN:
        return floor(total * _portion_before(runs, k))
    if allocation is Allocation.CUMULATIVE_ROUNDING:
        return floor(total * _portion_before(runs, k) + Fraction(1, 2))
    base = _floors_before(total, runs, k)
    remainder = total - _floors_before(total, runs, n)
    if allocation is Allocation.FRONT_LOADED:
        return base + min(k, remainder)
    if allocation is Allocation.BACK_LOADED:
        return base + max(0, k - (n - remainder))
    if allocation is Allocation.FRONT_LOADED_TO_SINGLE_TRANCHE:
        return base + remainder
    # BACK_LOADED_TO_SINGLE_TRANCHE: the remainder lands only with the last installment (k == n).
    return base


def amounts(total: int, runs: Runs, allocation: Allocation) -> list[Shares]:
    """Shares of every installment, in order; they sum to exactly ``total``."""
    n = _n(runs)
    cums = [cumulative(total, runs, k, allocation) for k in range(n + 1)]
    return [cums[i + 1] - cums[i] for i in range(n)]


def runs_of(portions: Sequence[Fraction]) -> Runs:
    """Run-length encode a list of installment portions."""
    out: list[tuple[int, Fraction]] = []
    for p in portions:
        if out and out[-1][1] == p:
            out[-1] = (out[-1][0] + 1, p)
        else:
            out.append((1, p))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Plan:
    """Installment portions as integers over one denominator: the integer form of ``Runs``.

    Installment i's portion is ``numerator / den``; ``runs`` are ``(count, numerator)`` pairs
    (run-length encoded, like :data:`Runs`), ``n`` the number of installments. Build one with
    :func:`plan_of`. ``equal`` is true for one run of equal installments (``den == n``, every
    numerator 1): the common grid, where ``N_k = k``.
    """

    den: int
    runs: tuple[tuple[int, int], ...]
    n: int
    equal: bool

    def numerator(self, k: int) -> int:
        """``N_k``: the first k installments' portion is ``N_k / den``."""
        if self.equal:
            return k
        acc = 0
        left = k
        for count, num in self.runs:
            if left <= 0:
                break
            take = count if count < left else left
            acc += take * num
            left -= take
        return acc

    def _floors(self, total: int, k: int) -> int:
        """Σ floor(total × p_i) over the first k installments."""
        den = self.den
        acc = 0
        left = k
        for count, num in self.runs:
            if left <= 0:
                break
            take = count if count < left else left
            acc += take * (total * num // den)
            left -= take
        return acc

    def cumulative(self, total: Shares, k: int, allocation: Allocation) -> Shares:
        """Shares allocated to the first ``k`` installments — integer arithmetic only.

        ``total`` is an ``int``, or (only under ``FRACTIONAL``, where the allocation is linear)
        a ``Fraction``.
        """
        if k <= 0:
            return 0
        if k >= self.n:
            return total
        if allocation is Allocation.CUMULATIVE_ROUND_DOWN and type(total) is int:
            return total * (k if self.equal else self.numerator(k)) // self.den
        return self._other(total, k, allocation)

    def _other(self, total: Shares, k: int, allocation: Allocation) -> Shares:
        if allocation is Allocation.FRACTIONAL or type(total) is not int:
            return as_shares(Fraction(total * self.numerator(k), self.den))
        if allocation is Allocation.CUMULATIVE_ROUND_DOWN:
            return total * self.numerator(k) // self.den
        if allocation is Allocation.CUMULATIVE_ROUNDING:
            # floor(total × N/D + 1/2) = (2 × total × N + D) // (2 × D): half up, never to even.
            return (2 * total * self.numerator(k) + self.den) // (2 * self.den)
        if self.equal:
            each, remainder = divmod(total, self.n)
            base = each * k
        else:
            base = self._floors(total, k)
            remainder = total - self._floors(total, self.n)
        if allocation is Allocation.FRONT_LOADED:
            return base + (k if k < remainder else remainder)
        if allocation is Allocation.BACK_LOADED:
            extra = k - (self.n - remainder)
            return base + (extra if extra > 0 else 0)
        if allocation is Allocation.FRONT_LOADED_TO_SINGLE_TRANCHE:
            return base + remainder
        return base  # BACK_LOADED_TO_SINGLE_TRANCHE: the remainder only with the last (k == n)


@lru_cache(maxsize=1024)
def plan_of(runs: Runs) -> Plan:
    """The :class:`Plan` of run-length encoded portions (cached: terms repeat across grants)."""
    den = lcm(*(p.denominator for _, p in runs)) if runs else 1
    ints = tuple((c, p.numerator * (den // p.denominator)) for c, p in runs)
    n = sum(c for c, _ in runs)
    equal = len(ints) == 1 and ints[0][1] == 1 and den == n
    return Plan(den, ints, n, equal)
