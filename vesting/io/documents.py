"""TOML and JSON grant documents: ``defaults``, named ``terms`` tables and a list of grants.

::

    schema_version = 1                       # optional; 1 is the only version

    [defaults]                               # optional: any grant field except id
    kind = "NSO"

    [terms.standard]                         # optional named terms (override a built-in name)
    length = "48m"
    every = "1m"
    cliff = "12m"

    [[split]]                                # optional: company-wide stock splits (JSON:
    date = 2015-11-06                        # "splits": [ {...} ]), applied to every grant
    ratio = "1-for-20"                       # granted before the split date, not expired

    [[grant]]                                # JSON: "grants": [ {...}, ... ] ("grant" also read)
    id = "ceo-2006-option"
    shares = 2_000_000
    grant_date = 2006-12-18
    terms = "standard"                       # a name, or an inline table of terms fields

A document is parsed whole (bounded, see :mod:`vesting.io.source`); its grants are then built
and yielded one at a time. Numbers never become floats: both formats are read with
``parse_float=Decimal``. A TOML date that names no day (``grant_date = 2008-02-30``, unquoted)
is reported at its grant and field like any bad date (:mod:`vesting.io.tomldates`). Unknown
keys of a grant or of ``defaults`` are its attributes (:mod:`vesting.io.attributes`), unless
close to a field or ``strict``; other unknown keys are errors, with a suggestion for near
misses.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Final

from ..errors import InputError, Location, Problem, VestingError, grant_label, in_file, word
from ..model import StockSplit, VestingTerms
from ..model.company import Company
from . import tomldates
from .build import Builder, Read, convert, file_problem, terms_of
from .company import parse_company
from .deep import DEEP, long_number, too_deep
from .fields import ALL_FIELDS, TERMS_FIELDS
from .lists import event
from .source import Text
from .values import brief, unknown

_TOP_KEYS: Final = (
    "schema_version", "company", "defaults", "terms", "split", "splits", "grant", "grants",
)  # fmt: skip


def read_json(text: Text, *, strict: bool = False) -> Iterator[Read]:
    """The grants of a JSON document (``strict``: see :class:`~vesting.io.build.Builder`)."""
    yield from _read(text, strict)


def read_toml(text: Text, *, strict: bool = False) -> Iterator[Read]:
    """The grants of a TOML document (``strict``: see :class:`~vesting.io.build.Builder`)."""
    yield from _read(text, strict)


def _read(text: Text, strict: bool) -> Iterator[Read]:
    try:
        data = parse_document(text)
    except Unparsed as e:
        yield file_problem(e.problem)
        return
    yield from read_mapping(data, text.name, strict=strict)


NESTING: Final = f"values nested at most {DEEP} levels deep"


class Unparsed(Exception):
    """A document that does not parse: its one located problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.problem = problem


_KEPT: dict[tuple[str, int, int], object] = {}
"""At most one parsed document, kept by :func:`parse_document` ``keep=True`` for the next read
of the same unchanged file (the company settings are read before the grants)."""


def _file_key(name: str) -> tuple[str, int, int] | None:
    try:
        st = os.stat(name)
    except (OSError, ValueError):
        return None
    return (os.path.abspath(name), st.st_mtime_ns, st.st_size)


def parse_document(text: Text, *, keep: bool = False) -> object:
    """The parsed TOML or JSON document of ``text`` (exact numbers, checked dates); a document
    that does not parse raises :class:`Unparsed`. ``keep``: keep it for the next read of the
    same file, which then does not parse it again."""
    key = _file_key(text.name) if text.name != "<stdin>" else None
    if key is not None and key in _KEPT:
        return _KEPT.pop(key)
    data = _parse_json(text) if text.format == "json" else _parse_toml(text)
    if keep and key is not None:
        _KEPT.clear()
        _KEPT[key] = data
    return data


def _parse_json(text: Text) -> object:
    content = text.read()
    try:
        return load_json(content)
    except json.JSONDecodeError as e:
        where = Location(text.name, e.lineno, column=e.colno)
        raise Unparsed(Problem("json", e.msg, "valid JSON", where)) from None
    except RecursionError:
        where, depth = too_deep(content, text.name, toml=False)
        raise Unparsed(
            Problem("json", f"values nested {depth} levels deep", NESTING, where)
        ) from None


def _number(text: str) -> int | Decimal:
    """A JSON integer: an ``int``, or a ``Decimal`` when it is too long for one — converters
    then reject it naming the field and the limit, instead of the parser failing."""
    return int(text) if len(text) <= 30 else Decimal(text)


def load_json(text: str) -> object:
    """JSON with exact numbers: decimals and long integers as ``Decimal``, never ``float``."""
    return json.loads(text, parse_float=Decimal, parse_int=_number, parse_constant=Decimal)


def _parse_toml(text: Text) -> object:
    content = text.read()
    try:
        return tomldates.loads(content)
    except tomldates.TomlSyntax as e:
        raise Unparsed(Problem("toml", str(e), "valid TOML", in_file(text.name))) from None
    except RecursionError:
        where, depth = too_deep(content, text.name, toml=True)
        raise Unparsed(
            Problem("toml", f"values nested {depth} levels deep", NESTING, where)
        ) from None
    except ValueError as e:  # an integer with more digits than Python converts
        found = long_number(content, text.name, toml=True)
        if found is None:
            raise Unparsed(Problem("toml", str(e), "valid TOML", in_file(text.name))) from None
        where, digits = found
        raise Unparsed(Problem("number", f"a number of {digits:,} digits", LONG, where)) from None


LONG: Final = "a number of at most 18 digits (shares) or 25 (money)"


def read_mapping(data: object, name: str, *, strict: bool = False) -> Iterator[Read]:
    """The grants of an already parsed document (a dict with ``grants``)."""
    top = in_file(name)
    if not isinstance(data, dict):
        yield file_problem(
            Problem("document", type(data).__name__, 'an object with a "grants" list', top)
        )
        return
    found: list[Problem] = []
    for key, value in data.items():
        if key not in _TOP_KEYS:
            found.append(unknown(key, brief(value), _TOP_KEYS, "a top-level key", top))
    if "company" in data:  # checked here too: a library read has no command line before it
        try:
            parse_company(data["company"], top)
        except VestingError as e:
            found.extend(e.problems)
    version = data.get("schema_version", 1)
    if version != 1 or isinstance(version, bool):
        found.append(Problem("schema_version", version, "1 (the only version)", top))

    defaults_raw = data.get("defaults", {})
    defaults: dict[str, object] = {}
    if not isinstance(defaults_raw, dict):
        found.append(Problem("defaults", brief(defaults_raw), "a table of grant fields", top))
    else:
        allowed = tuple(k for k in ALL_FIELDS if k != "id")
        where = Location(name, record="defaults")
        defaults, more = convert(
            defaults_raw, where, allowed, "a defaults field", attributes=True, strict=strict
        )
        found.extend(more)

    named, more = _named_terms(data.get("terms", {}), name)
    found.extend(more)
    splits, more = _company_splits(data, name)
    found.extend(more)
    if "grant" in data and "grants" in data:
        found.append(Problem("grants", "both 'grant' and 'grants'", "one list of grants", top))
    raw_grants = data.get("grants", data.get("grant", []))
    if not isinstance(raw_grants, list):
        found.append(Problem("grants", brief(raw_grants), "a list of grant tables", top))
        raw_grants = []
    for problem in found:
        yield file_problem(problem)

    builder = Builder(defaults, named, strict=strict, splits=splits)
    for index, raw in enumerate(raw_grants, start=1):
        gid = raw.get("id") if isinstance(raw, dict) else None
        key = str(gid).strip() if isinstance(gid, str | int) and not isinstance(gid, bool) else ""
        label = grant_label(key) if key else f"grant #{index}"
        where = Location(name, record=label)
        if not isinstance(raw, dict):
            problem = Problem("grant", brief(raw), "a table of grant fields", where)
            yield Read(None, (problem,), where)
            continue
        grant, problems = builder.grant(raw, where, top)
        yield Read(grant, tuple(problems), where, True, key or None)


def _company_splits(
    data: dict[str, object], name: str
) -> tuple[tuple[StockSplit, ...], list[Problem]]:
    """The company-wide splits listed at the top (``[[split]]`` in TOML, ``"splits"`` in
    JSON; either key in either), each a table of ``date`` and ``ratio``."""
    if "split" in data and "splits" in data:
        problem = Problem("splits", "both 'split' and 'splits'", "one list of splits")
        return (), [problem.at(in_file(name))]
    key = "splits" if "splits" in data else "split"
    raw = data.get(key, [])
    if not isinstance(raw, list):
        return (), [Problem(key, brief(raw), "a list of split tables", in_file(name))]
    out: list[StockSplit] = []
    found: list[Problem] = []
    for index, item in enumerate(raw, start=1):
        where = Location(name, record=f"{key} #{index}")
        if not isinstance(item, dict):
            found.append(Problem(key, brief(item), "a table of date and ratio", where))
            continue
        try:
            ev = event({**item, "type": "split"} if "type" not in item else item, ())
        except VestingError as e:
            found.extend(p.at(where) for p in e.problems)
            continue
        if not isinstance(ev, StockSplit):
            found.append(Problem("type", item.get("type"), "split (or no type)", where))
            continue
        out.append(ev)
    return tuple(out), found


def _named_terms(
    terms_raw: object, name: str
) -> tuple[dict[str, VestingTerms | None], list[Problem]]:
    """The file's ``[terms.NAME]`` tables, validated. Names are words
    (:func:`vesting.errors.word`): two that differ only by case or separators (``Standard`` and
    ``standard``) are an error naming both, and grants naming either fail with it."""
    named: dict[str, VestingTerms | None] = {}
    found: list[Problem] = []
    if not isinstance(terms_raw, dict):
        return named, [Problem("terms", brief(terms_raw), "tables [terms.NAME]", in_file(name))]
    spelled: dict[str, str] = {}
    for tname, table in terms_raw.items():
        where = Location(name, record=f"terms '{tname}'")
        first = spelled.setdefault(word(tname), tname)
        if first != tname:
            allowed = (
                f"a name of its own: '{first}' is the same name (names ignore case, and '-', "
                "'_' and spaces are alike)"
            )
            found.append(Problem("terms", tname, allowed, in_file(name)))
            named[first] = None
            continue
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


def company_of(source: str | IO[str], format: str | None = None) -> Company | None:
    """The ``company`` settings of a TOML or JSON grant file (``None``: the file has none, or
    is another format). A stream must be seekable: it is read, then put back at its start.
    Problems in the table are raised here, located, before any grant is read."""
    from .source import open_text

    if not isinstance(source, str):
        if not source.seekable():
            return None
        start = source.tell()
    with open_text(source, format) as text:
        if text.format not in ("toml", "json"):
            return None
        try:
            data = parse_document(text, keep=True)
        except Unparsed as e:
            raise InputError([e.problem]) from None
    if not isinstance(source, str):
        source.seek(start)
    if not isinstance(data, dict) or "company" not in data:
        return None
    return parse_company(data["company"], in_file(text.name))
