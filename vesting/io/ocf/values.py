"""OCF values → exact values: ``Numeric`` strings, ``Monetary`` objects, dates, text and the
small helpers every OCF object converter uses. Each raises :class:`~vesting.errors.InputError`
naming the field (``TX_... 'id'.quantity``) with what OCF allows there.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final

from ...errors import MISSING, Field, InputError, Problem, sub, word
from ...model.checks import MAX_TEXT
from ..values import brief, parse_date

NUMERIC: Final = re.compile(r"[+-]?[0-9]{1,24}(\.[0-9]{1,10})?")
NUMERIC_FORMS: Final = "an OCF Numeric: a decimal number in a string ('1000', '0.25')"


def bad(field: Field, value: object, allowed: str) -> InputError:
    return InputError([Problem(field, brief(value), allowed)])


def obj(value: object, field: str) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise bad(field, value, "a JSON object")
    return value


def get(item: Mapping[str, object], key: str, field: str) -> object:
    """A required field."""
    if key not in item or item[key] is None:
        raise InputError([Problem(sub(field, key), MISSING, "a value (required by OCF)")])
    return item[key]


def numeric(value: object, field: str) -> Decimal:
    """An OCF ``Numeric`` (a decimal string; a JSON number is accepted too), exact."""
    if isinstance(value, bool):
        raise bad(field, value, NUMERIC_FORMS)
    if isinstance(value, int | Decimal):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise bad(field, value, NUMERIC_FORMS)
    if not NUMERIC.fullmatch(text):
        if isinstance(value, Decimal) and value.is_finite() and len(text) <= 40:
            number = value
            _, digits, exponent = number.as_tuple()
            if isinstance(exponent, int) and len(digits) + exponent <= 24 and -exponent <= 10:
                return number
        raise bad(field, value, NUMERIC_FORMS)
    return Decimal(text)


def whole(value: object, field: str, allowed: str = "a whole number of shares") -> int:
    """A ``Numeric`` that is a whole number >= 0."""
    number = numeric(value, field)
    if number < 0 or number != number.to_integral_value():
        raise bad(field, value, allowed)
    return int(number)


def fraction(value: object, field: str) -> Fraction:
    return Fraction(numeric(value, field))


def money(value: object, field: str) -> tuple[Decimal, str]:
    """An OCF ``Monetary`` object: ``(amount, currency)``; the amount >= 0."""
    item = obj(value, field)
    amount = numeric(get(item, "amount", field), f"{field}.amount")
    currency = get(item, "currency", field)
    if not isinstance(currency, str) or not re.fullmatch(r"[A-Z]{3}", currency):
        raise bad(sub(field, "currency"), currency, "an ISO 4217 currency code ('USD')")
    if amount < 0:
        raise bad(sub(field, "amount"), str(amount), "an amount >= 0")
    return amount, currency


def enum(value: object) -> object:
    """An OCF enum value by the word rule (:func:`vesting.errors.word`: any case, ``-``, ``_``
    or spaces alike) in OCF's own spelling (``option iso`` → ``OPTION_ISO``); a value that is
    not text as it is (for the caller to refuse)."""
    return word(value, "_").upper() if isinstance(value, str) else value


def date(value: object, field: str) -> _dt.date:
    return parse_date(value, field, relative=False)


def text(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise bad(field, value, f"a non-empty text of at most {MAX_TEXT} characters")
    return value


def unknown_keys(item: Mapping[str, object], known: Sequence[str], field: str) -> list[Problem]:
    """A problem for each key OCF does not define here (what this program cannot represent
    must not be dropped silently)."""
    return [
        Problem(sub(field, k), brief(v), "a field OCF defines here: " + ", ".join(known))
        for k, v in item.items()
        if k not in known
    ]
