"""What a holder has on a date: the :class:`Status` of a grant as of a day.

Every quantity is exact and they reconcile:

* ``granted = vested + unvested + forfeited``
* options: ``vested + subject_to_repurchase = exercised + exercisable + expired``
  (``subject_to_repurchase`` is only ever non-zero with early exercise)
* ``pending`` (event-gated shares waiting on their event) is part of ``unvested``
* RSUs: ``vested = settled + unsettled``

The events that produce these numbers are applied by :mod:`vesting.events`; this module only
defines the record and the public entry point.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from .allocation import Shares
from .model import Grant, Tranche


@dataclass(frozen=True)
class Status:
    """One grant as of one date (see the module doc for how the numbers reconcile)."""

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
    next_vest: Tranche | None = None
    fully_vested: _dt.date | None = None
    exercise_deadline: _dt.date | None = None
    """The last day the options can be exercised (contractual expiration or end of the
    post-termination window); ``None`` for RSUs."""


def evaluate(grant: Grant, on: _dt.date) -> Status:
    """The grant's :class:`Status` on ``on``, with the grant's recorded events applied.

    (Stub: events are not applied yet.)
    """
    from .engine import end_date, next_vest_after, vested_by

    vested = vested_by(grant, on)
    unvested = grant.shares - vested
    option = grant.kind.is_option
    return Status(
        grant_id=grant.id,
        as_of=on,
        granted=grant.shares,
        vested=vested,
        unvested=unvested,
        exercisable=vested if option else 0,
        outstanding=grant.shares,
        settled=0 if option else vested,
        next_vest=next_vest_after(grant, on),
        fully_vested=end_date(grant),
        exercise_deadline=grant.expiration if option else None,
    )
