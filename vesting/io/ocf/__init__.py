"""The Open Cap Table Format (OCF): reading a cap-table export as grants, writing grants back.

* :mod:`vesting.io.ocf.package` — opening a package (a folder or ``.zip`` with its manifest) or
  one OCF file;
* :mod:`vesting.io.ocf.terms` — OCF vesting terms ↔ vesting conditions;
* :mod:`vesting.io.ocf.read` — issuances and their transactions → grants and events;
* :mod:`vesting.io.ocf.write` and :mod:`vesting.io.ocf.store` — grants → a package that
  validates against the OCF schemas, written in place.

Reading yields grants like every other reader (:class:`vesting.io.Read` entries), so every
command accepts an OCF package where it accepts a grant file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from ..build import Read
from ..source import Text, is_ocf_path
from .package import open_package, package_from_text
from .read import read_package

__all__ = ["is_ocf_path", "read_ocf", "read_ocf_text"]


def read_ocf(source: str | os.PathLike[str]) -> Iterator[Read]:
    """The grants of the OCF package or file at ``source``."""
    yield from read_package(open_package(source))


def read_ocf_text(text: Text) -> Iterator[Read]:
    """The grants of one OCF file given as text (standard input, or a detected ``.json``)."""
    yield from read_package(package_from_text(text.name, text.read()))
