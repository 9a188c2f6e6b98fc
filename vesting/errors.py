"""The one error hierarchy of the package.

Every error the library raises on bad input is a :class:`VestingError`. Each names *where*
the problem is (a field, and when known a file, grant id or line), *what* value was given and
*what is allowed*, so that a person reading the message can fix the input without reading code.

The CLI catches :class:`VestingError` (and only it) and turns it into one line per problem on
standard error with exit status 2. Anything else escaping is a bug.

Words, too, are read here, by one rule for every layer (:func:`word`): the names a closed
vocabulary gives its members (grant kinds, termination reasons, triggers, methods, allocation
types, day-of-month policies, leave tolling, event types), the names of terms
(``terms = "Standard"``) and the column names of a CSV header. Any case; spaces around the
word ignored; and ``-``, ``_`` and spaces (any run of them) between its parts alike — ``Pro
Rata``, ``pro_rata``, ``PRO-RATA`` and ``pro - rata`` are one word, ``pro-rata``. Nothing else
is changed: a word is never guessed from a misspelling; the close one is named in the message
instead (:func:`closest`).
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Final, NamedTuple

FieldPath = tuple[str | int, ...]
"""Where in a record a value sits: names, and list positions counted from 1 (``("events", 2,
"date")`` is the date of the second event)."""


class Location(NamedTuple):
    """Where a problem is: a ``file`` (or ``"command line"``), a ``line`` (and ``column``) in
    it, and a ``record`` inside it (``grant 'E1'``, ``defaults``, ``terms 'standard'``, an OCF
    object). Every part may be missing; :meth:`text` is the one way a location is written.
    (A named tuple: readers make one per row.)"""

    file: str = ""
    line: int | None = None
    record: str = ""
    column: int | None = None

    def text(self) -> str:
        """``FILE: line N: RECORD`` with the missing parts left out (``line N, column C``)."""
        parts = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(
                f"line {self.line}"
                if self.column is None
                else f"line {self.line}, column {self.column}"
            )
        if self.record:
            parts.append(self.record)
        return ": ".join(parts)

    def __bool__(self) -> bool:  # a location with no part is no location
        return bool(self.file or self.line is not None or self.record)

    def within(self, outer: Location) -> Location:
        """This location inside ``outer``: its own parts where it has them, ``outer``'s
        elsewhere; records nest (``outer``'s first) unless they are the same."""
        record = self.record
        if outer.record and outer.record != record:
            record = f"{outer.record}: {record}" if record else outer.record
        return Location(
            self.file or outer.file,
            self.line if self.line is not None else outer.line,
            record,
            self.column if self.column is not None else outer.column,
        )


NOWHERE: Final = Location()


def in_file(file: str, line: int | None = None) -> Location:
    """The location of a file, or of one of its lines."""
    return Location(file, line)


Field = str | FieldPath
"""A field as callers name it: a plain name, or a path."""


def sub(field: Field, *parts: str | int) -> FieldPath:
    """The path of ``parts`` inside ``field`` (``sub("events", 2, "date")``)."""
    return (field, *parts) if isinstance(field, str) else (*field, *parts)


def field_text(path: FieldPath) -> str:
    """A field path as messages write it: names joined by dots, positions in brackets
    (``events[2].date``)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif out:
            out += f".{part}"
        else:
            out = part
    return out


class Problem:
    """One thing wrong with the input.

    ``path`` is the field, as the user wrote it (a :data:`FieldPath`; a plain string is a
    one-part path), ``value`` what they gave, ``allowed`` a short statement of what would be
    accepted, and ``location`` where (a :class:`Location`). ``str(problem)`` is the one-line
    message.
    """

    __slots__ = ("allowed", "location", "path", "value")

    path: FieldPath
    value: object
    allowed: str
    location: Location

    def __init__(
        self,
        field: Field,
        value: object,
        allowed: str,
        location: Location = NOWHERE,
    ) -> None:
        object.__setattr__(self, "path", (field,) if isinstance(field, str) else tuple(field))
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "allowed", allowed)
        object.__setattr__(self, "location", location)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Problem is immutable: cannot set {name}")

    def __reduce__(self) -> tuple[type[Problem], tuple[object, ...]]:
        return (Problem, (self.path, self.value, self.allowed, self.location))

    @property
    def field(self) -> str:
        """The field path, written out (:func:`field_text`)."""
        return field_text(self.path)

    @property
    def head(self) -> str | int:
        """The first part of the field path (the top-level field or option)."""
        return self.path[0] if self.path else ""

    def message(self) -> str:
        """``LOCATION: FIELD: got VALUE; ALLOWED`` — always one line: control characters
        anywhere in it (a file's grant id holding a newline or a terminal escape) are shown
        escaped (``\\n``, ``\\x1b``), so input can never forge or split a message."""
        where = self.location.text()
        where = f"{where}: " if where else ""
        return one_line(f"{where}{self.field}: got {_show(self.value)}; {self.allowed}")

    __str__ = message

    def __repr__(self) -> str:
        return f"Problem({self.path!r}, {self.value!r}, {self.allowed!r}, {self.location!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.path, self.value, self.allowed, self.location) == (
            other.path,
            other.value,
            other.allowed,
            other.location,
        )

    def __hash__(self) -> int:
        return hash((self.path, self.allowed, self.location))

    def at(self, location: Location) -> Problem:
        """The same problem inside ``location`` (:meth:`Location.within`)."""
        return Problem(self.path, self.value, self.allowed, self.location.within(location))

    def located(self, location: Location) -> Problem:
        """This problem if it has a location already, else the same problem at ``location``."""
        return self if self.location else Problem(self.path, self.value, self.allowed, location)

    def under(self, *prefix: str | int) -> Problem:
        """The same problem with its field path inside ``prefix`` (a record's field, named
        where the record sits: ``("events", 2)`` + ``("date",)``)."""
        return Problem((*prefix, *self.path), self.value, self.allowed, self.location)

    def renamed(self, path: Field) -> Problem:
        """The same problem of another field."""
        return Problem(path, self.value, self.allowed, self.location)


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
    if isinstance(value, Decimal) and value.is_finite() and len(value.as_tuple().digits) > 60:
        return f"a number of {len(value.as_tuple().digits):,} digits"
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


def at_grant(gid: object) -> Location:
    """The location of a grant record (no file: the reader adds it)."""
    return Location(record=grant_label(gid))


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

    def __reduce__(self) -> tuple[type[VestingError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.problems,))

    def at(self, location: Location) -> VestingError:
        """A copy of this error with every problem inside ``location``."""
        return type(self)([p.at(location) for p in self.problems])

    def located(self, location: Location) -> VestingError:
        """A copy of this error with every problem that has no location put at ``location``."""
        return type(self)([p.located(location) for p in self.problems])


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
    field: Field, value: object, allowed: str, cls: type[VestingError] = TermsError
) -> VestingError:
    """Build (not raise) a one-problem error.

    ``raise invalid("shares", -3, "a whole number > 0")``
    """
    return cls([Problem(field, value, allowed)])


def collect(errors: Iterable[VestingError]) -> list[Problem]:
    """Flatten the problems of several errors, in order."""
    return [p for e in errors for p in e.problems]


# ------------------------------------------------------------------------------------ words

_PARTS: Final = re.compile(r"[\s_-]+")
MAX_WORD: Final = 100
"""The longest text compared with known words for a suggestion (a longer one is no misspelt
word, and comparing is quadratic in the length)."""


def word(text: object, sep: str = "-") -> str:
    """``text`` as a vocabulary word: lower case, stripped, its parts (split at runs of
    whitespace, ``-`` and ``_``) joined by ``sep`` (``" Good_Reason "`` → ``good-reason``;
    with ``sep="_"``: ``"Grant Date"`` → ``grant_date``)."""
    return _PARTS.sub(sep, str(text).strip().lower())


def closest(key: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known word ``key`` is probably a misspelling of (``None``: none is close)."""
    if len(key) > MAX_WORD:
        return None
    import difflib  # only when a word is wrong: not at start-up

    close = difflib.get_close_matches(key, list(known), n=1, cutoff=cutoff)
    return close[0] if close else None
