"""One report per command, built lazily from per-grant results.

Each builder takes an iterable of ``(grant, result)`` pairs — the results of one computation
per grant, in input order, as :func:`vesting.batch.results` produces them once their problems
have been dealt with — and returns a :class:`~vesting.report.Report` whose rows are produced
as the pairs arrive. Totals are running totals (:class:`~vesting.status.StatusTotal`,
:class:`~vesting.valuation.ValueTotal`) written after the last grant.

Row order: each grant's rows in input order (for several dates or prices: every date, and at
each date every price, in the order given); then the totals, one per date (and price).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from ..allocation import Shares
from ..errors import Problem
from ..events import Entry
from ..model import Grant
from ..status import Status, StatusTotal
from ..valuation import PriceTable, Valuation, ValueTotal
from . import Report

if TYPE_CHECKING:
    from ..tax.iso import IsoYear
from .plain import percent_plain, price_plain
from .rows import ProblemRow, ScheduleRow, StatusRow, ValueRow


def schedule_report(pairs: Iterable[tuple[Grant, Sequence[Entry]]]) -> Report:
    """Every entry of every grant's timeline (events applied).

    ``percent`` is the entry's shares as a percent of the grant, ``cumulative_percent`` the
    running vested total's; ``original_date`` is as :class:`vesting.events.Entry` defines it.
    Tables: one per grant, titled with its id, kind, shares and holder.
    """
    titles: dict[str, str] = {}
    notes: list[str] = []

    def rows() -> Iterator[ScheduleRow]:
        for g, entries in pairs:
            titles[g.id] = schedule_title(g)
            notes.extend(schedule_notes(g))
            yield from schedule_rows(g, entries)

    report = schedule_frame(rows(), titles)
    report.notes = notes
    return report


def schedule_title(g: Grant) -> str:
    """A grant's schedule table title: id, kind, shares and holder."""
    holder = f" · {g.holder}" if g.holder else ""
    return f"{g.id} · {g.kind.value} · {g.shares:,} shares{holder}"


def schedule_notes(g: Grant) -> list[str]:
    """What a reader of a grant's schedule table should know that no row says: a recorded
    leave these terms do not toll."""
    from ..model import Leave, LeaveTolling

    leaves = [e for e in g.events if isinstance(e, Leave)]
    if not leaves or g.terms.leave_tolling is not LeaveTolling.NONE:
        return []
    shown = ", ".join(f"{lv.start} to {lv.end}" for lv in leaves)
    return [
        f"{g.id}: leave {shown} recorded; these terms do not toll leaves (leave_tolling = none)"
    ]


def schedule_rows(g: Grant, entries: Sequence[Entry]) -> list[ScheduleRow]:
    """One grant's schedule rows."""
    return [
        ScheduleRow(
            g.id,
            e.date,
            e.shares,
            e.cumulative,
            percent_plain(e.shares, g.shares),
            percent_plain(e.cumulative, g.shares),
            e.mark.value,
            e.original_date,
            e.note,
        )
        for e in entries
    ]


def schedule_frame(rows: Iterator[ScheduleRow], titles: dict[str, str]) -> Report:
    """The schedule report around ``rows`` (``titles``: per grant id, filled as rows come)."""
    return Report(
        "schedule",
        ScheduleRow,
        rows,
        title="Vesting schedule",
        split_by="grant_id",
        titles=titles,
    )


def dilution_cells(granted: int, outstanding: int | None) -> tuple[str | None, str | None]:
    """Percent of outstanding and fully diluted percent (:mod:`vesting.accounting.dilution`),
    or nothing when no share count was given."""
    if outstanding is None:
        return None, None
    from ..accounting.dilution import dilution

    d = dilution(granted, outstanding)
    return percent_plain(d.of_outstanding, 1), percent_plain(d.fully_diluted, 1)


def status_row(
    s: Status,
    kind: str | None,
    total: bool = False,
    outstanding: int | None = None,
    iso: tuple[Shares | None, Shares | None] = (None, None),
) -> StatusRow:
    nxt = s.next_vest
    return StatusRow(
        "total" if total else "grant",
        s.as_of,
        None if total else s.grant_id,
        kind,
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
        None if nxt is None else nxt.date,
        None if nxt is None else nxt.shares,
        s.fully_vested,
        s.exercise_deadline,
        *dilution_cells(s.granted, outstanding),
        *iso,
    )


def status_report(
    pairs: Iterable[tuple[Grant, Sequence[Status]]],
    dates: Sequence[_dt.date],
    outstanding: int | None = None,
) -> Report:
    """Every grant's :class:`Status` on every date, then a total row per date (``row`` is
    ``"grant"`` or ``"total"``; a total's ``grant_id`` and ``kind`` are null)."""

    def rows() -> Iterator[StatusRow]:
        totals = [StatusTotal(d) for d in dates]
        for g, statuses in pairs:
            yield from status_rows(g, statuses, totals, outstanding)
        yield from status_total_rows(totals, outstanding)

    return status_frame(rows(), dates)


def status_rows(
    g: Grant,
    statuses: Sequence[Status],
    totals: Sequence[StatusTotal],
    outstanding: int | None = None,
    split: Sequence[IsoYear] | None = None,
) -> list[StatusRow]:
    """One grant's rows (one a date), each status added to that date's running total. With
    ``split`` (an ISO grant's, :mod:`vesting.tax.iso`): its vested shares as ISO and NSO."""
    kind = g.kind.value
    out = []
    for total, s in zip(totals, statuses, strict=True):
        total.add(s)
        iso: tuple[Shares | None, Shares | None] = (None, None)
        if split is not None:
            from ..tax.iso import iso_by

            iso_vested = min(s.vested, iso_by(g, split, s.as_of))
            iso = (iso_vested, s.vested - iso_vested)
        out.append(status_row(s, kind, False, outstanding, iso))
    return out


def status_total_rows(
    totals: Sequence[StatusTotal], outstanding: int | None = None
) -> list[StatusRow]:
    """The total rows, one a date."""
    return [status_row(total.status(), None, True, outstanding) for total in totals]


def status_frame(rows: Iterator[StatusRow], dates: Sequence[_dt.date]) -> Report:
    """The status report around ``rows``."""
    return Report(
        "status",
        StatusRow,
        rows,
        {"as_of": [d.isoformat() for d in dates]},
        title=f"Status as of {dates[0]}" if len(dates) == 1 else "Status",
        card=True,
        section_by=_by_date_then_total,
        hidden=frozenset({"as_of"}) if len(dates) == 1 else frozenset(),
    )


def _by_date_then_total(row: tuple[object, ...]) -> object:
    return row[1]  # as_of: one section per date in tables


def value_row(
    v: Valuation,
    total: bool = False,
    outstanding: int | None = None,
    iso: tuple[Shares | None, Shares | None] = (None, None),
) -> ValueRow:
    return ValueRow(
        "total" if total else "grant",
        v.as_of,
        v.price,
        None if total else v.grant_id,
        None if total else v.kind.value,
        None if total else v.exercise_price,
        None if total else v.spread,
        v.vested_shares,
        v.unvested_shares,
        v.vested_value,
        v.unvested_value,
        v.total_value,
        v.repurchased_shares,
        v.repurchase_cash,
        *dilution_cells(v.granted, outstanding),
        *iso,
    )


def value_report(
    pairs: Iterable[tuple[Grant, Sequence[Valuation]]],
    dates: Sequence[_dt.date],
    prices: Sequence[Decimal] | PriceTable,
    outstanding: int | None = None,
) -> Report:
    """Every grant's :class:`Valuation` on every date at every price (each grant's valuations
    in that order), then a total row per (date, price)."""

    def rows() -> Iterator[ValueRow]:
        totals: dict[tuple[_dt.date, Decimal], ValueTotal] = {}
        for _, valuations in pairs:
            yield from value_rows(valuations, totals, outstanding)
        yield from value_total_rows(totals, outstanding)

    return value_frame(rows(), dates, prices)


ValueTotals = dict[tuple[_dt.date, Decimal], ValueTotal]
"""Running totals of valuations, by (date, price), in the order they first appear."""


def value_rows(
    valuations: Sequence[Valuation],
    totals: ValueTotals,
    outstanding: int | None = None,
    grant: Grant | None = None,
    split: Sequence[IsoYear] | None = None,
) -> list[ValueRow]:
    """One grant's rows, each valuation added to the running total of its date and price.
    With an ISO grant's ``split``: its vested (exercisable) shares as ISO and NSO, exercises
    having taken ISO shares first."""
    out = []
    for v in valuations:
        iso: tuple[Shares | None, Shares | None] = (None, None)
        if split is not None and grant is not None:
            from ..status import evaluate
            from ..tax.iso import iso_by

            st = evaluate(grant, v.as_of)
            left = max(0, min(st.vested, iso_by(grant, split, v.as_of)) - st.exercised)
            iso_now = min(v.vested_shares, left)
            iso = (iso_now, v.vested_shares - iso_now)
        key = (v.as_of, v.price)
        total = totals.get(key)
        if total is None:
            total = totals[key] = ValueTotal(v.as_of, v.price)
        total.add(v)
        out.append(value_row(v, False, outstanding, iso))
    return out


def value_total_rows(totals: ValueTotals, outstanding: int | None = None) -> list[ValueRow]:
    """The total rows, one per (date, price)."""
    return [value_row(total.valuation(), True, outstanding) for total in totals.values()]


def value_frame(
    rows: Iterator[ValueRow], dates: Sequence[_dt.date], prices: Sequence[Decimal] | PriceTable
) -> Report:
    """The value report around ``rows``."""
    source: object = (
        prices.name if isinstance(prices, PriceTable) else [price_plain(p) for p in prices]
    )
    return Report(
        "value",
        ValueRow,
        rows,
        {"as_of": [d.isoformat() for d in dates], "prices": source},
        title=f"Value as of {dates[0]}" if len(dates) == 1 else "Value",
        card=True,
        section_by=_by_date_and_price,
        hidden=frozenset({"as_of"}) if len(dates) == 1 else frozenset(),
    )


def _by_date_and_price(row: tuple[object, ...]) -> object:
    return (row[1], row[2])


def problem_row(p: Problem) -> ProblemRow:
    from .plain import problem_plain

    plain = problem_plain(p)
    return ProblemRow(p.location.text(), p.field, str(plain["value"]), p.allowed, p.message())


def validate_report(
    name: str, problems: Iterable[Problem], trailer: Callable[[], Mapping[str, object]]
) -> Report:
    """The problems of a grant file, one row each. ``trailer`` gives what is known once they
    are all out (``grants``: how many entries the file holds; ``valid``)."""
    rows = (problem_row(p) for p in problems)
    return Report("validate", ProblemRow, rows, {"file": name}, trailer, name)
