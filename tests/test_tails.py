"""Tail periods for a change of control (issue 21.3): terms ``change_of_control = { amount,
window, window_before, qualifying, event }``. A qualifying termination within ``window`` after
the change of control (the named event) accelerates the amount on the termination date; one
within ``window_before`` *before* it holds the amount pending through the tail — vesting on
the change of control's date if it comes by the tail's last day (the exercise deadline then
runs from it), forfeited on that last day otherwise.

The common grant: 4,800 NSO granted 2020-01-01 on the standard terms (1,200 on 2021-01-01,
then 100 on each 1st); terminated 2021-06-15 with 1,700 vested and 3,100 unvested. Clause
texts are paraphrased with their operative words quoted; figures worked out by hand.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from fractions import Fraction

import pytest
from helpers import status
from hypothesis import given
from hypothesis import strategies as st

import vesting as v
import vesting.io as vio
from vesting.accounting.expense import Recognizer
from vesting.errors import InputError

D = dt.date
DAY = dt.timedelta(days=1)
GRANTED, LEFT = D(2020, 1, 1), D(2021, 6, 15)
TAIL_END = D(2021, 9, 15)  # 2021-06-15 + 3 calendar months
QUALIFYING = (v.Reason.INVOLUNTARY, v.Reason.GOOD_REASON)


def terms(**control: object) -> v.VestingTerms:
    settings = {"window_before": v.Period.months(3), "qualifying": QUALIFYING, **control}
    cc = v.ChangeOfControl(v.Amount(percent=Fraction(1)), **settings)  # type: ignore[arg-type]
    return v.VestingTerms.standard(change_of_control=cc)


def grant(*events: v.Event, reason: v.Reason = v.Reason.INVOLUNTARY, **control: object) -> v.Grant:
    g = v.Grant("a", v.Kind.NSO, 4_800, GRANTED, terms(**control), exercise_price=Decimal(1))
    return g.with_events(v.Termination(LEFT, reason), *events)


def coc(on: dt.date) -> v.NamedEvent:
    return v.NamedEvent("change-of-control", on)


# ------------------------------------------------------------------------------- clauses


def test_a_qualified_termination_before_a_change_in_control_waits_three_months() -> None:
    """Source: an "Equity Vesting" clause of an executive agreement, as sampled on
    lawinsider.com/clause/common-stock-vesting: all unvested equity vests on a qualified
    termination around a change in control, and if the qualified termination "occurs prior to
    a Change in Control", the unvested portion "will remain outstanding for 3 months or the
    occurrence of a Change in Control (whichever is earlier)" so the benefits can be provided
    if the change in control comes within those 3 months. As terms: ``change_of_control = {
    amount = "100%", window_before = "3m", qualifying = ["involuntary", "good-reason"] }``.

    By hand, a change in control on 2021-08-01, inside the tail (2021-06-15 to 2021-09-15): the
    3,100 are pending from the termination to 2021-07-31 and vest on 2021-08-01, 4,800 in all;
    the exercise deadline runs from that day: 3 months, 2021-11-01 (before it: 2021-09-15)."""
    g = grant(coc(D(2021, 8, 1)))
    during = status(g, D(2021, 7, 31))
    assert (during.vested, during.pending, during.forfeited) == (1_700, 3_100, 0)
    assert during.exercise_deadline == D(2021, 9, 15)
    after = status(g, D(2021, 8, 1))
    assert (after.vested, after.pending, after.exercisable) == (4_800, 0, 4_800)
    assert after.exercise_deadline == D(2021, 11, 1)
    held = [e for e in v.timeline(g) if e.shares == 3_100]
    assert [(e.date, e.mark, e.milestone) for e in held] == [
        (D(2021, 8, 1), v.Mark.ACCELERATED, True)
    ]


def test_no_change_in_control_within_the_tail_forfeits_on_its_last_day() -> None:
    """The same clause, no change in control by 2021-09-15 (or one the day after): pending
    through 2021-09-14, the 3,100 forfeited on 2021-09-15; the deadline stays 2021-09-15."""
    for events in ((), (coc(TAIL_END + DAY),)):
        g = grant(*events)
        s = status(g, TAIL_END - DAY)
        assert (s.pending, s.forfeited) == (3_100, 0)
        s = status(g, TAIL_END)
        assert (s.vested, s.pending, s.forfeited) == (1_700, 0, 3_100)
        assert status(g, D(2022, 1, 1)).exercise_deadline == TAIL_END
    # a change in control on the tail's last day is within it
    assert status(grant(coc(TAIL_END)), TAIL_END).vested == 4_800


def test_a_sale_event_then_a_termination_within_twelve_months() -> None:
    """Source: "Vesting, Exercisability and Termination" of a stock option agreement, as
    sampled on lawinsider.com/clause/vesting-exercisability-and-termination: on a Sale Event
    "50% of the Option Shares that are not then vested will be accelerated", and if employment
    is terminated "within twelve (12) months following a Sale Event" without cause or for good
    reason, all remaining unvested shares vest on the termination's effective date. As terms:
    ``change_of_control = { amount = "100%", window = "12m", qualifying = ["involuntary",
    "good-reason"], event = "sale" }``; the 50% a recorded single-trigger acceleration.

    By hand, a sale on 2021-03-01: 1,400 vested (1,200 + February and March), 3,400 unvested;
    50% = 1,700 vest that day (3,100 vested), the 34 later tranches halved (50 each). On
    2021-06-15: 3,100 + April to June (3 × 50) = 3,250 vested, the 1,550 left accelerate on
    the termination: 4,800."""
    sale = D(2021, 3, 1)
    half = v.Acceleration(sale, percent=Fraction(1, 2))
    g = grant(v.NamedEvent("sale", sale), half, window_before=v.Period.months(0), event="sale")
    assert status(g, sale).vested == 3_100
    assert status(g, LEFT - DAY).vested == 3_250
    s = status(g, LEFT)
    assert (s.vested, s.forfeited, s.pending) == (4_800, 0, 0)


# ------------------------------------------------------------------------------- the rule


def test_a_reason_that_does_not_qualify_has_no_tail() -> None:
    s = status(grant(coc(D(2021, 8, 1)), reason=v.Reason.VOLUNTARY), D(2021, 7, 1))
    assert (s.pending, s.forfeited) == (0, 3_100)


def test_a_change_of_control_before_the_termination_uses_the_window_after() -> None:
    # 2021-03-01 change of control, termination 2021-06-15 within 12 months: 3,100 on 2021-06-15
    s = status(grant(coc(D(2021, 3, 1))), LEFT)
    assert (s.vested, s.pending) == (4_800, 0)
    # more than 12 months before: nothing
    s = status(grant(coc(D(2020, 6, 1))), LEFT)
    assert (s.vested, s.forfeited) == (1_700, 3_100)


def test_a_tail_in_days_and_a_partial_amount() -> None:
    # 90 days after 2021-06-15 is 2021-09-13 (15 days of June, 31 of July, 31 of August: 77,
    # 13 of September); 12 months of tranches covered: July 2021 to June 2022, 1,200
    g = grant(coc(D(2021, 9, 13)), window_before=v.Period.days(90))
    cc = v.ChangeOfControl(v.Amount(months=12), window_before=v.Period.days(90),
                           qualifying=QUALIFYING)  # fmt: skip
    twelve = v.Grant("b", v.Kind.RSU, 4_800, GRANTED, v.VestingTerms.standard(change_of_control=cc))
    twelve = twelve.with_events(v.Termination(LEFT, v.Reason.INVOLUNTARY), coc(D(2021, 9, 13)))
    assert status(g, D(2021, 9, 13)).vested == 4_800
    s = status(twelve, D(2021, 9, 13))
    assert (s.vested, s.forfeited) == (1_700 + 1_200, 1_900)
    # the change of control a day late, 2021-09-14: the 3,100 were forfeited on 2021-09-13
    late = v.Grant("c", v.Kind.RSU, 4_800, GRANTED, twelve.terms).with_events(
        v.Termination(LEFT, v.Reason.INVOLUNTARY), coc(D(2021, 9, 14))
    )
    assert status(late, D(2021, 9, 13)).forfeited == 3_100


def test_an_expiration_inside_the_tail_forfeits_the_held_shares_then() -> None:
    g = v.Grant("a", v.Kind.NSO, 4_800, GRANTED, terms(), exercise_price=Decimal(1),
                expiration=D(2021, 8, 1))  # fmt: skip
    g = g.with_events(v.Termination(LEFT, v.Reason.INVOLUNTARY), coc(D(2021, 9, 1)))
    s = status(g, D(2021, 8, 1))
    assert (s.pending, s.forfeited) == (0, 3_100)


def test_expense_knows_the_change_of_control_only_when_it_happens() -> None:
    """What is known when: through 2021-07-31 the change of control is not known, and the held
    shares are not expected to vest (their cost reversed at the termination); on 2021-08-01
    they vest, and their whole cost is recognized: at $1, $4,800 in all."""
    r = Recognizer(grant(coc(D(2021, 8, 1))), Decimal(1))
    before = r.standing(D(2021, 7, 31))
    assert (before.recognized, before.expected) == (1_700, 1_700)
    assert r.standing(D(2021, 8, 1)).recognized == 4_800


# ------------------------------------------------------------------------------- formats


@pytest.mark.parametrize("fmt", ["toml", "json", "csv"])
def test_every_format_reads_change_of_control(fmt: str) -> None:
    if fmt == "csv":
        cell = "amount=100%;window=12m;window_before=3m;qualifying=involuntary,Good Reason"
        text = f'id,kind,shares,grant_date,change_of_control\na,NSO,4800,2020-01-01,"{cell}"\n'
    elif fmt == "json":
        cc = {"amount": "all", "window": "12m", "window_before": "3m",
              "qualifying": ["involuntary", "good_reason"]}  # fmt: skip
        record = {"id": "a", "kind": "NSO", "shares": 4800, "grant_date": "2020-01-01"}
        text = json.dumps({"grants": [{**record, "change_of_control": cc}]})
    else:
        text = ('[[grant]]\nid = "a"\nkind = "NSO"\nshares = 4800\ngrant_date = 2020-01-01\n'
                'change_of_control = { amount = "100%", window = "12m", window_before = "3m", '
                'qualifying = ["without cause", "good reason"] }\n')  # fmt: skip
    stream = io.StringIO(text)
    stream.name = f"g.{fmt}"
    (entry,) = vio.read(stream, fmt)
    assert not entry.problems and entry.grant is not None, entry.problems
    assert entry.grant.terms.change_of_control == terms().change_of_control


def test_bad_settings_are_refused_where_they_are() -> None:
    from vesting.io.provisions import change_of_control

    with pytest.raises(InputError) as e:
        change_of_control({"amount": "100%", "windw_before": "3m", "window": "soon"}, "c")
    messages = [p.message() for p in e.value.problems]
    assert any("c.windw_before" in m and "did you mean 'window_before'" in m for m in messages)
    assert any("c.window" in m and "soon" in m for m in messages)
    with pytest.raises(InputError, match=r"c.amount: .*\(required\)"):
        change_of_control({"window": "12m"}, "c")
    assert change_of_control("none", "c") is None


def test_ocf_cannot_carry_it() -> None:
    from vesting.io.ocf.write import exportable

    assert [p.field for p in exportable(grant())] == ["change_of_control"]


# ------------------------------------------------------------------------------ property


@given(
    st.dates(D(2020, 1, 1), D(2024, 6, 30)),  # the termination
    st.sampled_from(list(v.Reason)),
    st.none() | st.dates(D(2020, 1, 1), D(2025, 6, 30)),  # the change of control
    st.sampled_from([v.Period.months(3), v.Period.days(90), v.Period.months(6)]),
)
def test_the_tail_outcome(
    left: dt.date, reason: v.Reason, on: dt.date | None, before: v.Period
) -> None:
    """Independently: with 100% covered, the shares unvested at a qualifying termination vest
    on the change of control if it comes after the termination and no later than the tail's
    last day (termination + ``window_before``), or on the termination when it came at most
    12 months before; otherwise they are forfeited — on the tail's last day after a qualifying
    termination with no change of control before it, on the termination day after any other
    (a change of control long before the termination leaves no tail: it has happened).
    Pending in between."""
    cc = v.ChangeOfControl(v.Amount(percent=Fraction(1)), window_before=before,
                           qualifying=QUALIFYING)  # fmt: skip
    t = v.VestingTerms.standard(change_of_control=cc)
    g = v.Grant("g", v.Kind.RSU, 4_800, GRANTED, t, events=(v.Termination(left, reason),))
    if on is not None:
        g = g.with_events(coc(on))
    plain = v.Grant("p", v.Kind.RSU, 4_800, GRANTED, v.VestingTerms.standard())
    unvested = plain.shares - v.vested(plain, left)  # the tranche on the day itself vests
    qualifies = reason in QUALIFYING
    end = v.dates.add(left, before)
    if qualifies and on is not None and on <= left <= v.dates.add(on, v.Period.months(12)):
        outcome, when = "vests", left
    elif qualifies and on is not None and left < on <= end:
        outcome, when = "vests", on
    elif qualifies and (on is None or on > left):  # a change of control may still come
        outcome, when = "forfeited", end
    else:
        outcome, when = "forfeited", left
    for day in (left, when - DAY, when):
        if day < left:
            continue
        s = status(g, day)
        if day < when:
            assert (s.pending, s.forfeited) == (unvested, 0)
        elif outcome == "vests":
            assert (s.vested, s.forfeited) == (4_800, 0)
        else:
            assert (s.vested, s.forfeited, s.pending) == (4_800 - unvested, unvested, 0)


@given(
    st.dates(D(2020, 1, 1), D(2024, 6, 30)),  # the termination
    st.sampled_from(list(v.Reason)),
    st.dates(D(2020, 1, 1), D(2025, 6, 30)),  # the change of control
    st.dates(D(2020, 1, 1), D(2025, 6, 30)),  # a status date before it
)
def test_a_status_never_depends_on_a_later_change_of_control(
    left: dt.date, reason: v.Reason, on: dt.date, day: dt.date
) -> None:
    """What is known when: before the change of control happens, the grant's quantities and
    exercise deadline are the same whether or not it is recorded (the tail holds the shares
    pending either way). The next vest and the fully-vested date look ahead, as for a
    milestone whose event is recorded: they may name it."""
    if day >= on:
        return
    g = v.Grant("g", v.Kind.NSO, 4_800, GRANTED, terms(), exercise_price=Decimal(1),
                events=(v.Termination(left, reason),))  # fmt: skip
    a, b = status(g.with_events(coc(on)), day), status(g, day)
    assert a._replace(next_vest=None, fully_vested=None) == b._replace(
        next_vest=None, fully_vested=None
    )
