"""Results as plain data, and plain data as tables, JSON, JSON lines and CSV.

Two layers:

* :func:`to_plain` turns any result record (:class:`~vesting.Status`, :class:`~vesting.Entry`,
  :class:`~vesting.Tranche`, :class:`~vesting.valuation.Valuation`, :class:`~vesting.Grant`,
  :class:`~vesting.Problem`, …) into JSON-ready values;
* the report builders (:func:`schedule_report`, :func:`status_report`, :func:`value_report`,
  :func:`validate_report`) compute a command's result as a :class:`Report`: flat rows with a
  fixed, documented set of columns, which :func:`render` writes as a rich table, JSON, JSON
  lines or CSV. The CLI only parses arguments, calls a builder and :func:`render`.

Plain values (schema version 1, the same in JSON, JSON lines and CSV):

* shares: JSON integers; under ``FRACTIONAL`` allocation a share count that is not whole is a
  string ``"n/d"`` (an exact fraction, e.g. ``"9/2"``);
* money (values): strings with exactly two decimals, ``"1234.50"`` (see
  :mod:`vesting.valuation` for rounding); prices and per-share spreads: exact decimal strings
  with at least two decimals (``"45.00"``, ``"12.125"``);
* percents: strings rounded half up to two decimals (``"25.00"``), a display aid — the exact
  figures are the shares;
* dates: ISO ``YYYY-MM-DD`` strings; a missing value is ``null`` (an empty CSV cell).

JSON is one object ``{"schema_version": 1, "command": ..., <parameters>, "rows": [...]}``;
JSON lines is one row object per line; CSV (RFC 4180, CRLF line ends) has a header row of the
row keys. CSV cells that begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return are
prefixed with a single quote ``'`` so spreadsheets do not run them as formulas (no number this
package writes is negative, so no number is changed).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from math import floor
from typing import Any, Final

from rich import box
from rich.console import Console
from rich.table import Table

from .allocation import Shares
from .dates import Period
from .errors import InputError, Problem
from .events import timeline
from .model import Grant, Tranche
from .status import Status
from .valuation import (
    CENT,
    PriceTable,
    Valuation,
    ValuationTotal,
    each,
    evaluate_all,
    value_grants,
)

__all__ = [
    "FORMATS",
    "SCHEMA_VERSION",
    "Column",
    "Report",
    "choose_format",
    "money_plain",
    "percent_plain",
    "price_plain",
    "render",
    "schedule_report",
    "shares_plain",
    "status_report",
    "status_total",
    "to_plain",
    "validate_report",
    "value_report",
]

SCHEMA_VERSION: Final = 1
FORMATS: Final = ("table", "json", "csv", "jsonl")

# ----------------------------------------------------------------------------- plain values


def shares_plain(x: Shares) -> int | str:
    """A share count: an ``int``, or ``"n/d"`` for a fraction that is not whole."""
    if isinstance(x, Fraction):
        return x.numerator if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    return x


def money_plain(amount: Decimal) -> str:
    """A money amount as a string with exactly two decimals (already-rounded amounts)."""
    return format(amount.quantize(CENT), "f")


def price_plain(amount: Decimal) -> str:
    """A price, exact, with at least two decimals."""
    if amount.as_tuple().exponent in ("n", "N", "F"):
        return str(amount)
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)
    return format(amount.quantize(CENT) if exponent > -2 else amount, "f")


def percent_plain(part: Shares, whole: Shares) -> str:
    """``part`` as a percent of ``whole``, rounded half up to two decimals."""
    if not whole:
        return "0.00"
    hundredths = floor(Fraction(part) * 10000 / Fraction(whole) + Fraction(1, 2))
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def _date(d: _dt.date | None) -> str | None:
    return None if d is None else d.isoformat()


def to_plain(obj: object) -> Any:
    """Any result record (a frozen dataclass), or value inside one, as JSON-ready data.

    Dates → ISO strings, ``Decimal`` → exact strings, ``Fraction`` shares → ``int`` or
    ``"n/d"``, enums → their values, periods → ``"12m"``/``"90d"``, records → dicts of their
    fields (a :class:`Problem` also gets its ``message``), tuples → lists.
    """
    if obj is None or isinstance(obj, bool | int | str):
        return obj
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, _dt.date):
        return obj.isoformat()
    if isinstance(obj, Decimal):
        return price_plain(obj)
    if isinstance(obj, Fraction):
        return shares_plain(obj)
    if isinstance(obj, Period):
        return str(obj)
    if isinstance(obj, Problem):
        return {
            "location": obj.location,
            "field": obj.field,
            "value": _problem_value(obj.value),
            "allowed": obj.allowed,
            "message": obj.message(),
        }
    if is_dataclass(obj) and not isinstance(obj, type):
        out = {f.name: to_plain(getattr(obj, f.name)) for f in fields(obj)}
        if isinstance(obj, Valuation | ValuationTotal):
            for key in ("vested_value", "unvested_value", "total_value"):
                out[key] = money_plain(getattr(obj, key))
        return out
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # a NamedTuple record
        return {name: to_plain(getattr(obj, name)) for name in obj._fields}
    if isinstance(obj, Mapping):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_plain(v) for v in obj]
    return str(obj)


def _problem_value(value: object) -> object:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    plain = to_plain(value)
    return plain if isinstance(plain, str) else str(value)


# ----------------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class Column:
    """One output column: its row ``key``, table ``title`` and ``kind`` of value.

    ``kind``: ``text``, ``shares``, ``money``, ``price``, ``percent`` or ``date`` (how the table
    formats it). ``in_table=False`` leaves it out of the table (it is in the section title).
    """

    key: str
    title: str
    kind: str = "text"
    in_table: bool = True


@dataclass(frozen=True)
class Report:
    """A command's result: ``rows`` (plain values keyed by the ``columns``' keys).

    ``params`` are extra top-level JSON keys (the question asked). In the table, rows are split
    into separate tables by ``split_by`` (titled by ``titles``) or into sections of one table
    by ``section_by``; rows with ``row == "total"`` are totals.
    """

    command: str
    columns: tuple[Column, ...]
    rows: tuple[Mapping[str, object], ...]
    params: Mapping[str, object] = field(default_factory=dict)
    title: str = ""
    split_by: str | None = None
    titles: Mapping[str, str] = field(default_factory=dict)
    section_by: str | None = None

    def document(self) -> dict[str, object]:
        """The JSON document: schema version, command, parameters and rows."""
        return {
            "schema_version": SCHEMA_VERSION,
            "command": self.command,
            **self.params,
            "rows": [dict(r) for r in self.rows],
        }


SCHEDULE_COLUMNS: Final = (
    Column("grant_id", "Grant", in_table=False),
    Column("date", "Date", "date"),
    Column("shares", "Shares", "shares"),
    Column("cumulative", "Cumulative", "shares"),
    Column("percent", "% of grant", "percent"),
    Column("cumulative_percent", "Cumulative %", "percent"),
    Column("mark", "Mark"),
    Column("original_date", "Original date", "date"),
    Column("note", "Note"),
)


def schedule_report(grants: Sequence[Grant]) -> Report:
    """Every entry of every grant's timeline (events applied): see ``SCHEDULE_COLUMNS``.

    ``percent`` is the entry's shares as a percent of the grant, ``cumulative_percent`` the
    running vested total's; ``original_date`` is as :class:`vesting.events.Entry` defines it
    (the date before a leave shift; for a forfeited tranche the date it would have vested; a
    milestone's deadline).
    """
    rows: list[dict[str, object]] = []
    titles: dict[str, str] = {}
    for g, entries in zip(grants, each(grants, timeline), strict=True):
        holder = f" · {g.holder}" if g.holder else ""
        titles[g.id] = f"{g.id} · {g.kind.value} · {g.shares:,} shares{holder}"
        for e in entries:
            rows.append(
                {
                    "grant_id": g.id,
                    "date": _date(e.date),
                    "shares": shares_plain(e.shares),
                    "cumulative": shares_plain(e.cumulative),
                    "percent": percent_plain(e.shares, g.shares),
                    "cumulative_percent": percent_plain(e.cumulative, g.shares),
                    "mark": e.mark.value,
                    "original_date": _date(e.original_date),
                    "note": e.note,
                }
            )
    return Report(
        "schedule",
        SCHEDULE_COLUMNS,
        tuple(rows),
        {"grants": [g.id for g in grants]},
        "Vesting schedule",
        split_by="grant_id",
        titles=titles,
    )


STATUS_FIELDS: Final = (
    "granted",
    "vested",
    "unvested",
    "forfeited",
    "exercised",
    "exercisable",
    "expired",
    "outstanding",
    "settled",
    "unsettled",
    "pending",
    "subject_to_repurchase",
)
STATUS_COLUMNS: Final = (
    Column("row", "", in_table=False),
    Column("as_of", "As of", "date"),
    Column("grant_id", "Grant"),
    Column("kind", "Kind"),
    Column("granted", "Granted", "shares"),
    Column("vested", "Vested", "shares"),
    Column("unvested", "Unvested", "shares"),
    Column("forfeited", "Forfeited", "shares"),
    Column("exercised", "Exercised", "shares"),
    Column("exercisable", "Exercisable", "shares"),
    Column("expired", "Expired", "shares"),
    Column("outstanding", "Outstanding", "shares"),
    Column("settled", "Settled", "shares"),
    Column("unsettled", "Unsettled", "shares"),
    Column("pending", "Pending", "shares"),
    Column("subject_to_repurchase", "Subject to\nrepurchase", "shares"),
    Column("next_vest_date", "Next vest\ndate", "date"),
    Column("next_vest_shares", "Next vest\nshares", "shares"),
    Column("fully_vested", "Fully\nvested", "date"),
    Column("exercise_deadline", "Exercise\ndeadline", "date"),
)


def status_total(statuses: Sequence[Status], on: _dt.date) -> Status:
    """The sum of several grants' statuses on ``on`` (``grant_id`` ``""``).

    Quantities add up. The next vest is the earliest next vest date of any grant, with the
    shares of every grant vesting that day (``cumulative``: the total vested after it). The
    fully-vested date is the latest one, or ``None`` if any grant has none. There is no total
    exercise deadline (``None``).
    """
    sums: dict[str, Shares] = {
        name: sum((getattr(s, name) for s in statuses), 0) for name in STATUS_FIELDS
    }
    upcoming = [s.next_vest for s in statuses if s.next_vest is not None]
    nxt: Tranche | None = None
    if upcoming:
        first = min(t.date for t in upcoming)
        shares: Shares = sum((t.shares for t in upcoming if t.date == first), 0)
        cumulative: Shares = sum(
            (
                s.next_vest.cumulative
                if s.next_vest is not None and s.next_vest.date == first
                else s.vested
                for s in statuses
            ),
            0,
        )
        nxt = Tranche(first, shares, cumulative)
    ends = [s.fully_vested for s in statuses]
    full = max(d for d in ends if d is not None) if ends and None not in ends else None
    granted = sums.pop("granted")
    exercised = sums.pop("exercised")
    assert isinstance(granted, int) and isinstance(exercised, int)
    return Status(
        grant_id="",
        as_of=on,
        granted=granted,
        exercised=exercised,
        next_vest=nxt,
        fully_vested=full,
        exercise_deadline=None,
        **sums,
    )


def _status_row(s: Status, kind: str | None, total: bool) -> dict[str, object]:
    row: dict[str, object] = {
        "row": "total" if total else "grant",
        "as_of": s.as_of.isoformat(),
        "grant_id": None if total else s.grant_id,
        "kind": kind,
    }
    for name in STATUS_FIELDS:
        row[name] = shares_plain(getattr(s, name))
    row["next_vest_date"] = _date(s.next_vest.date) if s.next_vest else None
    row["next_vest_shares"] = shares_plain(s.next_vest.shares) if s.next_vest else None
    row["fully_vested"] = _date(s.fully_vested)
    row["exercise_deadline"] = _date(s.exercise_deadline)
    return row


def status_report(grants: Sequence[Grant], dates: Sequence[_dt.date]) -> Report:
    """Every grant's :class:`Status` on every date, each date followed by a total row.

    Rows: see ``STATUS_COLUMNS``; ``row`` is ``"grant"`` or ``"total"`` (whose ``grant_id`` and
    ``kind`` are null).
    """
    rows: list[dict[str, object]] = []
    for d in dates:
        statuses = evaluate_all(grants, d)
        rows.extend(
            _status_row(s, g.kind.value, False) for g, s in zip(grants, statuses, strict=True)
        )
        rows.append(_status_row(status_total(statuses, d), None, True))
    return Report(
        "status",
        _one_date(STATUS_COLUMNS, dates),
        tuple(rows),
        {"as_of": [d.isoformat() for d in dates], "grants": [g.id for g in grants]},
        f"Status as of {dates[0]}" if len(dates) == 1 else "Status",
        section_by="as_of",
    )


def _one_date(columns: tuple[Column, ...], dates: Sequence[_dt.date]) -> tuple[Column, ...]:
    """With a single date the table names it in its title instead of a column."""
    if len(dates) != 1:
        return columns
    return tuple(replace(c, in_table=False) if c.key == "as_of" else c for c in columns)


VALUE_COLUMNS: Final = (
    Column("row", "", in_table=False),
    Column("as_of", "As of", "date"),
    Column("price", "Price", "price"),
    Column("grant_id", "Grant"),
    Column("kind", "Kind"),
    Column("exercise_price", "Exercise\nprice", "price"),
    Column("spread", "Value per\nshare", "price"),
    Column("vested_shares", "Vested\nshares", "shares"),
    Column("unvested_shares", "Unvested\nshares", "shares"),
    Column("vested_value", "Vested\nvalue", "money"),
    Column("unvested_value", "Unvested\nvalue", "money"),
    Column("total_value", "Total\nvalue", "money"),
)


def value_report(
    grants: Sequence[Grant],
    dates: Sequence[_dt.date],
    prices: Sequence[Decimal] | PriceTable,
) -> Report:
    """Every grant's value on every date at every price, with a total row per (date, price).

    Rows: see ``VALUE_COLUMNS`` and :mod:`vesting.valuation` for the rules. ``vested_shares``
    are the shares valued as vested (options: exercisable). Total rows have null
    ``grant_id``, ``kind``, ``exercise_price`` and ``spread``.
    """
    valuations, totals = value_grants(grants, dates, prices)
    rows: list[dict[str, object]] = []
    by_key: dict[tuple[_dt.date, Decimal], list[Valuation]] = {}
    for v in valuations:
        by_key.setdefault((v.as_of, v.price), []).append(v)
    for t in totals:
        for v in by_key[(t.as_of, t.price)]:
            rows.append(
                {
                    "row": "grant",
                    "as_of": v.as_of.isoformat(),
                    "price": price_plain(v.price),
                    "grant_id": v.grant_id,
                    "kind": v.kind.value,
                    "exercise_price": (
                        None if v.exercise_price is None else price_plain(v.exercise_price)
                    ),
                    "spread": price_plain(v.spread),
                    "vested_shares": shares_plain(v.vested_shares),
                    "unvested_shares": shares_plain(v.unvested_shares),
                    "vested_value": money_plain(v.vested_value),
                    "unvested_value": money_plain(v.unvested_value),
                    "total_value": money_plain(v.total_value),
                }
            )
        rows.append(
            {
                "row": "total",
                "as_of": t.as_of.isoformat(),
                "price": price_plain(t.price),
                "grant_id": None,
                "kind": None,
                "exercise_price": None,
                "spread": None,
                "vested_shares": shares_plain(t.vested_shares),
                "unvested_shares": shares_plain(t.unvested_shares),
                "vested_value": money_plain(t.vested_value),
                "unvested_value": money_plain(t.unvested_value),
                "total_value": money_plain(t.total_value),
            }
        )
    source: object = (
        prices.name if isinstance(prices, PriceTable) else [price_plain(p) for p in prices]
    )
    return Report(
        "value",
        _one_date(VALUE_COLUMNS, dates),
        tuple(rows),
        {
            "as_of": [d.isoformat() for d in dates],
            "prices": source,
            "grants": [g.id for g in grants],
        },
        f"Value as of {dates[0]}" if len(dates) == 1 else "Value",
        section_by="group",
    )


VALIDATE_COLUMNS: Final = (
    Column("location", "Location"),
    Column("field", "Field"),
    Column("value", "Value"),
    Column("allowed", "Allowed"),
    Column("message", "Message", in_table=False),
)


def validate_report(name: str, grants: int, problems: Sequence[Problem]) -> Report:
    """The problems of a grant file, one row each (``params``: file, grants, valid)."""
    rows = tuple(to_plain(p) for p in problems)
    return Report(
        "validate",
        VALIDATE_COLUMNS,
        rows,
        {"file": name, "grants": grants, "valid": not problems},
        f"{name}: {len(problems)} problem(s)" if problems else f"{name}: {grants} grant(s), valid",
    )


# ---------------------------------------------------------------------------------- render


def render(
    report: Report,
    format: str = "table",
    *,
    currency: str = "$",
    color: bool = False,
) -> str:
    """``report`` as text in ``format`` (``table``, ``json``, ``jsonl`` or ``csv``)."""
    if format == "json":
        return json.dumps(report.document(), indent=2, ensure_ascii=False) + "\n"
    if format == "jsonl":
        return "".join(json.dumps(dict(r), ensure_ascii=False) + "\n" for r in report.rows)
    if format == "csv":
        return render_csv(report)
    if format == "table":
        return render_table(report, currency=currency, color=color)
    raise ValueError(f"unknown format {format!r}")


def choose_format(
    format: str | None = None, json: bool = False, csv: bool = False, nl: bool = False
) -> str:
    """The output format from ``--format`` and the ``--json``/``--csv``/``--nl`` shortcuts.

    Two different choices are an :class:`~vesting.errors.InputError`; none gives ``table``.
    """
    chosen = {f for f, on in (("json", json), ("csv", csv), ("jsonl", nl)) if on}
    if format is not None:
        key = format.strip().lower()
        if key not in FORMATS:
            raise InputError([Problem("--format", format, "table, json, csv or jsonl")])
        chosen.add(key)
    if len(chosen) > 1:
        raise InputError(
            [
                Problem(
                    "--format",
                    ", ".join(sorted(chosen)),
                    "one output format (--format, --json, --csv or --nl)",
                )
            ]
        )
    return chosen.pop() if chosen else "table"


_UNSAFE: Final = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A CSV cell: ``None`` → empty; text beginning with ``= + - @``, tab or CR gets a ``'``."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(_UNSAFE) else text


def render_csv(report: Report) -> str:
    """RFC 4180 CSV: a header of the row keys, then one line per row (CRLF line ends)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    keys = [c.key for c in report.columns]
    writer.writerow(keys)
    for row in report.rows:
        writer.writerow([csv_cell(row.get(k)) for k in keys])
    return buf.getvalue()


def _cell(value: object, kind: str, currency: str) -> str:
    if value is None or value == "":
        return "-" if kind != "text" else ""
    if kind == "shares":
        if isinstance(value, int):
            return f"{value:,}"
        whole, _, rest = str(value).partition("/")
        fraction = Fraction(int(whole), int(rest)) if rest else Fraction(int(whole))
        integer = floor(fraction)
        part = fraction - integer
        return f"{integer:,} {part.numerator}/{part.denominator}" if part else f"{integer:,}"
    if kind in ("money", "price"):
        amount = Decimal(str(value))
        exponent = amount.as_tuple().exponent
        places = max(2, -exponent) if isinstance(exponent, int) else 2
        return f"{currency}{amount:,.{places}f}"
    if kind == "percent":
        return f"{value}%"
    return str(value)


def render_table(report: Report, *, currency: str = "$", color: bool = False) -> str:
    """Rich tables: thousands separators, money with ``currency``, ISO dates, totals in bold.

    Nothing is truncated: the text is as wide as the widest table needs.
    """
    columns = [c for c in report.columns if c.in_table]
    groups: list[tuple[str, list[Mapping[str, object]]]] = []
    if report.split_by:
        for row in report.rows:
            key = str(row.get(report.split_by))
            if not groups or groups[-1][0] != key:
                groups.append((key, []))
            groups[-1][1].append(row)
    else:
        groups.append(("", list(report.rows)))
    tables: list[Table] = []
    for key, rows in groups:
        title = report.titles.get(key, report.title) if report.split_by else report.title
        table = Table(
            title=title,
            title_justify="left",
            box=box.SIMPLE_HEAD,
            collapse_padding=True,
            pad_edge=False,
            header_style="bold" if color else "",
            title_style="bold" if color else "",
        )
        for c in columns:
            right = c.kind in ("shares", "money", "price", "percent")
            table.add_column(c.title, justify="right" if right else "left", no_wrap=True)
        previous: object = None
        for i, row in enumerate(rows):
            section = _section_key(report, row)
            if i and report.section_by and section != previous:
                table.add_section()
            previous = section
            cells = [_cell(row.get(c.key), c.kind, currency) for c in columns]
            if row.get("row") == "total":
                cells[[c.key for c in columns].index("grant_id")] = "TOTAL"
                table.add_row(*cells, style="bold" if color else None)
            else:
                style = "red" if color and row.get("mark") == "forfeited" else None
                table.add_row(*cells, style=style)
        if not rows:
            table.caption = "(nothing)"
        tables.append(table)
    measure = Console(width=10_000, file=io.StringIO())
    width = max(
        [80, *(measure.measure(t).maximum for t in tables), *(len(t.title or "") for t in tables)]
    )
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="auto" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    for t in tables:
        console.print(t)
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"


def _section_key(report: Report, row: Mapping[str, object]) -> object:
    if report.section_by == "group":
        return (row.get("as_of"), row.get("price"))
    if report.section_by:
        return row.get(report.section_by)
    return None
