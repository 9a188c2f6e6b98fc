"""Consistent input rules (issue 19, items 7 and 10): one converter per field, the same leniency
in every format — vocabulary words by one rule, termination reasons by their plain-English
synonyms (and refused when a word could mean two), written dates when they name one day, money
with the shares' thousands separators, CSV headers as words, and every problem located in the
user's words (a TOML date that names no day like CSV's; ``--terminate``'s reason in its option).

Expected values are written out by hand; the property tests build their inputs with Python's
own formatting (``f"{n:,}"``, month names listed here), independent of the readers.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from helpers import TOML, as_json, fail
from hypothesis import given
from hypothesis import strategies as st

import vesting.io as vio
from vesting import Allocation, DayOfMonth, Kind, LeaveTolling, Method, Reason, Trigger
from vesting.dates import MAX_DATE, MIN_DATE
from vesting.errors import InputError, VestingError, word
from vesting.io.build import BUILTIN_TERMS
from vesting.io.values import (
    parse_allocation,
    parse_date,
    parse_day_of_month,
    parse_kind,
    parse_leave_tolling,
    parse_method,
    parse_money,
    parse_reason,
    parse_shares,
    parse_trigger,
)
from vesting.model.conditions import When
from vesting.model.kinds import REASON_SYNONYMS, REASON_UNCLEAR

D = dt.date


def read(text: str, fmt: str, name: str = "g") -> tuple[list[Any], list[str]]:
    """The grants and the problem messages of ``text`` read as a ``fmt`` file called ``name``."""
    stream = io.StringIO(text)
    stream.name = name
    entries = list(vio.read(stream, fmt))
    grants = [e.grant for e in entries if e.grant is not None]
    return grants, [p.message() for e in entries for p in e.problems]


def problem(call: Any, *args: Any) -> str:
    """What ``call(*args)`` refuses, as its one problem's ``allowed`` text."""
    with pytest.raises(VestingError) as exc:
        call(*args)
    (p,) = exc.value.problems
    return p.allowed


# ------------------------------------------------------------------------ vocabulary words

SEPARATORS = ("-", "_", " ", " - ", "__", "  ")


@st.composite
def spelled(draw: st.DrawFn, canonical: str) -> str:
    """``canonical`` in any case, its parts joined by any run of ``-``, ``_`` or spaces, with
    spaces around it."""
    parts = [p for p in re.split(r"[-_ ]", canonical) if p]
    cased = ["".join(draw(st.sampled_from((c.lower(), c.upper()))) for c in p) for p in parts]
    text = cased[0]
    for part in cased[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + part
    pad = st.sampled_from(("", " ", "  ", "\t"))
    return draw(pad) + text + draw(pad)


ENUMS: list[tuple[Any, type[StrEnum]]] = [
    (parse_kind, Kind),
    (parse_reason, Reason),
    (parse_trigger, Trigger),
    (parse_method, Method),
    (parse_leave_tolling, LeaveTolling),
    (parse_allocation, Allocation),
    (parse_day_of_month, DayOfMonth),
    (When.parse, When),
]
MEMBERS = [(parse, member) for parse, cls in ENUMS for member in cls]


@given(st.sampled_from(MEMBERS).flatmap(lambda pm: spelled(pm[1].value).map(lambda t: (pm, t))))
def test_any_case_and_separator_variant_of_every_enum_value_is_that_member(
    case: tuple[tuple[Any, StrEnum], str],
) -> None:
    (parse, member), text = case
    assert parse(text, "field") is member


@given(
    st.sampled_from(sorted(REASON_SYNONYMS.items())).flatmap(
        lambda kv: spelled(kv[0]).map(lambda t: (t, kv[1]))
    )
)
def test_any_variant_of_a_reason_synonym_is_its_reason(case: tuple[str, Reason]) -> None:
    text, reason = case
    assert Reason.parse(text) is reason


def test_the_synonyms_agreements_use() -> None:
    assert Reason.parse("without-cause") is Reason.INVOLUNTARY
    assert Reason.parse("Terminated without Cause") is Reason.INVOLUNTARY
    assert Reason.parse("for-cause") is Reason.CAUSE
    assert Reason.parse("FOR CAUSE") is Reason.CAUSE
    assert Reason.parse("resignation") is Reason.VOLUNTARY
    assert Reason.parse("resigned for good reason") is Reason.GOOD_REASON
    assert Reason.parse("INVOLUNTARY_WITH_CAUSE") is Reason.CAUSE  # OCF's spelling


@pytest.mark.parametrize(
    "text", ["dismissal", "dismissed", "Fired", "terminated", "termination", "let go"]
)
def test_a_word_for_either_cause_or_involuntary_is_refused_naming_both(text: str) -> None:
    allowed = problem(Reason.parse, text)
    assert "cause (for cause)" in allowed and "involuntary (without cause)" in allowed
    assert allowed.endswith("say which")


def test_good_cause_could_be_the_company_s_or_the_holder_s() -> None:
    allowed = problem(Reason.parse, "good cause")
    assert "cause (terminated for good cause)" in allowed and "good-reason" in allowed


def test_the_synonym_table_is_unambiguous_and_written_as_words() -> None:
    assert not set(REASON_SYNONYMS) & set(REASON_UNCLEAR)
    assert not {r.value for r in Reason} & set(REASON_UNCLEAR)
    for key in (*REASON_SYNONYMS, *REASON_UNCLEAR):
        assert word(key) == key
    for risky in ("dismissal", "dismissed", "fired", "terminated", "discharged"):
        assert risky in REASON_UNCLEAR


def test_an_unknown_reason_close_to_a_synonym_names_it_and_its_reason() -> None:
    allowed = problem(Reason.parse, "without-cuase")
    assert allowed.startswith("did you mean 'without-cause' (involuntary)?")


# A grant spelled canonically, and the same grant in other words: every format reads both as
# the same grant.
CANONICAL = {
    "id": "a",
    "kind": "NSO",
    "shares": "2000",
    "grant_date": "2006-12-18",
    "exercise_price": "1000.50",
    "terms": "standard",
    "allocation": "FRONT_LOADED",
    "day_of_month": "31_OR_LAST_DAY_OF_MONTH",
    "leave_tolling": "periods",
    "events": "terminate=2009-03-01:involuntary",
}
IN_OTHER_WORDS = {
    "id": "a",
    "kind": "nso",
    "shares": "2,000",
    "grant_date": "Dec 18, 2006",
    "exercise_price": "$1,000.50",
    "terms": "Standard",
    "allocation": "front loaded",
    "day_of_month": "Last",
    "leave_tolling": "Periods",
    "events": "Terminate=March 1, 2009:Without Cause",
}


def as_format(fields: dict[str, str], fmt: str) -> str:
    if fmt == "csv":
        header = ",".join(fields)
        return header + "\n" + ",".join(f'"{v}"' for v in fields.values()) + "\n"
    if fmt == "jsonl":
        import json

        return json.dumps(fields) + "\n"
    if fmt == "json":
        import json

        return json.dumps({"grants": [fields]})
    body = "\n".join(f'{k} = "{v}"' for k, v in fields.items())
    return f"[[grant]]\n{body}\n"


@pytest.mark.parametrize("fmt", ["toml", "json", "jsonl", "csv"])
def test_the_same_words_in_every_format_give_the_same_grant(fmt: str) -> None:
    (canonical,), none = read(as_format(CANONICAL, fmt), fmt)
    (lenient,), also_none = read(as_format(IN_OTHER_WORDS, fmt), fmt)
    assert none == also_none == []
    assert lenient == canonical
    assert lenient.grant_date == D(2006, 12, 18) and lenient.exercise_price == Decimal("1000.50")


def test_event_tables_take_words_too() -> None:
    text = (
        '[[grant]]\nid = "a"\nkind = "RSU"\nshares = 480\ngrant_date = 2020-01-01\n'
        'events = [{type = " Termination ", date = "1 March 2021", reason = "Laid Off"},'
        ' {type = "ACCELERATION", date = 2021-02-01, percent = "50%", method = "Pro Rata",'
        ' trigger = "Single"}]\n'
    )
    (grant,), problems = read(text, "toml")
    assert problems == []
    termination = grant.events[0]
    assert termination.date == D(2021, 3, 1) and termination.reason is Reason.INVOLUNTARY
    assert grant.events[1].method is Method.PRO_RATA


def test_exercise_windows_are_keyed_by_any_spelling_of_a_reason_once() -> None:
    head = "id,kind,shares,grant_date,exercise_windows\n"
    (grant,), _ = read(head + 'a,NSO,48,2020-01-01,"Resignation=6m;Good Reason=1y"\n', "csv")
    windows = grant.terms.exercise_windows
    assert (windows.voluntary.count, windows.good_reason.count) == (6, 12)
    _, problems = read(head + 'a,NSO,48,2020-01-01,"voluntary=6m;quit=1m"\n', "csv")
    (message,) = problems
    assert message.endswith("got '1m'; each reason once ('voluntary' is voluntary already)")


def test_ocf_enums_by_the_word_rule(tmp_path: Path) -> None:
    from test_ocf_read import START, issuance, package

    window = {"reason": "voluntary other", "period": 90, "period_type": "days"}
    item = issuance("o1", compensation_type="option-nso", termination_exercise_windows=[window])
    pkg = package(tmp_path / "p", [item, START])
    (grant,) = vio.load(pkg)
    assert grant.kind is Kind.NSO
    assert grant.terms.exercise_windows.voluntary.count == 90


# ------------------------------------------------------------------------------ named terms


@pytest.mark.parametrize("name", ["Standard", "STANDARD", " standard ", "Quarterly", "annual"])
def test_built_in_terms_by_any_case(name: str) -> None:
    (grant,), _ = read(f'id,kind,shares,grant_date,terms\na,NSO,48,2020-01-01,"{name}"\n', "csv")
    assert grant.terms == BUILTIN_TERMS[name.strip().lower()]


def test_named_terms_are_words_and_a_near_miss_is_named() -> None:
    text = (
        '[terms.Four_Year]\nlength = "48m"\nevery = "3m"\n'
        '[[grant]]\nid = "a"\nkind = "NSO"\nshares = 48\ngrant_date = 2020-01-01\n'
        'terms = "four year"\n'
        '[[grant]]\nid = "b"\nkind = "NSO"\nshares = 48\ngrant_date = 2020-01-01\n'
        'terms = "four yaer"\n'
    )
    (grant,), problems = read(text, "toml")
    assert grant.terms.every.count == 3
    (message,) = problems
    assert message.startswith("g: grant 'b': terms: got 'four yaer'; did you mean 'Four_Year'?")


def test_two_named_terms_differing_only_by_case_are_an_error_naming_both() -> None:
    text = (
        '[terms.standard]\nlength = "48m"\n[terms.Standard]\nlength = "36m"\n'
        '[[grant]]\nid = "a"\nkind = "NSO"\nshares = 48\ngrant_date = 2020-01-01\n'
        'terms = "STANDARD"\n'
    )
    grants, problems = read(text, "toml")
    assert grants == []  # which of the two it meant cannot be known
    (message,) = problems
    assert message.startswith("g: terms: got 'Standard'; a name of its own: 'standard' is")


# ------------------------------------------------------------------------------ CSV headers


@pytest.mark.parametrize("header", ["grant_date", "Grant Date", "grant-date", "GRANT_DATE"])
def test_a_header_is_a_word(header: str) -> None:
    (grant,), problems = read(f"Id,KIND,Shares,{header}\na,NSO,48,2020-01-01\n", "csv")
    assert problems == [] and grant.grant_date == D(2020, 1, 1)


def test_a_misspelt_required_header_is_one_problem() -> None:
    grants, problems = read("id,kind,shares,Grant Dat\na,NSO,48,2020-01-01\n", "csv")
    assert grants == []
    (message,) = problems
    assert message.startswith("g: line 1: grant_dat: got 'Grant Dat'; not a column name")
    assert "did you mean 'grant_date'?" in message


def test_two_headers_naming_one_field_are_refused() -> None:
    _, problems = read("id,kind,shares,grant_date,Grant Date\na,NSO,48,2020-01-01,\n", "csv")
    assert problems == ["g: line 1: grant_date: got 'Grant Date'; each column once"]


# ------------------------------------------------------------------------------------ dates

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SUPPORTED = st.dates(min_value=MIN_DATE, max_value=MAX_DATE)


def file_date(text: str) -> dt.date:
    return parse_date(text, "grant_date", relative=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2006-12-18", D(2006, 12, 18)),
        ("Dec 18, 2006", D(2006, 12, 18)),
        ("December 18th, 2006", D(2006, 12, 18)),
        ("18 December 2006", D(2006, 12, 18)),
        ("the 18th of Dec 2006", D(2006, 12, 18)),
        ("Monday, Dec 18, 2006", D(2006, 12, 18)),  # 18 Dec 2006 was a Monday
        ("18/12/2006", D(2006, 12, 18)),  # no month 18: day first
        ("12/18/2006", D(2006, 12, 18)),  # no month 18: month first
        ("18.12.2006", D(2006, 12, 18)),
        ("2006/12/18", D(2006, 12, 18)),  # year first is year-month-day, as ISO
        ("2006-1-5", D(2006, 1, 5)),
        ("03/03/2008", D(2008, 3, 3)),  # both orders name the same day
        ("Sept 3, 2008", D(2008, 9, 3)),
    ],
)
def test_dates_that_name_one_day(text: str, expected: dt.date) -> None:
    assert file_date(text) == expected


def test_an_ambiguous_date_is_refused_naming_both_readings() -> None:
    allowed = problem(file_date, "03/04/2008")
    assert "2008-03-04 (month first) or 2008-04-03 (day first)" in allowed
    assert "YYYY-MM-DD" in allowed


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("2008-02-30", "no such day"),
        ("Feb 30, 2008", "no such day"),
        ("31/04/2008", "no such day"),  # April has 30 days
        ("12/18/06", "a four-digit year: 2006-12-18 was probably meant"),
        ("18 Dec 71", "a four-digit year: 1971-12-18 was probably meant"),
        ("2006-12-18T10:30:00", "a date without a time: 2006-12-18 was probably meant"),
        ("2006-12-18 10:30", "a date without a time: 2006-12-18 was probably meant"),
        ("20061218", "YYYY-MM-DD, with its dashes: 2006-12-18 was probably meant"),
        ("Decmber 18, 2006", "2006-12-18 was probably meant ('Decmber' read as December)"),
        ("Tuesday, Dec 18, 2006", "2006-12-18 is a Monday, not a Tuesday"),
        ("Dec 2006", "a day, a month and a year"),
    ],
)
def test_a_date_that_names_no_day_says_what_was_probably_meant(text: str, detail: str) -> None:
    allowed = problem(file_date, text)
    assert allowed.startswith("an ISO date YYYY-MM-DD") and allowed.endswith(f": {detail}")


@pytest.mark.parametrize("text", ["tomorrow", "6m", "1 2 3 2006", "12/2006/18", "soon", "x" * 65])
def test_what_is_no_date_at_all_lists_the_forms(text: str) -> None:
    from vesting.io.values import FILE_DATE_FORMS, WRITTEN_FORMS

    assert problem(file_date, text) == f"{FILE_DATE_FORMS}, or {WRITTEN_FORMS}"


def test_a_huge_text_is_refused_unread() -> None:
    huge = "Dec 18, 2006 " * 800_000  # over 10 MB
    started = time.perf_counter()
    for parse in (file_date, lambda t: parse_money(t, "m"), lambda t: parse_shares(t, "s")):
        with pytest.raises(InputError) as exc:
            parse(huge)
        assert len(exc.value.problems[0].message()) < 1000
    with pytest.raises(VestingError):
        Reason.parse(huge)
    assert time.perf_counter() - started < 2


@given(SUPPORTED)
def test_written_out_dates_round_trip(day: dt.date) -> None:
    name = MONTHS[day.month - 1]
    assert file_date(f"{name[:3]} {day.day:02d}, {day.year}") == day  # Mon DD, YYYY
    assert file_date(f"{day.day:02d} {name} {day.year}") == day  # DD Month YYYY
    assert file_date(f"{DAYS[day.weekday()]}, {name} {day.day}, {day.year}") == day
    assert file_date(f"{day.year}/{day.month}/{day.day}") == day


@given(SUPPORTED)
def test_day_and_month_in_digits_are_read_only_when_one_order_names_a_day(day: dt.date) -> None:
    text = f"{day.day:02d}/{day.month:02d}/{day.year}"
    if day.day > 12 or day.day == day.month:
        assert file_date(text) == day
    else:  # both orders name a day: the other reading swaps them
        other = D(day.year, day.day, day.month)
        allowed = problem(file_date, text)
        assert other.isoformat() in allowed and day.isoformat() in allowed


@pytest.mark.parametrize("fmt", ["toml", "json", "jsonl", "csv"])
def test_a_written_date_reads_the_same_in_every_format(fmt: str) -> None:
    fields = {"id": "a", "kind": "RSU", "shares": "48", "grant_date": "18 December 2006"}
    (grant,), problems = read(as_format(fields, fmt), fmt)
    assert problems == [] and grant.grant_date == D(2006, 12, 18)


def test_the_command_line_takes_written_dates() -> None:
    written = as_json("status", TOML, "--as-of", "June 30, 2008")
    iso = as_json("status", TOML, "--as-of", "2008-06-30")
    assert written == iso


def test_a_toml_date_that_names_no_day_is_located_as_csv_locates_it() -> None:
    toml = (
        '[[grant]]\nid = "a"\nkind = "RSU"\nshares = 48\ngrant_date = 2008-02-30\n'
        "events = [{type = 'termination', date = 2009-13-01}]\n"
    )
    csv = "id,kind,shares,grant_date,events\na,RSU,48,2008-02-30,terminate=2009-13-01\n"
    _, from_toml = read(toml, "toml", "g.toml")
    _, from_csv = read(csv, "csv", "g.csv")
    assert len(from_toml) == 2 and len(from_csv) == 2
    assert from_toml[0] == from_csv[0].replace("g.csv: line 2:", "g.toml:")
    assert from_toml[0].startswith("g.toml: grant 'a': grant_date: got '2008-02-30'; an ISO")
    assert from_toml[0].endswith(": no such day")
    assert from_toml[1].startswith("g.toml: grant 'a': events[1].date: got '2009-13-01'")


def test_a_toml_syntax_error_after_a_bad_date_keeps_the_parser_s_column() -> None:
    # line 2: 'b = [2008-02-30, x]' — the parser stops at x, column 18 of the text as written
    _, problems = read("a = 1\nb = [2008-02-30, x]\n", "toml")
    (message,) = problems
    assert "(at line 2, column 18)" in message and message.endswith("; valid TOML")


# ------------------------------------------------------------------------------------ money


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,000.50", "1000.50"), ("$1,000.50", "1000.50"), (" 1000.5 ", "1000.5"),
     ("$ 30", "30"), ("1_000.25", "1000.25"), ("2,000,000", "2000000"), (".5", "0.5")],
)  # fmt: skip
def test_money_takes_what_shares_take(text: str, expected: str) -> None:
    assert parse_money(text, "exercise_price") == Decimal(expected)


@pytest.mark.parametrize("text", ["1,00.5", "1,0000", "1000,50", "10,00,000", "$-5", "30$"])
def test_money_with_bad_groups_is_refused_as_shares_are(text: str) -> None:
    assert problem(parse_money, text, "exercise_price").startswith("an amount >= 0")


def test_money_keeps_its_limits() -> None:
    assert parse_money("0.0000000001", "m") == Decimal("1E-10")  # 10 decimals: the most
    problem(parse_money, "0.00000000001", "m")  # 11
    problem(parse_money, "1,000,000,000,000,000", "m")  # 16 digits before the point


@given(st.integers(0, 10**15 - 1), st.none() | st.text("0123456789", min_size=1, max_size=10))
def test_money_in_valid_thousands_groups_equals_the_plain_form(n: int, cents: str | None) -> None:
    tail = "" if cents is None else f".{cents}"
    plain = Decimal(f"{n}{tail}")
    assert parse_money(f"{n:,}{tail}", "m") == plain
    assert parse_money(f"${n:,}{tail}", "m") == plain
    assert parse_money(f"{n:_}{tail}", "m") == plain


@given(st.integers(1, 10**18 - 1))
def test_shares_in_valid_thousands_groups_equal_the_plain_form(n: int) -> None:
    assert parse_shares(f"{n:,}", "shares") == parse_shares(str(n), "shares") == n


@given(st.integers(100, 10**15 - 1))
def test_groups_of_two_are_refused_for_money_and_shares_alike(n: int) -> None:
    digits = str(n)
    pairs = [digits[max(0, i - 2) : i] for i in range(len(digits), 0, -2)][::-1]
    text = ",".join(pairs)  # 1,00,00: never groups of three
    with pytest.raises(InputError):
        parse_money(text, "m")
    with pytest.raises(InputError):
        parse_shares(text, "s")


# ------------------------------------------------------------------------ the command line


def test_terminate_s_reason_is_located_in_the_option() -> None:
    (line,) = fail("status", TOML, "--as-of", "2009-06-30", "--terminate", "2009-03-01:fired")
    assert line.startswith("error: command line: --terminate: reason: got 'fired'; could mean")
    assert "--terminate.reason" not in line


def test_a_reason_synonym_on_the_command_line_is_its_reason() -> None:
    base = ("status", TOML, "--as-of", "2009-06-30", "--terminate")
    assert as_json(*base, "2009-03-01:Without Cause") == as_json(*base, "2009-03-01:involuntary")
    assert as_json(*base, "2009-03-01:For-Cause") == as_json(*base, "2009-03-01:cause")


# ------------------------------------------------------------------------------- the schema


def test_the_schema_accepts_what_the_readers_accept() -> None:
    import json

    from jsonschema import Draft202012Validator

    shipped = Path(__file__).parents[1] / "vesting" / "schemas" / "grants.schema.json"
    schema = Draft202012Validator(json.loads(shipped.read_text(encoding="utf-8")))
    event = {"type": "Termination", "date": "March 1, 2009", "reason": "Without Cause"}
    windows = {"Resignation": "6m", "good_reason": 0}
    lenient = {**IN_OTHER_WORDS, "events": [event], "exercise_windows": windows}
    assert [e.message for e in schema.iter_errors({"grants": [lenient]})] == []
    refused = {**CANONICAL, "exercise_price": "1,00.5", "leave_tolling": "sometimes"}
    assert len(list(schema.iter_errors({"grants": [refused]}))) == 2
