"""Text → exact values: the one place that turns what a person typed, or what a TOML, JSON or
CSV reader produced, into dates, numbers, portions and enums.

Every function takes the value and the *field* it came from and returns an exact value, or
raises :class:`~vesting.errors.InputError` naming that field, the value given and the forms
allowed. Field names are the library's (``as_of``, ``shares``); the command line relabels them
with its option names. Nothing here uses ``float``: a float that arrives anyway (a Python
caller's ``0.25``) goes through ``Decimal(str(x))``.

Forms accepted:

* **dates**: ISO ``YYYY-MM-DD``, or written out when that names one day (``Dec 18, 2006``,
  ``18 December 2006``, ``18/12/2006``, ``2006/12/18``; ``03/04/2008`` is refused naming both
  readings — the rules are :mod:`vesting.io.datetext`'s); where ``relative`` is allowed (the
  command line, never files) also ``today`` and ``+6m``, ``+1y``, ``-30d``, ``+2w`` relative to
  today (calendar months and years, clamped to the month's last day). ``today`` is a parameter
  so tests can fix it. One converter for every format and option (:func:`parse_date`).
* **portions**: ``"25%"``, ``"1/4"``, ``"0.25"``, ``0``, ``1`` → ``Fraction(1, 4)``; 0 to 1.
* **money**: ``30``, ``"30.25"``, ``"1,000.50"``, ``"$1,000.50"``, ``Decimal`` → ``Decimal``;
  >= 0.
* **shares**: ``2000000``, ``"2,000,000"``, ``"2_000_000"`` → ``int`` > 0.
* Thousands separators, in shares and money alike: commas between every group of three digits
  (``1,000,000``, never ``1,00,000`` or ``1000,000``), or underscores between digits
  (``1_000_000``); money may also start with ``$``.
* **periods**: ``48`` (months), ``"48m"``, ``"4y"``, ``"365d"`` (see :class:`vesting.Period`).

Digits are ASCII digits only, and every number is bounded by its number of digits before it is
converted (``MAX_DIGITS``), so no input can reach Python's integer-string limit or make the
program work in proportion to a number's size.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final, TypeVar

from ..allocation import Allocation
from ..dates import MAX_DATE, MAX_DAYS, MIN_DATE, DayOfMonth, Period, add_months
from ..errors import NOWHERE, Field, InputError, Location, Problem, VestingError, closest, sub, word
from ..model import Calendar, Kind, LeaveTolling, Method, Reason, SplitRounding, Trigger
from ..money import MAX_DIGITS as MAX_DIGITS_MONEY
from ..money import is_amount
from .datetext import MAX_TEXT as MAX_DATE_TEXT
from .datetext import read_written

DATE_FORMS: Final = (
    "an ISO date YYYY-MM-DD, 'today', or +N/-N with d, w, m or y relative to today (+6m)"
)
FILE_DATE_FORMS: Final = "an ISO date YYYY-MM-DD"
WRITTEN_FORMS: Final = "a date written out (Dec 18, 2006; 18 December 2006; 18/12/2006)"
"""Named when a text is no date at all (a date that names no day is refused saying why)."""

MAX_DIGITS: Final = 18
"""The most digits a whole number may have (shares up to 999,999,999,999,999,999)."""

_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RELATIVE = re.compile(r"([+-])\s*([0-9]{1,6})\s*(d|days?|w|weeks?|m|mo|months?|y|years?)", re.I)
_DECIMAL = re.compile(r"([0-9]*)(?:\.([0-9]*))?")
_RATIO = re.compile(r"([0-9]{1,18})\s*/\s*([0-9]{1,18})")
_GROUPED = r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:_[0-9]+)*"
_SHARES = re.compile(_GROUPED)
_MONEY = re.compile(rf"\$?\s*({_GROUPED})?(?:\.([0-9]*))?")


def bad(field: Field, value: object, allowed: str) -> InputError:
    """An :class:`InputError` with one problem (build it, then ``raise``)."""
    return InputError([Problem(field, value, allowed)])


def as_input(error: VestingError) -> InputError:
    """The same problems as an :class:`InputError` (a record's own rule, met while reading)."""
    return error if isinstance(error, InputError) else InputError(error.problems)


def renamed(
    error: VestingError,
    record: str,
    field: Field,
    given: Mapping[str, object] | None = None,
) -> InputError:
    """A record's own problems, named by where its values came from: the record's field
    ``(record, part)`` becomes ``(*field, part)`` (``acceleration.percent`` →
    ``events[2].percent``), and the value is what was given for that part when ``given`` has
    it (the text, not the converted value). The record states the rule once; readers only say
    where the value was."""
    out = []
    for p in error.problems:
        if p.head != record:
            out.append(p)
            continue
        rest = p.path[1:]
        part = rest[0] if rest else None
        value = (
            given[part]
            if given is not None and isinstance(part, str) and part in given
            else (p.value)
        )
        out.append(Problem((*sub(field), *rest), value, p.allowed, p.location))
    return InputError(out)


def unknown(
    path: Field, value: object, known: Sequence[str], what: str, location: Location = NOWHERE
) -> Problem:
    """An unknown key, with a suggestion when it is close to a known one."""
    key = path if isinstance(path, str) else str(path[-1])
    close = closest(key, known)
    hint = f"did you mean '{close}'? " if close else ""
    return Problem(path, value, f"not {what} — {hint}allowed: {', '.join(known)}", location)


def brief(value: object) -> object:
    """A short stand-in for a big value in a message."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return value


# ----------------------------------------------------------------------------------- dates


def parse_date(
    value: object,
    field: Field = "date",
    *,
    today: _dt.date | None = None,
    relative: bool = True,
) -> _dt.date:
    """A date from ``value`` (see the module doc): a ``datetime.date``, ISO text, a written
    date (:func:`vesting.io.datetext.read_written`) and, unless ``relative=False`` (files),
    ``today`` and relative dates. Text longer than any date is refused unread."""
    if type(value) is str and len(value) == 10 and value[4] == "-" == value[7]:
        # the common case, an ISO date without spaces: checked as the general path would
        try:
            quick = _dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if value.isascii() and MIN_DATE <= quick <= MAX_DATE and _ISO.fullmatch(value):
                return quick
    allowed = DATE_FORMS if relative else FILE_DATE_FORMS
    if isinstance(value, _dt.datetime):
        meant = value.date().isoformat()
        detail = f"a date without a time: {meant} was probably meant"
        raise bad(field, value.isoformat(), f"{allowed}: {detail}")
    result: _dt.date
    if isinstance(value, _dt.date):
        result = value
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_DATE_TEXT:
            raise bad(field, value, f"{allowed}, or {WRITTEN_FORMS}")
        if _ISO.fullmatch(text):
            try:
                result = _dt.date.fromisoformat(text)
            except ValueError:
                raise bad(field, value, f"{allowed}: no such day") from None
        elif relative and text.lower() == "today":
            result = today if today is not None else _dt.date.today()
        elif relative and (m := _RELATIVE.fullmatch(text)):
            result = _relative(m, today, field, value)
        else:
            reading = read_written(text)
            if reading.date is None:
                detail = reading.detail
                shown = f"{allowed}: {detail}" if detail else f"{allowed}, or {WRITTEN_FORMS}"
                raise bad(field, value, shown)
            result = reading.date
    else:
        raise bad(field, value, allowed)
    if not MIN_DATE <= result <= MAX_DATE:
        raise bad(field, result.isoformat(), f"a date from {MIN_DATE} to {MAX_DATE}")
    return result


def _relative(m: re.Match[str], today: _dt.date | None, field: Field, value: str) -> _dt.date:
    n = int(m.group(2)) * (1 if m.group(1) == "+" else -1)
    unit = m.group(3).lower()[0]
    base = today if today is not None else _dt.date.today()
    try:
        if unit in "dw":
            return base + _dt.timedelta(days=n * (7 if unit == "w" else 1))
        return add_months(base, n * (12 if unit == "y" else 1))
    except (OverflowError, VestingError):
        raise bad(field, value, f"a date from {MIN_DATE} to {MAX_DATE}") from None


def parse_dates(
    values: Sequence[str], field: Field, *, today: _dt.date | None = None
) -> tuple[_dt.date, ...]:
    """Several dates (a repeated option); every malformed one is reported."""
    out: list[_dt.date] = []
    problems: list[Problem] = []
    for text in values:
        try:
            out.append(parse_date(text, field, today=today))
        except VestingError as e:
            problems.extend(e.problems)
    if problems:
        raise InputError(problems)
    return tuple(out)


# --------------------------------------------------------------------------------- numbers


def decimal_of(value: object) -> Decimal | None:
    """An exact Decimal from an int, Decimal, float (via its repr) or plain decimal text
    (digits with an optional decimal point), or ``None``. Bounded: at most ``MAX_DIGITS``
    digits before the point and 12 after; non-finite values are ``None``."""
    if isinstance(value, bool):
        return None
    number: Decimal
    if isinstance(value, int):
        if value.bit_length() > 64:
            return None
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        m = _DECIMAL.fullmatch(text)
        if not m or not (m.group(1) or m.group(2)):
            return None
        if len(m.group(1)) > MAX_DIGITS + 6 or len(m.group(2) or "") > 24:
            return None
        number = Decimal(text)
    else:
        return None
    if not number.is_finite():
        return None
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    whole = len(digits) + exponent
    if whole > MAX_DIGITS + 6 or -exponent > 24:
        return None
    return number


PORTION_FORMS: Final = (
    "a portion from 0 to 1: a percent '25%', a fraction '1/4' or a decimal '0.25'"
)


def parse_portion(value: object, field: Field) -> Fraction:
    """An exact portion in [0, 1] from ``"25%"``, ``"1/4"``, ``"0.25"``, 0, 1 or a Fraction."""
    result: Fraction | None = None
    if isinstance(value, Fraction):
        result = value
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            number = decimal_of(text[:-1].strip())
            result = None if number is None else Fraction(number) / 100
        elif m := _RATIO.fullmatch(text):
            if int(m.group(2)) != 0:
                result = Fraction(int(m.group(1)), int(m.group(2)))
        else:
            number = decimal_of(text)
            result = None if number is None else Fraction(number)
    else:
        number = decimal_of(value)
        result = None if number is None else Fraction(number)
    if result is None or not 0 <= result <= 1:
        raise bad(field, value, PORTION_FORMS)
    return result


MONEY_FORMS: Final = (
    f"an amount >= 0 such as 30, 30.25 or $1,000.50 (thousands separated as in shares; at most "
    f"{MAX_DIGITS_MONEY[0]} digits before the point and {MAX_DIGITS_MONEY[1]} after)"
)


def parse_money(value: object, field: Field) -> Decimal:
    """A money amount >= 0 as an exact Decimal: a number, or text of digits with an optional
    decimal point, a leading ``$`` and thousands separators (the module doc's rule, the same as
    for shares: ``"$1,000.50"`` is 1000.50, ``"1,00.5"`` is refused).

    Bounded to ``MAX_MONEY_DIGITS`` so that every product the program forms with it stays
    exact (money arithmetic is done in integers and fractions, never in a rounding context).
    """
    if isinstance(value, str) and ("," in value or "$" in value or "_" in value):
        amount: object = plain_amount(value)
    else:
        amount = value
    number = decimal_of(amount)
    if number is None or not is_amount(number):
        raise bad(field, value, MONEY_FORMS)
    return number


def plain_amount(text: str) -> str:
    """Amount text without its ``$`` and thousands separators (``"$1,000.50"`` →
    ``"1000.50"``); text that is no amount, or is longer than any, is returned as it is (for
    :func:`decimal_of` to refuse)."""
    stripped = text.strip()
    if len(stripped) > 2 * (MAX_DIGITS + 24) or not (m := _MONEY.fullmatch(stripped)):
        return text
    whole, cents = m.group(1) or "", m.group(2)
    plain = whole.replace(",", "").replace("_", "")
    return plain if cents is None else f"{plain}.{cents}"


RATE_FORMS: Final = "a rate as a decimal or a percent (0.03 or 3%)"


def parse_rate(value: object, field: Field) -> Decimal:
    """An annual rate as an exact ``Decimal`` fraction, from ``"0.03"``, ``"3%"`` or a number;
    a leading minus sign is allowed (a negative risk-free rate). Never guessed: ``3`` is 300%
    (the record bounds each rate, so that is an error, not a silent reading as 3%)."""
    text: object = value
    negative = False
    percent = False
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("-"):
            negative, text = True, text[1:].strip()
        if text.endswith("%"):
            percent, text = True, text[:-1].strip()
    elif isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
        negative, text = True, -value
    number = decimal_of(text)
    if number is None:
        raise bad(field, value, RATE_FORMS)
    if percent:
        number = number.scaleb(-2)
    return -number if negative else number


TERM_FORMS: Final = "a number of years such as 6.25, or sab107 (the simplified method)"


def parse_expected_term(value: object, field: Field) -> Decimal | str:
    """An expected term: years (``6.25``, ``"6.25y"``) or ``"sab107"``."""
    if isinstance(value, str):
        text = value.strip().lower()
        if word(text) in ("sab107", "sab-107", "simplified"):
            return "sab107"
        value = text[:-1] if text.endswith("y") else text
    number = decimal_of(value)
    if number is None:
        raise bad(field, value, TERM_FORMS)
    return number


SHARES_FORMS: Final = (
    f"a whole number of shares > 0 (2000000, 2,000,000 or 2_000_000; at most {MAX_DIGITS} digits)"
)
_MAX_SHARES: Final = 10**MAX_DIGITS


def parse_shares(value: object, field: Field) -> int:
    """A whole number of shares > 0 (at most ``MAX_DIGITS`` digits)."""
    result: int | None = None
    if type(value) is str:
        text = value.strip()
        if text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS:  # the common case
            result = int(text)
        elif len(text) <= 2 * MAX_DIGITS and _SHARES.fullmatch(text):
            result = int(text.replace(",", "").replace("_", ""))
    elif isinstance(value, bool):
        result = None
    elif isinstance(value, int):
        result = value
    elif isinstance(value, Decimal | float):
        number = decimal_of(value)
        if number is not None and number == number.to_integral_value():
            result = int(number)
    if result is None or not 0 < result < _MAX_SHARES:
        raise bad(field, value, SHARES_FORMS)
    return result


def parse_bool(value: object, field: Field) -> bool:
    """``true``/``false`` (also yes/no, 1/0 in text, for CSV cells)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        key = value.strip().lower()
        if key in ("true", "yes", "y", "1"):
            return True
        if key in ("false", "no", "n", "0"):
            return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise bad(field, value, "true or false")


PERIOD_FORMS: Final = "a period such as 12 (months), '12m', '1y' or '365d' (>= 0)"


def parse_period(value: object, field: Field) -> Period:
    """A period as :meth:`vesting.Period.parse` reads it (a bare number is months)."""
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        if abs(value.adjusted()) > MAX_DIGITS:
            raise bad(field, value, PERIOD_FORMS)
        value = int(value)
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise bad(field, value, PERIOD_FORMS)
    try:
        return Period.parse(value, field)
    except VestingError as e:
        raise as_input(e) from None


E = TypeVar("E")


def _enum(parse: Callable[[str, Field], E], value: object, field: Field) -> E:
    """An enum member by its record's own parser (the record lists what is allowed)."""
    try:
        return parse(value if isinstance(value, str) else str(value), field)
    except VestingError as e:
        raise as_input(e) from None


def parse_reason(value: object, field: Field = "reason") -> Reason:
    return _enum(Reason.parse, value, field)


def parse_trigger(value: object, field: Field = "trigger") -> Trigger:
    return _enum(Trigger.parse, value, field)


def parse_method(value: object, field: Field = "method") -> Method:
    return _enum(Method.parse, value, field)


def parse_kind(value: object, field: Field = "kind") -> Kind:
    return _enum(Kind.parse, value, field)


def parse_day_of_month(value: object, field: Field = "day_of_month") -> DayOfMonth:
    return _enum(DayOfMonth.parse, value, field)


def parse_leave_tolling(value: object, field: Field = "leave_tolling") -> LeaveTolling:
    return _enum(LeaveTolling.parse, value, field)


def parse_calendar(value: object, field: Field = "calendar") -> Calendar | None:
    """``quarter``, ``half``, ``year`` (or a synonym, :meth:`~vesting.Calendar.parse`); ``none``,
    ``false`` or an empty cell for a grid not aligned to the calendar."""
    if value is False or (isinstance(value, str) and word(value) in ("", "none", "no")):
        return None
    return _enum(Calendar.parse, value, field)


def parse_split_rounding(value: object, field: Field = "split_rounding") -> SplitRounding:
    return _enum(SplitRounding.parse, value, field)


DAYS_FORMS: Final = "a number of days such as 30 or '30d'"
_DAYS = re.compile(r"([0-9]{1,6})\s*(?:d|days?)?", re.I)


def parse_days(value: object, field: Field) -> int:
    """A whole number of days: ``30``, ``"30"``, ``"30d"`` (at most ``MAX_DAYS``)."""
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        value = int(value) if abs(value.adjusted()) <= MAX_DIGITS else value
    count: int | None = None
    if type(value) is int:
        count = value
    elif isinstance(value, str) and (m := _DAYS.fullmatch(value.strip())):
        count = int(m.group(1))
    if count is None or not 0 <= count <= MAX_DAYS:
        raise bad(field, value, f"{DAYS_FORMS} (0 to {MAX_DAYS})")
    return count


def parse_allocation(value: object, field: Field = "allocation") -> Allocation:
    return _enum(Allocation.parse, value, field)


def parse_text(value: object, field: Field) -> str:
    """Non-empty text (an id, a name); a whole number is taken as its digits."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() <= 64:
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise bad(field, value, "non-empty text")
    return value.strip()
