"""Share counts: whole shares are ``int``; a count with a fraction is a :class:`FractionalShares`.

The rules:

* **Type.** A share count is an ``int``. Only under ``FRACTIONAL`` allocation can it have a
  fraction, and then it is a :class:`FractionalShares`: an exact :class:`~fractions.Fraction`
  (it compares, hashes and converts like one) that also *formats* like a number. Made with
  :func:`as_shares`, which turns a whole amount into an ``int`` — so grants of whole shares only
  ever hand out ``int`` counts and ``int`` totals, never ``Fraction(n, 1)``.
* **Arithmetic.** Adding or subtracting share counts (or an ``int``), or negating one, gives
  a share count: an ``int``, or a :class:`FractionalShares` (which may then be whole:
  :func:`as_shares` normalizes it, as totals do). Anything else (times a portion or a price, a
  ratio of two counts) gives a plain ``Fraction``, and a share count made that way goes
  through :func:`as_shares` — the type checker sees to it: ``Shares`` has no plain ``Fraction``.
* **Printed form** (:func:`shares_text`, the one rule every table, CSV, HTML and text renderer
  uses, and what ``format(x, ",")`` gives): a whole count as an integer (``1,000``); a count
  with a fraction to :data:`PLACES` = 4 decimal places, rounded half up (a tie goes away from
  zero, as money and percents do here), always all 4 places (``83.3333``, ``4.5000``) so a
  figure with decimals is never mistaken for a whole count. Why four: a printed figure is
  within 0.00005 of a share of the exact one (under a cent of value at any price below
  $200 a share; every value is computed from the exact count anyway), it is the precision
  share statements commonly give fractional holdings in, and a column stays narrow. Figures
  are not marked as rounded one by one (a mark would spoil a number column, in a terminal or
  a spreadsheet); a table that shows one says so once, in a note (:data:`ROUNDED_NOTE`).
* **Exact form.** ``str(x)`` is the exact fraction ``"n/d"`` in lowest terms (``"250/3"``,
  the form JSON carries and ``Fraction(text)`` reads back); ``format(x, "")`` is the same.
* **Format specs** (``format(x, spec)``, ``f"{x:…}"``): the usual fill, align, sign, width,
  ``,`` or ``_`` grouping and precision; type ``f``/``F``/``%`` (precision default 6) and
  ``e``/``E``/``g``/``G``/``n`` are rounded exactly, half up, to the precision asked for; no
  type means the printed form (4 places, or the precision given). ``d``, ``x`` and the other
  integer types raise ``ValueError``, as they do for a ``float``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, TypeVar, overload

PLACES: Final = 4
"""Decimal places of a printed share count with a fraction (see the module rules)."""

ROUNDED_NOTE: Final = (
    f"Shares with a fraction are shown to {PLACES} decimal places, rounded half up; "
    "JSON has them exactly."
)
"""The note under a table that shows a share count with a fraction."""

_SPEC: Final = re.compile(
    r"(?P<head>(?:.?[<>=^])?[-+ ]?z?#?0?[0-9]*[,_]?)(?:\.(?P<precision>[0-9]+))?(?P<type>.?)",
    re.DOTALL,
)


def _closed(result: Fraction, other: object) -> Fraction:
    """``result`` as a share count when the other operand was one (module rules)."""
    if type(other) is int or isinstance(other, FractionalShares):
        return FractionalShares(result)
    return result


class FractionalShares(Fraction):
    """A share count with a fraction (``FRACTIONAL`` allocation only): an exact ``Fraction``
    that formats like a number (see the module rules). Make one with :func:`as_shares`.

    ``+`` and ``-`` with an ``int`` or another share count give a share count, and say so to
    the type checker; mypy rejects an override whose first overload narrows the return type
    for narrower arguments (it cannot rule out an ``int`` passed as a ``float``, the overlap
    typeshed's own ``Fraction`` overloads accept), hence the four ``type: ignore[override]``."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return _format(self, spec)

    @overload  # type: ignore[override]  # see the class doc
    def __add__(a, b: int | FractionalShares) -> FractionalShares: ...
    @overload
    def __add__(a, b: int | Fraction) -> Fraction: ...
    @overload
    def __add__(a, b: float) -> float: ...
    @overload
    def __add__(a, b: complex) -> complex: ...
    def __add__(a, b: int | Fraction | float | complex) -> Fraction | float | complex:
        result = Fraction.__add__(a, b)
        return _closed(result, b) if isinstance(result, Fraction) else result

    @overload  # type: ignore[override]  # see the class doc
    def __radd__(b, a: int | FractionalShares) -> FractionalShares: ...
    @overload
    def __radd__(b, a: int | Fraction) -> Fraction: ...
    @overload
    def __radd__(b, a: float) -> float: ...
    @overload
    def __radd__(b, a: complex) -> complex: ...
    def __radd__(b, a: int | Fraction | float | complex) -> Fraction | float | complex:
        result = Fraction.__radd__(b, a)
        return _closed(result, a) if isinstance(result, Fraction) else result

    @overload  # type: ignore[override]  # see the class doc
    def __sub__(a, b: int | FractionalShares) -> FractionalShares: ...
    @overload
    def __sub__(a, b: int | Fraction) -> Fraction: ...
    @overload
    def __sub__(a, b: float) -> float: ...
    @overload
    def __sub__(a, b: complex) -> complex: ...
    def __sub__(a, b: int | Fraction | float | complex) -> Fraction | float | complex:
        result = Fraction.__sub__(a, b)
        return _closed(result, b) if isinstance(result, Fraction) else result

    @overload  # type: ignore[override]  # see the class doc
    def __rsub__(b, a: int | FractionalShares) -> FractionalShares: ...
    @overload
    def __rsub__(b, a: int | Fraction) -> Fraction: ...
    @overload
    def __rsub__(b, a: float) -> float: ...
    @overload
    def __rsub__(b, a: complex) -> complex: ...
    def __rsub__(b, a: int | Fraction | float | complex) -> Fraction | float | complex:
        result = Fraction.__rsub__(b, a)
        return _closed(result, a) if isinstance(result, Fraction) else result

    def __neg__(a) -> FractionalShares:
        return FractionalShares(Fraction.__neg__(a))

    def __pos__(a) -> FractionalShares:
        return a

    def __abs__(a) -> FractionalShares:
        return FractionalShares(Fraction.__abs__(a))


Shares = int | FractionalShares
"""A share count: ``int``, or a :class:`FractionalShares` under ``FRACTIONAL`` allocation only."""


def as_shares(x: int | Fraction) -> Shares:
    """``x`` as a share count: an ``int`` when it is whole, else a :class:`FractionalShares`."""
    if type(x) is int:
        return x
    if x.denominator == 1:
        return int(x.numerator)
    return x if type(x) is FractionalShares else FractionalShares(x)


R = TypeVar("R", bound=tuple[Any, ...])


def whole_counts(record: R) -> R:
    """``record`` (a ``NamedTuple``) with every whole :class:`FractionalShares` in it, nested
    records too, as an ``int`` — the edge of allocation, timelines, statuses, values and
    totals under ``FRACTIONAL`` allocation. The same record when nothing changes."""
    values = list(record)
    changed = False
    for i, v in enumerate(values):
        if isinstance(v, FractionalShares) and v.denominator == 1:
            values[i], changed = int(v.numerator), True
        elif isinstance(v, tuple) and hasattr(v, "_fields"):
            inner = whole_counts(v)
            if inner is not v:
                values[i], changed = inner, True
    return tuple.__new__(type(record), values) if changed else record


def _half_up(x: Fraction, places: int) -> Decimal:
    """``x`` rounded half up (ties away from zero) to ``places`` decimals, exactly."""
    scale = 10 ** max(places, 0)
    num, den = x.numerator, x.denominator
    units = (2 * abs(num) * scale + den) // (2 * den)
    return Decimal(-units if num < 0 else units).scaleb(-max(places, 0))


def rounded(x: Shares, places: int = PLACES) -> int | Decimal:
    """The figure a share count prints as (module rules): a whole count as an ``int``, one with
    a fraction as a ``Decimal`` with exactly ``places`` decimals, rounded half up."""
    if type(x) is int:
        return x
    if x.denominator == 1:
        return int(x.numerator)
    return _half_up(Fraction(x), places)


def shares_text(x: Shares, grouping: str = ",") -> str:
    """A share count as printed (module rules), with ``grouping`` (``","`` or ``""``) between
    thousands: ``1,000``, ``83.3333``."""
    figure = rounded(x)
    return format(figure, grouping) if type(figure) is int else format(figure, f"{grouping}f")


def _significant(x: Fraction, digits: int) -> Decimal:
    """``x`` rounded half up to ``digits`` significant digits, exactly."""
    if not x:
        return Decimal(0).scaleb(1 - digits)
    magnitude = len(str(abs(x.numerator) // x.denominator)) - 1 if abs(x) >= 1 else 0
    if abs(x) < 1:
        while abs(x) * 10 ** (-magnitude) < 1:
            magnitude -= 1
    out = _half_up(x, digits - 1 - magnitude)
    if len(out.as_tuple().digits) > digits:  # 9.99… rounded up to 10.0…: one digit fewer
        out = _half_up(x, digits - 2 - magnitude)
    return out


def _format(x: FractionalShares, spec: str) -> str:
    """``format(x, spec)`` for a share count with a fraction (module rules)."""
    if not spec:
        return str(x)
    match = _SPEC.fullmatch(spec)
    if match is None:
        raise ValueError(f"Invalid format specifier {spec!r} for a share count")
    head, precision, kind = match["head"], match["precision"], match["type"]
    places = None if precision is None else int(precision)
    if kind == "" and places is None and x.denominator == 1:
        return format(int(x.numerator), head)  # a whole count prints as one
    underscores = head.endswith("_")  # Decimal groups with "," only: swap after
    if underscores:
        head = head[:-1] + ","
    if kind == "":
        text = format(_half_up(x, PLACES if places is None else places), head + "f")
    elif kind in "fF%":
        p = 6 if places is None else places
        if kind == "%":
            text = format(_half_up(x * 100, p).scaleb(-2), f"{head}.{p}%")
        else:
            text = format(_half_up(x, p), f"{head}.{p}{kind}")
    elif kind in "eEgGn":
        p = 6 if places is None else places
        digits = p + 1 if kind in "eE" else max(p, 1)
        text = format(_significant(x, digits), f"{head}.{p}{kind}")
    else:
        raise ValueError(f"Unknown format code {kind!r} for a share count with a fraction ({x})")
    return text.replace(",", "_") if underscores else text
