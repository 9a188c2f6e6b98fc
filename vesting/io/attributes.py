"""Attributes from files: what a grant file says of a grant beyond its fields — a
``department`` column, a ``cost_center`` key — kept in the grant's
:class:`~vesting.model.attributes.Attributes` instead of being refused.

The rules, the same in every format:

* **Where they come from.** An ``attributes`` table (TOML, JSON, JSON lines:
  ``attributes = { department = "eng" }``); a key or CSV column named ``attributes.NAME`` (the
  same as that table's ``NAME``, as TOML's dotted keys already say); and — unless the reader is
  *strict* — any other key of a grant (or of ``[defaults]``) or CSV column that is not a field:
  its name is the key as written (spaces around it removed; case kept).
* **Typos are still caught.** An unknown name that is a close match to a field (the same
  ``difflib`` test as the "did you mean" hint, on the name in lower case: ``shraes``,
  ``Grant_Dat``, ``clif``) is an error with that hint, as before; so is every unknown name when
  the reader is strict. A name that is close to a field but meant as an attribute
  (``location`` is close to ``allocation``) is given the explicit way: ``attributes.location``.
* **Values are text.** Text is kept with the spaces around it removed; numbers, booleans
  (``true``/``false``) and dates (``YYYY-MM-DD``) become their text; an empty value is not
  given (as an empty CSV cell); a JSON ``null`` removes what ``[defaults]`` gave. A table or a
  list under an attribute is an error: attributes hold text.
* **Defaults merge name by name**: a grant's attribute replaces the default's of that name;
  ``attributes = null`` (JSON) drops the defaults' attributes.
* The names and values obey the record's rules (:mod:`vesting.model.attributes`): at most 200
  characters each, at most 100 attributes a grant, names no grant field.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Final, NamedTuple

from ..errors import Field, InputError, Location, Problem, VestingError, sub
from ..model.attributes import name_problem, value_problem
from .fields import ALL_FIELDS
from .values import brief, unknown

FIELD: Final = "attributes"
PREFIX: Final = "attributes."
"""A key or column ``attributes.NAME`` is attribute ``NAME`` (no closeness test, strict or not)."""
TEXT_FORMS: Final = (
    "text, a number, true/false or a date (attributes hold text: not a table or a list)"
)
TABLE_FORMS: Final = (
    "a table of attributes, name = text (in CSV: one column per attribute, such as "
    "department or attributes.department)"
)


class Given(NamedTuple):
    """The attributes one table (a grant, ``[defaults]``) gives: name → text, or ``None`` to
    remove the default's; ``replace``: the table was ``null``, the defaults' are dropped."""

    items: Mapping[str, str | None]
    replace: bool = False


def is_close(key: str, known: Sequence[str]) -> bool:
    """``key`` (in lower case) is a known name or a typo of one, not an attribute.

    The rule (a typo is a slip of the keyboard, not another word): one letter dropped, added,
    changed, or two neighbours swapped (``shraes``, ``clif``, ``holdr``, ``kidn``) — except one
    letter changed in a word of under five letters, which is usually another word (``team``
    is not ``term``); and two such slips in a name of nine letters or more
    (``exercse_prce``). So ``team``, ``tier``, ``level``, ``location``, ``start_date``,
    ``hire_date`` and ``termination_date`` are attributes, while ``grade`` (``graded``) and
    ``notes2`` (``notes``) are refused as typos — ``attributes.grade`` gives one of that name.
    """
    lower = key.lower()
    if lower in known:
        return True
    if len(lower) > 64:
        return False
    for name in known:
        slips = _slips(lower, name, 2)
        if slips == 1 and not (_changed_one(lower, name) and max(len(lower), len(name)) < 5):
            return True
        if slips == 2 and len(lower) >= 9:
            return True
    return False


def _changed_one(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _slips(a: str, b: str, most: int) -> int:
    """The optimal-string-alignment distance of ``a`` and ``b`` (drops, additions, changes and
    swaps of neighbours), or ``most + 1`` when it is more than ``most``."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > most:
            return most + 1
        before, row = row, current
    return min(row[len(b)], most + 1)


def name_of(key: str, known: Sequence[str], strict: bool) -> str | None:
    """The attribute an unknown key or column ``key`` names, or ``None`` when it names none (it
    is then an error, as an unknown name always was): ``attributes.NAME`` names ``NAME``;
    another key names itself unless the reader is ``strict`` or it is close to a field."""
    if key[: len(PREFIX)].lower() == PREFIX:
        return key[len(PREFIX) :].strip()
    name = key.strip()
    if strict or not name or is_close(name, known):
        return None
    return name


def typo(
    key: str, value: object, known: Sequence[str], what: str, where: Location, strict: bool
) -> Problem:
    """The problem of an unknown ``key`` that names no attribute: the usual unknown-name message
    (:func:`~vesting.io.values.unknown`: "did you mean", found by the same test as
    :func:`is_close`), saying — when only its closeness to a field kept it from being an
    attribute — how to give an attribute of that name."""
    name = key.strip()
    close = difflib.get_close_matches(name.lower(), known, n=1)
    if not close:
        return unknown(key, brief(value), known, what, where)
    hint = f"did you mean '{close[0]}'? "
    if not strict and key[: len(PREFIX)].lower() != PREFIX:
        hint += f"(or '{PREFIX}{name}', for an attribute of that name) "
    return Problem(key, brief(value), f"not {what} — {hint}allowed: {', '.join(known)}", where)


def check_name(name: str, field: Field, known: Sequence[str]) -> Problem | None:
    """A problem when ``name`` cannot name an attribute (located by the caller)."""
    if name.lower() in known:
        allowed: str | None = f"an attribute name that is not a field ('{name}' is one)"
    else:
        allowed = name_problem(name)
    return None if allowed is None else Problem(field, name, allowed)


def text_of(value: object, field: Field) -> str | None:
    """An attribute's value as text (see the module doc); ``None``: not given."""
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int):
        text = str(value) if value.bit_length() <= 640 else ""
        if not text:
            raise InputError([Problem(field, "a very long number", VALUE_TEXT)])
    elif isinstance(value, Decimal | float):
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        if not number.is_finite():
            raise InputError([Problem(field, str(value), TEXT_FORMS)])
        text = str(number)
    elif isinstance(value, _dt.date | _dt.time):  # a datetime is a date
        text = value.isoformat()
    else:
        raise InputError([Problem(field, brief(value), TEXT_FORMS)])
    if not text:
        return None
    if value_problem(text) is not None:
        raise InputError([Problem(field, text, VALUE_TEXT)])
    return text


VALUE_TEXT: Final = "an attribute's text, at most 200 characters"


def parse_attributes(value: object, field: Field) -> Given:
    """The ``attributes`` field: a table of name → a value :func:`text_of` takes (``null``
    values remove the defaults' of that name)."""
    if not isinstance(value, dict):
        raise InputError([Problem(field, brief(value), TABLE_FORMS)])
    items: dict[str, str | None] = {}
    found: list[Problem] = []
    for key, item in value.items():
        name = str(key).strip()
        problem = check_name(name, sub(field, str(key)), ALL_FIELDS)
        if problem is not None:
            found.append(problem)
            continue
        try:
            items[name] = None if item is None else text_of(item, sub(field, name))
        except VestingError as e:
            found.extend(e.problems)
    if found:
        raise InputError(found)
    return Given(items)


def gather(
    table: Given | None,
    loose: Sequence[tuple[str, str, object]],
    where: Location,
    failed: bool = False,
) -> tuple[Given | None, list[Problem]]:
    """One table's attributes: the converted ``attributes`` field (``None``: not given;
    ``failed``: it did not convert, its problems are reported) with the ``loose`` ones —
    ``(key as given, name, raw value)`` — added; ``None`` when the table failed."""
    found: list[Problem] = []
    base = table if table is not None else Given({})
    items = dict(base.items)
    for key, name, value in loose:
        try:
            text = None if value is None else text_of(value, key)
        except VestingError as e:
            found.extend(p.at(where) for p in e.problems)
            continue
        if name in items:
            allowed = f"the attribute '{name}' given once (it is given twice here)"
            found.append(Problem(key, brief(value), allowed, where))
            continue
        items[name] = text
    if failed:
        return None, found
    return Given(items, base.replace), found


def merged(default: object, own: object) -> dict[str, str] | None:
    """A grant's attributes over the defaults' (both :class:`Given`, or absent), name by name
    (see the module doc); ``None`` when there are none."""
    out: dict[str, str | None] = {}
    if isinstance(default, Given) and not (isinstance(own, Given) and own.replace):
        out.update(default.items)
    if isinstance(own, Given):
        out.update(own.items)
    result = {k: v for k, v in out.items() if v is not None}
    return result or None


def header_name(cell: str, known: Sequence[str], strict: bool) -> tuple[str | None, str]:
    """A CSV header cell that names no field: ``(attribute name, "")``, or ``(None, why)`` when
    it names no attribute either (``why``: what is allowed, ``""`` for the usual unknown-name
    message)."""
    name = name_of(cell.strip(), known, strict)
    if name is None:
        return None, ""
    problem = check_name(name, name, known)
    return (None, problem.allowed) if problem is not None else (name, "")
