"""Library field names → the command line's option names, for messages.

The library names what it was given by its own field names (``as_of``, ``length``); a problem
with a value the user typed as an option is shown with that option (``--as-of``,
``--months``). Problems located in a file keep the file's field names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from ..errors import Location, Problem

COMMAND_LINE = Location("command line")

OPTIONS: Final[Mapping[str, str]] = {
    "file": "FILE",
    "as_of": "--as-of",
    "from": "--from",
    "price": "--price",
    "prices": "--prices",
    "grant": "--grant",
    "input_format": "--input-format",
    "format": "--format",
    "output": "--output",
    "on_error": "--on-error",
    "jobs": "--jobs",
    "terminate": "--terminate",
    "reason": "--reason",
    "leave": "--leave",
    "accelerate": "--accelerate",
    "exercise": "--exercise",
    "event": "--event",
    "toll": "--toll",
    "cancel": "--cancel",
    "columns": "--columns",
    "wide": "--wide",
    "shares_outstanding": "--shares-outstanding",
    "year": "--year",
    "to": "--to",
    "period": "--period",
    "fiscal_year_end": "--fiscal-year-end",
    "attribution": "--attribution",
    "forfeiture_rate": "--forfeiture-rate",
}
"""Unlocated problems of these fields came from the option of that name."""

ADHOC: Final[Mapping[str, str]] = {
    "id": "--id",
    "kind": "--kind",
    "shares": "--shares",
    "grant_date": "--grant-date",
    "vesting_start": "--start",
    "exercise_price": "--strike",
    "terms": "--terms",
    "length": "--months",
    "every": "--every",
    "cliff": "--cliff",
    "day_of_month": "--day-of-month",
    "allocation": "--allocation",
    "term": "--term",
    "expiration": "--term",
    "settle_on": "--settle-on",
    "early_exercise": "--early-exercise",
    "grant_date_price": "--price",
    "volatility": "--volatility",
    "risk_free_rate": "--risk-free",
    "dividend_yield": "--dividend-yield",
    "expected_term": "--term",
    "fair_value": "--fair-value",
}
"""Grant fields that ad-hoc options give, and the option for each (fair-value inputs: the
options of ``fair-value`` and ``expense``)."""


def _relabel(field: str, names: Mapping[str, str]) -> str:
    for i, ch in enumerate(field):
        if ch in " .[":
            head, rest = field[:i], field[i:]
            break
    else:
        head, rest = field, ""
    return names.get(head, head) + rest


def as_options(problems: Iterable[Problem]) -> list[Problem]:
    """Unlocated problems of option values, named by their option (see ``OPTIONS``)."""
    return [
        p if p.location else Problem(_relabel(p.field, OPTIONS), p.value, p.allowed)
        for p in problems
    ]


def as_adhoc(problems: Iterable[Problem]) -> list[Problem]:
    """Problems of an ad-hoc grant, named by the options that gave its fields."""
    return [
        Problem(_relabel(p.field, {**ADHOC, **OPTIONS}), p.value, p.allowed, COMMAND_LINE)
        for p in problems
    ]


def of_adhoc_grant(problems: Iterable[Problem]) -> list[Problem]:
    """Problems found while computing with an ad-hoc grant: those of a field an ad-hoc option
    gave are named by that option (``--strike``); the others (events) are kept."""
    out = []
    for p in problems:
        head = p.field.split(".", 1)[0].split(" ", 1)[0]
        if head in ADHOC:
            out.append(Problem(_relabel(p.field, ADHOC), p.value, p.allowed, COMMAND_LINE))
        else:
            out.append(p)
    return out
