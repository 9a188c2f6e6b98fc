"""The data model: grants, vesting terms, tranches and life events, as immutable records.

Every record here is a frozen dataclass (``Tranche``: a named tuple) that validates itself when
built: a record that exists describes something real. Quantities are exact — shares ``int``
(``Fraction`` only under ``FRACTIONAL`` allocation), portions :class:`~fractions.Fraction`,
money :class:`~decimal.Decimal`. Nothing here computes a schedule (see :mod:`vesting.engine`)
or applies an event (see :mod:`vesting.events`).

Modules: :mod:`vesting.model.terms` (``VestingTerms`` and its parts), :mod:`vesting.model.grant`
(``Grant``, ``Tranche``), :mod:`vesting.model.events` (the life-event records),
:mod:`vesting.model.kinds` (the enums ``Kind``, ``Reason``, ``Trigger``, ``Method``,
``LeaveTolling``, ``Calendar``), :mod:`vesting.model.conditions` (vesting conditions: a graph,
OCF's model),
:mod:`vesting.model.pricing` (a grant's fair value and its inputs),
:mod:`vesting.model.provisions` (what life events set off: acceleration by reason, the change
of control),
:mod:`vesting.model.attributes` (a grant's own facts no calculation uses, as text).

Names are loaded on first use (PEP 562), so what needs only the enums (the JSON Schema of
grant files, the command line's help) does not build the records.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .attributes import Attributes as Attributes
    from .company import Company as Company
    from .company import SharesOutstanding as SharesOutstanding
    from .conditions import Condition as Condition
    from .conditions import When as When
    from .events import Acceleration as Acceleration
    from .events import Cancellation as Cancellation
    from .events import Event as Event
    from .events import Exercise as Exercise
    from .events import Leave as Leave
    from .events import Modification as Modification
    from .events import NamedEvent as NamedEvent
    from .events import StockSplit as StockSplit
    from .events import Termination as Termination
    from .grant import DEFAULT_OPTION_TERM as DEFAULT_OPTION_TERM
    from .grant import DEFAULT_RSU_LAPSE as DEFAULT_RSU_LAPSE
    from .grant import Grant as Grant
    from .grant import Tranche as Tranche
    from .grant import require_grant as require_grant
    from .kinds import Calendar as Calendar
    from .kinds import Kind as Kind
    from .kinds import LeaveTolling as LeaveTolling
    from .kinds import Method as Method
    from .kinds import Reason as Reason
    from .kinds import SplitRounding as SplitRounding
    from .kinds import Trigger as Trigger
    from .pricing import SAB107 as SAB107
    from .pricing import Pricing as Pricing
    from .provisions import AccelerateOn as AccelerateOn
    from .provisions import Amount as Amount
    from .provisions import ChangeOfControl as ChangeOfControl
    from .terms import EventCondition as EventCondition
    from .terms import ExerciseWindows as ExerciseWindows
    from .terms import GradedStep as GradedStep
    from .terms import VestingTerms as VestingTerms

__all__ = [
    "DEFAULT_OPTION_TERM",
    "DEFAULT_RSU_LAPSE",
    "SAB107",
    "AccelerateOn",
    "Acceleration",
    "Amount",
    "Attributes",
    "Calendar",
    "Cancellation",
    "ChangeOfControl",
    "Company",
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
    "Modification",
    "NamedEvent",
    "Pricing",
    "Reason",
    "SharesOutstanding",
    "SplitRounding",
    "StockSplit",
    "Termination",
    "Tranche",
    "Trigger",
    "VestingTerms",
    "When",
    "require_grant",
]

_HOME = {
    "Attributes": "attributes",
    "Company": "company",
    "SharesOutstanding": "company",
    "Condition": "conditions",
    "When": "conditions",
    "Acceleration": "events",
    "Cancellation": "events",
    "Event": "events",
    "Exercise": "events",
    "Leave": "events",
    "NamedEvent": "events",
    "StockSplit": "events",
    "Modification": "events",
    "Termination": "events",
    "DEFAULT_OPTION_TERM": "grant",
    "DEFAULT_RSU_LAPSE": "grant",
    "Grant": "grant",
    "Tranche": "grant",
    "require_grant": "grant",
    "Calendar": "kinds",
    "Kind": "kinds",
    "LeaveTolling": "kinds",
    "Method": "kinds",
    "Reason": "kinds",
    "SplitRounding": "kinds",
    "Trigger": "kinds",
    "Pricing": "pricing",
    "SAB107": "pricing",
    "AccelerateOn": "provisions",
    "Amount": "provisions",
    "ChangeOfControl": "provisions",
    "EventCondition": "terms",
    "ExerciseWindows": "terms",
    "GradedStep": "terms",
    "VestingTerms": "terms",
}


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
