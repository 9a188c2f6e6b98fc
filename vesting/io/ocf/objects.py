"""The OCF objects an import reads, and what they mean here: the transaction types of an
equity compensation security, the termination reasons, the compensation types."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from typing import Final

from ...errors import Location, Problem, in_file, sub
from ...model import Kind, Reason
from ..values import brief
from . import values as v
from .package import OcfFile

ISSUANCES: Final = ("TX_EQUITY_COMPENSATION_ISSUANCE", "TX_PLAN_SECURITY_ISSUANCE")
REASONS: Final[Mapping[str, Reason]] = {
    "VOLUNTARY_OTHER": Reason.VOLUNTARY,
    "VOLUNTARY_GOOD_CAUSE": Reason.GOOD_REASON,
    "VOLUNTARY_RETIREMENT": Reason.RETIREMENT,
    "INVOLUNTARY_OTHER": Reason.INVOLUNTARY,
    "INVOLUNTARY_DEATH": Reason.DEATH,
    "INVOLUNTARY_DISABILITY": Reason.DISABILITY,
    "INVOLUNTARY_WITH_CAUSE": Reason.CAUSE,
}
"""OCF termination (window) reasons → ours, one to one."""
TERMINATION: Final = re.compile(
    r"termination \((voluntary|involuntary|cause|death|disability|retirement|good-reason)\)"
)
"""How this program records a termination in OCF: a cancellation whose ``reason_text`` says
so (OCF's transactions have no termination)."""
KINDS: Final[Mapping[str, Kind]] = {"OPTION_ISO": Kind.ISO, "OPTION_NSO": Kind.NSO, "RSU": Kind.RSU}
EC = "EQUITY_COMPENSATION"
PLAN = "PLAN_SECURITY"
SECURITY_TX: Final = {
    "TX_VESTING_START": "start",
    "TX_VESTING_EVENT": "event",
    "TX_VESTING_ACCELERATION": "acceleration",
    **{
        f"TX_{p}_{k}": k.lower()
        for p in (EC, PLAN)
        for k in (
            "EXERCISE",
            "CANCELLATION",
            "RELEASE",
            "RETRACTION",
            "TRANSFER",
            "ACCEPTANCE",
        )
    },
    "TX_EQUITY_COMPENSATION_REPRICING": "repricing",
}
"""Transactions on an equity compensation security, by what they are."""


class Obj:
    """An OCF object with where it was read (for messages)."""

    def __init__(self, file: OcfFile, item: dict[str, object]) -> None:
        self.file = file
        self.item = item
        self.type = str(item.get("object_type", ""))
        oid = item.get("id")
        self.label = f"{self.type} '{oid}'" if isinstance(oid, str) else self.type
        self.where = Location(file.name, record=self.label)
        self.file_at = in_file(file.name)

    def date(self) -> _dt.date:
        return v.date(v.get(self.item, "date", self.label), f"{self.label}.date")

    def problem(self, fld: str, value: object, allowed: str) -> Problem:
        return Problem(
            sub(self.label, fld) if fld else self.label, brief(value), allowed, self.file_at
        )
