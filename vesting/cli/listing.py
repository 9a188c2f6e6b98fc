"""Running a listing command from the command line: the options → a library command
(:mod:`vesting.commands`) and its grants → :func:`vesting.run.run` → the output, with exit
statuses.

* Output streams (CSV, JSON lines, JSON): rows are written as they are computed. On standard
  output, rows already written stay written when a later grant fails; with ``-o FILE`` the
  output goes to a temporary file renamed into place only when the run succeeds.
* ``--jobs``: worker processes for a large CSV or JSON-lines file (:mod:`vesting.run`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import VestingError
from . import common
from .params import Args

if TYPE_CHECKING:
    from ..commands.base import Listing

Build = Callable[[Args, _dt.date], "Listing[Any]"]
"""Options (and today) → the library command a listing command runs."""


def listing(args: Args, build: Build) -> None:
    """Answer a listing command (see the module doc)."""
    from .. import render, run
    from ..run.output import text_output

    progress = common.Progress(args)
    try:
        common.retired(args)
        fmt = common.choose_format(args)
        today = _dt.date.today()
        selection = common.selection(args, today)
        policy = common.policy(args)
        source = common.source(args, today)
        command = build(args, today)
        jobs = common.jobs(args) if args.has("jobs") else 1
        output = args.get("output")
        options = render.Options(
            format=fmt,
            currency=common.currency(args),
            color=common.color() and output is None,
            width=common.terminal_width(output is None or output == "-"),
            more=common.MORE,
            **common.table_options(args, fmt),
        )
        with text_output(output) as stream:
            outcome = run.run(
                command,
                source,
                stream,
                selection=selection,
                format=fmt,
                options=options,
                policy=policy,
                jobs=jobs,
                input_format=args.get("input_format"),
                strict=bool(args.get("strict")),
                opened=progress.opened,
                progress=progress.advance,
                by=_by(args),
                totals_only=bool(args.get("totals")),
            )
            stream.flush()
    except VestingError as e:
        raise common.fail(e, args) from None
    finally:
        progress.stop()
    common.done(outcome.skipped)


def _by(args: Args) -> str | None:
    """``--by FIELD``, as written (a field name or an attribute name: case is kept)."""
    text = args.get("by")
    return None if text is None else str(text).strip()
