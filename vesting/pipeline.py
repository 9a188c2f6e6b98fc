"""Bulk runs: grant entries → per-grant results → report rows → text, in one process or in
several. The command line runs ``schedule``, ``status`` and ``value`` through here, and so can
a program that embeds the library.

A :class:`Question` says what to compute for each grant (its timeline, its statuses on some
dates, its values at some prices), which grants (ids) and what-if events to add. :func:`run`
answers it over a source of grants and writes the report as it goes:

* Entries are taken in chunks; each chunk is *processed* (:func:`process`): every entry's
  rows are computed and encoded to text, and added to running totals. The caller's side then
  writes the chunk's records in order, applying the error policy to any entry with problems.
* With ``jobs`` > 1 and a CSV or JSON-lines file, the chunks are raw text, split at record
  boundaries, and processed by worker processes — the same :func:`process`, the same readers
  and encoders, so the text is the same as in one process. Results are written in input
  order; at most ``2 × jobs`` chunks are in flight, so memory stays flat.
* Repeated grant ids are caught over the whole input. A chunk whose records include a repeat
  (dropped under ``skip``) is processed again without it, so the totals count each grant once.
* Error policy: ``stop`` (default) ends the run at the first entry with problems — the records
  before it are written, the error is raised; ``skip`` reports each such entry through
  ``on_skip`` and goes on. A problem with the input as a whole (an unreadable file, a bad
  header, an id asked for that no grant has) always stops the run.
* Totals rows are written after the last grant, from the running totals merged over chunks.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, NamedTuple, TextIO

from . import batch, render
from .errors import MISSING, InputError, Location, Problem, VestingError
from .events import timeline
from .io import Read, Source
from .io.seen import SeenIds, repeated
from .io.source import Text, open_text
from .model import Event, Grant, Kind, LeaveTolling, Pricing
from .report import Report
from .report import builders as b
from .status import StatusTotal, statuses
from .valuation import PricesByDate, PriceTable, ValueTotal, valuations

if TYPE_CHECKING:
    from .accounting.years import Period
    from .tax.rates import TaxRates

COMMANDS: Final = ("schedule", "status", "value", "fair-value", "expense", "tax")
MAX_DATES: Final = 1000
"""The most dates one question asks about."""
MAX_GRID: Final = 10_000
"""The most (date, price) values one question asks of each grant."""
CHUNK: Final = 2000
"""Grant entries per chunk."""
PARALLEL_BYTES: Final = 4 * 1024 * 1024
"""Inputs smaller than this are processed in one process whatever ``jobs`` says: starting
workers costs more than they would save."""


@dataclass(frozen=True)
class Question:
    """What to compute for each grant, and for which grants. Picklable (workers get it)."""

    command: str
    """``schedule``, ``status`` or ``value``."""
    dates: tuple[_dt.date, ...] = ()
    prices: tuple[Decimal, ...] | PriceTable = ()
    per_date: PricesByDate = ()
    ids: tuple[str, ...] = ()
    events: tuple[Event, ...] = ()
    toll: LeaveTolling | None = None
    """A what-if leave policy for every grant (``None``: each grant's own)."""
    outstanding: int | None = None
    """The company's shares outstanding: ``status`` and ``value`` add dilution percents."""
    pricing: Pricing | None = None
    """Fair-value inputs for every grant, over each grant's own (``fair-value``, ``expense``)."""
    per_tranche: bool = False
    """``fair-value``: value each tranche with its own expected term."""
    periods: tuple[Period, ...] = ()
    """``expense``: the reporting periods, contiguous and in order."""
    attribution: str = "graded"
    forfeiture_rate: Decimal | None = None
    year: int | None = None
    """``tax``: the calendar year."""
    rates: TaxRates | None = None
    """``tax``: the rates and thresholds (default: :class:`~vesting.tax.rates.TaxRates`)."""
    iso: Any = None
    """``status``, ``value``: an :class:`~vesting.tax.iso.IsoLedger` to split ISO grants' shares
    into ISO and NSO (``None``: no split). It runs in input order, so such a run is in one
    process."""
    ledgers: TaxLedgers | None = None
    """``tax``: each holder's running totals, carried from grant to grant (so a tax run is
    always in one process, in input order)."""

    def __post_init__(self) -> None:
        if self.command not in COMMANDS:
            raise ValueError(f"unknown command {self.command!r}")
        found: list[Problem] = []
        if len(self.dates) > MAX_DATES:
            found.append(Problem("as_of", f"{len(self.dates):,} dates", f"at most {MAX_DATES:,}"))
        grid = sum(len(prices) for _, prices in self.per_date)
        if grid > MAX_GRID:
            allowed = f"at most {MAX_GRID:,} values a grant (dates × prices)"
            found.append(Problem("price", f"{grid:,} dates × prices", allowed))
        if found:
            raise InputError(found)

    def compute(self, grant: Grant) -> Any:
        if self.command == "schedule":
            return timeline(grant)
        if self.command in ("status", "value"):
            found = (
                statuses(grant, self.dates)
                if self.command == "status"
                else valuations(grant, self.per_date)
            )
            if self.iso is not None and grant.kind is Kind.ISO:
                try:
                    return WithIso(found, self.iso.split(grant))
                except InputError as e:  # listed out of grant order: no split for it
                    return WithIso(found, None, e.problems[0].allowed)
            return found
        if self.command == "tax":
            from .tax.events import tax_events

            assert self.year is not None and self.ledgers is not None
            return tax_events(
                grant, self.year, self.price_on, self.ledgers.withholding, self.ledgers.iso
            )
        from .accounting.fairvalue import fair_value

        fv = fair_value(grant, self.pricing, self.per_tranche)
        if self.command == "fair-value":
            return fv
        from .accounting.expense import Recognizer

        each = fv.per_share
        assert each is not None  # one value a share: expense does not value per tranche
        recognizer = Recognizer(grant, each, self.attribution, self.forfeiture_rate)
        return fv, recognizer.by_period(self.periods)

    def totals(self) -> Any:
        """New, empty running totals."""
        if self.command == "status":
            return [StatusTotal(d) for d in self.dates]
        from .report import accounting as ra

        if self.command == "fair-value":
            return ra.FairValueTotal()
        if self.command == "expense":
            return ra.expense_totals(self.periods)
        if self.command == "tax":
            from .report.tax import TaxTotal

            assert self.year is not None
            return TaxTotal(self.year)
        return {}

    def price_on(self, on: _dt.date) -> Decimal:
        """The price on a date: the price file's, or the one price given."""
        if isinstance(self.prices, PriceTable):
            return self.prices.price_on(on)
        if len(self.prices) != 1:
            allowed = f"the share price on {on} (one --price, or --prices FILE)"
            raise InputError([Problem("price", MISSING, allowed)])
        return self.prices[0]

    def rows(self, grant: Grant, value: Any, totals: Any) -> list[tuple[object, ...]]:
        """A grant's rows, its figures added to the running totals."""
        if self.command == "schedule":
            return b.schedule_rows(grant, value)  # type: ignore[return-value]
        split = None
        if isinstance(value, WithIso):
            value, split, _ = value
        if self.command == "status":
            return b.status_rows(grant, value, totals, self.outstanding, split)  # type: ignore[return-value]
        if self.command == "value":
            return b.value_rows(value, totals, self.outstanding, grant, split)  # type: ignore[return-value]
        from .report import accounting as ra

        if self.command == "fair-value":
            return ra.fair_value_rows(grant, value, totals)  # type: ignore[return-value]
        if self.command == "expense":
            return ra.expense_rows(grant, value, totals)  # type: ignore[return-value]
        if self.command == "tax":
            from .report.tax import tax_rows

            return tax_rows(value, totals)  # type: ignore[return-value]
        raise ValueError(self.command)

    def merge(self, totals: Any, other: Any) -> None:
        """Add running totals from another chunk into ``totals``."""
        if self.command == "status" or self.command == "expense":
            for running, theirs in zip(totals, other, strict=True):
                running.merge(theirs)
        elif self.command in ("fair-value", "tax"):
            totals.merge(other)
        elif self.command == "value":
            for key, part in other.items():
                same: ValueTotal | None = totals.get(key)
                if same is None:
                    totals[key] = part
                else:
                    same.merge(part)

    def total_rows(self, totals: Any) -> list[tuple[object, ...]]:
        if self.command == "status":
            return b.status_total_rows(totals, self.outstanding)  # type: ignore[return-value]
        if self.command == "value":
            return b.value_total_rows(totals, self.outstanding)  # type: ignore[return-value]
        from .report import accounting as ra

        if self.command == "fair-value":
            return ra.fair_value_total_rows(totals)  # type: ignore[return-value]
        if self.command == "expense":
            return ra.expense_total_rows(totals)  # type: ignore[return-value]
        if self.command == "tax":
            return [totals.row()]
        return []

    def summary(self, totals: Any) -> dict[str, object]:
        """What the output states once every grant is in (``expense``: the unrecognized cost
        and its weighted-average remaining period as of the last period's end)."""
        if self.command == "expense":
            from .report import accounting as ra

            return ra.expense_summary(totals)
        return {}

    def frame(self, rows: Iterator[tuple[object, ...]], titles: dict[str, str]) -> Report:
        """The report around ``rows`` (its columns, parameters and table layout)."""
        if self.command == "schedule":
            return b.schedule_frame(rows, titles)  # type: ignore[arg-type]
        if self.command == "status":
            return b.status_frame(rows, self.dates)  # type: ignore[arg-type]
        if self.command == "value":
            return b.value_frame(rows, self.dates, self.prices)  # type: ignore[arg-type]
        from .report import accounting as ra

        if self.command == "fair-value":
            return ra.fair_value_frame(rows, self.per_tranche)  # type: ignore[arg-type]
        if self.command == "expense":
            return ra.expense_frame(rows, self.expense_params())  # type: ignore[arg-type]
        if self.command == "tax":
            from .report.tax import tax_frame

            source: object = (
                self.prices.name
                if isinstance(self.prices, PriceTable)
                else [str(p) for p in self.prices]
            )
            return tax_frame(rows, {"year": self.year, "prices": source})  # type: ignore[arg-type]
        raise ValueError(self.command)

    def expense_params(self) -> dict[str, object]:
        return {
            "from": self.periods[0].start.isoformat() if self.periods else None,
            "to": self.periods[-1].end.isoformat() if self.periods else None,
            "attribution": self.attribution,
            "forfeiture_rate": None if self.forfeiture_rate is None else str(self.forfeiture_rate),
        }


class WithIso(NamedTuple):
    """A status or value result of an ISO grant, with the grant's ISO / NSO split by year (or,
    for a grant listed out of grant order, none and why)."""

    value: Any
    split: Any
    why_not: str = ""


@dataclass
class TaxLedgers:
    """A tax run's running state: withholding per holder and the ISO limit per holder."""

    withholding: Any
    iso: Any

    @classmethod
    def new(cls, rates: TaxRates) -> TaxLedgers:
        from .tax.iso import IsoLedger
        from .tax.withholding import Ledger

        return cls(Ledger(rates), IsoLedger(rates.iso_limit))


class Record(NamedTuple):
    """One grant entry's outcome in a chunk: its ``text`` (encoded rows; ``rows`` for formats
    that are not streamed), or its ``problems``."""

    line: int | None
    where: Location
    grant_id: str | None
    text: str
    rows: tuple[tuple[object, ...], ...]
    problems: tuple[Problem, ...]
    entry: bool


class Chunk(NamedTuple):
    """A processed chunk: its records in input order, the running totals of its good records,
    the ids it selected, the first few grant ids it read, and its grants' schedule titles."""

    records: list[Record]
    totals: Any
    found: frozenset[str]
    some: tuple[str, ...]
    titles: dict[str, str]
    notes: list[str]


@dataclass
class Format:
    """The output format, and its encoder when it streams."""

    name: str
    options: render.Options
    encoder: render.Encoder | None = field(default=None)


def process(
    question: Question,
    entries: Iterable[Read],
    encoder: render.Encoder | None,
    skip: frozenset[int | None] = frozenset(),
) -> Chunk:
    """Compute and encode every entry (see the module doc); entries on the lines in ``skip``
    are left out (repeated ids the caller has found). The ids selected are kept only when the
    question names ids, and schedule titles only for tables (``encoder`` is ``None``): nothing
    kept grows with the input otherwise."""
    totals = question.totals()
    records: list[Record] = []
    found: set[str] = set()
    some: list[str] = []
    titles: dict[str, str] = {}
    notes: list[str] = []
    wanted = set(question.ids)

    def picked() -> Iterator[Read]:
        for e in entries:
            grant = e.grant
            if grant is not None:
                if len(some) < 10:
                    some.append(grant.id)
                if e.line in skip or (wanted and grant.id not in wanted):
                    continue
                if wanted:
                    found.add(grant.id)
            yield e

    for entry in batch.add_events(picked(), question.events, question.toll):
        grant = entry.grant
        if grant is None or entry.problems:
            records.append(
                Record(entry.line, entry.where, None, "", (), entry.problems, entry.entry)
            )
            continue
        try:
            value = question.compute(grant)
        except VestingError as e:
            located = tuple(p.located(entry.where) for p in e.problems)
            records.append(Record(entry.line, entry.where, grant.id, "", (), located, True))
            continue
        rows = question.rows(grant, value, totals)
        if isinstance(value, WithIso) and value.why_not and encoder is None:
            notes.append(f"{grant.id}: no ISO/NSO split, {value.why_not}")
        if question.command == "schedule" and encoder is None:
            titles[grant.id] = b.schedule_title(grant)
            notes.extend(b.schedule_notes(grant))
        if encoder is not None:
            records.append(
                Record(entry.line, entry.where, grant.id, encoder.rows(rows), (), (), True)
            )
        else:
            records.append(Record(entry.line, entry.where, grant.id, "", tuple(rows), (), True))
    return Chunk(records, totals, frozenset(found), tuple(some), titles, notes)


# ----------------------------------------------------------------------------------- running

Labeller = Callable[[Record], Sequence[Problem]]
"""Turns a record's problems into the ones shown (the command line names its options)."""


class Outcome(NamedTuple):
    """How a run went: grant entries ``written`` and ``skipped``."""

    written: int
    skipped: int


class Writer:
    """Writes records in order, applying the error policy and checking ids for repeats."""

    def __init__(
        self,
        question: Question,
        fmt: Format,
        out: TextIO,
        skip: bool,
        on_skip: Callable[[Sequence[Problem]], None] | None,
        label: Labeller | None,
        check_ids: bool,
    ) -> None:
        self.question, self.fmt, self.out = question, fmt, out
        self.skip, self.on_skip, self.label = skip, on_skip, label
        self.seen = SeenIds() if check_ids else None
        self.noun = "row"
        self.totals = question.totals()
        self.found: set[str] = set()
        self.some: list[str] = []
        self.titles: dict[str, str] = {}
        self.notes: list[str] = []  # tables only
        self.rows: list[tuple[object, ...]] = []  # tables only
        self.written = self.skipped = 0
        self.started = False

    def problem(self, record: Record, problems: Sequence[Problem]) -> None:
        shown = self.label(record._replace(problems=tuple(problems))) if self.label else problems
        if not self.skip or not record.entry:
            raise InputError(shown)
        if self.on_skip is not None:
            self.on_skip(shown)
        self.skipped += 1

    def chunk(self, chunk: Chunk, again: Callable[[frozenset[int | None]], Chunk] | None) -> None:
        """Write a processed chunk; ``again`` reprocesses it without some lines (repeats)."""
        repeats: dict[int | None, int] = {}
        if self.seen is not None:
            for r in chunk.records:
                if not r.problems and r.grant_id is not None and r.line is not None:
                    before = self.seen.add(r.grant_id, r.line)
                    if before is not None:
                        repeats[r.line] = before
        totals = chunk.totals
        if repeats and again is not None and self.skip:
            # the repeats are dropped: count this chunk's grants again without them
            totals = again(frozenset(repeats)).totals
        encoder = self.fmt.encoder
        parts: list[str] = []
        for r in chunk.records:
            problems = r.problems
            if r.line in repeats and not problems and r.grant_id is not None:
                problems = (repeated(r.grant_id, repeats[r.line], r.where),)
            if problems:
                self._flush(parts)
                self.problem(r, problems)
                continue
            self.written += 1
            if encoder is None:
                self.rows.extend(r.rows)
            elif r.text:
                if self.started and encoder.separator:
                    parts.append(encoder.separator)
                parts.append(r.text)
                self.started = True
        self._flush(parts)
        self.question.merge(self.totals, totals)
        self.found |= chunk.found
        self.some.extend(chunk.some[: 10 - len(self.some)])
        self.titles.update(chunk.titles)
        self.notes.extend(chunk.notes)

    def _flush(self, parts: list[str]) -> None:
        if parts:
            self.out.write("".join(parts))
            parts.clear()

    def finish(self) -> Report:
        """Check the ids asked for; write the totals; return the report (for its tail)."""
        missing = [i for i in dict.fromkeys(self.question.ids) if i not in self.found]
        if missing:
            shown = ", ".join(self.some) + (", ..." if len(self.some) == 10 else "")
            allowed = f"a grant id in the file: {shown or 'none'}"
            raise InputError([Problem("grant", i, allowed) for i in missing])
        totals = self.question.total_rows(self.totals)
        encoder = self.fmt.encoder
        if encoder is not None and totals:
            text = encoder.rows(totals)
            self.out.write(encoder.separator + text if self.started and encoder.separator else text)
        self.rows.extend(totals)
        report = self.question.frame(iter(self.rows), self.titles)
        report.notes.extend(self.notes)
        summary = self.question.summary(self.totals)
        if summary:
            from .report.accounting import expense_note

            report.trailer = lambda: summary
            report.notes.append(expense_note(summary))
        return report


def run(
    question: Question,
    source: Source | Iterable[Read],
    out: TextIO,
    *,
    format: str = "csv",
    options: render.Options | None = None,
    on_error: str = "stop",
    jobs: int = 1,
    on_skip: Callable[[Sequence[Problem]], None] | None = None,
    label: Labeller | None = None,
    input_format: str | None = None,
    opened: Callable[[Text], None] | None = None,
    progress: Callable[[], None] | None = None,
    parallel_bytes: int = PARALLEL_BYTES,
) -> Outcome:
    """Answer ``question`` over ``source`` (a grant file path, ``"-"``, a text stream, or grant
    entries) and write the report to ``out`` in ``format`` (see the module doc).

    ``jobs`` > 1 processes a large CSV or JSON-lines file in that many worker processes.
    ``on_skip`` receives the problems of each entry skipped under ``on_error="skip"``;
    ``label`` may rename a record's problems before they are shown or raised. ``opened``
    and ``progress`` (called after each chunk) serve a progress display. Inputs smaller than
    ``parallel_bytes`` run in this process whatever ``jobs`` says.
    """
    if on_error not in ("stop", "skip"):
        raise InputError([Problem("on_error", on_error, "stop or skip")])
    chosen = render.Options() if options is None else options
    make = render.encoder(format)
    columns = question.frame(iter(()), {}).columns
    if format == "table" and chosen.columns:
        render.check_columns(columns, chosen.columns)
    fmt = Format(format, chosen, None if make is None else make(columns, chosen))
    from .io import is_ocf
    from .io.source import check_format

    if isinstance(source, str | os.PathLike) and is_ocf(source, check_format(input_format)):
        # a package: read whole, not streamed
        from .io.ocf import read_ocf
        from .io.seen import unique

        source = unique(read_ocf(source))
    reading = not isinstance(source, str | os.PathLike) and not hasattr(source, "read")
    writer = Writer(question, fmt, out, on_error == "skip", on_skip, label, check_ids=False)
    head = question.frame(iter(()), {})
    if fmt.encoder is not None:
        out.write(fmt.encoder.head(head))
    if reading:
        _serial(question, source, fmt, writer, progress)  # type: ignore[arg-type]
    else:
        with open_text(source, input_format) as text:  # type: ignore[arg-type]
            if opened is not None:
                opened(text)
            parallel = (
                jobs > 1
                and question.command != "tax"  # holders' running totals: in input order
                and question.iso is None
                and fmt.encoder is not None
                and text.format in ("csv", "jsonl")
                and (text.size or 0) >= parallel_bytes
            )
            if parallel:
                from .workers import parallel as in_workers

                writer.seen = SeenIds()
                writer.noun = "row" if text.format == "csv" else "line"
                in_workers(question, text, fmt, writer, jobs, progress)
            else:
                from .io import READERS
                from .io.seen import unique

                _serial(question, unique(READERS[text.format](text)), fmt, writer, progress)
    report = writer.finish()
    if fmt.encoder is not None:
        out.write(fmt.encoder.tail(report))
    else:
        render.get(format)(report, out, chosen)
    return Outcome(writer.written, writer.skipped)


def _serial(
    question: Question,
    entries: Iterable[Read],
    fmt: Format,
    writer: Writer,
    progress: Callable[[], None] | None,
) -> None:
    iterator = iter(entries)
    while True:
        entries_chunk = list(itertools.islice(iterator, CHUNK))
        if not entries_chunk:
            return
        chunk = process(question, entries_chunk, fmt.encoder)

        def again(skip: frozenset[int | None], these: list[Read] = entries_chunk) -> Chunk:
            return process(question, these, fmt.encoder, skip)

        writer.chunk(chunk, again)
        if progress is not None:
            progress()


def default_jobs() -> int:
    """Worker processes for a large input: one per CPU this process may use (at most 8)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def entries(
    question: Question, source: Source | Iterable[Read], input_format: str | None = None
) -> Iterator[Read]:
    """Every grant entry of ``source`` (a path, ``"-"``, a stream, or entries) narrowed to the
    question's ids and given its what-if events, lazily — for commands that take the grants
    themselves (``export``). An id that matches no grant is one more entry with that problem."""
    from . import io

    is_text = isinstance(source, str | os.PathLike) or hasattr(source, "read")
    items = io.read(source, input_format) if is_text else source  # type: ignore[arg-type]
    yield from batch.add_events(
        batch.select(items, question.ids),  # type: ignore[arg-type]
        question.events,
        question.toll,
    )
