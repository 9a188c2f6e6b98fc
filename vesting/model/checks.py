"""Argument checks shared by the records: a record checks the type of every field once, when
it is built, so a caller's mistake (``Termination(reason="cause")``, ``VestingTerms(length=48)``,
``Acceleration(percent=0.5)``) is a clear error naming the field — or, for an enum given as its
string value, is simply understood — never an ``AttributeError`` deep inside a computation or a
silently wrong result.

Each function takes the record, the field's attribute name, the name to show and the error
class to raise (:class:`~vesting.errors.TermsError` or :class:`~vesting.errors.EventError`),
and may replace the value in place (a frozen dataclass: through its ``__dict__``) with the
coerced one.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any, Final, TypeVar

from ..errors import ArgumentError, Field, Problem, VestingError, invalid, sub, word

E = TypeVar("E", bound=Enum)

MAX_TEXT: Final = 200
"""The longest id or name (characters)."""
MAX_ITEMS: Final = 1000
"""The most items a list field holds (events of a grant, graded steps, milestones)."""
MAX_SHARES: Final = 10**18 - 1
"""The most shares a grant, an exercise or an acceleration counts (18 digits)."""


def date(record: Any, name: str, shown: Field, error: type[VestingError]) -> None:
    value = record.__dict__[name]
    if type(value) is not _dt.date:
        allowed = "a date (datetime.date, without a time)"
        raise invalid(shown, getattr(value, "isoformat", lambda: value)(), allowed, error)


def enum(record: Any, name: str, shown: Field, cls: type[E], error: type[VestingError]) -> None:
    """An enum member, or its value as a string (``"cause"`` → ``Reason.CAUSE``)."""
    value = record.__dict__[name]
    if type(value) is cls:
        return
    if isinstance(value, str):
        parse = getattr(cls, "parse", None)
        try:
            member = parse(value, shown) if parse is not None else cls(word(value))
        except (ValueError, VestingError):
            pass
        else:
            record.__dict__[name] = member
            return
    allowed = ", ".join(str(m.value) for m in cls)
    raise invalid(shown, value, f"one of {allowed} (a {cls.__name__} or its value)", error)


def whole(
    record: Any,
    name: str,
    shown: Field,
    error: type[VestingError],
    allowed: str,
    top: int = MAX_SHARES,
) -> None:
    """A whole number from 1 to ``top`` (an ``int``; ``allowed`` says of what)."""
    value = record.__dict__[name]
    if type(value) is not int or not 0 < value <= top:
        limit = "at most 18 digits" if top == MAX_SHARES else f"at most {top:,}"
        raise invalid(shown, value, f"{allowed} ({limit})", error)


def portion(record: Any, name: str, shown: Field, error: type[VestingError]) -> None:
    """An exact portion: a ``Fraction``, or an ``int`` or ``Decimal`` (made a ``Fraction``);
    never a float, whose value is not what it looks like."""
    value = record.__dict__[name]
    if type(value) is Fraction:
        return
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        if isinstance(value, Decimal) and not value.is_finite():
            raise invalid(shown, value, "a finite portion", error)
        record.__dict__[name] = Fraction(value)
        return
    allowed = "an exact portion: a Fraction such as Fraction(1, 4) (not a float)"
    raise invalid(shown, value, allowed, error)


def text(
    record: Any, name: str, shown: Field, error: type[VestingError], what: str = "text"
) -> None:
    value = record.__dict__[name]
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise invalid(shown, value, f"a non-empty {what} of at most {MAX_TEXT} characters", error)


def items(
    record: Any, name: str, shown: Field, kinds: tuple[type, ...], error: type[VestingError]
) -> None:
    """A tuple (a list is taken as one) of at most ``MAX_ITEMS`` records of ``kinds``."""
    value = record.__dict__[name]
    if isinstance(value, list):
        value = record.__dict__[name] = tuple(value)
    names = " or ".join(k.__name__ for k in kinds)
    if not isinstance(value, tuple) or len(value) > MAX_ITEMS:
        raise invalid(shown, value, f"a tuple of at most {MAX_ITEMS} {names} records", error)
    for i, item in enumerate(value, start=1):
        if not isinstance(item, kinds):
            raise invalid(sub(shown, i), item, f"a {names} record", error)


def article(noun: str) -> str:
    """``noun`` with its indefinite article (``an int``, ``a str``)."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def date_argument(on: object, function: str, name: str = "on") -> None:
    """A public function's date argument must be a ``datetime.date`` (not a datetime)."""
    if type(on) is not _dt.date:
        shown = on.isoformat() if isinstance(on, _dt.date) else on
        raise ArgumentError(
            [
                Problem(
                    name,
                    shown,
                    f"a datetime.date for {function}() (not {article(type(on).__name__)})",
                )
            ]
        )
