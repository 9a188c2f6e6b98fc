"""Converters of the fields whose value is a list or a table: ``graded``, ``milestones``,
``exercise_windows``, ``events`` — and the event types a file may record.

Each takes a list (TOML, JSON) or compact text (a CSV cell, items split by ``;``):
``graded = "12m:5%;24m:15%"``, ``milestones = "ipo:25%:2y;fda:10%"``
(``name:portion[:deadline]``), ``exercise_windows = "voluntary=6m;cause=0"``,
``events = "terminate=2009-03-01:voluntary;leave=2008-01-01:90d"`` (the what-if syntax,
:mod:`vesting.io.eventtext`). Every item is converted; every problem is reported at once, each
at its position (``events[2].date``). A list holds at most ``MAX_ITEMS`` items, counted
before any is converted.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, NamedTuple

from ..dates import Period, Unit
from ..errors import MISSING, Field, InputError, Problem, VestingError, sub, word
from ..model import (
    Acceleration,
    Cancellation,
    Event,
    EventCondition,
    Exercise,
    GradedStep,
    Leave,
    Modification,
    NamedEvent,
    Pricing,
    Reason,
    StockSplit,
    Termination,
)
from ..model.checks import MAX_ITEMS
from . import schema_parts as js
from .eventtext import parse_acceleration, parse_event_item
from .ratios import parse_split_ratio
from .values import (
    brief,
    parse_date,
    parse_expected_term,
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
    unknown,
)


def file_date(value: object, field: Field) -> _dt.date:
    """Dates in files are ISO only (``today`` and relative dates are for the command line)."""
    return parse_date(value, field, relative=False)


def cliff(value: object, field: Field) -> Period | None:
    """A cliff period; ``0``, ``none`` or ``false`` for no cliff."""
    if isinstance(value, str) and value.strip().lower() in ("none", "no", ""):
        return None
    if value is False:
        return None
    period = parse_period(value, field)
    return None if period.is_zero() else period


def items(value: object, field: Field, what: str) -> list[object]:
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


def graded(value: object, field: Field) -> tuple[GradedStep, ...]:
    steps: list[GradedStep] = []
    found: list[Problem] = []
    for i, item in enumerate(items(value, field, GRADED_FORMS), start=1):
        at = sub(field, i)
        pair: Sequence[object]
        if isinstance(item, str):
            pair = item.split(":")
        elif isinstance(item, list):
            pair = item
        elif isinstance(item, dict) and set(item) <= {"offset", "portion"}:
            pair = [item.get("offset", MISSING), item.get("portion", MISSING)]
        else:
            found.append(Problem(at, brief(item), "an [offset, portion] pair"))
            continue
        if len(pair) != 2:
            found.append(Problem(at, brief(item), "an [offset, portion] pair such as 12m:25%"))
            continue
        try:
            offset = parse_period(pair[0], (*at, "offset"))
            portion = parse_portion(pair[1], (*at, "portion"))
        except VestingError as e:
            found.extend(e.problems)
            continue
        try:
            steps.append(GradedStep(offset, portion))
        except VestingError as e:  # the record's own rule (a portion > 0), named here
            found.extend(Problem((*at, "portion"), pair[1], p.allowed) for p in e.problems)
    if found:
        raise InputError(found)
    if not steps:
        raise InputError([Problem(field, "an empty list", GRADED_FORMS)])
    return tuple(steps)


_ISO_DATE = re.compile(r"\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*")


def deadline(value: object, field: Field) -> _dt.date | Period:
    if isinstance(value, _dt.date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return file_date(value, field)
    try:
        return parse_period(value, field)
    except VestingError:
        raise InputError(
            [Problem(field, value, "a date YYYY-MM-DD or a period after the vesting start (2y)")]
        ) from None


MILESTONE_FORMS: Final = (
    "a list of {name, portion, deadline, fallback} tables, or text "
    '"name:portion[:deadline[:fallback]];..."'
)
_MILESTONE_KEYS: Final = ("name", "portion", "deadline", "fallback")


def milestones(value: object, field: Field) -> tuple[EventCondition, ...]:
    out: list[EventCondition] = []
    found: list[Problem] = []
    for i, item in enumerate(items(value, field, MILESTONE_FORMS), start=1):
        at = sub(field, i)
        table: dict[str, object]
        if isinstance(item, str):
            parts = [p.strip() for p in item.split(":")]
            if len(parts) not in (2, 3, 4):
                allowed = "name:portion, name:portion:deadline or name:portion:deadline:fallback"
                found.append(Problem(at, item, allowed))
                continue
            table = {k: p for k, p in zip(_MILESTONE_KEYS, parts, strict=False) if p}
        elif isinstance(item, dict):
            table = item
        else:
            found.append(Problem(at, brief(item), "a {name, portion, deadline, fallback} table"))
            continue
        found.extend(
            unknown((*at, key), brief(table[key]), _MILESTONE_KEYS, "a milestone field")
            for key in table
            if key not in _MILESTONE_KEYS
        )
        try:
            name = parse_text(table.get("name", MISSING), (*at, "name"))
            portion = parse_portion(table.get("portion", MISSING), (*at, "portion"))
            when = deadline(table["deadline"], (*at, "deadline")) if "deadline" in table else None
            back = deadline(table["fallback"], (*at, "fallback")) if "fallback" in table else None
        except VestingError as e:
            found.extend(e.problems)
            continue
        try:
            out.append(EventCondition(name, portion, when, back))
        except VestingError as e:  # the record's own rule (a portion > 0), named here
            found.extend(
                Problem((*at, "portion"), table.get("portion"), p.allowed) for p in e.problems
            )
    if found:
        raise InputError(found)
    return tuple(out)


WINDOW_FORMS: Final = 'a table {voluntary = "3m", cause = 0, ...} or text "voluntary=3m;cause=0"'


def windows(value: object, field: Field) -> dict[str, Period]:
    """Post-termination exercise windows by reason (reasons not given keep their default), by
    the :class:`~vesting.ExerciseWindows` attribute of each (``good_reason``).

    A reason may be named by any spelling :meth:`~vesting.Reason.parse` takes
    (``resignation = "6m"`` is voluntary's); two keys naming one reason are an error naming
    both."""
    table: list[tuple[object, object]]
    if isinstance(value, str):
        table = []
        for part in re.split(r"[;,]", value):
            if not part.strip():
                continue
            key, sep, val = part.partition("=")
            if not sep:
                raise InputError([Problem(field, value, WINDOW_FORMS)])
            table.append((key.strip(), val.strip()))
    elif isinstance(value, dict):
        table = list(value.items())
    else:
        raise InputError([Problem(field, brief(value), WINDOW_FORMS)])
    out: dict[str, Period] = {}
    named: dict[str, str] = {}
    found: list[Problem] = []
    for key, val in table:
        try:
            reason = Reason.parse(str(key), sub(field, str(key))).value
        except VestingError as e:
            found.extend(e.problems)
            continue
        if reason in named:
            allowed = f"each reason once ({named[reason]!r} is {reason} already)"
            found.append(Problem(sub(field, str(key)), brief(val), allowed))
            continue
        named[reason] = str(key)
        try:
            out[reason.replace("-", "_")] = parse_period(val, sub(field, str(key)))
        except VestingError as e:
            found.extend(e.problems)
    if found:
        raise InputError(found)
    return out


# ------------------------------------------------------------------------------------ events


class EventType(NamedTuple):
    """One kind of event a file may record: its keys (each with its JSON Schema fragment) and
    how its record is built from them (:class:`EventFields`)."""

    fields: Mapping[str, js.Fragment]
    build: Callable[[EventFields], Event]

    @property
    def keys(self) -> tuple[str, ...]:
        return ("type", *self.fields)


class EventFields:
    """An event table's values, with their field paths (for :class:`EventType`)."""

    def __init__(self, item: Mapping[str, object], at: tuple[str | int, ...], kind: str) -> None:
        self.item, self.path, self.kind = item, at, kind

    def at(self, key: str) -> tuple[str | int, ...]:
        return (*self.path, key)

    def has(self, key: str) -> bool:
        return key in self.item

    def get(self, key: str) -> object:
        return self.item[key]

    def need(self, key: str) -> object:
        if key not in self.item:
            raise InputError(
                [Problem(self.at(key), MISSING, f"a value (required for {self.kind})")]
            )
        return self.item[key]

    def date(self, key: str = "date") -> _dt.date:
        return file_date(self.need(key), self.at(key))

    def shares(self, key: str = "shares") -> int:
        return parse_shares(self.need(key), self.at(key))


def _termination(f: EventFields) -> Event:
    reason = parse_reason(f.get("reason"), f.at("reason")) if f.has("reason") else None
    return Termination(f.date(), reason or Reason.VOLUNTARY)


def _acceleration(f: EventFields) -> Event:
    kwargs: dict[str, Any] = {}
    if f.has("shares"):
        kwargs["shares"] = f.shares()
    if f.has("percent"):
        kwargs["percent"] = parse_portion(f.get("percent"), f.at("percent"))
    if f.has("months"):
        months = parse_period(f.get("months"), f.at("months"))
        if months.unit is not Unit.MONTHS:
            raise InputError([Problem(f.at("months"), f.get("months"), "a number of months")])
        kwargs["months"] = months.count
    if f.has("trigger"):
        kwargs["trigger"] = parse_trigger(f.get("trigger"), f.at("trigger"))
    if f.has("window"):
        kwargs["window"] = parse_period(f.get("window"), f.at("window"))
    if f.has("method"):
        kwargs["method"] = parse_method(f.get("method"), f.at("method"))
    if f.has("qualifying"):
        raw = f.get("qualifying")
        names = raw.split(",") if isinstance(raw, str) else raw
        if not isinstance(names, list):
            raise InputError([Problem(f.at("qualifying"), brief(raw), "a list of reasons")])
        kwargs["qualifying"] = tuple(parse_reason(r, f.at("qualifying")) for r in names)
    date = f.date()
    try:
        return Acceleration(date, **kwargs)
    except VestingError as e:  # the record's own rules (one amount, > 0), named here
        raise renamed(e, "acceleration", f.path, f.item) from None


_INPUTS: Final = (
    "price",
    "volatility",
    "risk_free_rate",
    "dividend_yield",
    "expected_term",
    "fair_value",
)
"""A modification's valuation inputs on its date (ASC 718-20-35-3)."""


def _modification(f: EventFields, repricing: bool) -> Event:
    kwargs: dict[str, Any] = {}
    if repricing or f.has("exercise_price"):
        price = f.need("exercise_price") if repricing else f.get("exercise_price")
        kwargs["exercise_price"] = parse_money(price, f.at("exercise_price"))
    if f.has("expiration"):
        kwargs["expiration"] = f.date("expiration")
    if f.has("exercise_windows"):
        changed = windows(f.get("exercise_windows"), f.at("exercise_windows"))
        kwargs["exercise_windows"] = tuple((Reason.parse(k), p) for k, p in changed.items())
    date = f.date()
    if f.has("accelerate"):
        kwargs["accelerate"] = _agreed(f.get("accelerate"), date, f.at("accelerate"))
    given: dict[str, Decimal | str] = {}
    for name in _INPUTS:
        if f.has(name):
            if name in ("price", "fair_value"):
                given[name] = parse_money(f.get(name), f.at(name))
            elif name == "expected_term":
                given[name] = parse_expected_term(f.get(name), f.at(name))
            else:
                given[name] = parse_rate(f.get(name), f.at(name))
    if given:
        try:
            kwargs["inputs"] = Pricing(**given)  # type: ignore[arg-type]
        except VestingError as e:
            raise InputError([p.renamed((*f.path, *p.path)) for p in e.problems]) from None
    if f.has("fair_value_before"):
        value = f.get("fair_value_before")
        kwargs["fair_value_before"] = parse_money(value, f.at("fair_value_before"))
    if f.has("expected_term_before"):
        before = f.get("expected_term_before")
        kwargs["expected_term_before"] = parse_expected_term(before, f.at("expected_term_before"))
    try:
        return Modification(date, **kwargs)
    except VestingError as e:  # the record's own rules, named here
        raise renamed(e, "modification", f.path, f.item) from None


def _agreed(value: object, date: _dt.date, field: Field) -> Acceleration:
    """The acceleration a modification agrees: an amount (``"100%"``, ``5000``, ``"6m"``,
    optionally ``:soonest`` …) or a table of acceleration fields, single trigger, on its
    date."""
    if isinstance(value, dict):
        table = {k: v for k, v in value.items() if k != "date"}
        if "trigger" in table:
            raise InputError([Problem((*sub(field), "trigger"), table["trigger"], "single")])
        return _acceleration(
            EventFields({**table, "date": date.isoformat()}, sub(field), "accelerate")
        )  # type: ignore[return-value]
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InputError([Problem(field, brief(value), "an amount: 25%, 1000 or 6m")])
    return parse_acceleration(f"{date.isoformat()}:{value}", field, relative=False)


_MODIFICATION: Final[Mapping[str, js.Fragment]] = {
    "date": js.DATE,
    "exercise_price": js.MONEY,
    "expiration": js.DATE,
    "exercise_windows": js.WINDOWS,
    "accelerate": {"anyOf": [js.PORTION, js.SHARES, js.PERIOD, {"type": "object"}]},
    "price": js.MONEY,
    "volatility": js.RATE,
    "risk_free_rate": js.RATE,
    "dividend_yield": js.RATE,
    "expected_term": js.EXPECTED_TERM,
    "expected_term_before": js.EXPECTED_TERM,
    "fair_value": js.MONEY,
    "fair_value_before": js.MONEY,
}
_ACCELERATION: Final[Mapping[str, js.Fragment]] = {
    "date": js.DATE,
    "shares": js.SHARES,
    "percent": js.PORTION,
    "months": js.PERIOD,
    "trigger": js.TRIGGER,
    "window": js.PERIOD,
    "method": js.METHOD,
    "qualifying": {"oneOf": [{"type": "array", "items": js.REASON}, {"type": "string"}]},
}
EVENT_TYPES: Final[Mapping[str, EventType]] = {
    "termination": EventType({"date": js.DATE, "reason": js.REASON}, _termination),
    "leave": EventType(
        {"start": js.DATE, "end": js.DATE}, lambda f: Leave(f.date("start"), f.date("end"))
    ),
    "acceleration": EventType(_ACCELERATION, _acceleration),
    "exercise": EventType(
        {"date": js.DATE, "shares": js.SHARES}, lambda f: Exercise(f.date(), f.shares())
    ),
    "cancellation": EventType(
        {"date": js.DATE, "shares": js.SHARES}, lambda f: Cancellation(f.date(), f.shares())
    ),
    "event": EventType(
        {"name": js.TEXT, "date": js.DATE},
        lambda f: NamedEvent(parse_text(f.need("name"), f.at("name")), f.date()),
    ),
    "repricing": EventType(
        {k: v for k, v in _MODIFICATION.items() if k in ("date", "exercise_price", *_INPUTS)}
        | {
            "expected_term_before": js.EXPECTED_TERM,
            "fair_value": js.MONEY,
            "fair_value_before": js.MONEY,
        },
        lambda f: _modification(f, True),
    ),
    "modification": EventType(_MODIFICATION, lambda f: _modification(f, False)),
    "split": EventType(
        {"date": js.DATE, "ratio": js.SPLIT_RATIO},
        lambda f: StockSplit(f.date(), parse_split_ratio(f.need("ratio"), f.at("ratio"))),
    ),
}
"""Every event type a grant file may record (its ``type``), with its keys and its record."""


def event(item: object, at: tuple[str | int, ...]) -> Event:
    """One event: a table with a ``type`` (TOML/JSON; a word, :func:`vesting.errors.word`:
    ``Termination`` is ``termination``) or ``KIND=VALUE`` text (CSV)."""
    if isinstance(item, str):
        return parse_event_item(item, at, relative=False)
    if not isinstance(item, dict):
        raise InputError([Problem(at, brief(item), "an event table with a type")])
    kind = item.get("type", MISSING)
    if not isinstance(kind, str) or word(kind) not in EVENT_TYPES:
        allowed = f"one of {', '.join(EVENT_TYPES)}"
        raise InputError([Problem((*at, "type"), brief(kind), allowed)])
    kind = word(kind)
    spec = EVENT_TYPES[kind]
    found = [
        unknown((*at, k), brief(v), spec.keys, f"a {kind} field")
        for k, v in item.items()
        if k not in spec.keys
    ]
    if found:
        raise InputError(found)
    try:
        return spec.build(EventFields(item, at, kind))
    except VestingError as e:
        # A record's own rule (a leave ending before it starts): name the event.
        raise InputError(
            [p if p.path[: len(at)] == at else p.under(*at) for p in e.problems]
        ) from None


def events(value: object, field: Field) -> tuple[Event, ...]:
    out: list[Event] = []
    found: list[Problem] = []
    for i, item in enumerate(items(value, field, "a list of event tables"), start=1):
        try:
            out.append(event(item, sub(field, i)))
        except VestingError as e:
            found.extend(e.problems)
    if found:
        raise InputError(found)
    return tuple(out)
