"""What every command's command-line side shares: the grants it reads (a file, or an ad-hoc
grant described by options), the selection and what-if events, the error policy, the output
format, colours and width, a progress bar, and how problems become ``error:`` lines and exit
statuses (2: the run stopped; 1: grants were skipped)."""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, TypeVar

import typer

from ..errors import MISSING, InputError, Problem, VestingError
from . import labels
from .options import ADHOC
from .params import Args

if TYPE_CHECKING:
    from ..io import Read
    from ..io.source import Text
    from ..model.company import Company, SharesOutstanding
    from ..run.policy import Policy
    from ..run.select import Selection

T = TypeVar("T")
PROGRESS_BYTES: Final = 1024 * 1024
MORE: Final = "--wide shows every column; --columns a,b,c picks them."
"""How a table's note says to see the columns it leaves out."""


def color() -> bool:
    """Colour only for a terminal, and never with NO_COLOR set (https://no-color.org)."""
    return (
        sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    )


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


def show(problems: Iterable[Problem]) -> None:
    """One ``error:`` line per problem on standard error."""
    for problem in problems:
        sys.stderr.write(f"error: {problem.message()}\n")


def fail(error: VestingError, args: Args) -> typer.Exit:
    """Show ``error`` (its problems named by the command's flags): exit status 2."""
    if args.get("debug"):
        traceback.print_exception(error, file=sys.stderr)
    show(labels.as_options(error.problems, args.flags()))
    return typer.Exit(2)


def attempt(found: list[Problem], make: Callable[[], T]) -> T | None:
    """``make()``, its problems added to ``found`` (so that every option's are reported)."""
    try:
        return make()
    except VestingError as e:
        found.extend(e.problems)
        return None


def period_options(
    args: Args, today: _dt.date, found: list[Problem]
) -> tuple[_dt.date | None, _dt.date | None, Decimal | None]:
    """``--from`` and ``--to`` (both required) and ``--forfeiture-rate`` of a command that
    reports a period; each problem added to ``found`` (``None`` in its place)."""
    from ..io.values import parse_date, parse_rate

    def date(name: str, given: str | None) -> _dt.date | None:
        if given is None:
            found.append(Problem(name, MISSING, "a date (required)"))
            return None
        return attempt(found, lambda: parse_date(given, name, today=today))

    start, end = date("from", args.get("from_date")), date("to", args.get("to_date"))
    rate_text = args.get("forfeiture_rate")
    rate = None
    if rate_text is not None:
        rate = attempt(found, lambda: parse_rate(rate_text, "forfeiture_rate"))
    return start, end, rate


def check(found: list[Problem]) -> None:
    if found:
        raise InputError(found)


def retired(args: Args) -> None:
    """A retired spelling given is an error naming the flag that now has that meaning."""
    found = []
    for opt in args.opts.values():
        if opt.retired and args.values.get(opt.dest) is not None:
            allowed = f"{opt.retired} for {opt.target} (the old spelling is retired here)"
            found.append(Problem(opt.name, args.values[opt.dest], allowed))
    check(found)


# --------------------------------------------------------------------------------- formats


def choose_format(args: Args) -> str:
    """The output format from ``--format`` and the ``--json``/``--csv``/``--nl`` shortcuts."""
    from .. import render

    shortcuts = (("json", "json"), ("csv", "csv"), ("jsonl", "nl"))
    chosen = {name for name, dest in shortcuts if args.get(dest)}
    given = args.get("format")
    if given is not None:
        key = given.strip().lower()
        render.get(key, "format")  # an unknown name is an error naming the formats there are
        chosen.add(key)
    if len(chosen) > 1:
        allowed = "one output format (--format, --json, --csv or --nl)"
        raise InputError([Problem("format", ", ".join(sorted(chosen)), allowed)])
    return chosen.pop() if chosen else "table"


def table_options(args: Args, fmt: str) -> dict[str, Any]:
    """``--columns`` (every format) and ``--wide`` (tables only) as render options. Column
    names are matched in any case, ``-`` for ``_``; attribute names as typed (see
    :mod:`vesting.report.extra`)."""
    columns, wide = args.get("columns"), args.get("wide")
    if columns is None and not wide:
        return {}
    if wide and fmt != "table":
        allowed = "table, to use --wide (JSON, JSON lines and CSV carry every column)"
        raise InputError([Problem("format", fmt, allowed)])
    if columns is not None and wide:
        raise InputError([Problem("columns", columns, "--columns or --wide, not both")])
    if wide:
        return {"wide": True}
    names = [n.strip() for n in columns.split(",")]
    if not all(names):
        raise InputError([Problem("columns", columns, "column names separated by commas (a,b,c)")])
    return {"columns": tuple(dict.fromkeys(names))}


# ---------------------------------------------------------------------------------- grants


def selection(args: Args, today: _dt.date) -> Selection:
    """The ids asked for and the what-if events."""
    from ..io.eventtext import what_if_events
    from ..io.values import parse_leave_tolling
    from ..run.select import Selection

    events = what_if_events(
        terminate=args.get("terminate") or (),
        reason=args.get("reason"),
        leave=args.get("leave") or (),
        accelerate=args.get("accelerate") or (),
        exercise=args.get("exercise") or (),
        event=args.get("event") or (),
        cancel=args.get("cancel") or (),
        split=args.get("split") or (),
        reprice=args.get("reprice") or (),
        today=today,
    )
    toll = args.get("toll")
    policy = None if toll is None else parse_leave_tolling(toll, "toll")
    return Selection(tuple(args.get("grant") or ()), events, policy)


def policy(args: Args) -> Policy:
    """The error policy (``--on-error``); skipped entries shown on standard error."""
    from ..run.policy import Policy

    flags = args.flags()

    def label(where: Any, problems: Sequence[Problem]) -> Sequence[Problem]:
        return labels.of_entry(where, problems, flags)

    return Policy.named(args.get("on_error") or "stop", show, label)


def adhoc_fields(args: Args) -> dict[str, str]:
    """The grant fields the ad-hoc options give (field name → text)."""
    out = {}
    for opt in ADHOC.opts:
        if args.has(opt.dest) and args.given(opt.dest):
            value = args.get(opt.dest)
            out[opt.target] = ("true" if value else "false") if opt.switch else value
    return out


def source(args: Args, today: _dt.date, given: dict[str, str] | None = None) -> str | list[Read]:
    """Where the grants come from: the file, or the ad-hoc grant (``given``: its fields, by
    default those the ad-hoc options give)."""
    from .. import io

    fields = adhoc_fields(args) if given is None else given
    file = args.get("file")
    if file is not None and fields:
        used = ", ".join(args.flags().get(k, k) for k in fields)
        raise InputError(
            [Problem("file", file, f"a grant file or ad-hoc terms ({used}), not both")]
        )
    if file is not None:
        return str(file)
    if not fields:
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
        grant = io.build_grant({"id": "adhoc", "kind": "NSO", **fields}, today=today)
    except VestingError as e:
        raise InputError(labels.as_adhoc(e.problems, args.flags())) from None
    return [io.Read(grant, (), labels.COMMAND_LINE, True, grant.id)]


def jobs(args: Args) -> int:
    """``--jobs``: worker processes (0: one per CPU)."""
    text = args.get("jobs")
    if text is None:
        return 1
    from ..run import default_jobs

    value = text.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 4 or int(value) > 1000:
        allowed = "a number of worker processes >= 1, or 0 (one per CPU)"
        raise InputError([Problem("jobs", text, allowed)])
    return default_jobs() if int(value) == 0 else int(value)


def done(skipped: int) -> None:
    """Exit status 1 when grants were skipped."""
    if skipped:
        sys.stderr.write(f"{skipped} grant(s) skipped\n")
        raise typer.Exit(1)


# -------------------------------------------------------------------------------- progress


class Progress:
    """A progress bar on standard error while a large file is read: when it is a terminal, the
    input is a file larger than ``PROGRESS_BYTES`` and neither ``NO_COLOR`` nor ``--quiet`` is
    set."""

    def __init__(self, args: Args) -> None:
        quiet = bool(args.get("quiet"))
        self.enabled = not quiet and sys.stderr.isatty() and not os.environ.get("NO_COLOR")
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


_COMPANIES: dict[tuple[str, int, int], Company | None] = {}


def company(args: Args) -> Company | None:
    """The ``[company]`` settings of the grant file (read once, before its grants), or
    ``None``: no file, standard input, or a file without them. Flags override each setting."""
    file = args.get("file")
    if file is None or str(file) == "-":
        return None
    path = str(file)
    try:  # the file as it is now (a program may run several commands, rewriting it)
        st = os.stat(path)
    except (OSError, ValueError):
        return None  # the reader's to report
    key = (path, st.st_mtime_ns, st.st_size)
    if key not in _COMPANIES:
        from ..io import is_ocf
        from ..io.documents import company_of
        from ..io.source import check_format

        fmt = check_format(args.get("input_format"))
        plain = os.path.isfile(path) and not is_ocf(path, fmt)  # else: the reader's to judge
        _COMPANIES.clear()
        _COMPANIES[key] = company_of(path, fmt) if plain else None
    return _COMPANIES[key]


def currency(args: Args) -> str:
    """The currency symbol money is written with: ``--currency``, else the company's, else
    ``$``."""
    given = args.get("currency")
    if given is not None:
        return str(given)
    found = company(args)
    symbol = found.symbol() if found is not None else None
    return symbol or "$"


def fiscal_year_end(args: Args, found: list[Problem]) -> int | None:
    """``--fiscal-year-end``, else the company's, else 12 (calendar years); a bad month is
    added to ``found``."""
    text = args.get("fiscal_year_end")
    if text is None:
        settings = attempt(found, lambda: company(args))
        fye = settings.fiscal_year_end if settings is not None else None
        return fye or 12
    from ..io.company import parse_fiscal_year_end

    return attempt(found, lambda: parse_fiscal_year_end(str(text), "fiscal_year_end"))


def shares_outstanding(args: Args, found: list[Problem]) -> SharesOutstanding | None:
    """``--shares-outstanding N``, else the company's (one number or dated values)."""
    text = args.get("shares_outstanding")
    if text is None:
        settings = attempt(found, lambda: company(args))
        return settings.shares_outstanding if settings is not None else None
    from ..io.values import parse_shares
    from ..model.company import SharesOutstanding

    count = attempt(found, lambda: parse_shares(text, "shares_outstanding"))
    return None if count is None else SharesOutstanding.of(count)
