"""Share counts under FRACTIONAL allocation (vesting.shares): the type, the printed form (4
decimals, half up, one rule for every renderer), the exact JSON form, and totals.

The worked grant: 1,000 shares vesting monthly over 12 months, FRACTIONAL — each tranche
1000/12 = 250/3 = 83.3333… shares; after k months 250k/3, which is whole (an ``int``) when k
is a multiple of 3 (250, 500, 750, 1,000). A second grant of 2,000 shares vests 500/3 =
166.6666… a month, so the two together vest 250 a month: a total of fractions that is whole.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from helpers import as_json, csv_rows, ok
from hypothesis import given
from hypothesis import strategies as st

from vesting import (
    Acceleration,
    Allocation,
    Cancellation,
    EventCondition,
    Exercise,
    Grant,
    Kind,
    Leave,
    Period,
    Termination,
    VestingTerms,
    evaluate,
    schedule,
)
from vesting.events import timeline
from vesting.report.plain import shares_cell, shares_plain
from vesting.shares import (
    PLACES,
    ROUNDED_NOTE,
    FractionalShares,
    as_shares,
    rounded,
    shares_text,
    whole_counts,
)
from vesting.status import STATUS_QUANTITIES, StatusTotal, unvested, vested
from vesting.valuation import ValueTotal, value

F = Fraction
D = dt.date
MONTHLY = VestingTerms(
    length=Period.months(12), every=Period.months(1), allocation=Allocation.FRACTIONAL
)

GRANTS = """\
schema_version = 1

[defaults]
grant_date = 2020-01-01
grant_date_price = "10.00"

[terms.monthly]
length = "12m"
every = "1m"
allocation = "fractional"

[[grant]]
id = "a"
kind = "RSU"
shares = 1000
terms = "monthly"

[[grant]]
id = "b"
kind = "RSU"
shares = 2000
terms = "monthly"
"""

# 1,000 shares: the cumulative after each month, 250k/3, printed (worked by hand: 83.3333…
# down, 166.6666… up, 250 whole, …) and as JSON (n/d in lowest terms, or an integer).
CUMULATIVE_PRINTED = [
    "83.3333", "166.6667", "250", "333.3333", "416.6667", "500",
    "583.3333", "666.6667", "750", "833.3333", "916.6667", "1000",
]  # fmt: skip
CUMULATIVE_JSON: list[object] = [
    "250/3", "500/3", 250, "1000/3", "1250/3", 500,
    "1750/3", "2000/3", 750, "2500/3", "2750/3", 1000,
]  # fmt: skip


@pytest.fixture
def grants(tmp_path: Path) -> str:
    path = tmp_path / "fractional.toml"
    path.write_text(GRANTS)
    return str(path)


# ------------------------------------------------------------------------ the value type


def test_the_printed_form_by_hand() -> None:
    assert shares_text(as_shares(F(250, 3))) == "83.3333"  # 83.33333…: down
    assert shares_text(as_shares(F(1001, 12))) == "83.4167"  # 83.41666…: up
    assert shares_text(as_shares(F(1, 32))) == "0.0313"  # 0.03125: a tie goes up
    assert shares_text(as_shares(F(-1, 32))) == "-0.0313"  # … away from zero
    assert shares_text(as_shares(F(9, 2))) == "4.5000"  # always all 4 places
    assert shares_text(as_shares(F(449_186_471, 12))) == "37,432,205.9167"  # the total
    assert shares_text(as_shares(F(449_186_471, 12)), "") == "37432205.9167"
    assert shares_text(1_000_000) == "1,000,000" and shares_text(as_shares(F(8, 2))) == "4"
    assert PLACES == 4


def test_format_specs_work_on_a_fractional_count() -> None:
    x = as_shares(F(250, 3))
    assert isinstance(x, FractionalShares) and isinstance(x, Fraction)
    assert f"{x:,}" == "83.3333" and f"{x:>9,}" == "  83.3333" and f"{x:_}" == "83.3333"
    assert f"{as_shares(F(12_345_679, 9)):_}" == "1_371_742.1111"  # 1,371,742.111…
    assert f"{x:.2f}" == "83.33" and f"{x:,.0f}" == "83" and f"{x:.1%}" == "8333.3%"
    assert f"{x:.3g}" == "83.3" and f"{x:.2e}" == "8.33e+1"
    big = as_shares(F(449_186_471, 12))
    assert f"{big:,}" == "37,432,205.9167" and f"{big:,.2f}" == "37,432,205.92"
    assert str(x) == f"{x}" == "250/3"  # str is exact
    with pytest.raises(ValueError, match="'d'"):
        f"{x:d}"


def test_whole_amounts_are_ints_and_counts_stay_counts() -> None:
    assert type(as_shares(F(12, 3))) is int and type(as_shares(7)) is int
    x, y = as_shares(F(1, 3)), as_shares(F(2, 3))
    assert isinstance(x + 1, FractionalShares) and isinstance(1 + x, FractionalShares)
    assert isinstance(5 - x, FractionalShares) and isinstance(-x, FractionalShares)
    assert isinstance(sum([x, y, x]), FractionalShares)
    assert type(F(1, 7) + x) is Fraction and type(x * F(1, 2)) is Fraction  # not counts
    total = x + y  # 1/3 + 2/3: whole, formats as a whole count, and normalizes to an int
    assert total == 1 and f"{total:,}" == "1" and type(as_shares(total)) is int
    assert shares_plain(total) == 1 and shares_cell(total) == 1
    from vesting import Tranche

    t = whole_counts(Tranche(D(2020, 1, 1), x + y, y + y + y))
    assert type(t.shares) is int and type(t.cumulative) is int


# ------------------------------------------------------------------------------ the grant


def test_schedule_tranches_by_hand() -> None:
    g = Grant("a", Kind.RSU, 1_000, D(2020, 1, 1), MONTHLY)
    tranches = schedule(g)
    assert [t.shares for t in tranches] == [F(250, 3)] * 12
    assert [t.cumulative for t in tranches] == [F(250 * k, 3) for k in range(1, 13)]
    wholes = [t.cumulative for t in tranches][2::3]
    assert wholes == [250, 500, 750, 1000] and all(type(c) is int for c in wholes)
    for t in tranches:
        assert f"{t.shares:,}" == "83.3333" and f"{t.cumulative:,}"  # every value formats
    assert all(type(e.cumulative) is int for e in timeline(g)[2::3])


def test_schedule_in_csv_json_jsonl_and_table(grants: str) -> None:
    rows = [r for r in csv_rows(ok("schedule", grants, "--csv").stdout) if r["grant_id"] == "a"]
    assert [r["shares"] for r in rows] == ["83.3333"] * 12
    assert [r["cumulative"] for r in rows] == CUMULATIVE_PRINTED
    doc = as_json("schedule", grants)
    json_rows = [r for r in doc["rows"] if r["grant_id"] == "a"]
    assert [r["shares"] for r in json_rows] == ["250/3"] * 12
    assert [r["cumulative"] for r in json_rows] == CUMULATIVE_JSON
    lines = ok("schedule", grants, "--format", "jsonl").stdout.splitlines()
    nl = [json.loads(line) for line in lines]
    assert [r["cumulative"] for r in nl if r.get("grant_id") == "a"] == CUMULATIVE_JSON
    table = ok("schedule", grants, "--grant", "a").stdout
    assert "83.3333" in table and "1,000" in table and "166.6667" in table
    assert ROUNDED_NOTE in " ".join(table.split())


def test_status_and_totals_in_every_format(grants: str) -> None:
    # on 2020-02-15, one month in: a has 250/3, b 500/3; together 250 (whole), 2,750 unvested;
    # next on 2020-03-01: 250 more, 500 in all
    rows = {
        r["grant_id"]: r
        for r in csv_rows(ok("status", grants, "--as-of", "2020-02-15", "--csv").stdout)
    }
    assert (rows["a"]["vested"], rows["b"]["vested"], rows[""]["vested"]) == (
        "83.3333",
        "166.6667",
        "250",
    )
    assert (rows["a"]["unvested"], rows[""]["unvested"]) == ("916.6667", "2750")
    assert rows[""]["next_vest_shares"] == "250"
    doc = as_json("status", grants, "--as-of", "2020-02-15")
    by_id = {r["grant_id"]: r for r in doc["rows"]}
    assert (by_id["a"]["vested"], by_id["b"]["vested"], by_id[None]["vested"]) == (
        "250/3",
        "500/3",
        250,
    )
    assert by_id[None]["unvested"] == 2750 and by_id["b"]["unvested"] == "5500/3"
    table = ok("status", grants, "--as-of", "2020-02-15").stdout
    total_line = next(line for line in table.splitlines() if line.startswith("TOTAL"))
    assert "250" in total_line.split() and "2,750" in total_line.split()
    assert "83.3333" in table and ROUNDED_NOTE in " ".join(table.split())
    # on 2020-04-15 (3 months): a 250 of 1,000, b 500 of 2,000; only their next vests (250/3
    # and 500/3) have a fraction — the note goes with them
    on = ("status", grants, "--as-of", "2020-04-15")
    whole = ok(*on, "--columns", "grant_id,vested,unvested").stdout
    assert [line.split() for line in whole.splitlines()[1:6] if "──" not in line] == [
        ["Grant", "Vested", "Unvested"], ["a", "250", "750"], ["b", "500", "1,500"],
        ["TOTAL", "750", "2,250"]
    ]  # fmt: skip
    assert ROUNDED_NOTE not in " ".join(whole.split())
    some = ok(*on, "--columns", "grant_id,vested,next_vest_shares").stdout
    assert "83.3333" in some and ROUNDED_NOTE in " ".join(some.split())


def test_library_objects_hand_out_formattable_counts() -> None:
    a = Grant("a", Kind.RSU, 1_000, D(2020, 1, 1), MONTHLY)
    b = Grant("b", Kind.NSO, 2_000, D(2020, 1, 1), MONTHLY, exercise_price=Decimal(1))
    on = D(2020, 2, 15)
    total = StatusTotal(on)
    values = ValueTotal(on, Decimal(4))
    for g in (a, b):
        s = evaluate(g, on)
        total.add(s)
        values.add(value(g, on, Decimal(4), s))
    t = total.status()
    assert t.vested == 250 and type(t.vested) is int  # 250/3 + 500/3
    assert type(t.unvested) is int and t.unvested == 2_750
    assert t.next_vest is not None and type(t.next_vest.shares) is int
    v = values.valuation()
    assert type(v.realizable_shares) is int and v.realizable_shares == 250
    for record in (evaluate(a, on), evaluate(b, on), t, v, *schedule(a)):
        for x in record:
            if isinstance(x, int | Fraction) and not isinstance(x, bool):
                assert f"{x:,}" == shares_text(x), (record, x)  # never a TypeError
                assert type(x) is int or x.denominator != 1  # whole means int


EVENTS = [
    (),
    (Termination(D(2020, 7, 15)),),
    (Acceleration(D(2020, 5, 1), percent=F(1, 3)),),
    (Acceleration(D(2020, 5, 1), percent=F(1, 7)), Termination(D(2020, 9, 2))),
    (Leave(D(2020, 3, 1), D(2020, 5, 30)),),
    (Exercise(D(2020, 6, 1), 1), Cancellation(D(2020, 8, 1), 1)),
]


def share_values(record: tuple[object, ...]) -> list[int | Fraction]:
    out: list[int | Fraction] = []
    for x in record:
        if isinstance(x, tuple) and hasattr(x, "_fields"):
            out.extend(share_values(x))
        elif isinstance(x, int | Fraction) and not isinstance(x, bool):
            out.append(x)
    return out


@pytest.mark.parametrize("events", EVENTS)
@pytest.mark.parametrize("milestones", [(), (EventCondition("ipo", F(1, 3)),)])
@pytest.mark.parametrize("shares", [1_000, 1_001, 7])
def test_every_count_handed_out_is_an_int_or_a_fraction_that_formats(
    events: tuple[Any, ...], milestones: tuple[EventCondition, ...], shares: int
) -> None:
    """Under events and milestones too: a whole count is an int, any other a
    FractionalShares (never a plain Fraction, never Fraction(n, 1)), and every one formats."""
    terms = replace(MONTHLY, milestones=milestones)
    g = Grant("g", Kind.NSO, shares, D(2020, 1, 1), terms, events=events,
              exercise_price=Decimal(1))  # fmt: skip
    records: list[tuple[object, ...]] = [*timeline(g), *schedule(g)]
    for d in (D(2020, 2, 15), D(2020, 6, 1), D(2020, 10, 1), D(2021, 6, 1)):
        s = evaluate(g, d)
        records += [s, value(g, d, Decimal(3), s), (vested(g, d), unvested(g, d))]
    for x in (x for r in records for x in share_values(r)):
        if not isinstance(x, int):
            assert type(x) is FractionalShares and x.denominator != 1, x
        assert f"{x:,}" == shares_text(as_shares(x))


# ---------------------------------------------------------------------------- properties

fractional_grants = st.builds(
    lambda shares, months, every: Grant(
        "p",
        Kind.RSU,
        shares,
        D(2020, 1, 31),
        VestingTerms(
            length=Period.months(months * every),
            every=Period.months(every),
            allocation=Allocation.FRACTIONAL,
        ),
    ),
    st.integers(min_value=1, max_value=10**12),
    st.integers(min_value=1, max_value=60),
    st.sampled_from([1, 3, 12]),
)


@given(fractional_grants)
def test_printed_figures_are_within_half_a_unit_and_json_is_exact(g: Grant) -> None:
    half = Fraction(1, 2 * 10**PLACES)
    for t in schedule(g):
        for exact in (t.shares, t.cumulative):
            # the exact amount, from the grant: a whole one is an int, else a fraction
            assert (type(exact) is int) == (Fraction(exact).denominator == 1)
            cell = shares_cell(exact)
            if type(exact) is int:
                assert cell == exact and shares_plain(exact) == exact
                continue
            text = str(cell)
            assert len(text.split(".")[1]) == PLACES
            assert abs(Fraction(Decimal(text)) - exact) <= half
            assert Decimal(f"{exact:,}".replace(",", "")) == rounded(exact)
            plain = shares_plain(exact)
            assert isinstance(plain, str) and Fraction(plain) == exact
            numerator, denominator = (int(p) for p in plain.split("/"))
            assert denominator >= 2 and Fraction(numerator, denominator) == exact


@given(
    st.lists(st.integers(min_value=1, max_value=10**9), min_size=1, max_size=8),
    st.sampled_from(list(Allocation)),
    st.integers(min_value=0, max_value=800),
)
def test_totals_of_whole_share_grants_are_ints(
    shares: list[int], allocation: Allocation, day: int
) -> None:
    """Whole-share grants (every allocation but FRACTIONAL; under FRACTIONAL, shares that
    divide by 12) total to ints, never Fraction(n, 1)."""
    on = D(2020, 1, 1) + dt.timedelta(days=day)
    total = StatusTotal(on)
    terms = VestingTerms(length=Period.months(12), every=Period.months(1), allocation=allocation)
    for n in shares:
        count = n * 12 if allocation is Allocation.FRACTIONAL else n
        total.add(evaluate(Grant("w", Kind.RSU, count, D(2020, 1, 1), terms), on))
    t = total.status()
    assert all(type(getattr(t, q)) is int for q in STATUS_QUANTITIES)
    if t.next_vest is not None:
        assert type(t.next_vest.shares) is int and type(t.next_vest.cumulative) is int


# ------------------------------------------------------------------------------ schemas

WITH_AN_OPTION = (
    GRANTS
    + """
[[grant]]
id = "c"
kind = "NSO"
shares = 1001
exercise_price = "5.00"
term = "10y"
terms = "monthly"
volatility = "30%"
risk_free_rate = "4%"
dividend_yield = "0"
expected_term = "sab107"
"""
)


@pytest.mark.parametrize(
    "command",
    [
        ["schedule"],
        ["status", "--as-of", "2020-02-15"],
        ["value", "--as-of", "2020-02-15", "--price", "12"],
        ["tax", "--year", "2020", "--price", "12"],
        ["fair-value", "--per-tranche"],
    ],
)
def test_fractional_json_validates_against_the_schemas(tmp_path: Path, command: list[str]) -> None:
    from jsonschema import Draft202012Validator

    from vesting.about import __file__ as package_file

    path = tmp_path / "fractional.toml"
    path.write_text(WITH_AN_OPTION)
    doc = as_json(command[0], str(path), *command[1:])
    schema = json.loads(
        (Path(package_file).parent / "schemas" / f"{command[0]}.schema.json").read_text()
    )
    Draft202012Validator(schema).validate(doc)
    texts = [v for r in doc["rows"] for v in r.values() if isinstance(v, str) and "/" in v]
    assert texts and all(Fraction(t).denominator >= 2 for t in texts)  # 1001/12 and the like
    shares = Draft202012Validator(schema["$defs"]["shares"])
    assert shares.is_valid("1001/12") and shares.is_valid(83)
    assert (
        not shares.is_valid("4/1") and not shares.is_valid("3/0") and not shares.is_valid("83.3333")
    )
