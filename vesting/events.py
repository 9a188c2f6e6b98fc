"""What life events do to a grant — the one module that applies events (leaves through
:mod:`vesting.tolling`, cancellations through :mod:`vesting.cancelling`; the rules about events
alone, their order and dates, in :mod:`vesting.eventrules`; the entries in :mod:`vesting.entries`).

:func:`timeline` takes a grant's time-based schedule (:mod:`vesting.engine`) and its recorded
events and returns every share's fate as dated :class:`Entry` records. The rules, applied in
this order:

1. **Leaves**, by the terms' ``leave_tolling`` (:class:`~vesting.model.LeaveTolling`):
   ``none`` (the default) changes nothing; ``periods`` moves every grid installment dated
   inside the leave, and every later one, out by the number of installments dated inside it
   (whole periods: dates keep the grid's day-of-month policy; the cliff moves with its
   installment); ``days`` moves every vest date on or after the leave's start out by the
   leave's length, ``(end − start) + 1`` days. Leaves shorter than ``leave_min_days`` never
   toll. Leaves are applied in order of start.
2. **Accelerations**, in order of the date they take effect. A single-trigger acceleration takes
   effect on its date; a double-trigger one on the date of a qualifying termination (reason in
   its ``qualifying`` list, default involuntary) no later than ``window`` after the change of
   control, and otherwise not at all (a change of control after the termination is accepted and
   has no effect; a single-trigger acceleration after the termination is an error). The amount
   is a share count (capped at the unvested time-based balance), a percent of that balance
   (rounded down to whole shares), or ``months`` — the tranches due within that many months of
   the effective date. Which tranches give up the shares: ``pro-rata`` (default: every later
   tranche shrinks in proportion, cumulative round-down, so the shrinkage sums exactly),
   ``soonest`` (the next tranches first) or ``latest`` (the last tranches first). The pulled
   shares vest on the effective date. Event-gated (milestone) shares are not accelerated —
   unless the terms say ``accelerate_milestones`` — and the terms' ``accelerate_on`` adds an
   acceleration on a termination for a listed reason (:mod:`vesting.provisions`).
3. **Termination**: a tranche dated before the termination date vests; one dated on it vests
   unless ``vest_on_termination_date`` is false; every later one is forfeited *on the
   termination date*. Pending milestone shares are forfeited on that date too.
4. **Expiration**: nothing vests after the grant's expiration (an option's contractual
   expiration, an RSU's lapse date): a tranche dated after it — a leave may have moved it there,
   or the term is shorter than the schedule — is forfeited on the expiration date. A tranche
   dated on it vests.
5. **Milestones** (event-gated portions): vest on the named event's date if it happens no later
   than the deadline (and not after the termination or the expiration); pending until then;
   forfeited the day after the deadline when it passes without the event (on the termination
   or expiration date when that comes first). With a ``fallback`` date the portion vests on
   the earlier of the event (by the deadline) and the fallback, if still in service
   (:mod:`vesting.provisions`).
6. **Cancellations** (:class:`~vesting.model.Cancellation`, what a cap table records), in date
   order. The shares a cancellation counts cover, in turn: shares already gone — forfeited,
   lapsed, or options expired at the end of their exercise window — that no earlier
   cancellation recorded; then unvested shares, the latest first, forfeited on the
   cancellation's date (when none is left, vesting has stopped) — never those already
   exercised early, which the holder owns; then vested options not exercised, which expire that
   day (``cancelled`` entries), or vested RSUs not yet settled, which are forfeited. More than
   that is an error. An exercise on the day of a cancellation comes first. A cancellation
   dated before an acceleration takes effect, while employment goes on, is applied to the
   tranches before it: the acceleration works on what the cancellation left unvested (terms
   with event-gated shares excepted, whose pending shares a cancellation takes first).
7. **Lapse** (double-trigger RSUs): when the settling event (``settle_on``) has not happened by
   the expiration, the units vested but never settled lapse on the expiration date (a
   ``lapsed`` entry: no longer vested, forfeited).

Stock splits (:mod:`vesting.inforce` states the rules): the rules above work in shares as
granted — a share count of an event dated on or after a split is converted back exactly, and an
acceleration by a percentage rounds to whole shares of its own date — and :func:`timeline` then
gives each entry in the shares of its date, each split an entry of its own
(:mod:`vesting.splitting`); :func:`base_timeline` keeps the shares as granted.

Named events that no term refers to have no effect. Exercises and RSU settlement do not change
what vests; :mod:`vesting.status` reads them. Impossible or out-of-order events raise
:class:`~vesting.errors.EventError` naming the event, its date and what is allowed.
"""

from __future__ import annotations

import datetime as _dt
from fractions import Fraction

from .allocation import Allocation, Shares
from .cancelling import EarlyCancels, cancel
from .conditions import Resolution, resolve
from .dates import add_months
from .engine import milestone_shares, schedule
from .entries import Entry, Mark
from .eventrules import (
    check_events,
    effective_date,
    event_date,
    exercise_deadline,
    termination_of,
)
from .inforce import event_shares, expiration_of, factor_on, floor_in, has_splits
from .memo import kept
from .model import (
    Acceleration,
    Cancellation,
    Grant,
    Method,
    Modification,
    NamedEvent,
    require_grant,
)
from .provisions import (
    Provided,
    control_accelerations,
    dated,
    fallback_vest,
    left_of,
    milestone_pieces,
    pending_at,
    reason_accelerations,
    tail_entry,
)
from .shares import as_shares, whole_counts
from .splitting import Drops, as_happened, tranche_rounding
from .splitting import granted_on as shares_after
from .tolling import Piece, toll


def _take(
    pieces: list[Piece], amount: Shares, method: Method, fractional: bool, factor: Fraction
) -> None:
    """Reduce ``pieces`` (all unvested, in date order) by ``amount`` shares in total (whole
    shares of a date whose split factor is ``factor``)."""
    if method is Method.PRO_RATA:
        balance = sum(p.shares for p in pieces)
        if not balance:
            return
        running: Shares = 0
        taken: Shares = 0
        for p in pieces:
            running += p.shares
            exact = Fraction(amount) * Fraction(running) / Fraction(balance)
            upto: Shares = as_shares(exact) if fractional else floor_in(exact, factor)
            cut = min(p.shares, upto - taken)  # never more than the piece (see below)
            p.shares -= cut
            taken += cut
        # Without a split the cumulative round-down never asks a piece for more than it has.
        # After one, a whole share of the date may be bigger than a tranche as granted: what a
        # piece could not give comes from the latest pieces still holding shares.
        left = amount - taken
        for p in reversed(pieces):
            if left <= 0:
                break
            cut = min(p.shares, left)
            p.shares -= cut
            left -= cut
        return
    order = pieces if method is Method.SOONEST else list(reversed(pieces))
    left = amount
    for p in order:
        if left <= 0:
            break
        cut = min(p.shares, left)
        p.shares -= cut
        left -= cut


def _accelerate(
    grant: Grant,
    pieces: list[Piece],
    acc: Acceleration,
    when: _dt.date,
    fractional: bool,
    same_day: bool,
    recorded: bool = True,
) -> Shares:
    """``same_day``: a tranche dated ``when`` is unvested too (a termination that day with
    ``vest_on_termination_date`` false would otherwise forfeit it). Amounts are in shares as
    granted; a recorded share count is in the shares of the acceleration's date (one the terms
    state, ``recorded`` false, in shares as granted), a percentage rounds to whole shares of
    ``when`` (:mod:`vesting.inforce`)."""
    factor = factor_on(grant, when)
    later = [p for p in pieces if (p.date > when or (same_day and p.date == when)) and p.shares]
    balance: Shares = sum((p.shares for p in later), 0)
    if acc.months is not None:
        horizon = add_months(when, acc.months)
        due = [p for p in later if p.date <= horizon]
        amount: Shares = sum((p.shares for p in due), 0)
        for p in due:
            p.shares = 0
        return amount
    if acc.shares is not None:
        shares = event_shares(grant, acc.date, acc.shares) if recorded else acc.shares
        # capped at the unvested balance, in whole shares of the date (a split may have made
        # the balance a fraction of a share of that date)
        amount = min(shares, balance) if fractional else floor_in(min(shares, balance), factor)
    else:
        assert acc.percent is not None
        exact = balance * acc.percent
        amount = as_shares(exact) if fractional else floor_in(exact, factor)
    _take(later, amount, acc.method, fractional, factor)
    return amount


__all__ = [
    "Entry",
    "Mark",
    "base_timeline",
    "check_events",
    "effective_date",
    "event_date",
    "exercise_deadline",
    "granted_on",
    "termination_of",
    "timeline",
]


def timeline(grant: Grant) -> tuple[Entry, ...]:
    """The grant's vesting as its recorded events make it (see the module rules).

    Entries are in date order (pending entries last); ``cumulative`` runs over vesting entries.
    The shares of all entries sum to exactly the grant. With stock splits, each entry is in the
    shares of its own date and each split is an entry of its own (:mod:`vesting.splitting`).
    """
    require_grant(grant, "timeline")
    record = kept(grant)  # by grant identity: vesting.memo
    cached: tuple[Entry, ...] | None = record.timeline
    if cached is None:
        entries, dropped = based(grant)
        cached = entries if not has_splits(grant) else as_happened(grant, entries, dropped)
        record.timeline = cached
    return cached


def base_timeline(grant: Grant) -> tuple[Entry, ...]:
    """The timeline in shares as granted: every split undone (what the accounting counts, and
    what :mod:`vesting.status` restates to the shares of a date). The same as
    :func:`timeline` for a grant without splits."""
    return based(grant)[0]


def granted_on(grant: Grant, on: _dt.date | None) -> Shares:
    """The grant's shares on ``on`` in the shares of that date (``None``: after every split):
    its shares as granted when it has no split."""
    if not has_splits(grant):
        return grant.shares
    return shares_after(grant, based(grant)[1], on)


def based(grant: Grant) -> tuple[tuple[Entry, ...], Drops]:
    """The timeline in shares as granted, and what ``tranche`` split rounding dropped from the
    tranches at each split (:mod:`vesting.splitting`)."""
    record = kept(grant)
    cached: tuple[tuple[Entry, ...], Drops] | None = record.base
    if cached is None:
        cached = record.base = _timeline(grant)
    return cached


def _happened(grant: Grant) -> dict[str, _dt.date]:
    """Each named event's date (the first, when one is recorded twice)."""
    happened: dict[str, _dt.date] = {}
    for ev in sorted((e for e in grant.events if isinstance(e, NamedEvent)), key=lambda e: e.date):
        happened.setdefault(ev.name, ev.date)
    return happened


_Day = _dt.date | None
_Gate = tuple[str, Shares, _Day, _Day, _Day, bool, _Day]
"""A milestone, a graph's event or its rest: name, shares, deadline shown, first day it can no
longer vest, event date, event-gated, fallback date."""


def _timeline(grant: Grant) -> tuple[tuple[Entry, ...], Drops]:
    check_events(grant)
    terms = grant.terms
    fractional = terms.allocation is Allocation.FRACTIONAL
    happened = _happened(grant)
    path: Resolution | None = None
    if terms.conditions:
        path = resolve(terms, grant.start, grant.shares, happened)
        pieces = [Piece(v.date, v.shares, v.date, v.condition) for v in path.vests if not v.event]
    else:
        pieces = [Piece(t.date, t.shares, t.date) for t in schedule(grant)]

    # 1. leaves
    toll(grant, pieces)
    dropped = tranche_rounding(grant, pieces)

    # 2. accelerations
    term = termination_of(grant)
    out: list[Entry] = []
    accs: list[Provided] = [
        (when, acc, "", None)
        for acc in agreed(grant)
        if (when := effective_date(acc, term)) is not None
    ]
    # the terms' accelerate_on and change_of_control (vesting.provisions)
    accs += reason_accelerations(grant, term) + control_accelerations(grant, term)
    tails: list[Entry] = []
    gated = bool(terms.milestones) or (
        path is not None and (path.rest > 0 or any(v.event for v in path.vests))
    )
    early = EarlyCancels(grant, term, gated)
    held = milestone_pieces(grant, happened)  # accelerate_milestones (vesting.provisions)
    modified = {id(m.accelerate) for m in grant.events if isinstance(m, Modification)}
    for when, acc, said, tail in sorted(accs, key=lambda x: x[0]):
        early.before(when, pieces, out)
        same_day = term is not None and when == term.date and not terms.vest_on_termination_date
        takes = pieces + pending_at(held, when) if held else pieces
        # a share count the terms state is in shares as granted; a recorded one, of its date
        amount = _accelerate(grant, takes, acc, when, fractional, same_day, not said)
        if amount:
            # months take the tranches due soonest, whatever the method
            method = "soonest" if acc.months is not None else acc.method.value
            how = said or f"{acc.trigger.value}-trigger acceleration ({method})"
            if id(acc) in modified:
                how = f"modification: {how}"
            if tail is not None:  # held through a change of control's tail
                tails.append(tail_entry(tail, amount, how, expiration_of(grant)))
            else:
                out.append(Entry(when, amount, 0, Mark.ACCELERATED, note=how))

    # 3. termination, 4. expiration
    expires = expiration_of(grant)
    for p in pieces:
        if not p.shares:
            continue
        original = p.original if p.original != p.date else None
        if (
            term is not None
            and (p.date > term.date or (p.date == term.date and not terms.vest_on_termination_date))
            and (expires is None or term.date <= expires)
        ):
            out.append(Entry(term.date, p.shares, 0, Mark.FORFEITED, p.date, "termination"))
        elif expires is not None and p.date > expires:
            out.append(Entry(expires, p.shares, 0, Mark.FORFEITED, p.date, "expiration"))
        else:
            note = p.note if path is None or p.note.startswith(("moved", "during")) else ""
            out.append(Entry(p.date, p.shares, 0, Mark.SCHEDULED, original, note))
    for i, e in enumerate(out):  # an acceleration dated after the expiration cannot vest
        if e.mark is Mark.ACCELERATED and expires is not None and e.date and e.date > expires:
            out[i] = Entry(expires, e.shares, 0, Mark.FORFEITED, e.date, "expiration")
    out.extend(tails)

    # 4. milestones (and, for vesting conditions, what the graph's events vest and the rest)
    # each gate: (name, shares, deadline shown, first day it can no longer vest, event date)
    # (and the fallback date, vesting.provisions)
    gates: list[_Gate] = []
    left = left_of(held) if held else milestone_shares(grant)
    for cond, shares in zip(terms.milestones, left, strict=True):
        deadline = dated(grant, cond.deadline)
        after = None if deadline is None else deadline + _dt.timedelta(days=1)
        fallback = dated(grant, cond.fallback)
        gates.append((cond.name, shares, deadline, after, happened.get(cond.name), True, fallback))
    if path is not None:
        gates.extend(
            (v.condition, v.shares, None, None, v.date, True, None) for v in path.vests if v.event
        )
        if path.rest:
            why = f"waiting on {', '.join(path.waiting)}" if path.waiting else "vests nothing more"
            gates.append(
                (f"{path.last}: {why}", path.rest, None, path.ends, None, path.gated, None)
            )
    for name, shares, deadline, after, when, gated, fallback in gates:
        if not shares:
            continue
        mark, said = Mark.EVENT, name
        if fallback is not None:  # the earlier of the event and the fallback; no deadline
            when, by_event = fallback_vest(when, after, fallback)
            after = None
            if not by_event:
                mark, said = Mark.SCHEDULED, f"{name}: fallback"
        stops: list[tuple[_dt.date, str]] = []
        if term is not None:
            stops.append((term.date, "termination"))
        if expires is not None:
            stops.append((expires + _dt.timedelta(days=1), "expiration"))
        if after is not None:
            stops.append((after, "deadline passed" if path is None else "conditions end"))
        stop = min(stops) if stops else None
        inclusive = terms.vest_on_termination_date
        if when is not None and (
            stop is None
            or when < stop[0]
            or (when == stop[0] and stop[1] == "termination" and inclusive)
        ):
            out.append(Entry(when, shares, 0, mark, deadline, said, gated))
        elif stop is not None:
            note = f"{name.split(':', 1)[0]}: {stop[1]}"
            on = expires if stop[1] == "expiration" and expires is not None else stop[0]
            out.append(Entry(on, shares, 0, Mark.FORFEITED, deadline, note, gated))
        else:
            out.append(Entry(None, shares, 0, Mark.PENDING, deadline, name, gated))

    order = {Mark.SCHEDULED: 0, Mark.ACCELERATED: 0, Mark.EVENT: 0, Mark.FORFEITED: 1}
    out.sort(key=lambda e: (e.date is None, e.date or _dt.date.max, order.get(e.mark, 2)))

    # 6. cancellations
    if any(isinstance(e, Cancellation) for e in grant.events):
        cancel(grant, out, happened)
        out.sort(key=lambda e: (e.date is None, e.date or _dt.date.max, order.get(e.mark, 2)))

    # 7. lapse of double-trigger RSUs not settled by the expiration
    lapse = _lapse(grant, out, happened)
    if lapse is not None:
        out.append(lapse)
    running: Shares = 0
    result: list[Entry] = []
    option = grant.kind.is_option
    for e in out:
        if e.vests:
            running += e.shares
        elif e.mark is Mark.LAPSED or (e.mark is Mark.CANCELLED and not option):
            running -= e.shares
        result.append(e._replace(cumulative=running))
    if fractional:  # counts that add up to whole shares are ints (vesting.shares)
        return tuple(map(whole_counts, result)), dropped
    return tuple(result), dropped


def agreed(grant: Grant) -> list[Acceleration]:
    """The grant's accelerations: those recorded, and those its modifications agree."""
    out = [e for e in grant.events if isinstance(e, Acceleration)]
    out.extend(
        m.accelerate
        for m in grant.events
        if isinstance(m, Modification) and m.accelerate is not None
    )
    return out


def _lapse(grant: Grant, entries: list[Entry], happened: dict[str, _dt.date]) -> Entry | None:
    """The lapse of a double-trigger RSU grant whose settling event did not come by its
    expiration (module rule 6), or ``None``."""
    settle_on, expires = grant.terms.settle_on, expiration_of(grant)
    if settle_on is None or expires is None:
        return None
    settles = happened.get(settle_on)
    if settles is not None and settles <= expires:
        return None
    unsettled: Shares = sum(
        (e.shares for e in entries if e.vests and e.date and e.date <= expires), 0
    ) - sum(  # units a cancellation already took
        (e.shares for e in entries if e.mark is Mark.CANCELLED and e.date and e.date <= expires),
        0,
    )
    if not unsettled:
        return None
    note = f"no {settle_on} by the expiration"
    return Entry(expires, unsettled, 0, Mark.LAPSED, None, note)
