"""Issue 21.1: an exercise window can be set for every termination reason, in every grant-file
format and in either spelling of its name (``good-reason`` or ``good_reason``), and a
termination for that reason then uses it.

The bug the issue reports (``exercise_windows = { good-reason = "60d" }`` ended in a
``TypeError`` from vesting/io/build.py; ``good_reason`` was refused) was fixed on main by the
input rules of issue 19 (window keys go through ``Reason.parse``); these tests keep it fixed.

Every case: 4,800 NSO granted 2020-01-01 on the standard terms (48 months monthly, a 12-month
cliff), terminated 2021-06-01 for the reason, with a 45-day window for that reason (no reason's
default is 45 days, so the deadline can only come from the window given): the deadline is
2021-06-01 + 45 days = 2021-07-16 (June has 30 days: 29 days to June 30, 16 more in July).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from helpers import as_json

import vesting as v
import vesting.io as vio
from vesting import Reason
from vesting.io.ocf.store import write_package

D = dt.date
LEFT = D(2021, 6, 1)
DEADLINE = D(2021, 7, 16)  # 2021-06-01 + 45 days (hand-counted above)
SPELLINGS = sorted({(r, s) for r in Reason for s in (r.value, r.value.replace("-", "_"))})
FORMATS = ("toml", "json", "jsonl", "csv")


def grant_file(fmt: str, key: str, reason: str) -> str:
    """One grant with ``exercise_windows = {key = "45d"}`` and a termination for ``reason``,
    written as a ``fmt`` file by hand."""
    if fmt == "csv":
        return (
            "id,kind,shares,grant_date,exercise_price,exercise_windows,events\n"
            f'a,NSO,4800,2020-01-01,1.00,"{key}=45d",terminate=2021-06-01:{reason}\n'
        )
    if fmt == "toml":
        return (
            '[[grant]]\nid = "a"\nkind = "NSO"\nshares = 4800\ngrant_date = 2020-01-01\n'
            f'exercise_price = "1.00"\nexercise_windows = {{ {key} = "45d" }}\n'
            f'events = [{{ type = "termination", date = 2021-06-01, reason = "{reason}" }}]\n'
        )
    record: dict[str, Any] = {
        "id": "a",
        "kind": "NSO",
        "shares": 4800,
        "grant_date": "2020-01-01",
        "exercise_price": "1.00",
        "exercise_windows": {key: "45d"},
        "events": [{"type": "termination", "date": "2021-06-01", "reason": reason}],
    }
    return json.dumps(record) + "\n" if fmt == "jsonl" else json.dumps({"grants": [record]})


def read_one(text: str, fmt: str) -> v.Grant:
    stream = io.StringIO(text)
    stream.name = f"g.{fmt}"
    (entry,) = vio.read(stream, fmt)
    assert not entry.problems and entry.grant is not None, entry.problems
    return entry.grant


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("reason", "spelling"), SPELLINGS)
def test_every_reason_has_a_window_in_every_format(fmt: str, reason: Reason, spelling: str) -> None:
    grant = read_one(grant_file(fmt, spelling, spelling), fmt)
    assert grant.terms.exercise_windows.for_reason(reason) == v.Period.days(45)
    (termination,) = grant.events
    assert isinstance(termination, v.Termination) and termination.reason is reason
    assert v.evaluate(grant, D(2021, 7, 1)).exercise_deadline == DEADLINE
    # the other reasons keep their defaults (3 months; 0 for cause; 12 months death/disability)
    others = {r: grant.terms.exercise_windows.for_reason(r) for r in Reason if r is not reason}
    assert others == {r: v.ExerciseWindows().for_reason(r) for r in others}


@pytest.mark.parametrize(("reason", "spelling"), SPELLINGS)
def test_every_reason_from_the_command_line(tmp_path: Path, reason: Reason, spelling: str) -> None:
    """The window from a file, the termination from ``--terminate DATE:REASON`` (the ad-hoc
    options have no window option: a file gives it)."""
    path = tmp_path / "g.toml"
    text = grant_file("toml", spelling, spelling)
    path.write_text(text.split("events =")[0], encoding="utf-8")
    doc = as_json(
        "status", str(path), "--terminate", f"2021-06-01:{spelling}", "--as-of", "2021-07-01"
    )
    assert doc["rows"][0]["exercise_deadline"] == DEADLINE.isoformat()


OCF_REASONS = {
    "VOLUNTARY_OTHER": Reason.VOLUNTARY,
    "VOLUNTARY_GOOD_CAUSE": Reason.GOOD_REASON,
    "VOLUNTARY_RETIREMENT": Reason.RETIREMENT,
    "INVOLUNTARY_OTHER": Reason.INVOLUNTARY,
    "INVOLUNTARY_DEATH": Reason.DEATH,
    "INVOLUNTARY_DISABILITY": Reason.DISABILITY,
    "INVOLUNTARY_WITH_CAUSE": Reason.CAUSE,
}
"""OCF's TerminationWindowType, written out from its schema (enums/TerminationWindowType)."""


def test_the_ocf_reasons_are_the_schemas() -> None:
    from helpers import OCF_SCHEMA

    path = next(OCF_SCHEMA.rglob("TerminationWindowType.schema.json"))
    assert set(json.loads(path.read_text(encoding="utf-8"))["enum"]) == set(OCF_REASONS)
    assert set(OCF_REASONS.values()) == set(Reason)  # every reason of ours has one


@pytest.mark.parametrize("ocf_reason", sorted(OCF_REASONS))
def test_every_reason_has_a_window_in_ocf(tmp_path: Path, ocf_reason: str) -> None:
    from test_ocf_read import START, issuance, package

    window = {"reason": ocf_reason, "period": 45, "period_type": "DAYS"}
    item = issuance("o1", termination_exercise_windows=[window])
    (grant,) = vio.load(package(tmp_path / "p", [item, START]))
    assert grant.terms.exercise_windows.for_reason(OCF_REASONS[ocf_reason]) == v.Period.days(45)


@pytest.mark.parametrize(("reason", "spelling"), SPELLINGS)
def test_every_reason_through_an_ocf_export(tmp_path: Path, reason: Reason, spelling: str) -> None:
    """Written to OCF and read back, the window and the termination's reason survive."""
    grant = read_one(grant_file("toml", spelling, spelling), "toml")
    out = tmp_path / "p"
    write_package([grant], out, as_of=D(2021, 7, 1))
    (back,) = vio.load(out)
    assert back.terms.exercise_windows.for_reason(reason) == v.Period.days(45)
    assert v.evaluate(back, D(2021, 7, 1)).exercise_deadline == DEADLINE


def test_the_grant_file_schema_accepts_every_spelling() -> None:
    from helpers import ROOT
    from jsonschema import Draft202012Validator

    shipped = ROOT / "vesting" / "schemas" / "grants.schema.json"
    schema = Draft202012Validator(json.loads(shipped.read_text(encoding="utf-8")))
    for _, spelling in SPELLINGS:
        doc = json.loads(grant_file("json", spelling, spelling))
        assert [e.message for e in schema.iter_errors(doc)] == [], spelling


# ------------------------------------------------- issue 21.6: the window beside the deadline

WINDOWED = """[[grant]]
id = "a"
kind = "NSO"
shares = 4800
grant_date = 2008-01-15
exercise_price = "1.00"
exercise_windows = { voluntary = "90d", death = "12m" }

[[grant]]
id = "b"
kind = "NSO"
shares = 4800
grant_date = 2008-01-15
exercise_price = "1.00"
"""


def windowed(tmp_path: Path) -> str:
    path = tmp_path / "w.toml"
    path.write_text(WINDOWED, encoding="utf-8")
    return str(path)


def test_the_status_card_shows_the_window_that_set_the_deadline(tmp_path: Path) -> None:
    """ "Ninety (90) days" after a resignation on 2009-03-15: 16 days to March 31, 30 in April
    (46), 31 in May (77), 13 in June: 2009-06-13."""
    from helpers import ok

    out = ok("status", windowed(tmp_path), "-g", "a", "--terminate", "2009-03-15",
             "--as-of", "2009-04-01").stdout  # fmt: skip
    assert "Exercise deadline      2009-06-13 (90d)" in out.splitlines()


def test_tables_show_it_json_and_csv_keep_it_apart(tmp_path: Path) -> None:
    from helpers import csv_rows, ok, rows_by_id

    args = ("status", windowed(tmp_path), "--terminate", "2009-11-30", "--as-of", "2010-01-01")
    table = ok(*args).stdout
    # a: 2009-11-30 + 90 days = 2010-02-28 (31 days of December, 31 of January, 28 of
    # February: 90); b: the default, 3 calendar months, 2010-02-28 (November 30 has no
    # February day: the month's last)
    assert "2010-02-28 (90d)" in table and "2010-02-28 (3m)" in table
    rows = rows_by_id(as_json(*args))
    assert (rows["a"]["exercise_deadline"], rows["a"]["exercise_window"]) == ("2010-02-28", "90d")
    assert (rows["b"]["exercise_deadline"], rows["b"]["exercise_window"]) == ("2010-02-28", "3m")
    assert rows[None]["exercise_window"] is None  # the total has no deadline
    cells = {r["grant_id"]: r for r in csv_rows(ok(*args, "--format", "csv").stdout)}
    assert (cells["a"]["exercise_deadline"], cells["a"]["exercise_window"]) == ("2010-02-28", "90d")


def test_no_window_while_the_deadline_is_the_expiration(tmp_path: Path) -> None:
    from helpers import rows_by_id

    path = windowed(tmp_path)
    before = rows_by_id(as_json("status", path, "--as-of", "2009-01-01"))
    assert before["a"]["exercise_window"] is None  # no termination yet
    assert before["a"]["exercise_deadline"] == "2018-01-15"  # the 10-year expiration
    # death two months before the expiration: 12 months would end after it, so the deadline is
    # the expiration and no window set it
    late = rows_by_id(
        as_json("status", path, "--terminate", "2017-11-15:death", "--as-of", "2017-12-01")
    )
    assert (late["a"]["exercise_deadline"], late["a"]["exercise_window"]) == ("2018-01-15", None)


def test_a_window_of_none_is_shown_as_0m(tmp_path: Path) -> None:
    from helpers import rows_by_id

    rows = rows_by_id(
        as_json(
            "status", windowed(tmp_path), "--terminate", "2009-03-15:cause", "--as-of", "2009-04-01"
        )
    )
    # cause: no window, the deadline is the day before the termination
    assert (rows["b"]["exercise_deadline"], rows["b"]["exercise_window"]) == ("2009-03-14", "0m")


def test_the_status_output_validates_with_its_window(tmp_path: Path) -> None:
    from helpers import ROOT
    from jsonschema import Draft202012Validator

    shipped = ROOT / "vesting" / "schemas" / "status.schema.json"
    schema = Draft202012Validator(json.loads(shipped.read_text(encoding="utf-8")))
    doc = as_json(
        "status", windowed(tmp_path), "--terminate", "2009-03-15", "--as-of", "2009-04-01"
    )
    assert [e.message for e in schema.iter_errors(doc)] == []


# ------------------------------------------------------------ issue 21.7: windows from clauses


def clause_option(windows: dict[str, str], left: str, reason: str) -> dict[str, Any]:
    """The deadline and window of 4,800 NSO granted 2008-01-15 for 15 years (expiring
    2023-01-15) with these windows, terminated on ``left`` for ``reason``, a day after it."""
    body = ", ".join(f'{k} = "{w}"' for k, w in windows.items())
    text = (
        '[[grant]]\nid = "a"\nkind = "NSO"\nshares = 4800\ngrant_date = 2008-01-15\n'
        f'term = "15y"\nexercise_price = "1.00"\nexercise_windows = {{ {body} }}\n'
    )
    grant = read_one(text, "toml").with_events(
        v.Termination(D.fromisoformat(left), Reason.parse(reason))
    )
    s = v.evaluate(grant, D.fromisoformat(left) + dt.timedelta(days=1))
    window = v.eventrules.exercise_window(grant, s.as_of)
    return {"deadline": s.exercise_deadline, "window": None if window is None else str(window)}


def test_ninety_days_after_a_resignation_without_good_reason() -> None:
    """Source: SEC EDGAR, CIK 1306830, accession 0000950123-10-012453, exhibit 10.5 (a stock
    option agreement, d70731exv10w5wb.htm): on a termination "by the Participant without Good
    Reason" the vested portion may be exercised until the earlier of "90 days following the
    date of such termination" and the expiration. As terms: ``voluntary = "90d"``. (Its period
    after a termination without cause or for good reason — to the later of December 31 of the
    year of the termination's first anniversary and the 15th day of the third month after that
    anniversary's month — is a calendar rule, not a window: not expressible.)

    By hand: 2009-03-15 + 90 days = 2009-06-13 (16 days of March, 30 of April, 31 of May: 77;
    13 of June)."""
    row = clause_option({"voluntary": "90d"}, "2009-03-15", "resigned")
    assert row == {"deadline": D(2009, 6, 13), "window": "90d"}


def test_until_the_sixtieth_day_after_the_termination() -> None:
    """Source: "Post-Termination Exercise" of a stock option agreement, as sampled on
    lawinsider.com/clause/post-termination-exercise: the option may be exercised "until the
    60th day following the Optionee's Termination Date". As terms, for a resignation for good
    reason (the spelling of issue 21.1): ``good_reason = "60d"``. By hand: 2021-06-01 + 60
    days = 2021-07-31 (29 days of June, 31 of July)."""
    row = clause_option({"good_reason": "60d"}, "2021-06-01", "resigned for good reason")
    assert row == {"deadline": D(2021, 7, 31), "window": "60d"}


def test_three_months_one_year_on_retirement_none_for_cause() -> None:
    """Source: ImmunoGen, Inc., a stock option agreement filed with its 10-Q for the second
    quarter of 2020 (SEC EDGAR, accession 0001558370-20-009337, as shown on capedge.com): after
    a termination for a reason other than death, disability or cause the vested option "may be
    exercised within three months (or one year in the case of Retirement)"; on a termination
    for cause the right to exercise "shall cease immediately". As terms: the defaults for
    voluntary and cause (3 calendar months, none) and ``retirement = "12m"``.

    By hand, a termination on 2020-11-30: three calendar months is 2021-02-28 (February has no
    30th: its last day); one year is 2021-11-30; for cause the deadline is the day before the
    termination, 2020-11-29 (nothing is exercisable from the termination on)."""
    windows = {"retirement": "12m"}
    assert clause_option(windows, "2020-11-30", "voluntary") == {
        "deadline": D(2021, 2, 28),
        "window": "3m",
    }
    assert clause_option(windows, "2020-11-30", "retired")["deadline"] == D(2021, 11, 30)
    assert clause_option(windows, "2020-11-30", "for cause") == {
        "deadline": D(2020, 11, 29),
        "window": "0m",
    }
