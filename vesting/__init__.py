"""vesting — exact equity-compensation vesting for stock options and RSUs.

The layers, each calling only those below it:

* :mod:`vesting.dates` — how dates are stepped (periods, day-of-month policies);
* :mod:`vesting.allocation` — how shares are rounded (the OCF allocation types);
* :mod:`vesting.model` — grants, terms, tranches and events as immutable records;
* :mod:`vesting.engine` — the schedule compiler: terms → tranches, closed-form ``vested``;
* :mod:`vesting.events` — what life events do to a grant (the one module that applies them);
* :mod:`vesting.status` — what a holder has on a date (:class:`Status`);
* :mod:`vesting.valuation`, :mod:`vesting.parsing`, :mod:`vesting.grantfile`,
  :mod:`vesting.output` — money, text, grant files and reports;
* :mod:`vesting.cli` — the command line, which only wires options to the above.

Public API (stable): :func:`schedule`, :func:`timeline`, :func:`evaluate`, :func:`vested`,
:func:`unvested`, :func:`next_vest` and the records they take and return.
"""

from __future__ import annotations

from .allocation import Allocation, Shares
from .dates import DayOfMonth, Period, Unit
from .engine import schedule
from .errors import EventError, InputError, Problem, TermsError, VestingError
from .events import Entry, Mark, timeline
from .model import (
    Acceleration,
    Event,
    EventCondition,
    Exercise,
    ExerciseWindows,
    GradedStep,
    Grant,
    Kind,
    Leave,
    Method,
    NamedEvent,
    Reason,
    Termination,
    Tranche,
    Trigger,
    VestingTerms,
)
from .status import Status, evaluate, next_vest, unvested, vested

__version__ = "0.1.0"

__all__ = [
    "Acceleration",
    "Allocation",
    "DayOfMonth",
    "Entry",
    "Event",
    "EventCondition",
    "EventError",
    "Exercise",
    "ExerciseWindows",
    "GradedStep",
    "Grant",
    "InputError",
    "Kind",
    "Leave",
    "Mark",
    "Method",
    "NamedEvent",
    "Period",
    "Problem",
    "Reason",
    "Shares",
    "Status",
    "Termination",
    "TermsError",
    "Tranche",
    "Trigger",
    "Unit",
    "VestingError",
    "VestingTerms",
    "evaluate",
    "next_vest",
    "schedule",
    "timeline",
    "unvested",
    "vested",
]
