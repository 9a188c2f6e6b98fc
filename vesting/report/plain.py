"""Typed values → plain JSON values (schema version 1, the same in JSON, JSON lines and CSV but
for shares with a fraction).

* shares: integers; under ``FRACTIONAL`` allocation a count that is not whole is, in JSON and
  JSON lines, its exact value as a string ``"n/d"`` in lowest terms, the denominator at least
  2 (``"9/2"``, ``"250/3"``: one form whether or not the decimal terminates, read back exactly
  by ``Fraction(text)`` or by splitting at ``/``); in CSV, a spreadsheet's cell, it is the
  printed figure, 4 decimals rounded half up (``"83.3333"``, :func:`vesting.shares.shares_text`
  without separators). A whole count is an integer everywhere, whatever the allocation;
* money: strings with exactly two decimals (``"1234.50"``); prices and per-share values:
  exact decimal strings with at least two decimals (``"45.00"``, ``"12.125"``);
* percents: strings rounded half up to two decimals (``"2.08"``), a display aid;
* numbers (years, rates): decimal strings (``"6.2500"``, ``"0.35"``);
* dates: ``"YYYY-MM-DD"``; missing: ``null`` (JSON) or an empty cell (CSV).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from math import floor
from typing import Any, Final

from ..dates import Period
from ..errors import Problem
from ..money import in_cents
from ..shares import as_shares, shares_text
from .columns import Column

SCHEMA_VERSION: Final = 1


def shares_plain(x: int | Fraction) -> int | str:
    """A share count in JSON: an ``int`` when whole, else its exact ``"n/d"`` (lowest terms)."""
    if type(x) is int:
        return x
    if isinstance(x, Fraction):
        return x.numerator if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    return int(x)


def shares_cell(x: int | Fraction) -> int | str:
    """A share count in a CSV cell: an ``int`` when whole, else the printed figure with no
    separators (``"83.3333"``: :func:`vesting.shares.shares_text`)."""
    if type(x) is int:
        return x
    count = as_shares(x)
    return count if type(count) is int else shares_text(count, "")


def money_plain(amount: Decimal) -> str:
    """A money amount (already in cents) as a string with exactly two decimals."""
    return format(in_cents(amount), "f")


def price_plain(amount: Decimal) -> str:
    """A price, exact, with at least two decimals."""
    exponent = amount.as_tuple().exponent
    if not isinstance(exponent, int):
        return str(amount)
    return format(in_cents(amount) if exponent > -2 else amount, "f")


def percent_plain(part: int | Fraction, whole: int | Fraction) -> str:
    """``part`` as a percent of ``whole``, rounded half up to two decimals."""
    if not whole:
        return "0.00"
    if type(part) is int and type(whole) is int:
        hundredths = (2 * 10000 * part + whole) // (2 * whole)
    else:
        hundredths = floor(Fraction(part) * 10000 / Fraction(whole) + Fraction(1, 2))
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def _date_plain(d: _dt.date) -> str:
    return d.isoformat()


def _same(x: object) -> object:
    return x


PLAIN: Final[Mapping[str, Callable[[Any], object]]] = {
    "text": _same,
    "shares": shares_plain,
    "money": money_plain,
    "price": price_plain,
    "percent": _same,
    "number": _same,
    "date": _date_plain,
}
"""The plain form of a non-missing value, by column kind."""


def plain_row(row: tuple[object, ...], columns: tuple[Column, ...]) -> dict[str, object]:
    """A typed row as a dict of plain values (``None`` stays ``None``)."""
    return {
        c.key: None if v is None else PLAIN[c.kind](v) for c, v in zip(columns, row, strict=True)
    }


def to_plain(obj: object) -> Any:
    """Any result record (a NamedTuple or frozen dataclass), or a value inside one, as
    JSON-ready data: dates → ISO strings, ``Decimal`` → exact strings, ``Fraction`` shares →
    ``int`` or ``"n/d"``, enums → their values, periods → ``"12m"``/``"90d"``, records → dicts
    of their fields (a :class:`Problem` also gets its ``message``), tuples → lists."""
    if obj is None or isinstance(obj, bool | int | str):
        return obj
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, _dt.date):
        return obj.isoformat()
    if isinstance(obj, Decimal):
        return price_plain(obj)
    if isinstance(obj, Fraction):
        return shares_plain(obj)
    if isinstance(obj, Period):
        return str(obj)
    if isinstance(obj, Problem):
        return problem_plain(obj)
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # a NamedTuple record
        out = {name: to_plain(getattr(obj, name)) for name in obj._fields}
        for key in ("realizable_value", "unvested_value", "total_value"):
            if isinstance(out.get(key), str):
                out[key] = money_plain(getattr(obj, key))
        return out
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, Mapping):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_plain(v) for v in obj]
    return str(obj)


def problem_plain(p: Problem) -> dict[str, object]:
    return {
        "location": p.location.text(),
        "field": p.field,
        "value": _problem_value(p.value),
        "allowed": p.allowed,
        "message": p.message(),
    }


def _problem_value(value: object) -> object:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    plain = to_plain(value)
    return plain if isinstance(plain, str) else str(value)
