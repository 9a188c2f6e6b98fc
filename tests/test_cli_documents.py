"""vesting chart, vesting report and vesting calendar from the command line (issue 13): the
files they write, parsed back, and their errors. Expected figures are worked out by hand."""

from __future__ import annotations

import datetime as dt
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from helpers import CSV, PRICES, TOML, fail, invoke, one_error

from vesting.report.calendar import uid

# ----------------------------------------------------------------------------------- chart


def test_chart_off_a_terminal_is_the_summary() -> None:
    r = invoke("chart", TOML, "--as-of", "2008-06-30", "--prices", PRICES)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("Vested shares on 2008-06-30\n")
    # the price on 2008-06-30 in the file is 45.00
    assert "Realizable value on 2008-06-30 at $45.00 (from " in r.stdout
    assert "┌" not in r.stdout  # no chart frame


def test_chart_files(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    for name in ("c.svg", "c.png", "C.SVG"):
        target = tmp_path / name
        r = invoke("chart", TOML, "--as-of", "2008-06-30", "--price", "45", "-o", str(target))
        assert r.exit_code == 0, r.stderr
        assert r.stdout == ""
        assert f"{target}: chart of 2 grant(s) as of 2008-06-30" in r.stderr
        head = target.read_bytes()[:64]
        png = name.endswith("png")
        assert head.startswith(b"\x89PNG") if png else head.startswith(b"<?xml")
        assert stat.S_IMODE(target.stat().st_mode) & 0o044, "readable as any new file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["C.SVG", "c.png", "c.svg"]


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["-o", "chart.pdf"], ["--output", "'chart.pdf'", ".svg or .png"]),
        (["-o", "-"], ["--output", ".svg or .png"]),
        (["--as-of", "2008-02-30"], ["--as-of", "'2008-02-30'"]),
        (["--grant", "nope"], ["--grant", "'nope'", "ceo-2006-option"]),
        (["--price", "abc"], ["--price", "'abc'"]),
        (["--prices", PRICES, "--as-of", "2006-01-01"], ["--as-of", "first price"]),
        (["--price", "45", "--prices", PRICES], ["--prices"]),
        (["--terminate", "2009-13-01"], ["--terminate"]),
    ],
)
def test_chart_errors(
    args: list[str], needles: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    one_error(invoke("chart", TOML, *args), *needles)
    assert list(tmp_path.iterdir()) == []


def test_chart_into_a_folder_or_nowhere(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    folder = tmp_path / "looks.svg"
    folder.mkdir()
    one_error(invoke("chart", TOML, "-o", str(folder)), "--output", "not a folder")
    missing = tmp_path / "no" / "such" / "c.svg"
    one_error(invoke("chart", TOML, "-o", str(missing)), "--output", "writable folder")


def test_chart_of_an_ad_hoc_grant() -> None:
    # 4,800 shares from 2020-01-15, 48 months, 12-month cliff: 1,200 at the cliff 2021-01-15,
    # then 100 a month; on 2021-06-30: 1,200 + 5 x 100 = 1,700 (35.42%)
    r = invoke("chart", "--shares", "4800", "--grant-date", "2020-01-15", "--cliff", "12",
            "--as-of", "2021-06-30")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert re.search(r"adhoc +1,700 of 4,800 +35\.42% +next 100 on 2021-07-15", r.stdout)
    assert "total" not in r.stdout  # one grant: its line is the total


def test_a_bad_grant_is_skipped_on_request(tmp_path: Path) -> None:
    grants = tmp_path / "g.csv"
    # "bad" reads well, but an option without an exercise price cannot be valued: found
    # while the chart's figures are computed, not while the file is read
    grants.write_text(
        "id,kind,shares,grant_date,exercise_price,terms\n"
        "good,NSO,4800,2020-01-15,1.00,standard\n"
        "bad,NSO,4800,2020-01-15,,standard\n",
        encoding="utf-8",
    )
    r = invoke("chart", str(grants), "--as-of", "2021-06-30", "--price", "5")
    one_error(r, "grant 'bad'", "exercise_price")
    assert r.stdout == ""
    r = invoke("chart", str(grants), "--as-of", "2021-06-30", "--price", "5", "--on-error", "skip")
    assert r.exit_code == 1
    assert "good" in r.stdout and "bad" not in r.stdout
    assert "1 grant(s) skipped" in r.stderr


# ---------------------------------------------------------------------------------- report


def test_report_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    r = invoke("report", TOML, "--as-of", "2008-06-30", "--price", "45", "-o", str(target))
    assert r.exit_code == 0, r.stderr
    assert f"{target}: report of 2 grant(s) as of 2008-06-30" in r.stderr
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for text in ("ceo-2006-option", "ceo-2006-rsu", "Status on 2008-06-30", "Value on 2008-06-30",
                 "Schedules", "Events", "750,000", "$11,250,000.00"):  # fmt: skip
        assert text in page, text
    # self-contained: no script, no external style, font or image; a CSP forbidding fetches
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r'(src|href)="(?!#)', page)
    assert "default-src 'none'" in page


def test_report_lists_splits_and_modifications_among_the_events() -> None:
    """Issue 20: a split, a repricing and a separation agreement are recorded events like the
    rest (the page used to stop at them with an AssertionError). The CEO option repriced to
    10.00 on 2009-03-02, then split 1-for-20 on 2015-11-06: 10.00 × 20 = 200.00 a share, the
    2,000,000 options 2,000,000 / 20 = 100,000 (the card said 2,000,000 at $30.00 before)."""
    r = invoke("report", TOML, "--grant", "ceo-2006-option", "--as-of", "2016-01-04",
               "--reprice", "2009-03-02:10.00", "--split", "2015-11-06:1-for-20")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.stdout))
    for text in (
        "2009-03-02 repricing exercise price 10.00",
        "2015-11-06 split 1-for-20 (new shares for old)",
        "2,000,000 shares become 100,000; exercise price 10.00 becomes 200.00",
        # the grant's card as of the page's date, in the shares of that date
        "Granted 100,000 Grant date 2006-12-18",
        "Exercise price $200.00 Expires 2016-12-18 Vested 100,000 (100.00%)",
    ):
        assert text in page, text


def test_report_says_what_a_separation_agreement_changed(tmp_path: Path) -> None:
    grants = tmp_path / "g.toml"
    grants.write_text(
        '[[grant]]\nid = "s"\nkind = "NSO"\nshares = 4800\ngrant_date = 2020-01-15\n'
        'events = [ { type = "termination", date = 2021-06-20 }, { type = "modification", '
        'date = 2021-06-20, expiration = 2031-01-15, exercise_windows = { voluntary = "12m" }, '
        'accelerate = "100%" } ]\n',
        encoding="utf-8",
    )
    r = invoke("report", str(grants), "--as-of", "2021-06-30")
    assert r.exit_code == 0, r.stderr
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.stdout))
    assert (
        "2021-06-20 modification expiration 2031-01-15; exercise windows voluntary 12m; "
        "accelerates 100.00% of the unvested shares, single-trigger, pro-rata"
    ) in page


def test_report_to_standard_output() -> None:
    r = invoke("report", TOML, "--as-of", "2008-06-30")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.startswith("<!DOCTYPE html>") and r.stderr == ""
    assert "Value on" not in r.stdout  # no price, no value table


def test_report_escapes_what_the_file_says(tmp_path: Path) -> None:
    grants = tmp_path / "g.toml"
    grants.write_text(
        'schema_version = 1\n[[grant]]\nid = "<script>alert(1)</script>"\nkind = "RSU"\n'
        'shares = 1000\ngrant_date = 2020-01-01\nterms = "annual"\nholder = "<b>Eve</b> & co"\n',
        encoding="utf-8",
    )
    r = invoke("report", str(grants), "--as-of", "2021-06-30")
    assert r.exit_code == 0, r.stderr
    assert "<script" not in r.stdout and "<b>Eve" not in r.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.stdout
    assert "&lt;b&gt;Eve&lt;/b&gt; &amp; co" in r.stdout


def test_report_wants_html(tmp_path: Path) -> None:
    one_error(invoke("report", TOML, "-o", str(tmp_path / "r.txt")), "--output", ".html")
    assert list(tmp_path.iterdir()) == []


def test_without_matplotlib_charts_say_how_to_add_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """matplotlib absent (``import matplotlib`` fails): ``chart -o x.svg`` is an error and the
    report a page without charts, both giving the install command for this copy — run from
    its checkout (the tests run from one), ``python -m pip install -e '<checkout>[charts]'``."""
    import sys

    from helpers import ROOT

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes the import fail
    monkeypatch.chdir(ROOT)
    hint = "-m pip install -e '.[charts]'"
    (line,) = fail("chart", TOML, "-o", str(tmp_path / "c.svg"))
    assert "matplotlib, for .svg and .png charts" in line and line.endswith(hint), line
    assert list(tmp_path.iterdir()) == []
    r = invoke("report", TOML, "--as-of", "2008-06-30")
    assert r.exit_code == 0, r.stderr
    assert "Charts need matplotlib" in r.stdout and "<svg" not in r.stdout
    assert "pip install -e &#39;.[charts]&#39;" in r.stdout
    monkeypatch.chdir(tmp_path)
    (line,) = fail("chart", TOML, "-o", str(tmp_path / "c.svg"))
    assert line.endswith(f"-m pip install -e '{ROOT}[charts]'"), line


# -------------------------------------------------------------------------------- calendar


def events_of(data: bytes) -> list[Any]:
    from icalendar import Calendar

    cal = Calendar.from_ical(data)
    assert cal["VERSION"] == "2.0" and "PRODID" in cal
    return list(cal.walk("VEVENT"))


def test_calendar_parses_back(tmp_path: Path) -> None:
    target = tmp_path / "vests.ics"
    r = invoke("calendar", TOML, "--from", "2010-01-01", "-o", str(target))
    assert r.exit_code == 0, r.stderr
    events = events_of(target.read_bytes())
    # From 2010-01-01: the option's monthly vests on the 18th, January to December 2010 (12),
    # the RSUs' last annual tranche on 2010-12-18 (1), and the option's expiry 2016-12-18
    # (10 years after the grant; all 2,000,000 exercisable, none exercised): 14 events.
    assert len(events) == 14
    assert "14 event(s) of 2 grant(s) on or after 2010-01-01" in r.stderr
    kinds = [(str(e["SUMMARY"]), e["DTSTART"].dt) for e in events]
    assert kinds[0] == ("ceo-2006-option: 41,666 shares vest", dt.date(2010, 1, 18))
    assert ("ceo-2006-rsu: 125,000 shares vest", dt.date(2010, 12, 18)) in kinds
    assert kinds[-1] == (
        "ceo-2006-option: last day to exercise 2,000,000 options",
        dt.date(2016, 12, 18),
    )
    for e in events:  # all-day: a date, ending the next day; free time
        start, end = e["DTSTART"].dt, e["DTEND"].dt
        assert type(start) is dt.date and end == start + dt.timedelta(days=1)
        assert str(e["TRANSP"]) == "TRANSPARENT"
        assert "DTSTAMP" in e
    # vest shares over 2010 add up to what vested in 2010: the option's 12 months,
    # floor(2e6 x 48/48) - floor(2e6 x 36/48) = 500,000
    option_2010 = [e for e in events if str(e["SUMMARY"]).startswith("ceo-2006-option:")
                   and "vest" in str(e["SUMMARY"])]  # fmt: skip
    total = sum(int(str(e["SUMMARY"]).split(": ")[1].split(" ")[0].replace(",", ""))
                for e in option_2010)  # fmt: skip
    assert total == 500_000


def test_calendar_uids_are_stable_and_distinct(tmp_path: Path) -> None:
    first = invoke("calendar", TOML, "--from", "2010-01-01")
    second = invoke("calendar", TOML, "--from", "2008-01-01")
    a = {str(e["UID"]): e["DTSTART"].dt for e in events_of(first.stdout_bytes)}
    b = {str(e["UID"]): e["DTSTART"].dt for e in events_of(second.stdout_bytes)}
    assert len(a) == 14  # all different
    assert set(a) <= set(b)  # the same grant, date and kind: the same UID, run after run
    # the same date, another grant or another kind: another UID
    day = dt.date(2010, 12, 18)
    assert uid("ceo-2006-option", day, "vest") in a
    assert uid("ceo-2006-rsu", day, "vest") in a
    assert uid("ceo-2006-option", day, "vest") != uid("ceo-2006-rsu", day, "vest")
    assert uid("ceo-2006-option", day, "vest") != uid("ceo-2006-option", day, "expiry")


def test_calendar_after_a_termination() -> None:
    # Terminated 2009-03-01, voluntary: the option's vests on 2009-01-18 and 2009-02-18, then
    # the last day to exercise 2009-06-01 (three months on), with floor(2e6 x 26/48) =
    # 1,083,333 exercisable; the RSUs' next tranche (2009-12-18) is forfeited: no more vests.
    r = invoke("calendar", TOML, "--from", "2009-01-01", "--terminate", "2009-03-01")
    assert r.exit_code == 0, r.stderr
    events = events_of(r.stdout_bytes)
    got = [(e["DTSTART"].dt, str(e["CATEGORIES"].cats[-1])) for e in events]
    assert got == [
        (dt.date(2009, 1, 18), "vest"),
        (dt.date(2009, 2, 18), "vest"),
        (dt.date(2009, 6, 1), "exercise-deadline"),
    ]
    assert "1,083,333 options" in str(events[-1]["SUMMARY"])


def test_calendar_from_after_everything_is_empty() -> None:
    r = invoke("calendar", TOML, "--from", "2017-01-01")
    assert r.exit_code == 0, r.stderr
    assert events_of(r.stdout_bytes) == []


def test_calendar_errors(tmp_path: Path) -> None:
    one_error(invoke("calendar", TOML, "--from", "someday"), "--from", "'someday'")
    one_error(invoke("calendar", TOML, "-o", str(tmp_path / "v.ical")), "--output", ".ics")


def test_report_has_fair_value_and_expense_for_grants_with_inputs(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = invoke("report", TOML, "--as-of", "2011-01-01", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "Fair value and expense (ASC 718)" in page
    assert "Estimates from the stated inputs" in page
    # the RSUs' fair value: 500,000 × the illustrative $30.00 = $15,000,000 (all vested by
    # 2010-12-18, so fully expensed by the report's date)
    assert "$15,000,000.00" in page
    # grants without inputs (the CSV example) get no such section
    other = tmp_path / "o.html"
    assert invoke("report", CSV, "--as-of", "2021-06-30", "-o", str(other)).exit_code == 0
    assert "Fair value and expense" not in other.read_text(encoding="utf-8")
