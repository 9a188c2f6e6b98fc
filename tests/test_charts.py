"""Charts (issue 13): what they show (vesting.report.charts) and how they are drawn
(vesting.render.chart). Expected figures are worked out by hand in the comments."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from helpers import CSV, PAGES, ROOT, TOML

import vesting.io as gf
from vesting import Grant, Kind, Period, Reason, Termination, VestingTerms, evaluate
from vesting.errors import InputError, VestingError
from vesting.render import chart, picture
from vesting.report.charts import MAX_LINES, PicturesBuilder, Point, shares_line, value_line
from vesting.valuation import PriceTable

D = dt.date


def small(**kw: object) -> Grant:
    """1,200 shares from 2020-01-15, 12 months monthly, a 3-month cliff: 300 on 2020-04-15,
    then 100 on the 15th of each month to 2021-01-15."""
    args: dict[str, object] = {
        "id": "small",
        "kind": Kind.NSO,
        "shares": 1200,
        "grant_date": D(2020, 1, 15),
        "exercise_price": Decimal("1.00"),
        "terms": VestingTerms(
            length=Period.months(12), every=Period.months(1), cliff=Period.months(3)
        ),
    }
    args.update(kw)
    return Grant(**args)  # type: ignore[arg-type]


def test_a_grant_line_steps_at_each_vest() -> None:
    line = shares_line(small())
    # 0 from the grant date, 300 at the cliff, then +100 on each of 9 months: 11 points
    assert line.points[0] == Point(D(2020, 1, 15), 0)
    assert line.points[1] == Point(D(2020, 4, 15), 300)
    assert line.points[2] == Point(D(2020, 5, 15), 400)
    assert line.points[-1] == Point(D(2021, 1, 15), 1200)
    assert len(line.points) == 11
    assert line.losses == ()
    assert line.at(D(2020, 4, 14)) == 0
    assert line.at(D(2020, 4, 15)) == 300


def test_line_at_a_date_between_vests() -> None:
    line = shares_line(small())
    assert line.at(D(2020, 6, 1)) == 400  # after the May vest (400), before June's
    assert line.at(D(2030, 1, 1)) == 1200
    assert line.at(D(2019, 1, 1)) == 0


def test_a_termination_is_one_loss_at_the_line_s_level() -> None:
    # Terminated 2020-08-01: vested 300 (cliff) + May, June, July = 600; the 600 later
    # shares are forfeited on the termination date, one loss for all six tranches.
    g = small().with_events(Termination(D(2020, 8, 1), Reason.VOLUNTARY))
    line = shares_line(g)
    assert line.points[-1] == Point(D(2020, 7, 15), 600)
    (loss,) = line.losses
    assert (loss.date, loss.shares, loss.level, loss.mark, loss.why) == (
        D(2020, 8, 1),
        600,
        600,
        "forfeited",
        "termination",
    )


def test_lines_agree_with_the_status_layer() -> None:
    """Every grant of the examples, on every month end 2018-2030: the line's value is what
    evaluate() calls vested."""
    grants = list(gf.load(CSV))
    days = [D(y, m, 28) for y in range(2018, 2031) for m in range(1, 13)]
    for g in grants:
        line = shares_line(g)
        for d in days:
            assert line.at(d) == evaluate(g, d).vested, (g.id, d)


def test_value_line_at_one_price() -> None:
    # 1,000 RSUs, annual over 4 years from 2020-01-01: 250 a year; at $10, 2,500.00 a year
    rsu = Grant(
        id="r",
        kind=Kind.RSU,
        shares=1000,
        grant_date=D(2020, 1, 1),
        terms=VestingTerms(length=Period.months(48), every=Period.months(12)),
    )
    line = value_line(rsu, D(2025, 1, 1), (Decimal("10"),))
    assert [(p.date, p.value) for p in line.points] == [
        (D(2020, 1, 1), Decimal("0.00")),
        (D(2021, 1, 1), Decimal("2500.00")),
        (D(2022, 1, 1), Decimal("5000.00")),
        (D(2023, 1, 1), Decimal("7500.00")),
        (D(2024, 1, 1), Decimal("10000.00")),
    ]


def test_option_value_is_zero_underwater_and_after_the_deadline() -> None:
    # Terminated 2020-08-01 (voluntary: 3 months to exercise, to 2020-11-01): 600 vested at
    # (3.00 - 1.00) = 1,200.00 until the deadline, 0 from the day after.
    g = small().with_events(Termination(D(2020, 8, 1), Reason.VOLUNTARY))
    line = value_line(g, D(2021, 1, 1), (Decimal("3.00"),))
    assert line.at(D(2020, 10, 31)) == Decimal("1200.00")
    assert line.at(D(2020, 11, 1)) == Decimal("1200.00")  # the deadline day itself
    assert line.at(D(2020, 11, 2)) == Decimal("0.00")
    underwater = value_line(small(), D(2021, 6, 1), (Decimal("0.50"),))
    assert {p.value for p in underwater.points} == {Decimal("0.00")}


def test_total_and_price_file() -> None:
    # prices: 2.00 from 2020-04-01, 4.00 from 2020-06-01
    table = PriceTable(((D(2020, 4, 1), Decimal("2.00")), (D(2020, 6, 1), Decimal("4.00"))))
    b = PicturesBuilder(D(2020, 6, 30), table)
    b.add(small())
    b.add(small(id="other", shares=2400))  # twice the shares: 600 at the cliff, +200 a month
    p = b.build()
    assert [line.label for line in p.shares.lines] == ["small", "other", "total"]
    # on 2020-06-30: 500 + 1,000 vested
    assert p.shares.total.at(D(2020, 6, 30)) == 1500
    assert p.total.vested == 1500
    # value: 1,500 exercisable at 4.00 - 1.00 = 4,500.00; the chart starts at the first price
    assert p.total_value is not None and p.total_value.realizable_value == Decimal("4500.00")
    assert p.value is not None and p.value.start == D(2020, 4, 1)
    assert p.value.total.at(D(2020, 5, 20)) == Decimal("1200.00")  # 400 + 800 at 1.00 each
    assert p.price_file == "prices"


def test_as_of_before_the_first_price_is_an_error() -> None:
    table = PriceTable(((D(2020, 4, 1), Decimal("2.00")),))
    with pytest.raises(InputError, match="first price"):
        PicturesBuilder(D(2020, 3, 1), table)


def test_a_grant_that_fails_leaves_nothing_behind() -> None:
    b = PicturesBuilder(D(2020, 6, 30), (Decimal("5"),))
    b.add(small())
    with pytest.raises(VestingError, match="exercise price"):
        b.add(small(id="no-strike", exercise_price=None))
    p = b.build()
    assert [g.grant.id for g in p.grants] == ["small"]
    assert [line.label for line in p.shares.lines] == ["small", "total"]


def test_too_many_grants_draw_only_the_total() -> None:
    b = PicturesBuilder(D(2020, 6, 30))
    for i in range(MAX_LINES + 1):
        b.add(small(id=f"g{i}"))
    p = b.build()
    assert p.hidden == MAX_LINES + 1
    assert [line.label for line in p.shares.lines] == ["total"]
    assert p.shares.total.at(D(2021, 2, 1)) == 1200 * (MAX_LINES + 1)


# ------------------------------------------------------------------------------ drawing


def reference(price: str | None = None, terminate: bool = False) -> PicturesBuilder:
    b = PicturesBuilder(D(2008, 6, 30), None if price is None else (Decimal(price),))
    for g in gf.load(TOML):
        if terminate:
            g = g.with_events(Termination(D(2009, 3, 1), Reason.VOLUNTARY))
        b.add(g)
    return b


def test_summary_of_the_reference_grants() -> None:
    text = chart.summary(reference("45").build())
    lines = text.splitlines()
    # floor(2,000,000 x 18/48) = 750,000 on 2008-06-30; the next 41,666 on 2008-07-18;
    # RSUs: 125,000 (one of four annual tranches), the next on 2008-12-18
    assert lines[0] == "Vested shares on 2008-06-30"
    assert re.search(r"ceo-2006-option +750,000 of 2,000,000 +37\.50% +next 41,666 on 2008-07-18",
                     text)  # fmt: skip
    assert re.search(r"ceo-2006-rsu +125,000 of +500,000 +25\.00% +next 125,000 on 2008-12-18",
                     text)  # fmt: skip
    assert re.search(r"total +875,000 of 2,500,000 +35\.00%", text)
    # value at $45: 750,000 x (45 - 30) = 11,250,000.00; RSUs 125,000 x 45 = 5,625,000.00
    assert "Realizable value on 2008-06-30 at $45.00" in text
    assert re.search(r"ceo-2006-option +\$11,250,000\.00", text)
    assert re.search(r"total +\$16,875,000\.00", text)


def test_summary_names_the_losses() -> None:
    text = chart.summary(reference(terminate=True).build())
    # 2009-03-01: 26 of 48 months vested: floor(2e6 x 26/48) = 1,083,333; 916,667 forfeited;
    # RSUs: two of four tranches vested, 250,000 forfeited
    assert "ceo-2006-option: 916,667 forfeited on 2009-03-01 (termination)" in text
    assert "ceo-2006-rsu: 250,000 forfeited on 2009-03-01 (termination)" in text


@pytest.mark.parametrize("color", [False, True])
def test_terminal_chart_fits_and_colours_only_when_asked(color: bool) -> None:
    text = chart.terminal(reference("45").build(), 80, 40, color=color)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    assert ("\x1b[" in text) is color
    assert "Vested shares" in plain and "Realizable value" in plain
    assert max(len(line) for line in plain.splitlines()) <= 80
    assert "as of 2008-06-30" in plain
    assert re.search(r"ceo-2006-option +750,000 of 2,000,000", plain)
    # year ticks under the chart
    assert re.search(r"2007 +2008 +2009 +2010", plain)


def test_narrow_widths_do_not_fit() -> None:
    assert chart.fits(chart.MIN_WIDTH) and not chart.fits(chart.MIN_WIDTH - 1)


def test_svg_is_standalone_same_bytes_and_escapes_ids() -> None:
    pytest.importorskip("matplotlib")
    b = reference("45", terminate=True)
    b.add(small(id="<script>alert(1)</script>", exercise_price=Decimal("1")))
    p = b.build()
    first, second = io.BytesIO(), io.BytesIO()
    picture.write(p, first, "svg")
    picture.write(p, second, "svg")
    assert first.getvalue() == second.getvalue()
    root = ET.fromstring(first.getvalue())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert not any(el.tag.endswith("script") for el in root.iter())
    assert b"<script" not in first.getvalue()
    # namespaces and the doctype name URLs; nothing refers to anything outside the file
    assert not re.search(rb'href="(?!#)', first.getvalue())


def test_png() -> None:
    pytest.importorskip("matplotlib")
    out = io.BytesIO()
    picture.write(reference().build(), out, "png")
    assert out.getvalue().startswith(b"\x89PNG\r\n\x1a\n")


def test_without_matplotlib_the_error_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import builtins

    real = builtins.__import__

    def no_matplotlib(name: str, *args: object, **kw: object) -> object:
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError(name)
        return real(name, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    with pytest.raises(InputError, match=r"pip install .*\[charts\]"):
        picture.write(reference().build(), io.BytesIO(), "svg", where="x.svg")


def test_terminal_chart_takes_the_width_given_and_a_legend_of_what_is_drawn() -> None:
    b = PicturesBuilder(D(2021, 6, 30))
    for i in range(MAX_LINES + 1):
        b.add(small(id=f"g{i}"))
    text = chart.terminal(b.build(), 120, 30)
    lines = text.splitlines()
    assert max(len(line) for line in lines) == 120
    assert f"({MAX_LINES + 1} grants: only the total is drawn)" in text
    # 9 x 1,200 shares, all vested by 2021-01-15
    assert re.search(r"total +10,800 of 10,800 +100\.00%", text)
    assert "g0" not in text  # not drawn, so not in the legend


def test_the_docs_show_the_chart_as_drawn() -> None:
    """The terminal chart the docs show (docs/documents.md) is what the command draws on an
    80-column terminal with NO_COLOR (run on a pseudo-terminal, as a person would), not a
    drawing that drifted."""
    import os
    import pty
    import subprocess
    import sys

    readme = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
    shown = re.search(r"```text\n(\s+Vested shares\n.*?)```", readme, flags=re.S)
    assert shown is not None
    command = re.search(r"\(`vesting (chart [^`]*)`, 80\s+columns", readme)
    assert command is not None
    main, child = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", "LINES": "50", "TERM": "xterm"}
    run = subprocess.run(
        [sys.executable, "-m", "vesting", *command.group(1).split()],
        stdout=child,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    os.close(child)
    chunks = []
    with contextlib.suppress(OSError):  # EIO once everything is read
        while chunk := os.read(main, 1 << 16):
            chunks.append(chunk)
    os.close(main)
    assert run.returncode == 0, run.stderr
    drawn = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert [line.rstrip() for line in drawn.splitlines()] == shown.group(1).splitlines()
