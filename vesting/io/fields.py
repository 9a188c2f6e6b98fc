"""Grant and terms fields: their names, and the converter that turns each raw value (a TOML or
JSON value, or a CSV cell) into the value a record takes.

Grant fields: ``id`` (required), ``holder``, ``kind`` (required), ``shares`` (required),
``grant_date`` (required), ``vesting_start``, ``exercise_price``, ``expiration`` or ``term``,
``terms``, ``events``, ``notes``. Terms fields (in a grant, in ``defaults``, in an inline
``terms`` table and in ``[terms.NAME]``): see ``TERMS_FIELDS``. The README documents each.

List fields take a list (TOML, JSON) or compact text (CSV): ``graded = "12m:5%;24m:15%"``,
``milestones = "ipo:25%:2y;fda:10%"`` (``name:portion[:deadline]``), ``exercise_windows =
"voluntary=6m;cause=0"``, ``events = "terminate=2009-03-01:voluntary;leave=2008-01-01:90d"``
(see :mod:`vesting.io.eventtext`).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from ..dates import Period, Unit
from ..errors import MISSING, InputError, Problem, VestingError
from ..model import (
    Acceleration,
    Cancellation,
    Event,
    EventCondition,
    Exercise,
    GradedStep,
    Leave,
    NamedEvent,
    Reason,
    Termination,
)
from ..model.checks import MAX_ITEMS
from ..model.pricing import PRICING_FIELDS
from .eventtext import parse_event_item
from .values import (
    as_input,
    parse_allocation,
    parse_bool,
    parse_date,
    parse_day_of_month,
    parse_days,
    parse_expected_term,
    parse_kind,
    parse_leave_tolling,
    parse_method,
    parse_money,
    parse_period,
    parse_portion,
    parse_rate,
    parse_reason,
    parse_shares,
    parse_text,
    parse_trigger,
    renamed,
)

GRANT_FIELDS: Final = (
    "id",
    "holder",
    "kind",
    "shares",
    "grant_date",
    "vesting_start",
    "exercise_price",
    "expiration",
    "term",
    "terms",
    "events",
    "notes",
    *PRICING_FIELDS,
)
TERMS_FIELDS: Final = (
    "length",
    "every",
    "cliff",
    "cliff_portion",
    "immediate",
    "graded",
    "day_of_month",
    "allocation",
    "vest_on_termination_date",
    "exercise_windows",
    "leave_tolling",
    "leave_min_days",
    "early_exercise",
    "repurchase_window",
    "settle_on",
    "milestones",
)
ALL_FIELDS: Final = (*GRANT_FIELDS, *TERMS_FIELDS)
REQUIRED: Final = ("id", "kind", "shares", "grant_date")
SHAPE_FIELDS: Final = ("length", "every", "cliff", "cliff_portion", "immediate", "graded")
DATE_FIELDS: Final = ("grant_date", "vesting_start", "expiration")

EVENT_KEYS: Final[Mapping[str, tuple[str, ...]]] = {
    "termination": ("type", "date", "reason"),
    "leave": ("type", "start", "end"),
    "acceleration": (
        "type",
        "date",
        "shares",
        "percent",
        "months",
        "trigger",
        "window",
        "method",
        "qualifying",
    ),
    "exercise": ("type", "date", "shares"),
    "cancellation": ("type", "date", "shares"),
    "event": ("type", "name", "date"),
}


def unknown(key: str, value: object, known: Sequence[str], what: str, where: str) -> Problem:
    """An unknown key, with a suggestion when it is close to a known one."""
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return Problem(key, value, f"not {what} — {hint}allowed: {', '.join(known)}", where)


def brief(value: object) -> object:
    """A short stand-in for a big value in a message."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return value


Converter = Callable[[object, str], object]


def file_date(value: object, field: str) -> _dt.date:
    """Dates in files are ISO only (``today`` and relative dates are for the command line)."""
    return parse_date(value, field, relative=False)


def cliff(value: object, field: str) -> Period | None:
    """A cliff period; ``0``, ``none`` or ``false`` for no cliff."""
    if isinstance(value, str) and value.strip().lower() in ("none", "no", ""):
        return None
    if value is False:
        return None
    period = parse_period(value, field)
    return None if period.is_zero() else period


def items(value: object, field: str, what: str) -> list[object]:
    """A list (TOML/JSON) or ``;``-separated text (CSV) of items — at most ``MAX_ITEMS``,
    counted before any is converted."""
    if isinstance(value, str):
        found: list[object] = [part.strip() for part in value.split(";") if part.strip()]
    elif isinstance(value, list):
        found = list(value)
    else:
        raise InputError([Problem(field, brief(value), what)])
    if len(found) > MAX_ITEMS:
        raise InputError([Problem(field, f"{len(found):,} items", f"at most {MAX_ITEMS:,} items")])
    return found


GRADED_FORMS: Final = 'a list of [offset, portion] pairs, or text "12m:25%;24m:25%;..."'


def graded(value: object, field: str) -> tuple[GradedStep, ...]:
    steps: list[GradedStep] = []
    found: list[Problem] = []
    for i, item in enumerate(items(value, field, GRADED_FORMS), start=1):
        sub = f"{field}[{i}]"
        pair: Sequence[object]
        if isinstance(item, str):
            pair = item.split(":")
        elif isinstance(item, list):
            pair = item
        elif isinstance(item, dict) and set(item) <= {"offset", "portion"}:
            pair = [item.get("offset", MISSING), item.get("portion", MISSING)]
        else:
            found.append(Problem(sub, brief(item), "an [offset, portion] pair"))
            continue
        if len(pair) != 2:
            found.append(Problem(sub, brief(item), "an [offset, portion] pair such as 12m:25%"))
            continue
        try:
            offset = parse_period(pair[0], f"{sub}.offset")
            portion = parse_portion(pair[1], f"{sub}.portion")
        except VestingError as e:
            found.extend(e.problems)
            continue
        try:
            steps.append(GradedStep(offset, portion))
        except VestingError as e:  # the record's own rule (a portion > 0), named here
            found.extend(Problem(f"{sub}.portion", pair[1], p.allowed) for p in e.problems)
    if found:
        raise InputError(found)
    if not steps:
        raise InputError([Problem(field, "an empty list", GRADED_FORMS)])
    return tuple(steps)


_ISO_DATE = re.compile(r"\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*")


def deadline(value: object, field: str) -> _dt.date | Period:
    if isinstance(value, _dt.date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return file_date(value, field)
    try:
        return parse_period(value, field)
    except VestingError:
        raise InputError(
            [Problem(field, value, "a date YYYY-MM-DD or a period after the vesting start (2y)")]
        ) from None


MILESTONE_FORMS: Final = (
    'a list of {name, portion, deadline} tables, or text "name:portion[:deadline];..."'
)
_MILESTONE_KEYS: Final = ("name", "portion", "deadline")


def milestones(value: object, field: str) -> tuple[EventCondition, ...]:
    out: list[EventCondition] = []
    found: list[Problem] = []
    for i, item in enumerate(items(value, field, MILESTONE_FORMS), start=1):
        sub = f"{field}[{i}]"
        table: dict[str, object]
        if isinstance(item, str):
            parts = [p.strip() for p in item.split(":")]
            if len(parts) not in (2, 3):
                found.append(Problem(sub, item, "name:portion or name:portion:deadline"))
                continue
            table = dict(zip(_MILESTONE_KEYS, parts, strict=False))
        elif isinstance(item, dict):
            table = item
        else:
            found.append(Problem(sub, brief(item), "a {name, portion, deadline} table"))
            continue
        found.extend(
            unknown(f"{sub}.{key}", brief(table[key]), _MILESTONE_KEYS, "a milestone field", "")
            for key in table
            if key not in _MILESTONE_KEYS
        )
        try:
            name = parse_text(table.get("name", MISSING), f"{sub}.name")
            portion = parse_portion(table.get("portion", MISSING), f"{sub}.portion")
            when = deadline(table["deadline"], f"{sub}.deadline") if "deadline" in table else None
        except VestingError as e:
            found.extend(e.problems)
            continue
        try:
            out.append(EventCondition(name, portion, when))
        except VestingError as e:  # the record's own rule (a portion > 0), named here
            found.extend(
                Problem(f"{sub}.portion", table.get("portion"), p.allowed) for p in e.problems
            )
    if found:
        raise InputError(found)
    return tuple(out)


WINDOW_FORMS: Final = 'a table {voluntary = "3m", cause = 0, ...} or text "voluntary=3m;cause=0"'


def windows(value: object, field: str) -> dict[str, Period]:
    """Post-termination exercise windows by reason (reasons not given keep their default)."""
    table: dict[str, object]
    if isinstance(value, str):
        table = {}
        for part in re.split(r"[;,]", value):
            if not part.strip():
                continue
            key, sep, val = part.partition("=")
            if not sep:
                raise InputError([Problem(field, value, WINDOW_FORMS)])
            table[key.strip().lower()] = val.strip()
    elif isinstance(value, dict):
        table = value
    else:
        raise InputError([Problem(field, brief(value), WINDOW_FORMS)])
    out: dict[str, Period] = {}
    found: list[Problem] = []
    reasons = tuple(r.value for r in Reason)
    for key, val in table.items():
        if key not in reasons:
            found.append(unknown(f"{field}.{key}", brief(val), reasons, "a termination reason", ""))
            continue
        try:
            out[key] = parse_period(val, f"{field}.{key}")
        except VestingError as e:
            found.extend(e.problems)
    if found:
        raise InputError(found)
    return out


def event(item: object, sub: str) -> Event:
    """One event: a table with a ``type`` (TOML/JSON) or ``KIND=VALUE`` text (CSV)."""
    if isinstance(item, str):
        return parse_event_item(item, sub, relative=False)
    if not isinstance(item, dict):
        raise InputError([Problem(sub, brief(item), "an event table with a type")])
    kind = item.get("type", MISSING)
    if not isinstance(kind, str) or kind.strip().lower() not in EVENT_KEYS:
        raise InputError([Problem(f"{sub}.type", brief(kind), f"one of {', '.join(EVENT_KEYS)}")])
    kind = kind.strip().lower()
    keys = EVENT_KEYS[kind]
    found = [
        unknown(f"{sub}.{k}", brief(v), keys, f"a {kind} field", "")
        for k, v in item.items()
        if k not in keys
    ]
    if found:
        raise InputError(found)

    def need(key: str) -> object:
        if key not in item:
            raise InputError([Problem(f"{sub}.{key}", MISSING, f"a value (required for {kind})")])
        return item[key]

    def when(key: str = "date") -> _dt.date:
        return file_date(need(key), f"{sub}.{key}")

    try:
        if kind == "termination":
            reason = parse_reason(item["reason"], f"{sub}.reason") if "reason" in item else None
            return Termination(when(), reason or Reason.VOLUNTARY)
        if kind == "leave":
            return Leave(when("start"), when("end"))
        if kind == "exercise":
            return Exercise(when(), parse_shares(need("shares"), f"{sub}.shares"))
        if kind == "cancellation":
            return Cancellation(when(), parse_shares(need("shares"), f"{sub}.shares"))
        if kind == "event":
            return NamedEvent(parse_text(need("name"), f"{sub}.name"), when())
        return _acceleration(item, sub, when())
    except VestingError as e:
        # A record's own rule (a leave ending before it starts): name the event.
        raise as_input(e) from None


def _acceleration(item: Mapping[str, object], sub: str, date: _dt.date) -> Acceleration:
    kwargs: dict[str, Any] = {}
    if "shares" in item:
        kwargs["shares"] = parse_shares(item["shares"], f"{sub}.shares")
    if "percent" in item:
        kwargs["percent"] = parse_portion(item["percent"], f"{sub}.percent")
    if "months" in item:
        months = parse_period(item["months"], f"{sub}.months")
        if months.unit is not Unit.MONTHS:
            raise InputError([Problem(f"{sub}.months", item["months"], "a number of months")])
        kwargs["months"] = months.count
    if "trigger" in item:
        kwargs["trigger"] = parse_trigger(item["trigger"], f"{sub}.trigger")
    if "window" in item:
        kwargs["window"] = parse_period(item["window"], f"{sub}.window")
    if "method" in item:
        kwargs["method"] = parse_method(item["method"], f"{sub}.method")
    if "qualifying" in item:
        raw = item["qualifying"]
        names = raw.split(",") if isinstance(raw, str) else raw
        if not isinstance(names, list):
            raise InputError([Problem(f"{sub}.qualifying", brief(raw), "a list of reasons")])
        kwargs["qualifying"] = tuple(parse_reason(r, f"{sub}.qualifying") for r in names)
    try:
        return Acceleration(date, **kwargs)
    except VestingError as e:  # the record's own rules (one amount, > 0), named here
        raise renamed(e, "acceleration", sub, ".", item) from None


def events(value: object, field: str) -> tuple[Event, ...]:
    out: list[Event] = []
    found: list[Problem] = []
    for i, item in enumerate(items(value, field, "a list of event tables"), start=1):
        sub = f"{field}[{i}]"
        try:
            out.append(event(item, sub))
        except VestingError as e:
            found.extend(
                p if p.field.startswith(sub) else Problem(f"{sub}.{p.field}", p.value, p.allowed)
                for p in e.problems
            )
    if found:
        raise InputError(found)
    return tuple(out)


CONVERTERS: Final[Mapping[str, Converter]] = {
    "id": parse_text,
    "holder": parse_text,
    "notes": parse_text,
    "kind": parse_kind,
    "shares": parse_shares,
    "grant_date": file_date,
    "vesting_start": file_date,
    "expiration": file_date,
    "exercise_price": parse_money,
    "term": parse_period,
    "events": events,
    "length": parse_period,
    "every": parse_period,
    "cliff": cliff,
    "cliff_portion": parse_portion,
    "immediate": parse_portion,
    "graded": graded,
    "day_of_month": parse_day_of_month,
    "allocation": parse_allocation,
    "vest_on_termination_date": parse_bool,
    "leave_tolling": parse_leave_tolling,
    "leave_min_days": parse_days,
    "repurchase_window": parse_period,
    "early_exercise": parse_bool,
    "exercise_windows": windows,
    "settle_on": parse_text,
    "milestones": milestones,
    "fair_value": parse_money,
    "grant_date_price": parse_money,
    "volatility": parse_rate,
    "risk_free_rate": parse_rate,
    "dividend_yield": parse_rate,
    "expected_term": parse_expected_term,
}
"""The converter of every field except ``terms`` (a name or an inline table: see
:mod:`vesting.io.build`)."""
