"""Events written as compact text: the what-if syntax of the command line and of CSV
``events`` cells (``2009-03-01:cause``, ``2008-01-01:90d``, ``2008-06-30:50%:double``).

Each function takes the text and the field it came from (``terminate``, ``leave``, …; the
command line relabels them ``--terminate`` …) and returns one event record, or raises
:class:`~vesting.errors.InputError` naming the field, the text and the forms allowed.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Sequence
from typing import Any, Final

from ..dates import Period, add
from ..errors import Field, InputError, Problem, VestingError, sub, word
from ..model import (
    Acceleration,
    Cancellation,
    Event,
    Exercise,
    Leave,
    Modification,
    NamedEvent,
    Pricing,
    Reason,
    StockSplit,
    Termination,
)
from .ratios import parse_split_ratio
from .values import (
    bad,
    parse_date,
    parse_method,
    parse_money,
    parse_period,
    parse_portion,
    parse_reason,
    parse_shares,
    parse_trigger,
    renamed,
)

_RATIO = re.compile(r"[0-9]+\s*/\s*[0-9]+")


def _split(text: str, field: Field, parts: int, allowed: str) -> list[str]:
    pieces = [p.strip() for p in text.split(":")]
    if len(pieces) < parts or any(not p for p in pieces):
        raise bad(field, text, allowed)
    return pieces


TERMINATE_FORMS: Final = "DATE or DATE:REASON (reason: voluntary, involuntary, cause, death, ...)"


def parse_termination(
    text: str,
    reason: str | None = None,
    field: Field = "terminate",
    *,
    today: _dt.date | None = None,
    relative: bool = True,
) -> Termination:
    """``DATE`` or ``DATE:REASON``; ``reason`` applies when the text names none."""
    pieces = _split(text, field, 1, TERMINATE_FORMS)
    if len(pieces) > 2:
        raise bad(field, text, TERMINATE_FORMS)
    when = parse_date(pieces[0], field, today=today, relative=relative)
    named = pieces[1] if len(pieces) == 2 else reason
    why = Reason.VOLUNTARY if named is None else parse_reason(named, sub(field, "reason"))
    return Termination(when, why)


LEAVE_FORMS: Final = (
    "START:END (END is the last day of leave) or START:LENGTH such as 90d, 2w or 3m"
)
_LENGTH = re.compile(r"([0-9]{1,6})\s*(d|days?|w|weeks?|m|mo|months?|y|years?)", re.I)


def parse_leave(
    text: str, field: Field = "leave", *, today: _dt.date | None = None, relative: bool = True
) -> Leave:
    """``START:END`` (both days on leave) or ``START:LENGTH`` (``START:90d`` ends 89 days later:
    the leave is the 90 days from START on)."""
    pieces = _split(text, field, 2, LEAVE_FORMS)
    if len(pieces) != 2:
        raise bad(field, text, LEAVE_FORMS)
    start = parse_date(pieces[0], sub(field, "start"), today=today, relative=relative)
    if m := _LENGTH.fullmatch(pieces[1]):
        n, unit = int(m.group(1)), m.group(2).lower()[0]
        if n == 0:
            raise bad(sub(field, "length"), pieces[1], "a leave of at least one day")
        count, days = {"d": (n, True), "w": (7 * n, True), "m": (n, False), "y": (12 * n, False)}[
            unit
        ]
        try:
            length = Period.days(count) if days else Period.months(count)
            end = add(start, length) - _dt.timedelta(days=1)
        except VestingError as e:
            raise InputError(
                [Problem(sub(field, "length"), pieces[1], p.allowed) for p in e.problems]
            ) from None
    else:
        end = parse_date(pieces[1], sub(field, "end"), today=today, relative=relative)
    try:
        return Leave(start, end)
    except VestingError as e:
        raise bad(field, text, f"{LEAVE_FORMS}; {e.problems[0].allowed}") from None


ACCELERATE_FORMS: Final = (
    "DATE:AMOUNT[:OPTION...] with AMOUNT a percent of the unvested shares (25% or 1/4), "
    "a share count (1000) or months of vesting (6m); OPTIONs: single, double, pro-rata, "
    "soonest, latest, window=12m, qualifying=involuntary,death"
)
_MONTHS = re.compile(r"([0-9]{1,6})\s*(m|mo|months?)", re.I)
_SHARE_AMOUNT = re.compile(r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:_[0-9]+)*)\s*(?:sh|shares?)?", re.I)


def parse_acceleration(
    text: str, field: Field = "accelerate", *, today: _dt.date | None = None, relative: bool = True
) -> Acceleration:
    """``DATE:25%``, ``DATE:1000`` (shares) or ``DATE:6m`` (months), plus options."""
    pieces = _split(text, field, 2, ACCELERATE_FORMS)
    when = parse_date(pieces[0], field, today=today, relative=relative)
    amount = pieces[1]
    kwargs: dict[str, Any] = {}
    if amount.endswith("%") or _RATIO.fullmatch(amount):
        kwargs["percent"] = parse_portion(amount, sub(field, "percent"))
    elif m := _MONTHS.fullmatch(amount):
        kwargs["months"] = int(m.group(1))
    elif m := _SHARE_AMOUNT.fullmatch(amount):
        kwargs["shares"] = parse_shares(m.group(1), sub(field, "shares"))
    else:
        raise bad(field, text, ACCELERATE_FORMS)
    for option in pieces[2:]:
        key, has_value, val = option.partition("=")
        key = word(key)
        if not has_value and key in ("single", "double"):
            kwargs["trigger"] = parse_trigger(key, sub(field, "trigger"))
        elif not has_value and key in ("pro-rata", "soonest", "latest"):
            kwargs["method"] = parse_method(key, sub(field, "method"))
        elif key == "window" and val:
            kwargs["window"] = parse_period(val, sub(field, "window"))
        elif key == "qualifying" and val:
            kwargs["qualifying"] = tuple(
                parse_reason(r, sub(field, "qualifying")) for r in val.split(",") if r.strip()
            )
        else:
            raise bad(sub(field, "option"), option, ACCELERATE_FORMS)
    try:
        return Acceleration(when, **kwargs)
    except VestingError as e:  # the record's own rules (an amount > 0), named here
        given = {"percent": amount, "months": amount, "shares": amount}
        raise renamed(e, "acceleration", field, given) from None


EXERCISE_FORMS: Final = "DATE:SHARES such as 2009-01-05:10000"


def parse_exercise(
    text: str, field: Field = "exercise", *, today: _dt.date | None = None, relative: bool = True
) -> Exercise:
    """``DATE:SHARES``."""
    pieces = _split(text, field, 2, EXERCISE_FORMS)
    if len(pieces) != 2:
        raise bad(field, text, EXERCISE_FORMS)
    return Exercise(
        parse_date(pieces[0], field, today=today, relative=relative),
        parse_shares(pieces[1], sub(field, "shares")),
    )


CANCEL_FORMS: Final = "DATE:SHARES such as 2009-03-01:1000"


def parse_cancellation(
    text: str, field: Field = "cancel", *, today: _dt.date | None = None, relative: bool = True
) -> Cancellation:
    """``DATE:SHARES``."""
    pieces = _split(text, field, 2, CANCEL_FORMS)
    if len(pieces) != 2:
        raise bad(field, text, CANCEL_FORMS)
    return Cancellation(
        parse_date(pieces[0], field, today=today, relative=relative),
        parse_shares(pieces[1], sub(field, "shares")),
    )


SPLIT_FORMS: Final = "DATE:RATIO such as 2015-11-06:1-for-20 (or 2015-11-06:1:20)"


def parse_split(
    text: str, field: Field = "split", *, today: _dt.date | None = None, relative: bool = True
) -> StockSplit:
    """``DATE:RATIO``, the ratio ``N-for-M`` or ``N:M`` (new shares for old)."""
    pieces = _split(text, field, 2, SPLIT_FORMS)
    when = parse_date(pieces[0], field, today=today, relative=relative)
    ratio = parse_split_ratio(":".join(pieces[1:]), sub(field, "ratio"))
    return StockSplit(when, ratio)


REPRICE_FORMS: Final = (
    "DATE:PRICE or DATE:PRICE:SHARE_PRICE such as 2009-03-02:10.00:9.50 (the new exercise "
    "price; then the share price on that date, which expense and fair-value need)"
)


def parse_repricing(
    text: str, field: Field = "reprice", *, today: _dt.date | None = None, relative: bool = True
) -> Modification:
    """``DATE:PRICE[:SHARE_PRICE]``: a repricing to ``PRICE`` per share (in the shares of that
    date); ``SHARE_PRICE``, the share price on that date, is the modification's ``price``
    input (its other valuation inputs are the grant's own)."""
    pieces = _split(text, field, 2, REPRICE_FORMS)
    if len(pieces) not in (2, 3):
        raise bad(field, text, REPRICE_FORMS)
    when = parse_date(pieces[0], field, today=today, relative=relative)
    price = parse_money(pieces[1], sub(field, "price"))
    if len(pieces) == 2:
        return Modification(when, exercise_price=price)
    share = parse_money(pieces[2], sub(field, "share_price"))
    return Modification(when, exercise_price=price, inputs=Pricing(price=share))


EVENT_FORMS: Final = "NAME=DATE such as ipo=2010-05-01"


def parse_named_event(
    text: str, field: Field = "event", *, today: _dt.date | None = None, relative: bool = True
) -> NamedEvent:
    """``NAME=DATE``."""
    name, sep, when = text.partition("=")
    if not sep or not name.strip() or not when.strip():
        raise bad(field, text, EVENT_FORMS)
    return NamedEvent(name.strip(), parse_date(when.strip(), field, today=today, relative=relative))


_ITEM_KINDS: Final = {
    "terminate": "termination",
    "termination": "termination",
    "leave": "leave",
    "accelerate": "acceleration",
    "acceleration": "acceleration",
    "exercise": "exercise",
    "cancel": "cancellation",
    "cancellation": "cancellation",
    "event": "event",
    "split": "split",
    "reprice": "repricing",
    "repricing": "repricing",
}
ITEM_FORMS: Final = (
    "KIND=VALUE with KIND terminate, leave, accelerate, exercise, cancel, event, split or "
    "reprice and VALUE as its command-line flag takes (terminate=2009-03-01:voluntary, "
    "leave=2008-01-01:90d, accelerate=2008-06-30:50%, exercise=2009-01-05:1000, "
    "cancel=2009-03-01:1000, event=ipo=2010-05-01, split=2015-11-06:1-for-20, "
    "reprice=2009-03-02:10.00)"
)


def parse_event_item(
    text: str, field: Field = "events", *, today: _dt.date | None = None, relative: bool = True
) -> Event:
    """One event written as ``KIND=VALUE`` (the CSV ``events`` cell, items split by ``;``).

    The VALUE is what the matching command-line flag takes (``terminate=DATE[:REASON]``,
    ``leave=START:END``, ``accelerate=DATE:25%``, ``exercise=DATE:SHARES``,
    ``event=NAME=DATE``).
    """
    kind, sep, value = text.strip().partition("=")
    kind = word(kind)
    if not sep or kind not in _ITEM_KINDS:
        raise bad(field, text, ITEM_FORMS)
    what = _ITEM_KINDS[kind]
    at = sub(field, kind)
    if what == "termination":
        return parse_termination(value, None, at, today=today, relative=relative)
    if what == "leave":
        return parse_leave(value, at, today=today, relative=relative)
    if what == "acceleration":
        return parse_acceleration(value, at, today=today, relative=relative)
    if what == "exercise":
        return parse_exercise(value, at, today=today, relative=relative)
    if what == "cancellation":
        return parse_cancellation(value, at, today=today, relative=relative)
    if what == "split":
        return parse_split(value, at, today=today, relative=relative)
    if what == "repricing":
        return parse_repricing(value, at, today=today, relative=relative)
    return parse_named_event(value, at, today=today, relative=relative)


def what_if_events(
    *,
    terminate: Sequence[str] = (),
    reason: str | None = None,
    leave: Sequence[str] = (),
    accelerate: Sequence[str] = (),
    exercise: Sequence[str] = (),
    event: Sequence[str] = (),
    cancel: Sequence[str] = (),
    split: Sequence[str] = (),
    reprice: Sequence[str] = (),
    today: _dt.date | None = None,
) -> tuple[Event, ...]:
    """The events a what-if question describes (terminations, leaves, accelerations, exercises,
    named events, cancellations, splits, repricings, in that order), each from its compact
    text.

    Every malformed value is reported (one :class:`InputError` listing all of them), under the
    field of its kind (``terminate``, ``reason``, ``leave``, ``accelerate``, ``exercise``,
    ``event``). ``reason`` applies to terminations that do not name their own; it is an error
    without a termination.
    """
    out: list[Event] = []
    problems: list[Problem] = []
    if reason is not None:
        if not terminate:
            problems.append(Problem("reason", reason, "only together with a termination"))
        try:
            parse_reason(reason, "reason")
        except VestingError as e:
            problems.extend(e.problems)
            reason = None
    why = reason
    jobs: list[tuple[Sequence[str], Callable[[str], Event]]] = [
        (terminate, lambda t: parse_termination(t, why, "terminate", today=today)),
        (leave, lambda t: parse_leave(t, "leave", today=today)),
        (accelerate, lambda t: parse_acceleration(t, "accelerate", today=today)),
        (exercise, lambda t: parse_exercise(t, "exercise", today=today)),
        (event, lambda t: parse_named_event(t, "event", today=today)),
        (cancel, lambda t: parse_cancellation(t, "cancel", today=today)),
        (split, lambda t: parse_split(t, "split", today=today)),
        (reprice, lambda t: parse_repricing(t, "reprice", today=today)),
    ]
    for texts, parse in jobs:
        for text in texts:
            _collect(parse, text, out, problems)
    if problems:
        raise InputError(problems)
    return tuple(out)


def _collect(
    parse: Callable[[str], Event], text: str, out: list[Event], problems: list[Problem]
) -> None:
    try:
        out.append(parse(text))
    except VestingError as e:
        problems.extend(e.problems)
