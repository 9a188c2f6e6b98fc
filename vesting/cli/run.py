"""Running a listing command: grant entries → results → report → renderer → output.

* Grants come from a file (read lazily) or from ad-hoc options, narrowed by ``--grant`` and
  given the what-if events; every command goes through :func:`entries`, so they read and
  check grants the same way.
* Problems: with ``--on-error stop`` (default) the first bad grant ends the run with exit
  status 2; with ``skip`` each bad grant is reported on standard error (with its line) and the
  rest is written, then exit status 1. A problem with the input as a whole (an unreadable
  file, a bad header, an unknown ``--grant`` id) is always fatal.
* Output streams (CSV, JSON lines, JSON): rows are written as they are computed. On standard
  output, rows already written stay written when a later grant fails; with ``-o FILE`` the
  output goes to a temporary file in the same folder, renamed into place only when the run
  succeeds — a failing run never leaves a half-written file.
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
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO, TypeVar

import typer

from ..errors import MISSING, InputError, Problem, VestingError
from . import labels
from .options import AdHoc, Output, Source, WhatIf

if TYPE_CHECKING:
    from ..batch import Result
    from ..io import Read
    from ..io.source import Text
    from ..model import Grant
    from ..report import Report

T = TypeVar("T")
PROGRESS_BYTES: Final = 1024 * 1024
ADHOC: Final = "command line"
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


# ------------------------------------------------------------------------------ grants


def entries(
    src: Source,
    adhoc: AdHoc,
    whatif: WhatIf,
    today: _dt.date,
    progress: Callable[[Text], None] | None = None,
) -> Iterator[Read]:
    """The grant entries a listing command works on (see the module doc)."""
    from .. import batch, io
    from ..io.eventtext import what_if_events

    events = what_if_events(
        terminate=whatif.terminate or (),
        reason=whatif.reason,
        leave=whatif.leave or (),
        accelerate=whatif.accelerate or (),
        exercise=whatif.exercise or (),
        event=whatif.event or (),
        today=today,
    )
    if src.on_error not in ("stop", "skip"):
        raise InputError([Problem("on_error", src.on_error, "stop or skip")])
    given = adhoc.given()
    if src.file is not None and given:
        used = ", ".join(labels.ADHOC[k] for k in given)
        raise InputError(
            [Problem("file", src.file, f"a grant file or ad-hoc terms ({used}), not both")]
        )
    found: Iterable[Read]
    if src.file is not None:
        found = io.read(src.file, src.input_format, opened=progress)
    elif given:
        try:
            grant = io.build_grant({"id": "adhoc", "kind": "NSO", **given}, today=today)
        except VestingError as e:
            raise InputError(labels.as_adhoc(e.problems)) from None
        found = [io.Read(grant, (), ADHOC)]
    else:
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
    return batch.add_events(batch.select(found, src.grant or ()), events)


class Policy:
    """What to do with a grant that has problems (``--on-error``)."""

    def __init__(self, on_error: str) -> None:
        self.skip = on_error == "skip"
        self.skipped = 0

    def good(self, results: Iterable[Result[T]]) -> Iterator[tuple[Grant, T]]:
        """The grants that computed, with their values; bad ones stop the run or are reported."""
        for r in results:
            if r.problems or r.grant is None or r.value is None:
                problems = labels.of_adhoc_grant(r.problems) if r.where == ADHOC else r.problems
                if not self.skip or not r.entry:
                    raise InputError(problems)
                show(problems)
                self.skipped += 1
                continue
            yield r.grant, r.value


# ------------------------------------------------------------------------------ output


@contextlib.contextmanager
def destination(path: str | None) -> Iterator[TextIO]:
    """Standard output, or a temporary file beside ``path`` renamed onto it on success."""
    if path is None or path == "-":
        yield sys.stdout
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, on every path
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
        yield handle  # type: ignore[misc]
        handle.close()
        os.replace(handle.name, target)
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

    def watch(self, results: Iterable[T]) -> Iterator[T]:
        """Pass ``results`` through, advancing the bar every few thousand."""
        count = 0
        try:
            for item in results:
                count += 1
                if self.text is not None and count % 2048 == 0:
                    self._advance()
                yield item
        finally:
            if self._bar is not None:
                self._bar.stop()

    def _advance(self) -> None:
        assert self.text is not None and self.text.tell is not None
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


def run(
    out: Output,
    src: Source | None,
    build: Callable[[Policy, Progress], Report],
) -> None:
    """Build the report and render it to its destination; turn problems into exit statuses."""
    from .. import render

    policy = Policy(src.on_error if src is not None else "stop")
    progress = Progress(out)
    try:
        fmt = choose_format(out)
        report = build(policy, progress)
        renderer = render.get(fmt)
        options = render.Options(currency=out.currency, color=color() and out.output is None)
        with destination(out.output) as stream:
            renderer(report, stream, options)
            stream.flush()
    except VestingError as e:
        raise fail(e, out.debug) from None
    if policy.skipped:
        sys.stderr.write(f"{policy.skipped} grant(s) skipped\n")
        raise typer.Exit(1)
