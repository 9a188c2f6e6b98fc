"""Subtotals by a grant field (``--by line``): one set of the command's own running totals per
value of the field, merged like any totals across chunks and worker processes.

Rules:

* A grant's group is its value of the field (:meth:`vesting.Grant.value_of`: an attribute
  such as ``line`` or ``department``, or one of its own fields such as ``holder`` or
  ``kind``); grants without one form one group whose value is empty.
* After the last grant come the subtotal rows — each group's total rows, in the order of the
  group values (the empty group last), with ``row`` = ``subtotal`` and the group's value in
  the field's column — then the grand total rows.
* The grand total is the groups' totals merged, so the groups always add up to it exactly:
  every figure is the sum of the same integers and Decimals, in any order.
"""

from __future__ import annotations

from typing import Any

from ..commands.base import Listing, Row, Totals
from ..errors import InputError, Problem
from ..model import Grant
from ..model.attributes import OWN, name_problem
from ..report import columns_of


class GroupTotals:
    """The running totals of each group of ``command``'s grants by the field ``by``."""

    def __init__(self, command: Listing[Any], by: str) -> None:
        self.command = command
        self.by = by
        self.groups: dict[str | None, Totals] = {}

    def of(self, grant: Grant) -> Totals:
        """The totals of ``grant``'s group (made when the group is first seen)."""
        key = grant.value_of(self.by)
        found = self.groups.get(key)
        if found is None:
            found = self.groups[key] = self.command.totals()
        return found

    def merge(self, other: GroupTotals) -> None:
        for key, totals in other.groups.items():
            mine = self.groups.get(key)
            if mine is None:
                self.groups[key] = totals
            else:
                mine.merge(totals)

    def grand(self) -> Totals:
        """The grand total: every group's totals merged (module rules)."""
        out = self.command.totals()
        for totals in self.groups.values():
            out.merge(totals)
        return out

    def keys(self) -> list[str | None]:
        """The group values in the order their subtotals are written (the empty one last)."""
        return sorted(self.groups, key=lambda k: (k is None, k or ""))

    def rows(self) -> list[Row]:
        """The subtotal rows, then the grand total rows (module rules)."""
        return [row for row, _ in self.labelled()]

    def labelled(self) -> list[tuple[Row, str | None]]:
        """Each total row with its group's value (``None`` on the grand total rows)."""
        out: list[tuple[Row, str | None]] = []
        for key in self.keys():
            out.extend((_subtotal(row, self.by, key), key) for row in self.groups[key].rows())
        out.extend((row, None) for row in self.grand().rows())
        return out


def _subtotal(row: Row, by: str, key: str | None) -> Row:
    """A total row marked as a group's subtotal (its ``row`` column), with the group's value
    in the rows' own column of the field ``by`` when they have one (``kind``)."""
    replace = getattr(row, "_replace", None)
    fields = getattr(row, "_fields", ())
    if replace is None or "row" not in fields:
        return row
    marked: Row = replace(row="subtotal", **({by: key} if by in fields else {}))
    return marked


def by_column(row: type, by: str) -> bool:
    """Whether the field ``by`` is one of the rows' own text columns (``kind``); an
    :class:`InputError` when no grant could have it (a grant may have any attribute, so one
    no grant has is only known at the end: :func:`vesting.report.extra.unseen`)."""
    text = {c.key for c in columns_of(row) if c.kind == "text"}
    if by in text and by in OWN:
        return True
    if by in OWN or name_problem(by) is None:
        return False
    allowed = f"a grant field ({', '.join(OWN)}) or an attribute name (line, department)"
    raise InputError([Problem("by", by, allowed)])
