"""The one error hierarchy of the package.

Every error the library raises on bad input is a :class:`VestingError`. Each names *where*
the problem is (a field, and when known a file, grant id or line), *what* value was given and
*what is allowed*, so that a person reading the message can fix the input without reading code.

The CLI catches :class:`VestingError` (and only it) and turns it into one line per problem on
standard error with exit status 2. Anything else escaping is a bug.
"""

from __future__ import annotations

import reprlib
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
        """``LOCATION: FIELD: got VALUE; ALLOWED`` — always one line: control characters
        anywhere in it (a file's grant id holding a newline or a terminal escape) are shown
        escaped (``\\n``, ``\\x1b``), so input can never forge or split a message."""
        where = f"{self.location}: " if self.location else ""
        return one_line(f"{where}{self.field}: got {_show(self.value)}; {self.allowed}")

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
    """A value as a message shows it: text quoted, anything long shortened, nothing that could
    fail or take long to write out (a huge number, a deeply nested list)."""
    if isinstance(value, str):
        text = value if len(value) <= 200 else value[:200] + f"… ({len(value):,} characters)"
        return repr(text)
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        return f"a whole number of {_digits(value)} digits"
    if isinstance(value, list | tuple | dict | set):
        return _SHORT.repr(value)
    try:
        text = str(value)
    except (ValueError, RecursionError):
        return f"a {type(value).__name__}"
    return text if len(text) <= 200 else text[:200] + f"… ({len(text):,} characters)"


def _digits(n: int) -> str:
    """About how many decimal digits ``n`` has, without converting it (no size limit)."""
    return f"about {int(abs(n).bit_length() * 0.30103):,}"


_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxstring = 2, 4, 4, 40


_ESCAPES: dict[int, str] = {}


def one_line(text: str) -> str:
    """``text`` with every control or line-breaking character escaped (``\\n``, ``\\x1b``,
    ``\\u2028``): safe to print as one line of a terminal or a log."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    escaped = _ESCAPES.get(ord(ch))
    if escaped is None:
        escaped = repr(ch)[1:-1]
        if escaped == ch:  # printable to repr but not to str.isprintable (some spaces)
            escaped = f"\\u{ord(ch):04x}"
        _ESCAPES[ord(ch)] = escaped
    return escaped


def grant_label(gid: object) -> str:
    """How a location names a grant: ``grant 'ID'`` (a very long id shortened)."""
    text = str(gid)
    return f"grant '{text if len(text) <= 60 else text[:60] + '…'}'"


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


class ArgumentError(VestingError, TypeError):
    """A library function called with an argument of the wrong type (``vested(grant,
    "2021-01-01")``): a :class:`VestingError` like every other, and a ``TypeError`` too."""


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
