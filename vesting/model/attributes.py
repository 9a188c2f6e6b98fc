"""A grant's attributes: facts of its own that no calculation uses — a department, a cost
centre, a location — kept as text so they can be carried to the output and grouped by.

:class:`Attributes` is a read-only mapping of name → text: immutable (no item or attribute can
be set), hashable and picklable like every record of the model (grants travel to worker
processes and are compared). The rules, checked when one is built:

* a name is non-empty text of at most :data:`~vesting.model.checks.MAX_TEXT` characters, with
  no space at either end and no control character, and is not one of the grant's own fields
  (:data:`OWN`: ``id``, ``holder``, ``kind``, ...), so a name means one thing wherever a
  grant's values are looked up (:meth:`vesting.Grant.value_of`);
* a value is non-blank text of at most ``MAX_TEXT`` characters;
* a grant has at most :data:`MAX_ATTRIBUTES` of them.

The readers (:mod:`vesting.io.attributes`) turn what a file gives — an unknown CSV column, an
unknown TOML or JSON key, an ``attributes`` table — into these.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from ..errors import Problem, TermsError, sub
from .checks import MAX_TEXT

MAX_ATTRIBUTES: Final = 100
"""The most attributes one grant has."""

OWN: Final = (
    "id",
    "holder",
    "kind",
    "shares",
    "grant_date",
    "vesting_start",
    "expiration",
    "exercise_price",
)
"""The grant's own fields that :meth:`vesting.Grant.value_of` gives as text: no attribute takes
one of these names."""

NAME_RULE: Final = (
    f"a name of 1 to {MAX_TEXT} characters, no space at either end and no control character, "
    "that is not a grant field"
)
VALUE_RULE: Final = f"text of 1 to {MAX_TEXT} characters"


def name_problem(name: object) -> str | None:
    """What is allowed, when ``name`` cannot name an attribute (``None``: it can)."""
    if (
        type(name) is not str
        or not name
        or len(name) > MAX_TEXT
        or name.strip() != name
        or not name.isprintable()
        or name in OWN
    ):
        return NAME_RULE
    return None


def value_problem(value: object) -> str | None:
    """What is allowed, when ``value`` cannot be an attribute's value (``None``: it can)."""
    if type(value) is not str or not value.strip() or len(value) > MAX_TEXT:
        return VALUE_RULE
    return None


def problems_of(items: Mapping[Any, object]) -> list[Problem]:
    """Every problem of ``items`` as attributes (see the module doc), at ``attributes.NAME``."""
    out: list[Problem] = []
    if len(items) > MAX_ATTRIBUTES:
        out.append(
            Problem(
                "attributes", f"{len(items)} attributes", f"at most {MAX_ATTRIBUTES:,} attributes"
            )
        )
    for name, value in items.items():
        shown = str(name)
        allowed = name_problem(name)
        if allowed is not None:
            out.append(Problem(sub("attributes", shown), name, allowed))
            continue
        allowed = value_problem(value)
        if allowed is not None:
            out.append(Problem(sub("attributes", shown), value, allowed))
    return out


_NAMES: set[str] = set()
"""Names already found good (bounded): a file's rows repeat the same few, so most checks are
a look-up (only ever a name :func:`name_problem` accepted is kept here)."""
_NAMES_KEPT: Final = 4096


def _plainly_good(data: Mapping[str, object]) -> bool:
    """A quick test that is true only when :func:`problems_of` would find nothing."""
    if len(data) > MAX_ATTRIBUTES:
        return False
    names = _NAMES
    for name, value in data.items():
        if name not in names or type(value) is not str or len(value) > MAX_TEXT:
            return False
        if not value.strip():
            return False
    return True


class Attributes(Mapping[str, str]):
    """A grant's attributes: a read-only mapping of name → text (see the module doc).

    ``Attributes({"department": "eng"})`` or ``Attributes([("department", "eng")])``; raises a
    :class:`~vesting.errors.TermsError` naming every bad name or value. Equal when they hold
    the same items (in any order); iteration keeps the order given."""

    __slots__ = ("_items",)

    _items: dict[str, str]

    def __init__(self, items: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        data = dict(items)
        if data and not _plainly_good(data):
            found = problems_of(data)
            if found:
                raise TermsError(found)
            if len(_NAMES) >= _NAMES_KEPT:
                _NAMES.clear()
            _NAMES.update(data)
        object.__setattr__(self, "_items", data)

    def __getitem__(self, name: str) -> str:
        return self._items[name]

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Attributes are read-only: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Attributes are read-only: cannot delete {name}")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Attributes):
            return self._items == other._items
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __reduce__(self) -> tuple[type[Attributes], tuple[dict[str, str]]]:
        return (Attributes, (self._items,))

    def __repr__(self) -> str:
        return f"Attributes({self._items!r})"


NONE: Final = Attributes()
"""No attributes (the default of every grant; immutable, so one is shared)."""
