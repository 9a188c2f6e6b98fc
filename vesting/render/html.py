"""The HTML report: one self-contained page (what it holds: :mod:`vesting.report.page`).

* **Self-contained.** One file: the styles inline, the charts inline SVG, no script, no
  font, no image or style fetched from anywhere (a Content-Security-Policy of
  ``default-src 'none'`` says so to the browser, which then refuses any fetch).
* **Escaped.** The template is Jinja2 with autoescaping on: an id, a holder or a note holding
  ``<script>`` is shown as that text. Only the charts' SVG, which matplotlib writes and
  escapes itself, goes in as markup.
* **Tables** show every column that carries information — the rule of the terminal's table
  (:func:`~vesting.report.columns.informative`), with no width to fit: a column is left out
  only when it says nothing on every row (zero, empty, or its usual value), and a note names
  those. Values are written as in the tables: thousands separators, money with the currency
  symbol.
* **Charts** need matplotlib (``pip install 'vesting[charts]'``); without it the page says
  so where the charts would be.
* **Extra sections** (:class:`~vesting.report.page.Section`): :func:`render` takes them and
  writes each after the schedules and events, with its own entry in the page's contents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO, cast

from ..about import __version__
from ..allocation import Shares
from ..errors import VestingError
from ..inforce import in_force
from ..report import Column, Report
from ..report.columns import informative
from ..report.page import GrantPage, Page, Section
from ..report.plain import percent_plain
from ..shares import ROUNDED_NOTE
from . import picture as charts
from .table import NUMERIC, cell, note_text, shows_fraction, title_of


@dataclass(frozen=True)
class Cell:
    text: str
    css: str = ""


@dataclass(frozen=True)
class Row:
    cells: list[Cell]
    css: str = ""


@dataclass(frozen=True)
class Table:
    headers: list[Cell]
    rows: list[Row]
    caption: str = ""
    notes: list[str] = field(default_factory=list)


def table(report: Report, currency: str, caption: str = "") -> Table:
    """A report as a table: the columns that say something (see the module doc)."""
    rows = list(report.rows)
    columns = [c for c in report.columns if c.table and c.key not in report.hidden]
    keys = [c.key for c in report.columns]
    shown = informative(columns, [dict(zip(keys, r, strict=True)) for r in rows])
    left = [title_of(c) for c in columns if c not in shown and not c.optional]
    notes = [ROUNDED_NOTE] if shows_fraction(report.columns, rows, shown) else []
    if left and rows:
        notes.append(
            "Not shown, nothing to say (zero, empty or as usual): " + ", ".join(left) + "."
        )
    at = {c.key: keys.index(c.key) for c in columns}
    kind_at = keys.index("row") if "row" in keys else None
    mark_at = keys.index("mark") if "mark" in keys else None

    def css(c: Column) -> str:
        return "num" if c.kind in NUMERIC or c.kind == "date" else ""

    out = []
    for r in rows:
        style = ""
        if kind_at is not None and r[kind_at] == "total":
            style = "total"
        elif mark_at is not None and r[mark_at] in ("forfeited", "lapsed", "cancelled"):
            style = str(r[mark_at])
        cells = []
        for c in shown:
            value = r[at[c.key]]
            if c.key == "grant_id" and value is None and style == "total":
                text = "TOTAL"
            else:
                text = cell(value, c.kind, currency)
            cells.append(Cell(text, css(c)))
        out.append(Row(cells, style))
    return Table([Cell(c.title, css(c)) for c in shown], out, caption, notes)


def _card(g: GrantPage, currency: str) -> dict[str, object]:
    grant, s, v = g.grant, g.status, g.valuation
    terms = in_force(grant, s.as_of)  # as of the page's date: after splits and modifications
    items: list[tuple[str, str]] = [
        ("Granted", cell(s.granted, "shares", currency)),
        ("Grant date", grant.grant_date.isoformat()),
    ]
    if grant.start != grant.grant_date:
        items.append(("Vesting start", grant.start.isoformat()))
    items.append(("Terms", g.terms))
    if terms.exercise_price is not None:
        items.append(("Exercise price", cell(terms.exercise_price, "price", currency)))
    if terms.expiration is not None:
        items.append(("Expires", terms.expiration.isoformat()))
    items.append(("Vested", f"{cell(s.vested, 'shares', currency)} ({_pct(s.vested, s.granted)})"))
    items.append(("Unvested", cell(s.unvested, "shares", currency)))
    if s.forfeited:
        items.append(("Forfeited", cell(s.forfeited, "shares", currency)))
    if grant.kind.is_option:
        items.append(("Exercisable", cell(s.exercisable, "shares", currency)))
        if s.exercised:
            items.append(("Exercised", cell(s.exercised, "shares", currency)))
        if s.expired:
            items.append(("Expired", cell(s.expired, "shares", currency)))
    if s.next_vest is not None:
        nxt = f"{cell(s.next_vest.shares, 'shares', currency)} on {s.next_vest.date}"
        items.append(("Next vest", nxt))
    if s.fully_vested is not None:
        items.append(("Fully vested", s.fully_vested.isoformat()))
    if s.exercise_deadline is not None:
        items.append(("Exercise deadline", s.exercise_deadline.isoformat()))
    if v is not None:
        items.append(("Realizable value", cell(v.realizable_value, "money", currency)))
        items.append(("Total value", cell(v.total_value, "money", currency)))
    sub = " · ".join(
        x for x in (grant.kind.value, grant.holder or "", f"{grant.shares:,} shares") if x
    )
    return {
        "id": grant.id,
        "sub": sub,
        "percent": percent_plain(s.vested, s.granted) if s.granted else "0.00",
        "rows": items,
    }


def _pct(part: object, whole: int) -> str:
    return f"{percent_plain(cast(Shares, part), whole)}%" if whole else "-"


def _price(page: Page, currency: str) -> str:
    total = page.pictures.total_value
    if total is None:
        return ""
    text = cell(total.price, "price", currency)
    return f"{text} on {page.as_of} (from {page.price_file})" if page.price_file else text


def render(page: Page, out: TextIO, currency: str = "$", extra: Sequence[Section] = ()) -> None:
    """Write the report (see the module doc); ``extra`` sections go after the events."""
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("vesting.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    chart_svg = ""
    chart_note = ""
    try:
        chart_svg = charts.svg(page.pictures, "both", currency)
    except VestingError as e:
        chart_note = f"Charts need {e.problems[0].allowed}."
    chart_notes = [
        f"{loss.grant_id}: {cell(loss.shares, 'shares', currency)} {loss.mark} on {loss.date}"
        + (f" ({loss.why})" if loss.why else "")
        for loss in page.pictures.shares.losses
    ]
    if page.pictures.hidden:
        chart_notes.insert(0, f"{page.pictures.hidden:,} grants: only the total is drawn.")
    schedules = []
    events = []
    for g in page.grants:
        t = table(g.schedule, currency)
        t.notes.extend(g.notes)
        schedules.append({"title": g.title, "table": t})
        events.append({"id": g.grant.id, "table": _events(g)})
    template = env.get_template("report.html.j2")
    out.write(
        template.render(
            page=page,
            version=__version__,
            price=_price(page, currency),
            cards=[_card(g, currency) for g in page.grants],
            chart=Markup(chart_svg) if chart_svg else "",
            chart_note=chart_note,
            chart_notes=chart_notes,
            status=table(page.status, currency),
            value=None if page.value is None else table(page.value, currency),
            schedules=schedules,
            events=events,
            extra=[
                {
                    "title": s.title,
                    "paragraphs": [note_text(p, currency) for p in s.paragraphs],
                    "tables": [table(r, currency) for r in s.tables],
                }
                for s in extra
            ],
        )
    )
    out.write("\n")


def _events(g: GrantPage) -> Table:
    headers = [Cell("Date", "num"), Cell("Event"), Cell("Detail")]
    rows = [Row([Cell(e.date.isoformat(), "num"), Cell(e.kind), Cell(e.detail)]) for e in g.events]
    return Table(headers, rows)
