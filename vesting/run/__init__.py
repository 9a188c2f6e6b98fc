"""The run path: grant entries from a source → a command's answer, written once for every
command (:mod:`vesting.commands`), so it never needs to know which command it runs.

* **Selection** (:mod:`vesting.run.select`): the ids asked for, what-if events, a what-if leave
  policy.
* **Error policy** (:mod:`vesting.run.policy`): ``stop`` at the first entry with problems, or
  ``skip`` it, reporting it; a problem of the input as a whole always stops the run.
* **Listing commands** (:func:`run`): entries taken in chunks; each chunk's rows computed and
  encoded (:mod:`vesting.run.chunks`), and written in input order with the totals last
  (:mod:`vesting.run.writer`). With ``jobs`` > 1 and a CSV or JSON-lines file of at least
  ``parallel_bytes``, the chunks are raw text processed by worker processes
  (:mod:`vesting.run.workers`) — the same readers and encoders, so the same text; a command
  whose answers depend on run state (:attr:`~vesting.commands.base.Listing.in_order`) always
  runs in one process, in input order.
* **Documents** (:func:`collect`): every good grant added to a document's builder, at most
  the document's limit.
* **Output** (:mod:`vesting.run.output`): a file is written under a temporary name and renamed
  into place only when the run succeeds.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any, Final, NamedTuple, TextIO, cast

from .. import render
from ..commands.base import Builder, Document, Listing
from ..errors import InputError, Problem, VestingError, at_grant
from ..io import Read, Source
from ..io.seen import SeenIds
from ..io.source import Text, check_format, no_grants, open_text
from ..model import Grant
from ..report import columns_of
from ..report.extra import NONE as NO_EXTRA
from ..report.extra import choose
from .chunks import Chunk, process
from .groups import by_column
from .policy import Policy
from .select import Selection
from .writer import Writer

__all__ = ["Outcome", "Policy", "Selection", "collect", "default_jobs", "entries", "run"]

CHUNK: Final = 2000
"""Grant entries per chunk."""
PARALLEL_BYTES: Final = 4 * 1024 * 1024
"""Inputs smaller than this run in one process whatever ``jobs`` says: starting workers costs
more than they would save."""

Entries = Source | Iterable[Read | Grant]
"""Where a run's grants come from: a path, ``"-"``, a text stream, or grant entries (or
grants) already read."""


class Outcome(NamedTuple):
    """How a run went: grant entries ``written`` (added) and ``skipped``."""

    written: int
    skipped: int


def _text(source: Entries) -> Source | None:
    """``source`` when it is text to read (a path, ``"-"``, a stream), else ``None``."""
    if isinstance(source, str | os.PathLike) or hasattr(source, "read"):
        return cast(Source, source)
    return None


def _is_text(source: Entries) -> bool:
    return _text(source) is not None


def as_entries(items: Iterable[Read | Grant]) -> Iterator[Read]:
    """Grants (a library caller's) as entries; entries as they are."""
    for item in items:
        if isinstance(item, Grant):
            yield Read(item, (), at_grant(item.id), True, item.id)
        else:
            yield item


def entries(
    source: Entries, input_format: str | None = None, *, strict: bool = False
) -> Iterator[Read]:
    """Every grant entry of ``source`` (see :data:`Entries`), lazily (``strict``: see
    :func:`vesting.io.read`)."""
    text = _text(source)
    if text is not None:
        from .. import io

        return io.read(text, input_format, strict=strict)
    return as_entries(cast(Iterable[Read | Grant], source))


def run(
    command: Listing[Any],
    source: Entries,
    out: TextIO,
    *,
    selection: Selection | None = None,
    format: str = "csv",
    options: render.Options | None = None,
    policy: Policy | None = None,
    jobs: int = 1,
    input_format: str | None = None,
    strict: bool = False,
    opened: Callable[[Text], None] | None = None,
    progress: Callable[[], None] | None = None,
    parallel_bytes: int = PARALLEL_BYTES,
    by: str | None = None,
    totals_only: bool = False,
) -> Outcome:
    """Answer ``command`` over ``source`` and write its report to ``out`` in ``format``
    (see the module doc). ``strict``: a column or key of the input that is not a field is an
    error, not an attribute (:func:`vesting.io.read`). ``opened`` and ``progress`` (called
    after each chunk) serve a progress display. ``by``: subtotals by this grant field
    (:mod:`vesting.run.groups`); ``totals_only``: write the total rows only."""
    chosen = options if options is not None else render.Options(format=format)
    policy = policy if policy is not None else Policy()
    selection = selection if selection is not None else Selection()
    extra = NO_EXTRA
    if chosen.columns:
        keys, extra = choose(columns_of(command.row), chosen.columns, table=format == "table")
        chosen = replace(chosen, columns=keys)
    if by is not None:
        own = by_column(command.row, by)
        extra = extra.grouped(by, own)
        if chosen.columns and by not in chosen.columns and own:
            chosen = replace(chosen, columns=(*chosen.columns, by))
    encoder = render.make_encoder(format, columns_of(command.row) + extra.columns, chosen)
    from ..io import is_ocf

    ocf = isinstance(source, str | os.PathLike) and is_ocf(source, check_format(input_format))
    workers = jobs > 1 and not command.in_order and encoder is not None and not ocf
    writer = Writer(
        command, selection, encoder, out, policy, check_ids=False, extra=extra,
        totals_only=totals_only,
    )  # fmt: skip
    readable = _text(source)

    def head() -> None:
        if encoder is not None:
            out.write(encoder.head(command.frame(iter(()), writer.gathered)))

    if workers and readable is not None:
        with open_text(readable, input_format) as text:
            if opened is not None:
                opened(text)
            if text.format in ("csv", "jsonl") and (text.size or 0) >= parallel_bytes:
                from .workers import parallel

                head()
                writer.seen = SeenIds()  # workers cannot see each other's ids
                parallel(command, selection, text, format, chosen, writer, jobs, progress, strict)
                if not writer.written and not policy.skipped:
                    raise InputError([no_grants(text.name)])
            else:
                from ..io import READERS
                from ..io.seen import unique

                found = some(unique(READERS[text.format](text, strict=strict)), text.name)
                head()
                _serial(command, selection, found, encoder, writer, progress)
    else:
        found = some(
            _watch(source, input_format, opened, strict)
            if opened is not None and _is_text(source)
            else entries(source, input_format, strict=strict),
            _name(source),
        )
        head()
        _serial(command, selection, found, encoder, writer, progress)
    report = writer.finish()
    if encoder is not None:
        out.write(encoder.tail(report))
    else:
        render.get(format)(report, out, chosen)
    return Outcome(writer.written, policy.skipped)


def some(found: Iterable[Read], name: str) -> Iterator[Read]:
    """``found``, after reading its first entry: a source with none is an error
    (:func:`~vesting.io.source.no_grants`), and so is one whose first entry is a problem of
    the input as a whole (unreadable, not TOML), raised before anything is written."""
    iterator = iter(found)
    first = next(iterator, None)
    if first is None:
        raise InputError([no_grants(name)])
    if not first.entry and first.problems:  # the input as a whole is bad: nothing to write
        raise InputError(list(first.problems))
    return itertools.chain((first,), iterator)


def _watch(
    source: Entries, input_format: str | None, opened: Callable[[Text], None], strict: bool
) -> Any:
    from .. import io

    text = _text(source)
    assert text is not None
    return io.read(text, input_format, opened=opened, strict=strict)


def _serial(
    command: Listing[Any],
    selection: Selection,
    found: Iterable[Read],
    encoder: render.Encoder | None,
    writer: Writer,
    progress: Callable[[], None] | None,
) -> None:
    state = command.state()
    iterator = iter(found)
    while True:
        chunk_entries = list(itertools.islice(iterator, CHUNK))
        if not chunk_entries:
            return
        chunk: Chunk = process(
            command, selection, chunk_entries, encoder, state, extra=writer.extra
        )
        writer.chunk(chunk, None)
        if progress is not None:
            progress()


def default_jobs() -> int:
    """Worker processes for a large input: one per CPU this process may use (at most 8)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def grants(
    source: Entries,
    selection: Selection,
    policy: Policy,
    input_format: str | None = None,
    opened: Callable[[Text], None] | None = None,
    *,
    strict: bool = False,
) -> Iterator[Read]:
    """The good entries of ``source`` narrowed and changed by ``selection``; each entry with
    problems goes to ``policy`` (so a caller sees only grants it can use)."""
    items = some(
        _watch(source, input_format, opened, strict)
        if opened is not None and _is_text(source)
        else entries(source, input_format, strict=strict),
        _name(source),
    )
    for entry in selection.entries(items):
        if entry.grant is None or entry.problems:
            policy.handle(entry.where, entry.problems, entry.entry)
            continue
        yield entry


def collect(
    document: Document,
    builder: Builder,
    source: Entries,
    selection: Selection,
    policy: Policy,
    input_format: str | None = None,
    *,
    strict: bool = False,
) -> int:
    """Add every good grant of ``source`` to ``builder`` (a grant the builder refuses goes to
    the policy), at most the document's limit; how many were added. A source with no grant at
    all is an error: there would be no document."""
    added = 0
    limit = document.limit
    for entry in grants(source, selection, policy, input_format, strict=strict):
        grant = entry.grant
        assert grant is not None
        if limit is not None and added >= limit:
            what = f"at most {limit:,} grants in one {document.what} (ids select some)"
            raise InputError([Problem("grant", f"more than {limit:,} grants", what)])
        try:
            builder.add(grant)
        except VestingError as e:
            policy.handle(entry.where, [p.located(entry.where) for p in e.problems])
            continue
        added += 1
    if not added and not policy.skipped:
        raise InputError([no_grants(_name(source))])
    return added


def _name(source: Entries) -> str:
    if isinstance(source, str | os.PathLike):
        return "<stdin>" if str(source) == "-" else str(source)
    return str(getattr(source, "name", "the grants given"))
