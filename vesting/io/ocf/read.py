"""OCF → grants: every equity compensation issuance of a package as a :class:`~vesting.Grant`
with its events (see docs/ocf.md for the table of what maps to what).

* **Issuances** (``TX_EQUITY_COMPENSATION_ISSUANCE``, ``TX_PLAN_SECURITY_ISSUANCE``) are grants:
  id = ``security_id``; kind from ``compensation_type`` (``OPTION_ISO`` → ISO, ``OPTION_NSO``
  → NSO, ``OPTION`` with ``option_grant_type`` ISO/NSO, ``RSU``); shares = ``quantity``
  (whole); grant date = ``date``; ``exercise_price``; ``expiration_date`` (an option without
  one gets the 10-year default; an RSU without one never lapses); ``early_exercisable``;
  ``termination_exercise_windows`` by reason (reasons not listed keep the defaults); holder =
  the stakeholder's legal name.
* **Vesting**: the issuance's ``vesting_terms_id`` (the whole condition graph), started by its
  ``TX_VESTING_START``; or its explicit ``vestings`` list, used as given (its amounts must add
  up to the quantity) — when it carries both and they agree, the terms are kept (they also
  know what is still pending); neither: fully vested on the grant date.
* **Events**: ``TX_VESTING_EVENT`` → a named event (the condition's id) the terms wait on;
  ``TX_VESTING_ACCELERATION`` → an acceleration of that many shares (pro-rata, or the method
  named at the end of its ``reason_text``: ``(soonest)``, ``(latest)``);
  ``TX_EQUITY_COMPENSATION_EXERCISE`` → an exercise; ``…_CANCELLATION`` → a cancellation (one
  whose ``reason_text`` is ``termination (<reason>)`` — how this program writes a termination —
  → that termination);
  ``TX_EQUITY_COMPENSATION_REPRICING`` → a repricing (a modification of the exercise price,
  ``new_exercise_price``, from its date); ``…_RELEASE`` (RSUs) is checked against what has
  vested; ``…_RETRACTION`` removes the
  issuance; ``…_ACCEPTANCE`` changes nothing. A ``TX_STOCK_CLASS_SPLIT`` of a stock class
  (``split_ratio`` new shares per old) is a stock split of every issuance naming that
  ``stock_class_id``, granted before the split date and not expired by then (an issuance
  naming no class is split by none). The stakeholder's ``CE_STAKEHOLDER_STATUS``
  changes give terminations (``TERMINATION_*``, the first on or after the grant date) and
  leaves (``LEAVE_OF_ABSENCE`` until the next status change; one still open at the package's
  ``as_of`` date is recorded up to that date).
* **Errors, never approximations**: anything about an issuance this model cannot represent —
  a transfer, a cancellation or transfer into a balance security, stock
  appreciation rights, an international option, fractional shares — is a problem naming the
  object and its file; so are dangling references. Objects unrelated to equity compensation
  (stock, convertibles, warrants, classes, plans, valuations, documents) are not read;
  restricted stock (a stock issuance with vesting) is an error.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from ...allocation import Allocation
from ...conditions import resolve
from ...dates import Period
from ...errors import MISSING, Location, Problem, VestingError, in_file, sub
from ...eventrules import applies
from ...model import (
    Event,
    ExerciseWindows,
    GradedStep,
    Grant,
    Kind,
    Leave,
    NamedEvent,
    StockSplit,
    Termination,
    VestingTerms,
)
from ...model.conditions import MAX_OCCURRENCES, Condition, When
from ..build import Read
from ..fields import OCF_KEYS as K
from . import values as v
from .history import events as security_events
from .history import releases
from .history import windows as exercise_windows
from .objects import ISSUANCES, KINDS, REASONS, SECURITY_TX, Obj
from .package import Package
from .terms import label, terms_from_ocf


def read_package(package: Package) -> Iterator[Read]:
    """Every grant of an OCF package (see the module doc), then nothing else: problems of the
    package as a whole come first, as entries of their own."""
    for p in package.problems:
        yield Read(None, (p,), p.location, False)
    reader = _Reader(package)
    yield from reader.file_problems()
    yield from reader.grants()


class _Reader:
    def __init__(self, package: Package) -> None:
        self.package = package
        self.holders: dict[str, str] = {}
        self.has_stakeholders = any(f.kind == "stakeholders" for f in package.files)
        for _, item in package.of("stakeholders"):
            sid, name = item.get("id"), item.get("name")
            legal = name.get("legal_name") if isinstance(name, dict) else None
            if isinstance(sid, str):
                self.holders[sid] = legal if isinstance(legal, str) and legal.strip() else sid
        self.terms: dict[str, tuple[VestingTerms | None, str]] = {}
        self.terms_problems: list[Read] = []
        for f, item in package.of("vesting_terms"):
            tid = item.get("id")
            terms, problems = terms_from_ocf(item)
            where = Location(f.name, record=label(item))
            if isinstance(tid, str):
                self.terms[tid] = (terms, where.text())
            if problems:
                located = tuple(p.at(in_file(f.name)) for p in problems)
                self.terms_problems.append(Read(None, located, where, False))
        self.issuances: list[Obj] = []
        self.splits: dict[str, list[StockSplit]] = {}
        self.by_security: dict[str, list[Obj]] = {}
        self.statuses: dict[str, list[Obj]] = {}
        self.orphans: list[Read] = []
        for f, item in package.of("transactions"):
            o = Obj(f, item)
            sec = item.get("security_id")
            if o.type in ISSUANCES:
                self.issuances.append(o)
            elif o.type in SECURITY_TX and isinstance(sec, str):
                self.by_security.setdefault(sec, []).append(o)
            elif o.type == "TX_STOCK_CLASS_SPLIT":
                self.class_split(o)
            elif o.type == "CE_STAKEHOLDER_STATUS":
                sid = item.get("stakeholder_id")
                if isinstance(sid, str):
                    self.statuses.setdefault(sid, []).append(o)
            elif o.type == "TX_STOCK_ISSUANCE" and (
                item.get("vesting_terms_id") or item.get("vestings")
            ):
                p = o.problem(
                    "vesting_terms_id",
                    item.get("vesting_terms_id") or "vestings",
                    "no vesting on stock (restricted stock is not supported)",
                )
                self.orphans.append(Read(None, (p,), o.where, False))
        issued = {i.item.get("security_id") for i in self.issuances}
        for sec, objs in self.by_security.items():
            if sec not in issued:
                o = objs[0]
                p = o.problem(
                    "security_id",
                    sec,
                    "the security of an equity compensation issuance in this package",
                )
                self.orphans.append(Read(None, (p,), o.where, False))
        as_of = package.manifest.get("as_of") if package.manifest else None
        self.as_of: _dt.date | None = None
        if as_of is not None:
            try:
                self.as_of = v.date(as_of, "as_of")
            except VestingError:
                self.as_of = None

    def class_split(self, o: Obj) -> None:
        """A ``TX_STOCK_CLASS_SPLIT``: ``split_ratio`` new shares per old for the class."""
        try:
            cls = v.text(v.get(o.item, "stock_class_id", o.label), f"{o.label}.stock_class_id")
            ratio = v.obj(v.get(o.item, "split_ratio", o.label), f"{o.label}.split_ratio")
            at = f"{o.label}.split_ratio"
            n = v.fraction(v.get(ratio, "numerator", at), f"{at}.numerator")
            m = v.fraction(v.get(ratio, "denominator", at), f"{at}.denominator")
            if n <= 0 or m <= 0:
                raise v.bad(at, f"{n}:{m}", "a numerator and a denominator > 0")
            split = StockSplit(o.date(), n / m)
        except VestingError as e:
            problems = tuple(p.located(o.file_at) for p in e.problems)
            self.orphans.append(Read(None, problems, o.where, False))
            return
        self.splits.setdefault(cls, []).append(split)

    def file_problems(self) -> Iterator[Read]:
        yield from self.terms_problems
        yield from self.orphans

    def grants(self) -> Iterator[Read]:
        """Every issuance's grant; a security id issued twice is one of the repeated ids
        :mod:`vesting.io.seen` catches (the entry carries it as its id)."""
        for o in self.issuances:
            sec = o.item.get("security_id")
            txs = self.by_security.get(sec, []) if isinstance(sec, str) else []
            if any(SECURITY_TX[t.type] == "retraction" for t in txs):
                continue  # retracted: the issuance never stood
            grant, problems = self.grant(o, txs)
            gid = sec if isinstance(sec, str) else None
            yield Read(grant if not problems else None, tuple(problems), o.where, True, gid)

    # ---------------------------------------------------------------------------- one grant

    def grant(self, o: Obj, txs: list[Obj]) -> tuple[Grant | None, list[Problem]]:
        found: list[Problem] = []
        item = o.item

        def take(fn: Callable[[], object]) -> object:
            try:
                return fn()
            except VestingError as e:
                found.extend(p.located(o.file_at) for p in e.problems)
                return None

        sec = take(lambda: v.text(v.get(item, K["id"], o.label), f"{o.label}.{K['id']}"))
        kind = take(lambda: self.kind(o))
        shares = take(
            lambda: v.whole(
                v.get(item, K["shares"], o.label),
                f"{o.label}.{K['shares']}",
                "a whole number of shares > 0 (fractional shares are not supported)",
            )
        )
        granted = take(o.date)
        price = None
        if item.get(K["exercise_price"]) is not None:
            price = take(
                lambda: v.money(item[K["exercise_price"]], f"{o.label}.{K['exercise_price']}")[0]
            )
        expires = None
        if item.get(K["expiration"]) is not None:
            expires = take(lambda: v.date(item[K["expiration"]], f"{o.label}.{K['expiration']}"))
        windows = take(lambda: exercise_windows(o))
        early = item.get(K["early_exercise"], False)
        if not isinstance(early, bool):
            found.append(o.problem(K["early_exercise"], early, "true or false"))
            early = False
        holder = None
        stakeholder = item.get("stakeholder_id")
        if isinstance(stakeholder, str):
            holder = self.holders.get(stakeholder)
            if holder is None and self.has_stakeholders:
                found.append(
                    o.problem("stakeholder_id", stakeholder, "a stakeholder of the package")
                )
            holder = holder or stakeholder  # one file without stakeholders: its id
        else:
            found.append(o.problem("stakeholder_id", MISSING, "a stakeholder id (required by OCF)"))
        if kind is Kind.RSU:
            if price is not None:
                found.append(o.problem(K["exercise_price"], str(price), "none on an RSU"))
            if early:
                found.append(o.problem(K["early_exercise"], True, "false on an RSU"))
        if shares == 0:
            found.append(o.problem(K["shares"], "0", "a whole number of shares > 0"))
        if found or not isinstance(granted, _dt.date) or not isinstance(kind, Kind):
            return None, found
        assert isinstance(shares, int) and isinstance(sec, str)
        events, start = security_events(o, txs, kind, granted, found)
        terms = self.vesting(o, txs, shares, granted, start, events, found)
        if terms is None or found:
            return None, found
        terms = replace(
            terms,
            early_exercise=early,
            exercise_windows=windows if isinstance(windows, ExerciseWindows) else ExerciseWindows(),
        )
        if isinstance(stakeholder, str):
            events.extend(self.status_events(stakeholder, granted, found))
        cls = item.get("stock_class_id")
        split = self.splits.get(cls, []) if isinstance(cls, str) else []
        try:
            grant = Grant(
                sec,
                kind,
                shares,
                granted,
                terms,
                vesting_start=start,
                exercise_price=price if isinstance(price, Decimal) else None,
                expiration=expires if isinstance(expires, _dt.date) else None,
                holder=holder,
                events=tuple(events),
            )
            company = [x for x in split if applies(x, grant)]
            if company:
                grant = grant.with_events(*company)
            from ...status import check

            check(grant)
        except VestingError as e:
            found.extend(p.located(o.where) for p in e.problems)
            return None, found
        releases(grant, txs, found)
        return (None if found else grant), found

    def kind(self, o: Obj) -> Kind:
        item = o.item
        comp = v.get(item, K["kind"], o.label)
        if v.enum(comp) in KINDS:
            return KINDS[str(v.enum(comp))]
        if v.enum(comp) == "OPTION":
            grant_type = item.get("option_grant_type")
            if v.enum(grant_type) in ("ISO", "NSO"):
                return Kind(str(v.enum(grant_type)))
            raise v.bad(
                sub(o.label, "option_grant_type"),
                grant_type if grant_type is not None else MISSING,
                "ISO or NSO (an option of another or no type is not supported)",
            )
        raise v.bad(
            sub(o.label, K["kind"]),
            comp,
            "OPTION_ISO, OPTION_NSO, OPTION (ISO or NSO) or RSU (stock appreciation rights are "
            "not supported)",
        )

    def vesting(
        self,
        o: Obj,
        txs: list[Obj],
        shares: int,
        granted: _dt.date,
        start: _dt.date | None,
        events: list[Event],
        found: list[Problem],
    ) -> VestingTerms | None:
        item = o.item
        terms: VestingTerms | None = None
        tid = item.get("vesting_terms_id")
        if tid is not None:
            entry = self.terms.get(str(tid))
            if entry is None:
                found.append(
                    o.problem("vesting_terms_id", tid, "the id of vesting terms in the package")
                )
                return None
            terms, where = entry
            if terms is None:
                found.append(
                    o.problem(
                        "vesting_terms_id", tid, f"vesting terms without problems (see {where})"
                    )
                )
                return None
            starts = [c.id for c in terms.conditions if c.when is When.START]
            if starts and start is None:
                found.append(
                    o.problem(
                        "security_id",
                        item.get("security_id"),
                        f"a TX_VESTING_START for the terms' start condition '{starts[0]}'",
                    )
                )
                return None
            waits = {c.id for c in terms.conditions if c.when is When.EVENT}
            for e in events:
                if isinstance(e, NamedEvent) and e.name not in waits:
                    found.append(
                        o.problem(
                            "vesting_condition_id",
                            e.name,
                            f"a VESTING_EVENT condition of terms '{tid}'",
                        )
                    )
        raw = item.get("vestings")
        if raw is not None:
            listed = self.vestings(o, raw, found)
            if listed is None:
                return None
            if terms is not None:
                happened: dict[str, _dt.date] = {}
                for e in sorted((x for x in events if isinstance(x, NamedEvent)), key=_day):
                    happened.setdefault(e.name, e.date)
                try:
                    path = resolve(terms, start or granted, shares, happened)
                except VestingError:
                    path = None
                if path is not None and [(x.date, x.shares) for x in path.vests] == listed:
                    return terms  # they agree: keep the terms (they know what is pending)
            total = sum(a for _, a in listed)
            if total != shares:
                found.append(
                    o.problem(
                        "vestings",
                        f"amounts adding up to {total}",
                        f"amounts adding up to the quantity, {shares:,}",
                    )
                )
                return None
            whole = all(a.denominator == 1 for _, a in listed)
            allocation = Allocation.CUMULATIVE_ROUND_DOWN if whole else Allocation.FRACTIONAL
            return VestingTerms(conditions=_explicit(listed), allocation=allocation)
        if terms is not None:
            return terms
        return VestingTerms(graded=(GradedStep(Period.months(0), Fraction(1)),))  # fully vested

    def vestings(
        self, o: Obj, raw: object, found: list[Problem]
    ) -> list[tuple[_dt.date, Fraction]] | None:
        fld = f"{o.label}.vestings"
        if not isinstance(raw, list) or len(raw) > MAX_OCCURRENCES:
            found.append(
                o.problem(
                    "vestings", raw, f"a list of at most {MAX_OCCURRENCES:,} {{date, amount}}"
                )
            )
            return None
        by_day: dict[_dt.date, Fraction] = {}
        try:
            for i, x in enumerate(raw):
                item = v.obj(x, f"{fld}[{i}]")
                day = v.date(v.get(item, "date", f"{fld}[{i}]"), f"{fld}[{i}].date")
                amount = v.fraction(v.get(item, "amount", f"{fld}[{i}]"), f"{fld}[{i}].amount")
                if amount < 0:
                    raise v.bad(sub(fld, i, "amount"), str(amount), "an amount >= 0")
                by_day[day] = by_day.get(day, Fraction(0)) + amount
        except VestingError as e:
            found.extend(p.at(o.file_at) for p in e.problems)
            return None
        return sorted((d, a) for d, a in by_day.items() if a)

    def status_events(
        self, stakeholder: str, granted: _dt.date, found: list[Problem]
    ) -> list[Event]:
        changes = sorted(
            self.statuses.get(stakeholder, []), key=lambda t: str(t.item.get("date", ""))
        )
        dated: list[tuple[_dt.date, str, Obj]] = []
        for t in changes:
            try:
                dated.append((t.date(), str(v.enum(t.item.get("new_status"))), t))
            except VestingError as e:
                found.extend(p.at(t.file_at) for p in e.problems)
        out: list[Event] = []
        for i, (day, status, t) in enumerate(dated):
            if status.startswith("TERMINATION_") and day >= granted:
                reason = REASONS.get(status.removeprefix("TERMINATION_"))
                if reason is None:
                    shown = t.item.get("new_status")
                    found.append(t.problem("new_status", shown, "an OCF StakeholderStatusType"))
                    return out
                out.append(Termination(day, reason))
                return out  # a later status belongs to a later employment
            if status == "LEAVE_OF_ABSENCE":
                end = dated[i + 1][0] - _dt.timedelta(days=1) if i + 1 < len(dated) else self.as_of
                if end is None:
                    found.append(
                        t.problem(
                            "new_status",
                            status,
                            "a leave that ends (a later status change, or a package as_of date)",
                        )
                    )
                    continue
                if end >= granted and end >= day:
                    out.append(Leave(max(day, granted), end))
            elif status not in ("ACTIVE",) and not status.startswith("TERMINATION_"):
                found.append(t.problem("new_status", status, "an OCF StakeholderStatusType"))
        return out


def _day(event: NamedEvent) -> _dt.date:
    return event.date


def _explicit(listed: list[tuple[_dt.date, Fraction]]) -> tuple[Condition, ...]:
    """Explicit vestings as a chain of absolute conditions of that many shares each."""
    ids = [f"vesting-{i}" for i in range(1, len(listed) + 1)]
    return tuple(
        Condition(
            ids[i],
            When.ABSOLUTE,
            quantity=Fraction(a),
            date=d,
            next=(ids[i + 1],) if i + 1 < len(ids) else (),
        )
        for i, (d, a) in enumerate(listed)
    )
