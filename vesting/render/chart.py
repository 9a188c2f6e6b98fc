"""Charts of vesting over time (what they show: :mod:`vesting.report.charts`), three ways:

* :func:`terminal` — step charts drawn in the terminal with plotext: one line per grant and
  the total, the losses marked ``x``, the as-of date a vertical line, then a legend that is
  also the summary (each line's marker, and its figures on the as-of date). Colours only when
  asked for (a terminal, no ``NO_COLOR``); without colour every line has its own marker.
* :func:`summary` — the same figures as a few lines of text, for output that is not a
  terminal, or a terminal narrower than :data:`MIN_WIDTH`.
* the same chart as a standalone SVG (or PNG) file, or as SVG text to inline in a page,
  drawn with matplotlib: :mod:`vesting.render.picture`.

A grant's own line and the total are the same line when there is one grant: the total is
then not drawn twice. Amounts become floats only inside the plotting calls.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Final

from ..errors import one_line
from ..report.charts import Amount, Chart, Line, Loss, Pictures
from ..report.plain import percent_plain

MIN_WIDTH: Final = 60
"""The narrowest terminal a chart is drawn in; narrower, the summary is shown instead."""
MAX_HEIGHT: Final = 24
"""The tallest terminal chart, in rows (each of the two, with prices)."""
MIN_HEIGHT: Final = 12
MAX_LISTED: Final = 20
"""The most grants the summary lists one by one."""

PALETTE: Final = (10, 14, 13, 11, 208, 39, 170, 141)
"""Terminal colours (256-colour codes) of the grants' lines, in turn."""
TOTAL_COLOR: Final = 12
LOSS_COLOR: Final = 9
AS_OF_COLOR: Final = 8
GLYPHS: Final = ("•", "+", "o", "*", "#", "%", "@", "&")
"""Without colour, each grant's line is drawn with its own character."""
TOTAL_GLYPH: Final = "█"
_ANSI: Final = re.compile(r"\x1b\[[0-9;]*m")


def fits(width: int) -> bool:
    """Whether a terminal this wide can show a chart."""
    return width >= MIN_WIDTH


# ------------------------------------------------------------------------------------ text


def shares_text(x: Amount) -> str:
    from .table import cell

    return cell(x, "shares", "")


def _money(x: Decimal, currency: str) -> str:
    from .table import cell

    return cell(x, "money", currency)


def short_label(text: str, width: int = 40) -> str:
    text = one_line(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _losses(losses: Sequence[Loss]) -> list[str]:
    out = []
    for loss in losses:
        what = "forfeited" if loss.mark == "forfeited" else loss.mark
        why = f" ({one_line(loss.why)})" if loss.why else ""
        out.append(
            f"{short_label(loss.grant_id)}: {shares_text(loss.shares)} {what} on {loss.date}{why}"
        )
    return out


def _shares_lines(
    p: Pictures, marks: Callable[[str, bool], str], most: int = MAX_LISTED
) -> list[str]:
    """The shares part of the summary: a line per grant (at most ``most``), the total, and
    the losses (at most MAX_LISTED)."""
    rows: list[tuple[str, str, str, str, str]] = []
    listed = p.grants[:most]
    for g in listed:
        s = g.status
        if s.next_vest is not None:
            nxt = f"next {shares_text(s.next_vest.shares)} on {s.next_vest.date}"
        elif not s.unvested:
            nxt = "fully vested"
        elif s.pending:
            nxt = f"{shares_text(s.pending)} pending an event"
        else:
            nxt = "no more vests"
        rows.append(
            (
                marks(g.grant.id, False) + short_label(g.grant.id),
                shares_text(s.vested),
                shares_text(s.granted),
                percent_plain(s.vested, s.granted) + "%",
                nxt,
            )
        )
    t = p.total
    if len(p.grants) != 1:
        rows.append(
            (
                marks("total", True) + "total",
                shares_text(t.vested),
                shares_text(t.granted),
                percent_plain(t.vested, t.granted) + "%",
                "",
            )
        )
    out = [f"Vested shares on {p.as_of}"]
    out.extend(_columns(rows, ("  ", " of ", "  ", "  "), numeric=(1, 2, 3)))
    if most and len(p.grants) > most:
        out.insert(len(listed) + 1, f"  ... and {len(p.grants) - most:,} more grant(s)")
    losses = [loss for g in p.grants for loss in g.losses]
    cross = marks("", False)
    out.extend(f"  {cross + ' ' if cross else ''}{line}" for line in _losses(losses[:MAX_LISTED]))
    if len(losses) > MAX_LISTED:
        out.append(f"  ... and {len(losses) - MAX_LISTED:,} more")
    return out


def _columns(
    rows: Sequence[Sequence[str]], joints: Sequence[str], numeric: Sequence[int]
) -> list[str]:
    """Rows of cells as aligned text (``numeric`` columns to the right), indented by two."""
    from rich.cells import cell_len

    def shown(text: str) -> int:  # colour codes take no room
        return cell_len(_ANSI.sub("", text))

    widths = [max(shown(r[i]) for r in rows) for i in range(len(rows[0]))] if rows else []
    out = []
    for r in rows:
        parts = []
        for i, text in enumerate(r):
            pad = " " * (widths[i] - shown(text))
            parts.append(joints[i - 1] if i else "")
            parts.append(pad + text if i in numeric else text + pad)
        out.append("  " + "".join(parts).rstrip())
    return out


def price_text(p: Pictures, currency: str) -> str:
    """The price on the as-of date, and the file it came from: ``$45.00 (examples/...)``."""
    if p.total_value is None:
        return ""
    text = cell_price(p.total_value.price, currency)
    return f"{text} (from {short_label(p.price_file)})" if p.price_file else text


def cell_price(x: Decimal, currency: str) -> str:
    from .table import cell

    return cell(x, "price", currency)


def _value_lines(
    p: Pictures, currency: str, marks: Callable[[str, bool], str], most: int = MAX_LISTED
) -> list[str]:
    if p.total_value is None:
        return []
    rows = [
        (
            marks(g.grant.id, False) + short_label(g.grant.id),
            _money(g.valuation.realizable_value, currency),
        )
        for g in p.grants[:most]
        if g.valuation is not None
    ]
    if len(p.grants) != 1:
        rows.append(
            (marks("total", True) + "total", _money(p.total_value.realizable_value, currency))
        )
    title = f"Realizable value on {p.as_of} at {price_text(p, currency)}"
    return [title, *_columns(rows, ("  ",), numeric=(1,))]


def _no_marks(label: str, total: bool) -> str:
    return ""


def summary(p: Pictures, currency: str = "$") -> str:
    """The figures the chart shows, as text (see the module doc)."""
    lines = _shares_lines(p, _no_marks)
    lines.extend(_value_lines(p, currency, _no_marks))
    return "\n".join(lines) + "\n"


# -------------------------------------------------------------------------------- terminal


def _nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to about ``top`` (1, 2, 2.5 or 5 times a power of ten)."""
    if top <= 0:
        return [0.0]
    raw = top / count
    power = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 10 ** -len(str(raw).split(".")[1])
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


def compact(x: float, currency: str = "") -> str:
    """A tick label: 750k, 1.5M, $2M."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= size:
            text = f"{x / size:.2f}".rstrip("0").rstrip(".")
            return f"{currency}{text}{suffix}"
    text = f"{x:.2f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))
    return currency + text


def _date_ticks(start: _dt.date, end: _dt.date, most: int) -> list[_dt.date]:
    """Year starts (or quarter or month starts, for short spans) between start and end, at
    most ``most`` of them."""
    first = start.year * 12 + start.month - 1 + (start.day > 1)  # months since year 0
    last = end.year * 12 + end.month - 1
    for months in (1, 3, 6, 12, 24, 60, 120):
        ticks = [
            _dt.date(m // 12, m % 12 + 1, 1) for m in range(first, last + 1) if m % months == 0
        ]
        if len(ticks) <= most:
            return ticks
    return [start, end]


def _date_label(d: _dt.date, ticks: Sequence[_dt.date]) -> str:
    return str(d.year) if all(t.month == 1 for t in ticks) else f"{d.year}-{d.month:02d}"


def _floats(line: Line, end: _dt.date) -> tuple[list[str], list[float]]:
    """A line as step points (each change drawn as a vertical), as plotext takes them."""
    xs: list[str] = []
    ys: list[float] = []
    for p in line.points:
        if ys:
            xs.append(p.date.isoformat())
            ys.append(ys[-1])
        xs.append(p.date.isoformat())
        ys.append(float(p.value))
    if line.points[-1].date < end:
        xs.append(end.isoformat())
        ys.append(ys[-1])
    return xs, ys


def padded_span(chart: Chart) -> tuple[_dt.date, _dt.date]:
    """The span drawn: the chart's, with a margin on each side (a step on the last day
    shows)."""
    pad = _dt.timedelta(days=max(1, (chart.end - chart.start).days // 30))
    return chart.start - pad, chart.end + pad


def drawn_lines(chart: Chart) -> tuple[Line, ...]:
    """The lines to draw: the total is not drawn again when it is the only grant's line."""
    return chart.grants if len(chart.grants) == 1 else chart.lines


def _ansi(text: str, color: int | None) -> str:
    return text if color is None else f"\x1b[38;5;{color}m{text}\x1b[0m"


def _plot(chart: Chart, width: int, height: int, color: bool, currency: str) -> str:
    import plotext as plt

    plt.terminal.limit(False, False)  # the size asked for, whatever plotext takes the terminal for
    f = plt.figure
    f.clear()
    f.theme("simple" if color else "colorless")
    f.plot_size(width, height)
    f.date().activate(form="%Y-%m-%d")
    start, end = padded_span(chart)
    lines = [(line, *_floats(line, end)) for line in drawn_lines(chart)]
    top = max(y for _, _, ys in lines for y in ys)
    ticks = _nice_ticks(top)
    # the as-of date: a vertical line drawn first, so the data goes over it
    rule = plt.marker("│", plt.pixel(foreground=AS_OF_COLOR)) if color else "│"
    day = chart.as_of.isoformat()
    as_of = f.signal([day, day], [0.0, float(ticks[-1])], marker=rule)
    as_of.lines()
    f.draw(as_of)
    for i, (line, xs, ys) in enumerate(lines):
        if line.total and len(chart.grants) != 1:
            total = plt.pixel(foreground=TOTAL_COLOR, style="bold")
            glyph = plt.marker("hd", total) if color else TOTAL_GLYPH
        else:
            glyph = (
                plt.marker("hd", plt.pixel(foreground=PALETTE[i % len(PALETTE)]))
                if color
                else GLYPHS[i % len(GLYPHS)]
            )
        signal = f.signal(xs, ys, marker=glyph)
        signal.lines()
        f.draw(signal)
    for loss in chart.losses:
        mark = plt.marker("x", plt.pixel(foreground=LOSS_COLOR)) if color else "x"
        f.draw(f.signal([loss.date.isoformat()], [float(loss.level)], marker=mark))
    money = chart.unit == "money"
    f.ruler("y").ticks(ticks, [compact(t, currency if money else "") for t in ticks])
    f.ruler("y").lim(0, max(ticks[-1], 1))
    dates = _date_ticks(start, end, max(2, (width - 10) // 9))
    f.ruler("x").ticks([d.isoformat() for d in dates], [_date_label(d, dates) for d in dates])
    f.ruler("x").lim(start.isoformat(), end.isoformat())
    f.title(chart.title)
    f.legend(active=False)
    text: str = f.build().string(colorless=not color)
    return text.rstrip("\n") + "\n"


def terminal(p: Pictures, width: int, height: int, color: bool = False, currency: str = "$") -> str:
    """The charts for a terminal ``width`` columns wide and ``height`` rows high (see the
    module doc)."""
    each = max(MIN_HEIGHT, min(MAX_HEIGHT, height - 8 if p.value is None else height // 2 - 4))
    drawn = drawn_lines(p.shares)
    keys = {line.label: i for i, line in enumerate(drawn)}

    def marks(label: str, total: bool) -> str:
        if label == "" and total is False:
            return "x" if not color else _ansi("x", LOSS_COLOR)
        i = keys.get(label)
        if i is None and not total:
            return "  "
        if total or (i is not None and drawn[i].total):
            glyph = TOTAL_GLYPH if not color else _ansi("▚", TOTAL_COLOR)
            return (glyph if len(p.grants) != 1 else "") + " "
        assert i is not None
        return (_ansi("▚", PALETTE[i % len(PALETTE)]) if color else GLYPHS[i % len(GLYPHS)]) + " "

    # a legend: the grants drawn (none when there are too many: then only the total)
    most = 0 if p.hidden else MAX_LISTED
    out = [_plot(p.shares, width, each, color, currency)]
    legend = _shares_lines(p, marks, most)
    legend.insert(1, f"  {_ansi('│', AS_OF_COLOR if color else None)} as of {p.as_of}")
    if p.hidden:
        legend.insert(2, f"  ({p.hidden:,} grants: only the total is drawn)")
    out.append("\n".join(legend) + "\n")
    if p.value is not None:
        out.append("\n" + _plot(p.value, width, each, color, currency))
        out.append("\n".join(_value_lines(p, currency, marks, most)) + "\n")
    return "".join(out)
