"""The data model: grants, vesting terms, tranches and life events, as immutable records.

Every record here is a frozen dataclass (``Tranche``: a named tuple) that validates itself when
built: a record that exists describes something real. Quantities are exact — shares ``int``
(``Fraction`` only under ``FRACTIONAL`` allocation), portions :class:`~fractions.Fraction`,
money :class:`~decimal.Decimal`. Nothing here computes a schedule (see :mod:`vesting.engine`)
or applies an event (see :mod:`vesting.events`).

Modules: :mod:`vesting.model.terms` (``VestingTerms`` and its parts), :mod:`vesting.model.grant`
(``Grant``, ``Kind``, ``Tranche``), :mod:`vesting.model.events` (the life-event records and
their enums), :mod:`vesting.model.conditions` (vesting conditions: a graph, OCF's model),
:mod:`vesting.model.pricing` (a grant's fair value and its inputs).
"""

from __future__ import annotations

from .conditions import Condition, When
from .events import (
    Acceleration,
    Cancellation,
    Event,
    Exercise,
    Leave,
    Method,
    NamedEvent,
    Reason,
    Termination,
    Trigger,
)
from .grant import DEFAULT_OPTION_TERM, DEFAULT_RSU_LAPSE, Grant, Kind, Tranche, require_grant
from .pricing import SAB107, Pricing
from .terms import EventCondition, ExerciseWindows, GradedStep, LeaveTolling, VestingTerms

__all__ = [
    "DEFAULT_OPTION_TERM",
    "DEFAULT_RSU_LAPSE",
    "SAB107",
    "Acceleration",
    "Cancellation",
    "Condition",
    "Event",
    "EventCondition",
    "Exercise",
    "ExerciseWindows",
    "GradedStep",
    "Grant",
    "Kind",
    "Leave",
    "LeaveTolling",
    "Method",
    "NamedEvent",
    "Pricing",
    "Reason",
    "Termination",
    "Tranche",
    "Trigger",
    "VestingTerms",
    "When",
    "require_grant",
]
