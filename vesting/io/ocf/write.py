"""Grants → an OCF package: manifest, stakeholders, vesting terms and transactions, written to a
folder or a ``.zip``, every file valid against the OCF schemas.

What is written, per grant:

* a ``TX_EQUITY_COMPENSATION_ISSUANCE`` (``security_id`` and ``custom_id`` = the grant id;
  ``compensation_type`` ``OPTION_ISO``/``OPTION_NSO``/``RSU``; exercise price in the package
  currency; ``expiration_date``; the exercise window of every reason; ``early_exercisable``),
  its ``vesting_terms_id`` — the terms as vesting conditions
  (:func:`vesting.asgraph.as_conditions`; equal terms share one object) — and its computed
  ``vestings`` (what the conditions vest, named events applied; pending shares are not listed);
* a ``TX_VESTING_START`` when the conditions start on the vesting start;
* events: a ``TX_VESTING_EVENT`` per named event a condition waits on; a
  ``TX_VESTING_ACCELERATION`` per acceleration that took effect (its date and the shares it
  pulled, the method at the end of ``reason_text``); exercises and cancellations as
  ``TX_EQUITY_COMPENSATION_EXERCISE`` / ``…_CANCELLATION``; a termination — OCF's transactions
  have none — as cap tables record it: a cancellation of the shares it forfeits on its date
  with ``reason_text`` ``termination (<reason>)`` (read back as that termination), and, once
  the exercise window has ended by the package's as-of date, a cancellation of the options
  that expired (``exercise window ended``);
* stock splits: the issuance names a stock class (``stock_class_id``, ``common-N``: grants
  split alike share one) and each split is a ``TX_STOCK_CLASS_SPLIT`` of that class, written
  once (the package has no stock-classes file: the class is named by its id alone);
* a repricing as a ``TX_EQUITY_COMPENSATION_REPRICING`` (its ``new_exercise_price``); an
  acceleration a modification agrees as the ``TX_VESTING_ACCELERATION`` it takes effect as
  (that it was agreed as a modification, and its valuation inputs, are accounting facts OCF
  has no place for: left out, as a grant's fair-value inputs are);
* the holder as a stakeholder (``INDIVIDUAL``), one per holder name.

What OCF cannot carry is an error for that grant, never dropped: a leave of absence, leave
tolling, a minimum leave length, ``vest_on_termination_date = false``, a repurchase window,
double-trigger settlement (``settle_on``), acceleration by reason (``accelerate_on``), of
milestone shares (``accelerate_milestones``), a change of control (``change_of_control``), a
milestone's fallback date, split rounding other than ``down``, a modification of the
expiration or the exercise windows, milestones beside a time schedule or several milestones,
a cliff between grid dates under a front- or back-loaded allocation, fractional amounts with
no exact decimal.
Reading the package back gives the same schedules and statuses.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from ...allocation import Shares
from ...asgraph import as_conditions
from ...conditions import resolve
from ...dates import Unit
from ...errors import Field, Problem, VestingError, at_grant, sub
from ...events import Mark, exercise_deadline, timeline
from ...inforce import splits_of
from ...model import (
    Cancellation,
    Exercise,
    ExerciseWindows,
    Grant,
    Kind,
    Leave,
    LeaveTolling,
    Modification,
    NamedEvent,
    Reason,
    SplitRounding,
    StockSplit,
    Termination,
)
from ...model.conditions import Condition, When
from ...status import evaluate
from ..fields import OCF_KEYS as K
from .objects import REASONS
from .terms import numeric_text, terms_to_ocf

OCF_VERSION: Final = "1.2.1-alpha+main"
"""The OCF version the written files follow (the schema's ``ocf_version``)."""
KIND: Final = {Kind.ISO: "OPTION_ISO", Kind.NSO: "OPTION_NSO", Kind.RSU: "RSU"}
OCF_REASON: Final = {ours: theirs for theirs, ours in REASONS.items()}
FILES: Final = ("Stakeholders.ocf.json", "VestingTerms.ocf.json", "Transactions.ocf.json")


def exportable(grant: Grant) -> list[Problem]:
    """What about ``grant`` OCF cannot carry (empty: it can be written)."""
    t = grant.terms
    out: list[Problem] = []

    def no(fld: Field, value: object, why: str) -> None:
        out.append(Problem(fld, value, why, at_grant(grant.id)))

    if t.leave_tolling is not LeaveTolling.NONE:
        no("leave_tolling", t.leave_tolling.value, "none: OCF has no leave tolling")
    if t.leave_min_days:
        no("leave_min_days", t.leave_min_days, "0: OCF has no leave tolling")
    if not t.vest_on_termination_date:
        no("vest_on_termination_date", False, "true: OCF cannot say otherwise")
    if not t.repurchase_window.is_zero():
        no("repurchase_window", str(t.repurchase_window), "0: OCF has no repurchase window")
    if t.settle_on is not None:
        no("settle_on", t.settle_on, "none: OCF has no double-trigger settlement")
    if t.accelerate_on:
        no("accelerate_on", "a table", "none: OCF has no acceleration by reason")
    if t.change_of_control is not None:
        no("change_of_control", "a table", "none: OCF has no change-of-control provision")
    if t.accelerate_milestones:
        no("accelerate_milestones", True, "false: OCF has no acceleration of milestone shares")
    for m in t.milestones:
        if m.fallback is not None:
            why = "none: OCF conditions cannot keep a fallback's shares waiting on the event"
            no(f"milestone '{m.name}'.fallback", str(m.fallback), why)
    if t.split_rounding is not SplitRounding.DOWN and splits_of(grant):
        no("split_rounding", t.split_rounding.value, "down: OCF has no split rounding")
    for change in (e for e in grant.events if isinstance(e, Modification)):
        if change.expiration is not None or change.exercise_windows:
            what = "expiration" if change.expiration is not None else "exercise_windows"
            no(
                sub("modification", what),
                change.date.isoformat(),
                "no change of the expiration or exercise windows: OCF has no transaction for "
                "one (a repricing and an acceleration it has)",
            )
    leaves = [e for e in grant.events if isinstance(e, Leave)]
    if leaves:
        shown = ", ".join(f"{lv.start}:{lv.end}" for lv in leaves)
        no("leave", shown, "none: OCF transactions have no leave of absence")
    return out


def _official(conditions: tuple[Condition, ...]) -> tuple[Condition, ...]:
    """The conditions with the ``cliff_condition`` extension (a cliff period) written as OCF's
    own ``cliff_installment`` — possible when the cliff falls on an installment."""
    out = []
    for c in conditions:
        if c.cliff_period is not None:
            period, cliff = c.period, c.cliff_period
            assert period is not None
            if cliff.unit is not period.unit or period.count == 0 or cliff.count % period.count:
                raise VestingError(
                    [
                        Problem(
                            sub(f"condition '{c.id}'", "cliff_condition"),
                            str(cliff),
                            "a cliff on one of its installments (OCF's cliff_installment)",
                        )
                    ]
                )
            k = min(cliff.count // period.count, c.occurrences)
            c = Condition(
                c.id,
                c.when,
                portion=c.portion,
                quantity=c.quantity,
                remainder=c.remainder,
                period=c.period,
                occurrences=c.occurrences,
                day_of_month=c.day_of_month,
                cliff=k if k >= 2 else 0,
                relative_to=c.relative_to,
                next=c.next,
            )
        out.append(c)
    return tuple(out)


def _windows(w: ExerciseWindows) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for reason in Reason:
        p = w.for_reason(reason)
        out.append(
            {
                "reason": OCF_REASON[reason],
                "period": p.count,
                "period_type": "MONTHS" if p.unit is Unit.MONTHS else "DAYS",
            }
        )
    return out


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return slug[:60] or "holder"


@dataclass
class _State:
    """What the writer keeps while grants stream through: the terms objects (equal ones
    shared), the stakeholders, and the earliest grant date."""

    currency: str
    terms: dict[tuple[object, ...], str] = field(default_factory=dict)
    terms_objects: list[dict[str, object]] = field(default_factory=list)
    holders: dict[str, str] = field(default_factory=dict)
    holder_ids: set[str] = field(default_factory=set)
    stakeholders: list[dict[str, object]] = field(default_factory=list)
    earliest: _dt.date | None = None
    written: int = 0
    classes: dict[tuple[tuple[_dt.date, Fraction], ...], str] = field(default_factory=dict)
    """The stock class of each set of splits (grants split alike share one)."""


class Writer:
    """Writes a package as grants come (the transactions file streams; stakeholders and terms,
    which are few, are kept and written at the end). Use :func:`write_package`."""

    def __init__(self, out: Any, currency: str, as_of: _dt.date) -> None:
        self.out = out
        self.as_of = as_of
        self.state = _State(currency)
        self.first = True
        self._pending: tuple[str, str, dict[str, object]] | None = None
        out.write('{"file_type": "OCF_TRANSACTIONS_FILE", "items": [\n')

    def _emit(self, item: dict[str, object]) -> None:
        if not self.first:
            self.out.write(",\n")
        self.first = False
        self.out.write(json.dumps(item, ensure_ascii=False))

    def add(self, grant: Grant) -> list[Problem]:
        """Write ``grant`` (and its events), or return why it cannot be written."""
        problems = exportable(grant)
        self._pending = None
        if problems:
            return problems
        try:
            items = self._items(grant)
        except VestingError as e:
            return [p.located(at_grant(grant.id)) for p in e.problems]
        except ValueError as e:  # an amount with no exact decimal form
            return [
                Problem("shares", str(e), "amounts with at most 10 decimals", at_grant(grant.id))
            ]
        for item in items:
            self._emit(item)
        st = self.state
        plan = self._pending
        if plan is not None:
            key, sid, stakeholder = plan
            st.holders[key] = sid
            st.holder_ids.add(sid)
            st.stakeholders.append(stakeholder)
        st.written += 1
        st.earliest = (
            grant.grant_date if st.earliest is None else min(st.earliest, grant.grant_date)
        )
        return []

    def _items(self, grant: Grant) -> list[dict[str, object]]:
        st = self.state
        conditions = _official(as_conditions(grant.terms, grant.start))
        key = (conditions, grant.terms.allocation)
        tid = st.terms.get(key)
        new_terms = None
        if tid is None:
            tid = f"terms-{len(st.terms) + 1}"
            new_terms = terms_to_ocf(
                tid, grant.terms, conditions, f"Vesting terms {len(st.terms) + 1}"
            )
        happened: dict[str, _dt.date] = {}
        for named in sorted((e for e in grant.events if isinstance(e, NamedEvent)), key=_day):
            happened.setdefault(named.name, named.date)
        from ...model import VestingTerms

        path = resolve(
            VestingTerms(conditions=conditions, allocation=grant.terms.allocation),
            grant.start,
            grant.shares,
            happened,
        )
        vestings = [
            {"date": x.date.isoformat(), "amount": numeric_text(x.shares)} for x in path.vests
        ]
        gid = grant.id
        sid = self._stakeholder(grant)
        issuance: dict[str, object] = {
            "id": f"{gid}.issuance",
            "object_type": "TX_EQUITY_COMPENSATION_ISSUANCE",
            K["grant_date"]: grant.grant_date.isoformat(),
            K["id"]: gid,
            "custom_id": gid,
            "stakeholder_id": sid,
            "security_law_exemptions": [],
            K["kind"]: KIND[grant.kind],
            K["shares"]: str(grant.shares),
            K["expiration"]: grant.expiration.isoformat() if grant.expiration else None,
            K["exercise_windows"]: _windows(grant.terms.exercise_windows),
            "vesting_terms_id": tid,
            "vestings": vestings,
        }
        if grant.kind.is_option:
            issuance[K["early_exercise"]] = grant.terms.early_exercise
            if grant.exercise_price is not None:
                issuance[K["exercise_price"]] = {
                    "amount": _money(grant.exercise_price),
                    "currency": st.currency,
                }
        items = [issuance]
        splits = splits_of(grant)
        if splits:
            split_key = tuple((x.date, x.ratio) for x in splits)
            cls = st.classes.get(split_key)
            if cls is None:
                cls = st.classes[split_key] = f"common-{len(st.classes) + 1}"
                items.extend(_split_item(cls, x) for x in splits)
            issuance["stock_class_id"] = cls
        if any(c.when is When.START for c in conditions):
            items.append(
                {
                    "id": f"{gid}.vesting-start",
                    "object_type": "TX_VESTING_START",
                    "date": grant.start.isoformat(),
                    "security_id": gid,
                    "vesting_condition_id": next(c.id for c in conditions if c.when is When.START),
                }
            )
        waits = {c.id for c in conditions if c.when is When.EVENT}
        for name, day in happened.items():
            if name in waits:
                items.append(
                    {
                        "id": f"{gid}.event.{name}",
                        "object_type": "TX_VESTING_EVENT",
                        "date": day.isoformat(),
                        "security_id": gid,
                        "vesting_condition_id": name,
                    }
                )
        n = 0
        for e in timeline(grant):
            if e.mark is Mark.ACCELERATED and e.date is not None:
                if type(e.shares) is not int:
                    raise VestingError(
                        [Problem("acceleration", str(e.shares), "a whole number of shares")]
                    )
                n += 1
                items.append(
                    {
                        "id": f"{gid}.acceleration.{n}",
                        "object_type": "TX_VESTING_ACCELERATION",
                        "date": e.date.isoformat(),
                        "security_id": gid,
                        "quantity": numeric_text(e.shares),
                        "reason_text": e.note,
                    }
                )
        repriced = sorted(
            (x for x in grant.events if isinstance(x, Modification) and x.exercise_price),
            key=_day,
        )
        for i, m in enumerate(repriced, 1):
            assert m.exercise_price is not None
            items.append(
                {
                    "id": f"{gid}.repricing.{i}",
                    "object_type": "TX_EQUITY_COMPENSATION_REPRICING",
                    "date": m.date.isoformat(),
                    "security_id": gid,
                    "new_exercise_price": {
                        "amount": _money(m.exercise_price),
                        "currency": st.currency,
                    },
                }
            )
        for i, ev in enumerate(
            sorted((x for x in grant.events if isinstance(x, Exercise)), key=_day), 1
        ):
            items.append(
                {
                    "id": f"{gid}.exercise.{i}",
                    "object_type": "TX_EQUITY_COMPENSATION_EXERCISE",
                    "date": ev.date.isoformat(),
                    "security_id": gid,
                    "quantity": str(ev.shares),
                    "resulting_security_ids": [f"{gid}.exercise.{i}.stock"],
                }
            )
        cancels: list[tuple[_dt.date, Shares, str]] = [
            (c.date, c.shares, "cancellation") for c in grant.events if isinstance(c, Cancellation)
        ]
        cancels.extend(self._termination(grant))
        for i, (day, shares, why) in enumerate(sorted(cancels, key=lambda c: c[0]), 1):
            items.append(
                {
                    "id": f"{gid}.cancellation.{i}",
                    "object_type": "TX_EQUITY_COMPENSATION_CANCELLATION",
                    "date": day.isoformat(),
                    "security_id": gid,
                    "quantity": numeric_text(shares),
                    "reason_text": why,
                }
            )
        if new_terms is not None:
            st.terms[key] = tid
            st.terms_objects.append(new_terms)
        return items

    def _stakeholder(self, grant: Grant) -> str:
        """The holder's stakeholder id: one per holder name (registered once written)."""
        st = self.state
        name = grant.holder or f"Holder of {grant.id}"
        self._pending = None
        sid = st.holders.get(name)
        if sid is not None:
            return sid
        base = _slug(name)
        sid = base
        n = 1
        while sid in st.holder_ids:
            n += 1
            sid = f"{base}-{n}"
        stakeholder: dict[str, object] = {
            "id": sid,
            "object_type": "STAKEHOLDER",
            "name": {"legal_name": name},
            "stakeholder_type": "INDIVIDUAL",
        }
        self._pending = (name, sid, stakeholder)
        return sid

    def _termination(self, grant: Grant) -> list[tuple[_dt.date, Shares, str]]:
        """A termination as cap tables record it (OCF has no termination transaction): a
        cancellation of the shares it forfeits, on its date, its reason in ``reason_text``
        (``termination (voluntary)``: read back as the termination itself); and, once the
        exercise window has ended by the package's as-of date, a cancellation of the options
        that expired then."""
        term = next((e for e in grant.events if isinstance(e, Termination)), None)
        if term is None:
            return []
        lost: Shares = sum(
            (
                e.shares
                for e in timeline(grant)
                if e.mark is Mark.FORFEITED
                and e.date == term.date
                and e.note.endswith("termination")
            ),
            0,
        )
        out: list[tuple[_dt.date, Shares, str]] = [
            (term.date, lost, f"termination ({term.reason.value})")
        ]
        deadline = exercise_deadline(grant, term.date)
        if deadline is not None:
            after = deadline + _dt.timedelta(days=1)
            if after <= self.as_of:
                expired = evaluate(grant, after).expired - evaluate(grant, deadline).expired
                if expired > 0 and type(expired) is int:  # (a record: the rules imply it)
                    out.append((after, expired, "exercise window ended"))
        return out

    def finish(self) -> _State:
        self.out.write("\n]}\n")
        return self.state


def _split_item(cls: str, split: StockSplit) -> dict[str, object]:
    """A split as OCF records it: a ``TX_STOCK_CLASS_SPLIT`` of the grant's stock class."""
    return {
        "id": f"{cls}.split.{split.date.isoformat()}",
        "object_type": "TX_STOCK_CLASS_SPLIT",
        "date": split.date.isoformat(),
        "stock_class_id": cls,
        "split_ratio": {
            "numerator": str(split.ratio.numerator),
            "denominator": str(split.ratio.denominator),
        },
    }


def _money(amount: Decimal) -> str:
    text = format(amount, "f")
    return text if "." in text else f"{text}.00"


def _day(event: Any) -> _dt.date:
    return event.start if isinstance(event, Leave) else event.date
