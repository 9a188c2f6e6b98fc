"""vesting — exact equity-compensation vesting for stock options and RSUs.

The layers, each calling only those below it:

* core — :mod:`vesting.shares` (share counts: ``int``, or a fraction under ``FRACTIONAL``
  allocation, and how they print), :mod:`vesting.dates` (stepping), :mod:`vesting.allocation`
  (rounding),
  :mod:`vesting.model` (records), :mod:`vesting.engine` (terms → tranches, closed forms),
  :mod:`vesting.events` (life events), :mod:`vesting.status` (what a holder has on a date);
* money and accounting — :mod:`vesting.valuation` (market value), :mod:`vesting.accounting`
  (fair value, ASC 718 expense, dilution);
* :mod:`vesting.io` — grant and price files → records (lazily);
* :mod:`vesting.batch` — many grants → results, lazily;
* :mod:`vesting.report` and :mod:`vesting.render` — typed rows, and tables, JSON, JSON lines,
  CSV;
* :mod:`vesting.cli` — the command line.

Public API (stable): :func:`schedule`, :func:`timeline`, :func:`evaluate`,
:func:`evaluate_many`, :func:`vested`, :func:`unvested`, :func:`next_vest`, the records they
take and return, and :func:`vesting.io.read_grants`. ``import vesting`` does no I/O, starts no
thread and imports neither the command line nor the table library; every name is loaded on
first use, so the command line starts without loading the engine. Every function is safe to
call from several threads (the caches hold immutable values only).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import accounting as accounting
    from . import batch as batch
    from . import io as io
    from . import render as render
    from . import report as report
    from . import valuation as valuation
    from .allocation import Allocation as Allocation
    from .allocation import Shares as Shares
    from .batch import evaluate_many as evaluate_many
    from .dates import DayOfMonth as DayOfMonth
    from .dates import Period as Period
    from .dates import Unit as Unit
    from .engine import schedule as schedule
    from .errors import EventError as EventError
    from .errors import InputError as InputError
    from .errors import Problem as Problem
    from .errors import TermsError as TermsError
    from .errors import VestingError as VestingError
    from .events import Entry as Entry
    from .events import Mark as Mark
    from .events import timeline as timeline
    from .model import AccelerateOn as AccelerateOn
    from .model import Acceleration as Acceleration
    from .model import Amount as Amount
    from .model import Calendar as Calendar
    from .model import Cancellation as Cancellation
    from .model import ChangeOfControl as ChangeOfControl
    from .model import Company as Company
    from .model import Condition as Condition
    from .model import Event as Event
    from .model import EventCondition as EventCondition
    from .model import Exercise as Exercise
    from .model import ExerciseWindows as ExerciseWindows
    from .model import GradedStep as GradedStep
    from .model import Grant as Grant
    from .model import Kind as Kind
    from .model import Leave as Leave
    from .model import LeaveTolling as LeaveTolling
    from .model import Method as Method
    from .model import Modification as Modification
    from .model import NamedEvent as NamedEvent
    from .model import Pricing as Pricing
    from .model import Reason as Reason
    from .model import SharesOutstanding as SharesOutstanding
    from .model import SplitRounding as SplitRounding
    from .model import StockSplit as StockSplit
    from .model import Termination as Termination
    from .model import Tranche as Tranche
    from .model import Trigger as Trigger
    from .model import VestingTerms as VestingTerms
    from .model import When as When
    from .shares import FractionalShares as FractionalShares
    from .status import Status as Status
    from .status import evaluate as evaluate
    from .status import next_vest as next_vest
    from .status import unvested as unvested
    from .status import vested as vested

from .about import __version__ as __version__

__all__ = [
    "AccelerateOn",
    "Acceleration",
    "Allocation",
    "Amount",
    "Calendar",
    "Cancellation",
    "ChangeOfControl",
    "Company",
    "Condition",
    "DayOfMonth",
    "Entry",
    "Event",
    "EventCondition",
    "EventError",
    "Exercise",
    "ExerciseWindows",
    "FractionalShares",
    "GradedStep",
    "Grant",
    "InputError",
    "Kind",
    "Leave",
    "LeaveTolling",
    "Mark",
    "Method",
    "Modification",
    "NamedEvent",
    "Period",
    "Pricing",
    "Problem",
    "Reason",
    "Shares",
    "SharesOutstanding",
    "SplitRounding",
    "Status",
    "StockSplit",
    "Termination",
    "TermsError",
    "Tranche",
    "Trigger",
    "Unit",
    "VestingError",
    "VestingTerms",
    "When",
    "evaluate",
    "evaluate_many",
    "next_vest",
    "schedule",
    "timeline",
    "unvested",
    "vested",
]

_HOME: dict[str, str] = {
    "Allocation": "allocation",
    "Shares": "allocation",
    "FractionalShares": "shares",
    "DayOfMonth": "dates",
    "Period": "dates",
    "Unit": "dates",
    "schedule": "engine",
    "EventError": "errors",
    "InputError": "errors",
    "Problem": "errors",
    "TermsError": "errors",
    "VestingError": "errors",
    "Entry": "events",
    "Mark": "events",
    "timeline": "events",
    "AccelerateOn": "model",
    "Acceleration": "model",
    "Amount": "model",
    "Calendar": "model",
    "Cancellation": "model",
    "ChangeOfControl": "model",
    "Condition": "model",
    "When": "model",
    "Event": "model",
    "EventCondition": "model",
    "Exercise": "model",
    "ExerciseWindows": "model",
    "GradedStep": "model",
    "Grant": "model",
    "Kind": "model",
    "Leave": "model",
    "LeaveTolling": "model",
    "Method": "model",
    "Modification": "model",
    "NamedEvent": "model",
    "Pricing": "model",
    "Reason": "model",
    "Company": "model",
    "SharesOutstanding": "model",
    "SplitRounding": "model",
    "StockSplit": "model",
    "Termination": "model",
    "Tranche": "model",
    "Trigger": "model",
    "VestingTerms": "model",
    "Status": "status",
    "evaluate": "status",
    "next_vest": "status",
    "unvested": "status",
    "vested": "status",
    "evaluate_many": "batch",
}
"""Where each public name lives; it is imported on first use (PEP 562)."""
_SUBMODULES = (
    "accounting",
    "allocation",
    "batch",
    "dates",
    "engine",
    "errors",
    "events",
    "io",
    "model",
    "render",
    "report",
    "status",
    "valuation",
)


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is not None:
        value = getattr(importlib.import_module(f".{home}", __name__), name)
        globals()[name] = value  # the next access is a plain attribute
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_SUBMODULES})
