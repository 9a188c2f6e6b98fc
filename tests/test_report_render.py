"""Typed rows, plain values and renderers (vesting.report, vesting.render)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import pytest
from helpers import TOML

import vesting.io as gf
from vesting import (
    Allocation,
    Grant,
    Kind,
    Period,
    Problem,
    Status,
    Tranche,
    VestingTerms,
    evaluate,
)
from vesting.cli.common import choose_format
from vesting.cli.options import FORMATS
from vesting.cli.params import Args
from vesting.commands import schedule as schedule_command
from vesting.commands import status as status_command
from vesting.commands import value as value_command
from vesting.commands.status import StatusRow
from vesting.errors import InputError, Location
from vesting.events import timeline
from vesting.render import Options
from vesting.render import render as render_to
from vesting.render.csvfmt import csv_cell
from vesting.report import SCHEMA_VERSION, Report, columns_of, plain_row, to_plain
from vesting.report.plain import money_plain, percent_plain, price_plain, shares_plain
from vesting.status import StatusTotal, statuses
from vesting.valuation import prices_on, valuations


def render(report: Report, fmt: str, **options: object) -> str:
    out = io.StringIO()
    render_to(report, out, fmt, Options(**options))  # type: ignore[arg-type]
    return out.getvalue()


def status_report(grants: Sequence[Grant], dates: Sequence[dt.date]) -> Report:
    return status_command.report([(g, statuses(g, dates)) for g in grants], dates)


def schedule_report(grants: Sequence[Grant]) -> Report:
    return schedule_command.report([(g, timeline(g)) for g in grants])


def value_report(
    grants: Sequence[Grant], dates: Sequence[dt.date], prices: list[Decimal]
) -> Report:
    per_date = prices_on(dates, prices)
    return value_command.report([(g, valuations(g, per_date)) for g in grants], dates, prices)


D = dt.date
ON = D(2008, 6, 30)
GRANTS = gf.load(TOML)


def test_plain_values() -> None:
    assert shares_plain(5) == 5
    assert shares_plain(Fraction(9, 2)) == "9/2"
    assert shares_plain(Fraction(8, 2)) == 4
    assert money_plain(Decimal("1234.5")) == "1234.50"
    assert money_plain(Decimal("11250000")) == "11250000.00"
    assert price_plain(Decimal("45")) == "45.00"
    assert price_plain(Decimal("12.125")) == "12.125"
    assert price_plain(Decimal("1E+2")) == "100.00"
    assert percent_plain(41_666, 2_000_000) == "2.08"  # 2.0833 %
    assert percent_plain(1, 3) == "33.33"
    assert percent_plain(2, 3) == "66.67"
    assert percent_plain(1, 8) == "12.50"
    assert percent_plain(1, 1) == "100.00"


def test_to_plain_records() -> None:
    status = evaluate(GRANTS[0], ON)
    plain = to_plain(status)
    assert json.loads(json.dumps(plain)) == plain  # JSON-ready
    assert plain["vested"] == 750_000
    assert plain["next_vest"] == {"date": "2008-07-18", "shares": 41_666, "cumulative": 791_666}
    assert plain["exercise_deadline"] == "2016-12-18"
    grant = to_plain(GRANTS[0])
    assert grant["exercise_price"] == "30.00" and grant["terms"]["cliff"] == "12m"
    assert grant["kind"] == "NSO" and grant["grant_date"] == "2006-12-18"
    where = Location("f.toml", record="grant 'x'")
    p = to_plain(Problem("shares", -5, "a whole number > 0", where))
    assert p == {
        "location": "f.toml: grant 'x'",
        "field": "shares",
        "value": -5,
        "allowed": "a whole number > 0",
        "message": "f.toml: grant 'x': shares: got -5; a whole number > 0",
    }


def test_csv_cells_are_safe_for_spreadsheets() -> None:
    assert csv_cell("=SUM(A1:A2)") == "'=SUM(A1:A2)"
    assert csv_cell("+1") == "'+1"
    assert csv_cell("-cmd") == "'-cmd"
    assert csv_cell("@x") == "'@x"
    assert csv_cell("\tx") == "'\tx"
    assert csv_cell("ceo-2006-option") == "ceo-2006-option"
    assert csv_cell(2_000_000) == "2000000"
    assert csv_cell(None) is None  # the csv module writes an empty cell


def test_csv_output_escapes_hostile_ids() -> None:
    g = Grant('=HYPERLINK("x")', Kind.RSU, 4, D(2020, 1, 1), VestingTerms(every=Period.months(12)))
    rows = list(csv.reader(io.StringIO(render(status_report([g], [ON]), "csv"))))
    assert rows[1][2] == '\'=HYPERLINK("x")'


def test_status_total() -> None:
    a = Status("a", ON, 100, 40, 60, next_vest=Tranche(D(2008, 7, 1), 10, 50),
               fully_vested=D(2010, 1, 1), exercise_deadline=D(2015, 1, 1))  # fmt: skip
    b = Status("b", ON, 50, 5, 45, next_vest=Tranche(D(2008, 7, 1), 5, 10),
               fully_vested=D(2011, 1, 1))  # fmt: skip
    c = Status("c", ON, 10, 0, 10, next_vest=Tranche(D(2008, 9, 1), 1, 1), fully_vested=None)

    def total(*statuses: Status) -> Status:
        running = StatusTotal(ON)
        for s in statuses:
            running.add(s)
        return running.status()

    t = total(a, b, c)
    assert (t.granted, t.vested, t.unvested) == (160, 45, 115)
    # both a and b vest on 2008-07-01: 10 + 5 shares, cumulative 50 + 10 + c's 0
    assert t.next_vest == Tranche(D(2008, 7, 1), 15, 60)
    assert t.fully_vested is None  # c has no fully-vested date
    assert total(a, b).fully_vested == D(2011, 1, 1)
    assert total(c, b, a) == t  # the order grants arrive in does not matter
    assert t.exercise_deadline is None


def test_json_document_and_jsonl_rows() -> None:
    report = status_report(GRANTS, [ON])
    doc = json.loads(render(report, "json"))
    assert doc["schema_version"] == SCHEMA_VERSION == 1
    assert doc["command"] == "status" and doc["as_of"] == ["2008-06-30"]
    lines = [json.loads(line) for line in render(status_report(GRANTS, [ON]), "jsonl").splitlines()]
    assert lines == doc["rows"]
    assert [r["row"] for r in lines] == ["grant", "grant", "total"]
    assert lines[2]["grant_id"] is None and lines[2]["vested"] == 875_000


def test_csv_is_rfc4180() -> None:
    text = render(schedule_report(GRANTS[1:]), "csv")
    assert text.startswith("grant_id,date,shares,cumulative,percent,cumulative_percent,mark,")
    assert text.endswith("\r\n") and "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [(r["date"], r["shares"], r["cumulative"]) for r in rows] == [
        ("2007-12-18", "125000", "125000"),
        ("2008-12-18", "125000", "250000"),
        ("2009-12-18", "125000", "375000"),
        ("2010-12-18", "125000", "500000"),
    ]
    assert rows[0]["original_date"] == ""


def test_table_has_separators_currency_and_no_colour_codes() -> None:
    text = render(value_report(GRANTS, [ON], [Decimal(45)]), "table", currency="€")
    assert "€11,250,000.00" in text and "€5,625,000.00" in text and "TOTAL" in text
    assert "\x1b[" not in text
    assert "Value as of 2008-06-30" in text
    coloured = render(status_report(GRANTS, [ON]), "table", color=True)
    assert "\x1b[" in coloured  # colour only when asked for (a terminal without NO_COLOR)


def test_fractional_shares_in_every_format() -> None:
    terms = VestingTerms(every=Period.months(12), allocation=Allocation.FRACTIONAL)
    g = Grant("f", Kind.RSU, 1001, D(2020, 1, 1), terms)
    first = next(status_report([g], [D(2021, 1, 1)]).rows)
    assert first[StatusRow._fields.index("vested")] == Fraction(1001, 4)
    assert plain_row(first, columns_of(StatusRow))["vested"] == "1001/4"
    # 1001/4 = 250.25: printed to 4 places; exact in JSON
    assert "250.2500" in render(status_report([g], [D(2021, 1, 1)]), "table")
    assert ",250.2500," in render(status_report([g], [D(2021, 1, 1)]), "csv")
    assert '"vested": "1001/4"' in render(status_report([g], [D(2021, 1, 1)]), "json")


def Output(**given: object) -> Args:
    values = {"format": None, "json": False, "csv": False, "nl": False}
    values.update({"csv" if k == "csv_" else k: v for k, v in given.items()})
    return Args(FORMATS.opts, values)


def test_choose_format() -> None:
    assert choose_format(Output()) == "table"
    assert choose_format(Output(format="JSON")) == "json"
    assert choose_format(Output(nl=True)) == "jsonl"
    assert choose_format(Output(format="csv", csv_=True)) == "csv"
    with pytest.raises(InputError) as exc:
        choose_format(Output(format="json", csv_=True))
    assert exc.value.problems[0].value == "csv, json"
    with pytest.raises(InputError):
        choose_format(Output(format="xml"))


def test_the_html_report_splits_iso_grants_as_status_does() -> None:
    """500,000 ISOs at $5 vesting 1/48 a month from 2020-01-15: 114,583 first exercisable in
    2020 — $100,000 / $5 = 20,000 of them ISOs, 94,583 NSOs (the ISO known answer). The page's
    status table carries the same split as `vesting status`."""
    import datetime as dt

    import vesting as v
    from vesting.commands.report import PageBuilder
    from vesting.commands.status import StatusCommand

    g = v.Grant(
        "iso", v.Kind.ISO, 500_000, dt.date(2020, 1, 15), v.VestingTerms(
            length=v.Period.months(48), every=v.Period.months(1)
        ), exercise_price=Decimal(5),
    )  # fmt: skip
    day = dt.date(2020, 12, 31)
    builder = PageBuilder("f", day)
    builder.add(g)
    page, _ = builder.finish()
    (row, _total) = list(page.status.rows)
    keys = [c.key for c in page.status.columns]
    split = (row[keys.index("iso_shares")], row[keys.index("nso_shares")])
    assert split == (20_000, 94_583)
    command = StatusCommand((day,))
    expected = command.rows(g, command.compute(g, command.state()), command.totals())[0]
    assert split == (expected.iso_shares, expected.nso_shares)
