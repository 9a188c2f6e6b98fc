"""``status``: what each grant and the total stand at on each date (:class:`vesting.Status`).

Rows: each grant's status on every date asked, in the order given; then a total row per date
(``row`` is ``"grant"`` or ``"total"``; a total's ``grant_id`` and ``kind`` are null). A
total's next vest is the earliest next vest of any grant with the shares of every grant
vesting that day; its fully-vested date is the latest (null if any grant has none); it has no
exercise deadline.

With ``outstanding`` (the company's shares outstanding) each row adds its percent of
outstanding and its fully diluted percent (:mod:`vesting.accounting.dilution`). ISO grants'
vested shares are split into ISO and NSO shares under the $100,000 limit
(:mod:`vesting.tax.iso`): the limit counts a holder's grants in input order, so that split is
run state, and a run that asks for it runs in one process.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

from ..allocation import Shares
from ..errors import InputError, Problem
from ..eventrules import exercise_window
from ..inforce import in_force
from ..model import Grant, Kind
from ..model.company import SharesOutstanding
from ..report import Col, Report
from ..report.plain import percent_plain
from ..status import Status, StatusTotal, statuses
from .base import Gathered, Listing, Row, params_of

if TYPE_CHECKING:
    from ..tax.iso import IsoLedger, IsoYear

Date = _dt.date | None
MAX_DATES = 1000
"""The most dates one question asks about."""


class StatusRow(NamedTuple):
    """One grant, or the total, on one date (``status``)."""

    row: Annotated[str, Col("", table=False)]
    as_of: Annotated[_dt.date, Col("As of", "date", rank=0)]
    grant_id: Annotated[str | None, Col("Grant", rank=0)]
    kind: Annotated[str | None, Col("Kind", rank=3)]
    exercise_price: Annotated[Decimal | None, Col("Exercise\nprice", "price", rank=3)]
    granted: Annotated[int, Col("Granted", "shares", rank=3)]
    vested: Annotated[Shares, Col("Vested", "shares", rank=0)]
    unvested: Annotated[Shares, Col("Unvested", "shares")]
    forfeited: Annotated[Shares, Col("Forfeited", "shares")]
    exercised: Annotated[int, Col("Exercised", "shares")]
    exercisable: Annotated[Shares, Col("Exercisable", "shares")]
    expired: Annotated[Shares, Col("Expired", "shares")]
    outstanding: Annotated[Shares, Col("Outstanding", "shares", rank=2, usual="granted")]
    settled: Annotated[Shares, Col("Settled", "shares")]
    unsettled: Annotated[Shares, Col("Unsettled", "shares")]
    pending: Annotated[Shares, Col("Pending", "shares")]
    subject_to_repurchase: Annotated[Shares, Col("Subject to\nrepurchase", "shares")]
    repurchased: Annotated[Shares, Col("Repurchased", "shares")]
    split_fraction_cancelled: Annotated[
        Shares | None, Col("Split fraction\ncancelled", "shares", optional=True)
    ]
    next_vest_date: Annotated[Date, Col("Next vest\ndate", "date")]
    next_vest_shares: Annotated[Shares | None, Col("Next vest\nshares", "shares")]
    fully_vested: Annotated[Date, Col("Fully\nvested", "date", rank=3)]
    expiration: Annotated[Date, Col("Expires", "date", rank=3)]
    exercise_deadline: Annotated[
        Date, Col("Exercise\ndeadline", "date", usual="expiration", aside="exercise_window")
    ]
    exercise_window: Annotated[str | None, Col("Exercise window", table=False)]
    percent_of_outstanding: Annotated[
        str | None, Col("% of\noutstanding", "percent", optional=True)
    ]
    fully_diluted_percent: Annotated[str | None, Col("Fully\ndiluted %", "percent", optional=True)]
    iso_shares: Annotated[Shares | None, Col("ISO\nshares", "shares", optional=True)]
    nso_shares: Annotated[Shares | None, Col("NSO\nshares", "shares", optional=True)]


def check_dates(dates: Sequence[_dt.date]) -> None:
    """At least one date, at most :data:`MAX_DATES`."""
    if not dates:
        raise InputError([Problem("as_of", "no dates", "at least one date")])
    if len(dates) > MAX_DATES:
        raise InputError([Problem("as_of", f"{len(dates):,} dates", f"at most {MAX_DATES:,}")])


def dilution_cells(
    granted: int, outstanding: int | SharesOutstanding | None, on: _dt.date
) -> tuple[str | None, str | None]:
    """Percent of outstanding and fully diluted percent (:mod:`vesting.accounting.dilution`)
    with the shares outstanding as of ``on``, or nothing when no share count was given."""
    if outstanding is None:
        return None, None
    from ..accounting.dilution import dilution

    count = outstanding if isinstance(outstanding, int) else outstanding.on(on)
    d = dilution(granted, count)
    return percent_plain(d.of_outstanding, 1), percent_plain(d.fully_diluted, 1)


def check_outstanding(
    outstanding: int | SharesOutstanding | None, dates: Sequence[_dt.date] = ()
) -> None:
    """A share count that can divide; dated values that cover every date asked about."""
    if outstanding is None:
        return
    from ..accounting.dilution import check_outstanding as check

    if isinstance(outstanding, int):
        check(outstanding)
        return
    for day in dates:
        outstanding.on(day)


def status_row(
    s: Status,
    kind: str | None,
    total: bool = False,
    outstanding: int | SharesOutstanding | None = None,
    iso: tuple[Shares | None, Shares | None] = (None, None),
    expiration: _dt.date | None = None,
    window: str | None = None,
) -> StatusRow:
    nxt = s.next_vest
    return StatusRow(
        "total" if total else "grant",
        s.as_of,
        None if total else s.grant_id,
        kind,
        s.exercise_price,
        s.granted,
        s.vested,
        s.unvested,
        s.forfeited,
        s.exercised,
        s.exercisable,
        s.expired,
        s.outstanding,
        s.settled,
        s.unsettled,
        s.pending,
        s.subject_to_repurchase,
        s.repurchased,
        s.split_fraction_cancelled or None,  # empty: no split has dropped anything
        None if nxt is None else nxt.date,
        None if nxt is None else nxt.shares,
        s.fully_vested,
        expiration,
        s.exercise_deadline,
        window,
        *dilution_cells(s.granted, outstanding, s.as_of),
        *iso,
    )


class IsoSplit(NamedTuple):
    """An ISO grant's split by year under the limit (``years``), or — for a grant listed out
    of grant order — none, and why (``why_not``)."""

    years: tuple[IsoYear, ...] | None
    why_not: str = ""


def iso_split(grant: Grant, ledger: IsoLedger | None) -> IsoSplit | None:
    """The ISO split of ``grant`` from the run's ledger (``None``: not an ISO grant, or no
    ledger)."""
    if ledger is None or grant.kind is not Kind.ISO:
        return None
    try:
        return IsoSplit(ledger.split(grant))
    except InputError as e:  # listed out of grant order: no split for it
        return IsoSplit(None, e.problems[0].allowed)


class Result(NamedTuple):
    statuses: tuple[Status, ...]
    split: IsoSplit | None


class StatusTotals:
    """A status total per date."""

    def __init__(
        self, dates: Sequence[_dt.date], outstanding: int | SharesOutstanding | None
    ) -> None:
        self.by_date = [StatusTotal(d) for d in dates]
        self.outstanding = outstanding

    def merge(self, other: StatusTotals) -> None:
        for mine, theirs in zip(self.by_date, other.by_date, strict=True):
            mine.merge(theirs)

    def rows(self) -> list[Row]:
        return [status_row(t.status(), None, True, self.outstanding) for t in self.by_date]


def frame(rows: Iterator[Row], dates: Sequence[_dt.date]) -> Report:
    """The status report around ``rows``."""
    return Report(
        "status",
        StatusRow,
        rows,
        params_of(dates),
        title=f"Status as of {dates[0]}" if len(dates) == 1 else "Status",
        card=True,
        section_by=_by_date,
        hidden=frozenset({"as_of"}) if len(dates) == 1 else frozenset(),
    )


def _by_date(row: Row) -> object:
    return row[1]  # as_of: one section per date in tables


def report(pairs: Iterable[tuple[Grant, Sequence[Status]]], dates: Sequence[_dt.date]) -> Report:
    """Every grant's status on every date, then the totals (the HTML report's table)."""
    command = StatusCommand(tuple(dates), iso=False)

    def rows() -> Iterator[Row]:
        totals = command.totals()
        for g, found in pairs:
            yield from command.rows(g, Result(tuple(found), None), totals)
        yield from totals.rows()

    return command.frame(rows(), Gathered())


@dataclass(frozen=True)
class StatusCommand(Listing[Result]):
    """What each grant and the total stand at on each date (see the module doc)."""

    name = "status"
    row = StatusRow

    dates: tuple[_dt.date, ...]
    outstanding: int | SharesOutstanding | None = None
    """Shares outstanding: one count, or dated values used as of each date."""
    iso: bool = True
    """Split ISO grants' shares under the $100,000 limit (run state: one process)."""

    def __post_init__(self) -> None:
        check_dates(self.dates)
        check_outstanding(self.outstanding, self.dates)

    @property
    def in_order(self) -> bool:
        return self.iso

    def state(self) -> Any:
        if not self.iso:
            return None
        from ..tax.iso import IsoLedger

        return IsoLedger()

    def compute(self, grant: Grant, state: Any) -> Result:
        return Result(statuses(grant, self.dates), iso_split(grant, state))

    def totals(self) -> StatusTotals:
        return StatusTotals(self.dates, self.outstanding)

    def rows(self, grant: Grant, result: Result, totals: StatusTotals) -> list[StatusRow]:
        kind = grant.kind.value
        years = result.split.years if result.split is not None else None
        out = []
        for total, s in zip(totals.by_date, result.statuses, strict=True):
            total.add(s)
            iso: tuple[Shares | None, Shares | None] = (None, None)
            if years is not None:
                from ..tax.iso import iso_on

                iso_vested = min(s.vested, iso_on(grant, years, s.as_of))
                iso = (iso_vested, s.vested - iso_vested)
            expires = in_force(grant, s.as_of).expiration if grant.events else grant.expiration
            window = exercise_window(grant, s.as_of)
            out.append(
                status_row(
                    s, kind, False, self.outstanding, iso, expires,
                    None if window is None else str(window),
                )
            )  # fmt: skip
        return out

    def gather(self, grant: Grant, result: Result, gathered: Gathered) -> None:
        if result.split is not None and result.split.why_not:
            gathered.notes.append(f"{grant.id}: no ISO/NSO split, {result.split.why_not}")
        early = [d for d in self.dates if d < grant.grant_date]
        if early:
            gathered.note_about(before_grant(early, len(self.dates)), grant.id)

    def frame(self, rows: Iterator[Row], gathered: Gathered) -> Report:
        return frame(rows, self.dates)


def before_grant(early: Sequence[_dt.date], asked: int) -> str:
    """The note for grants asked about before their grant date: nothing has vested or
    been granted then; the row shows what the grant will be."""
    on = f"on {early[0]}" if len(early) == 1 else f"on {len(early)} of the {asked} dates asked"
    return f"Not granted yet {on} (nothing vested; the row shows the grant to come)"
