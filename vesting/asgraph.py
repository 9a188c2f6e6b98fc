"""Any grid or graded terms written as vesting conditions that vest exactly the same — how
terms are exchanged as the Open Cap Table Format's condition graph (:mod:`vesting.io.ocf`).

Above the engine (it reads a grid's compiled layout, :func:`vesting.engine.layout_of`) and
the graph evaluator (:mod:`vesting.conditions`); the tests check, over random terms, that the
graph written here vests what the terms vest.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace
from fractions import Fraction

from .allocation import Allocation
from .dates import Period, add, add_months
from .engine import layout_of
from .errors import Problem, TermsError, sub
from .model import VestingTerms
from .model.conditions import Condition, When


def as_conditions(terms: VestingTerms, start: _dt.date) -> tuple[Condition, ...]:
    """``terms`` written as vesting conditions that give a grant vesting from ``start`` exactly
    the same vests (dates and shares, under the same allocation) — how terms are exchanged as
    the Open Cap Table Format's condition graph.

    A periodic grid is a start condition (carrying ``immediate``) and one relative condition
    repeated over the grid, its cliff a ``cliff`` installment; a cliff that falls between grid
    dates (or in another unit) or has its own ``cliff_portion`` is a condition of its own, the
    grid after it counted from a quiet anchor on the last grid date it covers. Graded tranches
    are one relative condition each. A single milestone is an event condition, its deadline a
    quiet absolute condition on the day after the deadline, listed first (it wins a tie: an
    event that day comes too late).

    Raises :class:`~vesting.errors.TermsError` for what one path cannot hold: milestones
    alongside a time-based schedule, or several milestones (each may happen without the
    others); and for a cliff between grid dates under a front- or back-loaded allocation, whose
    rounding depends on each folded installment.
    """
    if terms.conditions:
        return terms.conditions
    policy = terms.day_of_month
    if terms.milestones:
        return _milestone_conditions(terms, start)
    if terms.graded:
        steps = list(terms.graded)
        head = steps.pop(0).portion if steps[0].offset.is_zero() else Fraction(0)
        out = [
            Condition(
                f"tranche-{i}",
                When.RELATIVE,
                portion=s.portion,
                period=s.offset,
                day_of_month=policy,
                relative_to="start",
            )
            for i, s in enumerate(steps, start=1)
        ]
        return _chain(Condition("start", When.START, portion=head), out)
    if terms.calendar is not None:
        return _calendar_conditions(terms, start)
    first = Condition("start", When.START, portion=terms.immediate)
    every, length = terms.every, terms.length
    m = length.count // every.count
    rest = 1 - terms.immediate
    cliff = terms.cliff
    if cliff is None or (
        cliff.unit is every.unit and cliff.count <= every.count and terms.cliff_portion is None
    ):
        grid = Condition(
            "installments",
            When.RELATIVE,
            portion=rest / m,
            period=every,
            occurrences=m,
            day_of_month=policy,
            relative_to="start",
        )
        return _chain(first, [grid])
    folded = layout_of(terms, start).folded
    aligned = cliff.unit is every.unit and cliff.count % every.count == 0
    if aligned and terms.cliff_portion is None:
        grid = Condition(
            "installments",
            When.RELATIVE,
            portion=rest / m,
            period=every,
            occurrences=m,
            day_of_month=policy,
            cliff=folded if folded >= 2 else 0,
            relative_to="start",
        )
        return _chain(first, [grid])
    if terms.cliff_portion is None and terms.allocation in _PER_INSTALLMENT:
        raise TermsError(
            [
                Problem(
                    "cliff",
                    str(cliff),
                    f"a cliff on a grid date (a multiple of {every}) under "
                    f"{terms.allocation.value}, whose rounding depends on each installment the "
                    "cliff folds: vesting conditions cannot fold them onto another date",
                )
            ]
        )
    cliff_part = terms.cliff_portion if terms.cliff_portion is not None else rest * folded / m
    after = m - folded
    conds: list[Condition] = []
    if folded:
        conds.append(
            Condition(
                "anchor",
                When.RELATIVE,
                quantity=Fraction(0),
                period=Period(every.count * folded, every.unit),
                day_of_month=policy,
                relative_to="start",
            )
        )
    conds.append(
        Condition(
            "cliff",
            When.RELATIVE,
            portion=cliff_part if after else rest,
            period=cliff,
            day_of_month=policy,
            relative_to="start",
        )
    )
    if after:
        each = (rest - cliff_part) / after
        conds.append(
            Condition(
                "installments",
                When.RELATIVE,
                portion=each,
                period=every,
                occurrences=after,
                day_of_month=policy,
                relative_to="anchor" if folded else "start",
            )
        )
    return _chain(first, conds)


def _calendar_conditions(terms: VestingTerms, start: _dt.date) -> tuple[Condition, ...]:
    """A calendar-aligned grid (:mod:`vesting.dates`) as conditions for a grant vesting from
    ``start`` (its dates are fixed once the start is known): the first aligned date an absolute
    condition, the later ones a relative condition from it under the grid's fixed day; a cliff
    that folds installments is a relative condition from the start, the grid after it counted
    from a quiet absolute anchor on the last grid date it folds."""
    lay = layout_of(terms, start)
    every, m, folded = terms.every, lay.grid, lay.folded
    cliff = terms.cliff
    rest = 1 - terms.immediate

    def on(k: int) -> _dt.date:
        return add_months(lay.origin, every.count * k, lay.day)

    folds = cliff is not None and (folded or terms.cliff_portion is not None)
    if folds and terms.cliff_portion is None and terms.allocation in _PER_INSTALLMENT:
        raise TermsError(
            [
                Problem(
                    "calendar",
                    str(terms.calendar),
                    f"no cliff folding installments under {terms.allocation.value}, whose "
                    "rounding depends on each installment the cliff folds: vesting conditions "
                    "cannot fold them onto another date",
                )
            ]
        )
    cliff_part = Fraction(0)
    conds: list[Condition] = []
    if folds:
        assert cliff is not None
        cliff_part = terms.cliff_portion if terms.cliff_portion is not None else rest * folded / m
        if folded:
            conds.append(Condition("anchor", When.ABSOLUTE, quantity=Fraction(0), date=on(folded)))
        after = m - folded
        conds.append(
            Condition(
                "cliff",
                When.RELATIVE,
                portion=cliff_part if after else rest,
                period=cliff,
                relative_to="start",
            )
        )
    after = m - folded if folds else m
    if after:
        each = (rest - cliff_part) / after
        if not folded:  # the grid's first date vests on its own
            conds.append(Condition("first", When.ABSOLUTE, portion=each, date=on(1)))
        if folded or after > 1:
            conds.append(
                Condition(
                    "installments",
                    When.RELATIVE,
                    portion=each,
                    period=every,
                    occurrences=after - (0 if folded else 1),
                    day_of_month=lay.day,
                    relative_to="anchor" if folded else "first",
                )
            )
    return _chain(Condition("start", When.START, portion=terms.immediate), conds)


_PER_INSTALLMENT = frozenset(
    (
        Allocation.FRONT_LOADED,
        Allocation.BACK_LOADED,
        Allocation.FRONT_LOADED_TO_SINGLE_TRANCHE,
        Allocation.BACK_LOADED_TO_SINGLE_TRANCHE,
    )
)


def _chain(first: Condition, rest: list[Condition]) -> tuple[Condition, ...]:
    """``first`` then ``rest``, each listing the one after it as next."""
    conds = [first, *rest]
    return tuple(
        replace(c, next=(conds[i + 1].id,) if i + 1 < len(conds) else ())
        for i, c in enumerate(conds)
    )


def _milestone_conditions(terms: VestingTerms, start: _dt.date) -> tuple[Condition, ...]:
    (m,) = terms.milestones if len(terms.milestones) == 1 else (None,)
    if m is None or terms.time_portion:
        what = "several milestones" if len(terms.milestones) > 1 else "a milestone and time"
        raise TermsError(
            [
                Problem(
                    "milestones",
                    what,
                    "vesting conditions take one path: one milestone for the whole grant "
                    "(each milestone, and the time-based schedule, may happen without the "
                    "others)",
                )
            ]
        )
    if m.fallback is not None:
        raise TermsError(
            [
                Problem(
                    sub(f"milestone '{m.name}'", "fallback"),
                    str(m.fallback),
                    "no fallback: vesting conditions cannot keep the fallback's shares pending "
                    "on the event (they would be a time-based tranche)",
                )
            ]
        )
    event = Condition(m.name, When.EVENT, portion=Fraction(1))
    nxt: tuple[str, ...] = (m.name,)
    conds = [event]
    if m.deadline is not None:
        deadline = (
            m.deadline
            if isinstance(m.deadline, _dt.date)
            else add(start, m.deadline, terms.day_of_month)
        )
        gone = "deadline" if m.name != "deadline" else "deadline-passed"
        conds.append(
            Condition(
                gone, When.ABSOLUTE, quantity=Fraction(0), date=deadline + _dt.timedelta(days=1)
            )
        )
        nxt = (gone, m.name)  # listed first: an event on the day after is too late
    return (Condition("start", When.START, quantity=Fraction(0), next=nxt), *conds)
