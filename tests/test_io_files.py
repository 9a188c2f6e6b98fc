"""Grant files (vesting.io): one schema in TOML, JSON, JSON lines and CSV; every problem located."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

import pytest
from helpers import CSV, JSON, TOML

import vesting.io as gf
from vesting import (
    Acceleration,
    Allocation,
    DayOfMonth,
    EventCondition,
    Exercise,
    ExerciseWindows,
    GradedStep,
    Grant,
    Kind,
    Leave,
    LeaveTolling,
    NamedEvent,
    Period,
    Pricing,
    Reason,
    Termination,
    Trigger,
    VestingTerms,
    batch,
)
from vesting.cli import labels
from vesting.errors import InputError, Problem
from vesting.io.source import NO_GRANTS

D = dt.date
M = Period.months


class Parsed(NamedTuple):
    grants: list[Grant]
    problems: list[Problem]
    count: int


def parse(text: str, fmt: str | None = None, name: str = "<string>") -> Parsed:
    """Every entry of ``text`` read as a file called ``name``: the grants, the problems, and
    how many grant entries it holds (built or not)."""
    stream = io.StringIO(text)
    stream.name = name  # type: ignore[misc]
    entries = list(gf.read(stream, fmt))
    return Parsed(
        [e.grant for e in entries if e.grant is not None],
        [p for e in entries for p in e.problems],
        sum(e.entry for e in entries),
    )


def messages(text: str, fmt: str, name: str = "g") -> list[str]:
    return [p.message() for p in parse(text, fmt, name).problems]


def one(text: str, fmt: str = "toml") -> Grant:
    (grant,) = gf.loads(text, fmt)
    return grant


# ------------------------------------------------------------------------------- examples


def test_reference_grants_from_the_toml_example() -> None:
    option, rsu = gf.load(TOML)
    # the illustrative fair-value inputs of [defaults]: "30.00", "30%", "4.6%", "0", "sab107"
    pricing = Pricing(
        price=Decimal("30.00"),
        volatility=Decimal("0.30"),
        risk_free_rate=Decimal("0.046"),
        dividend_yield=Decimal(0),
        expected_term="sab107",
    )
    assert option == Grant(
        id="ceo-2006-option",
        kind=Kind.NSO,
        shares=2_000_000,
        grant_date=D(2006, 12, 18),
        terms=VestingTerms(length=M(48), every=M(1), cliff=M(12)),
        exercise_price=Decimal("30.00"),
        expiration=D(2016, 12, 18),  # term "10y"
        holder="CEO",
        pricing=pricing,
    )
    assert rsu == Grant(
        id="ceo-2006-rsu",
        kind=Kind.RSU,
        shares=500_000,
        grant_date=D(2006, 12, 18),
        terms=VestingTerms(length=M(48), every=M(12)),  # built-in "annual": no cliff
        holder="CEO",
        pricing=pricing,
    )


def test_json_example_with_defaults_named_terms_and_events() -> None:
    founder, eng, sales, psu = gf.load(JSON)
    # defaults: kind ISO, term 10y, terms "four-year" (with a custom window table)
    assert founder.kind is Kind.ISO and founder.expiration == D(2028, 1, 15)
    assert founder.terms.cliff == M(12) and founder.terms.exercise_windows.cause == M(0)
    assert founder.events == (
        Acceleration(
            D(2021, 6, 1),
            percent=Fraction(1),
            trigger=Trigger.DOUBLE,
            window=M(12),
            qualifying=(Reason.INVOLUNTARY,),
        ),
        Termination(D(2021, 9, 30), Reason.INVOLUNTARY),
    )
    assert eng.kind is Kind.NSO
    assert eng.events == (Leave(D(2020, 1, 1), D(2020, 3, 30)), Exercise(D(2020, 9, 1), 10_000))
    # an RSU takes no option-only default (term), and "term": null would remove it anyway
    assert sales.kind is Kind.RSU and sales.expiration is None
    assert sales.terms.graded == (
        GradedStep(M(12), Fraction(5, 100)),
        GradedStep(M(24), Fraction(15, 100)),
        GradedStep(M(36), Fraction(40, 100)),
        GradedStep(M(48), Fraction(40, 100)),
    )
    # an inline terms table replaces the default terms name
    assert psu.terms.length == M(36) and psu.terms.every == M(12) and psu.terms.cliff is None
    assert psu.terms.milestones == (
        EventCondition("revenue-100m", Fraction(1, 3), D(2024, 12, 31)),
    )
    assert psu.terms.settle_on == "ipo"
    assert psu.events == (
        NamedEvent("revenue-100m", D(2022, 11, 15)),
        NamedEvent("ipo", D(2023, 5, 10)),
    )


def test_csv_example_has_a_few_dozen_mixed_shapes() -> None:
    grants = {g.id: g for g in gf.load(CSV)}
    assert len(grants) >= 30
    assert {g.kind for g in grants.values()} == {Kind.ISO, Kind.NSO, Kind.RSU}
    assert {g.terms.allocation for g in grants.values()} == set(Allocation)
    assert grants["E002-NSO"].terms == VestingTerms(length=M(48), every=M(3), cliff=M(12))
    assert len(grants["E005-RSU"].terms.graded) == 4
    e007 = grants["E007-NSO"].terms
    assert (e007.length, e007.every, e007.cliff) == (
        Period.days(720),
        Period.days(30),
        Period.days(180),
    )
    assert grants["E008-ISO"].terms.day_of_month is DayOfMonth.D31
    assert grants["E009-ISO"].terms.day_of_month is DayOfMonth.D15
    assert grants["E016-NSO"].terms.cliff_portion == Fraction(3, 10)
    assert grants["E017-RSU"].terms.immediate == Fraction(1, 4)
    assert grants["E020-ISO"].vesting_start == D(2021, 1, 1)
    assert grants["E021-ISO"].expiration == D(2028, 9, 1)
    assert grants["E022-NSO"].expiration == D(2028, 10, 1)  # term 7y
    assert grants["E024-RSU"].terms.milestones == (EventCondition("ipo", Fraction(1, 4), M(60)),)
    assert grants["E028-ISO"].terms.early_exercise is True
    windows = grants["E029-NSO"].terms.exercise_windows
    assert (windows.voluntary, windows.cause, windows.death) == (M(6), M(0), M(12))
    assert grants["E027-ISO"].terms.leave_tolling is LeaveTolling.PERIODS
    assert grants["E030-RSU"].terms.leave_tolling is LeaveTolling.NONE
    assert grants["E031-NSO"].terms.vest_on_termination_date is False
    assert grants["E033-NSO"].events == (
        Acceleration(D(2023, 1, 4), percent=Fraction(1, 2)),
        Termination(D(2023, 3, 31), Reason.INVOLUNTARY),
    )


# -------------------------------------------------------------------------- one schema


TOML_GRANT = """
[[grant]]
id = "g1"
holder = "Pat"
kind = "ISO"
shares = 1_000
grant_date = 2020-01-31
vesting_start = 2020-02-01
exercise_price = "1.50"
term = "5y"
length = "24m"
every = "3m"
cliff = "6m"
day_of_month = "last"
allocation = "front-loaded"
exercise_windows = { voluntary = "90d" }
events = [
  { type = "leave", start = 2020-06-01, end = 2020-06-30 },
  { type = "termination", date = 2021-01-15, reason = "involuntary" },
]
"""
JSON_GRANT = """
{"grants": [{"id": "g1", "holder": "Pat", "kind": "ISO", "shares": 1000,
  "grant_date": "2020-01-31", "vesting_start": "2020-02-01", "exercise_price": 1.50,
  "term": "5y", "length": 24, "every": "3m", "cliff": 6, "day_of_month": 31,
  "allocation": "FRONT_LOADED", "exercise_windows": {"voluntary": "90d"},
  "events": [{"type": "leave", "start": "2020-06-01", "end": "2020-06-30"},
             {"type": "termination", "date": "2021-01-15", "reason": "involuntary"}]}]}
"""
CSV_GRANT = (
    "id,holder,kind,shares,grant_date,vesting_start,exercise_price,term,length,every,cliff,"
    "day_of_month,allocation,exercise_windows,events\n"
    "g1,Pat,ISO,1000,2020-01-31,2020-02-01,1.50,5y,24m,3m,6m,31_OR_LAST_DAY_OF_MONTH,"
    "FRONT_LOADED,voluntary=90d,leave=2020-06-01:2020-06-30;terminate=2021-01-15:involuntary\n"
)


def test_the_same_grant_in_three_formats() -> None:
    expected = Grant(
        id="g1",
        kind=Kind.ISO,
        shares=1000,
        grant_date=D(2020, 1, 31),
        vesting_start=D(2020, 2, 1),
        exercise_price=Decimal("1.50"),
        expiration=D(2025, 1, 31),
        holder="Pat",
        terms=VestingTerms(
            length=M(24),
            every=M(3),
            cliff=M(6),
            day_of_month=DayOfMonth.D31,
            allocation=Allocation.FRONT_LOADED,
            exercise_windows=ExerciseWindows(voluntary=Period.days(90)),
        ),
        events=(
            Leave(D(2020, 6, 1), D(2020, 6, 30)),
            Termination(D(2021, 1, 15), Reason.INVOLUNTARY),
        ),
    )
    assert one(TOML_GRANT, "toml") == expected
    assert one(JSON_GRANT, "json") == expected
    assert one(CSV_GRANT, "csv") == expected
    assert str(one(JSON_GRANT, "json").exercise_price) == "1.50"  # JSON float read as Decimal


def test_numbers_never_become_floats() -> None:
    g = one(
        '[[grant]]\nid="x"\nkind="NSO"\nshares=10\ngrant_date=2020-01-01\n'
        "exercise_price=0.1\ncliff=12\ncliff_portion=0.3\n"
    )
    assert g.exercise_price == Decimal("0.1") and g.terms.cliff_portion == Fraction(3, 10)


# ----------------------------------------------------------------------------- the rules


BASE = '[[grant]]\nid = "x"\nkind = "NSO"\nshares = 4800\ngrant_date = 2020-01-01\n'


def test_no_terms_means_standard_and_a_shape_field_starts_from_the_library_defaults() -> None:
    assert one(BASE).terms == VestingTerms.standard()
    # naming the cadence describes the shape: no cliff unless given
    assert one(BASE + 'every = "3m"\n').terms == VestingTerms(every=M(3))
    # a non-shape field keeps the standard shape
    assert one(BASE + 'allocation = "BACK_LOADED"\n').terms == VestingTerms.standard(
        allocation=Allocation.BACK_LOADED
    )
    # named terms, then fields on top; cliff = 0 removes the cliff
    assert one(BASE + 'terms = "standard"\ncliff = 0\n').terms == VestingTerms()
    assert one(BASE + 'terms = "annual"\n').terms == VestingTerms(every=M(12))
    assert one(BASE + 'terms = { length = "4y", every = "1y" }\n').terms == VestingTerms(
        every=M(12)
    )


def test_named_terms_and_defaults() -> None:
    text = """
[defaults]
kind = "RSU"
terms = "quarterly-no-cliff"
exercise_price = "2.00"   # option-only: not applied to the RSUs
exercise_windows = { voluntary = "1m" }

[terms.quarterly-no-cliff]
every = "3m"

[terms.standard]           # a file may redefine a built-in name
length = "36m"
cliff = "12m"

[[grant]]
id = "a"
shares = 100
grant_date = 2020-01-01

[[grant]]
id = "b"
kind = "NSO"
shares = 100
grant_date = 2020-01-01
terms = "standard"
exercise_windows = { cause = "1m" }
"""
    a, b = gf.loads(text, "toml")
    assert a.kind is Kind.RSU and a.exercise_price is None and a.terms.every == M(3)
    assert b.exercise_price == Decimal("2.00")
    assert (b.terms.length, b.terms.every, b.terms.cliff) == (M(36), M(1), M(12))
    assert (b.terms.exercise_windows.voluntary, b.terms.exercise_windows.cause) == (M(1), M(1))


def test_json_null_removes_a_default() -> None:
    text = '{"defaults": {"holder": "Team"}, "grants": [{"id": "x", "kind": "RSU", "shares": 5,' \
        ' "grant_date": "2020-01-01", "holder": null}]}'  # fmt: skip
    assert one(text, "json").holder is None


def test_accepts_grant_or_grants_but_not_both() -> None:
    body = '{"id": "x", "kind": "RSU", "shares": 5, "grant_date": "2020-01-01"}'
    assert one('{"grant": [' + body + "]}", "json").id == "x"
    assert "one list of grants" in messages('{"grant": [' + body + '], "grants": []}', "json")[0]


# ------------------------------------------------------------------------------ problems


def test_validate_lists_every_problem_with_its_location() -> None:
    text = """
[terms.broken]
length = "50m"
every = "3m"

[[grant]]
id = "a"
kind = "NSX"
shares = -5
grant_date = 2020-01-01
clif = "12m"

[[grant]]
id = "b"
kind = "RSU"
shares = 10
grant_date = 2020-01-01
exercise_price = "1.00"
terms = "broken"

[[grant]]
kind = "ISO"
shares = 10
grant_date = 2020-01-01

[[grant]]
id = "a"
kind = "ISO"
shares = 10
grant_date = "2020-02-30"
"""
    found = parse(text, "toml", "f.toml").problems
    where = [(p.location.text(), p.field) for p in found]
    assert where == [
        ("f.toml: terms 'broken'", "length"),  # 50 is not a whole number of 3-month steps
        ("f.toml: grant 'a'", "kind"),
        ("f.toml: grant 'a'", "shares"),
        ("f.toml: grant 'a'", "clif"),
        ("f.toml: grant 'b'", "exercise_price"),  # RSU: no exercise price (terms: see above)
        ("f.toml: grant #3", "id"),
        ("f.toml: grant 'a'", "grant_date"),
        ("f.toml: grant 'a'", "id"),  # used twice
    ]
    by_field = {p.field: p for p in found}
    assert by_field["clif"].allowed.startswith("not a grant field — did you mean 'cliff'?")
    assert by_field["kind"].value == "NSX" and "ISO, NSO or RSU" in by_field["kind"].allowed
    assert by_field["shares"].value == -5 and "> 0" in by_field["shares"].allowed
    assert str(by_field["grant_date"].value) == "2020-02-30"
    with pytest.raises(InputError) as exc:
        gf.loads(text, "toml", "f.toml")
    assert list(exc.value.problems) == found


def test_missing_required_fields() -> None:
    msgs = messages('[[grant]]\nid = "x"\nshares = 10\n', "toml")
    assert msgs == [
        "g: grant 'x': kind: got nothing; a value (required)",
        "g: grant 'x': grant_date: got nothing; a value (required)",
    ]


def test_unknown_keys_everywhere() -> None:
    text = """
colour = "red"
[defaults]
id = "no"
[[grant]]
id = "x"
kind = "NSO"
shares = 10
grant_date = 2020-01-01
terms = { every = "1m", clif = 3 }
milestones = [{ name = "ipo", portion = "10%", dedline = "2y" }]
exercise_windows = { quitting = "1m" }
events = [{ type = "termination", date = 2021-01-01, reason = "voluntary", why = "x" }]
"""
    fields = [p.field for p in parse(text, "toml").problems]
    assert fields == [
        "colour",
        "id",
        "terms.clif",
        "milestones[1].dedline",
        "exercise_windows.quitting",
        "events[1].why",
    ]


def test_syntax_errors_and_unreadable_files(tmp_path: Path) -> None:
    (toml_problem,) = parse("[[grant]\n", "toml", "f.toml").problems
    assert toml_problem.field == "toml" and toml_problem.location.text() == "f.toml"
    (json_problem,) = parse('{"grants": [}', "json", "f.json").problems
    assert json_problem.location.text() == "f.json: line 1, column 13"
    missing = tmp_path / "nope.toml"
    (p,) = gf.problems(missing)
    assert p.field == "file" and p.value == str(missing) and "readable" in p.allowed
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    assert "UTF-8" in gf.problems(binary)[0].allowed
    with pytest.raises(InputError):
        gf.load(tmp_path)  # a directory


def test_impossible_events_in_a_file_are_problems() -> None:
    text = BASE + 'events = [{ type = "termination", date = 2019-01-01 }]\n'
    (p,) = parse(text, "toml", "f.toml").problems
    assert (p.location.text(), p.field) == ("f.toml: grant 'x'", "termination.date")
    over = BASE + 'events = [{ type = "exercise", date = 2020-06-01, shares = 1 }]\n'
    (q,) = parse(over, "toml").problems  # nothing vested before the cliff
    assert q.field == "exercise.shares"


def test_csv_rows_are_located_by_line() -> None:
    text = (
        "\ufeff# comment line\n"
        "id,kind,shares,grant_date,cliff\n"
        "a,NSO,100,2020-01-01,12m\n"
        "\n"
        "b,NSO,lots,2020-01-01,12m\n"
        "c,NSO,100,2020-01-01,12m,extra\n"
        '"d",RSU,100,"2020-01-01",\n'
        "a,RSU,5,2020-01-01,\n"
    )
    loaded = parse(text.removeprefix("\ufeff"), "csv", "g.csv")
    assert [g.id for g in loaded.grants] == ["a", "d"]
    assert [(p.location.text(), p.field) for p in loaded.problems] == [
        ("g.csv: line 5: grant 'b'", "shares"),
        ("g.csv: line 6", "row"),
        ("g.csv: line 8: grant 'a'", "id"),
    ]
    assert "line 3" in loaded.problems[2].allowed
    assert loaded.count == 5


def test_csv_header_problems() -> None:
    # one cause, one problem: the misspelt column, not also the required column it misspells
    (msg,) = messages("id,kind,shares,grant_dat\nx,NSO,1,2020-01-01\n", "csv")
    assert msg.startswith("g: line 1: grant_dat: got 'grant_dat'; not a column name")
    assert "did you mean 'grant_date'" in msg
    assert messages("id,kind,shares\nx,NSO,1\n", "csv") == [
        "g: line 1: grant_date: got nothing; a required column"
    ]
    assert messages("", "csv") == [f"g: grants: got nothing; {NO_GRANTS}"]  # as any empty input


def test_detect_format_and_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    assert gf.detect_format("x.JSON", "") == "json"
    assert gf.detect_format("<stdin>", '  {"grants": []}') == "json"
    assert gf.detect_format("<stdin>", "# hi\n[[grant]]\n") == "toml"
    assert gf.detect_format("<stdin>", "schema_version = 1\n") == "toml"
    assert gf.detect_format("<stdin>", "id,kind,shares,grant_date\n") == "csv"
    monkeypatch.setattr("sys.stdin", io.StringIO(CSV_GRANT))
    assert gf.load("-")[0].id == "g1"


# ------------------------------------------------------------------------ command line


def adhoc(fields: dict[str, str], today: dt.date | None = None) -> Grant:
    """What the command line does with ad-hoc options: build, and name its options."""
    try:
        return gf.build_grant({"id": "adhoc", "kind": "NSO", **fields}, today=today)
    except InputError as e:
        raise InputError(labels.as_adhoc(e.problems)) from None


def test_adhoc_grant_uses_the_file_rules_and_names_the_options() -> None:
    g = adhoc(
        {"shares": "2,000,000", "grant_date": "2006-12-18", "length": "48", "cliff": "12",
         "every": "1", "exercise_price": "30"}
    )  # fmt: skip
    assert g == Grant(
        "adhoc",
        Kind.NSO,
        2_000_000,
        D(2006, 12, 18),
        VestingTerms.standard(),
        exercise_price=Decimal(30),
    )
    assert adhoc(
        {"shares": "10", "grant_date": "today", "kind": "rsu"}, today=D(2024, 5, 1)
    ).grant_date == D(2024, 5, 1)
    with pytest.raises(InputError) as exc:
        adhoc({"shares": "-5", "length": "50", "every": "3"})
    assert [p.message() for p in exc.value.problems] == [
        "command line: --shares: got '-5'; a whole number of shares > 0 "
        f"(2000000, 2,000,000 or 2_000_000; at most {gf.values.MAX_DIGITS} digits)",
        # a failing field hides no other: the terms are checked too
        "command line: --months: got '50m'; a whole number of the cadence (3m): e.g. 48",
        "command line: --grant-date: got nothing; a value (required)",
    ]
    with pytest.raises(InputError) as exc:
        adhoc({"shares": "5", "grant_date": "2020-01-01", "length": "50", "every": "3"})
    assert exc.value.problems[0].field == "--months"


def test_select_and_add_events() -> None:
    grants = gf.load(TOML)
    assert [e.grant for e in batch.select(grants, [])] == list(grants)
    assert [e.grant.id for e in batch.select(grants, ["ceo-2006-rsu"]) if e.grant] == [
        "ceo-2006-rsu"
    ]
    # ids that match no grant are reported after the last grant, naming the ids there are
    picked = list(batch.select(grants, ["ceo", "ceo-2006-rsu", "cfo"]))
    assert [e.grant.id for e in picked if e.grant] == ["ceo-2006-rsu"]
    assert [p for e in picked for p in e.problems] == [
        Problem("grant", "ceo", "a grant id in the file: ceo-2006-option, ceo-2006-rsu"),
        Problem("grant", "cfo", "a grant id in the file: ceo-2006-option, ceo-2006-rsu"),
    ]
    assert labels.as_options(picked[-1].problems)[0].field == "--grant"
    stop = Termination(D(2009, 3, 1))
    added = list(batch.add_events(grants, [stop]))
    assert [e.grant.events for e in added if e.grant] == [(stop,), (stop,)]  # both grants
    # an impossible what-if becomes that grant's problem, not an exception
    early = Termination(D(2001, 1, 1))
    (bad, _) = batch.add_events(grants, [early])
    assert bad.grant is None and bad.problems[0].field == "termination.date"


def test_a_records_own_rule_is_reported_where_the_value_was_written() -> None:
    """The Acceleration record states its rules (one amount, > 0); the reader only names
    the place: the event's index and field, with the value as written."""
    text = BASE + (
        'events = [{ type = "acceleration", date = 2021-01-01, shares = 5, percent = "50%" },\n'
        '  { type = "acceleration", date = 2021-01-01, months = 0 },\n'
        '  { type = "acceleration", date = 2021-01-01, months = "30d" }]\n'
    )
    found = [(p.field, p.value, p.allowed) for p in parse(text, "toml", "f.toml").problems]
    assert found == [
        ("events[1]", "shares=5; percent=1/2", "exactly one of shares, percent or months"),
        ("events[2].months", 0, "a whole number of months > 0 (at most 3,600)"),
        ("events[3].months", "30d", "a number of months"),
    ]
