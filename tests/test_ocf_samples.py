"""The OCF import checked against the official Open Cap Table Format samples (copies in
``tests/data/ocf``; the last section needs no file).

Where the expected values come from — never from this library's output:

* dates are computed by the independent helper ``helpers.month_day`` (calendar months from
  the vesting start, the wanted day clamped to the month's length, ``calendar.monthrange``), or
  written out by hand;
* share amounts are worked out by hand in the comments, or computed in the test straight from
  the OCF definitions (``CUMULATIVE_ROUNDING`` as ``Decimal`` ``ROUND_HALF_UP`` of the exact
  cumulative; ``BACK_LOADED`` as per-installment floors plus one share to each of the last R
  installments), or taken from the OCF documentation facts quoted in ``tests/data/ocf/README.md``;
* the evaluation rules are those stated in :mod:`vesting.conditions` (first sibling to fire
  wins, a tie to the one listed first; relative months counted from the base's month on the day
  policy read from the vesting start; one allocation over the whole path; what the path leaves
  is forfeited when it completes, pending while it waits on an event).

The last section builds OCF terms as JSON dicts to catch each mistake of the old OCF reference
generator (a fixed day ignored, ``29/30_OR_LAST`` read as 31, month-end drift, floating-point
cumulatives, ``FRACTIONAL`` rounded).
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from helpers import ACME, OCF_SAMPLES, invoke, month_day, status

import vesting
from vesting import Grant, Kind, NamedEvent, Status, VestingTerms
from vesting.io.documents import load_json
from vesting.io.ocf.terms import terms_from_ocf

D = dt.date
START_DAY = "VESTING_START_DAY_OR_LAST_DAY_OF_MONTH"

# ------------------------------------------------------------------------------------ helpers


def half_up(value: Fraction) -> int:
    """``value`` rounded half up (away from zero for these positive values), via ``Decimal``."""
    with localcontext() as ctx:
        ctx.prec = 80
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def sample_items(name: str) -> dict[str, dict[str, Any]]:
    """The objects of an OCF sample file, by id (numbers exact)."""
    doc = load_json((OCF_SAMPLES / name).read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    items = doc["items"]
    assert isinstance(items, list)
    return {str(item["id"]): item for item in items}


def terms_of(obj: dict[str, Any]) -> VestingTerms:
    terms, problems = terms_from_ocf(obj)
    assert problems == []
    assert terms is not None
    return terms


def sample_terms(tid: str, name: str = "VestingTerms.ocf.json") -> VestingTerms:
    return terms_of(sample_items(name)[tid])


def option(terms: VestingTerms, shares: int, start: dt.date, *events: vesting.Event) -> Grant:
    """An NSO granted and starting to vest on ``start`` (expiring 10 years later)."""
    return Grant(
        "g",
        Kind.NSO,
        shares,
        start,
        terms,
        vesting_start=start,
        exercise_price=Decimal("1.00"),
        events=tuple(events),
    )


def scheduled(grant: Grant) -> list[tuple[dt.date, vesting.Shares]]:
    """The time-only path (no events), checking each cumulative as it goes."""
    out: list[tuple[dt.date, vesting.Shares]] = []
    running: vesting.Shares = 0
    for t in vesting.schedule(grant):
        running += t.shares
        assert t.cumulative == running
        out.append((t.date, t.shares))
    return out


def vested_entries(grant: Grant) -> list[tuple[dt.date | None, vesting.Shares]]:
    """What the grant's events make vest, in date order."""
    return [(e.date, e.shares) for e in vesting.timeline(grant) if e.vests]


def amounts(s: Status) -> tuple[vesting.Shares, ...]:
    """(vested, unvested, pending, forfeited)."""
    return (s.vested, s.unvested, s.pending, s.forfeited)


# ------------------------------------------------- 1. 4yr-1yr-cliff-schedule (CUMULATIVE_ROUNDING)


def test_four_year_cliff_sample_is_the_ocf_explainer_case() -> None:
    terms = sample_terms("4yr-1yr-cliff-schedule")
    assert terms.allocation is vesting.Allocation.CUMULATIVE_ROUNDING
    start = D(2021, 1, 30)
    got = scheduled(option(terms, 480, start))
    # 12/48 of 480 = 120 on the first anniversary; then 36 × 1/48 of 480 = 10 each, on the 30th
    # or the month's last day, counted from the start (never from the previous date).
    assert got[:5] == [
        (D(2022, 1, 30), 120),
        (D(2022, 2, 28), 10),
        (D(2022, 3, 30), 10),
        (D(2022, 4, 30), 10),
        (D(2022, 5, 30), 10),
    ]
    assert got == [(D(2022, 1, 30), 120)] + [(month_day(start, 12 + k), 10) for k in range(1, 37)]
    assert len(got) == 37
    assert sum(s for _, s in got) == 480
    assert got[-1] == (D(2025, 1, 30), 10)
    assert [d for d, _ in got if d.month == 2] == [D(2022, 2, 28), D(2023, 2, 28), D(2024, 2, 29)]


@pytest.mark.parametrize("shares", [1001, 10**17 + 1])
def test_four_year_cliff_sample_rounds_cumulatives_half_up(shares: int) -> None:
    terms = sample_terms("4yr-1yr-cliff-schedule")
    start = D(2021, 1, 30)
    got = scheduled(option(terms, shares, start))
    # After k of 48 months (k = 12 at the cliff, then 13 … 48) the holder has
    # T × k/48 rounded half up.
    expected: list[tuple[dt.date, int]] = []
    before = 0
    for k in range(12, 49):
        cum = half_up(Fraction(shares * k, 48))
        expected.append((month_day(start, k), cum - before))
        before = cum
    assert got == expected
    assert sum(s for _, s in got) == shares
    if shares == 1001:
        # by hand: 1001/4 = 250.25 → 250 at the cliff; k = 23: 479.65 → 480;
        # k = 24: 500.5 → 501 (half up — banker's rounding or round-down would give 500)
        cumulative = {t.date: t.cumulative for t in vesting.schedule(option(terms, 1001, start))}
        assert cumulative[D(2022, 1, 30)] == 250
        assert cumulative[D(2022, 12, 30)] == 480
        assert cumulative[D(2023, 1, 30)] == 501
        assert got[0] == (D(2022, 1, 30), 250)
        assert (D(2023, 1, 30), 21) in got


# ------------------------------------------------------- 2. 6-yr-option-back-loaded (BACK_LOADED)

SIX_YEAR_BLOCKS = ((1, Fraction(1, 10)), *((12, Fraction(1, d)) for d in (80, 60, 48, 40)))
"""10% at 24 months, then 12 monthly installments each of 1/80, 1/60, 1/48 and 1/40."""


def back_loaded(total: int, portions: Sequence[Fraction]) -> list[int]:
    """OCF BACK_LOADED, from its definition: floor(T × p_i) each, the remainder one share each
    to the last installments."""
    floors = [int(total * p // 1) for p in portions]
    remainder = total - sum(floors)
    assert 0 <= remainder < len(portions)
    return [f + (1 if i >= len(portions) - remainder else 0) for i, f in enumerate(floors)]


def test_six_year_back_loaded_sample_dates_and_allocation() -> None:
    terms = sample_terms("6-yr-option-back-loaded")
    assert terms.allocation is vesting.Allocation.BACK_LOADED
    portions = [p for count, p in SIX_YEAR_BLOCKS for _ in range(count)]
    assert len(portions) == 49 and sum(portions) == 1
    start = D(2019, 8, 31)
    shares = 997
    got = scheduled(option(terms, shares, start))
    # months 24, 25 … 72 from the start, on the 31st or the month's last day
    dates = [month_day(start, m) for m in range(24, 73)]
    assert dates[0] == D(2021, 8, 31) and dates[1] == D(2021, 9, 30) and dates[-1] == D(2025, 8, 31)
    assert got == list(zip(dates, back_loaded(shares, portions), strict=True))
    # By hand for 997 shares: floors 99 (99.7); 12 (12.46) × 12; 16 (16.62) × 12; 20 (20.77)
    # × 12; 24 (24.925) × 12 — together 99 + 144 + 192 + 240 + 288 = 963, remainder 34: one
    # more share for each of the last 34 of the 49 installments (numbers 16 … 49), i.e. the last
    # 10 of the 1/60 block and both later blocks.
    by_hand = [99] + [12] * 12 + [16, 16] + [17] * 10 + [21] * 12 + [25] * 12
    assert [s for _, s in got] == by_hand
    assert sum(by_hand) == shares


@pytest.mark.parametrize("shares", [1000, 999, 4801, 10**17 + 3])
def test_six_year_back_loaded_allocates_over_the_whole_path(shares: int) -> None:
    terms = sample_terms("6-yr-option-back-loaded")
    portions = [p for count, p in SIX_YEAR_BLOCKS for _ in range(count)]
    start = D(2020, 2, 29)
    got = scheduled(option(terms, shares, start))
    assert [d for d, _ in got] == [month_day(start, m) for m in range(24, 73)]
    expected = back_loaded(shares, portions)
    assert [s for _, s in got] == expected
    assert sum(expected) == shares
    if shares == 1000:
        # floors 100, 12 (12.5), 16 (16.67), 20 (20.83), 25 → 976; remainder 24: the last 24
        # installments are exactly the 1/48 and 1/40 blocks
        assert expected == [100] + [12] * 12 + [16] * 12 + [21] * 12 + [26] * 12


# ------------------------------------------------------------- 3. multi-tranche-event-based

SALE_START = D(2020, 1, 15)
EXPIRES_48 = D(2024, 1, 15)  # 48 months after the start: the vesting-expired condition


def sales_grant(shares: int, *events: NamedEvent) -> Grant:
    return option(sample_terms("multi-tranche-event-based"), shares, SALE_START, *events)


def test_multi_tranche_without_events_is_pending_then_forfeited() -> None:
    g = sales_grant(1000)
    assert vesting.schedule(g) == ()
    assert vested_entries(g) == []
    # nothing vests; everything waits on the sales until the 48-month deadline fires
    assert amounts(status(g, D(2022, 6, 1))) == (0, 1000, 1000, 0)
    assert amounts(status(g, EXPIRES_48 - dt.timedelta(days=1))) == (0, 1000, 1000, 0)
    after = status(g, EXPIRES_48)
    assert amounts(after) == (0, 0, 0, 1000)
    assert after.outstanding == 0 and after.exercisable == 0
    forfeits = [(e.date, e.shares) for e in vesting.timeline(g) if e.mark is vesting.Mark.FORFEITED]
    assert forfeits == [(EXPIRES_48, 1000)]


def test_multi_tranche_each_sale_vests_twenty_percent() -> None:
    sale1, sale2 = D(2021, 3, 1), D(2022, 6, 10)
    g = sales_grant(1000, NamedEvent("100k-sale-1", sale1), NamedEvent("100k-sale-2", sale2))
    assert vested_entries(g) == [(sale1, 200), (sale2, 200)]
    assert amounts(status(g, sale1 - dt.timedelta(days=1))) == (0, 1000, 1000, 0)
    assert amounts(status(g, sale1)) == (200, 800, 800, 0)
    assert amounts(status(g, sale2)) == (400, 600, 600, 0)
    assert amounts(status(g, EXPIRES_48)) == (400, 0, 0, 600)


def test_multi_tranche_rounds_over_the_whole_path() -> None:
    sale1, sale2 = D(2021, 3, 1), D(2022, 6, 10)
    g = sales_grant(999, NamedEvent("100k-sale-1", sale1), NamedEvent("100k-sale-2", sale2))
    # cumulative round-down: floor(999 × 0.2) = 199 (199.8), floor(999 × 0.4) = 399 (399.6)
    assert vested_entries(g) == [(sale1, 199), (sale2, 200)]
    assert amounts(status(g, EXPIRES_48)) == (399, 0, 0, 600)


def test_multi_tranche_double_trigger_vests_the_whole_remainder() -> None:
    sale1, acceleration, sale2 = D(2021, 3, 1), D(2022, 3, 1), D(2022, 6, 10)
    g = sales_grant(
        999,
        NamedEvent("100k-sale-1", sale1),
        NamedEvent("double-trigger-acceleration", acceleration),
        NamedEvent("100k-sale-2", sale2),  # after the acceleration: off the path taken
    )
    # 199 at the first sale; the acceleration vests 1/1 of the remainder: 999 − 199 = 800
    assert vested_entries(g) == [(sale1, 199), (acceleration, 800)]
    assert amounts(status(g, acceleration - dt.timedelta(days=1))) == (199, 800, 800, 0)
    assert amounts(status(g, acceleration)) == (999, 0, 0, 0)
    for later in (sale2, EXPIRES_48, D(2029, 1, 1)):
        assert amounts(status(g, later)) == (999, 0, 0, 0)


def test_multi_tranche_acceleration_before_any_sale_vests_everything() -> None:
    when = D(2021, 6, 1)
    g = sales_grant(1000, NamedEvent("double-trigger-acceleration", when))
    assert vested_entries(g) == [(when, 1000)]


def test_multi_tranche_sale_at_or_after_the_deadline_vests_nothing() -> None:
    for day in (EXPIRES_48, EXPIRES_48 + dt.timedelta(days=1)):
        # at the deadline itself the tie goes to vesting-expired, listed first
        g = sales_grant(1000, NamedEvent("100k-sale-1", day))
        assert vested_entries(g) == []
        assert amounts(status(g, D(2025, 1, 1))) == (0, 0, 0, 1000)
    g = sales_grant(1000, NamedEvent("100k-sale-1", EXPIRES_48 - dt.timedelta(days=1)))
    assert vested_entries(g) == [(EXPIRES_48 - dt.timedelta(days=1), 200)]


def test_multi_tranche_second_sale_without_the_first_is_off_the_path() -> None:
    g = sales_grant(1000, NamedEvent("100k-sale-2", D(2021, 3, 1)))
    assert vested_entries(g) == []
    assert amounts(status(g, D(2022, 1, 1))) == (0, 1000, 1000, 0)


def test_multi_tranche_second_sale_before_the_first_is_an_error() -> None:
    g = sales_grant(
        1000,
        NamedEvent("100k-sale-1", D(2021, 6, 1)),
        NamedEvent("100k-sale-2", D(2021, 3, 1)),
    )
    with pytest.raises(vesting.EventError) as info:
        vesting.timeline(g)
    assert "100k-sale-2" in str(info.value)
    with pytest.raises(vesting.EventError):
        vesting.evaluate(g, D(2022, 1, 1))


# ------------------------------------------------------ 4. path-dependent-milestone-vesting

FDA = "qualified-fda-acceptance"
ACQUISITION = "qualified-acquisition"


def milestone_grant(shares: int, *events: NamedEvent) -> Grant:
    terms = sample_terms("path-dependent-milestone-vesting")
    return option(terms, shares, D(2015, 12, 1), *events)


def test_path_dependent_both_milestones_vest() -> None:
    fda, acquisition = D(2016, 5, 1), D(2017, 1, 15)
    g = milestone_grant(1000, NamedEvent(FDA, fda), NamedEvent(ACQUISITION, acquisition))
    assert vested_entries(g) == [(fda, 600), (acquisition, 400)]
    assert amounts(status(g, fda)) == (600, 400, 400, 0)
    assert amounts(status(g, acquisition)) == (1000, 0, 0, 0)
    assert status(g, acquisition).exercisable == 1000


def test_path_dependent_late_acquisition_never_vests() -> None:
    fda = D(2016, 5, 1)
    for late in (D(2017, 4, 1), D(2017, 6, 30)):  # on the deadline date: the deadline wins
        g = milestone_grant(1000, NamedEvent(FDA, fda), NamedEvent(ACQUISITION, late))
        assert vested_entries(g) == [(fda, 600)]
        assert amounts(status(g, D(2017, 3, 31))) == (600, 400, 400, 0)
        assert amounts(status(g, D(2017, 4, 1))) == (600, 0, 0, 400)
    # the last day allowed, 2017-03-31, still vests
    g = milestone_grant(1000, NamedEvent(FDA, fda), NamedEvent(ACQUISITION, D(2017, 3, 31)))
    assert vested_entries(g) == [(fda, 600), (D(2017, 3, 31), 400)]


def test_path_dependent_rounds_half_up_over_the_path() -> None:
    fda = D(2016, 5, 1)
    g = milestone_grant(1001, NamedEvent(FDA, fda))
    # CUMULATIVE_ROUNDING: 1001 × 0.6 = 600.6 → 601; the other 400 are forfeited at the deadline
    assert vested_entries(g) == [(fda, 601)]
    assert amounts(status(g, D(2017, 4, 1))) == (601, 0, 0, 400)


def test_path_dependent_no_fda_acceptance_forfeits_everything() -> None:
    g = milestone_grant(1000)
    assert amounts(status(g, D(2016, 9, 30))) == (0, 1000, 1000, 0)
    assert amounts(status(g, D(2016, 10, 1))) == (0, 0, 0, 1000)
    for late in (D(2016, 10, 1), D(2016, 12, 1)):  # an acceptance from the deadline on: too late
        g = milestone_grant(1000, NamedEvent(FDA, late))
        assert vested_entries(g) == []
        assert amounts(status(g, D(2016, 10, 1))) == (0, 0, 0, 1000)
    g = milestone_grant(1000, NamedEvent(FDA, D(2016, 9, 30)))
    assert vested_entries(g) == [(D(2016, 9, 30), 600)]


def test_path_dependent_acquisition_before_fda_acceptance_is_an_error() -> None:
    g = milestone_grant(
        1000, NamedEvent(FDA, D(2016, 5, 1)), NamedEvent(ACQUISITION, D(2016, 3, 1))
    )
    with pytest.raises(vesting.EventError):
        vesting.timeline(g)


# ------------------------------------- 5. documentation examples 1 and 2 with the transactions


def transaction_dates() -> tuple[dt.date, dt.date]:
    """(vesting start, qualifying-sale date) from VestingTransactions.examples.ocf.json."""
    items = list(sample_items("VestingTransactions.examples.ocf.json").values())
    (start,) = [i for i in items if i["object_type"] == "TX_VESTING_START"]
    (event,) = [i for i in items if i["object_type"] == "TX_VESTING_EVENT"]
    assert start["vesting_condition_id"] == "vesting-start"
    assert event["vesting_condition_id"] == "qualifying-sale"
    return D.fromisoformat(start["date"]), D.fromisoformat(event["date"])


def test_example_one_vests_everything_on_the_event() -> None:
    start, sale = transaction_dates()
    assert (start, sale) == (D(2021, 1, 1), D(2022, 7, 14))
    terms = sample_terms("all-or-nothing", "VestingTerms.example1.ocf.json")
    g = option(terms, 1000, start, NamedEvent("qualifying-sale", sale))
    assert vested_entries(g) == [(sale, 1000)]
    assert amounts(status(g, sale - dt.timedelta(days=1))) == (0, 1000, 1000, 0)
    assert amounts(status(g, sale)) == (1000, 0, 0, 0)
    waiting = option(terms, 1000, start)  # no event recorded: pending, with no deadline
    assert amounts(status(waiting, D(2025, 1, 1))) == (0, 1000, 1000, 0)


def test_example_two_with_the_event_and_without() -> None:
    start, sale = transaction_dates()
    terms = sample_terms("all-or-nothing-with-expiration", "VestingTerms.example2.ocf.json")
    g = option(terms, 1000, start, NamedEvent("qualifying-sale", sale))
    assert vested_entries(g) == [(sale, 1000)]
    assert amounts(status(g, D(2030, 1, 1))) == (1000, 0, 0, 0)
    # no sale: the relative deadline, 36 months after 2021-01-01 = 2024-01-01, comes before the
    # absolute one (2025-01-01) and forfeits everything
    g = option(terms, 1000, start)
    assert amounts(status(g, D(2023, 12, 31))) == (0, 1000, 1000, 0)
    assert amounts(status(g, D(2024, 1, 1))) == (0, 0, 0, 1000)
    # a sale on the relative deadline itself is too late (the deadline is listed first)
    g = option(terms, 1000, start, NamedEvent("qualifying-sale", D(2024, 1, 1)))
    assert vested_entries(g) == []
    # a later start: 2022-06-15 + 36 months = 2025-06-15, so the absolute 2025-01-01 comes first
    g = option(terms, 1000, D(2022, 6, 15))
    assert amounts(status(g, D(2024, 12, 31))) == (0, 1000, 1000, 0)
    assert amounts(status(g, D(2025, 1, 1))) == (0, 0, 0, 1000)


# --------------------------------------------------- 6. the acme_holdings_limited package

# (shares, vesting start, exercises) of the three ISO options, from Transactions.ocf.json
ACME_GRANTS: dict[str, tuple[int, dt.date, tuple[tuple[dt.date, int], ...]]] = {
    "equity_compensation_issuance_01": (
        360_000,
        D(2019, 6, 1),
        ((D(2020, 6, 15), 500), (D(2021, 5, 15), 400), (D(2023, 6, 1), 750), (D(2023, 6, 15), 350)),
    ),
    "equity_compensation_issuance_02": (480_000, D(2019, 9, 1), ()),
    "equity_compensation_issuance_03": (240_000, D(2019, 11, 1), ()),
}
ACME_EXPIRES = D(2030, 5, 31)
ACME_SPLIT = D(2023, 3, 1)
"""The package's TX_STOCK_CLASS_SPLIT 'ordinaryB-2-for-1-split': 2 new shares for 1 of class
ordinaryB, the class of all three issuances (each granted before it, none expired by then)."""


def acme_factor(on: dt.date) -> int:
    """Post-split shares per share granted on ``on``: 2 from the split date on."""
    return 2 if on >= ACME_SPLIT else 1


def acme_vested(shares: int, start: dt.date, on: dt.date) -> int:
    """48 monthly 1/48 installments on the 1st, the first 12 folded onto the 12-month cliff
    (the package's cliff_condition), cumulative round-down; from the split on, twice that
    (floor(2 × a whole number) is exact)."""
    assert start.day == 1
    months = (on.year - start.year) * 12 + on.month - start.month  # installments due by ``on``
    k = 0 if months < 12 else min(months, 48)
    return acme_factor(on) * (shares * k // 48)


def acme_exercised(exercises: tuple[tuple[dt.date, int], ...], on: dt.date) -> int:
    """Exercises by ``on`` in the shares of ``on``: one before the split counts twice after it
    (floor(2 × 900) = 1,800); one dated after it is in post-split shares already."""
    before = sum(q for d, q in exercises if d <= on and d < ACME_SPLIT)
    after = sum(q for d, q in exercises if ACME_SPLIT <= d <= on)
    return acme_factor(on) * before + after


def acme_dates() -> Iterator[dt.date]:
    day = D(2019, 6, 1)
    while day <= D(2031, 6, 1):
        yield day
        yield day - dt.timedelta(days=1)
        day = month_day(day, 1)
    yield from (D(2020, 6, 14), D(2020, 6, 15), D(2023, 6, 14), D(2023, 6, 15), D(2023, 6, 29))
    yield from (ACME_EXPIRES - dt.timedelta(days=1), ACME_EXPIRES, ACME_EXPIRES + dt.timedelta(1))


def test_acme_package_on_its_as_of_date() -> None:
    folder = ACME
    manifest = json.loads((folder / "Manifest.ocf.json").read_text(encoding="utf-8"))
    as_of = D.fromisoformat(manifest["as_of"])
    assert as_of == D(2023, 6, 29)
    assert vesting.io.problems(folder) == []
    grants = {g.id: g for g in vesting.io.load(folder)}
    assert set(grants) == set(ACME_GRANTS)
    for g in grants.values():
        assert g.kind is Kind.ISO and g.expiration == ACME_EXPIRES
    got = {gid: status(g, as_of) for gid, g in grants.items()}
    one, two, three = (got[f"equity_compensation_issuance_0{i}"] for i in (1, 2, 3))
    # The 2-for-1 split of 2023-03-01 doubles every quantity from that day; exercise prices
    # halve (1.0 → 0.50, 5.0 → 2.50, 7.0 → 3.50: exact, nothing to round up).
    # EC-1: 48 months from 2019-06-01 end on 2023-06-01: fully vested, 2 × 360,000; exercised
    # 500 + 400 before the split (1,800 after it) and 750 + 350 after: 2,900 by 2023-06-15
    assert (one.granted, one.vested, one.unvested, one.exercised, one.exercisable) == (
        720_000,
        720_000,
        0,
        2 * (500 + 400) + 750 + 350,
        720_000 - 2_900,
    )
    assert one.fully_vested == D(2023, 6, 1)
    assert (one.exercise_price, one.split_fraction_cancelled) == (Decimal("0.50"), 0)
    # EC-2: 2019-09-01 → 2023-06-01 is 45 months: 2 × 45/48 × 480,000 = 900,000
    assert (two.vested, two.unvested, two.exercised, two.exercisable) == (
        900_000,
        60_000,
        0,
        900_000,
    )
    assert two.exercise_price == Decimal("2.50")
    # EC-3: 2019-11-01 → 2023-06-01 is 43 months: 2 × 43/48 × 240,000 = 430,000 (early
    # exercisable, nothing exercised: exercisable counts vested, unexercised options)
    assert (three.vested, three.unvested, three.exercisable) == (430_000, 50_000, 430_000)
    assert three.exercise_price == Decimal("3.50")
    before = status(grants["equity_compensation_issuance_01"], ACME_SPLIT - dt.timedelta(1))
    assert (before.granted, before.exercise_price) == (360_000, Decimal("1.0"))
    assert grants["equity_compensation_issuance_03"].terms.early_exercise is True
    for s in (one, two, three):
        assert (s.forfeited, s.expired, s.pending) == (0, 0, 0)


def test_acme_cliff_comes_from_the_cliff_condition_extension() -> None:
    grants = {g.id: g for g in vesting.io.load(ACME)}
    g = grants["equity_compensation_issuance_02"]
    # 12 months after 2019-09-01: nothing before 2020-09-01, 12/48 × 480,000 on it
    assert vesting.evaluate(g, D(2020, 8, 31)).vested == 0
    assert vesting.evaluate(g, D(2020, 9, 1)).vested == 120_000
    got = scheduled(g)
    start = D(2019, 9, 1)
    assert got == [(D(2020, 9, 1), 120_000)] + [
        (month_day(start, m), 10_000) for m in range(13, 49)
    ]


def test_acme_reconciles_on_many_dates() -> None:
    grants = {g.id: g for g in vesting.io.load(ACME)}
    for gid, (shares, start, exercises) in ACME_GRANTS.items():
        g = grants[gid]
        for on in acme_dates():
            if on < g.grant_date:
                continue
            s = status(g, on)
            vested = acme_vested(shares, start, on)
            exercised = acme_exercised(exercises, on)
            free = vested - exercised
            expired = free if on > ACME_EXPIRES else 0
            granted = acme_factor(on) * shares
            assert (s.granted, s.vested, s.unvested, s.forfeited) == (
                granted,
                vested,
                granted - vested,
                0,
            ), (gid, on)
            assert (s.exercised, s.exercisable, s.expired) == (exercised, free - expired, expired)


@pytest.mark.parametrize("inside", ["", "acme/"])
def test_acme_package_read_as_a_zip(tmp_path: Path, inside: str) -> None:
    folder = ACME
    archive = tmp_path / "acme.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in sorted(folder.iterdir()):
            zf.write(f, inside + f.name)
    assert vesting.io.problems(archive) == []
    from_zip = {g.id: g for g in vesting.io.load(archive)}
    from_folder = {g.id: g for g in vesting.io.load(folder)}
    assert set(from_zip) == set(ACME_GRANTS)
    for gid, g in from_zip.items():
        for on in (D(2020, 6, 1), D(2023, 6, 29), D(2031, 1, 1)):
            assert status(g, on) == vesting.evaluate(from_folder[gid], on)
    assert status(from_zip["equity_compensation_issuance_02"], D(2023, 6, 29)).vested == 900_000


def test_acme_package_through_the_command_line() -> None:
    folder = ACME
    result = invoke("status", str(folder), "--as-of", "2023-06-29", "--json")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    rows = {r["grant_id"]: r for r in json.loads(result.stdout)["rows"]}
    expect = {  # (vested, unvested, exercised, exercisable), as worked out above (post-split)
        "equity_compensation_issuance_01": (720_000, 0, 2_900, 717_100),
        "equity_compensation_issuance_02": (900_000, 60_000, 0, 900_000),
        "equity_compensation_issuance_03": (430_000, 50_000, 0, 430_000),
        None: (2_050_000, 110_000, 2_900, 2_047_100),  # the total row
    }
    assert set(rows) == set(expect)
    for gid, want in expect.items():
        r = rows[gid]
        assert (r["vested"], r["unvested"], r["exercised"], r["exercisable"]) == want
        assert r["as_of"] == "2023-06-29"
    assert rows[None]["granted"] == 2 * 1_080_000
    assert rows["equity_compensation_issuance_02"]["next_vest_date"] == "2023-07-01"
    assert rows["equity_compensation_issuance_02"]["next_vest_shares"] == 2 * 10_000


# ----------------------------------------- 7. mistakes of the old OCF reference generator


def start_condition(nxt: str) -> dict[str, Any]:
    return {
        "id": "start",
        "quantity": "0",
        "trigger": {"type": "VESTING_START_DATE"},
        "next_condition_ids": [nxt],
    }


def relative(
    cid: str,
    relative_to: str,
    occurrences: int,
    portion: tuple[int, int],
    *,
    day: str = START_DAY,
    length: int = 1,
    nxt: Sequence[str] = (),
) -> dict[str, Any]:
    return {
        "id": cid,
        "portion": {"numerator": str(portion[0]), "denominator": str(portion[1])},
        "trigger": {
            "type": "VESTING_SCHEDULE_RELATIVE",
            "period": {
                "length": length,
                "type": "MONTHS",
                "occurrences": occurrences,
                "day_of_month": day,
            },
            "relative_to_condition_id": relative_to,
        },
        "next_condition_ids": list(nxt),
    }


def ocf_terms(allocation: str, *conditions: dict[str, Any]) -> VestingTerms:
    return terms_of(
        {
            "id": "test-terms",
            "object_type": "VESTING_TERMS",
            "name": "test",
            "description": "built in the test",
            "allocation_type": allocation,
            "vesting_conditions": list(conditions),
        }
    )


def monthly_terms(
    n: int, *, day: str = START_DAY, allocation: str = "CUMULATIVE_ROUND_DOWN"
) -> VestingTerms:
    return ocf_terms(
        allocation, start_condition("monthly"), relative("monthly", "start", n, (1, n), day=day)
    )


def dates_of(terms: VestingTerms, start: dt.date, shares: int = 1200) -> list[dt.date]:
    return [d for d, _ in scheduled(option(terms, shares, start))]


def test_a_fixed_day_of_month_is_used() -> None:
    # start 2021-01-30, monthly on the 15th: every date is the 15th, from the next month
    got = dates_of(monthly_terms(12, day="15"), D(2021, 1, 30))
    assert got == [month_day(D(2021, 1, 30), k, 15) for k in range(1, 13)]
    assert got[:3] == [D(2021, 2, 15), D(2021, 3, 15), D(2021, 4, 15)]
    assert got[-1] == D(2022, 1, 15)
    assert {d.day for d in got} == {15}


@pytest.mark.parametrize(
    ("day", "start", "expected"),
    [
        # 30_OR_LAST from a 31st start: the 30th, or February's last day — never the 31st
        (
            "30_OR_LAST_DAY_OF_MONTH",
            D(2020, 12, 31),
            [D(2021, 1, 30), D(2021, 2, 28), D(2021, 3, 30), D(2021, 4, 30), D(2021, 5, 30)],
        ),
        # 29_OR_LAST over a leap year
        (
            "29_OR_LAST_DAY_OF_MONTH",
            D(2023, 12, 31),
            [D(2024, 1, 29), D(2024, 2, 29), D(2024, 3, 29), D(2024, 4, 29), D(2024, 5, 29)],
        ),
        (
            "29_OR_LAST_DAY_OF_MONTH",
            D(2020, 12, 31),
            [D(2021, 1, 29), D(2021, 2, 28), D(2021, 3, 29), D(2021, 4, 29), D(2021, 5, 29)],
        ),
        # 31_OR_LAST from a 15th start
        (
            "31_OR_LAST_DAY_OF_MONTH",
            D(2021, 1, 15),
            [D(2021, 2, 28), D(2021, 3, 31), D(2021, 4, 30), D(2021, 5, 31), D(2021, 6, 30)],
        ),
    ],
)
def test_or_last_day_policies_keep_their_day(
    day: str, start: dt.date, expected: list[dt.date]
) -> None:
    got = dates_of(monthly_terms(12, day=day), start)
    assert got[:5] == expected
    want = int(day[:2])
    assert got == [month_day(start, k, want) for k in range(1, 13)]


def test_month_ends_do_not_drift() -> None:
    start = D(2021, 1, 31)
    got = dates_of(monthly_terms(12), start)
    assert got[:4] == [D(2021, 2, 28), D(2021, 3, 31), D(2021, 4, 30), D(2021, 5, 31)]
    assert got == [month_day(start, k) for k in range(1, 13)]


def test_a_chained_condition_does_not_drift_from_a_clamped_base() -> None:
    # "first" fires on 2021-02-28 (the 31st clamped); "then", relative to it, counts months from
    # February and lands on the vesting start's day, 31 (or the last day): not on the 28th
    terms = ocf_terms(
        "CUMULATIVE_ROUND_DOWN",
        start_condition("first"),
        relative("first", "start", 1, (1, 4), nxt=["then"]),
        relative("then", "first", 3, (1, 4)),
    )
    got = scheduled(option(terms, 400, D(2021, 1, 31)))
    assert got == [
        (D(2021, 2, 28), 100),
        (D(2021, 3, 31), 100),
        (D(2021, 4, 30), 100),
        (D(2021, 5, 31), 100),
    ]


@pytest.mark.parametrize(
    ("shares", "allocation", "expected"),
    [
        # 10**17 + 2 = 3 × 33,333,333,333,333,334 exactly (a float of it is 1e17: its thirds
        # would come out as …332)
        (10**17 + 2, "CUMULATIVE_ROUND_DOWN", [33_333_333_333_333_334] * 3),
        # 10**17 + 1: thirds 33,333,333,333,333,333.67 → 334; two thirds …66,667.33 → …667
        (
            10**17 + 1,
            "CUMULATIVE_ROUNDING",
            [33_333_333_333_333_334, 33_333_333_333_333_333, 33_333_333_333_333_334],
        ),
        # 10**17 + 1 rounded down: a third …333 (remainder 2), two thirds …66,667 (remainder 1)
        (
            10**17 + 1,
            "CUMULATIVE_ROUND_DOWN",
            [33_333_333_333_333_333, 33_333_333_333_333_334, 33_333_333_333_333_334],
        ),
    ],
)
def test_cumulatives_are_exact_for_large_grants(
    shares: int, allocation: str, expected: list[int]
) -> None:
    got = scheduled(option(monthly_terms(3, allocation=allocation), shares, D(2021, 1, 15)))
    assert [s for _, s in got] == expected
    assert all(type(s) is int for _, s in got)
    assert sum(s for _, s in got) == shares


def test_tenths_are_exact() -> None:
    # 10 shares in 10 installments of 1/10: one each. Summing 0.1 in floating point gives
    # 0.7999999999999999 after 8 — floor(10 × that) = 7 — and 0.9999999999999999 after 9.
    got = scheduled(option(monthly_terms(10), 10, D(2021, 1, 15)))
    assert [s for _, s in got] == [1] * 10
    cumulative = [
        t.cumulative for t in vesting.schedule(option(monthly_terms(10), 10, D(2021, 1, 15)))
    ]
    assert cumulative == list(range(1, 11))


def test_fractional_amounts_are_exact_and_total_the_grant() -> None:
    terms = monthly_terms(3, allocation="FRACTIONAL")
    start = D(2021, 1, 15)
    g = option(terms, 1000, start)
    got = scheduled(g)
    assert got == [(month_day(start, k), Fraction(1000, 3)) for k in (1, 2, 3)]
    assert all(isinstance(s, Fraction) for _, s in got)
    assert sum(s for _, s in got) == 1000
    s = status(g, D(2021, 3, 15))
    assert (s.vested, s.unvested) == (Fraction(2000, 3), Fraction(1000, 3))
    assert status(g, D(2021, 4, 15)).vested == 1000


# The OCF documentation's 18 shares over 4 tranches (quoted in tests/data/ocf/README.md).
EIGHTEEN_OVER_FOUR: dict[str, list[vesting.Shares]] = {
    "CUMULATIVE_ROUNDING": [5, 4, 5, 4],
    "CUMULATIVE_ROUND_DOWN": [4, 5, 4, 5],
    "FRONT_LOADED": [5, 5, 4, 4],
    "BACK_LOADED": [4, 4, 5, 5],
    "FRONT_LOADED_TO_SINGLE_TRANCHE": [6, 4, 4, 4],
    "BACK_LOADED_TO_SINGLE_TRANCHE": [4, 4, 4, 6],
    "FRACTIONAL": [Fraction(9, 2)] * 4,
}


@pytest.mark.parametrize(("allocation", "expected"), list(EIGHTEEN_OVER_FOUR.items()))
def test_every_allocation_type_on_the_documented_example(
    allocation: str, expected: list[vesting.Shares]
) -> None:
    got = scheduled(option(monthly_terms(4, allocation=allocation), 18, D(2021, 1, 15)))
    assert [s for _, s in got] == expected
