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
from .inforce import expiration_of, in_force
from .model import (
    Acceleration,
    Event,
    Exercise,
    Grant,
    Leave,
    Modification,
    NamedEvent,
    StockSplit,
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
        name = ev.kind if isinstance(ev, Modification) else NAMES.get(type(ev), "")
        name = name or type(ev).__name__.lower()
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
    problems.extend(_split_problems(grant))
    problems.extend(_modification_problems(grant))
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


NAMES: dict[type, str] = {StockSplit: "split", Modification: "modification"}
"""An event's name in messages when it is not its record's name in lower case."""


def applies(split: StockSplit, grant: Grant) -> bool:
    """Whether a company-wide split concerns ``grant``: one granted before the split date and
    not expired by then — by its expiration after every modification (an extension counts) — (a
    grant made on the split date is in post-split shares already)."""
    expires = expiration_of(grant)
    return grant.grant_date < split.date and (expires is None or split.date <= expires)


def _split_problems(grant: Grant) -> list[Problem]:
    """A split must fall after the grant date and on or before the expiration (after every
    modification: an extension counts); one a day."""
    out: list[Problem] = []
    where = at_grant(grant.id)
    expires = expiration_of(grant)
    days: dict[_dt.date, StockSplit] = {}
    for s in (e for e in grant.events if isinstance(e, StockSplit)):
        if s.date == grant.grant_date:
            out.append(
                Problem(
                    ("split", "date"),
                    s.date.isoformat(),
                    f"a date after the grant date {grant.grant_date} (a grant made on the "
                    "split date is in post-split shares already)",
                    where,
                )
            )
        elif expires is not None and s.date > expires:
            out.append(
                Problem(
                    ("split", "date"),
                    s.date.isoformat(),
                    f"a date on or before the expiration {expires} (nothing of the "
                    "grant is left to split)",
                    where,
                )
            )
        if s.date in days:
            out.append(
                Problem(
                    "split",
                    f"{days[s.date].text} and {s.text} on {s.date}",
                    "at most one split a day (one split of their product)",
                    where,
                )
            )
        days.setdefault(s.date, s)
    return out


def _modification_problems(grant: Grant) -> list[Problem]:
    """A modification must fall on or before the exercise deadline in force the day before
    it (the expiration, or the end of a post-termination window: an option that has expired
    cannot be modified); an RSU has no exercise price or windows to change; one a day; an
    acceleration it agrees on or before the termination."""
    out: list[Problem] = []
    where = at_grant(grant.id)
    days: set[_dt.date] = set()
    term = termination_of(grant)
    for m in sorted((e for e in grant.events if isinstance(e, Modification)), key=_date):
        name = m.kind
        if m.date in days:
            out.append(Problem(name, m.date.isoformat(), "at most one modification a day", where))
        days.add(m.date)
        if m.date < grant.grant_date:
            continue  # said already: a date on or after the grant date
        if not grant.kind.is_option:
            for fld in ("exercise_price", "exercise_windows"):
                if getattr(m, fld):
                    out.append(
                        Problem(
                            (name, fld),
                            str(getattr(m, fld)) if fld == "exercise_price" else "windows",
                            f"no {fld.replace('_', ' ')} on an RSU (only options: a repricing "
                            "or an exercise-window change is of an option)",
                            where,
                        )
                    )
            expires = in_force(grant, m.date - _dt.timedelta(days=1)).expiration
            last = expires
        else:
            before = m.date - _dt.timedelta(days=1)
            last = exercise_deadline(grant, max(before, grant.grant_date))
        if last is not None and m.date > last:
            out.append(
                Problem(
                    (name, "date"),
                    m.date.isoformat(),
                    f"a date on or before {last}, the last day of the options in force then "
                    "(an expired award cannot be modified)",
                    where,
                )
            )
        if m.accelerate is not None and term is not None and m.date > term.date:
            out.append(
                Problem(
                    (name, "accelerate"),
                    m.date.isoformat(),
                    f"a date on or before the termination {term.date} (nothing is left "
                    "unvested to accelerate after it)",
                    where,
                )
            )
    return out


def _date(m: Modification) -> _dt.date:
    return m.date


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
    contractual expiration in force on ``on`` (:mod:`vesting.inforce`), or — once a
    termination has happened on or before ``on`` — the earlier of it and the termination date
    plus the window for the reason in force on ``on`` (a window of 0: the day before the
    termination). When the terms' change of control comes within the tail after the
    termination, the window runs from its date instead, from that date on."""
    if not grant.kind.is_option:
        return None
    terms = in_force(grant, on) if grant.events else None
    expires = grant.expiration if terms is None else terms.expiration
    assert expires is not None
    term = termination_of(grant)
    if term is None or term.date > on:
        return expires
    windows = grant.terms.exercise_windows if terms is None else terms.exercise_windows
    window = windows.for_reason(term.reason)
    start = term.date
    tail = _tail_vests(grant, term)  # a change of control within the tail: runs from its date
    if tail is not None and tail <= on:
        start = tail
    if window.is_zero():  # nothing is exercisable from the termination date on
        return min(expires, start - _dt.timedelta(days=1))
    return min(expires, add(start, window))


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
    after it) and for RSUs; both as in force on ``on`` (:mod:`vesting.inforce`)."""
    if not grant.events or not grant.kind.is_option:
        return None
    term = termination_of(grant)
    if term is None or term.date > on:
        return None
    terms = in_force(grant, on)  # a modification may have changed both
    if exercise_deadline(grant, on) == terms.expiration:
        return None
    return terms.exercise_windows.for_reason(term.reason)
