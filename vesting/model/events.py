"""Life-event records and the enums they use: what happened to a grant and when.

Each record validates itself when built (a record that exists describes something that could
happen); whether an event makes sense *for a grant* — its order, its date against the grant's —
is :mod:`vesting.events`' business.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final

from ..dates import MAX_MONTHS, Period
from ..errors import EventError, VestingError, invalid, sub
from ..money import AMOUNT, is_amount
from . import checks
from .kinds import Method, Reason, Trigger
from .pricing import Pricing

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


@dataclass(frozen=True)
class Modification:
    """The grant's terms changed on ``date`` (ASC 718: a modification), from that date on:

    * ``exercise_price`` — a repricing: the new price per share (in the shares of its date);
    * ``expiration`` — a new contractual expiration (an extension), after ``date``;
    * ``exercise_windows`` — new post-termination exercise windows, by reason (reasons not
      given keep theirs), e.g. ``{"voluntary": Period.months(12)}``;
    * ``accelerate`` — unvested shares that vest on ``date`` (an acceleration agreed on a
      separation): a single-trigger :class:`Acceleration` dated ``date``.

    At least one of them. ``inputs`` are the modification date's valuation inputs (ASC
    718-20-35-3: ``price``, ``volatility``, ``risk_free_rate``, ``dividend_yield``,
    ``expected_term`` — years or ``sab107``; or ``fair_value``, the modified award's per share,
    given); ``expected_term_before`` the original award's expected term when it differs, and
    ``fair_value_before`` its fair value per share, given. See :mod:`vesting.inforce` and
    :mod:`vesting.accounting.modification`.
    """

    date: _dt.date
    exercise_price: Decimal | None = None
    expiration: _dt.date | None = None
    exercise_windows: tuple[tuple[Reason, Period], ...] = ()
    accelerate: Acceleration | None = None
    inputs: Pricing | None = None
    expected_term_before: Decimal | str | None = None
    fair_value_before: Decimal | None = None
    """The original award's fair value per share immediately before, given (with
    ``inputs.fair_value``, the modified award's: no model)."""

    def __post_init__(self) -> None:
        checks.date(self, "date", ("modification", "date"), EventError)
        before = self.fair_value_before
        if before is not None and not is_amount(before):
            raise invalid(("modification", "fair_value_before"), before, AMOUNT, EventError)
        price = self.exercise_price
        if isinstance(price, int) and not isinstance(price, bool):
            price = self.__dict__["exercise_price"] = Decimal(price)
        if price is not None and not is_amount(price):
            raise invalid(("modification", "exercise_price"), price, AMOUNT, EventError)
        if self.expiration is not None:
            checks.date(self, "expiration", ("modification", "expiration"), EventError)
            if self.expiration <= self.date:
                raise invalid(
                    ("modification", "expiration"),
                    self.expiration.isoformat(),
                    f"a date after the modification's date {self.date}",
                    EventError,
                )
        self.__dict__["exercise_windows"] = _windows(self.exercise_windows)
        acc = self.accelerate
        if acc is not None:
            if type(acc) is not Acceleration:
                raise invalid(("modification", "accelerate"), acc, "an Acceleration", EventError)
            if acc.date != self.date or acc.trigger is not Trigger.SINGLE:
                raise invalid(
                    ("modification", "accelerate"),
                    f"{acc.trigger.value}-trigger on {acc.date}",
                    f"a single-trigger acceleration dated {self.date}, the modification's date",
                    EventError,
                )
        if price is None and self.expiration is None and not self.exercise_windows and acc is None:
            raise invalid(
                "modification",
                "no change",
                "at least one of exercise_price, expiration, exercise_windows or accelerate",
                EventError,
            )
        if self.inputs is not None and type(self.inputs) is not Pricing:
            raise invalid(("modification", "inputs"), self.inputs, "a Pricing", EventError)
        if self.expected_term_before is not None:
            try:
                Pricing(expected_term=self.expected_term_before)
            except VestingError as e:
                raise invalid(
                    ("modification", "expected_term_before"),
                    self.expected_term_before,
                    e.problems[0].allowed,
                    EventError,
                ) from None

    @classmethod
    def repricing(cls, date: _dt.date, exercise_price: Decimal, **more: object) -> Modification:
        """A modification of the exercise price alone (and its valuation inputs)."""
        return cls(date, exercise_price=exercise_price, **more)  # type: ignore[arg-type]

    @property
    def is_repricing(self) -> bool:
        return self.exercise_price is not None

    @property
    def kind(self) -> str:
        """``repricing`` when the exercise price is all it changes, else ``modification``."""
        only = self.expiration is None and not self.exercise_windows and self.accelerate is None
        return "repricing" if self.is_repricing and only else "modification"


def _windows(value: object) -> tuple[tuple[Reason, Period], ...]:
    """Exercise windows by reason: a mapping or pairs of (reason or its value, Period)."""
    items: list[object]
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, tuple | list):
        items = list(value)
    else:
        raise invalid(("modification", "exercise_windows"), value, "windows by reason", EventError)
    out: dict[Reason, Period] = {}
    for pair in items:
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise invalid(("modification", "exercise_windows"), pair, "(reason, Period) pairs")
        reason, period = pair
        why = reason if isinstance(reason, Reason) else Reason.parse(str(reason))
        if type(period) is not Period:
            raise invalid(sub("exercise_windows", why.value), period, "a Period", EventError)
        out[why] = period
    return tuple(sorted(out.items(), key=lambda kv: list(Reason).index(kv[0])))


Event = (
    Termination
    | Leave
    | Acceleration
    | Exercise
    | Cancellation
    | NamedEvent
    | StockSplit
    | Modification
)
