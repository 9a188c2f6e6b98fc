"""Life-event records and the enums they use: what happened to a grant and when.

Each record validates itself when built (a record that exists describes something that could
happen); whether an event makes sense *for a grant* — its order, its date against the grant's —
is :mod:`vesting.events`' business.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

from ..dates import MAX_MONTHS, Period
from ..errors import EventError, invalid
from . import checks
from .kinds import Method, Reason, Trigger

SHARES = "a whole number of shares > 0"
MONTHS = "a whole number of months > 0"


@dataclass(frozen=True)
class Termination:
    """Employment ended on ``date``: vesting stops, unvested shares are forfeited."""

    date: _dt.date
    reason: Reason = Reason.VOLUNTARY

    def __post_init__(self) -> None:
        checks.date(self, "date", ("termination", "date"), EventError)
        checks.enum(self, "reason", ("termination", "reason"), Reason, EventError)


@dataclass(frozen=True)
class Leave:
    """A leave of absence from ``start`` to ``end``, both days inclusive (``end`` is the last
    day of the leave). With tolling on, every vest date on or after ``start`` moves out by the
    leave's length, ``(end - start).days + 1`` days."""

    start: _dt.date
    end: _dt.date

    def __post_init__(self) -> None:
        checks.date(self, "start", ("leave", "start"), EventError)
        checks.date(self, "end", ("leave", "end"), EventError)
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
        checks.date(self, "date", ("acceleration", "date"), EventError)
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
        if self.shares is not None:
            checks.whole(self, "shares", ("acceleration", "shares"), EventError, SHARES)
        if self.percent is not None:
            checks.portion(self, "percent", ("acceleration", "percent"), EventError)
            if not 0 < self.percent <= 1:
                raise invalid(
                    ("acceleration", "percent"), self.percent, "a percent > 0 and <= 100%"
                )
        if self.months is not None:
            checks.whole(self, "months", ("acceleration", "months"), EventError, MONTHS, MAX_MONTHS)
        checks.enum(self, "trigger", ("acceleration", "trigger"), Trigger, EventError)
        checks.enum(self, "method", ("acceleration", "method"), Method, EventError)
        if type(self.window) is not Period:
            raise invalid(("acceleration", "window"), self.window, "a Period", EventError)
        qualifying = self.qualifying
        if isinstance(qualifying, str) or not isinstance(qualifying, tuple | list):
            raise invalid(
                ("acceleration", "qualifying"), qualifying, "a tuple of Reasons", EventError
            )
        reasons = []
        for reason in qualifying:
            if isinstance(reason, Reason):
                reasons.append(reason)
            elif isinstance(reason, str):
                reasons.append(Reason.parse(reason, ("acceleration", "qualifying")))
            else:
                raise invalid(("acceleration", "qualifying"), reason, "Reasons", EventError)
        self.__dict__["qualifying"] = tuple(reasons)


@dataclass(frozen=True)
class Exercise:
    """Options bought on ``date`` (``shares`` > 0)."""

    date: _dt.date
    shares: int

    def __post_init__(self) -> None:
        checks.date(self, "date", ("exercise", "date"), EventError)
        checks.whole(self, "shares", ("exercise", "shares"), EventError, SHARES)


@dataclass(frozen=True)
class Cancellation:
    """The company cancelled ``shares`` of the grant on ``date`` (what a cap table records when
    shares are gone). See :mod:`vesting.events` for which shares a cancellation covers."""

    date: _dt.date
    shares: int

    def __post_init__(self) -> None:
        checks.date(self, "date", ("cancellation", "date"), EventError)
        checks.whole(self, "shares", ("cancellation", "shares"), EventError, SHARES)


@dataclass(frozen=True)
class NamedEvent:
    """Something that happened on ``date`` that terms may refer to by ``name``: a milestone,
    or the liquidity event that settles double-trigger RSUs (e.g. ``ipo``)."""

    name: str
    date: _dt.date

    def __post_init__(self) -> None:
        checks.text(self, "name", ("event", "name"), EventError, "event name")
        checks.date(self, "date", ("event", "date"), EventError)


MAX_RATIO: Final = 10**6
"""The largest number of new (or old) shares in a split ratio: 1-for-1,000,000 to
1,000,000-for-1."""
RATIO: Final = (
    f"a ratio of new shares for old, N-for-M with N and M whole numbers from 1 to {MAX_RATIO:,} "
    "(a Fraction such as Fraction(1, 20) for 1-for-20)"
)


def ratio_text(ratio: Fraction) -> str:
    """A split ratio as ``N-for-M`` (``Fraction(1, 20)`` → ``1-for-20``)."""
    return f"{ratio.numerator}-for-{ratio.denominator}"


@dataclass(frozen=True)
class StockSplit:
    """The company split its stock on ``date``: ``ratio`` new shares for every old share
    (``Fraction(1, 20)``: a 1-for-20 reverse split; ``Fraction(2)``: 2-for-1). From the split
    date on, the grant's quantities are in post-split shares (see :mod:`vesting.inforce`)."""

    date: _dt.date
    ratio: Fraction

    def __post_init__(self) -> None:
        checks.date(self, "date", ("split", "date"), EventError)
        value = self.ratio
        if isinstance(value, int) and not isinstance(value, bool):
            value = self.__dict__["ratio"] = Fraction(value)
        if (
            type(value) is not Fraction
            or value <= 0
            or value.numerator > MAX_RATIO
            or value.denominator > MAX_RATIO
        ):
            shown = ratio_text(value) if type(value) is Fraction and value > 0 else value
            raise invalid(("split", "ratio"), shown, RATIO, EventError)

    @property
    def text(self) -> str:
        """The ratio as ``N-for-M``."""
        return ratio_text(self.ratio)


Event = Termination | Leave | Acceleration | Exercise | Cancellation | NamedEvent | StockSplit
