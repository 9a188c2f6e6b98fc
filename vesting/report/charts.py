"""What the pictures show: cumulative vested shares, and realizable value, over time — per grant
and in total — read from each grant's timeline (:mod:`vesting.events`), status
(:mod:`vesting.status`) and valuations (:mod:`vesting.valuation`), never from the terms.

The rules (``vesting chart``, and the charts of ``vesting report``):

* **Lines are steps.** A grant's line is 0 from the earlier of its grant date and vesting
  start, and at each date its timeline has an entry it takes the entry's ``cumulative`` (the
  running total vested: the ``vested`` of :class:`~vesting.status.Status` that day), until
  the next. Forfeitures leave it where it is; lapsed and cancelled RSUs lower it.
* **Losses are marked.** Forfeited, lapsed and cancelled entries are :class:`Loss` es, one
  per grant, date, mark and reason (the entry's note: ``termination``, ``expiration``,
  ``cancellation``, ``deadline passed``, ...) with their shares added up, drawn at the
  line's level that day.
* **The total** is the sum of the grants' lines, at every date any of them changes.
* **The span** runs from the earliest start (or the as-of date, if earlier) to the later of
  the last dated entry of any grant and the as-of date; every line is flat after its last
  change. The as-of date is marked.
* **Value** (only with a price, or a file of prices): each grant's *realizable value* —
  options: the exercisable shares at ``max(0, price − exercise price)``; RSUs: the vested
  units at the price (:func:`vesting.valuation.value`) — on every date it can change: the
  grant's timeline and event dates, the day after its exercise deadline and its expiration,
  and (with a price file) every price date in the span. With a price file the value chart
  starts at the first price.
* **Too many lines:** with more than :data:`MAX_LINES` grants only the total is drawn; the
  summary under the chart still names each grant.

Money stays exact (``Decimal``, in cents) and shares exact here; a renderer turns them into
floats only inside its plotting call.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, NamedTuple

from .. import money
from ..allocation import Shares
from ..events import Mark, event_date, exercise_deadline, timeline
from ..model import Grant
from ..money import ZERO
from ..status import Status, StatusTotal, evaluate
from ..valuation import PriceTable, Valuation, ValueTotal, prices_on, valuations, value

MAX_LINES: Final = 8
"""The most grants drawn as lines of their own; with more, only the total is drawn."""

Amount = Shares | Decimal
"""A point's value: shares (``int``, or a ``Fraction``) or money (``Decimal``, in cents)."""


class Point(NamedTuple):
    """From ``date`` on (until the next point), the line is at ``value``."""

    date: _dt.date
    value: Amount


class Loss(NamedTuple):
    """Shares a grant lost on ``date`` (forfeited, lapsed, cancelled), drawn at ``level``
    (the line's value that day); ``why`` is the timeline's note (``termination``, ...)."""

    grant_id: str
    date: _dt.date
    shares: Shares
    level: Shares
    mark: str
    why: str


@dataclass(frozen=True)
class Line:
    """One grant's line (``label`` its id), or the total (``total``)."""

    label: str
    points: tuple[Point, ...]
    losses: tuple[Loss, ...] = ()
    total: bool = False

    def at(self, day: _dt.date) -> Amount:
        """The line's value on ``day`` (0 before its first point)."""
        i = bisect.bisect_right(self.points, day, key=_date_of) - 1
        return self.points[i].value if i >= 0 else 0


def _date_of(point: Point) -> _dt.date:
    return point.date


@dataclass(frozen=True)
class Chart:
    """One chart: a line per grant shown (none when there are too many), then the total."""

    title: str
    unit: str
    """``shares`` or ``money``."""
    lines: tuple[Line, ...]
    start: _dt.date
    end: _dt.date
    as_of: _dt.date

    @property
    def total(self) -> Line:
        return self.lines[-1]

    @property
    def grants(self) -> tuple[Line, ...]:
        return self.lines[:-1]

    @property
    def losses(self) -> tuple[Loss, ...]:
        return tuple(loss for line in self.grants for loss in line.losses)


@dataclass(frozen=True)
class GrantAsOf:
    """A grant's standing on the as-of date (for the summary): its status, and its
    valuation when there is a price."""

    grant: Grant
    status: Status
    valuation: Valuation | None
    losses: tuple[Loss, ...]


@dataclass(frozen=True)
class Pictures:
    """Everything a chart shows: the shares chart, the value chart (with a price), each
    grant's standing on the as-of date, and the totals that day."""

    as_of: _dt.date
    shares: Chart
    value: Chart | None
    grants: tuple[GrantAsOf, ...]
    total: Status
    total_value: Valuation | None
    price_file: str
    """The name of the price file the prices came from (``""``: a price, or none)."""
    hidden: int
    """Grants not drawn as lines of their own (more than :data:`MAX_LINES`)."""


LOST: Final = (Mark.FORFEITED, Mark.LAPSED, Mark.CANCELLED)


def shares_line(grant: Grant) -> Line:
    """A grant's cumulative vested shares as steps, and its losses (see the module rules)."""
    begin = min(grant.grant_date, grant.start)
    points: list[Point] = [Point(begin, 0)]
    losses: list[Loss] = []
    for e in timeline(grant):
        if e.date is None:
            continue
        if e.date == points[-1].date:
            points[-1] = Point(e.date, e.cumulative)
        elif e.cumulative != points[-1].value:
            points.append(Point(e.date, e.cumulative))
        if e.mark in LOST:
            last = losses[-1] if losses else None
            if last is not None and (last.date, last.mark, last.why) == (e.date, e.mark, e.note):
                # one loss a day and reason (a termination forfeits every later tranche)
                losses[-1] = last._replace(shares=last.shares + e.shares, level=e.cumulative)
            else:
                losses.append(Loss(grant.id, e.date, e.shares, e.cumulative, e.mark.value, e.note))
    return Line(grant.id, tuple(points), tuple(losses))


def last_date(grant: Grant) -> _dt.date:
    """The grant's last dated timeline entry (its start when there is none)."""
    dates = [e.date for e in timeline(grant) if e.date is not None]
    return max(dates) if dates else grant.start


def change_dates(grant: Grant) -> set[_dt.date]:
    """Every date the grant's status can change: its timeline and event dates, and for
    options the day after the exercise deadline and after the expiration."""
    dates = {e.date for e in timeline(grant) if e.date is not None}
    dates.update(event_date(ev) for ev in grant.events)
    dates.add(min(grant.grant_date, grant.start))
    if grant.kind.is_option and grant.expiration is not None:
        for deadline in (grant.expiration, exercise_deadline(grant, _dt.date.max)):
            if deadline is not None:
                dates.add(deadline + _dt.timedelta(days=1))
    return dates


def _steps(points: Sequence[Point]) -> tuple[Point, ...]:
    """Points without repeats: a point only where the value changes (the first kept)."""
    out: list[Point] = []
    for p in points:
        if not out or p.value != out[-1].value:
            out.append(p)
    return tuple(out)


def value_line(grant: Grant, until: _dt.date, prices: Sequence[Decimal] | PriceTable) -> Line:
    """A grant's realizable value as steps from its start (from the first price with a price
    file) to ``until`` (see the module rules)."""
    first = prices.points[0][0] if isinstance(prices, PriceTable) else None
    begin = min(grant.grant_date, grant.start)
    if first is not None:
        begin = max(begin, first)
    dates = {d for d in change_dates(grant) if begin <= d <= until}
    dates.add(begin)
    if isinstance(prices, PriceTable):
        dates.update(d for d, _ in prices.points if begin <= d <= until)
    ordered = sorted(dates)
    values = valuations(grant, prices_on(ordered, prices))
    return Line(grant.id, _steps([Point(v.as_of, v.realizable_value) for v in values]))


def _total(lines: Sequence[Line], label: str = "total") -> Line:
    """The sum of ``lines`` at every date any of them changes."""
    dates = sorted({p.date for line in lines for p in line.points})
    points = []
    for d in dates:
        amounts = [line.at(d) for line in lines]
        if any(isinstance(a, Decimal) for a in amounts):
            sum_: Amount = money.total([a if isinstance(a, Decimal) else ZERO for a in amounts])
        else:
            sum_ = sum(amounts, 0)
        points.append(Point(d, sum_))
    return Line(label, _steps(points), total=True)


class PicturesBuilder:
    """Collects grants one at a time (:meth:`add`: all of a grant's figures are computed
    before any is kept, so a grant that fails leaves nothing behind), then :meth:`build`."""

    def __init__(
        self, as_of: _dt.date, prices: Sequence[Decimal] | PriceTable | None = None
    ) -> None:
        if prices is not None and not isinstance(prices, PriceTable) and len(prices) != 1:
            from ..errors import InputError, Problem

            raise InputError(
                [Problem("price", ", ".join(map(str, prices)), "one price for a chart")]
            )
        self.as_of = as_of
        self.prices = prices
        self.price_today: Decimal | None = None
        if prices is not None:  # a date before the first price is an error: found here
            self.price_today = prices_on([as_of], prices)[0][1][0]
        self.shares_lines: list[Line] = []
        self.value_lines: list[Line] = []
        self.standing: list[GrantAsOf] = []
        self.totals = StatusTotal(as_of)
        self.value_total: ValueTotal | None = (
            None if self.price_today is None else ValueTotal(as_of, self.price_today)
        )
        self.end = as_of
        self.start = as_of

    def add(self, grant: Grant) -> None:
        """Add one grant (a :class:`~vesting.errors.VestingError` leaves the builder as it
        was)."""
        line = shares_line(grant)
        status = evaluate(grant, self.as_of)
        end = max(self.as_of, last_date(grant))
        worth: Valuation | None = None
        money_line: Line | None = None
        if self.prices is not None and self.price_today is not None:
            worth = value(grant, self.as_of, self.price_today, status)
            money_line = value_line(grant, end, self.prices)
        # every figure is computed: keep them
        self.shares_lines.append(line)
        if money_line is not None:
            self.value_lines.append(money_line)
        self.standing.append(GrantAsOf(grant, status, worth, line.losses))
        self.totals.add(status)
        if worth is not None and self.value_total is not None:
            self.value_total.add(worth)
        self.end = max(self.end, end)
        self.start = min(self.start, line.points[0].date)

    def build(self) -> Pictures:
        hidden = len(self.shares_lines) if len(self.shares_lines) > MAX_LINES else 0
        shown = [] if hidden else self.shares_lines
        shares = Chart(
            "Vested shares",
            "shares",
            (*shown, _total(self.shares_lines)),
            self.start,
            self.end,
            self.as_of,
        )
        value_chart = None
        price_file = self.prices.name if isinstance(self.prices, PriceTable) else ""
        if self.prices is not None:
            start = self.start
            if isinstance(self.prices, PriceTable):
                start = max(start, self.prices.points[0][0])
            value_chart = Chart(
                "Realizable value",
                "money",
                (*([] if hidden else self.value_lines), _total(self.value_lines)),
                start,
                self.end,
                self.as_of,
            )
        return Pictures(
            self.as_of,
            shares,
            value_chart,
            tuple(self.standing),
            self.totals.status(),
            None if self.value_total is None else self.value_total.valuation(),
            price_file,
            hidden,
        )
