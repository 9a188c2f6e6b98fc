"""Library misuse: every public record, given arbitrary values for its fields, either builds a
record that computes — or raises VestingError or TypeError with a message. Never an
AttributeError deep inside, never a float or a plain string taken for something else."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from decimal import Decimal
from fractions import Fraction

import pytest
from badvalues import no_hang
from hypothesis import given
from hypothesis import strategies as st

import vesting as v
from vesting import VestingError

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=10),
    st.sampled_from(["NSO", "RSU", "cause", "double", "months", "front-loaded", "15", "standard"]),
    st.dates(),
    st.datetimes(),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.fractions(),
    st.lists(st.integers(), max_size=3),
    st.tuples(st.text(max_size=3)),
    st.sampled_from([v.Period.months(12), v.Period.days(30), v.Kind.NSO, v.Reason.CAUSE]),
)

GOOD: dict[type, dict[str, object]] = {
    v.Grant: {"id": "g", "kind": v.Kind.NSO, "shares": 4800, "grant_date": dt.date(2020, 1, 15)},
    v.VestingTerms: {},
    v.Termination: {"date": dt.date(2021, 1, 1)},
    v.Leave: {"start": dt.date(2021, 1, 1), "end": dt.date(2021, 2, 1)},
    v.Acceleration: {"date": dt.date(2021, 1, 1), "percent": Fraction(1, 2)},
    v.Exercise: {"date": dt.date(2021, 6, 1), "shares": 10},
    v.NamedEvent: {"name": "ipo", "date": dt.date(2021, 1, 1)},
    v.GradedStep: {"offset": v.Period.months(12), "portion": Fraction(1)},
    v.EventCondition: {"name": "ipo", "portion": Fraction(1, 4)},
    v.ExerciseWindows: {},
    v.Period: {"count": 12},
}
CASES = [(cls, f.name) for cls in GOOD for f in fields(cls)]


def use(record: object) -> None:
    """Compute with what was built: only VestingError may come out."""
    on = dt.date(2024, 6, 30)
    if isinstance(record, v.Grant):
        v.schedule(record)
        v.evaluate(record, on)
    elif isinstance(record, v.VestingTerms):
        use(v.Grant("g", v.Kind.RSU, 1000, dt.date(2020, 1, 1), record))
    elif isinstance(record, v.Termination | v.Leave | v.Acceleration | v.Exercise | v.NamedEvent):
        use(v.Grant("g", v.Kind.NSO, 4800, dt.date(2020, 1, 15), events=(record,)))


@given(st.sampled_from(CASES), anything)
def test_any_value_for_any_field(case: tuple[type, str], value: object) -> None:
    cls, name = case
    with no_hang():
        try:
            record = cls(**{**GOOD[cls], name: value})
        except (VestingError, TypeError) as e:
            assert str(e)  # a message
            return
        try:
            use(record)
        except VestingError as e:
            assert str(e)


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda: v.schedule(None), TypeError),  # type: ignore[arg-type]
        (lambda: v.evaluate(GRANT, "2020-01-01"), TypeError),  # type: ignore[arg-type]
        (lambda: v.vested(GRANT, dt.datetime(2020, 1, 1)), TypeError),  # type: ignore[arg-type]
        (lambda: v.Grant("g", "NSO", 10, dt.date(2020, 1, 1), terms="standard"), VestingError),  # type: ignore[arg-type]
        (lambda: v.VestingTerms(length=48), VestingError),  # type: ignore[arg-type]
        (lambda: v.Acceleration(dt.date(2020, 1, 1), percent=0.5), VestingError),  # type: ignore[arg-type]
        (lambda: v.Grant("g", "NSO", 10, None), VestingError),  # type: ignore[arg-type]
        (lambda: v.Grant("g", "NSO", 10.0, dt.date(2020, 1, 1)), VestingError),  # type: ignore[arg-type]
        (lambda: v.Period(12, "weeks"), VestingError),  # type: ignore[arg-type]
        (lambda: v.Grant("g", "NSO", 10, dt.date(2020, 1, 1), exercise_price=1.5), VestingError),  # type: ignore[arg-type]
    ],
)
def test_the_misuses_the_issue_names(build: object, error: type[Exception]) -> None:
    with pytest.raises(error) as raised:
        build()  # type: ignore[operator]
    assert str(raised.value)


GRANT = v.Grant("g", v.Kind.NSO, 4800, dt.date(2020, 1, 15))


def test_enum_values_and_unit_names_are_understood() -> None:
    assert v.Termination(dt.date(2020, 1, 1), "cause").reason is v.Reason.CAUSE  # type: ignore[arg-type]
    assert v.Period(12, "months") == v.Period.months(12)  # type: ignore[arg-type]
    assert v.Period(12, "days").unit is v.Unit.DAYS  # type: ignore[arg-type]
    assert v.Grant("g", "RSU", 10, dt.date(2020, 1, 1)).kind is v.Kind.RSU  # type: ignore[arg-type]
    assert (
        v.Acceleration(dt.date(2020, 1, 1), shares=5, trigger="double").trigger is v.Trigger.DOUBLE
    )  # type: ignore[arg-type]
    assert v.Grant(
        "g", v.Kind.NSO, 10, dt.date(2020, 1, 1), exercise_price=3
    ).exercise_price == Decimal(3)


@given(
    st.one_of(st.text(max_size=5), st.integers()),
    st.sampled_from([*v.Kind, "NSO", "x"]),
    st.one_of(st.integers(min_value=-5, max_value=10**20), st.booleans()),
    st.one_of(st.dates(), st.none()),
    st.one_of(st.none(), st.dates()),
    st.one_of(st.none(), st.decimals(allow_nan=True), st.integers(min_value=-3, max_value=3)),
    st.one_of(st.none(), st.dates()),
    st.one_of(st.none(), st.text(max_size=300)),
)
def test_the_quick_check_never_passes_what_the_full_check_refuses(
    gid: object, kind: object, shares: object, granted: object, start: object, price: object,
    expires: object, holder: object,
) -> None:  # fmt: skip
    """Readers build grants through a quick test of the common case; it may only say "valid"
    when the full check (``problems``) finds nothing."""
    g = object.__new__(v.Grant)
    g.__dict__.update(
        id=gid, kind=kind, shares=shares, grant_date=granted, terms=v.VestingTerms.standard(),
        vesting_start=start or granted, exercise_price=price, expiration=expires, holder=holder,
        events=(),
    )  # fmt: skip
    if g._plainly_valid():
        assert g.problems() == []
