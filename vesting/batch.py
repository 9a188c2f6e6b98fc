"""Many grants → results, lazily: the bulk path HR and finance systems embed.

Everything here takes an iterable and returns an iterator, holding one grant at a time, so a
file of any size runs in flat memory:

* :func:`evaluate_many` — the :class:`~vesting.Status` of every grant on a date;
* :func:`results` — any per-grant computation over grant entries as read from a file
  (:class:`vesting.io.Read`): a bad grant, or a computation that fails for it, becomes a
  :class:`Result` carrying its problems instead of stopping the stream;
* :func:`select` and :func:`add_events` — narrowing a stream to some ids, and adding what-if
  events to every grant (re-checked, like any grant read: :func:`vesting.status.check`).

Running totals live beside the records they add up (:class:`vesting.status.StatusTotal`,
:class:`vesting.valuation.ValueTotal`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Generic, NamedTuple, TypeVar

from .errors import Location, Problem, VestingError
from .io.build import Read
from .model import Event, Grant, LeaveTolling
from .run import as_entries
from .run.select import Selection
from .status import Status, evaluate

__all__ = ["Result", "add_events", "evaluate_many", "results", "select"]

T = TypeVar("T")


def evaluate_many(grants: Iterable[Grant], as_of: _dt.date) -> Iterator[Status]:
    """The :class:`~vesting.Status` of each grant on ``as_of``, lazily, in order.

    An impossible grant raises its :class:`~vesting.errors.VestingError` when reached (use
    :func:`results` to carry on past bad grants).
    """
    for grant in grants:
        yield evaluate(grant, as_of)


class Result(NamedTuple, Generic[T]):
    """What a computation gave for one grant entry: ``value``, or the ``problems`` that kept it
    from being computed (then ``value`` is ``None``). ``grant`` is ``None`` when the entry could
    not be read at all; ``where``/``line`` locate it (see :class:`vesting.io.Read`)."""

    grant: Grant | None
    value: T | None
    problems: tuple[Problem, ...]
    where: Location
    entry: bool = True

    @property
    def line(self) -> int | None:
        return self.where.line


def results(items: Iterable[Read | Grant], compute: Callable[[Grant], T]) -> Iterator[Result[T]]:
    """``compute(grant)`` for every grant entry, lazily. Entries that could not be read pass
    through with their problems; a :class:`VestingError` from ``compute`` becomes the result's
    problems (located at the entry when they carry no location)."""
    for entry in as_entries(items):
        if entry.grant is None or entry.problems:
            yield Result(entry.grant, None, entry.problems, entry.where, entry.entry)
            continue
        try:
            value = compute(entry.grant)
        except VestingError as e:
            located = tuple(p.located(entry.where) for p in e.problems)
            yield Result(entry.grant, None, located, entry.where)
            continue
        yield Result(entry.grant, value, (), entry.where)


def select(items: Iterable[Read | Grant], ids: Sequence[str]) -> Iterator[Read]:
    """The entries whose grant id is in ``ids`` (all when empty), in input order.

    Entries that could not be read pass through (their problems must still be reported). After
    the last entry, every id that matched no grant is one more entry with that problem (naming
    a few of the ids there are).
    """
    return Selection(tuple(ids)).entries(as_entries(items))


def add_events(
    items: Iterable[Read | Grant],
    events: Sequence[Event],
    toll: LeaveTolling | None = None,
) -> Iterator[Read]:
    """Every entry's grant with ``events`` recorded after its own (a what-if question) — and,
    with ``toll``, its terms' leave policy replaced — checked again so that an impossible
    combination is that entry's problem."""
    selection = Selection((), tuple(events), toll)
    return (selection.apply(entry) for entry in as_entries(items))
