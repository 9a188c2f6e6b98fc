"""Dates written out as people and spreadsheets write them — ``Dec 18, 2006``,
``18 December 2006``, ``18/12/2006``, ``2006/12/18`` — read when they name one day, refused
otherwise with what was probably meant (:func:`read_written`). ISO ``YYYY-MM-DD`` itself, and
the command line's ``today`` and ``+6m``, are read by :func:`vesting.io.values.parse_date`,
the one date converter, which calls this for any other text.

The rules:

* A written date has a day, a month and a year, in any order that names them: a month by its
  English name or abbreviation (``Dec``, ``Sept``, ``December``; any case), a day as 1 or 2
  digits (``18``, ``18th``), a year as 4 digits. Spaces, commas, ``/``, ``.`` and ``-``
  separate them; ``of`` may stand between day and month, and a weekday may lead if it is the
  right one (``Monday, Dec 18, 2006``; a wrong one is refused naming the right one).
* All digits (``18/12/2006``): the year first means year, month, day (``2006/12/18``, as ISO);
  the year last means day and month in either order — read when only one order names a day
  (``18/12/2006``: there is no month 18) or both give the same day (``03/03/2008``), refused
  naming both readings when they differ (``03/04/2008``: 2008-03-04 or 2008-04-03).
* Refused with what was probably meant, never read: a two-digit year (``12/18/06``: 2006 or
  1906? 2006 probably), a date with a time (``2006-12-18T10:00``), eight digits without separators
  (``20061218``), a misspelt month (``Decmber 18, 2006``).
* Text longer than ``MAX_TEXT`` characters is refused before anything is looked at.

python-dateutil resolves the day, month and year once the text has been checked to name
exactly those (it is never given anything else, so none of its guesses — a time, a missing day
taken from today — can slip in); it is imported only when a written date is read.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Final, NamedTuple

from ..errors import closest

MAX_TEXT: Final = 64
"""The longest text read as a written date (``Wednesday, the 18th of September, 2006`` is 38)."""

_MONTH_NAMES: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_DAY_NAMES: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS: Final = {
    **{name.lower(): i for i, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3].lower(): i for i, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}
"""English month names and abbreviations → month number (never the locale's: a file means the
same wherever it is read)."""
WEEKDAYS: Final = {
    **{name.lower(): i for i, name in enumerate(_DAY_NAMES)},
    **{name[:3].lower(): i for i, name in enumerate(_DAY_NAMES)},
    "tues": 1,
    "thur": 3,
    "thurs": 3,
}
_ORDINALS: Final = frozenset(("st", "nd", "rd", "th"))
_TOKEN = re.compile(r"[0-9]+|[A-Za-z]+|[\s,./-]+|.", re.S)
_SEPARATOR = re.compile(r"[\s,./-]+")
_WITH_TIME = re.compile(
    r"([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})(?:[Tt]|\s+)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?"
    r"\s*(?:[Zz]|[+-][0-9]{2}:?[0-9]{2})?"
)
_COMPACT = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")


class Reading(NamedTuple):
    """What a text says: the ``date`` it names, or why not (``detail``: what was probably
    meant, or what is missing; empty when the text is no written date at all)."""

    date: _dt.date | None
    detail: str = ""


NOT_A_DATE: Final = Reading(None)
NO_SUCH_DAY: Final = Reading(None, "no such day")


def read_written(text: str) -> Reading:
    """The day ``text`` names as a written date (see the module doc)."""
    text = text.strip()
    if len(text) > MAX_TEXT or not text.isascii():
        return NOT_A_DATE
    if m := _WITH_TIME.fullmatch(text):
        return _probably(_day_only(m.group(1)), "a date without a time")
    if m := _COMPACT.fullmatch(text):
        return _probably(_day_only("-".join(m.groups())), "YYYY-MM-DD, with its dashes")
    return _tokens(text)


def _day_only(text: str) -> _dt.date | None:
    """The day an ISO-like text names (``2006-12-18``, ``2006-1-5``), if it names one."""
    found = _tokens(text)
    return found.date


def _probably(meant: _dt.date | None, wanted: str) -> Reading:
    if meant is None:
        return Reading(None, wanted)
    return Reading(None, f"{wanted}: {meant.isoformat()} was probably meant")


class _Parts(NamedTuple):
    numbers: list[str]
    month: int | None
    weekday: int | None
    guessed: str
    """A misspelt month name read as the closest (empty: none was)."""


def _split(text: str) -> _Parts | None:
    """The numbers, month and weekday of ``text``; ``None`` when anything else is in it."""
    numbers: list[str] = []
    months: list[int] = []
    weekdays: list[int] = []
    guessed = ""
    previous = ""
    for token in _TOKEN.findall(text):
        if _SEPARATOR.fullmatch(token):
            previous = ""
            continue
        if token.isdigit():
            numbers.append(token)
        elif token.isalpha():
            key = token.lower()
            if (key in _ORDINALS and previous.isdigit()) or key in ("of", "the"):
                pass  # 18th, the 18th of December
            elif key in MONTHS:
                months.append(MONTHS[key])
            elif key in WEEKDAYS:
                weekdays.append(WEEKDAYS[key])
            else:
                close = closest(key, MONTHS, cutoff=0.75) if len(key) >= 3 else None
                if close is None or guessed:
                    return None
                guessed = token
                months.append(MONTHS[close])
        else:
            return None
        previous = token
    if len(months) > 1 or len(weekdays) > 1:
        return None
    return _Parts(
        numbers, months[0] if months else None, weekdays[0] if weekdays else None, guessed
    )


def _tokens(text: str) -> Reading:
    parts = _split(text)
    if parts is None:
        return NOT_A_DATE
    numbers, month = parts.numbers, parts.month
    if len(numbers) != (2 if month is not None else 3):
        return Reading(None, "a day, a month and a year") if 0 < len(numbers) < 3 else NOT_A_DATE
    years = [i for i, n in enumerate(numbers) if len(n) == 4]
    if any(len(n) not in (1, 2, 4) for n in numbers) or len(years) > 1:
        return NOT_A_DATE
    if not years:
        return _two_digit_year(numbers, month)
    year_at = years[0]
    if month is None and year_at == 1:
        return NOT_A_DATE  # 12/2006/18: no order anyone writes
    found = _resolve(numbers, month, year_at)
    if found.date is None:
        return found
    day = found.date
    if parts.weekday is not None and day.weekday() != parts.weekday:
        right, given = _DAY_NAMES[day.weekday()], _DAY_NAMES[parts.weekday]
        return Reading(None, f"{day.isoformat()} is a {right}, not a {given}")
    if parts.guessed:
        meant = f"'{parts.guessed}' read as {_MONTH_NAMES[day.month - 1]}"
        return Reading(None, f"{day.isoformat()} was probably meant ({meant})")
    return found


def _two_digit_year(numbers: list[str], month: int | None) -> Reading:
    """A date whose year has two digits: refused, with the likely reading (as POSIX reads two
    digits: 00–68 are 2000–2068, 69–99 are 1969–1999). The year is the first number when that
    cannot be a day (``99/12/18``), else the last."""
    year_at = 0 if int(numbers[0]) > 31 else len(numbers) - 1
    short = int(numbers[year_at])
    full = list(numbers)
    full[year_at] = str(short + (2000 if short <= 68 else 1900))
    found = _resolve(full, month, year_at)
    if found.date is None:
        return Reading(None, "a four-digit year")
    return Reading(None, f"a four-digit year: {found.date.isoformat()} was probably meant")


def _resolve(numbers: list[str], month: int | None, year_at: int) -> Reading:
    """The day named by the numbers (one of them the year, at ``year_at``) and the month."""
    if month is not None:
        day = numbers[1 - year_at]
        found = _one(f"{day} {_MONTH_NAMES[month - 1]} {numbers[year_at]}", dayfirst=True)
    elif year_at == 0:
        found = _one(" ".join(numbers), yearfirst=True)
    else:
        month_first = _one(" ".join(numbers), dayfirst=False)
        day_first = _one(" ".join(numbers), dayfirst=True)
        if month_first.date is None or day_first.date is None:
            found = day_first if month_first.date is None else month_first
        elif month_first.date != day_first.date:
            a, b = month_first.date.isoformat(), day_first.date.isoformat()
            return Reading(
                None,
                f"may be {a} (month first) or {b} (day first): write the one meant as YYYY-MM-DD",
            )
        else:
            found = month_first
    if found.date is not None and not _names(found.date, numbers, month, year_at):
        return NOT_A_DATE
    return found


def _names(day: _dt.date, numbers: list[str], month: int | None, year_at: int) -> bool:
    """``day`` is made of the given numbers and month, each used once (dateutil is checked,
    not trusted)."""
    rest = [int(n) for i, n in enumerate(numbers) if i != year_at]
    if month is not None:
        rest.append(month)
    return day.year == int(numbers[year_at]) and sorted(rest) == sorted((day.month, day.day))


_DEFAULTS: Final = (_dt.datetime(1904, 1, 1), _dt.datetime(1908, 2, 2))
"""Two defaults for what a text does not give: results that differ mean a part was missing."""


def _one(text: str, *, dayfirst: bool = False, yearfirst: bool = False) -> Reading:
    """The day dateutil reads in ``text`` (checked to hold a day, a month and a year only)."""
    parse = _parser()
    try:
        first, second = (
            parse(text, dayfirst=dayfirst, yearfirst=yearfirst, default=d) for d in _DEFAULTS
        )
    except (ValueError, OverflowError):
        return NO_SUCH_DAY
    if first != second or first.time() != _dt.time():
        return NOT_A_DATE
    found: _dt.date = first.date()
    return Reading(found)


def _parser() -> Any:
    """``dateutil.parser.parse``, imported when first needed (not for ISO dates, nor at
    start-up)."""
    from dateutil import parser

    return parser.parse
