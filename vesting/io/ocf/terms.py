"""OCF ``VestingTerms`` objects ↔ vesting conditions (:mod:`vesting.model.conditions`).

Reading maps every field of a v1 vesting-terms object: ``allocation_type``, and each
condition's ``portion`` (``numerator``/``denominator``, ``remainder``) or ``quantity``, its
trigger (``VESTING_START_DATE``, ``VESTING_SCHEDULE_ABSOLUTE`` ``date``,
``VESTING_SCHEDULE_RELATIVE`` ``period`` — ``length``, ``type`` ``MONTHS``/``DAYS``,
``occurrences``, ``day_of_month``, ``cliff_installment`` — and ``relative_to_condition_id``,
``VESTING_EVENT``) and ``next_condition_ids``. A ``cliff_installment`` below 2 means no cliff
(as OCF says). One extension is read, the ``cliff_condition`` of OCF-Tools' sample package
(``{"period": {"type": "MONTHS", "length": 12}}`` on a relative condition: installments dated
before that period after its base fold onto that date). Anything else is an error naming the
object and the field. Writing gives exactly the objects the OCF schema allows.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Final

from ...allocation import Allocation
from ...dates import DayOfMonth, Period, Unit
from ...errors import InputError, Problem, VestingError, sub
from ...model import VestingTerms
from ...model.conditions import Condition, When
from ..values import brief
from . import values as v

TERMS_KEYS: Final = (
    "id",
    "object_type",
    "name",
    "description",
    "allocation_type",
    "vesting_conditions",
    "comments",
)
CONDITION_KEYS: Final = (
    "id",
    "description",
    "portion",
    "quantity",
    "trigger",
    "next_condition_ids",
    "cliff_condition",
)


def label(item: Mapping[str, object], kind: str = "VESTING_TERMS") -> str:
    oid = item.get("id")
    return f"{kind} '{oid}'" if isinstance(oid, str) else kind


def terms_from_ocf(item: Mapping[str, object]) -> tuple[VestingTerms | None, list[Problem]]:
    """The vesting terms of an OCF ``VestingTerms`` object (unlocated problems: the caller
    knows the file), or ``None`` and every problem found."""
    where = label(item)
    found = v.unknown_keys(item, TERMS_KEYS, where)
    allocation = Allocation.CUMULATIVE_ROUND_DOWN
    try:
        allocation = Allocation.parse(
            str(v.get(item, "allocation_type", where)), f"{where}.allocation_type"
        )
    except VestingError as e:
        found.extend(e.problems)
    raw = item.get("vesting_conditions")
    if not isinstance(raw, list) or not raw:
        found.append(Problem(sub(where, "vesting_conditions"), brief(raw), "a list of conditions"))
        return None, found
    conditions: list[Condition] = []
    for i, c in enumerate(raw):
        try:
            conditions.append(condition_from_ocf(c, f"{where}.vesting_conditions[{i}]"))
        except VestingError as e:
            found.extend(e.problems)
    if found:
        return None, found
    try:
        return VestingTerms(conditions=tuple(conditions), allocation=allocation), []
    except VestingError as e:
        return None, [Problem(sub(where, p.field), p.value, p.allowed) for p in e.problems]


def condition_from_ocf(raw: object, field: str) -> Condition:
    item = v.obj(raw, field)
    cid = item.get("id")
    if isinstance(cid, str):
        field = f"{field} '{cid}'"
    problems = v.unknown_keys(item, CONDITION_KEYS, field)
    if problems:
        raise InputError(problems)
    cid = v.text(v.get(item, "id", field), f"{field}.id")
    portion: Fraction | None = None
    remainder = False
    quantity: Fraction | None = None
    if "portion" in item and "quantity" in item:
        raise v.bad(field, "portion and quantity", "one of portion or quantity")
    if "portion" in item:
        p = v.obj(item["portion"], f"{field}.portion")
        extra = v.unknown_keys(p, ("numerator", "denominator", "remainder"), f"{field}.portion")
        if extra:
            raise InputError(extra)
        num = v.fraction(v.get(p, "numerator", f"{field}.portion"), f"{field}.portion.numerator")
        den = v.fraction(
            v.get(p, "denominator", f"{field}.portion"), f"{field}.portion.denominator"
        )
        if den <= 0 or num < 0 or num > den:
            raise v.bad(sub(field, "portion"), f"{num}/{den}", "a portion from 0 to 1")
        portion = num / den
        rem = p.get("remainder", False)
        if not isinstance(rem, bool):
            raise v.bad(sub(field, "portion", "remainder"), rem, "true or false")
        remainder = rem
    elif "quantity" in item:
        quantity = v.fraction(item["quantity"], f"{field}.quantity")
        if quantity < 0:
            raise v.bad(sub(field, "quantity"), str(quantity), "a quantity >= 0")
    else:
        raise v.bad(field, "neither", "a portion or a quantity (OCF requires one)")
    nxt = item.get("next_condition_ids")
    if not isinstance(nxt, list) or not all(isinstance(n, str) for n in nxt):
        raise v.bad(sub(field, "next_condition_ids"), nxt, "a list of condition ids")
    trigger = v.obj(v.get(item, "trigger", field), f"{field}.trigger")
    kind = trigger.get("type")
    try:
        when = When.parse(str(kind), f"{field}.trigger.type")
    except VestingError as e:
        raise InputError(e.problems) from None
    fields: dict[str, Any] = {}
    known: tuple[str, ...] = ("type",)
    if when is When.ABSOLUTE:
        known = ("type", "date")
        fields["date"] = v.date(v.get(trigger, "date", f"{field}.trigger"), f"{field}.trigger.date")
    elif when is When.RELATIVE:
        known = ("type", "period", "relative_to_condition_id")
        fields.update(_relative(trigger, f"{field}.trigger"))
    extra = v.unknown_keys(trigger, known, f"{field}.trigger")
    if extra:
        raise InputError(extra)
    if "cliff_condition" in item:
        if when is not When.RELATIVE:
            raise v.bad(sub(field, "cliff_condition"), item["cliff_condition"], "on a relative one")
        fields["cliff_period"] = _cliff_condition(
            item["cliff_condition"], f"{field}.cliff_condition"
        )
        fields["cliff"] = 0
    try:
        return Condition(
            cid,
            when,
            portion=portion,
            quantity=quantity,
            remainder=remainder,
            next=tuple(nxt),
            **fields,
        )
    except VestingError as e:
        found = [Problem(f"{field}: {p.field}", p.value, p.allowed) for p in e.problems]
        raise InputError(found) from None


def _period(raw: object, field: str, *, day_of_month: bool) -> tuple[Period, dict[str, Any]]:
    period = v.obj(raw, field)
    length = v.get(period, "length", field)
    unit = v.enum(v.get(period, "type", field))
    if type(length) is not int or length < 0 or length > 109_572:
        raise v.bad(sub(field, "length"), length, "a whole number >= 0")
    if unit not in ("MONTHS", "DAYS"):
        raise v.bad(sub(field, "type"), period.get("type"), "MONTHS or DAYS")
    if unit == "MONTHS" and length > 3600:
        raise v.bad(sub(field, "length"), length, "at most 3,600 months")
    out: dict[str, Any] = {}
    if day_of_month and unit == "MONTHS":
        try:
            out["day_of_month"] = DayOfMonth(str(v.enum(v.get(period, "day_of_month", field))))
        except ValueError:
            raise v.bad(
                sub(field, "day_of_month"), period.get("day_of_month"), "an OCF VestingDayOfMonth"
            ) from None
    return Period(length, Unit.MONTHS if unit == "MONTHS" else Unit.DAYS), out


def _relative(trigger: Mapping[str, object], field: str) -> dict[str, Any]:
    raw = v.get(trigger, "period", field)
    period = v.obj(raw, f"{field}.period")
    if period.get("type") not in ("MONTHS", "DAYS"):
        raise v.bad(sub(field, "period", "type"), period.get("type"), "MONTHS or DAYS")
    months = period.get("type") == "MONTHS"
    known = ("length", "type", "occurrences", "cliff_installment") + (
        ("day_of_month",) if months else ()
    )
    extra = v.unknown_keys(period, known, f"{field}.period")
    if extra:
        raise InputError(extra)
    length, out = _period(raw, f"{field}.period", day_of_month=True)
    occurrences = v.get(period, "occurrences", f"{field}.period")
    if type(occurrences) is not int or not 1 <= occurrences <= 5000:
        raise v.bad(
            sub(field, "period", "occurrences"), occurrences, "a whole number from 1 to 5,000"
        )
    cliff = period.get("cliff_installment", 0)
    if type(cliff) is not int or cliff < 0 or cliff > occurrences:
        raise v.bad(
            sub(field, "period", "cliff_installment"),
            cliff,
            f"an installment from 0 to {occurrences}",
        )
    out.update(
        period=length,
        occurrences=occurrences,
        cliff=cliff if cliff >= 2 else 0,
        relative_to=v.text(
            v.get(trigger, "relative_to_condition_id", field), f"{field}.relative_to_condition_id"
        ),
    )
    return out


def _cliff_condition(raw: object, field: str) -> Period:
    item = v.obj(raw, field)
    extra = v.unknown_keys(item, ("id", "description", "period"), field)
    if extra:
        raise InputError(extra)
    period = v.obj(v.get(item, "period", field), f"{field}.period")
    extra = v.unknown_keys(period, ("type", "length"), f"{field}.period")
    if extra:
        raise InputError(extra)
    return _period(period, f"{field}.period", day_of_month=False)[0]


# ------------------------------------------------------------------------------------ writing


def numeric_text(value: Fraction | int) -> str:
    """An exact value as an OCF ``Numeric`` string (at most 10 decimals), or ``ValueError``."""
    f = Fraction(value)
    if f.denominator == 1:
        return str(f.numerator)
    for places in range(1, 11):
        scaled = f * 10**places
        if scaled.denominator == 1:
            n = scaled.numerator
            sign = "-" if n < 0 else ""
            digits = str(abs(n)).rjust(places + 1, "0")
            return f"{sign}{digits[:-places]}.{digits[-places:]}"
    raise ValueError(f"{value} has no exact decimal form of at most 10 places")


def _portion(p: Fraction) -> dict[str, str]:
    return {"numerator": str(p.numerator), "denominator": str(p.denominator)}


def condition_to_ocf(c: Condition) -> dict[str, object]:
    """An OCF ``VestingCondition`` object for ``c`` (the ``cliff_condition`` extension is
    never written: a cliff period is written as OCF cannot say it — the caller must not pass
    one)."""
    out: dict[str, object] = {"id": c.id}
    if c.portion is not None:
        portion: dict[str, object] = dict(_portion(c.portion))
        if c.remainder:
            portion["remainder"] = True
        out["portion"] = portion
    else:
        assert c.quantity is not None
        out["quantity"] = numeric_text(c.quantity)
    trigger: dict[str, object] = {"type": c.when.value}
    if c.when is When.ABSOLUTE:
        assert c.date is not None
        trigger["date"] = c.date.isoformat()
    elif c.when is When.RELATIVE:
        assert c.period is not None and c.relative_to is not None
        period: dict[str, object] = {
            "length": c.period.count,
            "type": "MONTHS" if c.period.unit is Unit.MONTHS else "DAYS",
            "occurrences": c.occurrences,
        }
        if c.period.unit is Unit.MONTHS:
            period["day_of_month"] = c.day_of_month.value
        if c.cliff:
            period["cliff_installment"] = c.cliff
        trigger["period"] = period
        trigger["relative_to_condition_id"] = c.relative_to
    out["trigger"] = trigger
    out["next_condition_ids"] = list(c.next)
    return out


def terms_to_ocf(
    oid: str, terms: VestingTerms, conditions: tuple[Condition, ...], name: str
) -> dict[str, object]:
    """An OCF ``VestingTerms`` object with ``conditions`` under ``terms``' allocation."""
    return {
        "id": oid,
        "object_type": "VESTING_TERMS",
        "name": name,
        "description": name,
        "allocation_type": terms.allocation.value,
        "vesting_conditions": [condition_to_ocf(c) for c in conditions],
    }
