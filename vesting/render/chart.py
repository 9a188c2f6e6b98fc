"""Charts of vesting over time (what they show: :mod:`vesting.report.charts`), three ways:

* :func:`terminal` — step charts drawn in the terminal with plotext: one line per grant and
  the total, the losses marked ``x``, the as-of date a vertical line, then a legend that is
  also the summary (each line's marker, and its figures on the as-of date). Colours only when
  asked for (a terminal, no ``NO_COLOR``); without colour every line has its own marker.
* :func:`summary` — the same figures as a few lines of text, for output that is not a
  terminal, or a terminal narrower than :data:`MIN_WIDTH`.
* :func:`write` and :func:`svg` — the same chart as a standalone SVG (or PNG) file, or as
  SVG text to inline in a page, drawn with matplotlib (the optional extra ``charts``:
  ``pip install 'vesting[charts]'``; without it these raise an
  :class:`~vesting.errors.InputError` saying so). Text is drawn as paths (no fonts needed)
  and the output is the same bytes for the same input (no date stamp, fixed ids).

A grant's own line and the total are the same line when there is one grant: the total is
then not drawn twice. Amounts become floats only inside the plotting calls.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, BinaryIO, Final

from ..errors import InputError, Problem, one_line
from ..report.charts import Amount, Chart, Line, Loss, Pictures
from ..report.plain import percent_plain

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MIN_WIDTH: Final = 60
"""The narrowest terminal a chart is drawn in; narrower, the summary is shown instead."""
MAX_HEIGHT: Final = 24
"""The tallest terminal chart, in rows (each of the two, with prices)."""
MIN_HEIGHT: Final = 12
MAX_LISTED: Final = 20
"""The most grants the summary lists one by one."""
MATPLOTLIB: Final = "matplotlib, for .svg and .png charts: pip install 'vesting[charts]'"

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


def _shares(x: Amount) -> str:
    from .table import cell

    return cell(x, "shares", "")


def _money(x: Decimal, currency: str) -> str:
    from .table import cell

    return cell(x, "money", currency)


def _label(text: str, width: int = 40) -> str:
    text = one_line(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _losses(losses: Sequence[Loss]) -> list[str]:
    out = []
    for loss in losses:
        what = "forfeited" if loss.mark == "forfeited" else loss.mark
        why = f" ({one_line(loss.why)})" if loss.why else ""
        out.append(f"{_label(loss.grant_id)}: {_shares(loss.shares)} {what} on {loss.date}{why}")
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
            nxt = f"next {_shares(s.next_vest.shares)} on {s.next_vest.date}"
        elif not s.unvested:
            nxt = "fully vested"
        elif s.pending:
            nxt = f"{_shares(s.pending)} pending an event"
        else:
            nxt = "no more vests"
        rows.append(
            (
                marks(g.grant.id, False) + _label(g.grant.id),
                _shares(s.vested),
                _shares(s.granted),
                percent_plain(s.vested, s.granted) + "%",
                nxt,
            )
        )
    t = p.total
    if len(p.grants) != 1:
        rows.append(
            (
                marks("total", True) + "total",
                _shares(t.vested),
                _shares(t.granted),
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


def _price(p: Pictures, currency: str) -> str:
    """The price on the as-of date, and the file it came from: ``$45.00 (examples/...)``."""
    if p.total_value is None:
        return ""
    text = cell_price(p.total_value.price, currency)
    return f"{text} (from {_label(p.price_file)})" if p.price_file else text


def cell_price(x: Decimal, currency: str) -> str:
    from .table import cell

    return cell(x, "price", currency)


def _value_lines(
    p: Pictures, currency: str, marks: Callable[[str, bool], str], most: int = MAX_LISTED
) -> list[str]:
    if p.total_value is None:
        return []
    rows = [
        (marks(g.grant.id, False) + _label(g.grant.id), _money(g.valuation.vested_value, currency))
        for g in p.grants[:most]
        if g.valuation is not None
    ]
    if len(p.grants) != 1:
        rows.append((marks("total", True) + "total", _money(p.total_value.vested_value, currency)))
    title = f"Vested value on {p.as_of} at {_price(p, currency)}"
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


def _compact(x: float, currency: str = "") -> str:
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


def _padded(chart: Chart) -> tuple[_dt.date, _dt.date]:
    """The span drawn: the chart's, with a margin on each side (a step on the last day
    shows)."""
    pad = _dt.timedelta(days=max(1, (chart.end - chart.start).days // 30))
    return chart.start - pad, chart.end + pad


def _drawn(chart: Chart) -> tuple[Line, ...]:
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
    start, end = _padded(chart)
    lines = [(line, *_floats(line, end)) for line in _drawn(chart)]
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
    f.ruler("y").ticks(ticks, [_compact(t, currency if money else "") for t in ticks])
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
    drawn = _drawn(p.shares)
    keys = {line.label: i for i, line in enumerate(drawn)}

    def marks(label: str, total: bool) -> str:
        if label == "" and total is False:
            return "x" if not color else _ansi("x", LOSS_COLOR)
        i = keys.get(label)
        if i is None and not total:
            return "  "
        if total or drawn[i].total:  # type: ignore[index]
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
        legend.insert(2, f"  ({p.hidden:,} grants: only the total is drawn; --grant ID picks some)")
    out.append("\n".join(legend) + "\n")
    if p.value is not None:
        out.append("\n" + _plot(p.value, width, each, color, currency))
        out.append("\n".join(_value_lines(p, currency, marks, most)) + "\n")
    return "".join(out)


# ------------------------------------------------------------------------ files: matplotlib


def require_matplotlib(where: str) -> None:
    """An :class:`~vesting.errors.InputError` (naming ``where``) when matplotlib is absent."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise InputError([Problem("output", where, MATPLOTLIB)]) from None


STYLE: Final[dict[str, object]] = {
    "svg.fonttype": "path",
    "svg.hashsalt": "vesting",
    "text.parse_math": False,  # a $ in a grant id or a currency is text, not TeX
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
LOSS: Final = "#c0392b"
COLORS: Final = ("#1f77b4", "#2ca02c", "#9467bd", "#17becf", "#ff7f0e", "#8c564b", "#e377c2")
"""The grants' line colours (matplotlib's own cycle, less its red: red marks losses)."""


def _x(day: _dt.date) -> float:
    """A date as matplotlib's x coordinate."""
    from matplotlib.dates import date2num

    return float(date2num(day))  # type: ignore[no-untyped-call]


def _axes(ax: Axes, chart: Chart, currency: str) -> None:
    from matplotlib.ticker import FuncFormatter

    drawn = _drawn(chart)
    start, end = _padded(chart)
    for i, line in enumerate(drawn):
        xs = [_x(p.date) for p in line.points] + [_x(end)]
        ys = [float(p.value) for p in line.points]
        ys.append(ys[-1])
        total = line.total and len(chart.grants) != 1
        ax.step(
            xs,
            ys,
            where="post",
            color="#222222" if total else COLORS[i % len(COLORS)],
            linewidth=2.4 if total else 1.6,
            label="total" if total else _label(line.label),
            zorder=1.5 if total else 2,
        )
    top = max(float(p.value) for line in drawn for p in line.points) or 1.0
    for n, loss in enumerate(chart.losses):
        ax.plot(
            [_x(loss.date)],
            [float(loss.level)],
            "x",
            color=LOSS,
            markersize=9,
            mew=2,
            zorder=4,
            label="lost (forfeited, lapsed, cancelled)" if n == 0 else None,
        )
        if n < 6:  # the first few named; the summary under the chart names them all
            why = f" ({_label(loss.why, 30)})" if loss.why else ""
            right = loss.date > start + (end - start) / 2  # write it towards the middle
            low = float(loss.level) < 0.15 * top  # near the axis: above the mark, not below
            note = ax.annotate(
                f"{_label(loss.grant_id, 24)}: {_shares(loss.shares)} {loss.mark}{why}",
                (_x(loss.date), float(loss.level)),
                xytext=(-6 if right else 6, 6 if low else -12),
                textcoords="offset points",
                ha="right" if right else "left",
                color=LOSS,
                fontsize=8,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85},
            )
            note.set_in_layout(False)
    ax.axvline(_x(chart.as_of), color="#888888", linestyle="--", linewidth=1, zorder=1)
    ax.annotate(
        f"as of {chart.as_of}",
        (_x(chart.as_of), 1),
        xycoords=("data", "axes fraction"),
        xytext=(4, -2),
        textcoords="offset points",
        va="top",
        color="#555555",
        fontsize=8,
    )
    money = chart.unit == "money"

    def tick(x: float, _: object) -> str:
        return _compact(x, currency if money else "")

    ax.yaxis.set_major_formatter(FuncFormatter(tick))
    ax.set_ylim(bottom=0)
    ax.set_xlim(_x(start), _x(end))
    ax.grid(True, axis="y", color="#e5e5e5", linewidth=0.8)
    ax.set_title(chart.title, loc="left", fontsize=11, fontweight="bold")
    ax.legend(loc="upper left", frameon=False, fontsize=8)


def _value_title(p: Pictures, currency: str) -> str:
    if p.price_file:
        return f"Vested value (prices: {_label(p.price_file)})"
    return f"Vested value at {_price(p, currency)}"


def figure(p: Pictures, which: str = "both", currency: str = "$") -> Figure:
    """The chart as a matplotlib figure: ``shares``, ``value`` or ``both`` (stacked)."""
    from dataclasses import replace

    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    charts = []
    if which in ("shares", "both"):
        charts.append(p.shares)
    if which in ("value", "both") and p.value is not None:
        charts.append(replace(p.value, title=_value_title(p, currency)))
    fig = Figure(figsize=(9, 3.6 * len(charts)), layout="constrained")
    axes = fig.subplots(len(charts), 1, squeeze=False)
    for ax, chart in zip(axes[:, 0], charts, strict=True):
        _axes(ax, chart, currency)
        locator = AutoDateLocator(maxticks=10)  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    return fig


def write(p: Pictures, out: BinaryIO, format: str, currency: str = "$", where: str = "") -> None:
    """Write the chart (both parts) to ``out`` as ``svg`` or ``png``."""
    require_matplotlib(where or f"a .{format} file")
    import matplotlib

    with matplotlib.rc_context(STYLE):  # type: ignore[arg-type]
        fig = figure(p, "both", currency)
        metadata: dict[str, str | None] = {"Date": None} if format == "svg" else {"Software": None}
        fig.savefig(out, format=format, dpi=150, metadata=metadata)


def svg(p: Pictures, which: str, currency: str = "$", salt: str = "") -> str:
    """One chart (``shares`` or ``value``) as SVG text to inline in a page (no XML
    declaration or doctype); ``salt`` keeps the ids of several charts in one page apart."""
    require_matplotlib("an HTML report's charts")
    import matplotlib

    style = {**STYLE, "svg.hashsalt": f"vesting-{salt or which}"}
    with matplotlib.rc_context(style):  # type: ignore[arg-type]
        buf = io.StringIO()
        figure(p, which, currency).savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.index("<svg") :]
