"""The grant: one equity award, its kind, and the tranches a schedule is made of."""

from __future__ import annotations

import contextlib
import datetime as _dt
from dataclasses import MISSING as MISSING_FIELD
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import Any, Final, NamedTuple

from ..allocation import Shares
from ..dates import MAX_DATE, MIN_DATE, Period, add, check_date
from ..errors import ArgumentError, Field, Problem, TermsError, VestingError, at_grant, sub
from ..money import AMOUNT, is_amount
from . import checks
from .attributes import NONE, OWN, Attributes, problems_of
from .events import (
    Acceleration,
    Cancellation,
    Event,
    Exercise,
    Leave,
    Modification,
    NamedEvent,
    StockSplit,
    Termination,
)
from .kinds import Kind
from .pricing import Pricing
from .terms import VestingTerms

EVENT_TYPES: Final = (
    Termination,
    Leave,
    Acceleration,
    Exercise,
    Cancellation,
    NamedEvent,
    StockSplit,
    Modification,
)


DEFAULT_OPTION_TERM = Period.months(120)
"""Options expire 10 years after grant unless the grant says otherwise."""
DEFAULT_RSU_LAPSE = Period.months(84)
"""Double-trigger RSUs (terms with ``settle_on``) lapse 7 years after grant unless the grant
says otherwise; other RSUs have no expiration unless given one."""


@dataclass(frozen=True)
class Grant:
    """One equity award.

    ``vesting_start`` defaults to ``grant_date``. Options (ISO, NSO) carry an
    ``exercise_price`` (may be omitted when no valuation is asked for) and an
    ``expiration`` date, by default ``grant_date`` + 10 years. RSUs have no exercise price; they
    may have an expiration — by default ``grant_date`` + 7 years for double-trigger RSUs
    (terms with ``settle_on``), none for the others. Nothing vests after the expiration.
    ``events`` are the life events recorded for this grant (see :mod:`vesting.events`).
    ``pricing``: its grant-date fair value or the inputs to estimate it (accounting, tax).
    ``attributes``: facts of its own no calculation uses (a department), read-only text
    (:class:`~vesting.model.attributes.Attributes`; a ``dict`` given is made one).
    """

    id: str
    kind: Kind
    shares: int
    grant_date: _dt.date
    terms: VestingTerms = field(default_factory=VestingTerms.standard)
    vesting_start: _dt.date | None = None
    exercise_price: Decimal | None = None
    expiration: _dt.date | None = None
    holder: str | None = None
    events: tuple[Event, ...] = ()
    pricing: Pricing | None = None
    attributes: Attributes = NONE

    def __post_init__(self) -> None:
        state = self.__dict__  # a frozen dataclass: defaults are filled in here, once
        if state["vesting_start"] is None:
            state["vesting_start"] = state["grant_date"]
        if type(state["kind"]) is not Kind and isinstance(state["kind"], str):
            with contextlib.suppress(VestingError):  # not a kind: problems() says so
                state["kind"] = Kind.parse(state["kind"])
        if type(state["exercise_price"]) is int:
            state["exercise_price"] = Decimal(state["exercise_price"])
        if type(state["events"]) is list:
            state["events"] = tuple(state["events"])
        if type(state["attributes"]) is dict:
            with contextlib.suppress(VestingError):  # bad names or values: problems() says so
                state["attributes"] = Attributes(state["attributes"])
        extra: list[Problem] = []
        granted = state["grant_date"]
        default = self._default_term()
        if (
            state["expiration"] is None
            and default is not None
            and isinstance(granted, _dt.date)
            and MIN_DATE <= granted <= MAX_DATE
        ):
            # Only a grant date in range gets the default term; an out-of-range one is reported
            # below under its own name rather than as an overflow of the computed expiration.
            try:
                state["expiration"] = add(granted, default)
            except TermsError:
                years = default.count // 12
                extra.append(
                    Problem(
                        "expiration",
                        f"{granted} + {years} years",
                        f"an explicit expiration on or before {MAX_DATE} (the default, {years} "
                        "years after the grant date, is past it)",
                    )
                )
        if extra or not self._plainly_valid():
            problems = extra + self.problems()
            if problems:
                raise TermsError([p.at(at_grant(self.id)) if self.id else p for p in problems])

    def _default_term(self) -> Period | None:
        """How long after the grant it expires when the grant does not say (module doc)."""
        if not isinstance(self.kind, Kind):
            return None
        if self.kind.is_option:
            return DEFAULT_OPTION_TERM
        terms = self.__dict__["terms"]
        if isinstance(terms, VestingTerms) and terms.settle_on is not None:
            return DEFAULT_RSU_LAPSE
        return None

    def _plainly_valid(self) -> bool:
        """A quick test that is true only when :meth:`problems` would find nothing — for the
        common grant; anything unusual takes the full check."""
        s = self.__dict__
        gid, kind, shares, terms = s["id"], s["kind"], s["shares"], s["terms"]
        granted, start, expires = s["grant_date"], s["vesting_start"], s["expiration"]
        holder = s["holder"]
        if (
            type(gid) is not str
            or not gid.strip()
            or len(gid) > checks.MAX_TEXT
            or (holder is not None and (type(holder) is not str or len(holder) > checks.MAX_TEXT))
            or type(shares) is not int
            or not 0 < shares <= checks.MAX_SHARES
            or type(terms) is not VestingTerms
            or s["events"]
            or s.get("pricing") is not None
            or type(s.get("attributes", NONE)) is not Attributes
            or type(granted) is not _dt.date
            or type(start) is not _dt.date
            or not MIN_DATE <= granted <= MAX_DATE
            or not MIN_DATE <= start <= MAX_DATE
        ):
            return False
        if kind is Kind.RSU:
            return (
                s["exercise_price"] is None
                and (
                    expires is None
                    or (
                        type(expires) is _dt.date
                        and granted < expires <= MAX_DATE
                        and start < expires
                    )
                )
                and not terms.early_exercise
            )
        price = s["exercise_price"]
        return (
            (kind is Kind.NSO or kind is Kind.ISO)
            and type(expires) is _dt.date
            and granted < expires <= MAX_DATE
            and start < expires
            and (price is None or is_amount(price))
            and terms.settle_on is None
        )

    @classmethod
    def make(cls, **values: Any) -> Grant:
        """``Grant(**values)`` for readers that build many: the same record and the same
        checks (``__post_init__``), without the generated ``__init__``'s per-field
        ``object.__setattr__`` — about twice as fast. Fields not given take their defaults."""
        self = object.__new__(cls)
        state = self.__dict__
        state.update(_DEFAULTS)
        state.update(values)
        if state["terms"] is None:
            state["terms"] = VestingTerms.standard()
        self.__post_init__()
        return self

    def value_of(self, name: str) -> str | None:
        """The grant's value named ``name``, as text: one of its own fields in
        :data:`~vesting.model.attributes.OWN` (``id``, ``holder``, ``kind`` as ``NSO``,
        ``shares``, the dates as ``YYYY-MM-DD``, ``exercise_price`` as written), else its
        attribute ``name``; ``None`` when it has neither. What an extra output column shows
        and what grouping groups by: the one lookup of a grant's values by name."""
        if name in _OWN:
            value = self.__dict__[name]
            if value is None:
                return None
            if isinstance(value, Kind):
                return value.value
            if isinstance(value, _dt.date):
                return value.isoformat()
            return str(value)
        return self.attributes.get(name)

    @property
    def start(self) -> _dt.date:
        """The vesting start date (``vesting_start``, defaulted to the grant date)."""
        assert self.vesting_start is not None
        return self.vesting_start

    def with_events(self, *events: Event) -> Grant:
        """A copy of this grant with ``events`` recorded after its own (what-if questions)."""
        return replace(self, events=(*self.events, *events))

    def problems(self) -> list[Problem]:
        out: list[Problem] = []

        def bad(fld: Field, value: object, allowed: str) -> None:
            out.append(Problem(fld, value, allowed))

        if not isinstance(self.id, str) or not self.id.strip() or len(self.id) > checks.MAX_TEXT:
            bad("id", self.id, f"a non-empty grant id of at most {checks.MAX_TEXT} characters")
        if not isinstance(self.kind, Kind):
            bad("kind", self.kind, "ISO, NSO or RSU (a Kind or its value)")
        if type(self.terms) is not VestingTerms:
            bad("terms", self.terms, "a VestingTerms, such as VestingTerms.standard()")
        if self.pricing is not None and type(self.pricing) is not Pricing:
            bad("pricing", self.pricing, "a Pricing, or None")
        if self.holder is not None and (
            not isinstance(self.holder, str) or len(self.holder) > checks.MAX_TEXT
        ):
            bad("holder", self.holder, f"text of at most {checks.MAX_TEXT} characters, or None")
        attributes = self.attributes
        if type(attributes) is not Attributes:
            if isinstance(attributes, dict):
                out.extend(problems_of(attributes))
            else:
                bad("attributes", attributes, "an Attributes, or a dict of name → text")
        try:
            checks.items(self, "events", "events", EVENT_TYPES, TermsError)
        except VestingError as e:
            out.extend(e.problems)
        if type(self.shares) is not int or not 0 < self.shares <= checks.MAX_SHARES:
            bad("shares", self.shares, "a whole number of shares > 0 (at most 18 digits)")
        for name in ("grant_date", "vesting_start", "expiration"):
            value = getattr(self, name)
            if value is None and name != "grant_date":
                continue
            if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
                bad(name, value, "a date (YYYY-MM-DD)")
                continue
            try:
                check_date(name, value)
            except TermsError as e:
                out.extend(e.problems)
        if out:
            return out
        if self.kind is Kind.RSU:
            if self.exercise_price is not None:
                bad("exercise_price", self.exercise_price, "no exercise price on an RSU (omit it)")
            if self.terms.early_exercise:
                bad("early_exercise", True, "only on options")
        else:
            price = self.exercise_price
            if price is not None and not is_amount(price):
                bad("exercise_price", price, AMOUNT)
            if self.terms.settle_on is not None:
                bad("settle_on", self.terms.settle_on, "only on RSUs (double-trigger settlement)")
        if self.expiration is not None and self.expiration <= self.grant_date:
            bad(
                "expiration",
                self.expiration.isoformat(),
                f"a date after the grant date {self.grant_date}",
            )
        elif (
            self.vesting_start is not None
            and self.expiration is not None
            and self.vesting_start >= self.expiration
        ):
            bad("vesting_start", self.vesting_start.isoformat(), "a date before the expiration")
        start = self.vesting_start
        for m in self.terms.milestones:
            if isinstance(m.deadline, _dt.date) and start is not None and m.deadline < start:
                bad(
                    sub(f"milestone '{m.name}'", "deadline"),
                    m.deadline.isoformat(),
                    f"a date on or after the vesting start {start}",
                )
        return out


_DEFAULTS: Final[dict[str, Any]] = {
    f.name: (None if f.default is MISSING_FIELD else f.default) for f in fields(Grant)
}
"""What :meth:`Grant.make` fills in for a field not given (``terms``: the standard terms)."""


_OWN: Final = frozenset(OWN)


def require_grant(grant: object, function: str) -> None:
    """A public function's ``grant`` argument must be a :class:`Grant` (else an
    :class:`~vesting.errors.ArgumentError` naming the function)."""
    if type(grant) is not Grant:
        allowed = f"a vesting.Grant for {function}() (not {checks.article(type(grant).__name__)})"
        raise ArgumentError([Problem("grant", type(grant).__name__, allowed)])


class Tranche(NamedTuple):
    """Shares that vest on one date; ``cumulative`` is the total vested through that date.

    A named tuple (schedules hold many, and building one must be cheap)."""

    date: _dt.date
    shares: Shares
    cumulative: Shares
