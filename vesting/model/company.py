"""The company's settings, as a grant file's ``[company]`` table states them (issue 22): its
``name``, its ``fiscal_year_end``, its ``shares_outstanding`` (one number, or values dated as of
each date) and its ``currency``. Commands use them; their flags override them.

Rules:

* ``fiscal_year_end`` is the month a fiscal year ends in (``3``: a year ending 31 March); a
  fiscal year always ends on the last day of that month (52/53-week years are not modelled).
* ``shares_outstanding`` as of a date is the value dated latest on or before it; one undated
  value holds on every date. A date before the first dated value has none (an error naming
  the first date). Two values for one date are refused.
* ``currency`` is an ISO 4217 code (``USD``); tables write money with its symbol
  (:meth:`Company.symbol`: ``$`` for USD, ``€`` for EUR, … else the code and a space).
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_right
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

from ..errors import MISSING, Field, InputError, Problem, TermsError

SYMBOLS: Final = {
    "USD": "$",
    "CAD": "CA$",
    "AUD": "A$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "CNY": "CN¥",
    "INR": "₹",
    "CHF": "CHF ",
}
"""Display symbols of common currencies; any other code is written before amounts."""


@dataclass(frozen=True)
class SharesOutstanding:
    """The company's shares outstanding: ``values`` are ``(date, shares)`` in date order, or
    one ``(None, shares)`` holding on every date (module rules)."""

    values: tuple[tuple[_dt.date | None, int], ...]

    def __post_init__(self) -> None:
        found: list[Problem] = []
        if not self.values:
            found.append(Problem("shares_outstanding", MISSING, "at least one value"))
        undated = [v for v in self.values if v[0] is None]
        if undated and len(self.values) > 1:
            found.append(
                Problem("shares_outstanding", "an undated value among dated ones",
                        "one number, or every value dated")
            )  # fmt: skip
        for i, (day, shares) in enumerate(self.values):
            if type(shares) is not int or shares <= 0:
                found.append(Problem(("shares_outstanding", i + 1, "shares"), shares,
                                     "a whole number of shares > 0"))  # fmt: skip
            if i and day is not None and (prev := self.values[i - 1][0]) is not None:
                if day == prev:
                    found.append(
                        Problem(("shares_outstanding", i + 1, "date"), day.isoformat(),
                                f"one value a date ({day} is given twice)")
                    )  # fmt: skip
                elif day < prev:
                    found.append(
                        Problem(("shares_outstanding", i + 1, "date"), day.isoformat(),
                                f"a date after {prev} (the values in date order)")
                    )  # fmt: skip
        if found:
            raise TermsError(found)

    @classmethod
    def of(cls, shares: int) -> SharesOutstanding:
        """One value holding on every date."""
        return cls(((None, shares),))

    def on(self, day: _dt.date, field: Field = "shares_outstanding") -> int:
        """The shares outstanding as of ``day`` (module rules)."""
        first = self.values[0]
        if first[0] is None:
            return first[1]
        dates = [d for d, _ in self.values if d is not None]
        at = bisect_right(dates, day)
        if at == 0:
            raise InputError(
                [Problem(field, day.isoformat(),
                         f"a date on or after {first[0]}, the first date the company's "
                         "shares_outstanding gives a value for")]
            )  # fmt: skip
        return self.values[at - 1][1]

    def average(self, start: _dt.date, end: _dt.date) -> Fraction:
        """The mean over the days ``start`` … ``end`` (inclusive) of the value of each day:
        a weighted average of shares outstanding, weighted by days (ASC 260-10-45-10)."""
        self.on(start)  # covered from the first day
        total = 0
        day = start
        days = (end - start).days + 1
        marks = [d for d, _ in self.values if d is not None and start < d <= end]
        for nxt in [*marks, end + _dt.timedelta(days=1)]:
            total += self.on(day) * (nxt - day).days
            day = nxt
        return Fraction(total, days)


@dataclass(frozen=True)
class Company:
    """A grant file's ``[company]`` settings (module rules); every field optional."""

    name: str | None = None
    fiscal_year_end: int | None = None
    """The month (1–12) a fiscal year ends in."""
    shares_outstanding: SharesOutstanding | None = None
    currency: str | None = None
    """An ISO 4217 code, upper case."""

    def __post_init__(self) -> None:
        found: list[Problem] = []
        fye = self.fiscal_year_end
        if fye is not None and (type(fye) is not int or not 1 <= fye <= 12):
            found.append(Problem("fiscal_year_end", fye, "a month, 1 to 12"))
        cur = self.currency
        if cur is not None and not (len(cur) == 3 and cur.isascii() and cur.isupper()):
            found.append(Problem("currency", cur, "an ISO 4217 code of three letters (USD)"))
        if found:
            raise TermsError(found)

    def symbol(self) -> str | None:
        """The symbol tables write money with (module rules), or ``None`` (no currency)."""
        if self.currency is None:
            return None
        return SYMBOLS.get(self.currency, f"{self.currency} ")
