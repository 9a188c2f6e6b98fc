"""Grant files: TOML, JSON and CSV, one schema, the library's field names.

A file holds grants; TOML and JSON may also hold ``defaults`` shared by every grant and named
``terms`` tables that grants refer to by name::

    schema_version = 1                       # optional; 1 is the only version

    [defaults]                               # optional: any grant field except id
    kind = "NSO"

    [terms.standard]                         # optional named terms (override a built-in name)
    length = "48m"
    every = "1m"
    cliff = "12m"

    [[grant]]                                # JSON: "grants": [ {...}, ... ] ("grant" also read)
    id = "ceo-2006-option"
    shares = 2_000_000
    grant_date = 2006-12-18
    exercise_price = "30.00"
    terms = "standard"                       # a name, or an inline table of terms fields

Grant fields: ``id`` (required), ``holder``, ``kind`` (ISO, NSO, RSU; required), ``shares``
(required), ``grant_date`` (required), ``vesting_start``, ``exercise_price``, ``expiration`` or
``term`` (a period after the grant date, e.g. ``"10y"``), ``terms``, ``events``, ``notes`` (free
text, not used in any calculation). Terms fields, usable in a grant, in ``defaults``, in an
inline ``terms`` table and in ``[terms.NAME]``: ``length``, ``every``, ``cliff``,
``cliff_portion``, ``immediate``, ``graded``, ``day_of_month``, ``allocation``,
``vest_on_termination_date``, ``exercise_windows``, ``toll_leaves``, ``early_exercise``,
``settle_on``, ``milestones``. The README documents each one; unknown keys are errors.

Rules where the formats leave a choice:

* ``defaults`` and grant fields merge *shallowly*: a grant's field replaces the default's whole
  value (``exercise_windows`` is the exception: reasons merge one by one).
* Terms: the named terms (``terms = "NAME"``: a ``[terms.NAME]`` table of the file, else a
  built-in), or an inline table, then the terms fields given in ``defaults`` and the grant.
  When no ``terms`` is named and no *shape* field (``length``, ``every``, ``cliff``,
  ``cliff_portion``, ``immediate``, ``graded``) is given, the grant vests on ``standard`` — as
  :class:`vesting.Grant` does. Otherwise shape fields not given take the
  :class:`vesting.VestingTerms` defaults (48 months, monthly, no cliff). A ``[terms.NAME]``
  table likewise starts from those defaults. ``cliff = 0`` (or ``"none"``) means no cliff.
* Dates in files are ISO ``YYYY-MM-DD`` only (TOML dates too); ``today`` and relative dates are
  for the command line. Numbers never become floats: TOML and JSON are read with
  ``parse_float=Decimal`` and portions / money are exact.
* CSV: one grant per row, a header row naming the columns (the fields above; ``terms`` must be a
  name), empty cells = not given, rows whose first cell starts with ``#`` and blank rows are
  skipped, no ``defaults`` or named tables. List fields use compact text:
  ``graded = "12m:5%;24m:15%;36m:40%;48m:40%"``, ``milestones = "ipo:25%:2y;fda:10%"``
  (name:portion[:deadline]), ``exercise_windows = "voluntary=6m;cause=0"``,
  ``events = "terminate=2009-03-01:voluntary;leave=2008-01-01:90d"`` (the what-if flags'
  syntax, see :func:`vesting.parsing.parse_event_item`).

:func:`load` / :func:`loads` return the grants or raise one :class:`~vesting.errors.InputError`
listing *every* problem of the file; :func:`problems` returns that list (for ``validate``).
Impossible events (:class:`~vesting.errors.EventError`) are among the problems.
"""

from __future__ import annotations

import csv
import datetime as _dt
import difflib
import io
import json
import os
import re
import sys
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from .allocation import Allocation
from .dates import MAX_DATE, DayOfMonth, Period, add
from .errors import InputError, Problem, VestingError
from .model import (
    Acceleration,
    Event,
    EventCondition,
    Exercise,
    GradedStep,
    Grant,
    Kind,
    Leave,
    NamedEvent,
    Reason,
    Termination,
    VestingTerms,
)
from .parsing import (
    parse_bool,
    parse_date,
    parse_event_item,
    parse_method,
    parse_money,
    parse_period,
    parse_portion,
    parse_reason,
    parse_shares,
    parse_trigger,
)
from .status import evaluate

__all__ = [
    "BUILTIN_TERMS",
    "FORMATS",
    "GRANT_FIELDS",
    "TERMS_FIELDS",
    "Loaded",
    "adhoc_grant",
    "check",
    "detect_format",
    "from_data",
    "grants_for",
    "load",
    "loads",
    "parse",
    "problems",
    "read_source",
    "select",
    "with_events",
]

FORMATS: Final = ("toml", "json", "csv")

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
    "toll_leaves",
    "early_exercise",
    "settle_on",
    "milestones",
)
REQUIRED: Final = ("id", "kind", "shares", "grant_date")
SHAPE_FIELDS: Final = ("length", "every", "cliff", "cliff_portion", "immediate", "graded")

BUILTIN_TERMS: Final[Mapping[str, VestingTerms]] = {
    "standard": VestingTerms.standard(),
    "annual": VestingTerms(length=Period.months(48), every=Period.months(12)),
    "quarterly": VestingTerms.standard(every=Period.months(3)),
    "monthly": VestingTerms(length=Period.months(48), every=Period.months(1)),
}
"""Terms every file can name: ``standard`` (48 months, monthly, 12-month cliff), ``annual``
(48 months, every 12 months), ``quarterly`` (48 months, every 3 months, 12-month cliff) and
``monthly`` (48 months, monthly, no cliff)."""

_TOP_KEYS: Final = ("schema_version", "defaults", "terms", "grant", "grants")
_EVENT_KEYS: Final[Mapping[str, tuple[str, ...]]] = {
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
    "event": ("type", "name", "date"),
}


class _Missing:
    """Shown as the value of a required field that is absent."""

    def __str__(self) -> str:
        return "nothing"

    __repr__ = __str__


MISSING: Final = _Missing()


class _Failed:
    """Marks a field whose value could not be converted (its problem is already recorded)."""


_FAILED: Final = _Failed()


class _Unset:
    """A JSON ``null``: the field is not given (it removes a default)."""


_UNSET: Final = _Unset()


@dataclass(frozen=True)
class Loaded:
    """What :func:`parse` read: the grants it could build and every problem it found."""

    name: str
    format: str
    grants: tuple[Grant, ...]
    problems: tuple[Problem, ...]
    count: int
    """How many grants the file holds (built or not)."""


# ------------------------------------------------------------------------------- reading


def read_source(source: str | os.PathLike[str], field: str = "FILE") -> tuple[str, str]:
    """``(name, text)`` of a file path, or of standard input for ``"-"``.

    Unreadable files and text that is not UTF-8 raise :class:`InputError` naming ``field``.
    A UTF-8 byte-order mark (spreadsheet exports) is dropped.
    """
    if str(source) == "-":
        name = "<stdin>"
        try:
            text = sys.stdin.read()
        except UnicodeDecodeError:
            raise InputError([Problem(field, name, "UTF-8 text on standard input")]) from None
        return name, text.removeprefix("\ufeff")
    name = str(source)
    try:
        with open(source, encoding="utf-8-sig") as f:
            return name, f.read()
    except UnicodeDecodeError as e:
        raise InputError(
            [Problem(field, name, f"a UTF-8 text file (byte {e.start} is not UTF-8)")]
        ) from None
    except OSError as e:
        reason = e.strerror or type(e).__name__
        raise InputError([Problem(field, name, f"a readable file ({reason})")]) from None


_TOML_START = re.compile(r"\s*(\[|[A-Za-z0-9_\-\"']+\s*=)")


def detect_format(name: str, text: str) -> str:
    """``toml``, ``json`` or ``csv``: from the file suffix, else from the text itself.

    Without a known suffix (standard input): text starting with ``{`` is JSON, text whose first
    line that is not blank or a ``#`` comment starts with ``[`` or ``key =`` is TOML, anything
    else CSV.
    """
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return "json"
    for line in stripped.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        return "toml" if _TOML_START.match(line) else "csv"
    return "toml"


def _check_format(format: str | None) -> str | None:
    if format is None:
        return None
    key = format.strip().lower()
    if key not in FORMATS:
        raise InputError([Problem("--input-format", format, "toml, json or csv")])
    return key


def parse(text: str, format: str | None = None, name: str = "<string>") -> Loaded:
    """Read grants from ``text``; never raises for bad content (see :attr:`Loaded.problems`)."""
    fmt = _check_format(format) or detect_format(name, text)
    if fmt == "csv":
        return _from_csv(text, name)
    data: object
    if fmt == "json":
        try:
            data = json.loads(text, parse_float=Decimal, parse_constant=Decimal)
        except json.JSONDecodeError as e:
            where = f"{name}: line {e.lineno}, column {e.colno}"
            return Loaded(name, fmt, (), (Problem("json", e.msg, "valid JSON", where),), 0)
    else:
        try:
            data = tomllib.loads(text, parse_float=Decimal)
        except tomllib.TOMLDecodeError as e:
            return Loaded(name, fmt, (), (Problem("toml", str(e), "valid TOML", name),), 0)
    if not isinstance(data, dict):
        problem = Problem("document", type(data).__name__, 'an object with a "grants" list', name)
        return Loaded(name, fmt, (), (problem,), 0)
    return _from_mapping(data, name, fmt)


def loads(text: str, format: str | None = None, name: str = "<string>") -> tuple[Grant, ...]:
    """The grants in ``text``, or :class:`InputError` listing every problem."""
    loaded = parse(text, format, name)
    if loaded.problems:
        raise InputError(loaded.problems)
    return loaded.grants


def load(source: str | os.PathLike[str], format: str | None = None) -> tuple[Grant, ...]:
    """The grants in the file at ``source`` (``"-"``: standard input).

    ``format`` is ``toml``, ``json`` or ``csv``; by default it is detected (see
    :func:`detect_format`). Raises :class:`InputError` listing every problem.
    """
    fmt = _check_format(format)
    name, text = read_source(source)
    return loads(text, fmt, name)


def problems(source: str | os.PathLike[str], format: str | None = None) -> list[Problem]:
    """Every problem of the grant file at ``source`` (empty when it is valid)."""
    try:
        fmt = _check_format(format)
        name, text = read_source(source)
    except VestingError as e:
        return list(e.problems)
    return list(parse(text, fmt, name).problems)


def check(source: str | os.PathLike[str], format: str | None = None) -> Loaded:
    """Read the grant file at ``source`` for ``validate``: never raises for bad input; an
    unreadable file is a :class:`Loaded` with that one problem and no grants."""
    try:
        fmt = _check_format(format)
        name, text = read_source(source)
    except VestingError as e:
        shown = "<stdin>" if str(source) == "-" else str(source)
        return Loaded(shown, format or "", (), e.problems, 0)
    return parse(text, fmt, name)


def grants_for(
    source: str | None,
    *,
    format: str | None = None,
    adhoc: Mapping[str, str | None] | None = None,
    ids: Sequence[str] = (),
    events: Sequence[Event] = (),
    today: _dt.date | None = None,
) -> tuple[Grant, ...]:
    """The grants a command works on: from the file ``source`` (``"-"``: standard input) or
    from ad-hoc terms (see :func:`adhoc_grant`) — exactly one of the two — narrowed to ``ids``
    (all when empty) and with the what-if ``events`` added to each."""
    given = {k: v for k, v in (adhoc or {}).items() if v is not None}
    if source is not None and given:
        options = ", ".join(ADHOC_OPTIONS[k] for k in given)
        raise InputError(
            [Problem("FILE", source, f"a grant file or ad-hoc terms ({options}), not both")]
        )
    if source is None and not given:
        raise InputError(
            [
                Problem(
                    "FILE",
                    MISSING,
                    "a grant file path, - for standard input, or ad-hoc terms "
                    "(--shares and --grant-date, with --months, --cliff, --every, ...)",
                )
            ]
        )
    grants = load(source, format) if source is not None else (adhoc_grant(given, today=today),)
    return with_events(select(grants, ids), events)


def from_data(data: Mapping[str, Any], name: str = "<data>") -> tuple[Grant, ...]:
    """The grants of an already-parsed TOML/JSON document (a dict)."""
    loaded = _from_mapping(data, name, "data")
    if loaded.problems:
        raise InputError(loaded.problems)
    return loaded.grants


# ------------------------------------------------------------------------------- documents


def _unknown(key: str, value: object, known: Sequence[str], what: str, where: str) -> Problem:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return Problem(key, value, f"not {what} — {hint}allowed: {', '.join(known)}", where)


def _from_mapping(data: Mapping[str, Any], name: str, fmt: str) -> Loaded:
    found: list[Problem] = []
    for key, value in data.items():
        if key not in _TOP_KEYS:
            found.append(_unknown(key, _brief(value), _TOP_KEYS, "a top-level key", name))
    version = data.get("schema_version", 1)
    if version != 1 or isinstance(version, bool):
        found.append(Problem("schema_version", version, "1 (the only version)", name))

    defaults_raw = data.get("defaults", {})
    defaults: dict[str, object] = {}
    if not isinstance(defaults_raw, dict):
        found.append(Problem("defaults", _brief(defaults_raw), "a table of grant fields", name))
    else:
        allowed = tuple(k for k in (*GRANT_FIELDS, *TERMS_FIELDS) if k != "id")
        defaults, more = _convert(defaults_raw, f"{name}: defaults", allowed, "a defaults field")
        found.extend(more)

    named: dict[str, VestingTerms | None] = {}
    terms_raw = data.get("terms", {})
    if not isinstance(terms_raw, dict):
        found.append(Problem("terms", _brief(terms_raw), "tables [terms.NAME]", name))
    else:
        for tname, table in terms_raw.items():
            where = f"{name}: terms '{tname}'"
            if not isinstance(table, dict):
                found.append(Problem(tname, _brief(table), "a table of terms fields", where))
                named[tname] = None
                continue
            conv, more = _convert(table, where, TERMS_FIELDS, "a terms field")
            found.extend(more)
            terms, more = (None, []) if more else _terms_of(VestingTerms(), conv, where)
            found.extend(more)
            named[tname] = terms

    if "grant" in data and "grants" in data:
        found.append(Problem("grants", "both 'grant' and 'grants'", "one list of grants", name))
    raw_grants = data.get("grants", data.get("grant", []))
    if not isinstance(raw_grants, list):
        found.append(Problem("grants", _brief(raw_grants), "a list of grant tables", name))
        raw_grants = []

    grants: list[Grant] = []
    seen: dict[str, str] = {}
    for index, raw in enumerate(raw_grants, start=1):
        label = f"grant #{index}"
        if isinstance(raw, dict) and isinstance(raw.get("id"), str | int) and raw.get("id"):
            label = f"grant '{raw['id']}'"
        where = f"{name}: {label}"
        if not isinstance(raw, dict):
            found.append(Problem("grant", _brief(raw), "a table of grant fields", where))
            continue
        conv, more = _convert(raw, where, (*GRANT_FIELDS, *TERMS_FIELDS), "a grant field")
        found.extend(more)
        gid = conv.get("id")
        duplicate = isinstance(gid, str) and gid in seen
        if isinstance(gid, str):
            if duplicate:
                found.append(
                    Problem("id", gid, f"an id not used by another grant ({seen[gid]})", where)
                )
            seen.setdefault(gid, f"grant #{index}")
        merged = _merge_defaults(defaults, conv)
        grant, more = _assemble(merged, named, where, name)
        found.extend(more)
        if grant is not None and not duplicate:
            grants.append(grant)
    return Loaded(name, fmt, tuple(grants), tuple(found), len(raw_grants))


OPTION_ONLY: Final = ("exercise_price", "expiration", "term", "early_exercise")
RSU_ONLY: Final = ("settle_on",)


def _merge_defaults(defaults: Mapping[str, object], own: Mapping[str, object]) -> dict[str, object]:
    """A grant's fields over the defaults (shallow; ``exercise_windows`` merge per reason).

    Defaults that only make sense for the other kind are not applied (a default ``term`` does
    not reach an RSU, a default ``settle_on`` not an option), and a ``null`` field removes the
    default.
    """
    kind = own.get("kind", defaults.get("kind"))
    skip = OPTION_ONLY if kind is Kind.RSU else RSU_ONLY if isinstance(kind, Kind) else ()
    merged = {k: v for k, v in defaults.items() if k not in skip}
    merged.update(own)
    if "exercise_windows" in defaults and "exercise_windows" in own:
        merged["exercise_windows"] = _merge_windows(
            defaults["exercise_windows"], own["exercise_windows"]
        )
    return {k: v for k, v in merged.items() if v is not _UNSET}


def _brief(value: object) -> object:
    """A short stand-in for a big value in a message."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return value


def _merge_windows(a: object, b: object) -> object:
    if isinstance(a, dict) and isinstance(b, dict):
        return {**a, **b}
    return b


# ------------------------------------------------------------------------------------ CSV


def _from_csv(text: str, name: str) -> Loaded:
    found: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    columns: list[str | None] = []
    grants: list[Grant] = []
    seen: dict[str, int] = {}
    count = 0
    last = 0
    known = (*GRANT_FIELDS, *TERMS_FIELDS)
    try:
        for row in reader:
            line, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            where = f"{name}: line {line}"
            if header is None:
                header = [cell.strip().lower() for cell in row]
                for col in header:
                    if col not in known:
                        found.append(_unknown(col, col, known, "a column name", where))
                        columns.append(None)
                    elif col in columns:
                        found.append(Problem(col, col, "each column once", where))
                        columns.append(None)
                    else:
                        columns.append(col)
                missing = [r for r in REQUIRED if r not in columns]
                found.extend(Problem(r, MISSING, "a required column", where) for r in missing)
                if missing:
                    break  # no row can be read without them
                continue
            count += 1
            if len(row) > len(columns) and any(c.strip() for c in row[len(columns) :]):
                found.append(
                    Problem(
                        "row",
                        f"{len(row)} cells",
                        f"at most {len(columns)} cells (one per header column)",
                        where,
                    )
                )
                continue
            raw = {
                col: cell.strip()
                for col, cell in zip(columns, row, strict=False)
                if col is not None and cell.strip()
            }
            gid = raw.get("id")
            if gid:
                where = f"{where}: grant '{gid}'"
            if isinstance(raw.get("terms"), str) and raw["terms"].startswith("{"):
                found.append(Problem("terms", raw["terms"], "the name of terms in CSV", where))
                continue
            conv, more = _convert(raw, where, known, "a grant field")
            found.extend(more)
            duplicate = bool(gid) and gid in seen
            if gid:
                if duplicate:
                    found.append(
                        Problem(
                            "id", gid, f"an id not used by another row (line {seen[gid]})", where
                        )
                    )
                seen.setdefault(gid, line)
            grant, more = _assemble(conv, {}, where, f"{name}: line {line}")
            found.extend(more)
            if grant is not None and not duplicate:
                grants.append(grant)
    except csv.Error as e:
        found.append(Problem("csv", str(e), "valid CSV (RFC 4180)", f"{name}: line {last + 1}"))
    if header is None and not found:
        found.append(Problem("header", MISSING, "a header row naming the columns", name))
    return Loaded(name, "csv", tuple(grants), tuple(found), count)


# ------------------------------------------------------------------------------ converting


Converter = Callable[[object, str], object]


def _text(value: object, field: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise InputError([Problem(field, value, "non-empty text")])
    return value.strip()


def _file_date(value: object, field: str) -> _dt.date:
    return parse_date(value, field, relative=False)


def _kind(value: object, field: str) -> Kind:
    try:
        return Kind.parse(str(value), field)
    except VestingError as e:
        raise InputError(e.problems) from None


def _cliff(value: object, field: str) -> Period | None:
    if isinstance(value, str) and value.strip().lower() in ("none", "no", ""):
        return None
    if value is False:
        return None
    period = parse_period(value, field)
    return None if period.is_zero() else period


def _day_of_month(value: object, field: str) -> DayOfMonth:
    try:
        return DayOfMonth.parse(value if isinstance(value, int | str) else str(value), field)
    except VestingError as e:
        raise InputError(e.problems) from None


def _allocation(value: object, field: str) -> Allocation:
    try:
        return Allocation.parse(str(value), field)
    except VestingError as e:
        raise InputError(e.problems) from None


def _items(value: object, field: str, what: str) -> list[object]:
    """A list (TOML/JSON) or ``;``-separated text (CSV) of items."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if isinstance(value, list):
        return list(value)
    raise InputError([Problem(field, _brief(value), what)])


GRADED_FORMS = 'a list of [offset, portion] pairs, or text "12m:25%;24m:25%;..."'


def _graded(value: object, field: str) -> tuple[GradedStep, ...]:
    steps: list[GradedStep] = []
    found: list[Problem] = []
    for i, item in enumerate(_items(value, field, GRADED_FORMS), start=1):
        sub = f"{field}[{i}]"
        pair: Sequence[object]
        if isinstance(item, str):
            pair = item.split(":")
        elif isinstance(item, list):
            pair = item
        elif isinstance(item, dict) and set(item) <= {"offset", "portion"}:
            pair = [item.get("offset", MISSING), item.get("portion", MISSING)]
        else:
            found.append(Problem(sub, _brief(item), "an [offset, portion] pair"))
            continue
        if len(pair) != 2:
            found.append(Problem(sub, _brief(item), "an [offset, portion] pair such as 12m:25%"))
            continue
        try:
            offset = parse_period(pair[0], f"{sub}.offset")
            portion = parse_portion(pair[1], f"{sub}.portion")
        except VestingError as e:
            found.extend(e.problems)
            continue
        if portion == 0:
            found.append(Problem(f"{sub}.portion", pair[1], "a portion > 0 and <= 1"))
            continue
        steps.append(GradedStep(offset, portion))
    if found:
        raise InputError(found)
    if not steps:
        raise InputError([Problem(field, "an empty list", GRADED_FORMS)])
    return tuple(steps)


_ISO_DATE = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*")


def _deadline(value: object, field: str) -> _dt.date | Period:
    if isinstance(value, _dt.date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return _file_date(value, field)
    try:
        return parse_period(value, field)
    except VestingError:
        raise InputError(
            [Problem(field, value, "a date YYYY-MM-DD or a period after the vesting start (2y)")]
        ) from None


MILESTONE_FORMS = (
    'a list of {name, portion, deadline} tables, or text "name:portion[:deadline];..."'
)


def _milestones(value: object, field: str) -> tuple[EventCondition, ...]:
    out: list[EventCondition] = []
    found: list[Problem] = []
    for i, item in enumerate(_items(value, field, MILESTONE_FORMS), start=1):
        sub = f"{field}[{i}]"
        table: dict[str, object]
        if isinstance(item, str):
            parts = [p.strip() for p in item.split(":")]
            if len(parts) not in (2, 3):
                found.append(Problem(sub, item, "name:portion or name:portion:deadline"))
                continue
            table = dict(zip(("name", "portion", "deadline"), parts, strict=False))
        elif isinstance(item, dict):
            table = item
        else:
            found.append(Problem(sub, _brief(item), "a {name, portion, deadline} table"))
            continue
        for key in table:
            if key not in ("name", "portion", "deadline"):
                found.append(
                    _unknown(
                        f"{sub}.{key}",
                        table[key],
                        ("name", "portion", "deadline"),
                        "a milestone field",
                        "",
                    )
                )
        try:
            name = _text(table.get("name", MISSING), f"{sub}.name")
            portion = parse_portion(table.get("portion", MISSING), f"{sub}.portion")
            deadline = (
                _deadline(table["deadline"], f"{sub}.deadline") if "deadline" in table else None
            )
            out.append(EventCondition(name, portion, deadline))
        except VestingError as e:
            found.extend(e.problems)
    if found:
        raise InputError(found)
    return tuple(out)


WINDOW_FORMS = 'a table {voluntary = "3m", cause = 0, ...} or text "voluntary=3m;cause=0"'


def _windows(value: object, field: str) -> dict[str, Period]:
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
        raise InputError([Problem(field, _brief(value), WINDOW_FORMS)])
    out: dict[str, Period] = {}
    found: list[Problem] = []
    reasons = tuple(r.value for r in Reason)
    for key, val in table.items():
        if key not in reasons:
            found.append(_unknown(f"{field}.{key}", val, reasons, "a termination reason", ""))
            continue
        try:
            out[key] = parse_period(val, f"{field}.{key}")
        except VestingError as e:
            found.extend(e.problems)
    if found:
        raise InputError(found)
    return out


def _event(item: object, sub: str) -> Event:
    if isinstance(item, str):
        return parse_event_item(item, sub, relative=False)
    if not isinstance(item, dict):
        raise InputError([Problem(sub, _brief(item), "an event table with a type")])
    kind = item.get("type", MISSING)
    if not isinstance(kind, str) or kind.strip().lower() not in _EVENT_KEYS:
        allowed = ", ".join(_EVENT_KEYS)
        raise InputError([Problem(f"{sub}.type", kind, f"one of {allowed}")])
    kind = kind.strip().lower()
    keys = _EVENT_KEYS[kind]
    found = [
        _unknown(f"{sub}.{k}", v, keys, f"a {kind} field", "")
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
        return _file_date(need(key), f"{sub}.{key}")

    if kind == "termination":
        reason = parse_reason(item["reason"], f"{sub}.reason") if "reason" in item else None
        return Termination(when(), reason or Reason.VOLUNTARY)
    if kind == "leave":
        start, end = when("start"), when("end")
        if end < start:
            raise InputError(
                [Problem(f"{sub}.end", end.isoformat(), f"a date on or after the start {start}")]
            )
        return Leave(start, end)
    if kind == "exercise":
        return Exercise(when(), parse_shares(need("shares"), f"{sub}.shares"))
    if kind == "event":
        return NamedEvent(_text(need("name"), f"{sub}.name"), when())
    kwargs: dict[str, Any] = {}
    amounts = [k for k in ("shares", "percent", "months") if k in item]
    if len(amounts) != 1:
        raise InputError(
            [
                Problem(
                    sub, ", ".join(amounts) or "no amount", "exactly one of shares, percent, months"
                )
            ]
        )
    if "shares" in item:
        kwargs["shares"] = parse_shares(item["shares"], f"{sub}.shares")
    if "percent" in item:
        kwargs["percent"] = parse_portion(item["percent"], f"{sub}.percent")
    if "months" in item:
        months = parse_period(item["months"], f"{sub}.months")
        if months.unit is not Period.months(1).unit or months.is_zero():
            raise InputError([Problem(f"{sub}.months", item["months"], "a number of months > 0")])
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
            raise InputError([Problem(f"{sub}.qualifying", _brief(raw), "a list of reasons")])
        kwargs["qualifying"] = tuple(parse_reason(r, f"{sub}.qualifying") for r in names)
    return Acceleration(when(), **kwargs)


def _events(value: object, field: str) -> tuple[Event, ...]:
    out: list[Event] = []
    found: list[Problem] = []
    for i, item in enumerate(_items(value, field, "a list of event tables"), start=1):
        sub = f"{field}[{i}]"
        try:
            out.append(_event(item, sub))
        except VestingError as e:
            found.extend(
                p if p.field.startswith(sub) else Problem(f"{sub}.{p.field}", p.value, p.allowed)
                for p in e.problems
            )
    if found:
        raise InputError(found)
    return tuple(out)


def _terms_ref(value: object, field: str) -> object:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, dict):
        conv, found = _convert(value, "", TERMS_FIELDS, "a terms field", prefix=f"{field}.")
        if found:
            raise InputError(found)
        return {k: v for k, v in conv.items() if v is not _UNSET}
    raise InputError(
        [Problem(field, _brief(value), "the name of terms, or an inline table of terms fields")]
    )


_CONVERTERS: Final[Mapping[str, Converter]] = {
    "id": _text,
    "holder": _text,
    "notes": _text,
    "kind": _kind,
    "shares": parse_shares,
    "grant_date": _file_date,
    "vesting_start": _file_date,
    "expiration": _file_date,
    "exercise_price": parse_money,
    "term": parse_period,
    "terms": _terms_ref,
    "events": _events,
    "length": parse_period,
    "every": parse_period,
    "cliff": _cliff,
    "cliff_portion": parse_portion,
    "immediate": parse_portion,
    "graded": _graded,
    "day_of_month": _day_of_month,
    "allocation": _allocation,
    "vest_on_termination_date": parse_bool,
    "toll_leaves": parse_bool,
    "early_exercise": parse_bool,
    "exercise_windows": _windows,
    "settle_on": _text,
    "milestones": _milestones,
}


def _convert(
    raw: Mapping[str, object],
    where: str,
    allowed: Sequence[str],
    what: str,
    *,
    prefix: str = "",
    today: _dt.date | None = None,
) -> tuple[dict[str, object], list[Problem]]:
    """Convert every known field of ``raw``; failed ones are marked ``_FAILED``."""
    out: dict[str, object] = {}
    found: list[Problem] = []
    for key, value in raw.items():
        if key not in allowed:
            found.append(_unknown(f"{prefix}{key}", _brief(value), allowed, what, where))
            continue
        if value is None:  # JSON null: not given (removes a default)
            out[key] = _UNSET
            continue
        try:
            if today is not None and key in ("grant_date", "vesting_start", "expiration"):
                out[key] = parse_date(value, f"{prefix}{key}", today=today)
            else:
                out[key] = _CONVERTERS[key](value, f"{prefix}{key}")
        except VestingError as e:
            out[key] = _FAILED
            found.extend(p.at(where) if where else p for p in e.problems)
    return out, found


def _terms_of(
    base: VestingTerms, fields: Mapping[str, object], where: str
) -> tuple[VestingTerms | None, list[Problem]]:
    """``base`` with the converted terms ``fields`` applied (and validated by the model)."""
    kwargs: dict[str, Any] = {
        k: v for k, v in fields.items() if k in TERMS_FIELDS and v is not _UNSET
    }
    if any(v is _FAILED for v in kwargs.values()):
        return None, []
    windows = kwargs.pop("exercise_windows", None)
    if isinstance(windows, dict):
        kwargs["exercise_windows"] = replace(base.exercise_windows, **windows)
    try:
        return replace(base, **kwargs), []
    except VestingError as e:
        return None, [p.at(where) for p in e.problems]


def _assemble(
    fields: Mapping[str, object],
    named: Mapping[str, VestingTerms | None],
    where: str,
    source: str,
) -> tuple[Grant | None, list[Problem]]:
    """Build a grant from converted (merged) fields.

    Fields that failed to convert are already reported; the rest are still checked (the model
    runs with the failed optional fields left out, and a stand-in for failed shares or terms),
    so one pass finds every problem of the grant. Our problems are located at ``where``; the
    model's (already at ``grant 'ID'``) get ``source`` in front.
    """
    found = [
        Problem(required, MISSING, "a value (required)", where)
        for required in REQUIRED
        if required not in fields
    ]
    failed = {k for k, v in fields.items() if v is _FAILED}
    if found or failed & {"id", "kind", "grant_date"}:
        return None, found
    ok = {k: v for k, v in fields.items() if v is not _FAILED}

    ref = ok.get("terms")
    inline: Mapping[str, object] = {}
    base: VestingTerms | None
    if "terms" in failed:
        base = None
    elif isinstance(ref, str):
        if ref in named:
            base = named[ref]  # None: the named table's own problems are already reported
            if base is None:
                failed.add("terms")
        elif ref in BUILTIN_TERMS:
            base = BUILTIN_TERMS[ref]
        else:
            names = sorted({*named, *BUILTIN_TERMS})
            found.append(Problem("terms", ref, f"the name of terms: {', '.join(names)}", where))
            base = None
    else:
        inline = ref if isinstance(ref, dict) else {}
        shaped = any(k in fields or k in inline for k in SHAPE_FIELDS)
        base = VestingTerms() if shaped else BUILTIN_TERMS["standard"]
    terms: VestingTerms | None = None
    if base is not None and not failed & set(TERMS_FIELDS):
        terms_fields = {**inline, **{k: v for k, v in ok.items() if k in TERMS_FIELDS}}
        if "exercise_windows" in inline and "exercise_windows" in ok:
            terms_fields["exercise_windows"] = _merge_windows(
                inline["exercise_windows"], ok["exercise_windows"]
            )
        terms, more = _terms_of(base, terms_fields, where)
        found.extend(more)

    kind = ok["kind"]
    grant_date = ok["grant_date"]
    assert isinstance(kind, Kind) and isinstance(grant_date, _dt.date)
    expiration = ok.get("expiration")
    if "term" in ok:
        term = ok["term"]
        assert isinstance(term, Period)
        if "expiration" in fields:
            found.append(Problem("term", str(term), "either term or expiration, not both", where))
        elif not kind.is_option:
            found.append(Problem("term", str(term), "no term on an RSU (omit it)", where))
        elif term.is_zero():
            found.append(Problem("term", str(term), "a term > 0 such as 10y", where))
        else:
            try:
                expiration = add(grant_date, term)
            except VestingError as e:
                found.extend(p.at(where) for p in e.problems)
    try:
        grant = Grant(
            id=str(ok["id"]),
            kind=kind,
            shares=ok.get("shares", 1),  # type: ignore[arg-type]
            grant_date=grant_date,
            terms=terms if terms is not None else VestingTerms(),
            vesting_start=ok.get("vesting_start"),  # type: ignore[arg-type]
            exercise_price=ok.get("exercise_price"),  # type: ignore[arg-type]
            expiration=expiration,  # type: ignore[arg-type]
            holder=ok.get("holder"),  # type: ignore[arg-type]
            events=ok.get("events", ()),  # type: ignore[arg-type]
        )
    except VestingError as e:
        # The model locates its problems at "grant 'ID'"; add the file (and line).
        return None, [*found, *(p.at(source) for p in e.problems)]
    if found or failed or terms is None:
        return None, found
    if grant.events:
        try:
            evaluate(grant, MAX_DATE)
        except VestingError as e:
            return None, [p.at(source) for p in e.problems]
    return grant, []


# ---------------------------------------------------------------------- command-line use


ADHOC_OPTIONS: Final[Mapping[str, str]] = {
    "id": "--id",
    "kind": "--kind",
    "shares": "--shares",
    "grant_date": "--grant-date",
    "vesting_start": "--start",
    "exercise_price": "--strike",
    "terms": "--terms",
    "length": "--months",
    "every": "--every",
    "cliff": "--cliff",
    "day_of_month": "--day-of-month",
    "allocation": "--allocation",
}
"""Grant fields that ad-hoc command-line options give, and the option for each."""


def adhoc_grant(values: Mapping[str, str | None], *, today: _dt.date | None = None) -> Grant:
    """A grant from command-line options (``values``: field → text, ``None`` = not given).

    The same conversions and rules as a file row (``id`` defaults to ``adhoc``, ``kind`` to
    ``NSO``); dates may also be ``today`` or relative. Problems name the options
    (``--months``, not ``length``) at location ``command line``.
    """
    given = {k: v for k, v in values.items() if v is not None}
    unknown = [k for k in given if k not in ADHOC_OPTIONS]
    if unknown:
        raise ValueError(f"not ad-hoc fields: {unknown}")  # a programming error, not input
    fields = {"id": "adhoc", "kind": "NSO", **given}
    conv, found = _convert(
        fields, "", tuple(ADHOC_OPTIONS), "an option", today=today or _dt.date.today()
    )
    for required in ("shares", "grant_date"):
        if required not in given:
            found.append(Problem(required, MISSING, "required for ad-hoc terms"))
    if not found:
        grant, found = _assemble(conv, {}, "", "")
        if grant is not None:
            return grant
    raise InputError([_as_option(p) for p in found])


def _as_option(p: Problem) -> Problem:
    head, dot, rest = p.field.partition(".")
    option = ADHOC_OPTIONS.get(head, head)
    where = "command line"
    return Problem(option + dot + rest, p.value, p.allowed, where)


def select(grants: Sequence[Grant], ids: Iterable[str]) -> tuple[Grant, ...]:
    """The grants whose id is in ``ids`` (file order), or all when ``ids`` is empty.

    An id matching no grant is an :class:`InputError` that lists the ids there are.
    """
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return tuple(grants)
    have = [g.id for g in grants]
    missing = [i for i in wanted if i not in have]
    if missing:
        shown = ", ".join(have[:10]) + (f" (and {len(have) - 10} more)" if len(have) > 10 else "")
        raise InputError(
            [Problem("--grant", i, f"a grant id in the file: {shown or 'none'}") for i in missing]
        )
    return tuple(g for g in grants if g.id in wanted)


def with_events(grants: Sequence[Grant], events: Sequence[Event]) -> tuple[Grant, ...]:
    """Every grant with ``events`` recorded after its own (what-if questions)."""
    if not events:
        return tuple(grants)
    return tuple(g.with_events(*events) for g in grants)
