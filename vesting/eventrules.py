"""The rules about life events themselves, before any is applied to a schedule: which are
possible and in order (:func:`check_events`), when each happens (:func:`event_date`), when an
acceleration takes effect (:func:`effective_date`) and the exercise deadline a termination
sets (:func:`exercise_deadline`). :mod:`vesting.events` applies them; see its rules.
"""

from __future__ import annotations

import datetime as _dt
from itertools import pairwise

from .dates import Period, add, check_date
from .errors import EventError, Field, Problem, VestingError, at_grant, sub
from .model import (
    Acceleration,
    Event,
    Exercise,
    Grant,
    Leave,
    NamedEvent,
    Termination,
    Trigger,
)


def termination_of(grant: Grant) -> Termination | None:
    """The grant's termination event, if any (at most one is allowed)."""
    terms = [e for e in grant.events if isinstance(e, Termination)]
    return terms[0] if terms else None


def event_date(event: Event) -> _dt.date:
    """The date an event happens (a leave's start)."""
    return event.start if isinstance(event, Leave) else event.date


def check_events(grant: Grant) -> None:
    """Raise :class:`EventError` listing every impossible or out-of-order event of the grant.

    Exercise amounts are checked by :mod:`vesting.status`, which knows what is exercisable.
    """
    problems: list[Problem] = []

    def bad(field: Field, value: object, allowed: str) -> None:
        problems.append(Problem(field, value, allowed, at_grant(grant.id)))

    for ev in grant.events:
        name = type(ev).__name__.lower()
        when = event_date(ev)
        try:
            check_date(f"{name}.date", when)
        except VestingError as e:
            problems.extend(p.at(at_grant(grant.id)) for p in e.problems)
            continue
        if when < grant.grant_date:
            bad(
                sub(name, "date"),
                when.isoformat(),
                f"a date on or after the grant date {grant.grant_date}",
            )
    terminations = [e for e in grant.events if isinstance(e, Termination)]
    if len(terminations) > 1:
        bad(
            "termination",
            ", ".join(t.date.isoformat() for t in terminations),
            "at most one termination per grant",
        )
    term = terminations[0] if terminations else None
    leaves = sorted((e for e in grant.events if isinstance(e, Leave)), key=lambda x: x.start)
    for lv in leaves:
        if term is not None and lv.start > term.date:
            bad(
                ("leave", "start"),
                lv.start.isoformat(),
                f"a date before the termination {term.date}",
            )
    for a, b in pairwise(leaves):
        if b.start <= a.end:
            bad("leave", f"{b.start}:{b.end}", f"a leave that does not overlap {a.start}:{a.end}")
    for acc in (e for e in grant.events if isinstance(e, Acceleration)):
        # A double-trigger acceleration after the termination is allowed: the termination did
        # not follow its change of control, so it never takes effect (see effective_date).
        if term is not None and acc.date > term.date and acc.trigger is Trigger.SINGLE:
            bad(
                ("acceleration", "date"),
                acc.date.isoformat(),
                f"a date on or before the termination {term.date} (a single-trigger "
                "acceleration after termination has nothing left to accelerate)",
            )
    if not grant.kind.is_option:
        for ex in (e for e in grant.events if isinstance(e, Exercise)):
            bad("exercise", ex.date.isoformat(), "no exercise on an RSU (only options)")
    if problems:
        raise EventError(problems)


def effective_date(acc: Acceleration, term: Termination | None) -> _dt.date | None:
    """When an acceleration takes effect (see rule 2), or ``None`` if it never does."""
    if acc.trigger is Trigger.SINGLE:
        return acc.date
    if (
        term is not None
        and term.reason in acc.qualifying
        and acc.date <= term.date <= add(acc.date, acc.window)
    ):
        return term.date
    return None


def exercise_deadline(grant: Grant, on: _dt.date) -> _dt.date | None:
    """The last day options can be exercised, as known on ``on`` (``None`` for RSUs): the
    contractual expiration, or — once a termination has happened on or before ``on`` — the
    earlier of it and the termination date plus the window for the reason (a window of 0:
    the day before the termination). When the terms' change of control comes within the tail
    after the termination, the window runs from its date instead, from that date on."""
    if not grant.kind.is_option:
        return None
    assert grant.expiration is not None
    term = termination_of(grant)
    if term is None or term.date > on:
        return grant.expiration
    window = grant.terms.exercise_windows.for_reason(term.reason)
    start = term.date
    tail = _tail_vests(grant, term)  # a change of control within the tail: runs from its date
    if tail is not None and tail <= on:
        start = tail
    if window.is_zero():  # nothing is exercisable from the termination date on
        return min(grant.expiration, start - _dt.timedelta(days=1))
    return min(grant.expiration, add(start, window))


def _tail_vests(grant: Grant, term: Termination) -> _dt.date | None:
    """The change of control's date when it comes within the tail of the terms'
    ``change_of_control`` after ``term`` (:mod:`vesting.provisions`), else ``None``."""
    cc = grant.terms.change_of_control
    if cc is None:
        return None
    dates = [e.date for e in grant.events if isinstance(e, NamedEvent) and e.name == cc.event]
    return cc.tail_vests(term, min(dates) if dates else None)


def exercise_window(grant: Grant, on: _dt.date) -> Period | None:
    """The post-termination window that set the exercise deadline known on ``on`` (the
    termination reason's, as the terms give it: ``90d``, ``3m``; ``0m`` for none), or ``None``
    when the deadline is the contractual expiration (no termination yet, or the window ends
    after it) and for RSUs."""
    if not grant.events or not grant.kind.is_option:
        return None
    term = termination_of(grant)
    if term is None or term.date > on:
        return None
    if exercise_deadline(grant, on) == grant.expiration:
        return None
    return grant.terms.exercise_windows.for_reason(term.reason)
