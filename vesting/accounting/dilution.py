"""Dilution: what grants are as a share of the company.

With ``outstanding`` shares of the company (a count the user gives, e.g. 104,214,049 from a
filing's cover page, which does not include shares under unexercised grants):

* percent of outstanding = granted ÷ outstanding;
* fully diluted percent = granted ÷ (outstanding + granted): the grants are counted as if
  every share under them were issued. Each grant's row counts that grant's shares; the
  total row counts every grant's (so a grant's fully diluted percent is what it alone would
  dilute, and the total's what all of them together would).

Granted shares are the shares of each grant as granted (forfeited, cancelled or expired shares
included): dilution as awarded. Percents are exact fractions here; reports write them as
strings rounded half up to two decimals, like every percent.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Final, NamedTuple

from ..errors import InputError, Problem

MAX_OUTSTANDING: Final = 10**18 - 1


class Dilution(NamedTuple):
    of_outstanding: Fraction
    fully_diluted: Fraction


def check_outstanding(outstanding: object) -> int:
    """``outstanding`` as a share count, or an error saying what is allowed."""
    if type(outstanding) is not int or not 0 < outstanding <= MAX_OUTSTANDING:
        raise InputError(
            [
                Problem(
                    "shares_outstanding",
                    outstanding,
                    "a whole number of shares > 0 (at most 18 digits)",
                )
            ]
        )
    return outstanding


def dilution(granted: int | Fraction, outstanding: int) -> Dilution:
    """The percents of the module doc, as fractions of 1."""
    return Dilution(
        Fraction(granted) / outstanding, Fraction(granted) / (outstanding + Fraction(granted))
    )
