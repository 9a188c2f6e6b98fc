"""Library field names → the flags a command declares, for messages.

The library names what it was given by its own field names (``as_of``, ``length``); a problem
with a value the user typed as an option is shown with that option (``--as-of``,
``--months``). Which flag gives which field is read from the command's own option declarations
(:class:`vesting.cli.params.Opt`), never kept in a list of its own. Problems located in a file
keep the file's field names.

A problem with a whole option's value names the option as its field (``--as-of: got ...``;
an ad-hoc grant's, located on the command line: ``command line: --shares: got ...``). A problem
with a part of an option's value (the reason of ``--terminate DATE:REASON``) names the option
as where it is and the part as its field — ``command line: --terminate: reason: got ...`` —
the same structure a file's problems have (``FILE: grant 'ID': FIELD``), never a flag joined
to a field name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..errors import MISSING, Location, Problem

COMMAND_LINE = Location("command line")
"""Where an ad-hoc grant comes from."""


def _flagged(p: Problem, flags: Mapping[str, str], where: Location) -> Problem | None:
    """``p`` named by the option that gave its value (``None``: no option did): a whole
    option's value at ``where``, a part of it (``--terminate``'s reason) on the command line,
    in the option."""
    head = p.head
    flag = flags.get(head) if isinstance(head, str) else None
    if flag is None:
        return None
    rest = p.path[1:]
    if not rest:
        return Problem((flag,), p.value, p.allowed, where)
    return Problem(rest, p.value, p.allowed, COMMAND_LINE._replace(record=flag))


def _supplied(p: Problem, flags: Mapping[str, str]) -> Problem:
    """A file's grant lacking a value this command's option can supply: the message says so
    (``grant_date_price: got nothing; ...: set it in the file or give --grant-price``)."""
    from .options import ADHOC

    head = p.head
    flag = flags.get(head) if isinstance(head, str) and p.value is MISSING else None
    if flag is None or any(o.name == flag for o in ADHOC.opts):  # those make a grant of their own
        return p
    return Problem(p.path, p.value, f"{p.allowed}: set it in the file or give {flag}", p.location)


def every_flag() -> dict[str, str]:
    """Library field → flag, over every option declared (:mod:`vesting.cli.options`)."""
    from . import options
    from .params import Group, Opt

    out: dict[str, str] = {}
    for value in vars(options).values():
        opts = value.opts if isinstance(value, Group) else (value,)
        if not all(isinstance(o, Opt) for o in opts):
            continue
        for opt in opts:
            if not opt.retired:
                out.setdefault(opt.target, opt.name)
    return out


def as_options(
    problems: Iterable[Problem], flags: Mapping[str, str] | None = None
) -> list[Problem]:
    """Unlocated problems of option values, named by the option that gave the value (``flags``:
    a command's; default: every option's)."""
    flags = every_flag() if flags is None else flags
    out = []
    for p in problems:
        named = None if p.location else _flagged(p, flags, p.location)
        out.append(named or p)
    return out


def as_adhoc(problems: Iterable[Problem], flags: Mapping[str, str] | None = None) -> list[Problem]:
    """Problems of an ad-hoc grant, named by the options that gave its fields."""
    flags = every_flag() if flags is None else flags
    out = []
    for p in problems:
        named = _flagged(p, flags, COMMAND_LINE)
        out.append(named or Problem(p.path, p.value, p.allowed, COMMAND_LINE))
    return out


def of_entry(
    where: Location, problems: Sequence[Problem], flags: Mapping[str, str]
) -> Sequence[Problem]:
    """An entry's problems as shown: those of the ad-hoc grant's fields named by their options
    (the others, such as events, kept); a file's grants' as they are."""
    if where != COMMAND_LINE:
        return [_supplied(p, flags) for p in problems]
    return [_flagged(p, flags, COMMAND_LINE) or p for p in problems]
