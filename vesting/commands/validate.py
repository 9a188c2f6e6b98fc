"""``validate``: every problem of a grant file, one row each, with its location.

Unlike the listing commands, bad grants are what it reports, not what stops it: every entry's
problems become rows, in input order. A file with no grants at all has one problem, that
(:func:`vesting.io.source.no_grants`). Parameters: ``file`` (the name shown), and after the rows
``grants`` (how many entries the file holds) and ``valid``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Annotated, NamedTuple

from ..errors import Problem
from ..io import Read
from ..io.source import no_grants
from ..report import Col, Report
from ..report.plain import problem_plain


class ProblemRow(NamedTuple):
    """One problem of the input (``validate``)."""

    location: Annotated[str, Col("Location")]
    field: Annotated[str, Col("Field")]
    value: Annotated[str, Col("Value")]
    allowed: Annotated[str, Col("Allowed")]
    message: Annotated[str, Col("Message", table=False)]


def problem_row(p: Problem) -> ProblemRow:
    plain = problem_plain(p)
    return ProblemRow(p.location.text(), p.field, str(plain["value"]), p.allowed, p.message())


@dataclass
class Tally:
    """What has been read so far: entries (grants, good or bad) and problems."""

    name: str
    grants: int = 0
    problems: int = 0

    def trailer(self) -> Mapping[str, object]:
        return {"grants": self.grants, "valid": not self.problems}


@dataclass
class ValidateCommand:
    """Every problem of ``entries`` (see the module doc); ``tally`` counts as they go."""

    name = "validate"
    row = ProblemRow
    tally: Tally = field(default_factory=lambda: Tally("<stdin>"))

    def problems(self, entries: Iterable[Read]) -> Iterator[Problem]:
        """Every problem of every entry, in input order, counting grants and problems."""
        tally = self.tally
        read = False
        for entry in entries:
            read = True
            if entry.entry:
                tally.grants += 1
            for p in entry.problems:
                tally.problems += 1
                yield p
        if not read:  # no grants at all: a problem, as for every command
            tally.problems += 1
            yield no_grants(tally.name)

    def report(self, problems: Iterable[Problem]) -> Report:
        """The problems as a report (rows streamed as they are found)."""
        rows = (problem_row(p) for p in problems)
        return Report(
            "validate", ProblemRow, rows, {"file": self.tally.name}, self.tally.trailer,
            self.tally.name,
        )  # fmt: skip
