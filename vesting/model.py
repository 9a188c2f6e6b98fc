"""The data model: grants, vesting terms, tranches and life events, as immutable records.

Every record here is a frozen dataclass that validates itself when built: a record that exists
describes something real. Quantities are exact — shares ``int`` (``Fraction`` only under
``FRACTIONAL`` allocation), portions :class:`~fractions.Fraction`, money
:class:`~decimal.Decimal`. Nothing here computes a schedule (see :mod:`vesting.schedule`) or
applies an event (see :mod:`vesting.events`).
"""

from __future__ import annotations

import datetime as _dt
import itertools
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import NamedTuple

from .allocation import Allocation, Shares
from .dates import MAX_DATE, MIN_DATE, DayOfMonth, Period, Unit, add, check_date
from .errors import EventError, Problem, TermsError, invalid

# --------------------------------------------------------------------------------------- enums


class Kind(StrEnum):
    """What was granted: an incentive or non-qualified stock option, or restricted stock units."""

    ISO = "ISO"
    NSO = "NSO"
    RSU = "RSU"

    @property
    def is_option(self) -> bool:
        return self is not Kind.RSU

    @classmethod
    def parse(cls, text: str, field: str = "kind") -> Kind:
        try:
            return cls(str(text).strip().upper())
        except ValueError:
            raise invalid(field, text, "expected ISO, NSO or RSU") from None


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


# ------------------------------------------------------------------------------ vesting terms


def _portion(fld: str, value: Fraction, *, allow_zero: bool = True) -> None:
    if not isinstance(value, Fraction):
        raise invalid(fld, value, "an exact fraction (fractions.Fraction)")
    if value < 0 or value > 1 or (value == 0 and not allow_zero):
        low = ">= 0" if allow_zero else "> 0"
        raise invalid(fld, value, f"a portion {low} and <= 1")


@dataclass(frozen=True)
class GradedStep:
    """One custom tranche: ``portion`` of the grant vests at ``offset`` after the vesting start."""

    offset: Period
    portion: Fraction

    def __post_init__(self) -> None:
        _portion("graded.portion", self.portion, allow_zero=False)


@dataclass(frozen=True)
class EventCondition:
    """An event-gated portion: ``portion`` of the grant vests on the date the named event happens.

    Until then it is *pending* (part of the unvested shares). ``deadline`` — an absolute date,
    or a period after the vesting start — forfeits it if the event has not happened by then.
    """

    name: str
    portion: Fraction
    deadline: _dt.date | Period | None = None

    def __post_init__(self) -> None:
        if not self.name or not self.name.strip():
            raise invalid("milestone.name", self.name, "a non-empty event name")
        _portion(f"milestone '{self.name}'.portion", self.portion, allow_zero=False)


@dataclass(frozen=True)
class ExerciseWindows:
    """How long vested options stay exercisable after termination, by reason.

    Defaults: 3 calendar months; none (0) for cause; 12 months for death and disability;
    3 months for retirement. Options expire at the earlier of the window's end and the
    grant's contractual expiration.
    """

    voluntary: Period = Period.months(3)
    involuntary: Period = Period.months(3)
    cause: Period = Period.months(0)
    death: Period = Period.months(12)
    disability: Period = Period.months(12)
    retirement: Period = Period.months(3)

    def for_reason(self, reason: Reason) -> Period:
        window: Period = getattr(self, reason.value)
        return window


@dataclass(frozen=True)
class VestingTerms:
    """How a grant vests. Two shapes:

    *Periodic grid* (``graded`` empty): installments every ``every`` (N months or N days) over
    ``length`` from the vesting start; ``length`` must be a whole number of ``every``. An
    optional ``cliff``: nothing vests before it, and the cliff tranche is everything the grid
    accrued up to it — unless ``cliff_portion`` is given, in which case exactly that portion vests
    at the cliff and the rest is spread evenly over the installments after it (e.g. 30% at one
    year, then 70% monthly over 36 months). ``immediate`` is a portion vested on the start date
    itself; the grid shares what is left.

    *Graded* (``graded`` non-empty): explicit ``(offset, portion)`` tranches, portions summing to
    exactly 1 — e.g. 5/15/40/40 annually. ``length``, ``every``, ``cliff``, ``cliff_portion`` and
    ``immediate`` are not used with it.

    ``milestones`` gate a portion of the grant on named events (see :class:`EventCondition`); the
    time-based shape above then covers the rest of the grant.

    The remaining fields are the settings life events use (see :mod:`vesting.events`).
    """

    length: Period = Period.months(48)
    every: Period = Period.months(1)
    cliff: Period | None = None
    cliff_portion: Fraction | None = None
    immediate: Fraction = Fraction(0)
    graded: tuple[GradedStep, ...] = ()
    milestones: tuple[EventCondition, ...] = ()
    day_of_month: DayOfMonth = DayOfMonth.START
    allocation: Allocation = Allocation.CUMULATIVE_ROUND_DOWN
    # --- life-event settings
    vest_on_termination_date: bool = True
    exercise_windows: ExerciseWindows = field(default_factory=ExerciseWindows)
    toll_leaves: bool = True
    early_exercise: bool = False
    settle_on: str | None = None
    """Double-trigger RSUs: the name of the liquidity event (e.g. ``"ipo"``) that settles them."""

    def __post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise TermsError(problems)

    def __hash__(self) -> int:
        # Terms are dictionary keys on the hot path (the engine's caches): hash once.
        cached: int | None = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(tuple(getattr(self, f.name) for f in fields(self)))
            self.__dict__["_hash"] = cached
        return cached

    def __getstate__(self) -> dict[str, object]:
        return _fields_only(self.__dict__)

    @classmethod
    def standard(cls, **overrides: object) -> VestingTerms:
        """Four years, a one-year cliff, monthly: the common option schedule."""
        base: dict[str, object] = {
            "length": Period.months(48),
            "every": Period.months(1),
            "cliff": Period.months(12),
        }
        base.update(overrides)
        return cls(**base)  # type: ignore[arg-type]

    @property
    def is_graded(self) -> bool:
        return bool(self.graded)

    @property
    def time_portion(self) -> Fraction:
        """The portion of the grant that vests with time (1 minus the event-gated portions)."""
        return 1 - sum((m.portion for m in self.milestones), Fraction(0))

    def problems(self) -> list[Problem]:
        """Every reason these terms are invalid (empty when they are valid)."""
        out: list[Problem] = []

        def bad(fld: str, value: object, allowed: str) -> None:
            out.append(Problem(fld, value, allowed))

        if not isinstance(self.allocation, Allocation):
            bad("allocation", self.allocation, "an Allocation")
        if not isinstance(self.day_of_month, DayOfMonth):
            bad("day_of_month", self.day_of_month, "a DayOfMonth")
        if not isinstance(self.immediate, Fraction) or not 0 <= self.immediate <= 1:
            bad("immediate", self.immediate, "a portion from 0 to 1 (a Fraction)")
        names = [m.name for m in self.milestones]
        if len(set(names)) != len(names):
            bad("milestones", ", ".join(names), "distinct event names")
        if self.milestones and not self.time_portion >= 0:
            bad("milestones", sum(m.portion for m in self.milestones), "portions summing to <= 1")
        if self.graded:
            total = sum((s.portion for s in self.graded), Fraction(0))
            if total != 1:
                bad("graded", f"portions summing to {total}", "portions summing to exactly 1")
            days = [_approx_days(s.offset) for s in self.graded]
            units = {s.offset.unit for s in self.graded}
            if len(units) > 1:
                bad("graded", "offsets in months and days", "offsets all in months or all in days")
            elif any(b <= a for a, b in itertools.pairwise(days)):
                bad("graded", [str(s.offset) for s in self.graded], "strictly increasing offsets")
            for name in ("cliff", "cliff_portion"):
                if getattr(self, name) is not None:
                    bad(name, str(getattr(self, name)), "not used with graded tranches (omit it)")
            if self.immediate:
                bad("immediate", self.immediate, "not used with graded tranches (use offset 0)")
            return out
        if self.every.count <= 0:
            bad("every", str(self.every), "a cadence of at least 1 month or 1 day")
        if self.length.count <= 0:
            bad("length", str(self.length), "a schedule length of at least 1 month or 1 day")
        if out:
            return out
        if self.length.unit is not self.every.unit:
            bad(
                "length",
                str(self.length),
                f"a length in the cadence's unit ({self.every.unit.value})",
            )
        elif self.length.count % self.every.count:
            bad(
                "length",
                str(self.length),
                f"a whole number of the cadence ({self.every}): e.g. "
                f"{self.length.count // self.every.count * self.every.count or self.every.count}",
            )
        if self.immediate == 1:
            bad("immediate", self.immediate, "less than 1 (use graded [[0, 1]] for 100% at once)")
        if self.cliff is not None:
            if self.cliff.count <= 0:
                bad("cliff", str(self.cliff), "a cliff of at least 1 month or day, or no cliff")
            elif _approx_days(self.cliff) > _approx_days(self.length) or (
                self.cliff.unit is self.length.unit and self.cliff.count > self.length.count
            ):
                bad(
                    "cliff", str(self.cliff), f"a cliff no longer than the schedule ({self.length})"
                )
        if self.cliff_portion is not None:
            if self.cliff is None:
                bad("cliff_portion", self.cliff_portion, "only with a cliff (set cliff too)")
            elif not isinstance(self.cliff_portion, Fraction) or not (
                0 < self.cliff_portion <= 1 - self.immediate
            ):
                bad(
                    "cliff_portion",
                    self.cliff_portion,
                    f"a portion > 0 and <= {1 - self.immediate} (1 minus immediate)",
                )
            elif (
                self.cliff.unit is self.length.unit
                and self.cliff.count == self.length.count
                and self.cliff_portion != 1 - self.immediate
            ):
                bad(
                    "cliff_portion",
                    self.cliff_portion,
                    f"exactly {1 - self.immediate}: the cliff is the end of the schedule",
                )
        return out


def _fields_only(state: dict[str, object]) -> dict[str, object]:
    """What to pickle: the fields, not the per-process caches kept beside them (``_hash`` —
    string hashes differ between processes — and the engine's ``_engine``/``_schedule``)."""
    return {k: v for k, v in state.items() if not k.startswith("_")}


def _approx_days(p: Period) -> int:
    """A rough length used only to order periods of different units (a month ≈ 30.44 days)."""
    return p.count * 3044 // 100 if p.unit is Unit.MONTHS else p.count


# --------------------------------------------------------------------------------------- grant

DEFAULT_OPTION_TERM = Period.months(120)
"""Options expire 10 years after grant unless the grant says otherwise."""


@dataclass(frozen=True)
class Grant:
    """One equity award.

    ``vesting_start`` defaults to ``grant_date``. Options (ISO, NSO) carry an
    ``exercise_price`` (may be omitted when no valuation is asked for) and an
    ``expiration`` date, by default ``grant_date`` + 10 years. RSUs have neither.
    ``events`` are the life events recorded for this grant (see :mod:`vesting.events`).
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

    def __post_init__(self) -> None:
        state = self.__dict__  # a frozen dataclass: defaults are filled in here, once
        if state["vesting_start"] is None:
            state["vesting_start"] = state["grant_date"]
        extra: list[Problem] = []
        granted = state["grant_date"]
        if (
            state["expiration"] is None
            and isinstance(self.kind, Kind)
            and self.kind.is_option
            and isinstance(granted, _dt.date)
            and MIN_DATE <= granted <= MAX_DATE
        ):
            # Only a grant date in range gets the default term; an out-of-range one is reported
            # below under its own name rather than as an overflow of the computed expiration.
            try:
                state["expiration"] = add(granted, DEFAULT_OPTION_TERM)
            except TermsError:
                extra.append(
                    Problem(
                        "expiration",
                        f"{granted} + 10 years",
                        f"an explicit expiration on or before {MAX_DATE} (the default, 10 "
                        "years after the grant date, is past it)",
                    )
                )
        if extra or not self._plainly_valid():
            problems = extra + self.problems()
            if problems:
                raise TermsError([p.at(f"grant '{self.id}'") if self.id else p for p in problems])

    def _plainly_valid(self) -> bool:
        """A quick test that is true only when :meth:`problems` would find nothing — for the
        common grant; anything unusual takes the full check."""
        s = self.__dict__
        gid, kind, shares, terms = s["id"], s["kind"], s["shares"], s["terms"]
        granted, start, expires = s["grant_date"], s["vesting_start"], s["expiration"]
        if (
            type(gid) is not str
            or not gid.strip()
            or type(shares) is not int
            or shares <= 0
            or type(terms) is not VestingTerms
            or s["events"]
            or type(granted) is not _dt.date
            or type(start) is not _dt.date
            or not MIN_DATE <= granted <= MAX_DATE
            or not MIN_DATE <= start <= MAX_DATE
        ):
            return False
        if kind is Kind.RSU:
            return s["exercise_price"] is None and expires is None and not terms.early_exercise
        price = s["exercise_price"]
        return (
            (kind is Kind.NSO or kind is Kind.ISO)
            and type(expires) is _dt.date
            and granted < expires <= MAX_DATE
            and start < expires
            and (price is None or (type(price) is Decimal and price.is_finite() and price >= 0))
            and terms.settle_on is None
        )

    @classmethod
    def make(
        cls,
        id: str,
        kind: Kind,
        shares: int,
        grant_date: _dt.date,
        terms: VestingTerms,
        vesting_start: _dt.date | None = None,
        exercise_price: Decimal | None = None,
        expiration: _dt.date | None = None,
        holder: str | None = None,
        events: tuple[Event, ...] = (),
    ) -> Grant:
        """``Grant(...)`` for readers that build many: the same record and the same checks
        (``__post_init__``), without the generated ``__init__``'s per-field
        ``object.__setattr__`` — about twice as fast."""
        self = object.__new__(cls)
        self.__dict__.update(
            id=id,
            kind=kind,
            shares=shares,
            grant_date=grant_date,
            terms=terms,
            vesting_start=vesting_start,
            exercise_price=exercise_price,
            expiration=expiration,
            holder=holder,
            events=events,
        )
        self.__post_init__()
        return self

    @property
    def start(self) -> _dt.date:
        """The vesting start date (``vesting_start``, defaulted to the grant date)."""
        assert self.vesting_start is not None
        return self.vesting_start

    def __getstate__(self) -> dict[str, object]:
        return _fields_only(self.__dict__)

    def with_events(self, *events: Event) -> Grant:
        """A copy of this grant with ``events`` recorded after its own (what-if questions)."""
        return replace(self, events=(*self.events, *events))

    def problems(self) -> list[Problem]:
        out: list[Problem] = []

        def bad(fld: str, value: object, allowed: str) -> None:
            out.append(Problem(fld, value, allowed))

        if not isinstance(self.id, str) or not self.id.strip():
            bad("id", self.id, "a non-empty grant id")
        if not isinstance(self.kind, Kind):
            bad("kind", self.kind, "ISO, NSO or RSU")
        if isinstance(self.shares, bool) or not isinstance(self.shares, int) or self.shares <= 0:
            bad("shares", self.shares, "a whole number of shares > 0")
        for name in ("grant_date", "vesting_start", "expiration"):
            value = getattr(self, name)
            if value is None:
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
            if self.expiration is not None:
                bad("expiration", self.expiration.isoformat(), "no expiration on an RSU (omit it)")
            if self.terms.early_exercise:
                bad("early_exercise", True, "only on options")
        else:
            price = self.exercise_price
            if price is not None and (
                not isinstance(price, Decimal) or not price.is_finite() or price < 0
            ):
                bad("exercise_price", price, "an amount >= 0 (a Decimal)")
            if self.expiration is not None and self.expiration <= self.grant_date:
                bad(
                    "expiration",
                    self.expiration.isoformat(),
                    f"a date after the grant date {self.grant_date}",
                )
            if self.terms.settle_on is not None:
                bad("settle_on", self.terms.settle_on, "only on RSUs (double-trigger settlement)")
        if (
            self.vesting_start is not None
            and self.kind.is_option
            and self.expiration is not None
            and self.vesting_start >= self.expiration
        ):
            bad("vesting_start", self.vesting_start.isoformat(), "a date before the expiration")
        return out


# -------------------------------------------------------------------------------------- events


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


# ------------------------------------------------------------------------------------- results


class Tranche(NamedTuple):
    """Shares that vest on one date; ``cumulative`` is the total vested through that date.

    A named tuple (schedules hold many, and building one must be cheap)."""

    date: _dt.date
    shares: Shares
    cumulative: Shares
