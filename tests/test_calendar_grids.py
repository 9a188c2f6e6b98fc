"""Calendar-aligned grids (issue 21.5): ``calendar = "quarter"`` (``"half"``, ``"year"``) puts a
grid's dates in the last month of each calendar quarter (half, year), on the day the
day-of-month policy chooses; the first date is the first aligned date on or after the vesting
start; the cliff counts from the vesting start (on its own day); rounding as for any grid.

Expected dates and shares are worked out by hand from the clause or the terms (comments give the
arithmetic); the properties check the rule against an independent enumeration of aligned
months written here (:func:`aligned_dates`), not against the engine.
"""

from __future__ import annotations

import calendar as cal
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
from vesting.asgraph import as_conditions
from vesting.engine import vested_by
from vesting.errors import TermsError

D = dt.date
M = v.Period.months
QUARTER, HALF, YEAR = v.Calendar.QUARTER, v.Calendar.HALF, v.Calendar.YEAR


def dates(g: v.Grant) -> list[tuple[dt.date, int]]:
    return [(t.date, t.shares) for t in v.schedule(g)]  # type: ignore[misc]


def last_day(year: int, month: int) -> dt.date:
    return D(year, month, cal.monthrange(year, month)[1])


# ------------------------------------------------------------------- clauses, by hand


def test_the_20th_day_of_the_last_month_of_each_calendar_quarter() -> None:
    """The clause shape issue 21 quotes: "on the 20th day of the last month of each calendar
    quarter" (no filed clause of this wording was found in the stored pages; the shape is the
    issue's). 1,600 shares over 48 months, every 3 months, from 2020-02-10: 16 installments of
    1,600 / 16 = 100, the first on the first quarter-end month's 20th on or after the start,
    2020-03-20, the last 15 quarters later, 2023-12-20."""
    terms = v.VestingTerms(
        length=M(48), every=M(3), calendar=QUARTER, day_of_month=v.DayOfMonth.D20
    )
    g = v.Grant("q", v.Kind.NSO, 1600, D(2020, 2, 10), terms)
    months = [(y, m) for y in range(2020, 2024) for m in (3, 6, 9, 12)]  # 16 quarter-ends
    assert dates(g) == [(D(y, m, 20), 100) for y, m in months]
    assert v.vested(g, D(2020, 3, 19)) == 0 and v.vested(g, D(2020, 3, 20)) == 100


def test_a_one_year_cliff_is_the_anniversary_of_the_start() -> None:
    """The same grid with a 12-month cliff: the cliff is 2021-02-10 (start + 12 months on the
    start's day), and the grid dates on or before it — 2020-03-20, 06-20, 09-20, 12-20: four —
    fold into it: 4 × 100 = 400; then 100 each from 2021-03-20."""
    terms = v.VestingTerms(
        length=M(48), every=M(3), calendar=QUARTER, day_of_month=v.DayOfMonth.D20, cliff=M(12)
    )
    g = v.Grant("q", v.Kind.NSO, 1600, D(2020, 2, 10), terms)
    got = dates(g)
    assert got[:3] == [(D(2021, 2, 10), 400), (D(2021, 3, 20), 100), (D(2021, 6, 20), 100)]
    assert got[-1] == (D(2023, 12, 20), 100) and len(got) == 1 + 12  # 16 - 4 folded


def test_a_filed_clause_on_the_last_day_of_each_calendar_quarter() -> None:
    """Source: a "Schedule of Vesting" clause of a restricted share grant, as sampled on
    markettransfer.info/clause/schedule-of-vesting (the filer is not named there). It releases
    "166,672 Shares on July 11, 2014 and then 69,444 Shares on the last day of each calendar
    quarter commencing on September 30, 2014 until June 30, 2017".

    By hand: September 2014 to June 2017 is 12 quarter-ends (2014: Sep, Dec; 2015, 2016: four
    each; 2017: Mar, Jun), 12 × 69,444 = 833,328, and 166,672 + 833,328 = 1,000,000 shares. As
    terms: 1,000,000 RSUs vesting from 2014-07-11, ``immediate`` 166,672 / 1,000,000, then 36
    months every 3 months (12 installments of 833,328 / 12 = 69,444) on the last day of each
    calendar quarter, the first on or after 2014-07-11 being 2014-09-30."""
    terms = v.VestingTerms(
        length=M(36),
        every=M(3),
        calendar=QUARTER,
        day_of_month=v.DayOfMonth.parse("last"),
        immediate=Fraction(166_672, 1_000_000),
    )
    g = v.Grant("r", v.Kind.RSU, 1_000_000, D(2014, 7, 11), terms)
    ends = [(2014, 9), (2014, 12)] + [(y, m) for y in (2015, 2016) for m in (3, 6, 9, 12)]
    ends += [(2017, 3), (2017, 6)]
    assert dates(g) == [(D(2014, 7, 11), 166_672)] + [(last_day(y, m), 69_444) for y, m in ends]
    assert status(g, D(2016, 1, 1)).vested == 166_672 + 6 * 69_444  # Sep 14 to Dec 15: six


def test_halves_and_years() -> None:
    # halves from 2021-08-15, every 6 months over 24: Dec 15 2021, Jun 15 and Dec 15 2022,
    # Jun 15 2023 — 4 installments of 400 / 4 = 100
    half = v.VestingTerms(length=M(24), every=M(6), calendar=HALF)
    g = v.Grant("h", v.Kind.RSU, 400, D(2021, 8, 15), half)
    assert [d for d, _ in dates(g)] == [
        D(2021, 12, 15),
        D(2022, 6, 15),
        D(2022, 12, 15),
        D(2023, 6, 15),
    ]
    # years from 2021-05-01, every 12 months over 36, on the last day: Dec 31 of 2021-2023
    year = v.VestingTerms(length=M(36), every=M(12), calendar=YEAR, day_of_month=v.DayOfMonth.D31)
    g = v.Grant("y", v.Kind.RSU, 300, D(2021, 5, 1), year)
    assert dates(g) == [(D(2021, 12, 31), 100), (D(2022, 12, 31), 100), (D(2023, 12, 31), 100)]
    # every 6 months aligned to quarters: the first quarter-end on or after, then 6 months on
    six = v.VestingTerms(length=M(12), every=M(6), calendar=QUARTER)
    g = v.Grant("s", v.Kind.RSU, 200, D(2021, 7, 5), six)
    assert [d for d, _ in dates(g)] == [D(2021, 9, 5), D(2022, 3, 5)]


def test_the_first_date_is_on_or_after_the_start() -> None:
    quarterly = v.VestingTerms(
        length=M(12), every=M(3), calendar=QUARTER, day_of_month=v.DayOfMonth.D31
    )
    on = v.Grant("a", v.Kind.RSU, 400, D(2020, 3, 31), quarterly)  # a quarter's last day
    assert dates(on)[0] == (D(2020, 3, 31), 100)  # on the start itself
    after = v.Grant("b", v.Kind.RSU, 400, D(2020, 4, 1), quarterly)
    assert [d for d, _ in dates(after)] == [
        D(2020, 6, 30),
        D(2020, 9, 30),
        D(2020, 12, 31),
        D(2021, 3, 31),
    ]
    # an immediate part and a first installment both on the start: one tranche of 100 + 100
    head = v.VestingTerms(
        length=M(12),
        every=M(3),
        calendar=QUARTER,
        day_of_month=v.DayOfMonth.D31,
        immediate=Fraction(1, 5),
    )
    g = v.Grant("d", v.Kind.RSU, 500, D(2020, 3, 31), head)  # 100 immediate, 4 x 100 after
    assert dates(g)[:2] == [(D(2020, 3, 31), 200), (D(2020, 6, 30), 100)]
    # the start's day, in an aligned month, already passed: the next quarter
    by_start = v.VestingTerms(
        length=M(12), every=M(3), calendar=QUARTER, day_of_month=v.DayOfMonth.D10
    )
    g = v.Grant("c", v.Kind.RSU, 400, D(2020, 3, 11), by_start)
    assert dates(g)[0][0] == D(2020, 6, 10)


def test_the_start_day_clamps_in_short_months_without_drifting() -> None:
    """``day_of_month = start`` from a 31st: the 31st, or the month's last day (June 30,
    September 30), each date from the first — December is the 31st again."""
    terms = v.VestingTerms(length=M(12), every=M(3), calendar=QUARTER)
    g = v.Grant("a", v.Kind.RSU, 4, D(2021, 1, 31), terms)
    assert [d for d, _ in dates(g)] == [
        D(2021, 3, 31),
        D(2021, 6, 30),
        D(2021, 9, 30),
        D(2021, 12, 31),
    ]


def test_a_leave_tolls_whole_aligned_periods() -> None:
    """``leave_tolling = periods``: the installment inside the leave (2020-06-20) and every later
    one move out one period (3 months), so dates stay on quarter-end months' 20th."""
    terms = v.VestingTerms(
        length=M(12),
        every=M(3),
        calendar=QUARTER,
        day_of_month=v.DayOfMonth.D20,
        leave_tolling=v.LeaveTolling.PERIODS,
    )
    g = v.Grant("a", v.Kind.RSU, 400, D(2020, 2, 10), terms)
    g = g.with_events(v.Leave(D(2020, 6, 1), D(2020, 7, 31)))
    got = [e.date for e in v.timeline(g) if e.shares > 0]
    assert got == [D(2020, 3, 20), D(2020, 9, 20), D(2020, 12, 20), D(2021, 3, 20)]


# ------------------------------------------------------------------------- the rule's limits


def test_the_cadence_must_be_whole_calendar_periods() -> None:
    with pytest.raises(TermsError, match=r"multiple of 3 \(3m, 6m"):
        v.VestingTerms(length=M(48), every=M(1), calendar=QUARTER)
    with pytest.raises(TermsError, match="multiple of 6"):
        v.VestingTerms(length=M(48), every=M(3), calendar=HALF)
    with pytest.raises(TermsError, match="only with a periodic grid"):
        v.VestingTerms(graded=(v.GradedStep(M(12), Fraction(1)),), calendar=YEAR)
    with pytest.raises(TermsError, match="calendar"):
        v.VestingTerms(length=M(48), every=M(3), calendar="fortnight")  # type: ignore[arg-type]
    assert v.VestingTerms(every=M(3), length=M(48), calendar="Quarter").calendar is QUARTER  # type: ignore[arg-type]


def test_the_command_line_refuses_a_bad_calendar_in_one_line() -> None:
    (line,) = fail(
        "schedule", "--shares", "100", "--grant-date", "2020-01-01", "--calendar", "fortnight"
    )
    assert "--calendar" in line and "fortnight" in line and "quarter, half or year" in line
    (line,) = fail(
        "schedule", "--shares", "100", "--grant-date", "2020-01-01", "--calendar", "quarter"
    )
    assert "every" in line and "multiple of 3" in line


# ------------------------------------------------------------------------------- formats

SPELLINGS = ["quarter", "Calendar Quarter", "QUARTERLY", "calendar_quarter"]


@pytest.mark.parametrize("spelling", SPELLINGS)
@pytest.mark.parametrize("fmt", ["toml", "json", "jsonl", "csv"])
def test_every_format_reads_calendar(fmt: str, spelling: str) -> None:
    fields = {
        "id": "a",
        "kind": "RSU",
        "shares": "400",
        "grant_date": "2020-02-10",
        "length": "12m",
        "every": "3m",
        "calendar": spelling,
        "day_of_month": "20",
    }
    if fmt == "csv":
        text = ",".join(fields) + "\n" + ",".join(fields.values()) + "\n"
    elif fmt == "toml":
        text = "[[grant]]\n" + "".join(f'{k} = "{x}"\n' for k, x in fields.items())
    else:
        record = json.dumps(fields)
        text = record + "\n" if fmt == "jsonl" else json.dumps({"grants": [fields]})
    stream = io.StringIO(text)
    stream.name = f"g.{fmt}"
    (entry,) = vio.read(stream, fmt)
    assert not entry.problems and entry.grant is not None, entry.problems
    assert entry.grant.terms.calendar is QUARTER
    assert v.schedule(entry.grant)[0].date == D(2020, 3, 20)


def test_none_is_no_calendar_and_the_schema_agrees(tmp_path: Path) -> None:
    from helpers import ROOT
    from jsonschema import Draft202012Validator

    path = tmp_path / "g.toml"
    path.write_text(
        '[[grant]]\nid = "a"\nkind = "RSU"\nshares = 48\ngrant_date = 2020-01-01\n'
        'calendar = "none"\n',
        encoding="utf-8",
    )
    (g,) = vio.load(path)
    assert g.terms.calendar is None
    shipped = ROOT / "vesting" / "schemas" / "grants.schema.json"
    schema = Draft202012Validator(json.loads(shipped.read_text(encoding="utf-8")))
    for ok in ("quarter", "Half Year", "calendar year", "none"):
        assert not list(schema.iter_errors({"grants": [{"calendar": ok}]}))  # keys only checked
    assert list(schema.iter_errors({"grants": [{"calendar": "fortnight"}]}))


def test_the_command_line_takes_calendar() -> None:
    doc = as_json(
        "schedule",
        "--kind",
        "RSU",
        "--shares",
        "1600",
        "--grant-date",
        "2020-02-10",
        "--months",
        "48",
        "--every",
        "3m",
        "--calendar",
        "quarter",
        "--day-of-month",
        "20",
    )
    got = [r["date"] for r in doc["rows"] if r.get("date")]
    assert got[:2] == ["2020-03-20", "2020-06-20"] and got[-1] == "2023-12-20"


def test_an_ocf_export_carries_the_dates(tmp_path: Path) -> None:
    """OCF has no calendar alignment: the grid is written as conditions (an absolute condition
    on the first aligned date, the rest relative to it) that vest the same."""
    from vesting.io.ocf.store import write_package

    terms = v.VestingTerms(
        length=M(48), every=M(3), calendar=QUARTER, day_of_month=v.DayOfMonth.D20, cliff=M(12)
    )
    g = v.Grant("q", v.Kind.NSO, 1600, D(2020, 2, 10), terms, exercise_price=Decimal("1"))
    write_package([g], tmp_path / "p")
    (back,) = vio.load(tmp_path / "p")
    assert dates(back) == dates(g)


# --------------------------------------------------------------------------- properties


def aligned_dates(
    start: dt.date, months: int, every: int, day: int | None, n: int
) -> list[dt.date]:
    """An independent enumeration: walk the months from the start's, keep the first whose
    number is a multiple of ``months`` and whose day (``day``, or the start's; clamped) is on or
    after the start, then every ``every``-th month from it."""
    want = start.day if day is None else day
    y, m = start.year, start.month
    while True:
        if m % months == 0:
            d = D(y, m, min(want, cal.monthrange(y, m)[1]))
            if d >= start:
                break
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    out = []
    for k in range(n):
        yy, mm0 = divmod(y * 12 + m - 1 + k * every, 12)
        out.append(D(yy, mm0 + 1, min(want, cal.monthrange(yy, mm0 + 1)[1])))
    return out


@st.composite
def calendar_grants(draw: st.DrawFn) -> v.Grant:
    calendar = draw(st.sampled_from([QUARTER, HALF, YEAR]))
    every = calendar.months * draw(st.integers(1, 2))
    n = draw(st.integers(1, 16))
    day = draw(st.sampled_from([None, 1, 15, 20, 28, 29, 30, 31]))
    months = every * n  # a cliff no longer than the schedule
    cliff = draw(
        st.none()
        | st.builds(M, st.integers(1, months))
        | st.builds(v.Period.days, st.integers(1, months * 30))
    )
    terms = v.VestingTerms(
        length=M(every * n),
        every=M(every),
        calendar=calendar,
        day_of_month=v.DayOfMonth.START if day is None else v.DayOfMonth.parse(str(day)),
        cliff=cliff,
        immediate=draw(st.sampled_from([Fraction(0), Fraction(0), Fraction(1, 10)])),
        allocation=draw(st.sampled_from(list(v.Allocation))),
    )
    start = draw(st.dates(D(1990, 1, 1), D(2040, 12, 31)))
    return v.Grant("g", v.Kind.RSU, draw(st.integers(1, 10**6)), start, terms)


@given(calendar_grants())
def test_grid_dates_are_the_aligned_dates(g: v.Grant) -> None:
    terms = g.terms
    assert terms.calendar is not None
    n = terms.length.count // terms.every.count
    day = None if terms.day_of_month is v.DayOfMonth.START else terms.day_of_month.day_for(1)
    expected = aligned_dates(g.start, terms.calendar.months, terms.every.count, day, n)
    cliff = None if terms.cliff is None else v.dates.add(g.start, terms.cliff)
    got = [t.date for t in v.schedule(g)]
    # every tranche is on the start (immediate), on the cliff, or on an aligned date after it
    allowed = {
        g.start,
        *([cliff] if cliff else []),
        *(d for d in expected if cliff is None or d > cliff),
    }
    assert set(got) <= allowed
    if terms.cliff is None and not terms.immediate and g.shares % n == 0:
        assert got == expected
    assert sum(t.shares for t in v.schedule(g)) == g.shares


@given(calendar_grants(), st.lists(st.dates(D(1989, 1, 1), D(2060, 1, 1)), max_size=5))
def test_the_closed_form_agrees_with_the_schedule(g: v.Grant, days: list[dt.date]) -> None:
    tranches = v.schedule(g)
    for on in days:
        by_hand = sum(t.shares for t in tranches if t.date <= on)
        assert vested_by(g, on) == by_hand
        s = status(g, on)  # the reconciliation identities (helpers.assert_reconciles)
        assert s.vested == by_hand


@given(calendar_grants())
def test_as_conditions_vests_the_same(g: v.Grant) -> None:
    try:
        conditions = as_conditions(g.terms, g.start)
    except TermsError:  # a folding cliff under a per-installment allocation
        assert g.terms.allocation.value.endswith(("LOADED", "SINGLE_TRANCHE"))
        return
    same = v.Grant(
        "b",
        v.Kind.RSU,
        g.shares,
        g.start,
        v.VestingTerms(conditions=conditions, allocation=g.terms.allocation),
    )
    assert dates(same) == dates(g)
