"""Stock-split ratios as grant files and flags write them (:class:`~vesting.model.StockSplit`):
``N-for-M`` or ``N:M``, N new shares for every M old, each a whole number from 1 to
``MAX_RATIO`` — ``1-for-20`` is a reverse split, ``2-for-1`` a forward one."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Final

from ..errors import Field
from ..model.events import MAX_RATIO
from .values import bad

SPLIT_RATIO_FORMS: Final = (
    f"N-for-M or N:M, N new shares for every M old, each a whole number from 1 to "
    f"{MAX_RATIO:,} (1-for-20 is a reverse split, 2-for-1 a forward one)"
)
_SPLIT_RATIO = re.compile(r"([0-9]{1,7})\s*(?:-\s*for\s*-|\s+for\s+|:)\s*([0-9]{1,7})", re.I)


def parse_split_ratio(value: object, field: Field) -> Fraction:
    """A split ratio: ``"1-for-20"`` or ``"1:20"`` (new shares for old) → ``Fraction(1, 20)``;
    a ``Fraction`` as it is. Both numbers whole, from 1 to ``MAX_RATIO``."""
    if isinstance(value, Fraction):
        n, m = value.numerator, value.denominator
        if value > 0 and n <= MAX_RATIO and m <= MAX_RATIO:
            return value
        raise bad(field, value, SPLIT_RATIO_FORMS)
    match = _SPLIT_RATIO.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise bad(field, value, SPLIT_RATIO_FORMS)
    n, m = int(match.group(1)), int(match.group(2))
    if not (1 <= n <= MAX_RATIO and 1 <= m <= MAX_RATIO):
        raise bad(field, value, SPLIT_RATIO_FORMS)
    return Fraction(n, m)
