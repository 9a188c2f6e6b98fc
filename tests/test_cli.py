"""The command line through typer's runner: reference grants, formats parsed back, flags.

Reference figures (hand-checked): the CEO option, 2,000,000 NSO from 2006-12-18 with a
12-month cliff then monthly to 48 months, cumulative round-down, has floor(2e6 × k/48) vested
after the k-th month (k >= 12): 500,000 at the cliff 2007-12-18, 750,000 on 2008-06-30
(k = 18), 791,666 after 2008-07-18 (k = 19, a 41,666-share tranche). The RSU grant vests
125,000 on each of 2007-12-18 … 2010-12-18.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from helpers import PRICES, ROOT, TOML, as_json, csv_rows, ok, rows_by_id

# ---------------------------------------------------------------------------------- status


def test_status_of_the_reference_grants() -> None:
    doc = as_json("status", TOML, "--as-of", "2008-06-30")
    assert doc["schema_version"] == 1 and doc["command"] == "status"
    rows = rows_by_id(doc)
    option, rsu, total = rows["ceo-2006-option"], rows["ceo-2006-rsu"], rows[None]
    assert (option["vested"], option["unvested"], option["exercisable"]) == (
        750_000,
        1_250_000,
        750_000,
    )
    assert (option["next_vest_date"], option["next_vest_shares"]) == ("2008-07-18", 41_666)
    assert option["fully_vested"] == "2010-12-18" and option["exercise_deadline"] == "2016-12-18"
    assert (rsu["vested"], rsu["unvested"], rsu["settled"]) == (125_000, 375_000, 125_000)
    assert (rsu["next_vest_date"], rsu["next_vest_shares"]) == ("2008-12-18", 125_000)
    assert total["row"] == "total"
    assert (total["granted"], total["vested"], total["unvested"]) == (
        2_500_000,
        875_000,
        1_625_000,
    )
    assert (total["next_vest_date"], total["next_vest_shares"]) == ("2008-07-18", 41_666)


def test_status_table() -> None:
    out = ok("status", TOML, "--as-of", "2008-06-30", "--wide").stdout
    assert "Status as of 2008-06-30" in out
    option = next(line for line in out.splitlines() if "ceo-2006-option" in line)
    for cell in ("2,000,000", "750,000", "1,250,000", "2008-07-18", "41,666", "2016-12-18"):
        assert cell in option
    assert "TOTAL" in out and "\x1b[" not in out


def test_several_dates_give_each_grant_then_a_total_per_date() -> None:
    # Rows stream in input order (each grant's dates together); the totals come last.
    doc = as_json("status", TOML, "--as-of", "2007-12-17", "--as-of", "2007-12-18")
    assert [(r["as_of"], r["grant_id"]) for r in doc["rows"]] == [
        ("2007-12-17", "ceo-2006-option"),
        ("2007-12-18", "ceo-2006-option"),
        ("2007-12-17", "ceo-2006-rsu"),
        ("2007-12-18", "ceo-2006-rsu"),
        ("2007-12-17", None),
        ("2007-12-18", None),
    ]
    # the day before the cliff nothing has vested; on it 25% of each grant
    assert [r["vested"] for r in doc["rows"]] == [0, 500_000, 0, 125_000, 0, 625_000]
    # the table groups them by date, each date with its total
    table = ok("status", TOML, "--as-of", "2007-12-17", "--as-of", "2007-12-18").stdout
    assert table.count("TOTAL") == 2
    dated = [line.split()[0] for line in table.splitlines() if line.strip()[:4] == "2007"]
    assert dated == ["2007-12-17"] * 3 + ["2007-12-18"] * 3
    totals = [line.split()[:2] for line in table.splitlines() if "TOTAL" in line]
    assert totals == [["2007-12-17", "TOTAL"], ["2007-12-18", "TOTAL"]]


def test_as_of_defaults_to_today_and_takes_relative_dates() -> None:
    before = dt.date.today()
    doc = as_json("status", TOML)
    assert doc["as_of"][0] in (before.isoformat(), dt.date.today().isoformat())
    assert len(as_json("status", TOML, "--as-of", "today", "--as-of", "+6m")["as_of"]) == 2


def test_status_csv_and_jsonl_parse_back() -> None:
    text = ok("status", TOML, "--as-of", "2008-06-30", "--csv").stdout
    rows = csv_rows(text)
    assert [r["grant_id"] for r in rows] == ["ceo-2006-option", "ceo-2006-rsu", ""]
    assert rows[0]["vested"] == "750000" and rows[2]["vested"] == "875000"
    lines = ok("status", TOML, "--as-of", "2008-06-30", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["vested"] for line in lines] == [750_000, 125_000, 875_000]
    assert ok("status", TOML, "--as-of", "2008-06-30", "--nl").stdout.splitlines() == lines


def test_grant_selection() -> None:
    doc = as_json("status", TOML, "--as-of", "2008-06-30", "--grant", "ceo-2006-rsu")
    assert [r["grant_id"] for r in doc["rows"]] == ["ceo-2006-rsu", None]


def test_reads_standard_input() -> None:
    text = Path(TOML).read_text()
    doc = as_json("status", "-", "--as-of", "2008-06-30", input=text)
    assert rows_by_id(doc)["ceo-2006-option"]["vested"] == 750_000


# -------------------------------------------------------------------------------- schedule


def test_schedule_of_the_option() -> None:
    doc = as_json("schedule", TOML, "--grant", "ceo-2006-option")
    rows = doc["rows"]
    assert len(rows) == 37  # the cliff tranche, then 36 monthly ones
    assert rows[0] == {
        "grant_id": "ceo-2006-option",
        "date": "2007-12-18",
        "shares": 500_000,
        "cumulative": 500_000,
        "percent": "25.00",
        "cumulative_percent": "25.00",
        "mark": "scheduled",
        "original_date": None,
        "note": "",
    }
    july = next(r for r in rows if r["date"] == "2008-07-18")
    assert (july["shares"], july["cumulative"]) == (41_666, 791_666)
    assert rows[-1]["date"] == "2010-12-18" and rows[-1]["cumulative"] == 2_000_000
    assert sum(r["shares"] for r in rows) == 2_000_000


def test_schedule_table_and_csv() -> None:
    out = ok("schedule", TOML, "-g", "ceo-2006-rsu").stdout
    assert "ceo-2006-rsu · RSU · 500,000 shares · CEO" in out
    assert out.count("125,000") >= 4 and "100.00%" in out
    text = ok("schedule", TOML, "-g", "ceo-2006-rsu", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][:4] == ["grant_id", "date", "shares", "cumulative"]
    assert [r[1:4] for r in rows[1:]] == [
        ["2007-12-18", "125000", "125000"],
        ["2008-12-18", "125000", "250000"],
        ["2009-12-18", "125000", "375000"],
        ["2010-12-18", "125000", "500000"],
    ]


def test_ad_hoc_terms_match_the_file() -> None:
    adhoc = as_json(
        "schedule", "--shares", "2000000", "--grant-date", "2006-12-18",
        "--months", "48", "--cliff", "12", "--every", "1",
    )  # fmt: skip
    from_file = as_json("schedule", TOML, "--grant", "ceo-2006-option")
    strip = [{k: v for k, v in r.items() if k != "grant_id"} for r in adhoc["rows"]]
    assert strip == [{k: v for k, v in r.items() if k != "grant_id"} for r in from_file["rows"]]
    assert adhoc["rows"][0]["grant_id"] == "adhoc"


def test_ad_hoc_status_and_value_flags() -> None:
    doc = as_json(
        "status", "--shares", "1200", "--grant-date", "2020-01-15", "--every", "3",
        "--months", "12", "--kind", "RSU", "--id", "q", "--as-of", "2020-07-15",
    )  # fmt: skip
    # quarterly over a year, no cliff: 300 on 2020-04-15 and 2020-07-15
    assert doc["rows"][0]["grant_id"] == "q" and doc["rows"][0]["vested"] == 600
    doc = as_json(
        "status", "--shares", "1200", "--grant-date", "2020-01-31", "--start", "2020-01-31",
        "--every", "1", "--months", "12", "--day-of-month", "1", "--as-of", "2020-03-01",
    )  # fmt: skip
    # day 1 of the month each step lands in: 2020-02-01 and 2020-03-01 -> 2 × 100
    assert doc["rows"][0]["vested"] == 200
    doc = as_json(
        "value", "--shares", "1000", "--grant-date", "2020-01-01", "--terms", "annual",
        "--strike", "2.50", "--allocation", "cumulative_rounding",
        "--as-of", "2021-01-01", "--price", "10",
    )  # fmt: skip
    # 250 vested, 750 unvested, each worth 10 - 2.50 = 7.50
    row = doc["rows"][0]
    assert (row["realizable_value"], row["unvested_value"]) == ("1875.00", "5625.00")


# ----------------------------------------------------------------------------------- value


def test_value_at_a_price() -> None:
    doc = as_json("value", TOML, "--as-of", "2008-06-30", "--price", "45.00")
    rows = rows_by_id(doc)
    option = rows["ceo-2006-option"]
    assert option["exercise_price"] == "30.00" and option["spread"] == "15.00"
    assert option["realizable_shares"] == 750_000
    assert option["realizable_value"] == "11250000.00"  # 750,000 × (45 - 30)
    assert option["unvested_value"] == "18750000.00"  # 1,250,000 × 15
    assert rows["ceo-2006-rsu"]["realizable_value"] == "5625000.00"  # 125,000 × 45
    assert rows[None]["total_value"] == "52500000.00"  # 30,000,000 + 22,500,000


def test_underwater_and_what_if_grid() -> None:
    doc = as_json("value", TOML, "--as-of", "2008-06-30", "--price", "45", "--price", "20")
    under = [r for r in doc["rows"] if r["price"] == "20.00"]
    assert [(r["grant_id"], r["realizable_value"], r["unvested_value"]) for r in under] == [
        ("ceo-2006-option", "0.00", "0.00"),
        ("ceo-2006-rsu", "2500000.00", "7500000.00"),
        (None, "2500000.00", "7500000.00"),
    ]
    assert doc["prices"] == ["45.00", "20.00"]


def test_value_table_uses_the_currency_symbol() -> None:
    out = ok("value", TOML, "--as-of", "2008-06-30", "--price", "45", "--currency", "£").stdout
    assert "£11,250,000.00" in out and "£0.00" not in out


def test_value_with_a_price_file() -> None:
    prices = PRICES
    doc = as_json(
        "value", TOML, "--prices", prices, "--as-of", "2008-07-15", "--as-of", "2008-06-29"
    )
    by_day = {(r["as_of"], r["grant_id"]): r for r in doc["rows"]}
    # 2008-07-15: last price on or before is 2008-06-30's 45.00
    assert by_day[("2008-07-15", "ceo-2006-option")]["price"] == "45.00"
    # 2008-06-29: 2008-03-31's 33.10 -> option spread 3.10 on 750,000 vested (k = 18 on 06-18)
    assert by_day[("2008-06-29", "ceo-2006-option")]["realizable_value"] == "2325000.00"
    assert doc["prices"] == prices


# -------------------------------------------------------------------------- what-if events


def test_what_if_termination_passes_through() -> None:
    # Voluntary termination 2009-03-01: the 2009-02-18 tranche (k = 26) has vested:
    # floor(2e6 × 26/48) = 1,083,333; forfeited 2,000,000 - 1,083,333 = 916,667; the 3-month
    # window ends 2009-06-01.
    doc = as_json(
        "status", TOML, "-g", "ceo-2006-option", "--terminate", "2009-03-01", "--as-of",
        "2009-04-01",
    )  # fmt: skip
    row = doc["rows"][0]
    assert (row["vested"], row["forfeited"], row["unvested"]) == (1_083_333, 916_667, 0)
    assert row["exercise_deadline"] == "2009-06-01" and row["next_vest_date"] is None
    # only the selected grant: the RSU is untouched when not selected
    both = rows_by_id(as_json("status", TOML, "--as-of", "2009-04-01"))
    assert both["ceo-2006-rsu"]["forfeited"] == 0


def test_schedule_marks_forfeited_and_shifted_entries() -> None:
    rows = as_json("schedule", TOML, "-g", "ceo-2006-option", "--terminate", "2009-03-01:cause")[
        "rows"
    ]
    forfeited = [r for r in rows if r["mark"] == "forfeited"]
    assert sum(r["shares"] for r in forfeited) == 916_667
    assert all(r["date"] == "2009-03-01" for r in forfeited)
    leave = ["schedule", TOML, "-g", "ceo-2006-option", "--leave", "2008-01-01:90d"]
    # the example's terms do not toll: the dates stay, the rows inside the leave say so
    kept = as_json(*leave)["rows"]
    assert [r["date"] for r in kept if r["note"]] == ["2008-01-18", "2008-02-18", "2008-03-18"]
    assert all(r["original_date"] is None for r in kept)
    shifted = as_json(*leave, "--toll", "days")
    first_after = next(r for r in shifted["rows"] if r["original_date"] == "2008-01-18")
    # 2008-01-18 + 90 days = 2008-04-17 (13 + 29 + 31 + 17)
    assert first_after["date"] == "2008-04-17"


def test_other_event_flags_reach_the_engine() -> None:
    args = ["status", TOML, "-g", "ceo-2006-option", "--as-of", "2008-06-30"]
    rows = rows_by_id(as_json(*args, "--exercise", "2008-01-02:100000"))
    assert rows["ceo-2006-option"]["exercised"] == 100_000
    assert rows["ceo-2006-option"]["exercisable"] == 650_000  # 750,000 - 100,000
    acc = as_json("schedule", TOML, "-g", "ceo-2006-rsu", "--accelerate", "2008-06-30:1000")["rows"]
    assert [(r["date"], r["shares"], r["mark"]) for r in acc if r["mark"] == "accelerated"] == [
        ("2008-06-30", 1000, "accelerated")
    ]
    named = as_json("status", TOML, "--as-of", "2008-06-30", "--event", "ipo=2008-01-01")
    assert rows_by_id(named)["ceo-2006-option"]["vested"] == 750_000  # no term refers to it


def test_python_dash_m_and_cli_py_share_the_app() -> None:
    import importlib.util

    import vesting.__main__ as dunder_main
    from vesting.cli import main

    spec = importlib.util.spec_from_file_location("checkout_cli", ROOT / "cli.py")
    assert spec is not None and spec.loader is not None
    top_level = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(top_level)  # defines main; runs nothing when imported
    assert dunder_main.main is main and top_level.main is main
