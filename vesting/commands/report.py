"""``report``: one self-contained HTML page of the grants (:mod:`vesting.report.page`, written by
:mod:`vesting.render.html`): a card per grant, the charts, the status and value tables — the
same figures as ``status`` and ``value``, ISO grants' ISO / NSO split included — each grant's
schedule and events, and for grants that carry fair-value inputs a fair value and expense
section (the same figures as ``fair-value`` and ``expense``).

Grants are added one at a time (:meth:`PageBuilder.add`): every figure of a grant is computed
before any is kept, so a grant that fails leaves nothing behind.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import VestingError
from ..model import Grant
from ..report import Note, Report
from ..report.charts import PicturesBuilder
from ..report.page import GrantPage, Page, Section, event_row, terms_text
from ..valuation import PriceTable
from . import schedule as sched
from .base import Document, Gathered, Listing, Row
from .status import Result as StatusResult
from .status import StatusCommand
from .value import Result as ValueResult
from .value import ValueCommand


def _first_date(row: Any) -> _dt.date:
    date: _dt.date = row.date
    return date


class PageBuilder:
    """Collects grants (:meth:`add`), then :meth:`finish` the page and its extra sections."""

    def __init__(
        self,
        source: str,
        as_of: _dt.date,
        prices: tuple[Decimal, ...] | PriceTable | None = None,
    ) -> None:
        self.source = source
        self.as_of = as_of
        self.prices = prices
        self.pictures = PicturesBuilder(as_of, prices)
        self.grants: list[GrantPage] = []
        self.status = StatusCommand((as_of,))
        self.status_state = self.status.state()
        self.status_results: list[tuple[Grant, StatusResult]] = []
        self.value = None if prices is None else ValueCommand((as_of,), prices)
        self.value_state = None if self.value is None else self.value.state()
        self.value_results: list[tuple[Grant, ValueResult]] = []

    def add(self, grant: Grant) -> None:
        """Add one grant (a :class:`~vesting.errors.VestingError` leaves nothing of it)."""
        schedule = sched.grant_report(grant)
        schedule.rows = tuple(schedule.rows)  # computed now: a failure leaves nothing behind
        events = tuple(sorted((event_row(e) for e in grant.events), key=_first_date))
        self.pictures.add(grant)  # computes status and value; keeps them only if all worked
        standing = self.pictures.standing[-1]
        # the ISO split last: it counts the grant against its holder's limit
        self.status_results.append((grant, self.status.compute(grant, self.status_state)))
        if self.value is not None:
            self.value_results.append((grant, self.value.compute(grant, self.value_state)))
        self.grants.append(
            GrantPage(
                grant,
                standing.status,
                standing.valuation,
                schedule,
                sched.title(grant),
                events,
                tuple(sched.notes(grant)),
                terms_text(grant.terms),
            )
        )

    def _table(self, command: Listing[Any], results: Sequence[tuple[Grant, Any]]) -> Report:
        gathered = Gathered()

        def rows() -> Iterator[Row]:
            totals = command.totals()
            for grant, result in results:
                command.gather(grant, result, gathered)
                yield from command.rows(grant, result, totals)
            yield from totals.rows()

        found = tuple(rows())
        report = command.frame(iter(found), gathered)
        report.rows = found
        report.notes.extend(gathered.notes)
        return report

    def finish(self) -> tuple[Page, tuple[Section, ...]]:
        pictures = self.pictures.build()
        value = None if self.value is None else self._table(self.value, self.value_results)
        page = Page(
            self.source,
            self.as_of,
            tuple(self.grants),
            self._table(self.status, self.status_results),
            value,
            pictures,
            pictures.price_file,
        )
        return page, accounting_sections([g.grant for g in self.grants], self.as_of)


def accounting_sections(grants: list[Grant], as_of: _dt.date) -> tuple[Section, ...]:
    """The report's accounting section, for the grants that carry fair-value inputs: the
    grant-date fair value of each (as ``fair-value`` gives it), and the graded expense by
    calendar year from the first of their grant years through the report's as-of date (as
    ``expense`` gives it). A grant whose fair value cannot be estimated (an input missing) is
    named, not valued."""
    from ..accounting.years import periods
    from .expense import ExpenseCommand, expense_note
    from .fair_value import ESTIMATE, FairValueCommand
    from .fair_value import Result as FairValueResult

    priced = [g for g in grants if g.pricing is not None and g.grant_date <= as_of]
    if not priced:
        return ()
    fv = FairValueCommand()
    values: list[tuple[Grant, FairValueResult]] = []
    notes: list[str | Note] = [ESTIMATE]
    for g in priced:
        try:
            values.append((g, fv.compute(g, None)))
        except VestingError as e:
            fields = ", ".join(p.field for p in e.problems)
            notes.append(f"{g.id}: no fair value ({fields} not given).")
    if not values:
        return (Section("Fair value and expense", tuple(notes)),)
    fv_totals = fv.totals()
    fv_rows: list[Row] = [row for g, v in values for row in fv.rows(g, v, fv_totals)]
    fv_rows.extend(fv_totals.rows())
    start = _dt.date(min(g.grant_date for g, _ in values).year, 1, 1)
    expense = ExpenseCommand(periods(start, as_of, "year"))
    ex_totals = expense.totals()
    ex_rows: list[Row] = []
    for g, _ in values:
        ex_rows.extend(expense.rows(g, expense.compute(g, None), ex_totals))
    ex_rows.extend(ex_totals.rows())
    notes.append(expense_note(ex_totals.summary()))
    fair = fv.frame(iter(fv_rows), Gathered())
    fair.rows = tuple(fv_rows)
    spent = expense.frame(iter(ex_rows), Gathered())
    spent.rows = tuple(ex_rows)
    return (Section("Fair value and expense (ASC 718)", tuple(notes), (fair, spent)),)


@dataclass(frozen=True)
class ReportCommand(Document):
    """The HTML report of the grants as of ``as_of`` (``source``: the name the page shows;
    ``prices``: one price or prices by date, for values)."""

    name = "report"
    what = "report"

    source: str
    as_of: _dt.date
    prices: tuple[Decimal, ...] | PriceTable | None = None

    def start(self, today: _dt.date) -> PageBuilder:
        return PageBuilder(self.source, self.as_of, self.prices)
