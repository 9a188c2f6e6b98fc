"""The commands, one module each, registered by name (what ``vesting NAME`` runs).

Every command implements one small protocol (:mod:`vesting.commands.base`): a *listing*
command computes rows for each grant, adds them to its totals and streams them to a renderer;
a *document* command adds each grant to a builder and makes one document of them all. The run
path (:mod:`vesting.run`) calls the protocol and never names a command. A command is a frozen
dataclass of its parameters, checked when it is built::

    from vesting.commands import get
    status = get("status")(dates=(datetime.date(2024, 6, 30),))

Registration is one line here (a module imported only when its command is used)::

    register("my-command", "mypackage.mine:MyCommand")
"""

from __future__ import annotations

import importlib
from typing import Any

from ..errors import InputError, Problem

_REGISTRY: dict[str, str | type[Any]] = {
    "validate": "vesting.commands.validate:ValidateCommand",
    "schedule": "vesting.commands.schedule:ScheduleCommand",
    "status": "vesting.commands.status:StatusCommand",
    "value": "vesting.commands.value:ValueCommand",
    "fair-value": "vesting.commands.fair_value:FairValueCommand",
    "expense": "vesting.commands.expense:ExpenseCommand",
    "tax": "vesting.commands.tax:TaxCommand",
    "diluted-shares": "vesting.commands.diluted:DilutedCommand",
    "disclose": "vesting.commands.disclose:DiscloseCommand",
    "export": "vesting.commands.export:ExportCommand",
    "chart": "vesting.commands.chart:ChartCommand",
    "report": "vesting.commands.report:ReportCommand",
    "calendar": "vesting.commands.calendar:CalendarCommand",
}


def register(name: str, target: str | type[Any]) -> None:
    """Make ``target`` (a class, or ``"module:Class"`` imported on first use) command
    ``name``."""
    _REGISTRY[name] = target


def names() -> tuple[str, ...]:
    """The registered command names."""
    return tuple(_REGISTRY)


def get(name: str) -> type[Any]:
    """The command class registered as ``name`` (an :class:`InputError` for an unknown name)."""
    target = _REGISTRY.get(name)
    if target is None:
        raise InputError([Problem("command", name, ", ".join(_REGISTRY))])
    if isinstance(target, str):
        module, _, attr = target.partition(":")
        loaded: type[Any] = getattr(importlib.import_module(module), attr)
        _REGISTRY[name] = loaded
        return loaded
    return target
