"""TOML and JSON grant documents: ``defaults``, named ``terms`` tables and a list of grants.

::

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
    terms = "standard"                       # a name, or an inline table of terms fields

A document is parsed whole (bounded, see :mod:`vesting.io.source`); its grants are then built
and yielded one at a time. Numbers never become floats: both formats are read with
``parse_float=Decimal``. Unknown keys are errors, with a suggestion for near misses.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from decimal import Decimal
from typing import Final

from ..errors import Problem, grant_label
from ..model import VestingTerms
from .build import Builder, Read, convert, terms_of
from .fields import ALL_FIELDS, TERMS_FIELDS, brief, unknown
from .source import Text

_TOP_KEYS: Final = ("schema_version", "defaults", "terms", "grant", "grants")


def _file_problem(problem: Problem) -> Read:
    return Read(None, (problem,), problem.location, None, False)


def read_json(text: Text) -> Iterator[Read]:
    """The grants of a JSON document."""
    try:
        data = load_json(text.read())
    except json.JSONDecodeError as e:
        where = f"{text.name}: line {e.lineno}, column {e.colno}"
        yield _file_problem(Problem("json", e.msg, "valid JSON", where))
        return
    except RecursionError:
        yield _file_problem(Problem("json", "values nested too deeply", NESTING, text.name))
        return
    yield from read_mapping(data, text.name)


NESTING: Final = "JSON or TOML values nested at most a few hundred levels deep"


def _number(text: str) -> int | Decimal:
    """A JSON integer: an ``int``, or a ``Decimal`` when it is too long for one — converters
    then reject it naming the field and the limit, instead of the parser failing."""
    return int(text) if len(text) <= 30 else Decimal(text)


def load_json(text: str) -> object:
    """JSON with exact numbers: decimals and long integers as ``Decimal``, never ``float``."""
    return json.loads(text, parse_float=Decimal, parse_int=_number, parse_constant=Decimal)


def read_toml(text: Text) -> Iterator[Read]:
    """The grants of a TOML document."""
    try:
        data = tomllib.loads(text.read(), parse_float=Decimal)
    except tomllib.TOMLDecodeError as e:
        yield _file_problem(Problem("toml", str(e), "valid TOML", text.name))
        return
    except RecursionError:
        yield _file_problem(Problem("toml", "values nested too deeply", NESTING, text.name))
        return
    except ValueError as e:  # an integer with more digits than Python converts
        yield _file_problem(Problem("toml", str(e), "valid TOML", text.name))
        return
    yield from read_mapping(data, text.name)


def read_mapping(data: object, name: str) -> Iterator[Read]:
    """The grants of an already parsed document (a dict with ``grants``)."""
    if not isinstance(data, dict):
        yield _file_problem(
            Problem("document", type(data).__name__, 'an object with a "grants" list', name)
        )
        return
    found: list[Problem] = []
    for key, value in data.items():
        if key not in _TOP_KEYS:
            found.append(unknown(key, brief(value), _TOP_KEYS, "a top-level key", name))
    version = data.get("schema_version", 1)
    if version != 1 or isinstance(version, bool):
        found.append(Problem("schema_version", version, "1 (the only version)", name))

    defaults_raw = data.get("defaults", {})
    defaults: dict[str, object] = {}
    if not isinstance(defaults_raw, dict):
        found.append(Problem("defaults", brief(defaults_raw), "a table of grant fields", name))
    else:
        allowed = tuple(k for k in ALL_FIELDS if k != "id")
        defaults, more = convert(defaults_raw, f"{name}: defaults", allowed, "a defaults field")
        found.extend(more)

    named, more = _named_terms(data.get("terms", {}), name)
    found.extend(more)
    if "grant" in data and "grants" in data:
        found.append(Problem("grants", "both 'grant' and 'grants'", "one list of grants", name))
    raw_grants = data.get("grants", data.get("grant", []))
    if not isinstance(raw_grants, list):
        found.append(Problem("grants", brief(raw_grants), "a list of grant tables", name))
        raw_grants = []
    for problem in found:
        yield _file_problem(problem)

    builder = Builder(defaults, named)
    seen: dict[str, str] = {}
    for index, raw in enumerate(raw_grants, start=1):
        label = f"grant #{index}"
        if isinstance(raw, dict) and isinstance(raw.get("id"), str | int) and raw.get("id"):
            label = grant_label(raw["id"])
        where = f"{name}: {label}"
        if not isinstance(raw, dict):
            yield Read(
                None, (Problem("grant", brief(raw), "a table of grant fields", where),), where
            )
            continue
        grant, problems = builder.grant(raw, where, name)
        gid = raw.get("id")
        if isinstance(gid, str | int) and not isinstance(gid, bool):
            key = str(gid).strip()
            if key in seen:
                problems = [
                    *problems,
                    Problem("id", key, f"an id not used by another grant ({seen[key]})", where),
                ]
                grant = None
            seen.setdefault(key, f"grant #{index}")
        yield Read(grant, tuple(problems), where)


def _named_terms(
    terms_raw: object, name: str
) -> tuple[dict[str, VestingTerms | None], list[Problem]]:
    named: dict[str, VestingTerms | None] = {}
    found: list[Problem] = []
    if not isinstance(terms_raw, dict):
        return named, [Problem("terms", brief(terms_raw), "tables [terms.NAME]", name)]
    for tname, table in terms_raw.items():
        where = f"{name}: terms '{tname}'"
        if not isinstance(table, dict):
            found.append(Problem(tname, brief(table), "a table of terms fields", where))
            named[tname] = None
            continue
        conv, more = convert(table, where, TERMS_FIELDS, "a terms field")
        found.extend(more)
        terms, more = (None, []) if more else terms_of(VestingTerms(), conv, where)
        found.extend(more)
        named[tname] = terms
    return named, found
