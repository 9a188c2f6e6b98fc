"""What a holder has on a date: the :class:`Status` of a grant as of a day.

Every quantity is exact and they reconcile:

* ``granted = vested + unvested + forfeited + repurchased``
* options: ``vested + subject_to_repurchase + repurchased = exercised + exercisable + expired``
  (``subject_to_repurchase`` and ``repurchased`` are only ever non-zero with early exercise)
* ``pending`` (shares waiting on an event, or held by a change-of-control tail) is in ``unvested``
* RSUs: ``vested = settled + unsettled`` (units that lapsed or were cancelled unsettled are
  forfeited)

They hold after stock splits too: on a date on or after a split every quantity is in post-split
shares, each carried as a rounded position on one line of the grant's shares
(:mod:`vesting.inforce`), and ``exercise_price`` is the price in force on the date.

Rules for options:

* exercises are checked in date order: an exercise after the exercise deadline, or of more
  shares than are vested (with early exercise: than are not forfeited) on its date, is an
  :class:`~vesting.errors.EventError`;
* exercised shares are taken from the vested ones first; exercised shares beyond what is vested
  (early exercise only) are ``subject_to_repurchase`` and vest as the schedule goes on;
* the *exercise deadline* on a date is the contractual expiration, or — once a termination has
  happened on or before that date — the earlier of it and the termination date plus the
  post-termination window for the reason (:class:`~vesting.model.ExerciseWindows`). A window
  of 0 (the default for ``cause``) leaves nothing exercisable from the termination date on:
  the deadline is the day before it;
* after the deadline every vested, unexercised share is ``expired`` (exercisable through the
  deadline day itself); nothing vests after the contractual expiration (see
  :mod:`vesting.events`), so after it nothing is outstanding;
* vested, unexercised options a cancellation takes (:mod:`vesting.events` rule 6) are
  ``expired`` from its date;
* early exercise: exercised, unvested shares are ``subject_to_repurchase``; when employment ends
  (the termination, or the expiration if it comes first) the company buys them back at the
  exercise price ``repurchase_window`` after it (default: that day): from then on they are
  ``repurchased``, no longer subject to repurchase nor forfeited;
* ``outstanding`` = exercisable + unvested shares not exercised early.

RSUs: they settle on their vest dates; with ``settle_on`` (double trigger) nothing settles until
that named event, when everything vested settles at once, and later vests settle as they vest.
``outstanding`` = unvested + unsettled.

The events themselves (leaves, accelerations, termination, milestones, cancellations) are
applied by :mod:`vesting.events`; this module reads the resulting timeline. A grant with no
events and no milestones takes a fast path through the engine's closed forms.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from operator import itemgetter
from typing import Final, NamedTuple

from .allocation import Allocation, Shares
from .dates import MAX_DATE, add
from .engine import end_date, next_vest_after, progress, vested_by
from .errors import ArgumentError, Problem, TermsError, VestingError, at_grant
from .events import base_timeline, based, exercise_deadline, termination_of
from .exercises import exercised_by, sums
from .inforce import (
    Tally,
    exercise_price_on,
    expiration_of,
    factor_on,
    has_splits,
    restate,
    restated_price,
    rounded,
)
from .model import Grant, Kind, NamedEvent, Tranche, checks, require_grant
from .shares import as_shares, whole_counts
from .splitting import fraction_cancelled, granted_as_of


class Status(NamedTuple):
    """One grant as of one date (see the module doc for how the numbers reconcile).

    A named tuple: bulk runs build one per grant and date, and it must be cheap."""

    grant_id: str
    as_of: _dt.date
    granted: int
    vested: Shares
    unvested: Shares
    forfeited: Shares = 0
    exercised: int = 0
    exercisable: Shares = 0
    expired: Shares = 0
    outstanding: Shares = 0
    settled: Shares = 0
    unsettled: Shares = 0
    pending: Shares = 0
    subject_to_repurchase: Shares = 0
    repurchased: Shares = 0
    """Early-exercised, unvested shares the company bought back after employment ended."""
    next_vest: Tranche | None = None
    fully_vested: _dt.date | None = None
    exercise_deadline: _dt.date | None = None
    """The last day the options can be exercised (contractual expiration or end of the
    post-termination window); ``None`` for RSUs."""
    exercise_price: Decimal | None = None
    """An option's exercise price per share in force on the date (after splits); ``None``
    for RSUs and options given none."""
    split_fraction_cancelled: Shares = 0
    """What stock-split rounding has dropped from the grant by the date, in shares of that
    date (see :mod:`vesting.inforce`)."""


def _plain(grant: Grant) -> bool:
    """No events, no milestones, nothing that ends vesting early and no lapse: the closed forms
    give the whole answer."""
    if grant.events or grant.terms.milestones or grant.terms.conditions:
        return False
    expires = grant.expiration
    if expires is None:
        return True
    if grant.terms.settle_on is not None:  # double-trigger RSUs lapse if never settled
        return False
    end = end_date(grant)
    return end is None or end <= expires


def repurchase_date(grant: Grant) -> _dt.date | None:
    """When the company buys back early-exercised, unvested shares: ``repurchase_window``
    after employment ends (the termination, or the expiration if it comes first)."""
    if not grant.terms.early_exercise:
        return None
    term = termination_of(grant)
    ends = [d for d in (term.date if term else None, expiration_of(grant)) if d is not None]
    return add(min(ends), grant.terms.repurchase_window) if ends else None


def evaluate(grant: Grant, on: _dt.date, shares_of: _dt.date | None = None) -> Status:
    """The grant's :class:`Status` on ``on``, with the grant's recorded events applied.

    Events dated after ``on`` do not change the quantities as of ``on``. Every quantity is an
    ``int`` when it is whole (under ``FRACTIONAL`` allocation too, :mod:`vesting.shares`).
    ``shares_of`` (a later date): the quantities restated in the shares of that date — each
    position rounded once at its split factor — and the exercise price divided by the splits
    after ``on`` (:func:`vesting.inforce.restated_price`); ``split_fraction_cancelled`` stays
    that of ``on``. A rollforward restates the start of a period this way.
    """
    if type(grant) is not Grant or type(on) is not _dt.date:
        require_grant(grant, "evaluate")
        checks.date_argument(on, "evaluate")
    unit = on
    if shares_of is not None:
        if type(shares_of) is not _dt.date or shares_of < on:
            checks.date_argument(shares_of, "evaluate", "shares_of")
            allowed = f"a date on or after {on}"
            raise ArgumentError([Problem("shares_of", shares_of.isoformat(), allowed)])
        if has_splits(grant):
            unit = shares_of
    if grant.terms.allocation is Allocation.FRACTIONAL:
        plain = _plain(grant)
        return whole_counts(_plain_status(grant, on) if plain else _with_events(grant, on, unit))
    if _plain(grant):
        return _plain_status(grant, on)
    return _with_events(grant, on, unit)


def _with_events(grant: Grant, on: _dt.date, unit: _dt.date | None = None) -> Status:
    """:func:`evaluate` of a grant with events or milestones: from its timeline (``unit``: the
    date whose shares to count in, default ``on``)."""
    entries, drops = based(grant)
    option = grant.kind.is_option
    vested, forfeited, pending, cancelled = sums(entries, on, option)
    upcoming = [e for e in entries if e.vests and e.date is not None and e.date > on]
    # Several entries can vest on the same day (a tranche plus an acceleration or a
    # milestone): the next vest is all of them.
    same_day = [e for e in upcoming if e.date == upcoming[0].date] if upcoming else []
    nxt = (
        Tranche(upcoming[0].date, sum(e.shares for e in same_day), same_day[-1].cumulative)
        if (upcoming and upcoming[0].date is not None)
        else None
    )
    complete = all(e.vests for e in entries)
    full = entries[-1].date if complete and entries else None
    exercised: Shares = exercised_by(grant, entries, on, drops) if option and grant.events else 0
    granted: Shares = grant.shares
    lost: Shares = 0
    if has_splits(grant):
        rounding = grant.terms.split_rounding
        size = granted_as_of(grant, drops, on)
        tally = Tally(size, vested, forfeited, pending, cancelled, exercised)
        granted, vested, forfeited, pending, cancelled, exercised = restate(
            tally, factor_on(grant, on if unit is None else unit), rounding
        )
        lost = fraction_cancelled(grant, drops, on)
        if nxt is not None:  # in the shares of its own date
            f = factor_on(grant, nxt.date)
            after = rounded(f * Fraction(nxt.cumulative), rounding)
            before = rounded(f * Fraction(nxt.cumulative - nxt.shares), rounding)
            nxt = Tranche(nxt.date, after - before, after)
    assert type(granted) is int and type(exercised) is int
    price = exercise_price_on(grant, on) if option else None
    if unit is not None and unit != on and price is not None:
        price = restated_price(grant, price, on, unit)
    unvested = granted - vested - forfeited
    if grant.kind.is_option:
        exercised_vested = min(exercised, vested)
        early = exercised - exercised_vested
        repurchased: Shares = 0
        buyback = repurchase_date(grant) if early else None
        if buyback is not None and on >= buyback:
            repurchased, early, forfeited = early, 0, forfeited - early
        deadline = exercise_deadline(grant, on)
        free = vested - exercised_vested
        expired = free if deadline is not None and on > deadline else min(cancelled, free)
        exercisable = vested - exercised_vested - expired
        return Status(
            grant_id=grant.id,
            as_of=on,
            granted=granted,
            vested=vested,
            unvested=unvested,
            forfeited=forfeited,
            exercised=exercised,
            exercisable=exercisable,
            expired=expired,
            outstanding=exercisable + max(unvested - early, 0),
            pending=pending,
            subject_to_repurchase=early,
            repurchased=repurchased,
            next_vest=nxt,
            fully_vested=full,
            exercise_deadline=deadline,
            exercise_price=price,
            split_fraction_cancelled=lost,
        )
    settled = vested
    if grant.terms.settle_on is not None:
        names = [
            e.date
            for e in grant.events
            if isinstance(e, NamedEvent) and e.name == grant.terms.settle_on
        ]
        settled = vested if names and min(names) <= on else 0
    return Status(
        grant_id=grant.id,
        as_of=on,
        granted=granted,
        vested=vested,
        unvested=unvested,
        forfeited=forfeited,
        outstanding=unvested + vested - settled,
        settled=settled,
        unsettled=vested - settled,
        pending=pending,
        next_vest=nxt,
        fully_vested=full,
        split_fraction_cancelled=lost,
    )


def statuses(grant: Grant, dates: Sequence[_dt.date]) -> tuple[Status, ...]:
    """The grant's :class:`Status` on each of ``dates``."""
    if len(dates) == 1:
        return (evaluate(grant, dates[0]),)
    return tuple([evaluate(grant, d) for d in dates])


def _plain_status(grant: Grant, on: _dt.date) -> Status:
    """The fast path of :func:`evaluate`: no events, no milestones — closed forms only."""
    vested, nxt = progress(grant, on)
    full = end_date(grant)
    shares = grant.shares
    unvested = shares - vested
    # Positional, in field order: granted, vested, unvested, forfeited, exercised,
    # exercisable, expired, outstanding, settled, unsettled, pending, subject_to_repurchase,
    # repurchased, next_vest, fully_vested, exercise_deadline, exercise_price.
    if grant.kind is Kind.RSU:
        if grant.terms.settle_on is not None:  # double trigger, and the event has not happened
            return Status(
                grant.id, on, shares, vested, unvested, 0, 0, 0, 0, shares, 0, vested, 0, 0, 0,
                nxt, full, None,
            )  # fmt: skip
        return Status(
            grant.id, on, shares, vested, unvested, 0, 0, 0, 0, unvested, vested, 0, 0, 0, 0,
            nxt, full, None,
        )  # fmt: skip
    deadline = grant.expiration
    assert deadline is not None
    if on > deadline:
        return Status(
            grant.id, on, shares, vested, unvested, 0, 0, 0, vested, unvested, 0, 0, 0, 0, 0,
            nxt, full, deadline, grant.exercise_price,
        )  # fmt: skip
    return Status(
        grant.id, on, shares, vested, unvested, 0, 0, vested, 0, vested + unvested, 0, 0, 0, 0, 0,
        nxt, full, deadline, grant.exercise_price,
    )  # fmt: skip


def vested(grant: Grant, on: _dt.date) -> Shares:
    """Shares vested on ``on`` (a tranche dated ``on`` counts), with the grant's events applied.

    Closed form (no schedule built) for a grant without events or milestones.
    """
    require_grant(grant, "vested")
    checks.date_argument(on, "vested")
    if _plain(grant):
        return vested_by(grant, on)
    if has_splits(grant):
        return evaluate(grant, on).vested
    return as_shares(sums(base_timeline(grant), on, grant.kind.is_option)[0])


def unvested(grant: Grant, on: _dt.date) -> Shares:
    """Shares neither vested nor forfeited on ``on`` (pending event-gated shares included)."""
    require_grant(grant, "unvested")
    checks.date_argument(on, "unvested")
    if _plain(grant):
        return grant.shares - vested_by(grant, on)
    if has_splits(grant):
        return evaluate(grant, on).unvested
    v, f, _, _ = sums(base_timeline(grant), on, grant.kind.is_option)
    return as_shares(grant.shares - v - f)


def next_vest(grant: Grant, after: _dt.date) -> Tranche | None:
    """The next vesting (date, shares, cumulative) strictly after ``after``, events applied."""
    require_grant(grant, "next_vest")
    checks.date_argument(after, "next_vest", "after")
    if _plain(grant):
        return next_vest_after(grant, after)
    return evaluate(grant, after).next_vest


def check(grant: Grant) -> None:
    """Raise a :class:`~vesting.errors.VestingError` listing what makes ``grant`` impossible
    to evaluate: events that are impossible or out of order, exercises of more than is
    exercisable, a schedule whose dates run past the supported range. Every command applies
    it to every grant it reads, after adding any what-if events, so they all accept and refuse
    the same grants."""
    try:
        end_date(grant)
    except VestingError as e:
        if e.problems[0].field != "date":  # the terms' own problem (vesting conditions)
            raise type(e)([p.located(at_grant(grant.id)) for p in e.problems]) from None
        # a date of the schedule itself is out of range: say so of the schedule
        last = e.problems[0].value
        raise TermsError(
            [
                Problem(
                    "schedule",
                    f"a vest date at {last}",
                    f"terms whose every vest date falls on or before {MAX_DATE} (the last "
                    "supported date): a shorter schedule or an earlier start",
                    at_grant(grant.id),
                )
            ]
        ) from None
    try:
        if grant.events or grant.terms.milestones or grant.terms.conditions:
            evaluate(grant, MAX_DATE)  # applies every event and checks every exercise
    except VestingError as e:
        if all(p.location for p in e.problems):
            raise
        raise type(e)([p.located(at_grant(grant.id)) for p in e.problems]) from None


_NOT_COUNTS: Final = (
    "grant_id",
    "as_of",
    "next_vest",
    "fully_vested",
    "exercise_deadline",
    "exercise_price",
)
STATUS_QUANTITIES: Final = tuple(f for f in Status._fields if f not in _NOT_COUNTS)
"""The share quantities of a :class:`Status`, which add up across grants."""


class StatusTotal:
    """A running total of statuses on one date: :meth:`add` each grant's, then :meth:`status`.

    Quantities add up. The next vest is the earliest next vest date of any grant, with the
    shares of every grant vesting that day (``cumulative``: the total vested after it). The
    fully-vested date is the latest one, or ``None`` if any grant has none. There is no total
    exercise deadline (``None``). Memory does not grow with the number of grants added.
    Whole shares add as integers; fractions (``FRACTIONAL`` allocation) are kept apart and
    added in at the end, so the common case never does fraction arithmetic; a whole total is
    an ``int`` (:mod:`vesting.shares`).
    """

    def __init__(self, as_of: _dt.date) -> None:
        self.as_of = as_of
        self.count = 0
        self._ints = [0] * len(STATUS_QUANTITIES)
        self._fractions: list[Shares] = [0] * len(STATUS_QUANTITIES)
        self._next: _dt.date | None = None
        self._next_shares: Shares = 0
        self._next_cumulative: Shares = 0  # over the grants vesting on self._next
        self._next_vested: Shares = 0  # what those grants have vested already
        self._vested_others: Shares = 0  # vested of the grants not vesting on self._next
        self._full: _dt.date | None = None
        self._never = False  # some grant has no fully-vested date

    def add(self, s: Status) -> None:
        self.count += 1
        ints = self._ints
        for i, value in enumerate(_QUANTITIES(s)):
            if type(value) is int:
                ints[i] += value
            else:
                self._fractions[i] += value
        nxt = s.next_vest
        if nxt is None:
            self._vested_others += s.vested
        elif self._next is None or nxt.date < self._next:
            # a new earliest date: grants counted as vesting on the old one are now "others"
            self._vested_others += self._next_vested
            self._next = nxt.date
            self._next_shares, self._next_cumulative, self._next_vested = (
                nxt.shares,
                nxt.cumulative,
                s.vested,
            )
        elif nxt.date == self._next:
            self._next_shares += nxt.shares
            self._next_cumulative += nxt.cumulative
            self._next_vested += s.vested
        else:
            self._vested_others += s.vested
        full = s.fully_vested
        if full is None:
            self._never = True
        elif self._full is None or full > self._full:
            self._full = full

    def merge(self, other: StatusTotal) -> None:
        """Add another running total of the same date (grants added elsewhere, e.g. in a worker
        process); the result is as if every grant had been added here."""
        self.count += other.count
        for i in range(len(STATUS_QUANTITIES)):
            self._ints[i] += other._ints[i]
            self._fractions[i] += other._fractions[i]
        if other._next is not None and (self._next is None or other._next < self._next):
            self._vested_others += self._next_vested + other._vested_others
            self._next = other._next
            self._next_shares = other._next_shares
            self._next_cumulative = other._next_cumulative
            self._next_vested = other._next_vested
        elif other._next is not None and other._next == self._next:
            self._next_shares += other._next_shares
            self._next_cumulative += other._next_cumulative
            self._next_vested += other._next_vested
            self._vested_others += other._vested_others
        else:
            self._vested_others += other._next_vested + other._vested_others
        if other._never:
            self._never = True
        if other._full is not None and (self._full is None or other._full > self._full):
            self._full = other._full

    def status(self) -> Status:
        """The total as a :class:`Status` with ``grant_id`` ``""``."""
        values: dict[str, Shares] = {
            name: as_shares(whole + part) if part else whole
            for name, whole, part in zip(
                STATUS_QUANTITIES, self._ints, self._fractions, strict=True
            )
        }
        nxt = (
            None
            if self._next is None
            else whole_counts(
                Tranche(self._next, self._next_shares, self._next_cumulative + self._vested_others)
            )
        )
        full = None if self._never or not self.count else self._full
        granted = values.pop("granted")
        exercised = values.pop("exercised")
        assert isinstance(granted, int) and isinstance(exercised, int)
        return Status(
            grant_id="",
            as_of=self.as_of,
            granted=granted,
            exercised=exercised,
            next_vest=nxt,
            fully_vested=full,
            exercise_deadline=None,
            exercise_price=None,
            **values,
        )


_QUANTITIES: Final = itemgetter(*(Status._fields.index(name) for name in STATUS_QUANTITIES))
"""A status's quantities, in the order of :data:`STATUS_QUANTITIES`."""
