"""Provisions of the terms that life events set off (issue 21): acceleration by the reason
employment ended (:class:`AccelerateOn`) and the change-of-control double trigger with its tail
(:class:`ChangeOfControl`), each accelerating an :class:`Amount`.

They are terms, not events: an agreement states them before anything happens, and a
termination on a date must already know what it sets off (a tail keeps shares pending from the
termination on, before anyone knows whether a change of control will come). How
:mod:`vesting.events` applies them is :mod:`vesting.provisions`' business.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, fields
from fractions import Fraction

from ..dates import MAX_MONTHS, Period, add
from ..errors import TermsError, invalid, sub
from . import checks
from .events import Termination
from .kinds import Method, Reason

SHARES = "a whole number of shares > 0"
MONTHS = "a whole number of months > 0"


@dataclass(frozen=True)
class Amount:
    """How much a provision accelerates, as :class:`~vesting.Acceleration` takes it: exactly one
    of ``shares`` (capped at the unvested balance), ``percent`` of the unvested shares (a
    Fraction, rounded down to whole shares) or ``months`` (the tranches due within that many
    months); ``method`` says which tranches give up the shares (``months`` always takes the
    soonest)."""

    shares: int | None = None
    percent: Fraction | None = None
    months: int | None = None
    method: Method = Method.PRO_RATA

    def __post_init__(self) -> None:
        given = [x for x in (self.shares, self.percent, self.months) if x is not None]
        if len(given) != 1:
            raise invalid("amount", str(self) if given else "none", _ONE, TermsError)
        if self.shares is not None:
            checks.whole(self, "shares", ("amount", "shares"), TermsError, SHARES)
        if self.percent is not None:
            checks.portion(self, "percent", ("amount", "percent"), TermsError)
            if not 0 < self.percent <= 1:
                raise invalid(
                    ("amount", "percent"), self.percent, "a percent > 0 and <= 100%", TermsError
                )
        if self.months is not None:
            checks.whole(self, "months", ("amount", "months"), TermsError, MONTHS, MAX_MONTHS)
        checks.enum(self, "method", ("amount", "method"), Method, TermsError)

    def __str__(self) -> str:
        if self.percent is not None:
            p = self.percent * 100
            text = f"{p.numerator}%" if p.denominator == 1 else f"{self.percent}"
        elif self.months is not None:
            text = f"{self.months}m"
        else:
            text = str(self.shares)
        if self.method is not Method.PRO_RATA and self.months is None:
            text += f":{self.method.value}"
        return text


_ONE = "exactly one of shares, percent or months (100%, 12m or 1000)"


@dataclass(frozen=True)
class AccelerateOn:
    """What a termination for each reason accelerates on its date, before the rest is
    forfeited (``None``: nothing, the default for every reason) — "all options vest in full
    upon the holder's death" is ``AccelerateOn(death=Amount(percent=Fraction(1)))``."""

    voluntary: Amount | None = None
    involuntary: Amount | None = None
    cause: Amount | None = None
    death: Amount | None = None
    disability: Amount | None = None
    retirement: Amount | None = None
    good_reason: Amount | None = None

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None and type(value) is not Amount:
                raise invalid(sub("accelerate_on", f.name), value, "an Amount or None", TermsError)

    def for_reason(self, reason: Reason) -> Amount | None:
        amount: Amount | None = getattr(self, reason.value.replace("-", "_"))
        return amount

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))


@dataclass(frozen=True)
class ChangeOfControl:
    """The double trigger the terms state: ``amount`` of the unvested shares vests when the
    holder's employment ends for a ``qualifying`` reason around a change of control (the named
    event ``event``, recorded like any :class:`~vesting.NamedEvent`):

    * within ``window`` after it (the termination on the change of control's day or up to
      ``window`` later): on the termination date;
    * within ``window_before`` before it (the *tail*: the change of control no later than
      ``window_before`` after the termination): on the change of control's date. During the
      tail the shares it covers are pending, not forfeited; when the tail ends without a change
      of control they are forfeited on its last day.
    """

    amount: Amount
    window: Period = Period.months(12)
    window_before: Period = Period.months(0)
    qualifying: tuple[Reason, ...] = (Reason.INVOLUNTARY,)
    event: str = "change-of-control"

    def __post_init__(self) -> None:
        where = "change_of_control"
        if type(self.amount) is not Amount:
            raise invalid(sub(where, "amount"), self.amount, "an Amount", TermsError)
        for name in ("window", "window_before"):
            if type(getattr(self, name)) is not Period:
                raise invalid(sub(where, name), getattr(self, name), "a Period", TermsError)
        checks.text(self, "event", sub(where, "event"), TermsError, "event name")
        qualifying = self.qualifying
        if isinstance(qualifying, list):
            qualifying = tuple(qualifying)
        if not isinstance(qualifying, tuple) or not qualifying:
            raise invalid(
                sub(where, "qualifying"), qualifying, "a non-empty tuple of Reasons", TermsError
            )
        reasons: list[Reason] = []
        for reason in qualifying:
            if isinstance(reason, str) and not isinstance(reason, Reason):
                reason = Reason.parse(reason, sub(where, "qualifying"))
            if not isinstance(reason, Reason):
                raise invalid(sub(where, "qualifying"), reason, "Reasons", TermsError)
            if reason not in reasons:
                reasons.append(reason)
        self.__dict__["qualifying"] = tuple(reasons)

    def after(self, term: Termination, coc: _dt.date | None) -> bool:
        """``term`` qualifies within the window after the change of control on ``coc``."""
        return (
            coc is not None
            and term.reason in self.qualifying
            and coc <= term.date <= add(coc, self.window)
        )

    def tail_end(self, term: Termination) -> _dt.date | None:
        """The last day of the tail after ``term`` (``None``: no tail — no ``window_before``,
        or a reason that does not qualify)."""
        if self.window_before.is_zero() or term.reason not in self.qualifying:
            return None
        return add(term.date, self.window_before)

    def tail_vests(self, term: Termination, coc: _dt.date | None) -> _dt.date | None:
        """The change of control's date when it comes within the tail after ``term`` (after
        the termination, by the tail's last day): the day the shares the tail covers vest."""
        end = self.tail_end(term)
        if end is None or coc is None or not term.date < coc <= end:
            return None
        return coc
