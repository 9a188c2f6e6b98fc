"""Text → exact values: the input edge shared by grant files, price files and the CLI.

Every function here takes what a person typed (or what a TOML/JSON/CSV reader produced) and
returns an exact value, or raises :class:`~vesting.errors.InputError` naming the field (or
command-line option), the value given and the forms allowed. Nothing here uses ``float``: a
float that arrives anyway (a Python caller's ``0.25``) goes through ``Decimal(str(x))``.

Forms accepted:

* **dates**: ISO ``YYYY-MM-DD``; where ``relative`` is allowed (the command line, never files)
  also ``today`` and ``+6m``, ``+1y``, ``-30d``, ``+2w`` relative to today (calendar months and
  years, clamped to the month's last day, via ``dateutil.relativedelta``). ``today`` is a
  parameter so tests can fix it.
* **portions**: ``"25%"``, ``"1/4"``, ``"0.25"``, ``0``, ``1`` → ``Fraction(1, 4)``; from 0 to 1.
* **money**: ``30``, ``"30.25"``, ``Decimal`` → ``Decimal``; >= 0, no currency symbol.
* **shares**: ``2000000``, ``"2,000,000"``, ``"2_000_000"`` → ``int`` > 0.
* **periods**: as :meth:`vesting.Period.parse` (``48``, ``"48m"``, ``"4y"``, ``"365d"``).
* **what-if events** (command-line flags and CSV ``events`` cells), see :func:`parse_event_item`.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from dateutil.relativedelta import relativedelta

from .dates import MAX_DATE, MIN_DATE, Period, add
from .errors import InputError, Problem, VestingError
from .model import (
    Acceleration,
    Event,
    Exercise,
    Leave,
    Method,
    NamedEvent,
    Reason,
    Termination,
    Trigger,
)

__all__ = [
    "DATE_FORMS",
    "parse_acceleration",
    "parse_bool",
    "parse_date",
    "parse_dates",
    "parse_event_item",
    "parse_exercise",
    "parse_leave",
    "parse_money",
    "parse_named_event",
    "parse_period",
    "parse_portion",
    "parse_reason",
    "parse_shares",
    "parse_termination",
    "parse_trigger",
    "what_if_events",
]

DATE_FORMS = "an ISO date YYYY-MM-DD, 'today', or +N/-N with d, w, m or y relative to today (+6m)"
FILE_DATE_FORMS = "an ISO date YYYY-MM-DD"

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_RELATIVE = re.compile(r"([+-])\s*(\d+)\s*(d|days?|w|weeks?|m|mo|months?|y|years?)", re.I)
_DECIMAL = re.compile(r"\d+(\.\d+)?|\.\d+")
_RATIO = re.compile(r"(\d+)\s*/\s*(\d+)")
_SHARES = re.compile(r"\d{1,3}(,\d{3})+|\d+(_\d+)*")


def _bad(field: str, value: object, allowed: str) -> InputError:
    return InputError([Problem(field, value, allowed)])


def _as_input(error: VestingError) -> InputError:
    return error if isinstance(error, InputError) else InputError(error.problems)


# ----------------------------------------------------------------------------------- dates


def parse_date(
    value: object,
    field: str = "date",
    *,
    today: _dt.date | None = None,
    relative: bool = True,
) -> _dt.date:
    """A date from ``value`` (see the module doc). ``relative=False`` accepts ISO dates only."""
    allowed = DATE_FORMS if relative else FILE_DATE_FORMS
    if isinstance(value, _dt.datetime):
        raise _bad(field, value.isoformat(), f"{allowed} (a date without a time)")
    result: _dt.date
    if isinstance(value, _dt.date):
        result = value
    elif isinstance(value, str):
        text = value.strip()
        if _ISO.fullmatch(text):
            try:
                result = _dt.date.fromisoformat(text)
            except ValueError:
                raise _bad(field, value, f"{allowed}: no such day") from None
        elif relative and text.lower() == "today":
            result = today if today is not None else _dt.date.today()
        elif relative and (m := _RELATIVE.fullmatch(text)):
            sign = 1 if m.group(1) == "+" else -1
            n = sign * int(m.group(2))
            unit = m.group(3).lower()[0]
            base = today if today is not None else _dt.date.today()
            delta = {
                "d": relativedelta(days=n),
                "w": relativedelta(weeks=n),
                "m": relativedelta(months=n),
                "y": relativedelta(years=n),
            }[unit]
            try:
                result = base + delta
            except (OverflowError, ValueError):
                raise _bad(field, value, f"a date from {MIN_DATE} to {MAX_DATE}") from None
        else:
            raise _bad(field, value, allowed)
    else:
        raise _bad(field, value, allowed)
    if not MIN_DATE <= result <= MAX_DATE:
        raise _bad(field, result.isoformat(), f"a date from {MIN_DATE} to {MAX_DATE}")
    return result


def parse_dates(
    values: Sequence[str], field: str, *, today: _dt.date | None = None
) -> tuple[_dt.date, ...]:
    """Several command-line dates; every malformed one is reported."""
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


def _decimal_of(value: object) -> Decimal | None:
    """An exact Decimal from an int, Decimal, float (via its repr) or plain decimal text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        try:
            return Decimal(value.strip())
        except InvalidOperation:  # pragma: no cover - the pattern already excludes it
            return None
    return None


PORTION_FORMS = "a portion from 0 to 1: a percent '25%', a fraction '1/4' or a decimal '0.25'"


def parse_portion(value: object, field: str) -> Fraction:
    """An exact portion in [0, 1] from ``"25%"``, ``"1/4"``, ``"0.25"``, 0, 1 or a Fraction."""
    result: Fraction | None = None
    if isinstance(value, Fraction):
        result = value
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            number = _decimal_of(text[:-1].strip())
            result = None if number is None else Fraction(number) / 100
        elif m := _RATIO.fullmatch(text):
            if int(m.group(2)) != 0:
                result = Fraction(int(m.group(1)), int(m.group(2)))
        else:
            number = _decimal_of(text)
            result = None if number is None else Fraction(number)
    else:
        number = _decimal_of(value)
        result = None if number is None or not number.is_finite() else Fraction(number)
    if result is None or not 0 <= result <= 1:
        raise _bad(field, value, PORTION_FORMS)
    return result


MONEY_FORMS = "an amount >= 0 such as 30 or 30.25 (digits and a decimal point only)"


def parse_money(value: object, field: str) -> Decimal:
    """A money amount >= 0 as an exact Decimal (no currency symbol, no thousands separator)."""
    number = _decimal_of(value)
    if number is None or not number.is_finite() or number < 0:
        raise _bad(field, value, MONEY_FORMS)
    return number


SHARES_FORMS = "a whole number of shares > 0 (2000000, 2,000,000 or 2_000_000)"


def parse_shares(value: object, field: str) -> int:
    """A whole number of shares > 0."""
    result: int | None = None
    if isinstance(value, bool):
        result = None
    elif isinstance(value, int):
        result = value
    elif isinstance(value, Decimal | float):
        number = _decimal_of(value)
        if number is not None and number.is_finite() and number == number.to_integral_value():
            result = int(number)
    elif isinstance(value, str) and _SHARES.fullmatch(value.strip()):
        result = int(value.strip().replace(",", "").replace("_", ""))
    if result is None or result <= 0:
        raise _bad(field, value, SHARES_FORMS)
    return result


def parse_bool(value: object, field: str) -> bool:
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
    raise _bad(field, value, "true or false")


def parse_period(value: object, field: str) -> Period:
    """A period as :meth:`vesting.Period.parse` reads it (a bare number is months)."""
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        value = int(value)
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise _bad(field, value, "a period such as 12 (months), '12m', '1y' or '365d'")
    try:
        return Period.parse(value, field)
    except VestingError as e:
        raise _as_input(e) from None


def parse_reason(value: object, field: str = "reason") -> Reason:
    try:
        return Reason.parse(str(value), field)
    except VestingError as e:
        raise _as_input(e) from None


def parse_trigger(value: object, field: str = "trigger") -> Trigger:
    try:
        return Trigger(str(value).strip().lower())
    except ValueError:
        raise _bad(field, value, "single or double") from None


def parse_method(value: object, field: str = "method") -> Method:
    try:
        return Method.parse(str(value), field)
    except VestingError as e:
        raise _as_input(e) from None


# ------------------------------------------------------------------------- what-if events


def _split(text: str, field: str, parts: int, allowed: str) -> list[str]:
    pieces = [p.strip() for p in text.split(":")]
    if len(pieces) < parts or any(not p for p in pieces):
        raise _bad(field, text, allowed)
    return pieces


TERMINATE_FORMS = "DATE or DATE:REASON (reason: voluntary, involuntary, cause, death, ...)"


def parse_termination(
    text: str,
    reason: str | None = None,
    field: str = "--terminate",
    *,
    today: _dt.date | None = None,
    relative: bool = True,
) -> Termination:
    """``DATE`` or ``DATE:REASON``; ``reason`` (``--reason``) applies when the text names none."""
    pieces = _split(text, field, 1, TERMINATE_FORMS)
    if len(pieces) > 2:
        raise _bad(field, text, TERMINATE_FORMS)
    when = parse_date(pieces[0], field, today=today, relative=relative)
    named = pieces[1] if len(pieces) == 2 else reason
    why = Reason.VOLUNTARY if named is None else parse_reason(named, f"{field} reason")
    return Termination(when, why)


LEAVE_FORMS = "START:END (END is the last day of leave) or START:LENGTH such as 90d, 2w or 3m"
_LENGTH = re.compile(r"(\d+)\s*(d|days?|w|weeks?|m|mo|months?|y|years?)", re.I)


def parse_leave(
    text: str, field: str = "--leave", *, today: _dt.date | None = None, relative: bool = True
) -> Leave:
    """``START:END`` (both days on leave) or ``START:LENGTH`` (``START:90d`` ends 89 days later:
    the leave is the 90 days from START on)."""
    pieces = _split(text, field, 2, LEAVE_FORMS)
    if len(pieces) != 2:
        raise _bad(field, text, LEAVE_FORMS)
    start = parse_date(pieces[0], f"{field} start", today=today, relative=relative)
    if m := _LENGTH.fullmatch(pieces[1]):
        n, unit = int(m.group(1)), m.group(2).lower()[0]
        if n == 0:
            raise _bad(f"{field} length", pieces[1], "a leave of at least one day")
        length = {
            "d": Period.days(n),
            "w": Period.days(7 * n),
            "m": Period.months(n),
            "y": Period.months(12 * n),
        }[unit]
        try:
            end = add(start, length) - _dt.timedelta(days=1)
        except VestingError as e:
            raise _as_input(e) from None
    else:
        end = parse_date(pieces[1], f"{field} end", today=today, relative=relative)
    if end < start:
        raise _bad(field, text, f"{LEAVE_FORMS}; the end must not be before the start")
    return Leave(start, end)


ACCELERATE_FORMS = (
    "DATE:AMOUNT[:OPTION...] with AMOUNT a percent of the unvested shares (25% or 1/4), "
    "a share count (1000) or months of vesting (6m); OPTIONs: single, double, pro-rata, "
    "soonest, latest, window=12m, qualifying=involuntary,death"
)
_MONTHS = re.compile(r"(\d+)\s*(m|mo|months?)", re.I)
_SHARE_AMOUNT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+(?:_\d+)*)\s*(?:sh|shares?)?", re.I)


def parse_acceleration(
    text: str, field: str = "--accelerate", *, today: _dt.date | None = None, relative: bool = True
) -> Acceleration:
    """``DATE:25%``, ``DATE:1000`` (shares) or ``DATE:6m`` (months), plus options."""
    pieces = _split(text, field, 2, ACCELERATE_FORMS)
    when = parse_date(pieces[0], field, today=today, relative=relative)
    amount = pieces[1]
    kwargs: dict[str, object] = {}
    if amount.endswith("%") or _RATIO.fullmatch(amount):
        percent = parse_portion(amount, f"{field} percent")
        if percent == 0:
            raise _bad(f"{field} percent", amount, "a percent > 0 and <= 100%")
        kwargs["percent"] = percent
    elif m := _MONTHS.fullmatch(amount):
        months = int(m.group(1))
        if months <= 0:
            raise _bad(f"{field} months", amount, "a whole number of months > 0")
        kwargs["months"] = months
    elif m := _SHARE_AMOUNT.fullmatch(amount):
        kwargs["shares"] = parse_shares(m.group(1), f"{field} shares")
    else:
        raise _bad(field, text, ACCELERATE_FORMS)
    for option in pieces[2:]:
        key, has_value, val = option.partition("=")
        key = key.strip().lower()
        if not has_value and key in ("single", "double"):
            kwargs["trigger"] = parse_trigger(key, f"{field} trigger")
        elif not has_value and key.replace("_", "-") in ("pro-rata", "soonest", "latest"):
            kwargs["method"] = parse_method(key, f"{field} method")
        elif key == "window" and val:
            kwargs["window"] = parse_period(val, f"{field} window")
        elif key == "qualifying" and val:
            kwargs["qualifying"] = tuple(
                parse_reason(r, f"{field} qualifying") for r in val.split(",") if r.strip()
            )
        else:
            raise _bad(f"{field} option", option, ACCELERATE_FORMS)
    try:
        return Acceleration(when, **kwargs)  # type: ignore[arg-type]
    except VestingError as e:
        raise _as_input(e) from None


EXERCISE_FORMS = "DATE:SHARES such as 2009-01-05:10000"


def parse_exercise(
    text: str, field: str = "--exercise", *, today: _dt.date | None = None, relative: bool = True
) -> Exercise:
    """``DATE:SHARES``."""
    pieces = _split(text, field, 2, EXERCISE_FORMS)
    if len(pieces) != 2:
        raise _bad(field, text, EXERCISE_FORMS)
    return Exercise(
        parse_date(pieces[0], field, today=today, relative=relative),
        parse_shares(pieces[1], f"{field} shares"),
    )


EVENT_FORMS = "NAME=DATE such as ipo=2010-05-01"


def parse_named_event(
    text: str, field: str = "--event", *, today: _dt.date | None = None, relative: bool = True
) -> NamedEvent:
    """``NAME=DATE``."""
    name, sep, when = text.partition("=")
    if not sep or not name.strip() or not when.strip():
        raise _bad(field, text, EVENT_FORMS)
    return NamedEvent(name.strip(), parse_date(when.strip(), field, today=today, relative=relative))


_ITEM_PARSERS = {
    "terminate": "termination",
    "termination": "termination",
    "leave": "leave",
    "accelerate": "acceleration",
    "acceleration": "acceleration",
    "exercise": "exercise",
    "event": "event",
}
ITEM_FORMS = (
    "KIND=VALUE with KIND terminate, leave, accelerate, exercise or event and VALUE as its "
    "command-line flag takes (terminate=2009-03-01:voluntary, leave=2008-01-01:90d, "
    "accelerate=2008-06-30:50%, exercise=2009-01-05:1000, event=ipo=2010-05-01)"
)


def parse_event_item(
    text: str, field: str = "events", *, today: _dt.date | None = None, relative: bool = True
) -> Event:
    """One event written as ``KIND=VALUE`` (the CSV ``events`` cell, items split by ``;``).

    The VALUE is what the matching command-line flag takes (``terminate=DATE[:REASON]``,
    ``leave=START:END``, ``accelerate=DATE:25%``, ``exercise=DATE:SHARES``,
    ``event=NAME=DATE``).
    """
    kind, sep, value = text.strip().partition("=")
    kind = kind.strip().lower()
    if not sep or kind not in _ITEM_PARSERS:
        raise _bad(field, text, ITEM_FORMS)
    what = _ITEM_PARSERS[kind]
    sub = f"{field} {kind}"
    if what == "termination":
        return parse_termination(value, None, sub, today=today, relative=relative)
    if what == "leave":
        return parse_leave(value, sub, today=today, relative=relative)
    if what == "acceleration":
        return parse_acceleration(value, sub, today=today, relative=relative)
    if what == "exercise":
        return parse_exercise(value, sub, today=today, relative=relative)
    return parse_named_event(value, sub, today=today, relative=relative)


def what_if_events(
    *,
    terminate: Sequence[str] = (),
    reason: str | None = None,
    leave: Sequence[str] = (),
    accelerate: Sequence[str] = (),
    exercise: Sequence[str] = (),
    event: Sequence[str] = (),
    today: _dt.date | None = None,
) -> tuple[Event, ...]:
    """The events the what-if options describe (``--terminate`` … ``--event``), in that order.

    Every malformed value is reported (one :class:`InputError` listing all of them).
    ``reason`` (``--reason``) applies to terminations that do not name their own; it is an
    error without a termination.
    """
    out: list[Event] = []
    problems: list[Problem] = []
    if reason is not None:
        if not terminate:
            problems.append(Problem("--reason", reason, "only together with --terminate DATE"))
        try:
            parse_reason(reason, "--reason")
        except VestingError as e:
            problems.extend(e.problems)
            reason = None
    jobs: list[tuple[Sequence[str], str]] = [
        (terminate, "--terminate"),
        (leave, "--leave"),
        (accelerate, "--accelerate"),
        (exercise, "--exercise"),
        (event, "--event"),
    ]
    for values, flag in jobs:
        for text in values:
            try:
                if flag == "--terminate":
                    out.append(parse_termination(text, reason, flag, today=today))
                elif flag == "--leave":
                    out.append(parse_leave(text, flag, today=today))
                elif flag == "--accelerate":
                    out.append(parse_acceleration(text, flag, today=today))
                elif flag == "--exercise":
                    out.append(parse_exercise(text, flag, today=today))
                else:
                    out.append(parse_named_event(text, flag, today=today))
            except VestingError as e:
                problems.extend(e.problems)
    if problems:
        raise InputError(problems)
    return tuple(out)
