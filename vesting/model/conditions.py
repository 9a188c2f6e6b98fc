"""Vesting conditions: a graph of conditions, each vesting an amount when its trigger is met —
the Open Cap Table Format's (v1) ``VestingTerms.vesting_conditions``, as records.

A :class:`Condition` is reached, then *fires* (vests its amount, once per occurrence), then
hands over to one of its ``next`` conditions: the first of them to trigger, and only that one
(one path through the graph). The rules of evaluation live in :mod:`vesting.conditions`; this
module holds the records and the checks that a graph is well formed, which need no dates:

* ids are unique; every ``next`` and ``relative_to`` id names a condition of the graph;
* there is one entry: the ``VESTING_START_DATE`` condition, or — with none — the one condition
  no other lists as next; no condition lists itself, and the graph has no cycle;
* a relative condition is relative to a condition that comes before it on some path;
* at most :data:`~vesting.model.checks.MAX_ITEMS` conditions and
  :data:`~vesting.model.terms.MAX_INSTALLMENTS` occurrences in all.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Final

from ..dates import DayOfMonth, Period
from ..errors import Field, Problem, TermsError, invalid, sub, word
from . import checks

MAX_OCCURRENCES: Final = 5000
"""The most occurrences a graph holds in all (as many installments as a periodic schedule)."""


class When(StrEnum):
    """What triggers a condition (OCF ``VestingTriggerType``)."""

    START = "VESTING_START_DATE"
    """The vesting start date."""
    ABSOLUTE = "VESTING_SCHEDULE_ABSOLUTE"
    """A fixed date."""
    RELATIVE = "VESTING_SCHEDULE_RELATIVE"
    """A period after another condition fired, repeated ``occurrences`` times."""
    EVENT = "VESTING_EVENT"
    """A named event (a :class:`~vesting.model.NamedEvent` named after the condition's id)."""

    @classmethod
    def parse(cls, text: str, field: Field = "trigger") -> When:
        try:
            return cls(word(text, "_").upper())
        except ValueError:
            allowed = ", ".join(w.value for w in cls)
            raise invalid(field, text, f"one of {allowed}") from None


@dataclass(frozen=True)
class Condition:
    """One vesting condition (see the module doc and :mod:`vesting.conditions`).

    The amount, per occurrence, is exactly one of ``portion`` — of the whole grant, or with
    ``remainder`` of what is still unvested when the condition is reached — or ``quantity``
    (shares). ``date`` is the fixed date of an ``ABSOLUTE`` condition; a ``RELATIVE`` one fires
    ``occurrences`` times, every ``period`` after the condition ``relative_to`` fired (months
    land on the ``day_of_month`` policy, read from the vesting start). ``cliff``: the
    installment (1-based) at which a cliff falls — the earlier ones fold into it; or
    ``cliff_period``: installments dated before ``relative_to`` + that period fold onto that
    date. ``next``: the conditions that may follow, in priority order.
    """

    id: str
    when: When
    portion: Fraction | None = None
    quantity: Fraction | None = None
    remainder: bool = False
    date: _dt.date | None = None
    period: Period | None = None
    occurrences: int = 1
    day_of_month: DayOfMonth = DayOfMonth.START
    cliff: int = 0
    cliff_period: Period | None = None
    relative_to: str | None = None
    next: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        checks.text(self, "id", ("condition", "id"), TermsError, "condition id")
        where = f"condition '{self.id}'"
        checks.enum(self, "when", f"{where}.trigger", When, TermsError)
        checks.enum(self, "day_of_month", f"{where}.day_of_month", DayOfMonth, TermsError)
        if (self.portion is None) == (self.quantity is None):
            raise invalid(where, "portion and quantity", "exactly one of portion or quantity")
        if self.portion is not None:
            checks.portion(self, "portion", f"{where}.portion", TermsError)
            assert self.portion is not None
            if not 0 <= self.portion <= 1:
                raise invalid(sub(where, "portion"), self.portion, "a portion from 0 to 1")
        if self.quantity is not None:
            value = self.quantity
            if isinstance(value, int | Decimal) and not isinstance(value, bool):
                self.__dict__["quantity"] = value = Fraction(value)
            if type(value) is not Fraction or not 0 <= value <= checks.MAX_SHARES:
                raise invalid(sub(where, "quantity"), value, "a quantity of shares >= 0")
        elif self.remainder is not False and self.remainder is not True:
            raise invalid(sub(where, "remainder"), self.remainder, "True or False")
        if self.quantity is not None and self.remainder:
            raise invalid(sub(where, "remainder"), True, "only with a portion")
        if type(self.occurrences) is not int or not 1 <= self.occurrences <= MAX_OCCURRENCES:
            raise invalid(
                sub(where, "occurrences"),
                self.occurrences,
                f"a whole number from 1 to {MAX_OCCURRENCES}",
            )
        if type(self.cliff) is not int or not 0 <= self.cliff <= self.occurrences:
            raise invalid(
                sub(where, "cliff_installment"),
                self.cliff,
                f"an installment from 0 (no cliff) to {self.occurrences} (the occurrences)",
            )
        self._trigger_fields(where)
        nxt = self.next
        if isinstance(nxt, list):
            nxt = self.__dict__["next"] = tuple(nxt)
        if not isinstance(nxt, tuple) or len(nxt) > checks.MAX_ITEMS:
            raise invalid(sub(where, "next"), nxt, f"a tuple of at most {checks.MAX_ITEMS} ids")
        for n in nxt:
            if not isinstance(n, str) or not n.strip() or len(n) > checks.MAX_TEXT:
                raise invalid(sub(where, "next"), n, "condition ids")
        if len(set(nxt)) != len(nxt):
            raise invalid(sub(where, "next"), ", ".join(nxt), "distinct condition ids")
        if self.id in nxt:
            raise invalid(sub(where, "next"), self.id, "other conditions (not itself)")

    def _trigger_fields(self, where: str) -> None:
        relative = self.when is When.RELATIVE
        if self.when is When.ABSOLUTE:
            checks.date(self, "date", f"{where}.date", TermsError)
        elif self.date is not None:
            raise invalid(sub(where, "date"), self.date, "only on an absolute condition")
        if relative:
            if type(self.period) is not Period:
                raise invalid(sub(where, "period"), self.period, "a Period (months or days)")
            checks.text(self, "relative_to", f"{where}.relative_to", TermsError, "condition id")
        else:
            for name in ("period", "relative_to", "cliff_period"):
                if getattr(self, name) is not None:
                    raise invalid(sub(where, name), getattr(self, name), "only on a relative one")
            if self.occurrences != 1 or self.cliff:
                raise invalid(sub(where, "occurrences"), self.occurrences, "1 (not a relative one)")
        if self.cliff_period is not None:
            if type(self.cliff_period) is not Period:
                raise invalid(sub(where, "cliff_period"), self.cliff_period, "a Period")
            if self.cliff:
                raise invalid(sub(where, "cliff_period"), str(self.cliff_period), "not with cliff")

    @property
    def quiet(self) -> bool:
        """Vests nothing (a zero portion or quantity): a marker, such as a deadline."""
        return not (self.portion if self.portion is not None else self.quantity)


def graph_problems(conditions: tuple[Condition, ...]) -> list[Problem]:
    """Every reason the graph is not well formed (see the module doc); empty when it is."""
    out: list[Problem] = []
    by_id: dict[str, Condition] = {}
    for c in conditions:
        if c.id in by_id:
            out.append(Problem("conditions", c.id, "distinct condition ids"))
        by_id[c.id] = c
    if out:
        return out
    total = sum(c.occurrences for c in conditions)
    if total > MAX_OCCURRENCES:
        out.append(Problem("conditions", f"{total} occurrences", f"at most {MAX_OCCURRENCES}"))
    listed = {n for c in conditions for n in c.next}
    for c in conditions:
        for n in c.next:
            if n not in by_id:
                out.append(Problem(sub(f"condition '{c.id}'", "next"), n, "the id of a condition"))
        if c.relative_to is not None and c.relative_to not in by_id:
            out.append(
                Problem(sub(f"condition '{c.id}'", "relative_to"), c.relative_to, "a condition id")
            )
    starts = [c.id for c in conditions if c.when is When.START]
    if len(starts) > 1:
        out.append(Problem("conditions", ", ".join(starts), "one VESTING_START_DATE condition"))
    for s in starts:
        if s in listed:
            out.append(Problem(f"condition '{s}'", "listed as next", "the start comes first"))
    if out:
        return out
    roots = [c.id for c in conditions if c.id not in listed]
    if starts and roots != starts:
        out.append(
            Problem(
                "conditions",
                ", ".join(r for r in roots if r not in starts),
                "reached from the start",
            )
        )
    elif len(roots) != 1:
        out.append(
            Problem(
                "conditions",
                ", ".join(roots) or "none (a cycle)",
                "one entry condition (the VESTING_START_DATE one, or the one no other lists)",
            )
        )
    if out:
        return out
    # no cycle; and a relative condition is relative to one that may come before it
    order: list[str] = []
    state: dict[str, int] = {}
    stack: list[tuple[str, int]] = [(roots[0], 0)]
    while stack:
        node, i = stack.pop()
        if i == 0:
            if state.get(node) == 2:
                continue
            state[node] = 1
        nxt = by_id[node].next
        if i < len(nxt):
            stack.append((node, i + 1))
            child = nxt[i]
            if state.get(child) == 1:
                out.append(Problem(sub(f"condition '{node}'", "next"), child, "no cycle back"))
                return out
            if state.get(child) != 2:
                stack.append((child, 0))
        else:
            state[node] = 2
            order.append(node)
    before: dict[str, set[str]] = {roots[0]: set()}
    for node in reversed(order):  # a topological order: parents first
        for child in by_id[node].next:
            before.setdefault(child, set()).update(before.get(node, set()) | {node})
    for c in conditions:
        if c.relative_to is not None and c.relative_to not in before.get(c.id, set()):
            out.append(
                Problem(
                    sub(f"condition '{c.id}'", "relative_to"),
                    c.relative_to,
                    "a condition that comes before it",
                )
            )
    return out


def entry(conditions: tuple[Condition, ...]) -> Condition:
    """The condition a well-formed graph starts from."""
    listed = {n for c in conditions for n in c.next}
    for c in conditions:
        if c.when is When.START:
            return c
    return next(c for c in conditions if c.id not in listed)
