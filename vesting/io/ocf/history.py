"""OCF transactions → life events: what happened to an equity compensation security
(vesting starts and events, accelerations, exercises, cancellations, releases) and its
termination exercise windows, read for :mod:`vesting.io.ocf.read`."""

from __future__ import annotations

import datetime as _dt

from ...dates import Period, Unit
from ...errors import Problem, VestingError, sub
from ...model import (
    Acceleration,
    Cancellation,
    Event,
    Exercise,
    ExerciseWindows,
    Grant,
    Kind,
    Method,
    Modification,
    NamedEvent,
    Reason,
    Termination,
)
from ..fields import OCF_KEYS as K
from . import values as v
from .objects import REASONS, SECURITY_TX, TERMINATION, Obj


def windows(o: Obj) -> ExerciseWindows:
    raw = o.item.get(K["exercise_windows"], [])
    fld = f"{o.label}.termination_exercise_windows"
    if not isinstance(raw, list):
        raise v.bad(fld, raw, "a list of termination windows")
    given: dict[str, Period] = {}
    for i, w in enumerate(raw):
        item = v.obj(w, f"{fld}[{i}]")
        reason = v.enum(item.get("reason"))
        if reason not in REASONS:
            raise v.bad(sub(fld, i, "reason"), item.get("reason"), "an OCF TerminationWindowType")
        count, unit = item.get("period"), v.enum(item.get("period_type"))
        if type(count) is not int or not 0 <= count <= 3600:
            raise v.bad(sub(fld, i, "period"), count, "a whole number from 0 to 3,600")
        if unit == "YEARS":
            period = Period.months(12 * count)
        elif unit in ("MONTHS", "DAYS"):
            period = Period(count, Unit.MONTHS if unit == "MONTHS" else Unit.DAYS)
        else:
            raise v.bad(
                sub(fld, i, "period_type"), item.get("period_type"), "DAYS, MONTHS or YEARS"
            )
        key = REASONS[str(reason)].value.replace("-", "_")
        if key in given and given[key] != period:
            raise v.bad(sub(fld, i), item.get("reason"), "one window per reason")
        given[key] = period
    return ExerciseWindows(**given)


def events(
    o: Obj, txs: list[Obj], kind: Kind, granted: _dt.date, found: list[Problem]
) -> tuple[list[Event], _dt.date | None]:
    out: list[Event] = []
    start: _dt.date | None = None
    for t in sorted(txs, key=lambda t: str(t.item.get("date", ""))):
        what = SECURITY_TX[t.type]
        try:
            when = t.date()
            if what == "start":
                if start is not None:
                    found.append(
                        t.problem("date", when.isoformat(), f"one vesting start (also {start})")
                    )
                start = when
            elif what == "event":
                name = v.text(
                    v.get(t.item, "vesting_condition_id", t.label),
                    f"{t.label}.vesting_condition_id",
                )
                out.append(NamedEvent(name, when))
            elif what == "acceleration":
                q = v.whole(v.get(t.item, "quantity", t.label), f"{t.label}.quantity")
                text = str(t.item.get("reason_text", ""))
                method = next(
                    (m for m in Method if text.rstrip().endswith(f"({m.value})")),
                    Method.PRO_RATA,
                )
                out.append(Acceleration(when, shares=q, method=method))
            elif what == "exercise":
                q = v.whole(v.get(t.item, "quantity", t.label), f"{t.label}.quantity")
                out.append(Exercise(when, q))
            elif what == "cancellation":
                balance = t.item.get("balance_security_id")
                if balance:
                    found.append(
                        t.problem(
                            "balance_security_id",
                            balance,
                            "none: a cancellation into a balance security is not supported",
                        )
                    )
                    continue
                why = TERMINATION.fullmatch(str(t.item.get("reason_text", "")).strip())
                if why is not None:  # vesting's own record of a termination
                    v.fraction(v.get(t.item, "quantity", t.label), f"{t.label}.quantity")
                    out.append(Termination(when, Reason(why.group(1))))
                    continue
                q = v.whole(v.get(t.item, "quantity", t.label), f"{t.label}.quantity")
                if q:
                    out.append(Cancellation(when, q))
            elif what == "transfer":
                found.append(
                    t.problem(
                        "",
                        "a transfer",
                        "no transfer (a security moving to another holder is not supported)",
                    )
                )
            elif what == "repricing":
                if kind is Kind.RSU:
                    found.append(t.problem("", "a repricing", "repricings only of options"))
                    continue
                raw = v.get(t.item, "new_exercise_price", t.label)
                price = v.money(raw, f"{t.label}.new_exercise_price")[0]
                out.append(Modification(when, exercise_price=price))
            elif what == "release" and kind is not Kind.RSU:
                found.append(t.problem("", "a release", "releases only of RSUs"))
        except VestingError as e:
            found.extend(p.located(t.file_at) for p in e.problems)
    return out, start


def releases(grant: Grant, txs: list[Obj], found: list[Problem]) -> None:
    from ...status import evaluate

    released = 0
    for t in sorted(
        (t for t in txs if SECURITY_TX[t.type] == "release"),
        key=lambda t: str(t.item.get("date", "")),
    ):
        try:
            when = t.date()
            released += v.whole(v.get(t.item, "quantity", t.label), f"{t.label}.quantity")
        except VestingError as e:
            found.extend(p.at(t.file_at) for p in e.problems)
            continue
        vested = evaluate(grant, when).vested
        if released > vested:
            found.append(
                t.problem(
                    "quantity",
                    f"{released:,} released by {when}",
                    f"at most what has vested by then ({vested:,})",
                )
            )
