"""The terms' provisions that life events set off (issue 21; the records are
:mod:`vesting.model.provisions`), as :mod:`vesting.events` applies them:

* **Acceleration by reason** (``accelerate_on``): a termination for a reason the terms list
  accelerates that amount on the termination date — of the unvested time-based shares (and
  pending milestone shares with ``accelerate_milestones``), as a recorded single-trigger
  acceleration that day would — after the accelerations that take effect before it or that day,
  and before the rest is forfeited (rule 3 of :mod:`vesting.events`).
* **The change of control** (``change_of_control``, a double trigger the terms state; the change
  of control is the named event it names, default ``change-of-control``). A termination for a
  qualifying reason within ``window`` after it (on its day or up to ``window`` later)
  accelerates the amount on the termination date, as a recorded double trigger would. A
  qualifying termination before it starts a **tail** of ``window_before``: the amount — taken
  on the termination date from the unvested shares, as an acceleration then would — stays
  *pending* through the tail instead of being forfeited; if the change of control comes within
  the tail (after the termination, by its last day) those shares vest on its date (an option's
  exercise deadline then runs from that date: :func:`vesting.eventrules.exercise_deadline`);
  otherwise they are forfeited on the tail's last day (or on the expiration, if that comes
  first; nothing vests after it). The rest of the unvested shares is forfeited on the
  termination date as usual; a termination on or after the expiration has no tail. What is
  known when: before the change of control, the shares are
  pending whether or not one is recorded; expense recognizes nothing for them until they vest.
* **Milestone fallback** (``EventCondition.fallback``): a milestone portion vests on the earlier
  of its event — when the event comes by the deadline — and the fallback date, if the holder is
  still in service then (not terminated before it; on the termination day itself only if that
  day vests, ``vest_on_termination_date``) and it is no later than the expiration; the deadline
  then forfeits nothing. Until then it is pending. Vesting on the fallback date it is a
  time-based tranche (``scheduled``, noted ``NAME: fallback``); by the event, an ``event``.
* **Accelerating milestones** (``accelerate_milestones``): every acceleration — recorded, by
  reason, or the change of control's — also takes the milestone shares still pending on its
  effective date (event not yet happened, deadline or fallback not yet passed): a percent is of
  the unvested time-based and pending milestone shares together, a share count is capped at
  both; the pending milestones come after every time-based tranche (``latest`` takes them
  first, ``soonest`` last, ``pro-rata`` in proportion). ``months`` takes only the tranches due
  within them: a milestone has no due date. Without it (the default) milestone shares are never
  accelerated.
"""

from __future__ import annotations

import datetime as _dt
from typing import NamedTuple

from .allocation import Shares
from .dates import Period, add
from .engine import milestone_shares
from .entries import Entry, Mark
from .model import Acceleration, Amount, Grant, NamedEvent, Termination
from .tolling import Piece


def as_acceleration(amount: Amount, when: _dt.date) -> Acceleration:
    """``amount`` accelerated on ``when``, single trigger: what a provision sets off."""
    return Acceleration(
        when,
        shares=amount.shares,
        percent=amount.percent,
        months=amount.months,
        method=amount.method,
    )


def reason_accelerations(grant: Grant, term: Termination | None) -> list[Provided]:
    """The accelerations the terms' ``accelerate_on`` sets off: (effective date, acceleration,
    what the timeline entry says) — none without a termination for a listed reason."""
    if term is None or not grant.terms.accelerate_on:
        return []
    amount = grant.terms.accelerate_on.for_reason(term.reason)
    if amount is None:
        return []
    method = "soonest" if amount.months is not None else amount.method.value
    note = f"acceleration on {term.reason.value} ({method})"
    return [(term.date, as_acceleration(amount, term.date), note, None)]


class Tail(NamedTuple):
    """A change of control's tail after a qualifying termination: the day its shares vest (the
    change of control within the tail), or ``None``, and the tail's last day."""

    vests: _dt.date | None
    ends: _dt.date
    start: _dt.date
    """The termination: the held shares are pending from it."""


Provided = tuple[_dt.date, Acceleration, str, Tail | None]
"""An acceleration a provision sets off: its effective date, the acceleration, what the entry
says, and the tail it is held in (``None``: it vests on its date)."""


def control_date(grant: Grant) -> _dt.date | None:
    """The date of the change of control the terms' ``change_of_control`` names (the first
    named event of that name), or ``None``."""
    cc = grant.terms.change_of_control
    if cc is None:
        return None
    dates = [e.date for e in grant.events if isinstance(e, NamedEvent) and e.name == cc.event]
    return min(dates) if dates else None


def control_accelerations(grant: Grant, term: Termination | None) -> list[Provided]:
    """What the terms' ``change_of_control`` sets off for the termination ``term``: an
    acceleration on its date (within ``window`` after the change of control), or one held in
    the tail (see the module doc); none otherwise."""
    cc = grant.terms.change_of_control
    if cc is None or term is None:
        return []
    coc = control_date(grant)
    amount = cc.amount
    method = "soonest" if amount.months is not None else amount.method.value
    acc = as_acceleration(amount, term.date)
    if cc.after(term, coc):
        return [(term.date, acc, f"change-of-control double trigger ({method})", None)]
    end = cc.tail_end(term)
    expires = grant.expiration
    if end is None or (coc is not None and coc <= term.date):
        return []
    if expires is not None and term.date >= expires:  # nothing can vest after it: no tail
        return []
    tail = Tail(cc.tail_vests(term, coc), end, term.date)
    return [(term.date, acc, f"change-of-control tail ({method})", tail)]


def tail_entry(tail: Tail, shares: Shares, note: str, expires: _dt.date | None) -> Entry:
    """The entry of the shares a tail holds: vesting on the change of control's date when it
    comes within the tail (and by the expiration), else forfeited on the tail's last day (or
    the expiration); event-gated (``milestone``) from the termination, so pending from it until
    then."""
    start = tail.start
    if tail.vests is not None and (expires is None or tail.vests <= expires):
        return Entry(tail.vests, shares, 0, Mark.ACCELERATED, None, note, True, start)
    if expires is not None and expires < tail.ends:
        why = "tail: expiration"
        return Entry(expires, shares, 0, Mark.FORFEITED, tail.ends, why, True, start)
    why = "change-of-control tail ended"
    return Entry(tail.ends, shares, 0, Mark.FORFEITED, None, why, True, start)


def dated(grant: Grant, value: _dt.date | Period | None) -> _dt.date | None:
    """A milestone's deadline or fallback as a date: a date as given, a period after the
    vesting start (months under the terms' day-of-month policy)."""
    if value is None or isinstance(value, _dt.date):
        return value
    return add(grant.start, value, grant.terms.day_of_month)


def fallback_vest(
    event: _dt.date | None, after: _dt.date | None, fallback: _dt.date
) -> tuple[_dt.date, bool]:
    """When a milestone with a fallback vests if the holder stays in service, and whether by
    its event: the earlier of the event (when it came before ``after``, the day after the
    deadline) and the fallback date."""
    if event is not None and (after is None or event < after) and event <= fallback:
        return event, True
    return fallback, False


def milestone_pieces(
    grant: Grant, happened: dict[str, _dt.date]
) -> list[tuple[Piece, _dt.date | None]]:
    """With ``accelerate_milestones``: each milestone's shares as a piece accelerations may take
    (dated after every tranche), with the first day it is no longer pending (it vested or was
    forfeited; ``None``: pending for good) — termination and expiration aside, which stop
    accelerations themselves. Empty without it."""
    terms = grant.terms
    if not terms.accelerate_milestones:
        return []
    out: list[tuple[Piece, _dt.date | None]] = []
    for cond, shares in zip(terms.milestones, milestone_shares(grant), strict=True):
        deadline = dated(grant, cond.deadline)
        after = None if deadline is None else deadline + _dt.timedelta(days=1)
        fallback = dated(grant, cond.fallback)
        event = happened.get(cond.name)
        if fallback is not None:
            end: _dt.date | None = fallback_vest(event, after, fallback)[0]
        elif event is not None and (after is None or event < after):
            end = event
        else:
            end = after
        out.append((Piece(_dt.date.max, shares, _dt.date.max), end))
    return out


def pending_at(pieces: list[tuple[Piece, _dt.date | None]], when: _dt.date) -> list[Piece]:
    """The milestone pieces still pending on ``when`` (see :func:`milestone_pieces`)."""
    return [p for p, end in pieces if end is None or when < end]


def left_of(pieces: list[tuple[Piece, _dt.date | None]]) -> list[Shares]:
    """What accelerations left of each milestone's shares."""
    return [p.shares for p, _ in pieces]
