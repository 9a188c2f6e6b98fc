"""Running a listing command: options → a :class:`vesting.pipeline.Question` and a source →
:func:`vesting.pipeline.run` → the output, with exit statuses.

* Grants come from a file (read lazily) or from ad-hoc options, narrowed by ``--grant`` and
  given the what-if events; every listing command goes through :func:`source_and_question`,
  so they read and check grants the same way.
* Problems: with ``--on-error stop`` (default) the first bad grant ends the run with exit
  status 2; with ``skip`` each bad grant is reported on standard error (with its line) and the
  rest is written, then exit status 1. A problem with the input as a whole (an unreadable
  file, a bad header, an unknown ``--grant`` id) is always fatal.
* Output streams (CSV, JSON lines, JSON): rows are written as they are computed. On standard
  output, rows already written stay written when a later grant fails; with ``-o FILE`` the
  output goes to a temporary file in the same folder, renamed into place only when the run
  succeeds — a failing run never leaves a half-written file.
* ``--jobs``: worker processes for a large CSV or JSON-lines file (see
  :mod:`vesting.pipeline`).
* A progress bar on standard error when it is a terminal, the input is a file larger than
  ``PROGRESS_BYTES`` and neither ``NO_COLOR`` nor ``--quiet`` is set.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Final, TextIO

import typer

from ..errors import MISSING, InputError, Location, Problem, VestingError
from . import labels
from .options import AdHoc, Export, Output, Source, WhatIf

if TYPE_CHECKING:
    from ..io import Read
    from ..io.source import Text
    from ..pipeline import Question, Record

PROGRESS_BYTES: Final = 1024 * 1024
ADHOC: Final = Location("command line")
"""Where an ad-hoc grant comes from."""


def color() -> bool:
    """Colour only for a terminal, and never with NO_COLOR set (https://no-color.org)."""
    return (
        sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    )


def show(problems: Iterable[Problem]) -> None:
    """One ``error:`` line per problem on standard error (options named as typed)."""
    for problem in labels.as_options(problems):
        sys.stderr.write(f"error: {problem.message()}\n")


def fail(error: VestingError, debug: bool) -> typer.Exit:
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    show(error.problems)
    return typer.Exit(2)


def choose_format(out: Output) -> str:
    """The output format from ``--format`` and the ``--json``/``--csv``/``--nl`` shortcuts."""
    from .. import render

    chosen = {f for f, on in (("json", out.json_), ("csv", out.csv_), ("jsonl", out.nl)) if on}
    if out.format is not None:
        key = out.format.strip().lower()
        render.get(key, "format")  # an unknown name is an error naming the formats there are
        chosen.add(key)
    if len(chosen) > 1:
        raise InputError(
            [
                Problem(
                    "format",
                    ", ".join(sorted(chosen)),
                    "one output format (--format, --json, --csv or --nl)",
                )
            ]
        )
    return chosen.pop() if chosen else "table"


MORE: Final = "--wide shows every column; --columns a,b,c picks them."
"""How a table's note says to see the columns it leaves out."""


def terminal_width(to_stdout: bool = True) -> int:
    """The width tables fit: ``COLUMNS`` when set to a number, else the terminal's when the
    table goes to standard output and that is a terminal, else 80 — kept between 40 and 1,000."""
    width = 0
    with contextlib.suppress(ValueError):
        width = int(os.environ.get("COLUMNS", "").strip() or "0")
    if width <= 0 and to_stdout and sys.stdout.isatty():
        with contextlib.suppress(OSError, ValueError, AttributeError):
            width = os.get_terminal_size(sys.stdout.fileno()).columns
    return min(max(width if width > 0 else 80, 40), 1000)


def table_options(out: Output, fmt: str) -> dict[str, Any]:
    """``--columns`` and ``--wide`` as render options (tables only)."""
    if out.columns is None and not out.wide:
        return {}
    if fmt != "table":
        flag = "--columns" if out.columns is not None else "--wide"
        raise InputError(
            [
                Problem(
                    "format",
                    fmt,
                    f"table, to use {flag} (JSON, JSON lines and CSV carry every column)",
                )
            ]
        )
    if out.columns is not None and out.wide:
        raise InputError([Problem("columns", out.columns, "--columns or --wide, not both")])
    if out.wide:
        return {"wide": True}
    assert out.columns is not None
    names = [n.strip().lower().replace("-", "_") for n in out.columns.split(",")]
    if not all(names):
        raise InputError(
            [Problem("columns", out.columns, "column names separated by commas (a,b,c)")]
        )
    return {"columns": tuple(dict.fromkeys(names))}


# ------------------------------------------------------------------------------ grants


def source_and_question(
    src: Source, adhoc: AdHoc, whatif: WhatIf, question: Question, today: _dt.date
) -> tuple[str | list[Read], Question]:
    """Where the grants come from (the file, or the ad-hoc grant) and the question with the
    selected ids and what-if events added. Every listing command goes through here, so they
    read and check grants the same way."""
    from .. import io
    from ..io.eventtext import what_if_events

    events = what_if_events(
        terminate=whatif.terminate or (),
        reason=whatif.reason,
        leave=whatif.leave or (),
        accelerate=whatif.accelerate or (),
        exercise=whatif.exercise or (),
        event=whatif.event or (),
        cancel=whatif.cancel or (),
        today=today,
    )
    if src.on_error not in ("stop", "skip"):
        raise InputError([Problem("on_error", src.on_error, "stop or skip")])
    if src.jobs is not None and src.jobs < 0:
        raise InputError(
            [Problem("jobs", src.jobs, "a number of worker processes >= 1, or 0 (one per CPU)")]
        )
    given = adhoc.given()
    if src.file is not None and given:
        used = ", ".join(labels.ADHOC[k] for k in given)
        raise InputError(
            [Problem("file", src.file, f"a grant file or ad-hoc terms ({used}), not both")]
        )
    from ..io.values import parse_leave_tolling

    toll = None if whatif.toll is None else parse_leave_tolling(whatif.toll, "toll")
    asked = replace(question, ids=tuple(src.grant or ()), events=events, toll=toll)
    if src.file is not None:
        return src.file, asked
    if not given:
        raise InputError(
            [
                Problem(
                    "file",
                    MISSING,
                    "a grant file path, - for standard input, or ad-hoc terms "
                    "(--shares and --grant-date, with --months, --cliff, --every, ...)",
                )
            ]
        )
    try:
        grant = io.build_grant({"id": "adhoc", "kind": "NSO", **given}, today=today)
    except VestingError as e:
        raise InputError(labels.as_adhoc(e.problems)) from None
    return [io.Read(grant, (), ADHOC)], asked


def label(record: Record) -> Sequence[Problem]:
    """An ad-hoc grant's problems are shown with the options that gave its fields."""
    return labels.of_adhoc_grant(record.problems) if record.where == ADHOC else record.problems


# ------------------------------------------------------------------------------ output


@contextlib.contextmanager
def destination(path: str | None) -> Iterator[TextIO]:
    """Standard output, or a temporary file beside ``path`` renamed onto it on success."""
    with _destination(path, binary=False) as out:
        yield out  # type: ignore[misc]


@contextlib.contextmanager
def binary_destination(path: str | None) -> Iterator[BinaryIO]:
    """:func:`destination` for bytes (pictures, calendars)."""
    with _destination(path, binary=True) as out:
        yield out  # type: ignore[misc]


def _readable(path: str) -> None:
    """Give a new output file the permissions any new file gets (a temporary file is made
    readable by its owner only)."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


@contextlib.contextmanager
def _destination(path: str | None, binary: bool) -> Iterator[IO[Any]]:
    if path is None or path == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        return
    from ..io.source import check_path

    target = Path(check_path(path, "output"))
    if target.is_dir():
        raise InputError([Problem("output", path, "a file name, not a folder")])
    folder = target.parent if str(target.parent) else Path(".")
    handle: IO[Any]
    try:
        if binary:
            handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below
                "wb", dir=folder, prefix=f".{target.name}.", suffix=".tmp", delete=False
            )
        else:
            handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below
                "w",
                dir=folder,
                prefix=f".{target.name}.",
                suffix=".tmp",
                delete=False,
                encoding="utf-8",
                newline="",
            )
    except OSError as e:
        raise InputError(
            [Problem("output", path, f"a file in a writable folder ({e.strerror or e})")]
        ) from None
    try:
        _readable(handle.name)
        yield handle
        handle.close()
        try:
            os.replace(handle.name, target)
        except OSError as e:
            raise InputError(
                [Problem("output", path, f"a file that can be replaced ({e.strerror or e})")]
            ) from None
    except BaseException:
        handle.close()
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise


class Progress:
    """A progress bar on standard error while a large file is read (see the module doc)."""

    def __init__(self, out: Output) -> None:
        self.enabled = not out.quiet and sys.stderr.isatty() and not os.environ.get("NO_COLOR")
        self.text: Text | None = None
        self._bar: Any = None

    def opened(self, text: Text) -> None:
        if self.enabled and text.size and text.size > PROGRESS_BYTES and text.tell:
            self.text = text

    def advance(self) -> None:
        if self.text is None or self.text.tell is None:
            return
        if self._bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

            self._bar = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                DownloadColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.text.name, total=self.text.size)
        self._bar.update(self._task, completed=self.text.tell())

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def run(
    out: Output,
    src: Source,
    adhoc: AdHoc,
    whatif: WhatIf,
    ask: Callable[[_dt.date], Question],
) -> None:
    """Answer a listing command's question (see the module doc); turn problems into exit
    statuses (2: the run stopped; 1: grants were skipped)."""
    from .. import pipeline, render

    progress = Progress(out)
    try:
        fmt = choose_format(out)
        today = _dt.date.today()
        source, question = source_and_question(src, adhoc, whatif, ask(today), today)
        options = render.Options(
            format=fmt,
            currency=out.currency,
            color=color() and out.output is None,
            width=terminal_width(out.output is None or out.output == "-"),
            more=MORE,
            **table_options(out, fmt),
        )
        with destination(out.output) as stream:
            outcome = pipeline.run(
                question,
                source,
                stream,
                format=fmt,
                options=options,
                on_error=src.on_error,
                jobs=pipeline.default_jobs() if src.jobs == 0 else src.jobs or 1,
                on_skip=show,
                label=label,
                input_format=src.input_format,
                opened=progress.opened,
                progress=progress.advance,
            )
            stream.flush()
    except VestingError as e:
        raise fail(e, out.debug) from None
    finally:
        progress.stop()
    if outcome.skipped:
        sys.stderr.write(f"{outcome.skipped} grant(s) skipped\n")
        raise typer.Exit(1)


def export(out: Export, src: Source, adhoc: AdHoc, whatif: WhatIf) -> None:
    """``export``: the grants, read and given their what-if events like every listing command,
    written as an OCF package (:func:`vesting.io.ocf.write.write_package`). Problems follow
    ``--on-error`` (stop: exit 2, nothing written; skip: each bad grant reported, the rest
    written, exit 1)."""
    from .. import pipeline
    from ..io.ocf.write import Issuer, write_package
    from ..io.values import parse_date
    from ..model import Grant

    skipped = 0
    priced = 0  # grants with accounting inputs, which OCF has no field for
    try:
        if out.format.strip().lower() != "ocf":
            raise InputError([Problem("format", out.format, "ocf")])
        if out.output is None:
            raise InputError(
                [Problem("output", MISSING, "the package to write: a folder or a .zip file")]
            )
        code = out.currency_code.strip().upper()
        if not (len(code) == 3 and code.isascii() and code.isalpha()):
            raise InputError([Problem("currency_code", out.currency_code, "a code such as USD")])
        country = out.country.strip().upper()
        if not (len(country) == 2 and country.isascii() and country.isalpha()):
            raise InputError([Problem("country", out.country, "an ISO 3166 code such as US")])
        name = out.issuer.strip()
        if not name or len(name) > 200:
            raise InputError([Problem("issuer", out.issuer, "a name of 1 to 200 characters")])
        today = _dt.date.today()
        formed = None if out.formed is None else parse_date(out.formed, "formed", today=today)
        as_of = today if out.as_of is None else parse_date(out.as_of, "as_of", today=today)
        from ..pipeline import Question

        source, question = source_and_question(src, adhoc, whatif, Question("schedule"), today)
        skip = src.on_error == "skip"

        def grants() -> Iterator[Grant]:
            nonlocal skipped
            for entry in pipeline.entries(question, source, src.input_format):
                if entry.grant is None or entry.problems:
                    problems = (
                        labels.of_adhoc_grant(entry.problems)
                        if entry.where == ADHOC
                        else entry.problems
                    )
                    if not skip or not entry.entry:
                        raise InputError(list(problems))
                    show(problems)
                    skipped += 1
                    continue
                if entry.grant.pricing is not None:
                    nonlocal priced
                    priced += 1
                yield entry.grant

        def refused(problems: Sequence[Problem]) -> None:
            nonlocal skipped
            show(problems)
            skipped += 1

        written = write_package(
            grants(),
            out.output,
            issuer=Issuer(name, formed, country),
            currency=code,
            as_of=as_of,
            on_problem=refused if skip else None,
        )
    except VestingError as e:
        raise fail(e, out.debug) from None
    if not out.quiet:
        sys.stderr.write(f"{out.output}: {written} grant(s) written as OCF\n")
        too_big = _unreadable(out.output)
        if too_big:
            sys.stderr.write(
                f"note: {too_big} is larger than this program reads back (64 MiB a file): "
                "export fewer grants at a time (--grant, or split the file)\n"
            )
        if priced:
            sys.stderr.write(
                f"note: fair-value inputs of {priced} grant(s) left out "
                "(OCF has no field for them)\n"
            )
    if skipped:
        sys.stderr.write(f"{skipped} grant(s) skipped\n")
        raise typer.Exit(1)


def _unreadable(package: str) -> str | None:
    """The name of a file of a written package larger than a document this program reads."""
    import zipfile

    from ..io.source import MAX_DOCUMENT

    path = Path(package)
    try:
        if path.is_dir():
            sizes = {f.name: f.stat().st_size for f in path.iterdir() if f.is_file()}
        else:
            with zipfile.ZipFile(path) as z:
                sizes = {i.filename: i.file_size for i in z.infolist()}
    except (OSError, zipfile.BadZipFile):
        return None
    big = [name for name, size in sizes.items() if size > MAX_DOCUMENT]
    return big[0] if big else None
