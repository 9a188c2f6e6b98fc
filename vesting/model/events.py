"""Life-event records and the enums they use: what happened to a grant and when.

Each record validates itself when built (a record that exists describes something that could
happen); whether an event makes sense *for a grant* — its order, its date against the grant's —
is :mod:`vesting.events`' business.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from ..dates import Period
from ..errors import EventError, invalid


class Reason(StrEnum):
    """Why employment ended; it sets the post-termination exercise window."""

    VOLUNTARY = "voluntary"
    INVOLUNTARY = "involuntary"
    CAUSE = "cause"
    DEATH = "death"
    DISABILITY = "disability"
    RETIREMENT = "retirement"

    @classmethod
    def parse(cls, text: str, field: str = "reason") -> Reason:
        try:
            return cls(str(text).strip().lower())
        except ValueError:
            allowed = ", ".join(r.value for r in cls)
            raise invalid(field, text, f"expected one of {allowed}") from None


class Trigger(StrEnum):
    """Single trigger: the event alone accelerates. Double: the event, then a qualifying
    termination within the window."""

    SINGLE = "single"
    DOUBLE = "double"


class Method(StrEnum):
    """Which unvested tranches an acceleration pulls forward."""

    PRO_RATA = "pro-rata"
    SOONEST = "soonest"
    LATEST = "latest"

    @classmethod
    def parse(cls, text: str, field: str = "method") -> Method:
        key = str(text).strip().lower().replace("_", "-")
        try:
            return cls(key)
        except ValueError:
            raise invalid(field, text, "expected pro-rata, soonest or latest") from None


@dataclass(frozen=True)
class Termination:
    """Employment ended on ``date``: vesting stops, unvested shares are forfeited."""

    date: _dt.date
    reason: Reason = Reason.VOLUNTARY


@dataclass(frozen=True)
class Leave:
    """A leave of absence from ``start`` to ``end``, both days inclusive (``end`` is the last
    day of the leave). With tolling on, every vest date on or after ``start`` moves out by the
    leave's length, ``(end - start).days + 1`` days."""

    start: _dt.date
    end: _dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise invalid(
                "leave",
                f"{self.start}:{self.end}",
                "an end date on or after the start date",
                EventError,
            )

    @property
    def date(self) -> _dt.date:
        return self.start

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Acceleration:
    """Unvested shares vest early on ``date``.

    Exactly one amount: ``shares``, ``percent`` (of the unvested time-based shares, a Fraction
    such as ``Fraction(1, 2)``) or ``months`` (the tranches due within that many months after
    the date). Single trigger: effective on ``date``. Double trigger: ``date`` is the change of
    control; it takes effect on a qualifying termination (reason in ``qualifying``) within
    ``window`` after it, on the termination date.
    """

    date: _dt.date
    shares: int | None = None
    percent: Fraction | None = None
    months: int | None = None
    trigger: Trigger = Trigger.SINGLE
    window: Period = Period.months(12)
    method: Method = Method.PRO_RATA
    qualifying: tuple[Reason, ...] = (Reason.INVOLUNTARY,)

    def __post_init__(self) -> None:
        given = [x for x in (self.shares, self.percent, self.months) if x is not None]
        if len(given) != 1:
            raise invalid(
                "acceleration",
                "; ".join(
                    f"{k}={v}"
                    for k, v in self.__dict__.items()
                    if k in ("shares", "percent", "months") and v is not None
                )
                or "no amount",
                "exactly one of shares, percent or months",
            )
        if self.shares is not None and (isinstance(self.shares, bool) or self.shares <= 0):
            raise invalid("acceleration.shares", self.shares, "a whole number of shares > 0")
        if self.percent is not None and not (0 < self.percent <= 1):
            raise invalid("acceleration.percent", self.percent, "a percent > 0 and <= 100%")
        if self.months is not None and self.months <= 0:
            raise invalid("acceleration.months", self.months, "a whole number of months > 0")


@dataclass(frozen=True)
class Exercise:
    """Options bought on ``date`` (``shares`` > 0)."""

    date: _dt.date
    shares: int

    def __post_init__(self) -> None:
        if isinstance(self.shares, bool) or not isinstance(self.shares, int) or self.shares <= 0:
            raise invalid("exercise.shares", self.shares, "a whole number of shares > 0")


@dataclass(frozen=True)
class NamedEvent:
    """Something that happened on ``date`` that terms may refer to by ``name``: a milestone,
    or the liquidity event that settles double-trigger RSUs (e.g. ``ipo``)."""

    name: str
    date: _dt.date

    def __post_init__(self) -> None:
        if not self.name or not self.name.strip():
            raise invalid("event.name", self.name, "a non-empty event name")


Event = Termination | Leave | Acceleration | Exercise | NamedEvent
