"""``export``: the grants as an Open Cap Table Format package (:mod:`vesting.io.ocf.write`), a
folder or a ``.zip``, written under a temporary name and put in place only when every grant is
written.

The issuer's details OCF requires — a legal name (1 to 200 characters), a country of formation
(an ISO 3166 two-letter code) and a formation date (default: the earliest grant date) — and the
currency of exercise prices (an ISO 4217 three-letter code) are checked when the command is
built. ``package_date`` is the package's as-of date: expiries whose exercise window has ended
by then are written as cancellations. Accounting inputs have no place in OCF: they are left out,
and :attr:`ExportOutcome.priced` says for how many grants. Nor have a grant's attributes
(``department``): OCF's objects have no field for facts of one's own — an issuance's
``comments`` are unstructured text for people, not name → value pairs to read back — so they
are left out too, and :attr:`ExportOutcome.attributed` says for how many grants.
"""

from __future__ import annotations

import datetime as _dt
import os
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError, Problem
from ..io.ocf.store import Issuer, write_package
from ..io.source import MAX_DOCUMENT
from ..model import Grant


class ExportOutcome(NamedTuple):
    """What was written: the grants, how many carried accounting inputs OCF has no field for,
    the first file larger than this program reads back (``None``: none), and how many grants
    had attributes OCF has no field for."""

    written: int
    priced: int
    too_big: str | None
    attributed: int = 0


def _code(value: str, size: int, field: str, example: str) -> str:
    code = value.strip().upper()
    if not (len(code) == size and code.isascii() and code.isalpha()):
        allowed = f"a {size}-letter code such as {example}"
        raise InputError([Problem(field, value, allowed)])
    return code


@dataclass(frozen=True)
class ExportCommand:
    """Write grants as an OCF package to ``target`` (see the module doc)."""

    name = "export"

    target: str
    issuer: str = "Issuer"
    country: str = "US"
    formed: _dt.date | None = None
    currency: str = "USD"
    package_date: _dt.date = field(default_factory=_dt.date.today)

    def __post_init__(self) -> None:
        found: list[Problem] = []
        codes = (("currency", 3, "currency_code", "USD"), ("country", 2, "country", "US"))
        for attr, size, name, example in codes:
            try:
                object.__setattr__(self, attr, _code(getattr(self, attr), size, name, example))
            except InputError as e:
                found.extend(e.problems)
        issuer = self.issuer.strip()
        if not issuer or len(issuer) > 200:
            found.append(Problem("issuer", self.issuer, "a name of 1 to 200 characters"))
        if found:
            raise InputError(found)
        object.__setattr__(self, "issuer", issuer)

    def write(
        self,
        grants: Iterable[Grant],
        on_problem: Callable[[Sequence[Problem]], None] | None = None,
    ) -> ExportOutcome:
        """Write the package; a grant OCF cannot carry raises, or — with ``on_problem`` — is
        reported there and left out."""
        priced = attributed = 0

        def counted() -> Iterator[Grant]:
            nonlocal priced, attributed
            for g in grants:
                if g.pricing is not None:
                    priced += 1
                if g.attributes:
                    attributed += 1
                yield g

        written = write_package(
            counted(),
            self.target,
            issuer=Issuer(self.issuer, self.formed, self.country),
            currency=self.currency,
            as_of=self.package_date,
            on_problem=on_problem,
        )
        return ExportOutcome(written, priced, too_big(self.target), attributed)


def too_big(package: str | os.PathLike[str]) -> str | None:
    """The name of a file of a written package larger than a document this program reads."""
    path = Path(package)
    try:
        if path.is_dir():
            sizes = {f.name: f.stat().st_size for f in path.iterdir() if f.is_file()}
        else:
            with zipfile.ZipFile(path) as z:
                sizes = {i.filename: i.file_size for i in z.infolist()}
    except (OSError, zipfile.BadZipFile):
        return None
    big = [name for name, size in sizes.items() if size > MAX_DOCUMENT]
    return big[0] if big else None
