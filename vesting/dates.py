"""How dates are stepped: periods, day-of-month policies and the vesting date grid.

The rule (the Open Cap Table Format's): the k-th date of a grid is always computed from the
vesting start as ``start + k × period``, never by stepping from the previous date, so month-end
starts do not drift. A 2024-01-31 monthly start vests 2024-02-29, 2024-03-31, 2024-04-30, …

Months are calendar months. What day inside the landing month is used is the
:class:`DayOfMonth` policy:

* ``VESTING_START_DAY_OR_LAST_DAY_OF_MONTH`` (default): the start's day, or the month's last
  day when the month is shorter (2021-01-30 + 13 months = 2022-02-28, + 14 = 2022-03-30).
* ``01`` … ``28``: that fixed day of the month that ``start + k × period`` falls in.
* ``29_OR_LAST_DAY_OF_MONTH`` … ``31_OR_LAST_DAY_OF_MONTH``: that day, or the last day of a
  shorter month.

Day periods are plain day counts (``start + k × N days``); the day policy does not apply to them.

**Calendar-aligned grids** (the terms' ``calendar``: quarter, half or year; issue 21.5, for
clauses such as "on the 20th day of the last month of each calendar quarter" or "on the last
day of each calendar quarter"):

* every grid date falls in the last month of a calendar period — March, June, September and
  December for quarters; June and December for halves; December for years — on the day the
  day-of-month policy chooses in that month (``start``: the vesting start's day, or the month's
  last day when it is shorter);
* the first grid date is the first aligned date *on or after* the vesting start (a start that
  is itself an aligned date vests its first installment that day); each later one is ``every``
  months after it (a multiple of the period: 3, 6, 9 … months for quarters), computed from the
  first, never chained;
* the cliff counts from the vesting start on the start's own day (an anniversary), not on an
  aligned date (see :mod:`vesting.engine`).

Such a grid is a plain grid from an *origin* under a fixed day (:func:`calendar_origin`), so
every function below serves it unchanged.

This module knows nothing of shares.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from .errors import Field, VestingError, invalid, word

MIN_DATE = _dt.date(1900, 1, 1)
MAX_DATE = _dt.date(2199, 12, 31)


class Unit(StrEnum):
    """The unit of a :class:`Period`."""

    MONTHS = "months"
    DAYS = "days"


class DayOfMonth(StrEnum):
    """OCF ``VestingDayOfMonth``: which day of the month a month-stepped date falls on."""

    START = "VESTING_START_DAY_OR_LAST_DAY_OF_MONTH"
    D01 = "01"
    D02 = "02"
    D03 = "03"
    D04 = "04"
    D05 = "05"
    D06 = "06"
    D07 = "07"
    D08 = "08"
    D09 = "09"
    D10 = "10"
    D11 = "11"
    D12 = "12"
    D13 = "13"
    D14 = "14"
    D15 = "15"
    D16 = "16"
    D17 = "17"
    D18 = "18"
    D19 = "19"
    D20 = "20"
    D21 = "21"
    D22 = "22"
    D23 = "23"
    D24 = "24"
    D25 = "25"
    D26 = "26"
    D27 = "27"
    D28 = "28"
    D29 = "29_OR_LAST_DAY_OF_MONTH"
    D30 = "30_OR_LAST_DAY_OF_MONTH"
    D31 = "31_OR_LAST_DAY_OF_MONTH"

    @classmethod
    def parse(cls, text: str | int, field: Field = "day_of_month") -> DayOfMonth:
        """Accept the OCF spelling, a day number (``1``–``31``), ``start`` or ``last``, by the
        word rule (:func:`vesting.errors.word`: any case, ``-``, ``_`` or spaces)."""
        key = word(text, "_").upper()
        if key in ("START", "VESTING_START_DAY", "VESTING_START_DAY_OR_LAST_DAY_OF_MONTH"):
            return cls.START
        if key in ("LAST", "LAST_DAY", "LAST_DAY_OF_MONTH"):
            return cls.D31
        digits = key.split("_", 1)[0]
        if digits.isascii() and digits.isdigit() and len(digits) <= 2 and 1 <= int(digits) <= 31:
            return cls(
                f"{int(digits):02d}" if int(digits) <= 28 else f"{int(digits)}_OR_LAST_DAY_OF_MONTH"
            )
        raise invalid(
            field,
            text,
            "expected 'start' (the vesting start day or the month's last day), a day 1-28, "
            "29, 30, 31 or 'last' (that day or the month's last day), or an OCF "
            "VestingDayOfMonth value",
        )

    def day_for(self, start_day: int) -> int:
        """The wanted day before clamping to the month's length."""
        if self is DayOfMonth.START:
            return start_day
        return int(self.value[:2])

    @property
    def label(self) -> str:
        """Short form used in files and tables: ``start``, ``1`` … ``31``."""
        return "start" if self is DayOfMonth.START else str(int(self.value[:2]))


@dataclass(frozen=True, order=True)
class Period:
    """A length of time: ``count`` months or days (years are written as 12 months)."""

    count: int
    unit: Unit = Unit.MONTHS

    def __post_init__(self) -> None:
        unit = self.unit
        if type(unit) is not Unit:
            if isinstance(unit, str) and unit.strip().lower() in ("months", "days"):
                object.__setattr__(self, "unit", Unit(unit.strip().lower()))
            else:
                raise invalid(("period", "unit"), unit, "months or days (a Unit, or its name)")
        count = self.count
        if type(count) is not int:
            raise invalid("period", count, "a whole number of months or days >= 0 (an int)")
        top = MAX_MONTHS if self.unit is Unit.MONTHS else MAX_DAYS
        if not 0 <= count <= top:
            raise invalid("period", count, f"a number of {self.unit.value} from 0 to {top} {_SPAN}")

    @classmethod
    def months(cls, n: int) -> Period:
        return cls(n, Unit.MONTHS)

    @classmethod
    def days(cls, n: int) -> Period:
        return cls(n, Unit.DAYS)

    @classmethod
    def parse(cls, text: str | int, field: Field) -> Period:
        """Parse ``12``/``12m``/``12 months`` (months), ``1y``/``4 years`` or ``365d``/``90 days``.

        A bare number is a number of months. Digits are ASCII digits; a period longer than the
        supported dates (``MAX_MONTHS`` months, ``MAX_DAYS`` days) is an error naming the limit.
        """
        if isinstance(text, bool):
            return _bad_period(field, text)
        count: int | None = None
        unit = Unit.MONTHS
        if isinstance(text, int):
            count = text
        elif isinstance(text, str):
            raw = text.strip().lower().replace(" ", "")
            for suffixes, mult, u in _PERIOD_SUFFIXES:
                suffix = next((s for s in suffixes if raw.endswith(s)), None)
                if suffix is not None:
                    number = raw[: len(raw) - len(suffix)] if suffix else raw
                    if number.isascii() and number.isdigit():
                        count, unit = (int(number) * mult if len(number) <= 7 else -1), u
                        break
        if count is None or count < 0:
            return _bad_period(field, text)
        top = MAX_MONTHS if unit is Unit.MONTHS else MAX_DAYS
        if count > top:
            raise invalid(field, text, f"a period of at most {top} {unit.value} {_SPAN}")
        return cls(count, unit)

    def __str__(self) -> str:
        return f"{self.count}{'m' if self.unit is Unit.MONTHS else 'd'}"

    def times(self, k: int) -> Period:
        return Period(self.count * k, self.unit)

    def is_zero(self) -> bool:
        return self.count == 0


MAX_DAYS: Final = (MAX_DATE - MIN_DATE).days
"""The longest period in days that can separate two supported dates (109,572)."""
MAX_MONTHS: Final = (MAX_DATE.year - MIN_DATE.year + 1) * 12
"""The longest period in months (3,600: 300 years)."""
_SPAN: Final = f"(the supported dates, {MIN_DATE} to {MAX_DATE}, span no more)"
_PERIOD_SUFFIXES: Final = (
    (("months", "month", "mo", "m"), 1, Unit.MONTHS),
    (("years", "year", "yr", "y"), 12, Unit.MONTHS),
    (("days", "day", "d"), 1, Unit.DAYS),
    (("",), 1, Unit.MONTHS),
)


def _bad_period(field: Field, text: object) -> Period:
    raise invalid(field, text, "a period such as 12 (months), '12m', '1y' or '365d' (>= 0)")


# Month arithmetic on tables: the ordinal of the first day and the length of every month in the
# supported range, indexed by ``(year - 1900) * 12 + month - 1``. A month-stepped date is then
# one table lookup and one ``date.fromordinal`` — no calendar calls on the hot path.
_FIRST_INDEX = MIN_DATE.year * 12
_MONTHS = (MAX_DATE.year - MIN_DATE.year + 1) * 12
_MONTH_FIRST: list[int] = []
_MONTH_LEN: list[int] = []
_ordinal = MIN_DATE.toordinal()
for _i in range(_MONTHS):
    _y, _m0 = divmod(_FIRST_INDEX + _i, 12)
    _n = calendar.monthrange(_y, _m0 + 1)[1]
    _MONTH_FIRST.append(_ordinal)
    _MONTH_LEN.append(_n)
    _ordinal += _n
del _ordinal, _i, _y, _m0, _n

_FIXED_DAY: dict[DayOfMonth, int] = {
    p: 0 if p is DayOfMonth.START else int(p.value[:2]) for p in DayOfMonth
}
"""The day a policy asks for (0: the start's own day)."""


def month_index(d: _dt.date) -> int:
    """``d``'s month as an index into the month tables (0 is January 1900)."""
    return d.year * 12 + d.month - 1 - _FIRST_INDEX


def _out_of_range(start: _dt.date, months: int) -> VestingError:
    return invalid("date", f"{start} + {months} months", f"a date from {MIN_DATE} to {MAX_DATE}")


def add_months(start: _dt.date, months: int, policy: DayOfMonth = DayOfMonth.START) -> _dt.date:
    """``start`` plus ``months`` calendar months, landing on the day ``policy`` chooses."""
    index = start.year * 12 + start.month - 1 - _FIRST_INDEX + months
    if not 0 <= index < _MONTHS:
        raise _out_of_range(start, months)
    day = _FIXED_DAY[policy] or start.day
    last = _MONTH_LEN[index]
    return _dt.date.fromordinal(_MONTH_FIRST[index] + (day if day <= last else last) - 1)


def add(start: _dt.date, period: Period, policy: DayOfMonth = DayOfMonth.START) -> _dt.date:
    """``start + period``: calendar months under ``policy``, or plain days."""
    if period.unit is Unit.MONTHS:
        return add_months(start, period.count, policy)
    ordinal = start.toordinal() + period.count
    if ordinal > _MAX_ORDINAL:
        raise invalid("date", f"{start} + {period.count} days", f"a date up to {MAX_DATE}")
    return _dt.date.fromordinal(ordinal)


_MAX_ORDINAL = MAX_DATE.toordinal()


def step(
    start: _dt.date, period: Period, k: int, policy: DayOfMonth = DayOfMonth.START
) -> _dt.date:
    """The k-th grid date, ``start + k × period``, computed from the start (never chained)."""
    if period.unit is Unit.MONTHS:
        return add_months(start, period.count * k, policy)
    return add(start, Period(period.count * k, Unit.DAYS), policy)


_DAY_TABLES: dict[int, list[_dt.date]] = {}


def _day_table(day: int) -> list[_dt.date]:
    """Every month's date for a wanted ``day`` (clamped to the month's last day), indexed by
    month — built once per day (31 at most, 3,600 dates each), so that a monthly grid is a
    slice."""
    table = _DAY_TABLES.get(day)
    if table is None:
        fromordinal = _dt.date.fromordinal
        table = [
            fromordinal(first + (day if day <= n else n) - 1)
            for first, n in zip(_MONTH_FIRST, _MONTH_LEN, strict=True)
        ]
        _DAY_TABLES[day] = table  # a race builds the same table twice: harmless
    return table


def grid(
    start: _dt.date, period: Period, first: int, last: int, policy: DayOfMonth = DayOfMonth.START
) -> list[_dt.date]:
    """The grid dates ``step(start, period, k)`` for k = ``first`` … ``last``, in one pass.

    The same dates as :func:`step` (each computed from the start, never chained); a monthly
    grid is a slice of a table of that day in every month.
    """
    if last < first:
        return []
    every = period.count
    if period.unit is Unit.DAYS:
        base = start.toordinal()
        if base + every * last > _MAX_ORDINAL:
            raise invalid("date", f"{start} + {every * last} days", f"a date up to {MAX_DATE}")
        return list(
            map(
                _dt.date.fromordinal,
                range(base + every * first, base + every * last + 1, every or 1),
            )
        )
    base = start.year * 12 + start.month - 1 - _FIRST_INDEX
    if base + every * last >= _MONTHS:
        raise _out_of_range(start, every * last)
    if base + every * first < 0:
        raise _out_of_range(start, every * first)
    table = _day_table(_FIXED_DAY[policy] or start.day)
    return table[base + every * first : base + every * last + 1 : every or 1]


def steps_on_or_before(
    start: _dt.date,
    period: Period,
    on: _dt.date,
    limit: int,
    policy: DayOfMonth = DayOfMonth.START,
) -> int:
    """How many k in ``1..limit`` have ``step(start, period, k) <= on``.

    Grid dates strictly increase with k, so this is a count of a prefix, found in closed form
    (integer arithmetic, no date built): the k-th monthly date falls in the month ``k × every``
    after the start's, so with ``months`` whole months from the start's month to ``on``'s,
    ``k = months // every`` — less one when that date falls in ``on``'s own month on a later
    day than ``on``.
    """
    every = period.count
    if every <= 0:
        raise invalid("every", str(period), "a period of at least 1 month or 1 day")
    if on < start or limit <= 0:
        return 0
    if period.unit is Unit.DAYS:
        k = (on.toordinal() - start.toordinal()) // every
        return k if k < limit else limit
    months = (on.year - start.year) * 12 + (on.month - start.month)
    k, spare = divmod(months, every)
    if spare == 0 and k > 0:
        day = _FIXED_DAY[policy] or start.day
        if day > on.day:
            last = _MONTH_LEN[on.year * 12 + on.month - 1 - _FIRST_INDEX]
            if (day if day <= last else last) > on.day:
                k -= 1
    return k if k < limit else limit


def check_date(field: Field, value: _dt.date) -> _dt.date:
    """Reject dates outside the supported range (1900-01-01 to 2199-12-31)."""
    if not MIN_DATE <= value <= MAX_DATE:
        raise invalid(field, value.isoformat(), f"a date from {MIN_DATE} to {MAX_DATE}")
    return value


_FIXED_POLICY: Final[dict[int, DayOfMonth]] = {
    d: DayOfMonth(f"{d:02d}" if d <= 28 else f"{d}_OR_LAST_DAY_OF_MONTH") for d in range(1, 32)
}
"""Day → the fixed policy that lands on it (or on a shorter month's last day)."""


def fixed_policy(policy: DayOfMonth, start: _dt.date) -> DayOfMonth:
    """``policy`` made independent of the date stepped from: ``start`` becomes the start's own
    day (the same dates: a day past a month's end is its last day either way)."""
    return _FIXED_POLICY[policy.day_for(start.day)]


def first_aligned(start: _dt.date, months: int, policy: DayOfMonth) -> _dt.date:
    """The first date on or after ``start`` in the last month of a calendar period of
    ``months`` months (3: March, June, September, December), on the day ``policy`` chooses."""
    fixed = fixed_policy(policy, start)
    month_one = start.replace(day=1)
    ahead = -start.month % months  # months to the period's last month (0: this one)
    first = add_months(month_one, ahead, fixed)
    if first < start:  # the start's month is aligned, but its day has passed
        first = add_months(month_one, ahead + months, fixed)
    return first


def calendar_origin(
    start: _dt.date, months: int, every: Period, policy: DayOfMonth
) -> tuple[_dt.date, DayOfMonth]:
    """Where a calendar-aligned grid (periods of ``months`` months, a cadence of ``every``)
    vesting from ``start`` is stepped from, and under which policy: its k-th date is
    ``step(origin, every, k, fixed)`` (see the module doc). The origin is the first day of the
    month ``every`` before the first aligned date's — it may fall before the start, even before
    1900: only its month is used."""
    first = first_aligned(start, months, policy)
    index = first.year * 12 + first.month - 1 - every.count
    year, month0 = divmod(index, 12)
    return _dt.date(year, month0 + 1, 1), fixed_policy(policy, start)
