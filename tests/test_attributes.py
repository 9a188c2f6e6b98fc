"""A grant's attributes (issue 19.4): extra columns and keys are kept, not refused — in every
format, merged with defaults, refused with ``strict`` and when close to a field (a typo) — and
the record that holds them is read-only, hashable and picklable."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import difflib
import io
import pickle
from pathlib import Path

import pytest
from helpers import ok
from hypothesis import given
from hypothesis import strategies as st

import vesting.io as gf
from vesting import Grant, Kind
from vesting.errors import InputError, Problem, VestingError
from vesting.io.fields import ALL_FIELDS
from vesting.model import Attributes

D = dt.date
HEAD = "id,holder,kind,shares,grant_date,terms"
ROW = "a,b,NSO,100,2020-01-01,standard"
TOML_GRANT = '[[grant]]\nid = "a"\nkind = "NSO"\nshares = 100\ngrant_date = 2020-01-01\n'
JSON_GRANT = '{"id": "a", "kind": "NSO", "shares": 100, "grant_date": "2020-01-01"'


def read(text: str, fmt: str, *, strict: bool = False) -> tuple[list[Grant], list[Problem]]:
    stream = io.StringIO(text)
    stream.name = f"g.{fmt}"  # type: ignore[misc]
    entries = list(gf.read(stream, fmt, strict=strict))
    return (
        [e.grant for e in entries if e.grant is not None],
        [p for e in entries for p in e.problems],
    )


def attributes(text: str, fmt: str, *, strict: bool = False) -> dict[str, str]:
    grants, problems = read(text, fmt, strict=strict)
    assert not problems, [p.message() for p in problems]
    (grant,) = grants
    return dict(grant.attributes)


def messages(text: str, fmt: str, *, strict: bool = False) -> list[str]:
    return [p.message() for p in read(text, fmt, strict=strict)[1]]


# ------------------------------------------------------------------------- every format


def test_the_issue_s_file_is_read_and_its_column_kept(tmp_path: Path) -> None:
    path = tmp_path / "dept.csv"
    path.write_text(f"{HEAD},department\n{ROW},eng\n")
    (grant,) = gf.read_grants(path)
    assert grant.attributes["department"] == "eng"
    assert dict(grant.attributes) == {"department": "eng"}
    ok("status", str(path), "--as-of", "2021-01-01")


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        (f"{HEAD},department,Cost Center\n{ROW},eng,CC-7\n", "csv"),
        (f"{HEAD},attributes.department,cost center\n{ROW}, eng ,CC-7\n", "csv"),
        (TOML_GRANT + 'department = "eng"\n"Cost Center" = "CC-7"\n', "toml"),
        (TOML_GRANT + 'attributes = { department = "eng", "Cost Center" = "CC-7" }\n', "toml"),
        (TOML_GRANT + 'attributes.department = "eng"\n"Cost Center" = "CC-7"\n', "toml"),
        ('{"grants": [' + JSON_GRANT + ', "department": "eng", "Cost Center": "CC-7"}]}', "json"),
        (
            '{"grants": [' + JSON_GRANT + ', "attributes": {"department": "eng"}, '
            '"attributes.Cost Center": "CC-7"}]}',
            "json",
        ),
        (JSON_GRANT + ', "department": "eng", "Cost Center": "CC-7"}\n', "jsonl"),
        (JSON_GRANT + ', "attributes": {"department": "eng", "Cost Center": "CC-7"}}\n', "jsonl"),
    ],
)
def test_every_format_keeps_extra_columns_and_keys(text: str, fmt: str) -> None:
    got = attributes(text, fmt)
    cost = "cost center" if "cost center" in text else "Cost Center"  # names keep their case
    assert got == {"department": "eng", cost: "CC-7"}


def test_values_become_their_text() -> None:
    text = (
        TOML_GRANT
        + 'seniority = 3\nfte = 1.50\nremote = true\nhired = 2019-05-01\nremark = " x "\n'
    )
    assert attributes(text, "toml") == {
        "seniority": "3",
        "fte": "1.50",  # the decimal as written, never a float
        "remote": "true",
        "hired": "2019-05-01",
        "remark": "x",  # spaces around text removed, as in every text field
    }
    doc = '{"grants": [' + JSON_GRANT + ', "seniority": 3, "fte": 1.50, "remote": false}]}'
    assert attributes(doc, "json") == {"seniority": "3", "fte": "1.50", "remote": "false"}


def test_an_empty_value_is_not_given() -> None:
    text = f"{HEAD},department\n{ROW},\n"
    assert attributes(text, "csv") == {}
    assert attributes(TOML_GRANT + 'department = "  "\n', "toml") == {}


def test_a_table_or_list_under_an_attribute_is_an_error() -> None:
    for value in ("{ a = 1 }", "[1, 2]"):
        (msg,) = messages(TOML_GRANT + f"team_info = {value}\n", "toml")
        assert msg.startswith("g.toml: grant 'a': team_info: got 'a ")
        assert "attributes hold text" in msg
    (msg,) = messages(TOML_GRANT + "attributes = { x = { a = 1 } }\n", "toml")
    assert msg.startswith("g.toml: grant 'a': attributes.x: got 'a table'")


def test_a_close_match_to_a_field_is_still_a_typo() -> None:
    (msg,) = messages(TOML_GRANT + "shraes = 5\n", "toml")
    assert msg.startswith("g.toml: grant 'a': shraes: got 5; not a grant field — did you mean")
    assert "did you mean 'shares'?" in msg
    lines = messages(f"{HEAD},shraes\n{ROW},5\n", "csv")
    assert lines[0].startswith("g.csv: line 1: shraes: got 'shraes'; not a column name")
    assert "did you mean 'shares'?" in lines[0]
    # in lower case too: Grant_Dat is grant_dat, a typo of grant_date
    (msg,) = messages(TOML_GRANT + 'Grant_Dat = "x"\n', "toml")
    assert "did you mean 'grant_date'?" in msg


def test_a_name_close_to_a_field_is_an_attribute_when_given_explicitly() -> None:
    # grade is graded with its last letter dropped (one slip): a typo, unless given the
    # explicit way, which the message says
    (msg,) = messages(TOML_GRANT + 'grade = "7"\n', "toml")
    assert "did you mean 'graded'?" in msg and "(or 'attributes.grade', for an attribute" in msg
    assert attributes(TOML_GRANT + 'attributes.grade = "7"\n', "toml") == {"grade": "7"}
    assert attributes(f"{HEAD},attributes.grade\n{ROW},7\n", "csv") == {"grade": "7"}
    assert attributes(TOML_GRANT + 'location = "NYC"\n', "toml") == {"location": "NYC"}


@pytest.mark.parametrize(
    ("text", "fmt", "needle"),
    [
        (f"{HEAD},department\n{ROW},eng\n", "csv", "g.csv: line 1: department: got 'department';"),
        (TOML_GRANT + 'department = "eng"\n', "toml", "g.toml: grant 'a': department: got 'eng';"),
        (
            '{"grants": [' + JSON_GRANT + ', "department": "eng"}]}',
            "json",
            "g.json: grant 'a': department: got 'eng';",
        ),
        (
            JSON_GRANT + ', "department": "eng"}\n',
            "jsonl",
            "g.jsonl: line 1: grant 'a': department: got 'eng';",
        ),
        (
            '[defaults]\ndepartment = "eng"\n' + TOML_GRANT,
            "toml",
            "g.toml: defaults: department: got 'eng'; not a defaults field",
        ),
    ],
)
def test_strict_refuses_every_unknown_name(text: str, fmt: str, needle: str) -> None:
    assert attributes(text, fmt)  # not strict: an attribute
    found = messages(text, fmt, strict=True)
    assert found[0].startswith(needle), found
    assert "attributes." not in found[0]  # strict: no hint at attributes


def test_strict_still_reads_attributes_given_explicitly() -> None:
    text = TOML_GRANT + 'attributes = { department = "eng" }\n'
    assert attributes(text, "toml", strict=True) == {"department": "eng"}
    csv_text = f"{HEAD},attributes.department\n{ROW},eng\n"
    assert attributes(csv_text, "csv", strict=True) == {"department": "eng"}


def test_the_library_readers_take_strict(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(f"{HEAD},department\n{ROW},eng\n")
    with pytest.raises(InputError, match="not a column name"):
        list(gf.read_grants(path, strict=True))
    assert gf.problems(path, strict=True)
    assert not gf.problems(path)
    with pytest.raises(InputError):
        gf.load(path, strict=True)
    with pytest.raises(InputError):
        gf.loads(path.read_text(), "csv", strict=True)
    data = {"grants": [{"id": "a", "kind": "NSO", "shares": 1, "grant_date": "2020-01-01",
                        "department": "eng"}]}  # fmt: skip
    assert gf.from_data(data)[0].attributes == {"department": "eng"}
    with pytest.raises(InputError):
        gf.from_data(data, strict=True)


def test_defaults_merge_name_by_name() -> None:
    text = (
        '[defaults]\ndepartment = "eng"\nattributes = { site = "HQ" }\n'
        + TOML_GRANT
        + 'site = "Remote"\n'
        + TOML_GRANT.replace('"a"', '"b"')
    )
    grants, problems = read(text, "toml")
    assert not problems
    assert [dict(g.attributes) for g in grants] == [
        {"department": "eng", "site": "Remote"},  # the grant's own replaces the default's
        {"department": "eng", "site": "HQ"},
    ]
    doc = (
        '{"defaults": {"department": "eng", "site": "HQ"}, "grants": ['
        + JSON_GRANT
        + ', "site": null}, '
        + JSON_GRANT.replace('"a"', '"b"')
        + ', "attributes": null, "seniority": 2}]}'
    )
    grants, problems = read(doc, "json")
    assert not problems
    # null removes the default's of that name; a null table drops them all
    assert [dict(g.attributes) for g in grants] == [{"department": "eng"}, {"seniority": "2"}]


def test_an_attribute_given_twice_is_an_error() -> None:
    (msg,) = messages(TOML_GRANT + 'squad = "a"\n"attributes.squad" = "b"\n', "toml")
    assert "the attribute 'squad' given once" in msg
    lines = messages(f"{HEAD},dept,attributes.dept\n{ROW},a,b\n", "csv")
    assert lines[0].startswith("g.csv: line 1: attributes.dept: got 'attributes.dept'; each")


def test_names_that_cannot_be_attributes() -> None:
    (msg,) = messages(TOML_GRANT + 'attributes = { shares = "9" }\n', "toml")
    assert msg == "g.toml: grant 'a': attributes.shares: got 'shares'; an attribute name that " \
        "is not a field ('shares' is one)"  # fmt: skip
    (msg,) = messages(TOML_GRANT + '"a\\tb" = "x"\n', "toml")
    assert "no control character" in msg
    lines = messages(f"{HEAD},attributes\n{ROW},x\n", "csv")
    assert lines[0].startswith("g.csv: line 2: grant 'a': attributes: got 'x'; a table of")
    assert "in CSV: one column per attribute" in lines[0]


def test_values_and_counts_are_bounded() -> None:
    (msg,) = messages(TOML_GRANT + f'squad = "{"x" * 201}"\n', "toml")
    assert "at most 200 characters" in msg
    many = "".join(f'a{i} = "x"\n' for i in range(101))
    (msg,) = messages(TOML_GRANT + many, "toml")
    assert msg == "g.toml: grant 'a': attributes: got '101 attributes'; at most 100 attributes"
    assert len(attributes(TOML_GRANT + many.replace('a100 = "x"\n', ""), "toml")) == 100


# ------------------------------------------------------------------------------- record


def grant(**attrs: str) -> Grant:
    return Grant("g", Kind.NSO, 100, D(2020, 1, 1), attributes=attrs)  # type: ignore[arg-type]


def test_attributes_are_read_only() -> None:
    g = grant(department="eng")
    assert type(g.attributes) is Attributes
    with pytest.raises(TypeError):
        g.attributes["department"] = "ops"  # type: ignore[index]
    with pytest.raises(TypeError):
        del g.attributes["department"]  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        g.attributes._items = {}  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        g.attributes = Attributes()  # type: ignore[misc]
    assert g.attributes == {"department": "eng"}
    assert Grant("g", Kind.NSO, 100, D(2020, 1, 1)).attributes == {}


def test_attributes_are_hashable_picklable_and_equal_in_any_order() -> None:
    a = Attributes({"x": "1", "y": "2"})
    b = Attributes([("y", "2"), ("x", "1")])
    assert a == b and hash(a) == hash(b)
    assert list(a) == ["x", "y"] and list(b) == ["y", "x"]  # the order given is kept
    g = grant(department="eng")
    assert pickle.loads(pickle.dumps(g)) == g
    assert hash(g) == hash(grant(department="eng")) and g != grant(department="ops")


def test_the_record_checks_names_and_values() -> None:
    with pytest.raises(VestingError) as e:
        grant(holder="x", ok="", **{" pad": "x"})
    assert [(p.field, p.value) for p in e.value.problems] == [
        ("attributes.holder", "holder"),  # a grant field of its own
        ("attributes.ok", ""),
        ("attributes. pad", " pad"),
    ]
    with pytest.raises(VestingError, match="at most 100 attributes"):
        Attributes({f"a{i}": "x" for i in range(101)})


def test_value_of_looks_up_fields_and_attributes() -> None:
    g = Grant("g", Kind.ISO, 100, D(2020, 1, 1), holder="Ann", attributes={"dept": "eng"})
    assert g.value_of("dept") == "eng"
    assert g.value_of("holder") == "Ann"
    assert g.value_of("kind") == "ISO"
    assert g.value_of("id") == "g"
    assert g.value_of("shares") == "100"
    assert g.value_of("grant_date") == "2020-01-01"
    assert g.value_of("expiration") == "2030-01-01"  # the default 10-year term
    assert g.value_of("exercise_price") is None
    assert g.value_of("nothing") is None


# --------------------------------------------------------------------------- properties

_FIELDS = tuple(ALL_FIELDS)


def _not_a_field(name: str) -> bool:
    """Not a field, nor close to one by difflib's default cutoff (0.6), in lower case."""
    lower = name.lower()
    return lower not in _FIELDS and not difflib.get_close_matches(lower, _FIELDS, n=1)


names = (
    st.text(st.characters(whitelist_categories=("L", "N", "Pd", "Zs")), min_size=1, max_size=30)
    .map(str.strip)
    .filter(lambda n: n and n.isprintable() and not n.lower().startswith("attributes."))
    .filter(_not_a_field)
)
values = (
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200)
    .map(str.strip)
    .filter(bool)
)


@given(st.dictionaries(names, values, min_size=1, max_size=8))
def test_extra_csv_columns_round_trip_into_attributes(extra: dict[str, str]) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([*HEAD.split(","), *extra])
    writer.writerow([*ROW.split(","), *extra.values()])
    assert attributes(out.getvalue(), "csv") == extra


def test_a_name_seen_before_does_not_let_a_bad_value_through() -> None:
    """Names already found good are remembered (a file repeats them row after row); the values
    and the count are still checked every time."""
    Attributes({"squad": "a"})
    for bad in ("", "   ", "x" * 201):
        with pytest.raises(VestingError, match=r"attributes\.squad"):
            Attributes({"squad": bad})
    with pytest.raises(VestingError, match="at most 100 attributes"):
        Attributes({"squad": "a", **{f"b{i}": "x" for i in range(100)}})


HR_COLUMNS = [
    "department",
    "team",
    "tier",
    "level",
    "location",
    "start_date",
    "hire_date",
    "grant_type",
    "termination_date",
    "title",
    "region",
    "site",
    "country",
    "manager",
    "division",
    "cost_center",
    "employee_id",
    "email",
    "band",
    "job_code",
    "office",
    "city",
    "state",
    "business_unit",
    "legal_entity",
    "plan",
    "award_type",
    "salary",
    "first_name",
    "last_name",
]
TYPOS = [
    "shraes",
    "clif",
    "grant_dat",
    "holdr",
    "exercise_prcie",
    "kidn",
    "sharess",
    "vesting_strat",
    "expiraton",
]


@pytest.mark.parametrize("name", HR_COLUMNS)
def test_the_columns_hr_systems_export_are_attributes_not_typos(name: str) -> None:
    """A word that differs from a field by more than a slip of the keyboard is another word:
    'team' is not 'term', 'location' not 'allocation', 'termination_date' not
    'vest_on_termination_date'."""
    from vesting.io.attributes import is_close
    from vesting.io.fields import ALL_FIELDS

    assert not is_close(name, list(ALL_FIELDS))


@pytest.mark.parametrize("name", TYPOS)
def test_a_slip_of_the_keyboard_is_still_refused(name: str) -> None:
    """One letter dropped, added or changed, or two swapped: still a typo of the field."""
    from vesting.io.attributes import is_close
    from vesting.io.fields import ALL_FIELDS

    assert is_close(name, list(ALL_FIELDS))
