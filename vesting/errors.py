"""The one error hierarchy of the package.

Every error the library raises on bad input is a :class:`VestingError`. Each names *where*
the problem is (a field, and when known a file, grant id or line), *what* value was given and
*what is allowed*, so that a person reading the message can fix the input without reading code.

The CLI catches :class:`VestingError` (and only it) and turns it into one line per problem on
standard error with exit status 2. Anything else escaping is a bug.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input.

    ``location`` is where (``"grants.toml: grant 'ceo-opt'"``, ``"grants.csv: line 7"``, or empty),
    ``field`` is the field name as the user wrote it, ``value`` what they gave (``repr``-ish
    text) and ``allowed`` a short statement of what would be accepted.
    """

    field: str
    value: object
    allowed: str
    location: str = ""

    def message(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.field}: got {_show(self.value)}; {self.allowed}"

    def at(self, location: str) -> Problem:
        """The same problem, located (an existing location is kept after the new one)."""
        loc = f"{location}: {self.location}" if self.location else location
        return Problem(self.field, self.value, self.allowed, loc)


class _Missing:
    """The value of a required field or option that was not given: shown as ``nothing``."""

    def __str__(self) -> str:
        return "nothing"

    __repr__ = __str__


MISSING = _Missing()
"""Stand-in ``Problem.value`` for something required that is absent (``got nothing``)."""


def _show(value: object) -> str:
    if isinstance(value, str):
        return repr(value)
    return str(value)


class VestingError(ValueError):
    """Base class of every input error raised by :mod:`vesting`.

    ``problems`` lists every problem found (at least one); ``str(error)`` is their messages,
    one per line.
    """

    def __init__(self, problems: Sequence[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("input", "", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(p.message() for p in self.problems))

    def at(self, location: str) -> VestingError:
        """A copy of this error with every problem located at ``location``."""
        return type(self)([p.at(location) for p in self.problems])


class TermsError(VestingError):
    """Grant or vesting terms that cannot describe a real grant (built by the model)."""


class EventError(VestingError):
    """A life event that is impossible or out of order for its grant."""


class InputError(VestingError):
    """A grant file, price file, date or command-line value that cannot be read."""


def invalid(
    field: str, value: object, allowed: str, cls: type[VestingError] = TermsError
) -> VestingError:
    """Build (not raise) a one-problem error.

    ``raise invalid("shares", -3, "a whole number > 0")``
    """
    return cls([Problem(field, value, allowed)])


def collect(errors: Iterable[VestingError]) -> list[Problem]:
    """Flatten the problems of several errors, in order."""
    return [p for e in errors for p in e.problems]
