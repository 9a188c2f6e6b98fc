"""Acceleration tied to the reason for leaving (issue 21.2): terms ``accelerate_on = { death =
"100%", involuntary = "12m" }`` — a termination for that reason accelerates that amount on the
termination date, before the rest is forfeited.

Each clause test names its source (a filed agreement's clause, as sampled on a clause-library
page; the text is paraphrased, with the operative words quoted) and works its figures out by
hand. The common grant: 4,800 NSO granted 2020-01-01 on the standard terms (48 months monthly,
12-month cliff: 1,200 on 2021-01-01, then 100 on the 1st of each month).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import as_json, fail, status
from hypothesis import given
from hypothesis import strategies as st

import vesting as v
import vesting.io as vio
from vesting.accounting.expense import Recognizer
from vesting.errors import InputError

D = dt.date
GRANTED = D(2020, 1, 1)
LEFT = D(2021, 6, 15)
# vested on 2021-06-15: the cliff's 1,200 and 100 on each 1st of February to June: 1,700;
# unvested 4,800 - 1,700 = 3,100
VESTED, UNVESTED = 1_700, 3_100


def grant(reason: v.Reason, **terms: object) -> v.Grant:
    t = v.VestingTerms.standard(**terms)
    g = v.Grant("a", v.Kind.NSO, 4_800, GRANTED, t, exercise_price=Decimal("1"))
    return g.with_events(v.Termination(LEFT, reason))


def full() -> v.Amount:
    return v.Amount(percent=Fraction(1))


# ------------------------------------------------------------------------------- clauses


def test_death_or_disability_vests_in_full_and_is_exercisable_for_a_year() -> None:
    """Source: "Effect of Optionee's Disability or Death", Stock Option Agreement of
    Transaction Systems Architects Inc (sampled on lawinsider.com/clause/
    effect-of-optionees-disability-or-death): on death or disability the unexercised portion
    "will become immediately vested" and is exercisable for the shorter of one year or the
    remaining term. As terms: ``accelerate_on = { death = "100%", disability = "100%" }``, and
    the default 12-month windows for both.

    By hand: the 3,100 unvested shares vest on 2021-06-15; 4,800 vested, none forfeited; the
    deadline 2022-06-15 (12 months; the expiration, 2030-01-01, is later)."""
    on = v.AccelerateOn(death=full(), disability=full())
    for reason in (v.Reason.DEATH, v.Reason.DISABILITY):
        s = status(grant(reason, accelerate_on=on), D(2021, 7, 1))
        assert (s.vested, s.forfeited, s.exercisable) == (4_800, 0, 4_800)
        assert s.exercise_deadline == D(2022, 6, 15)
        before = status(grant(reason, accelerate_on=on), D(2021, 6, 14))
        assert before.vested == VESTED  # not before the termination date
    # the other reasons are not listed: the 3,100 are forfeited
    s = status(grant(v.Reason.VOLUNTARY, accelerate_on=on), D(2021, 7, 1))
    assert (s.vested, s.forfeited) == (VESTED, UNVESTED)


def test_a_director_dies_and_may_exercise_until_the_original_term() -> None:
    """Source: "Termination of Service by Death", Directors' Stock Option Agreement of
    Cardinal Health Inc (sampled on markettransfer.info/clause/termination-of-service-by-death):
    on death "any unvested portion of the Option shall vest" and the option may be exercised
    "until expiration of the original term". As terms: death accelerates 100%, and a death
    window at least as long as the term (``10y``): the deadline is the expiration, 2030-01-01
    (granted 2020-01-01, the 10-year default term), and no window is shown beside it."""
    windows = v.ExerciseWindows(death=v.Period.months(120))
    g = grant(v.Reason.DEATH, accelerate_on=v.AccelerateOn(death=full()), exercise_windows=windows)
    s = status(g, D(2021, 7, 1))
    assert (s.vested, s.exercise_deadline) == (4_800, D(2030, 1, 1))
    assert v.eventrules.exercise_window(g, D(2021, 7, 1)) is None


def test_without_cause_or_for_good_reason_vesting_accelerates_by_12_months() -> None:
    """Source: "Upon Termination Without Cause or For Good Reason", Retention Agreement of
    Applix Inc (sampled on lawinsider.com/clause/upon-termination-without-cause-or-for-good-reason/
    _3): on a termination by the company without cause or by the employee for good reason "the
    vesting of each such option shall accelerate by 12 months". As terms: ``accelerate_on = {
    involuntary = "12m", good-reason = "12m" }``.

    By hand: the tranches due in the 12 months after 2021-06-15 are those of 2021-07-01 to
    2022-06-01, 12 × 100 = 1,200; vested 1,700 + 1,200 = 2,900; forfeited 3,100 - 1,200 =
    1,900."""
    twelve = v.Amount(months=12)
    on = v.AccelerateOn(involuntary=twelve, good_reason=twelve)
    for reason in (v.Reason.INVOLUNTARY, v.Reason.GOOD_REASON):
        g = grant(reason, accelerate_on=on)
        s = status(g, D(2021, 7, 1))
        assert (s.vested, s.forfeited) == (2_900, 1_900)
        (acc,) = [e for e in v.timeline(g) if e.mark is v.Mark.ACCELERATED]
        assert (acc.date, acc.shares) == (LEFT, 1_200)
        assert acc.note == f"acceleration on {reason.value} (soonest)"


# ------------------------------------------------------------------------------- the rule


def test_a_percent_by_method_and_a_share_count_capped_at_the_balance() -> None:
    # 50% of the 3,100 unvested = 1,550, the latest tranches first: 1,550 = 15 × 100 + 50, the
    # 15 tranches of 2022-10-01 to 2023-12-01 and 50 of 2022-09-01's
    half = v.AccelerateOn(disability=v.Amount(percent=Fraction(1, 2), method=v.Method.LATEST))
    g = grant(v.Reason.DISABILITY, accelerate_on=half)
    s = status(g, D(2021, 7, 1))
    assert (s.vested, s.forfeited) == (VESTED + 1_550, 1_550)
    # 10,000 shares is more than the 3,100 left: all of them
    many = v.AccelerateOn(retirement=v.Amount(shares=10_000))
    s = status(grant(v.Reason.RETIREMENT, accelerate_on=many), D(2021, 7, 1))
    assert (s.vested, s.forfeited) == (4_800, 0)


def test_a_tranche_on_the_termination_day_is_accelerated_when_that_day_does_not_vest() -> None:
    # terminated 2021-06-01 (a tranche date) with vest_on_termination_date false: that tranche
    # is unvested, so 100% takes it too — 4,800 vested in all
    t = v.VestingTerms.standard(
        vest_on_termination_date=False, accelerate_on=v.AccelerateOn(death=full())
    )
    g = v.Grant("a", v.Kind.RSU, 4_800, GRANTED, t).with_events(
        v.Termination(D(2021, 6, 1), v.Reason.DEATH)
    )
    assert status(g, D(2021, 6, 1)).vested == 4_800


def test_expense_recognizes_the_rest_on_the_termination_day() -> None:
    """What is known when: on the day of death the accelerated shares have vested, so their
    whole cost is recognized that day — at $1 a share, $4,800 in all."""
    g = grant(v.Reason.DEATH, accelerate_on=v.AccelerateOn(death=full()))
    r = Recognizer(g, Decimal(1))
    assert r.standing(LEFT).recognized == 4_800
    assert r.standing(LEFT - dt.timedelta(days=1)).recognized < 4_800


# ------------------------------------------------------------------------------- formats


@pytest.mark.parametrize("fmt", ["toml", "json", "csv"])
def test_every_format_reads_accelerate_on(fmt: str) -> None:
    cell = "Death=all;Laid Off=12m;disability=50%:latest;retirement=1,000"
    table = {"Death": "all", "Laid Off": "12m", "disability": "50%:latest", "retirement": 1000}
    head = {"id": "a", "kind": "NSO", "shares": 4800, "grant_date": "2020-01-01"}
    if fmt == "csv":
        text = "id,kind,shares,grant_date,accelerate_on\n" + f'a,NSO,4800,2020-01-01,"{cell}"\n'
    elif fmt == "json":
        text = json.dumps({"grants": [{**head, "accelerate_on": table}]})
    else:
        text = (
            '[[grant]]\nid = "a"\nkind = "NSO"\nshares = 4800\ngrant_date = 2020-01-01\n'
            'accelerate_on = { Death = "all", "Laid Off" = "12m", disability = "50%:latest", '
            "retirement = 1000 }\n"
        )
    stream = io.StringIO(text)
    stream.name = f"g.{fmt}"
    (entry,) = vio.read(stream, fmt)
    assert not entry.problems and entry.grant is not None, entry.problems
    on = entry.grant.terms.accelerate_on
    assert on == v.AccelerateOn(
        death=v.Amount(percent=Fraction(1)),
        involuntary=v.Amount(months=12),
        disability=v.Amount(percent=Fraction(1, 2), method=v.Method.LATEST),
        retirement=v.Amount(shares=1_000),
    )


def test_bad_amounts_and_reasons_are_refused_where_they_are(tmp_path: Path) -> None:
    from vesting.io.provisions import accelerate_on

    with pytest.raises(InputError) as e:
        accelerate_on({"death": "12x", "sometime": "50%", "quit": "1m", "voluntary": "2m"}, "f")
    messages = [p.message() for p in e.value.problems]
    assert any("f.death" in m and "12x" in m and "a percent" in m for m in messages)
    assert any("f.sometime" in m and "expected one of" in m for m in messages)
    assert any("each reason once" in m for m in messages)
    with pytest.raises(InputError, match="a portion from 0 to 1"):
        accelerate_on("death=150%", "f")
    with pytest.raises(InputError, match="a percent > 0"):
        accelerate_on("death=0%", "f")
    with pytest.raises(InputError, match="no method after them"):
        accelerate_on("death=12m:latest", "f")
    path = tmp_path / "g.toml"
    text = '[[grant]]\nid = "a"\nkind = "NSO"\nshares = 48\ngrant_date = 2020-01-01\n'
    path.write_text(text + 'accelerate_on = { death = "lots" }\n', encoding="utf-8")
    (line,) = fail("status", str(path))
    assert "accelerate_on.death" in line and "lots" in line


def test_the_command_line_what_if(tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    text = '[[grant]]\nid = "a"\nkind = "NSO"\nshares = 4800\ngrant_date = 2020-01-01\n'
    path.write_text(text + 'exercise_price = "1"\naccelerate_on = { death = "100%" }\n', "utf-8")
    doc = as_json("status", str(path), "--terminate", "2021-06-15:death", "--as-of", "2021-07-01")
    row = doc["rows"][0]
    assert (row["vested"], row["forfeited"], row["exercise_window"]) == (4_800, 0, "12m")


def test_ocf_cannot_carry_it() -> None:
    from vesting.io.ocf.write import exportable

    g = grant(v.Reason.DEATH, accelerate_on=v.AccelerateOn(death=full()))
    (problem,) = exportable(g)
    assert problem.field == "accelerate_on"


# ----------------------------------------------------------------------------- property


@given(
    st.sampled_from(list(v.Reason)),
    st.one_of(
        st.integers(1, 100).map(lambda n: v.Amount(percent=Fraction(n, 100))),
        st.integers(1, 48).map(lambda n: v.Amount(months=n)),
        st.integers(1, 6_000).map(lambda n: v.Amount(shares=n)),
    ),
    st.dates(D(2020, 1, 1), D(2024, 6, 30)),
)
def test_it_accelerates_what_an_acceleration_that_day_would(
    reason: v.Reason, amount: v.Amount, left: dt.date
) -> None:
    """The provision is the same as a recorded single-trigger acceleration of that amount on
    the termination date (an independent statement of the rule)."""
    key = reason.value.replace("-", "_")
    t = v.VestingTerms.standard(accelerate_on=v.AccelerateOn(**{key: amount}))  # type: ignore[arg-type]
    base = v.Grant("a", v.Kind.NSO, 4_800, GRANTED, t, exercise_price=Decimal("1"))
    by_terms = base.with_events(v.Termination(left, reason))
    recorded = v.Acceleration(left, shares=amount.shares, percent=amount.percent,
                              months=amount.months, method=amount.method)  # fmt: skip
    plain = v.Grant("a", v.Kind.NSO, 4_800, GRANTED, v.VestingTerms.standard(),
                    exercise_price=Decimal("1"))  # fmt: skip
    by_event = plain.with_events(recorded, v.Termination(left, reason))
    for on in (left - dt.timedelta(days=1), left, D(2030, 1, 1)):
        a, b = status(by_terms, on), status(by_event, on)
        assert (a.vested, a.forfeited, a.unvested) == (b.vested, b.forfeited, b.unvested)
