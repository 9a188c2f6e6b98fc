"""Our enums cover OCF's exactly (read from the OCF schema in ../shared; skipped without it)."""

from __future__ import annotations

import json
from pathlib import Path

from vesting import Allocation, DayOfMonth


def ocf_enum(shared: Path, name: str) -> list[str]:
    path = shared / "ocf" / "schema" / "enums" / f"{name}.schema.json"
    values = json.loads(path.read_text(encoding="utf-8"))["enum"]
    assert isinstance(values, list) and values
    return [str(v) for v in values]


def test_every_ocf_allocation_type_and_no_other(shared: Path) -> None:
    names = ocf_enum(shared, "AllocationType")
    assert {Allocation.parse(n).value for n in names} == set(names)
    assert {a.value for a in Allocation} == set(names)


def test_every_ocf_day_of_month_and_no_other(shared: Path) -> None:
    names = ocf_enum(shared, "VestingDayOfMonth")
    assert {DayOfMonth.parse(n).value for n in names} == set(names)
    assert {d.value for d in DayOfMonth} == set(names)
