"""The terms' provisions that life events set off (issue 21; the records are
:mod:`vesting.model.provisions`), as :mod:`vesting.events` applies them:

* **Acceleration by reason** (``accelerate_on``): a termination for a reason the terms list
  accelerates that amount on the termination date — of the unvested time-based shares (and
  pending milestone shares with ``accelerate_milestones``), as a recorded single-trigger
  acceleration that day would — after the accelerations that take effect before it or that day,
  and before the rest is forfeited (rule 3 of :mod:`vesting.events`).
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

from .allocation import Shares
from .dates import Period, add
from .engine import milestone_shares
from .model import Acceleration, Amount, Grant, Termination
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


def reason_accelerations(
    grant: Grant, term: Termination | None
) -> list[tuple[_dt.date, Acceleration, str]]:
    """The accelerations the terms' ``accelerate_on`` sets off: (effective date, acceleration,
    what the timeline entry says) — none without a termination for a listed reason."""
    if term is None or not grant.terms.accelerate_on:
        return []
    amount = grant.terms.accelerate_on.for_reason(term.reason)
    if amount is None:
        return []
    method = "soonest" if amount.months is not None else amount.method.value
    note = f"acceleration on {term.reason.value} ({method})"
    return [(term.date, as_acceleration(amount, term.date), note)]


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
