"""Our enums cover OCF's exactly (read from the OCF schema files in tests/data/ocf/schema)."""

from __future__ import annotations

import json

from helpers import OCF_SCHEMA

from vesting import Allocation, DayOfMonth


def ocf_enum(name: str) -> list[str]:
    path = OCF_SCHEMA / "enums" / f"{name}.schema.json"
    values = json.loads(path.read_text(encoding="utf-8"))["enum"]
    assert isinstance(values, list) and values
    return [str(v) for v in values]


def test_every_ocf_allocation_type_and_no_other() -> None:
    names = ocf_enum("AllocationType")
    assert {Allocation.parse(n).value for n in names} == set(names)
    assert {a.value for a in Allocation} == set(names)


def test_every_ocf_day_of_month_and_no_other() -> None:
    names = ocf_enum("VestingDayOfMonth")
    assert {DayOfMonth.parse(n).value for n in names} == set(names)
    assert {d.value for d in DayOfMonth} == set(names)
