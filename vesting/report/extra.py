"""Extra columns: values of the grant a listing adds to each of its rows when the columns asked
for (:attr:`vesting.render.Options.columns`) name more than the row type's own — an attribute
of the grants (``department``) or one of a grant's own fields the rows do not carry
(``holder``), both looked up by :meth:`vesting.Grant.value_of`.

The rules (:func:`choose`, then :func:`unseen` once every grant is in):

* A name asked for is a column of the row type when it is one's key, also in any case and with
  ``-`` for ``_`` (``Grant-ID`` is ``grant_id``); a column wins over an attribute of the same
  name. Tables show only their table columns: naming one they do not show (``row``) is an
  error there. Any other name is an extra column: text, titled by the name as given (case
  kept, as attribute names are), placed where the list puts it.
* A grant without that value has it empty (``null`` in JSON, an empty CSV cell); total rows
  have it empty.
* Rows stream, so whether some grant has an attribute is only known at the end: a name that
  is neither a column, nor one of a grant's own fields (:data:`~vesting.model.attributes.OWN`),
  nor an attribute of any grant written, is an error then, naming the columns and the
  attributes the grants had. A table (laid out whole) is then not written; a stream has
  written its rows (with an output file, the file is not put in place). A run that wrote no
  grant has nothing to judge by and does not check.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Sequence
from typing import Final, NamedTuple

from ..errors import InputError, Problem
from ..model import Grant
from ..model.attributes import OWN, name_problem
from .columns import Column

SAMPLE: Final = 20
"""How many of the attribute names the grants had an error names."""


class Extra(NamedTuple):
    """The extra columns of a run, by name, in the order asked (see the module doc)."""

    names: tuple[str, ...] = ()
    by: str | None = None
    """The field the run groups by (:mod:`vesting.run.groups`): its column — one
    of ``names``, or one of the rows' own — carries each subtotal's group value."""

    @property
    def columns(self) -> tuple[Column, ...]:
        return tuple(Column(n, n, "text", True) for n in self.names)

    @property
    def attributes(self) -> frozenset[str]:
        """The names that can only be attributes (not a grant's own field)."""
        return frozenset(n for n in self.names if n not in OWN)

    def cells(self, grant: Grant) -> tuple[str | None, ...]:
        """The grant's values of these columns."""
        return tuple(grant.value_of(n) for n in self.names)

    @property
    def blank(self) -> tuple[None, ...]:
        """The cells of a total row."""
        return (None,) * len(self.names)

    def subtotal(self, group: str | None) -> tuple[str | None, ...]:
        """The cells of a group's subtotal row: its value in the grouping column."""
        return tuple(group if n == self.by else None for n in self.names)

    def grouped(self, by: str, own: bool) -> Extra:
        """These columns grouped by ``by`` (``own``: a column of the rows themselves; else
        an extra column, added last if not asked for)."""
        names = self.names if own or by in self.names else (*self.names, by)
        return Extra(names, by)


NONE: Final = Extra()


def choose(
    columns: Sequence[Column], names: Sequence[str], *, table: bool
) -> tuple[tuple[str, ...], Extra]:
    """The keys of the columns ``names`` asks for, in order (repeats dropped), and the extra
    columns among them; an :class:`InputError` for a column a table does not show or a name
    no attribute can have (see the module doc)."""
    by_key = {c.key: c for c in columns}
    keys: list[str] = []
    extra: list[str] = []
    hidden: list[str] = []
    bad: list[str] = []
    for given in names:
        name = given.strip()
        key = name if name in by_key else name.lower().replace("-", "_")
        if key in by_key:
            if table and not by_key[key].table:
                hidden.append(given)
            else:
                keys.append(key)
        elif name in OWN or name_problem(name) is None:
            keys.append(name)
            extra.append(name)
        else:
            bad.append(given)
    shown = [c.key for c in columns if c.table or not table]
    found = []
    if hidden:
        found.append(Problem("columns", ",".join(hidden), "column names: " + ", ".join(shown)))
    if bad:
        allowed = f"column names ({', '.join(shown)}) or attribute names"
        found.append(Problem("columns", ",".join(bad), allowed))
    if found:
        raise InputError(found)
    return tuple(dict.fromkeys(keys)), Extra(tuple(dict.fromkeys(extra)))


def unseen(
    extra: Extra,
    found: Collection[str],
    sample: Collection[str],
    columns: Sequence[Column],
    *,
    table: bool,
) -> list[Problem]:
    """A problem for each extra column that is no grant field and that no grant had as an
    attribute (``found``: those some grant had; ``sample``: attribute names the grants had)."""
    out = []
    shown = [c.key for c in columns if c.table or not table]
    had = ", ".join(sorted(sample)) or "none"
    for name in extra.names:
        if name in OWN or name in found:
            continue
        close = difflib.get_close_matches(name, [*shown, *OWN, *sample], n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        allowed = (
            f"{hint}a column ({', '.join(shown)}), a grant field ({', '.join(OWN)}) or an "
            f"attribute some grant has (no grant has '{name}'; the grants' attributes: {had})"
        )
        out.append(Problem("by" if name == extra.by else "columns", name, allowed))
    return out
