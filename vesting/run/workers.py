"""Worker processes for a listing run: the input split into chunks at record boundaries, each
chunk read, computed and encoded in a worker, the results written in input order by the
caller's :class:`~vesting.run.writer.Writer`.

Workers are forked where the platform allows (they start at once and share the parent's
pages), spawned elsewhere. At most ``2 × jobs`` chunks are in flight, so memory stays flat. A
worker reads its chunk with the same readers as a whole file
(:func:`vesting.io.csv_file.read_csv_rows`, :func:`vesting.io.jsonl_file.read_jsonl_lines`)
and processes it with the same :func:`vesting.run.chunks.process`; only repeated ids are
checked in the parent, over the whole input. A chunk's result comes back pickled by the worker
and is unpickled here, so a result that cannot travel is an error in this process, never a
pool that waits for ever.
"""

from __future__ import annotations

import csv
import multiprocessing
import pickle
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, Final

from .. import render
from ..commands.base import Listing
from ..errors import MISSING, InputError, Problem, in_file
from ..io import Read
from ..io.build import Builder
from ..io.csv_file import header_problems, read_csv_rows, skippable
from ..io.jsonl_file import read_jsonl_lines
from ..io.source import Text
from ..report import columns_of
from ..report.extra import NONE, choose
from .chunks import Chunk, process
from .select import Selection
from .writer import Writer

CHUNK: Final = 2000
"""Grant entries per chunk."""
MAX_BLOCK: Final = 8 * 1024 * 1024
"""The most text one chunk holds (a chunk is normally about CHUNK records, well under 1 MB)."""


def split(text: Text) -> tuple[list[str] | None, int, Iterator[tuple[int, str]]]:
    """The CSV header (``None`` for JSON lines), the line it ends on, and the text after it, as
    ``(first line, text)`` chunks of about ``CHUNK`` records each, every one ending at a record
    boundary (a line end outside quotes)."""
    lines = text.lines
    header: list[str] | None = None
    number = 0
    if text.format == "csv":
        pending = ""
        for line in lines:
            number += 1
            pending += line
            if pending.count('"') % 2:
                continue  # a quoted line break: the record goes on
            row = next(csv.reader([pending]), [])
            pending = ""
            if not skippable(row):
                header = row
                break

    def chunks() -> Iterator[tuple[int, str]]:
        first = number + 1
        block: list[str] = []
        quotes = 0
        size = 0
        for line in lines:
            block.append(line)
            quotes += line.count('"')
            size += len(line)
            # a block ends at a record boundary (an even number of quotes so far) — or, when a
            # quote seems never to close, after MAX_BLOCK characters: the reader then reports it
            if (len(block) >= CHUNK and quotes % 2 == 0) or size > MAX_BLOCK:
                yield first, "".join(block)
                first += len(block)
                block, quotes, size = [], 0, 0
        if block:
            yield first, "".join(block)

    return header, number, chunks()


_state: dict[str, Any] = {}


def _init(
    command: Listing[Any],
    selection: Selection,
    fmt: str,
    options: render.Options,
    name: str,
    kind: str,
    header: list[str] | None,
    strict: bool = False,
) -> None:
    extra = NONE
    if options.columns:  # the run's keys, already chosen: the same extra columns
        _, extra = choose(columns_of(command.row), options.columns, table=False)
    encoder = render.make_encoder(fmt, columns_of(command.row) + extra.columns, options)
    assert encoder is not None
    _state.update(
        command=command,
        selection=selection,
        encoder=encoder,
        extra=extra,
        name=name,
        kind=kind,
        header=header,
        builder=Builder(strict=strict),
    )


def _entries(first: int, text: str) -> Iterator[Read]:
    lines = text.splitlines(keepends=True)
    if _state["kind"] == "csv":
        return read_csv_rows(_state["name"], _state["header"], lines, first, _state["builder"])
    return read_jsonl_lines(_state["name"], lines, first, _state["builder"])


def _work(first: int, text: str, skip: frozenset[int | None] = frozenset()) -> bytes:
    chunk = process(
        _state["command"], _state["selection"], _entries(first, text), _state["encoder"], None,
        skip, _state["extra"],
    )  # fmt: skip
    return pickle.dumps(chunk, pickle.HIGHEST_PROTOCOL)


def _unpickled(data: bytes) -> Chunk:
    chunk: Chunk = pickle.loads(data)
    return chunk


def parallel(
    command: Listing[Any],
    selection: Selection,
    text: Text,
    fmt: str,
    options: render.Options,
    writer: Writer,
    jobs: int,
    progress: Callable[[], None] | None,
    strict: bool = False,
) -> None:
    """Run ``command`` over a CSV or JSON-lines ``text`` in ``jobs`` worker processes
    (``strict``: see :func:`vesting.io.read`)."""
    header, line, chunks = split(text)
    if text.format == "csv":
        if header is None:
            where = in_file(text.name)
            problem = Problem("header", MISSING, "a header row naming the columns", where)
            raise InputError([problem])
        # a problem of the header is one of the whole input: it stops the run, as it does when
        # one process reads the file (the workers only read rows)
        found = header_problems(header, in_file(text.name, line), strict)
        if found:
            raise InputError(found)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    init = (command, selection, fmt, options, text.name, text.format, header, strict)
    with context.Pool(jobs, _init, init) as pool:
        flight: deque[tuple[Any, int, str]] = deque()
        for first, part in chunks:
            flight.append((pool.apply_async(_work, (first, part)), first, part))
            if len(flight) >= 2 * jobs:
                _land(pool, flight.popleft(), writer, progress)
        while flight:
            _land(pool, flight.popleft(), writer, progress)


def _land(
    pool: Any, job: tuple[Any, int, str], writer: Writer, progress: Callable[[], None] | None
) -> None:
    pending, first, part = job

    def again(skip: frozenset[int | None]) -> Chunk:
        return _unpickled(pool.apply(_work, (first, part, skip)))

    writer.chunk(_unpickled(pending.get()), again)
    if progress is not None:
        progress()
