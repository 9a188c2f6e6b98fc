"""The terms' provisions that life events set off (issue 21; the records are
:mod:`vesting.model.provisions`), as :mod:`vesting.events` applies them:

* **Acceleration by reason** (``accelerate_on``): a termination for a reason the terms list
  accelerates that amount on the termination date — of the unvested time-based shares (and
  pending milestone shares with ``accelerate_milestones``), as a recorded single-trigger
  acceleration that day would — after the accelerations that take effect before it or that day,
  and before the rest is forfeited (rule 3 of :mod:`vesting.events`).
"""

from __future__ import annotations

import datetime as _dt

from .model import Acceleration, Amount, Grant, Termination


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
