"""Vesting terms: how a grant vests (the shape of its schedule and the settings life events
use), as immutable records that validate themselves once."""

from __future__ import annotations

import datetime as _dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from fractions import Fraction
from typing import Any, Final

from ..allocation import Allocation
from ..dates import MAX_DAYS, DayOfMonth, Period, Unit
from ..errors import Field, Problem, TermsError, VestingError, invalid, sub
from . import checks
from .conditions import Condition, graph_problems
from .kinds import Calendar, LeaveTolling, Reason, SplitRounding
from .provisions import AccelerateOn, ChangeOfControl

PERIOD: Final = "a Period, such as Period.months(48) or Period.days(365)"


def _portion(record: object, name: str, fld: Field, *, allow_zero: bool = True) -> None:
    checks.portion(record, name, fld, TermsError)
    value = getattr(record, name)
    if value < 0 or value > 1 or (value == 0 and not allow_zero):
        low = ">= 0" if allow_zero else "> 0"
        raise invalid(fld, value, f"a portion {low} and <= 1")


MAX_INSTALLMENTS: Final = 5000
"""The most installments a periodic schedule has (daily vesting for over 13 years): every
computation on a schedule, life events included, stays bounded."""


@dataclass(frozen=True)
class GradedStep:
    """One custom tranche: ``portion`` of the grant vests at ``offset`` after the vesting start."""

    offset: Period
    portion: Fraction

    def __post_init__(self) -> None:
        if type(self.offset) is not Period:
            raise invalid(("graded", "offset"), self.offset, "a Period, such as Period.months(12)")
        _portion(self, "portion", ("graded", "portion"), allow_zero=False)


@dataclass(frozen=True)
class EventCondition:
    """An event-gated portion: ``portion`` of the grant vests on the date the named event happens.

    Until then it is *pending* (part of the unvested shares). ``deadline`` — an absolute date,
    or a period after the vesting start — forfeits it if the event has not happened by then.
    ``fallback`` (a date, or a period after the vesting start) is a time-based backstop: the
    portion vests on the earlier of the event (when it comes by the deadline) and the fallback
    date, if the holder is still in service then — "if the milestones are not achieved, all
    unvested shares vest on April 1, 2010" — instead of being forfeited at the deadline.
    """

    name: str
    portion: Fraction
    deadline: _dt.date | Period | None = None
    fallback: _dt.date | Period | None = None

    def __post_init__(self) -> None:
        checks.text(self, "name", ("milestone", "name"), TermsError, "event name")
        _portion(self, "portion", f"milestone '{self.name}'.portion", allow_zero=False)
        for name in ("deadline", "fallback"):
            value = getattr(self, name)
            if value is not None and type(value) not in (_dt.date, Period):
                raise invalid(
                    sub(f"milestone '{self.name}'", name), value, "a date, a Period or None"
                )


@dataclass(frozen=True)
class ExerciseWindows:
    """How long vested options stay exercisable after termination, by reason.

    Defaults: 3 calendar months; none (0) for cause; 12 months for death and disability;
    3 months for retirement and for a resignation for good reason. Options expire at the
    earlier of the window's end and the grant's contractual expiration.
    """

    voluntary: Period = Period.months(3)
    involuntary: Period = Period.months(3)
    cause: Period = Period.months(0)
    death: Period = Period.months(12)
    disability: Period = Period.months(12)
    retirement: Period = Period.months(3)
    good_reason: Period = Period.months(3)

    def __post_init__(self) -> None:
        for f in fields(self):
            if type(getattr(self, f.name)) is not Period:
                raise invalid(sub("exercise_windows", f.name), getattr(self, f.name), "a Period")

    def for_reason(self, reason: Reason) -> Period:
        window: Period = getattr(self, reason.value.replace("-", "_"))
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

    *Conditions* (``conditions`` non-empty): a graph of vesting conditions, the Open Cap Table
    Format's model (see :mod:`vesting.model.conditions` and :mod:`vesting.conditions`); none of
    the fields of the two shapes above is used with it (nor ``milestones``: events are
    conditions of the graph). ``day_of_month`` is per condition there.

    The remaining fields are the settings life events use (see :mod:`vesting.events`).
    """

    length: Period = Period.months(48)
    every: Period = Period.months(1)
    cliff: Period | None = None
    cliff_portion: Fraction | None = None
    immediate: Fraction = Fraction(0)
    graded: tuple[GradedStep, ...] = ()
    milestones: tuple[EventCondition, ...] = ()
    conditions: tuple[Condition, ...] = ()
    day_of_month: DayOfMonth = DayOfMonth.START
    calendar: Calendar | None = None
    """A periodic grid aligned to calendar quarters, halves or years (see
    :mod:`vesting.dates`): ``every`` a whole number of them, in months."""
    allocation: Allocation = Allocation.CUMULATIVE_ROUND_DOWN
    # --- life-event settings
    vest_on_termination_date: bool = True
    exercise_windows: ExerciseWindows = field(default_factory=ExerciseWindows)
    leave_tolling: LeaveTolling = LeaveTolling.NONE
    """What a leave of absence does to the schedule (see :class:`LeaveTolling`)."""
    leave_min_days: int = 0
    """Leaves shorter than this many days never toll."""
    early_exercise: bool = False
    repurchase_window: Period = Period.months(0)
    """Early exercise: how long after a termination the company buys back the exercised,
    unvested shares (at the exercise price); 0: on the termination date."""
    settle_on: str | None = None
    """Double-trigger RSUs: the name of the liquidity event (e.g. ``"ipo"``) that settles them."""
    accelerate_on: AccelerateOn = field(default_factory=AccelerateOn)
    """What a termination for each reason accelerates on its date (see :class:`AccelerateOn`)."""
    change_of_control: ChangeOfControl | None = None
    """The double trigger the terms state, with its tail (see :class:`ChangeOfControl`)."""
    accelerate_milestones: bool = False
    """Accelerations (recorded, by reason, on a change of control) also take pending milestone
    shares; by default only time-based shares are accelerated."""
    split_rounding: SplitRounding = SplitRounding.DOWN
    """How a stock split rounds the grant's shares (see :class:`SplitRounding`)."""

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
    def standard(cls, **overrides: Any) -> VestingTerms:
        """Four years, a one-year cliff, monthly: the common option schedule."""
        base: dict[str, Any] = {
            "length": Period.months(48),
            "every": Period.months(1),
            "cliff": Period.months(12),
        }
        base.update(overrides)
        return cls(**base)

    @property
    def is_graded(self) -> bool:
        return bool(self.graded)

    @property
    def is_graph(self) -> bool:
        """Vesting conditions (a graph) rather than a grid or graded tranches."""
        return bool(self.conditions)

    @property
    def time_portion(self) -> Fraction:
        """The portion of the grant that vests with time (1 minus the event-gated portions)."""
        return 1 - sum((m.portion for m in self.milestones), Fraction(0))

    def _types(self) -> list[Problem]:
        """Every field of the right type (enums also from their values, portions from ints or
        Decimals), or the problems."""
        out: list[Problem] = []

        def check(run: Callable[[], None]) -> None:
            try:
                run()
            except VestingError as e:
                out.extend(e.problems)

        check(lambda: checks.enum(self, "allocation", "allocation", Allocation, TermsError))
        check(lambda: checks.enum(self, "day_of_month", "day_of_month", DayOfMonth, TermsError))
        check(lambda: checks.portion(self, "immediate", "immediate", TermsError))
        if self.calendar is not None:
            check(lambda: checks.enum(self, "calendar", "calendar", Calendar, TermsError))
        if self.cliff_portion is not None:
            check(lambda: checks.portion(self, "cliff_portion", "cliff_portion", TermsError))
        for name in ("length", "every"):
            if type(getattr(self, name)) is not Period:
                out.append(Problem(name, getattr(self, name), PERIOD))
        if self.cliff is not None and type(self.cliff) is not Period:
            out.append(Problem("cliff", self.cliff, f"{PERIOD}, or None for no cliff"))
        check(lambda: checks.items(self, "graded", "graded", (GradedStep,), TermsError))
        check(lambda: checks.items(self, "milestones", "milestones", (EventCondition,), TermsError))
        check(lambda: checks.items(self, "conditions", "conditions", (Condition,), TermsError))
        for name in ("vest_on_termination_date", "early_exercise", "accelerate_milestones"):
            if type(getattr(self, name)) is not bool:
                out.append(Problem(name, getattr(self, name), "True or False"))
        check(lambda: checks.enum(self, "leave_tolling", "leave_tolling", LeaveTolling, TermsError))
        check(
            lambda: checks.enum(self, "split_rounding", "split_rounding", SplitRounding, TermsError)
        )
        if type(self.leave_min_days) is not int or not 0 <= self.leave_min_days <= MAX_DAYS:
            out.append(
                Problem(
                    "leave_min_days",
                    self.leave_min_days,
                    f"a whole number of days from 0 to {MAX_DAYS}",
                )
            )
        if type(self.repurchase_window) is not Period:
            out.append(Problem("repurchase_window", self.repurchase_window, PERIOD))
        if type(self.exercise_windows) is not ExerciseWindows:
            out.append(Problem("exercise_windows", self.exercise_windows, "an ExerciseWindows"))
        if self.settle_on is not None:
            check(lambda: checks.text(self, "settle_on", "settle_on", TermsError))
        if type(self.accelerate_on) is not AccelerateOn:
            out.append(Problem("accelerate_on", self.accelerate_on, "an AccelerateOn"))
        if (
            self.change_of_control is not None
            and type(self.change_of_control) is not ChangeOfControl
        ):
            out.append(
                Problem("change_of_control", self.change_of_control, "a ChangeOfControl or None")
            )
        return out

    def problems(self) -> list[Problem]:
        """Every reason these terms are invalid (empty when they are valid)."""
        out: list[Problem] = []

        def bad(fld: Field, value: object, allowed: str) -> None:
            out.append(Problem(fld, value, allowed))

        out.extend(self._types())
        if out:
            return out
        if not 0 <= self.immediate <= 1:
            bad("immediate", self.immediate, "a portion from 0 to 1 (a Fraction)")
        if self.calendar is not None and (self.graded or self.conditions):
            bad("calendar", self.calendar.value, "only with a periodic grid (omit it)")
            return out
        if self.accelerate_milestones and not self.milestones:
            bad("accelerate_milestones", True, "only with milestones (omit it)")
        if self.conditions:
            for name in ("graded", "milestones", "cliff", "cliff_portion"):
                if getattr(self, name):
                    bad(name, str(getattr(self, name)), "not used with conditions (omit it)")
            if self.immediate:
                bad("immediate", self.immediate, "not used with conditions (omit it)")
            out.extend(graph_problems(self.conditions))
            return out
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
        elif self.length.count // self.every.count > MAX_INSTALLMENTS:
            bad(
                "length",
                str(self.length),
                f"at most {MAX_INSTALLMENTS:,} installments of {self.every} (a longer cadence or "
                "a shorter schedule)",
            )
        elif self.length.count % self.every.count:
            bad(
                "length",
                str(self.length),
                f"a whole number of the cadence ({self.every}): e.g. "
                f"{self.length.count // self.every.count * self.every.count or self.every.count}",
            )
        if self.calendar is not None:
            months = self.calendar.months
            if self.every.unit is not Unit.MONTHS or self.every.count % months:
                bad(
                    "every",
                    str(self.every),
                    f"with calendar = {self.calendar.value}, a cadence in months that is a "
                    f"multiple of {months} ({months}m, {2 * months}m, ...)",
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
    """What to pickle: the fields, not the hash kept beside them (``_hash``: string hashes
    differ between processes)."""
    return {k: v for k, v in state.items() if not k.startswith("_")}


def _approx_days(p: Period) -> int:
    """A rough length used only to order periods of different units (a month ≈ 30.44 days)."""
    return p.count * 3044 // 100 if p.unit is Unit.MONTHS else p.count
