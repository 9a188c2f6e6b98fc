"""Reading: grant files (TOML, JSON, JSON lines, CSV, OCF) and price files → records.

* the field table — every grant and terms field, declared once (:mod:`vesting.io.fields`);
* text → values (:mod:`vesting.io.values`, :mod:`vesting.io.lists`, :mod:`vesting.io.eventtext`);
* grants from fields (:mod:`vesting.io.build`), one reader per format yielding grants lazily
  (:mod:`vesting.io.documents`, :mod:`vesting.io.csv_file`, :mod:`vesting.io.jsonl_file`,
  :mod:`vesting.io.ocf`), where text comes from (:mod:`vesting.io.source`), repeated ids
  (:mod:`vesting.io.seen`), price files (:mod:`vesting.io.prices`);
* the functions below (:mod:`vesting.io.reading`).

From Python::

    for grant in vesting.io.read_grants("grants.csv"):     # lazily, one grant at a time
        ...
    grants = vesting.io.load("grants.toml")               # all, or one error listing all

Names are loaded on first use (PEP 562), so the command line can read the field table to
declare its options without loading the readers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .build import BUILTIN_TERMS as BUILTIN_TERMS
    from .build import Read as Read
    from .prices import load_prices as load_prices
    from .prices import parse_prices as parse_prices
    from .reading import READERS as READERS
    from .reading import build_grant as build_grant
    from .reading import from_data as from_data
    from .reading import is_ocf as is_ocf
    from .reading import load as load
    from .reading import loads as loads
    from .reading import problems as problems
    from .reading import read as read
    from .reading import read_grants as read_grants
    from .source import FORMATS as FORMATS
    from .source import Source as Source
    from .source import detect_format as detect_format

__all__ = [
    "BUILTIN_TERMS",
    "FORMATS",
    "READERS",
    "Read",
    "Source",
    "build_grant",
    "detect_format",
    "from_data",
    "is_ocf",
    "load",
    "load_prices",
    "loads",
    "parse_prices",
    "problems",
    "read",
    "read_grants",
]

_HOME = {
    "BUILTIN_TERMS": "build",
    "Read": "build",
    "load_prices": "prices",
    "parse_prices": "prices",
    "FORMATS": "source",
    "Source": "source",
    "detect_format": "source",
}


def __getattr__(name: str) -> object:
    if name in __all__:
        module = importlib.import_module(f".{_HOME.get(name, 'reading')}", __name__)
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
