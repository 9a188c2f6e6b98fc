"""Charts of vesting over time as files (what they show: :mod:`vesting.report.charts`): a
standalone SVG (or PNG), or SVG text to inline in a page, drawn with matplotlib — the optional
extra ``charts`` (``pip install 'vesting[charts]'``, or ``-e '.[charts]'`` from a checkout;
without it these raise an :class:`~vesting.errors.InputError` saying how to add it). Text is
drawn as paths (no fonts needed) and the output is the same bytes for the same input (no date
stamp, fixed ids). The terminal chart and the summary are :mod:`vesting.render.chart`'s; the
layout helpers are shared.
"""

from __future__ import annotations

import datetime as _dt
import io
from typing import TYPE_CHECKING, Any, BinaryIO, Final, cast

from ..errors import InputError, Problem
from ..report.charts import Chart, Pictures
from .chart import compact, drawn_lines, padded_span, price_text, shares_text, short_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def matplotlib_needed() -> str:
    """What charts need, and how to add it to this installation
    (:func:`vesting.about.install_hint`)."""
    from ..about import install_hint

    return f"matplotlib, for .svg and .png charts: {install_hint('charts')}"


def require_matplotlib(where: str) -> None:
    """An :class:`~vesting.errors.InputError` (naming ``where``) when matplotlib is absent."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise InputError([Problem("output", where, matplotlib_needed())]) from None


STYLE: Final[dict[str, Any]] = {
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

    return float(date2num(day))


def _axes(ax: Axes, chart: Chart, currency: str) -> None:
    from matplotlib.ticker import FuncFormatter

    drawn = drawn_lines(chart)
    start, end = padded_span(chart)
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
            label="total" if total else short_label(line.label),
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
            why = f" ({short_label(loss.why, 30)})" if loss.why else ""
            right = loss.date > start + (end - start) / 2  # write it towards the middle
            low = float(loss.level) < 0.15 * top  # near the axis: above the mark, not below
            note = ax.annotate(
                f"{short_label(loss.grant_id, 24)}: {shares_text(loss.shares)} {loss.mark}{why}",
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
        return compact(x, currency if money else "")

    ax.yaxis.set_major_formatter(FuncFormatter(tick))
    ax.set_ylim(bottom=0)
    ax.set_xlim(_x(start), _x(end))
    ax.grid(True, axis="y", color="#e5e5e5", linewidth=0.8)
    ax.set_title(chart.title, loc="left", fontsize=11, fontweight="bold")
    ax.legend(loc="upper left", frameon=False, fontsize=8)


def _value_title(p: Pictures, currency: str) -> str:
    if p.price_file:
        return f"Realizable value (prices: {short_label(p.price_file)})"
    return f"Realizable value at {price_text(p, currency)}"


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
        locator = AutoDateLocator(maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    return fig


def write(p: Pictures, out: BinaryIO, format: str, currency: str = "$", where: str = "") -> None:
    """Write the chart (both parts) to ``out`` as ``svg`` or ``png``."""
    require_matplotlib(where or f"a .{format} file")
    import matplotlib

    with matplotlib.rc_context(cast(Any, STYLE)):
        fig = figure(p, "both", currency)
        metadata: dict[str, str | None] = {"Date": None} if format == "svg" else {"Software": None}
        fig.savefig(out, format=format, dpi=150, metadata=metadata)


def svg(p: Pictures, which: str, currency: str = "$", salt: str = "") -> str:
    """One chart (``shares`` or ``value``) as SVG text to inline in a page (no XML
    declaration or doctype); ``salt`` keeps the ids of several charts in one page apart."""
    require_matplotlib("an HTML report's charts")
    import matplotlib

    style = {**STYLE, "svg.hashsalt": f"vesting-{salt or which}"}
    with matplotlib.rc_context(cast(Any, style)):
        buf = io.StringIO()
        figure(p, which, currency).savefig(buf, format="svg", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.index("<svg") :]
