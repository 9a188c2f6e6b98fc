"""Invalid grants and terms are refused with a TermsError that says where, what and what is allowed.

Each case checks: the exception type (TermsError, a VestingError), the field named in the
problem, the value as the message shows it, and a phrase of what would be accepted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest

from vesting import (
    Allocation,
    DayOfMonth,
    EventCondition,
    GradedStep,
    Grant,
    Kind,
    Period,
    VestingTerms,
)
from vesting.errors import TermsError, VestingError

D = dt.date
F = Fraction
M = Period.months


def rejects(build: Callable[[], object], field: str, shown: str, allowed: str) -> TermsError:
    """``build()`` raises a TermsError whose message reads ``<field>: got <shown>; …<allowed>…``."""
    with pytest.raises(TermsError) as info:
        build()
    err = info.value
    assert isinstance(err, VestingError)
    assert field in [p.field for p in err.problems], str(err)
    message = str(err)
    assert f"{field}: got {shown}; " in message
    assert allowed in message
    return err


def rsu(**kw: object) -> Grant:
    base: dict[str, object] = {
        "id": "g1",
        "kind": Kind.RSU,
        "shares": 1000,
        "grant_date": D(2020, 1, 1),
    }
    base.update(kw)
    return Grant(**base)  # type: ignore[arg-type]


def nso(**kw: object) -> Grant:
    return rsu(kind=Kind.NSO, **kw)


def test_terms_error_is_a_vesting_error() -> None:
    assert issubclass(TermsError, VestingError)
    assert issubclass(VestingError, ValueError)


# ------------------------------------------------------------------------------------ shares


@pytest.mark.parametrize(("shares", "shown"), [(0, "0"), (-5, "-5"), (True, "True"), (1.5, "1.5")])
def test_shares_must_be_a_positive_whole_number(shares: object, shown: str) -> None:
    err = rejects(lambda: rsu(shares=shares), "shares", shown, "a whole number of shares > 0")
    assert str(err).startswith("grant 'g1': shares: ")  # located at the grant


def test_shares_as_fraction_or_string_rejected() -> None:
    rejects(lambda: rsu(shares=F(1, 2)), "shares", "1/2", "whole number")
    rejects(lambda: rsu(shares="100"), "shares", "'100'", "whole number")


# ------------------------------------------------------------------------- periodic shape


def test_cliff_longer_than_schedule() -> None:
    rejects(
        lambda: VestingTerms(length=M(12), cliff=M(13)),
        "cliff",
        "'13m'",
        "a cliff no longer than the schedule (12m)",
    )
    # in days against a length in months (12 months ≈ 365 days)
    rejects(
        lambda: VestingTerms(length=M(12), cliff=Period.days(400)),
        "cliff",
        "'400d'",
        "no longer than the schedule",
    )


def test_cliff_equal_to_length_is_fine() -> None:
    assert VestingTerms(length=M(12), cliff=M(12)).cliff == M(12)


def test_zero_cliff() -> None:
    rejects(lambda: VestingTerms(cliff=M(0)), "cliff", "'0m'", "at least 1 month or day")


def test_length_not_a_multiple_of_cadence() -> None:
    rejects(
        lambda: VestingTerms(length=M(10), every=M(3)),
        "length",
        "'10m'",
        "a whole number of the cadence (3m): e.g. 9",
    )
    rejects(
        lambda: VestingTerms(length=Period.days(100), every=Period.days(30)),
        "length",
        "'100d'",
        "a whole number of the cadence (30d)",
    )


def test_length_and_cadence_in_different_units() -> None:
    rejects(
        lambda: VestingTerms(length=Period.days(365), every=M(1)),
        "length",
        "'365d'",
        "in the cadence's unit (months)",
    )


def test_zero_cadence_and_length() -> None:
    rejects(lambda: VestingTerms(every=M(0)), "every", "'0m'", "at least 1 month or 1 day")
    rejects(lambda: VestingTerms(length=M(0)), "length", "'0m'", "at least 1 month or 1 day")
    # both problems are reported at once
    with pytest.raises(TermsError) as info:
        VestingTerms(length=M(0), every=M(0))
    assert [p.field for p in info.value.problems] == ["every", "length"]
    assert len(str(info.value).splitlines()) == 2


def test_immediate_bounds() -> None:
    rejects(lambda: VestingTerms(immediate=F(1)), "immediate", "1", "less than 1")
    rejects(lambda: VestingTerms(immediate=F(3, 2)), "immediate", "3/2", "a portion from 0 to 1")
    rejects(lambda: VestingTerms(immediate=F(-1, 2)), "immediate", "-1/2", "from 0 to 1")
    rejects(lambda: VestingTerms(immediate=0.1), "immediate", "0.1", "a Fraction such as")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- cliff portion


def test_cliff_portion_without_cliff() -> None:
    rejects(
        lambda: VestingTerms(cliff_portion=F(3, 10)),
        "cliff_portion",
        "3/10",
        "only with a cliff",
    )


def test_cliff_portion_too_big() -> None:
    rejects(
        lambda: VestingTerms(cliff=M(12), cliff_portion=F(9, 10), immediate=F(1, 5)),
        "cliff_portion",
        "9/10",
        "a portion > 0 and <= 4/5 (1 minus immediate)",
    )
    rejects(
        lambda: VestingTerms(cliff=M(12), cliff_portion=F(0)),
        "cliff_portion",
        "0",
        "a portion > 0",
    )


def test_cliff_portion_at_the_end_must_be_everything() -> None:
    rejects(
        lambda: VestingTerms(length=M(12), cliff=M(12), cliff_portion=F(1, 2)),
        "cliff_portion",
        "1/2",
        "exactly 1: the cliff is the end of the schedule",
    )


# ------------------------------------------------------------------------------------ graded


def test_graded_portions_must_sum_to_one() -> None:
    rejects(
        lambda: VestingTerms(graded=(GradedStep(M(12), F(1, 4)), GradedStep(M(24), F(1, 4)))),
        "graded",
        "'portions summing to 1/2'",
        "portions summing to exactly 1",
    )
    rejects(
        lambda: VestingTerms(graded=(GradedStep(M(12), F(3, 4)), GradedStep(M(24), F(1, 2)))),
        "graded",
        "'portions summing to 5/4'",
        "exactly 1",
    )


def test_graded_offsets_strictly_increase_in_one_unit() -> None:
    rejects(
        lambda: VestingTerms(graded=(GradedStep(M(24), F(1, 2)), GradedStep(M(12), F(1, 2)))),
        "graded",
        "['24m', '12m']",
        "strictly increasing offsets",
    )
    rejects(
        lambda: VestingTerms(graded=(GradedStep(M(12), F(1, 2)), GradedStep(M(12), F(1, 2)))),
        "graded",
        "['12m', '12m']",
        "strictly increasing",
    )
    rejects(
        lambda: VestingTerms(
            graded=(GradedStep(M(12), F(1, 2)), GradedStep(Period.days(800), F(1, 2)))
        ),
        "graded",
        "'offsets in months and days'",
        "all in months or all in days",
    )


def test_graded_step_portion() -> None:
    rejects(lambda: GradedStep(M(12), F(0)), "graded.portion", "0", "a portion > 0 and <= 1")
    rejects(lambda: GradedStep(M(12), F(5, 4)), "graded.portion", "5/4", "<= 1")
    rejects(lambda: GradedStep(M(12), 0.5), "graded.portion", "0.5", "not a float")  # type: ignore[arg-type]


def test_graded_with_periodic_only_fields() -> None:
    steps = (GradedStep(M(12), F(1)),)
    rejects(lambda: VestingTerms(graded=steps, cliff=M(6)), "cliff", "'6m'", "not used with graded")
    rejects(
        lambda: VestingTerms(graded=steps, immediate=F(1, 10)),
        "immediate",
        "1/10",
        "not used with graded tranches (use offset 0)",
    )


# -------------------------------------------------------------------------------- milestones


def test_milestones() -> None:
    rejects(
        lambda: VestingTerms(
            milestones=(EventCondition("ipo", F(3, 4)), EventCondition("fda", F(3, 4)))
        ),
        "milestones",
        "3/2",
        "portions summing to <= 1",
    )
    rejects(
        lambda: VestingTerms(
            milestones=(EventCondition("ipo", F(1, 4)), EventCondition("ipo", F(1, 4)))
        ),
        "milestones",
        "'ipo, ipo'",
        "distinct event names",
    )
    rejects(lambda: EventCondition(" ", F(1, 4)), "milestone.name", "' '", "a non-empty event name")
    rejects(lambda: EventCondition("ipo", F(0)), "milestone 'ipo'.portion", "0", "> 0")


# ------------------------------------------------------------------------ parse of names


@pytest.mark.parametrize("bad", ["ROUND_UP", "banker"])
def test_unknown_allocation(bad: str) -> None:
    rejects(lambda: Allocation.parse(bad), "allocation", repr(bad), "expected one of")


@pytest.mark.parametrize("bad", ["32", "0", "middle"])
def test_unknown_day_policy(bad: str) -> None:
    rejects(lambda: DayOfMonth.parse(bad), "day_of_month", repr(bad), "a day 1-28")


def test_enum_fields_take_members_or_their_values() -> None:
    # an enum's string value is understood (unambiguous); anything else names what is allowed
    assert VestingTerms(allocation="front-loaded").allocation is Allocation.FRONT_LOADED  # type: ignore[arg-type]
    assert VestingTerms(day_of_month="15").day_of_month is DayOfMonth.D15  # type: ignore[arg-type]
    rejects(
        lambda: VestingTerms(allocation="CUMULATIVE_ROUND_DOWN_X"),  # type: ignore[arg-type]
        "allocation",
        "'CUMULATIVE_ROUND_DOWN_X'",
        "CUMULATIVE_ROUNDING",
    )
    rejects(
        lambda: VestingTerms(day_of_month=15),  # type: ignore[arg-type]
        "day_of_month",
        "15",
        "a DayOfMonth or its value",
    )


def test_unknown_kind() -> None:
    rejects(lambda: Kind.parse("PSU"), "kind", "'PSU'", "expected ISO, NSO or RSU")


# ------------------------------------------------------------------------------------ dates


def test_grant_date_out_of_range_rsu() -> None:
    err = rejects(
        lambda: rsu(grant_date=D(1800, 1, 1)),
        "grant_date",
        "'1800-01-01'",
        "a date from 1900-01-01 to 2199-12-31",
    )
    assert str(err).startswith("grant 'g1': grant_date: ")


def test_vesting_start_out_of_range() -> None:
    rejects(
        lambda: rsu(vesting_start=D(2200, 1, 1)),
        "vesting_start",
        "'2200-01-01'",
        "a date from 1900-01-01 to 2199-12-31",
    )
    rejects(
        lambda: rsu(vesting_start=D(1899, 12, 31)),
        "vesting_start",
        "'1899-12-31'",
        "1900-01-01 to 2199-12-31",
    )


def test_range_edges_accepted() -> None:
    assert rsu(grant_date=D(1900, 1, 1)).start == D(1900, 1, 1)
    assert rsu(grant_date=D(2199, 12, 31)).start == D(2199, 12, 31)


def test_grant_date_out_of_range_option() -> None:
    rejects(
        lambda: nso(grant_date=D(1800, 1, 1)),
        "grant_date",
        "'1800-01-01'",
        "a date from 1900-01-01 to 2199-12-31",
    )


def test_option_default_expiration_past_the_supported_range() -> None:
    # 2195 + 10 years is past 2199-12-31: the grant must say when it expires.
    rejects(
        lambda: nso(grant_date=D(2195, 1, 1)),
        "expiration",
        "'2195-01-01 + 10 years'",
        "an explicit expiration on or before 2199-12-31",
    )
    assert nso(grant_date=D(2195, 1, 1), expiration=D(2199, 1, 1)).expiration == D(2199, 1, 1)


def test_option_out_of_range_is_still_a_terms_error() -> None:
    with pytest.raises(TermsError, match="1800-01-01"):
        nso(grant_date=D(1800, 1, 1))


def test_datetime_is_not_a_date() -> None:
    rejects(
        lambda: rsu(grant_date=dt.datetime(2020, 1, 1, 12, 0)),
        "grant_date",
        "2020-01-01 12:00:00",
        "a date (YYYY-MM-DD)",
    )


# --------------------------------------------------------------------------- kind-specific


def test_exercise_price_on_rsu() -> None:
    rejects(
        lambda: rsu(exercise_price=Decimal("10.00")),
        "exercise_price",
        "10.00",
        "no exercise price on an RSU",
    )


def test_expiration_on_rsu() -> None:
    # RSUs may lapse (issue 9 §4): an expiration is kept, but it must still follow the grant
    assert rsu(expiration=D(2030, 1, 1)).expiration == D(2030, 1, 1)
    assert rsu().expiration is None  # single-trigger RSUs: no lapse unless given one
    rejects(
        lambda: rsu(expiration=D(2019, 12, 31)),
        "expiration",
        "'2019-12-31'",
        "after the grant date",
    )


def test_option_money_and_expiration() -> None:
    rejects(
        lambda: nso(exercise_price=Decimal("-1")),
        "exercise_price",
        "-1",
        "an amount >= 0 with at most 15 digits before the decimal point",
    )
    rejects(  # exact money needs bounded inputs: see vesting.money
        lambda: nso(exercise_price=Decimal("1E+400")),
        "exercise_price",
        "1E+400",
        "at most 15 digits",
    )
    rejects(
        lambda: nso(exercise_price=Decimal("NaN")),
        "exercise_price",
        "NaN",
        "an amount >= 0",
    )
    rejects(
        lambda: nso(expiration=D(2020, 1, 1)),
        "expiration",
        "'2020-01-01'",
        "a date after the grant date 2020-01-01",
    )
    rejects(
        lambda: nso(vesting_start=D(2031, 1, 1)),
        "vesting_start",
        "'2031-01-01'",
        "a date before the expiration",
    )


def test_kind_specific_terms() -> None:
    rejects(
        lambda: rsu(terms=VestingTerms(early_exercise=True)),
        "early_exercise",
        "True",
        "only on options",
    )
    rejects(
        lambda: nso(terms=VestingTerms(settle_on="ipo")),
        "settle_on",
        "'ipo'",
        "only on RSUs",
    )


def test_option_default_expiration_is_ten_years() -> None:
    assert nso().expiration == D(2030, 1, 1)
    assert rsu().expiration is None


def test_bad_id() -> None:
    rejects(lambda: rsu(id=" "), "id", "' '", "a non-empty grant id")


def test_grant_make_is_grant() -> None:
    """The readers' fast constructor builds the same record, with the same checks."""
    import datetime as dt
    from dataclasses import fields
    from decimal import Decimal

    from vesting import Grant, Kind, TermsError, VestingTerms

    given = {
        "id": "g",
        "kind": Kind.NSO,
        "shares": 100,
        "grant_date": dt.date(2020, 1, 1),
        "terms": VestingTerms.standard(),
        "exercise_price": Decimal("1.5"),
        "holder": "h",
    }
    a, b = Grant(**given), Grant.make(**given)  # type: ignore[arg-type]
    assert a == b and all(getattr(a, f.name) == getattr(b, f.name) for f in fields(Grant))
    # a field not given takes the record's default, the terms too
    c = Grant.make(id="g", kind=Kind.RSU, shares=1, grant_date=dt.date(2020, 1, 1))
    assert c == Grant("g", Kind.RSU, 1, dt.date(2020, 1, 1))
    for shares, start in ((-1, None), (100, "2020-01-01")):
        bad = {**given, "shares": shares, "vesting_start": start}
        for build in (Grant, Grant.make):
            with pytest.raises(TermsError):
                build(**bad)
